#!/usr/bin/env python3
"""`make fuzz`: Schemathesis against the real server. Starts the server on a fresh SQLite database
with demo data, signs people in through the real login (password, then the SMS code from the file
sink), writes them as Web Fuzzing Commons identities (peers for the object-level authorization
check), and runs Schemathesis with every check and phase: as two cardholders over every
operation, as the administrators of two different companies over the company operations, as
those companies' integrators (machine clients, tokens from the real token endpoint), as the
identity verifier over identity verifications, and as the card producer over production. The
runs go in two lanes side by side, each on a server of its own (the runs and their depth are
those of one after the other). Then it stops the servers and removes their files, also on
failure. Exit status: the first failing run's, else 0."""

import itertools
import json
import os
import subprocess
import sys
import threading

sys.path.insert(0, os.path.dirname(__file__))
from harness import Server, client_token, demo_accounts, free_port  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The service with the demo data and the BankID double: the build `make test` made (`make fuzz`
# passes it as ID06_BIN).
BINARY = os.environ.get("ID06_BIN", os.path.join(ROOT, "target", "debug", "id06-demo"))
SCHEMATHESIS = os.path.join(ROOT, "target", "tools", "venv", "bin", "schemathesis")
CONFIG = os.path.join(ROOT, "fuzz", "schemathesis.toml")


# The demo's two cardholders, and the administrators of its two companies.
CARDHOLDERS = ["asa.oberg@example.se", "erik.lindstrom@example.se"]
ADMINS = ["karin.nilsson@example.se", "lars.ek@example.se"]
# The operations of company resources, fuzzed again with the administrators as peers.
COMPANY_TAGS = ["companies", "company card orders", "card order imports", "company cards", "visitor card orders",
                "invitations", "webhooks"]


def write_identities(server, demo, path, emails):
    """Signs the two people in and writes them as Web Fuzzing Commons identities (peer_a, peer_b)."""
    accounts = {a["email"]: a for a in demo["accounts"]}
    identities = []
    for name, email in zip(["peer_a", "peer_b"], emails):
        account = accounts[email]
        token = server.sign_in(account["email"], account["password"])
        identities.append({"name": name, "fixedHeaders": [{"name": "Authorization", "value": f"Bearer {token}"}]})
    with open(path, "w") as f:
        json.dump({"schemaVersion": "1.0.0", "auth": identities}, f)


def write_client_identities(server, demo, path, ids):
    """The two machine clients as Web Fuzzing Commons identities (peer_a, peer_b)."""
    clients = {c["id"]: c for c in demo["clients"]}
    identities = [
        {"name": name, "fixedHeaders": [{"name": "Authorization", "value": f"Bearer {client_token(server, clients[i])}"}]}
        for name, i in zip(["peer_a", "peer_b"], ids)
    ]
    with open(path, "w") as f:
        json.dump({"schemaVersion": "1.0.0", "auth": identities}, f)


def lane(name, runs, demo, examples, seed):
    """One lane: a server of its own (fresh demo database, its own BankID double) and its runs, one
    after the other; Schemathesis's output goes to the lane's log. Returns (exit status, log)."""
    out_dir = os.path.join(ROOT, "target", "schemathesis", name)
    os.makedirs(out_dir, exist_ok=True)
    log_path = os.path.join(out_dir, "output.log")
    # The BankID operations run against the local double, as `make run` does.
    double_port = free_port()
    double = subprocess.Popen([BINARY, "bankid-double", "--bind", f"127.0.0.1:{double_port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = Server(BINARY, extra_env={"ID06_BANKID_URL": f"http://127.0.0.1:{double_port}/rp/v6.0"})
    rc = 0
    with open(log_path, "w") as log:
        try:
            server.start()
            cmd = [
                SCHEMATHESIS, "--config-file", CONFIG, "run", f"{server.base}/api-docs/openapi.json",
                "--checks", "all",
                "--phases", "examples,coverage,fuzzing,stateful",
                "--max-examples", examples, "--seed", seed,
                # One worker: Hypothesis's internal caches are not thread-safe (a KeyError inside
                # its lambda-description cache was seen with two). Parallelism is the lanes'.
                "--workers", "1",
                "--report", "junit", "--report-dir", out_dir,
                "--no-color",
            ]
            log.write(f"fuzz [{name}]: schemathesis against {server.base} (seed {seed}, {examples} examples per operation)\n")
            # People's sessions are all made before fuzzing starts: the fuzzer's own failed
            # logins soon trip the login throttle for the demo emails, as they should. Machine
            # clients' tokens (ten minutes) are made just before their run.
            early = {title: write(server, demo) for title, write, _, _ in runs if write.early}
            for title, write, args, phases in runs:
                if rc != 0:
                    break
                auth = early[title] if write.early else write(server, demo)
                # fuzz/hooks.py: how to draw an XLSX body (bytes no JSON Schema describes).
                env = {**os.environ, "ID06_FUZZ_AUTH": auth, "SCHEMATHESIS_TELEMETRY": "false",
                       "SCHEMATHESIS_HOOKS": "hooks", "PYTHONPATH": os.path.join(ROOT, "fuzz")}
                run = [a if a != "examples,coverage,fuzzing,stateful" else phases for a in cmd]
                log.write(f"fuzz [{name}]: {title}\n")
                log.flush()
                rc = subprocess.run(run + args, env=env, cwd=server.dir, stdout=log,
                                    stderr=subprocess.STDOUT, timeout=1200).returncode
            if rc != 0:
                log.write(f"fuzz [{name}]: server log tail:\n" + server.tail())
        finally:
            server.cleanup()
            double.terminate()
            double.wait(timeout=10)
    with open(log_path) as f:
        return rc, f.read()


AUTH_FILES = itertools.count()


def people(emails):
    """The people signed in through the real login, as the run's identities."""
    def write(server, demo):
        path = os.path.join(server.dir, f"wfc-auth-{next(AUTH_FILES)}.json")
        write_identities(server, demo, path, emails)
        return path
    write.early = True
    return write


def clients(pick):
    """The machine clients `pick` chooses, with tokens from the real token endpoint."""
    def write(server, demo):
        path = os.path.join(server.dir, f"wfc-auth-{next(AUTH_FILES)}.json")
        write_client_identities(server, demo, path, pick(demo))
        return path
    write.early = False
    return write


def integrators(demo):
    return [c["id"] for c in demo["clients"] if c["role"] == "integrator"][:2]


def with_integrator(role):
    """The client of `role`, with an integrator as the peer that must not see what it sees."""
    return lambda demo: [c["id"] for c in demo["clients"] if c["role"] == role][:1] + integrators(demo)[:1]


def main():
    examples = os.environ.get("FUZZ_EXAMPLES", "50")
    seed = os.environ.get("FUZZ_SEED", "1")
    demo = demo_accounts(BINARY)
    every = "examples,coverage,fuzzing,stateful"
    company = [a for t in COMPANY_TAGS for a in ("--include-tag", t)]
    # Two lanes of about the same length, each on a server of its own, run side by side: the
    # runs are the same as one after the other, in half the time on two cores.
    lanes = {
        "people": [
            ("every operation as two cardholders (peers)", people(CARDHOLDERS),
             ["--exclude-operation-id", "logout"], every),
            # Logout ends the session every other operation is fuzzed with, so it gets a run of
            # its own, with sessions of its own; no link leads to or from it (no stateful phase).
            ("logout, with sessions of its own", people(CARDHOLDERS),
             ["--include-operation-id", "logout"], "examples,coverage,fuzzing"),
            ("identity verifications as the identity verifier (an integrator as the peer)",
             clients(with_integrator("identity_verifier")), ["--include-tag", "identity verifications"], every),
            ("production as the card producer (an integrator as the peer)",
             clients(with_integrator("card_producer")), ["--include-tag", "production"], every),
        ],
        "companies": [
            ("company operations as the administrators of two companies (peers)", people(ADMINS),
             company, every),
            ("company operations as the integrators (HR systems) of two companies (peers)",
             clients(integrators), company, every),
        ],
    }
    print(f"fuzz: {len(lanes)} lanes side by side (seed {seed}, {examples} examples per operation)", flush=True)
    results = {}
    threads = [
        threading.Thread(target=lambda n=n, r=r: results.__setitem__(n, lane(n, r, demo, examples, seed)))
        for n, r in lanes.items()
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rc = 0
    for n in lanes:
        code, output = results.get(n, (1, f"fuzz [{n}]: the lane did not finish\n"))
        print(output, flush=True)
        rc = rc or code
    return rc


if __name__ == "__main__":
    sys.exit(main())
