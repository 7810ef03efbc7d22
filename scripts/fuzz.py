#!/usr/bin/env python3
"""`make fuzz`: Schemathesis against the real server. Starts the server on a fresh SQLite database
with demo data, signs people in through the real login (password, then the SMS code from the file
sink), writes them as Web Fuzzing Commons identities (peers for the object-level authorization
check), and runs Schemathesis with every check and phase: first as two cardholders over every
operation, then as the administrators of two different companies over the company operations,
then as those companies' integrators (machine clients, tokens from the real token endpoint),
then as the identity verifier over identity verifications, then as the card producer over
production.
Then it stops the server and removes its files, also on failure. Exit status: Schemathesis's."""

import json
import os
import subprocess
import sys

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
COMPANY_TAGS = ["companies", "company card orders", "company cards", "visitor card orders", "invitations", "webhooks"]


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


def main():
    examples = os.environ.get("FUZZ_EXAMPLES", "50")
    seed = os.environ.get("FUZZ_SEED", "1")
    demo = demo_accounts(BINARY)
    # The BankID operations run against the local double, as `make run` does.
    double_port = free_port()
    double = subprocess.Popen([BINARY, "bankid-double", "--bind", f"127.0.0.1:{double_port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = Server(BINARY, extra_env={"ID06_BANKID_URL": f"http://127.0.0.1:{double_port}/rp/v6.0"})
    try:
        server.start()
        # All sessions are made before fuzzing starts: the fuzzer's own failed logins soon trip the
        # login throttle for the demo emails, as they should.
        auth_path = os.path.join(server.dir, "wfc-auth.json")
        logout_auth_path = os.path.join(server.dir, "wfc-auth-logout.json")
        admins_auth_path = os.path.join(server.dir, "wfc-auth-admins.json")
        write_identities(server, demo, auth_path, CARDHOLDERS)
        write_identities(server, demo, logout_auth_path, CARDHOLDERS)
        write_identities(server, demo, admins_auth_path, ADMINS)
        report_dir = os.path.join(ROOT, "target", "schemathesis")
        cmd = [
            SCHEMATHESIS, "--config-file", CONFIG, "run", f"{server.base}/api-docs/openapi.json",
            "--checks", "all",
            "--phases", "examples,coverage,fuzzing,stateful",
            "--max-examples", examples, "--seed", seed,
            # One worker: Hypothesis's internal caches are not thread-safe (a KeyError inside its
            # lambda-description cache was seen with two).
            "--workers", "1",
            "--report", "junit", "--report-dir", report_dir,
            "--no-color",
        ]
        env = {**os.environ, "ID06_FUZZ_AUTH": auth_path, "SCHEMATHESIS_TELEMETRY": "false"}
        # Logout ends the session that every other operation is fuzzed with, so it gets a run of
        # its own afterwards, with fresh sessions; nothing else is left out.
        print(f"fuzz: schemathesis against {server.base} (seed {seed}, {examples} examples per operation)", flush=True)
        rc = subprocess.run(cmd + ["--exclude-operation-id", "logout"], env=env, cwd=server.dir, timeout=1200).returncode
        if rc == 0:
            env["ID06_FUZZ_AUTH"] = logout_auth_path
            print("fuzz: logout, with sessions of its own", flush=True)
            # No link leads to or from logout, so the stateful phase has nothing to chain there.
            logout = [a if a != "examples,coverage,fuzzing,stateful" else "examples,coverage,fuzzing" for a in cmd]
            rc = subprocess.run(logout + ["--include-operation-id", "logout"], env=env, cwd=server.dir, timeout=600).returncode
        if rc == 0:
            env["ID06_FUZZ_AUTH"] = admins_auth_path
            print("fuzz: company operations as the administrators of two companies (peers)", flush=True)
            tags = [a for t in COMPANY_TAGS for a in ("--include-tag", t)]
            rc = subprocess.run(cmd + tags, env=env, cwd=server.dir, timeout=1200).returncode
        if rc == 0:
            # Machine clients: the two companies' HR systems as peers over the same operations
            # (tokens last ten minutes; this run is shorter).
            clients_auth_path = os.path.join(server.dir, "wfc-auth-integrators.json")
            integrators = [c["id"] for c in demo["clients"] if c["role"] == "integrator"][:2]
            write_client_identities(server, demo, clients_auth_path, integrators)
            env["ID06_FUZZ_AUTH"] = clients_auth_path
            print("fuzz: company operations as the integrators (HR systems) of two companies (peers)", flush=True)
            rc = subprocess.run(cmd + tags, env=env, cwd=server.dir, timeout=1200).returncode
        if rc == 0:
            # The identity verifier over its operations, with an integrator as the peer that
            # must not see its checks.
            verifier_auth_path = os.path.join(server.dir, "wfc-auth-verifier.json")
            verifier = [c["id"] for c in demo["clients"] if c["role"] == "identity_verifier"][:1]
            write_client_identities(server, demo, verifier_auth_path, verifier + integrators[:1])
            env["ID06_FUZZ_AUTH"] = verifier_auth_path
            print("fuzz: identity verifications as the identity verifier (an integrator as the peer)", flush=True)
            rc = subprocess.run(cmd + ["--include-tag", "identity verifications"], env=env, cwd=server.dir, timeout=1200).returncode
        if rc == 0:
            # The card producer over production, with an integrator as the peer that must not
            # see the queue or what is printed.
            producer_auth_path = os.path.join(server.dir, "wfc-auth-producer.json")
            producer = [c["id"] for c in demo["clients"] if c["role"] == "card_producer"][:1]
            write_client_identities(server, demo, producer_auth_path, producer + integrators[:1])
            env["ID06_FUZZ_AUTH"] = producer_auth_path
            print("fuzz: production as the card producer (an integrator as the peer)", flush=True)
            rc = subprocess.run(cmd + ["--include-tag", "production"], env=env, cwd=server.dir, timeout=1200).returncode
        if rc != 0:
            print("fuzz: server log tail:\n" + server.tail(), file=sys.stderr)
        return rc
    finally:
        server.cleanup()
        double.terminate()
        double.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
