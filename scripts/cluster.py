"""Several instances of the service binary (ID06_BIN) on one PostgreSQL, behind HAProxy on loopback: what
`make test-cluster`, `make test-faults` and the two-instance bench share.

Every instance gets the same database, signing keys, PIN keys and message sinks (SMS and email
files), as instances of one deployment do; the first one migrates and seeds the demo before the
others start. HAProxy balances round robin, checks `/health/ready` twice a second, retries a
request that found no server (or an empty answer) on the other one, and names the instance that
answered in `X-Served-By`."""

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

from harness import Server, free_port, request

HAPROXY_CONFIG = """
global
    maxconn 4096
    nbthread {threads}
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout queue 10s
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response response-timeout
    option http-buffer-request
frontend api
    bind 127.0.0.1:{port}
    default_backend instances
backend instances
    balance roundrobin
    option httpchk GET /health/ready
    http-check expect status 200
    default-server inter 500ms fall 2 rise 2 maxconn 256
    http-response set-header X-Served-By %s
{servers}
"""


def haproxy_binary():
    for candidate in ("/usr/sbin/haproxy", shutil.which("haproxy") or ""):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise RuntimeError("haproxy is missing: `make test-cluster` installs it (scripts/haproxy.sh)")


class Balancer:
    """HAProxy on a free loopback port in front of `ports`."""

    def __init__(self, ports, directory, threads=None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        servers = "\n".join(f"    server i{i} 127.0.0.1:{p} check" for i, p in enumerate(ports))
        config = os.path.join(directory, "haproxy.cfg")
        with open(config, "w") as f:
            f.write(HAPROXY_CONFIG.format(port=self.port, servers=servers, threads=threads or os.cpu_count() or 1))
        self.log_path = os.path.join(directory, "haproxy.log")
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen([haproxy_binary(), "-f", config, "-db"], stdout=self.log, stderr=self.log)

    def tail(self):
        try:
            with open(self.log_path) as f:
                return "".join(f.readlines()[-30:])
        except OSError:
            return ""

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self.log.close()


class Cluster:
    """`n` instances on `database_url` behind HAProxy."""

    def __init__(self, binary, database_url, n=2, extra_env=None):
        self.dir = tempfile.mkdtemp(prefix="id06-cluster-")
        self.sms_file = os.path.join(self.dir, "sms.jsonl")
        self.email_file = os.path.join(self.dir, "email.jsonl")
        shared = {
            "ID06_DATABASE_URL": database_url,
            "ID06_JWT_KEY_DIR": os.path.join(self.dir, "jwt-keys"),
            "ID06_PIN_KEY_FILE": os.path.join(self.dir, "pin-keys"),
            "ID06_INDEX_KEY_FILE": os.path.join(self.dir, "index-key"),
            "ID06_SMS_FILE": self.sms_file,
            "ID06_EMAIL_PROVIDER": "file",
            "ID06_EMAIL_FILE": self.email_file,
            "ID06_TRUSTED_PROXIES": "127.0.0.1",
            "ID06_WEBHOOKS_ALLOW_PRIVATE": "true",
            "ID06_SHUTDOWN_TIMEOUT_SECS": "10",
            "ID06_DB_POOL_SIZE": "16",
        }
        shared.update(extra_env or {})
        self.instances = []
        for _ in range(n):
            s = Server(binary, extra_env=shared)
            s.sms_file = self.sms_file
            self.instances.append(s)
        self.balancer = None
        self.base = None

    def start(self):
        # One after the other: the first migrates, seeds the demo and makes the keys.
        for s in self.instances:
            s.start()
        self.balancer = Balancer([s.port for s in self.instances], self.dir)
        self.base = self.balancer.base
        wait_all_up(self.base, len(self.instances), self.balancer)
        return self

    def wait_all_up(self):
        wait_all_up(self.base, len(self.instances), self.balancer)

    def get(self, path, token=None):
        return get(self.base, path, token)

    def request(self, method, path, body=None, token=None):
        return request(method, f"{self.base}{path}", body, token)

    def stop_instance(self, i, sig=signal.SIGTERM, timeout=30):
        """Signals instance `i` and waits for it to exit; its exit code."""
        p = self.instances[i].proc
        p.send_signal(sig)
        return p.wait(timeout=timeout)

    def restart_instance(self, i):
        s = self.instances[i]
        s.log.close()
        s.log = open(os.path.join(s.dir, "server.log"), "a")
        s.start()

    def emails(self):
        try:
            with open(self.email_file) as f:
                return [json.loads(l) for l in f if l.endswith("\n")]
        except OSError:
            return []

    def logs_with(self, needle):
        """Lines of every instance's log containing `needle`."""
        out = []
        for s in self.instances:
            try:
                with open(os.path.join(s.dir, "server.log")) as f:
                    out += [l for l in f if needle in l]
            except OSError:
                pass
        return out

    def cleanup(self):
        if self.balancer:
            self.balancer.stop()
        for s in self.instances:
            s.cleanup()
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        try:
            return self.start()
        except BaseException:
            self.cleanup()
            raise

    def __exit__(self, *exc):
        self.cleanup()
        return False


def get(base, path, token=None):
    """GET: status, body, and which instance answered (`X-Served-By`)."""
    req = urllib.request.Request(f"{base}{path}")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read() or b"null"), r.headers.get("X-Served-By")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null"), e.headers.get("X-Served-By")


def wait_all_up(base, n, balancer, timeout=30):
    """Until the balancer has seen all `n` instances healthy (each answers in a round)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        seen = set()
        for _ in range(n * 2):
            try:
                status, _, served_by = get(base, "/health/ready")
                if status == 200:
                    seen.add(served_by)
            except OSError:
                pass
        if len(seen) == n:
            return
        time.sleep(0.2)
    raise RuntimeError(f"the balancer does not see every instance; haproxy log:\n{balancer.tail()}")
