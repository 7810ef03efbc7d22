"""Shared by the fuzz and bench harnesses: start the real server on a free loopback port with a
fresh SQLite database and the SMS file sink, sign cardholders in through the real login, stop and
clean up whatever happens."""

import base64
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(method, url, body=None, token=None, timeout=30):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    if body is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")



def sms_code(message):
    """The code an SMS carries, in whichever language it is written: its six digits."""
    found = re.search(r"(?<![0-9])[0-9]{6}(?![0-9])", message)
    if found is None:
        raise ValueError(f"no code in the SMS: {message!r}")
    return found.group(0)

class Server:
    """The service binary (id06-demo when it is to seed the demo) on a fresh database in a temporary
    directory."""

    def __init__(self, binary, extra_env=None, demo=True):
        self.dir = tempfile.mkdtemp(prefix="id06-harness-")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.sms_file = os.path.join(self.dir, "sms.jsonl")
        env = dict(os.environ)
        env.update({
            "ID06_DATABASE_URL": f"sqlite://{self.dir}/id06.db",
            "ID06_BIND": f"127.0.0.1:{self.port}",
            "ID06_SMS_PROVIDER": "file",
            "ID06_SMS_FILE": self.sms_file,
            "ID06_JWT_KEY_DIR": os.path.join(self.dir, "jwt-keys"),
            "ID06_PIN_KEY_FILE": os.path.join(self.dir, "pin-keys"),
            "ID06_INDEX_KEY_FILE": os.path.join(self.dir, "index-key"),
            # Endpoints a fuzzer registers must not keep the worker waiting on strangers.
            "ID06_WEBHOOK_TIMEOUT_SECS": "1",
            # The harness drives load and fuzzing on purpose; quotas have tests of their own.
            **{f"ID06_QUOTA_{c}": "1000000" for c in ("PERSON", "INTEGRATOR", "IDENTITY_VERIFIER", "CARD_PRODUCER", "ANONYMOUS")},
            "ID06_DEMO": "true" if demo else "false",
            "ID06_LOG": env.get("ID06_LOG", "warn"),
        })
        env.update(extra_env or {})
        self.env = env
        self.binary = binary
        self.log = open(os.path.join(self.dir, "server.log"), "w")
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen([self.binary, "serve"], env=self.env, stdout=self.log, stderr=self.log)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}; log:\n{self.tail()}")
            try:
                status, _ = request("GET", f"{self.base}/health/ready", timeout=2)
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("server did not become ready in 60 s")

    def tail(self, n=40):
        try:
            with open(os.path.join(self.dir, "server.log")) as f:
                return "".join(f.readlines()[-n:])
        except OSError:
            return ""

    def sms_count(self):
        try:
            with open(self.sms_file) as f:
                return sum(1 for _ in f)
        except OSError:
            return 0

    def nth_code(self, n, timeout=10):
        """The code of the `n`-th SMS (1-based)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                with open(self.sms_file) as f:
                    lines = f.readlines()
                if len(lines) >= n:
                    return sms_code(json.loads(lines[n - 1])["message"])
            except OSError:
                pass
            time.sleep(0.02)
        raise RuntimeError(f"SMS {n} never arrived")

    def sign_in(self, email, password):
        """Password, then the code from the SMS: returns the access token."""
        before = self.sms_count()
        status, challenge = request("POST", f"{self.base}/v1/auth/login", {"email": email, "password": password})
        if status != 200:
            raise RuntimeError(f"login {email}: {status} {challenge}")
        code = self.nth_code(before + 1)
        status, tokens = request("POST", f"{self.base}/v1/auth/login/verify", {"challenge_id": challenge["challenge_id"], "code": code})
        if status != 200:
            raise RuntimeError(f"verify {email}: {status} {tokens}")
        return tokens["access_token"]

    def sign_in_as(self, email, password, phone):
        """Like sign_in, safe to run concurrently: the code is the first SMS to `phone` (the
        account's own number), so call it once per account."""
        status, challenge = request("POST", f"{self.base}/v1/auth/login", {"email": email, "password": password})
        if status != 200:
            raise RuntimeError(f"login {email}: {status} {challenge}")
        deadline = time.time() + 20
        code = None
        while code is None and time.time() < deadline:
            try:
                with open(self.sms_file) as f:
                    for line in f:
                        # A line still being written is read again on the next pass.
                        if f'"{phone}"' in line and line.endswith("\n"):
                            try:
                                code = sms_code(json.loads(line)["message"])
                            except ValueError:
                                continue
                            break
            except OSError:
                pass
            if code is None:
                time.sleep(0.05)
        if code is None:
            raise RuntimeError(f"no SMS to {phone}")
        status, tokens = request("POST", f"{self.base}/v1/auth/login/verify", {"challenge_id": challenge["challenge_id"], "code": code})
        if status != 200:
            raise RuntimeError(f"verify {email}: {status} {tokens}")
        return tokens["access_token"]

    def pid(self):
        return self.proc.pid if self.proc else None

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.cleanup()
        return False


def client_token(server, client):
    """A machine client's token from the real token endpoint (HTTP Basic, form body)."""
    basic = base64.b64encode(f"{client['id']}:{client['secret']}".encode()).decode()
    req = urllib.request.Request(
        f"{server.base}/v1/oauth/token", data=b"grant_type=client_credentials", method="POST",
        headers={"Authorization": f"Basic {basic}", "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.load(r)["access_token"]


def demo_accounts(binary):
    """The demo accounts as `id06-demo seed-demo --json` reports them (no database needed for it
    to print: it runs against a throwaway file)."""
    d = tempfile.mkdtemp(prefix="id06-demo-")
    try:
        out = subprocess.run([binary, "seed-demo", "--json"], env={**os.environ, "ID06_DATABASE_URL": f"sqlite://{d}/x.db", "ID06_LOG": "error"},
                             check=True, capture_output=True, text=True).stdout
        return json.loads(out)
    finally:
        shutil.rmtree(d, ignore_errors=True)
