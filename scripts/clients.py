#!/usr/bin/env python3
"""`make clients` (run with the tools' Python, which has what the generated client imports):
generated clients work with the contract without hand edits.

Python: openapi-python-client (pinned, target/tools/venv) generates a client from
openapi/openapi.json, and clients/python/walk.py walks the cardholder's flow through it against the
real server (fresh SQLite database with demo data, the SMS code from the file sink).
TypeScript: openapi-typescript (pinned, target/tools/node) generates types, and `tsc --strict`
compiles clients/typescript/check.ts against them.
Generated code goes under target/clients and is removed first. Exit status: non-zero on any failure."""

import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import Server, demo_accounts  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.environ.get("ID06_BIN", os.path.join(ROOT, "target", "debug", "id06-demo"))
TOOLS = os.path.join(ROOT, "target", "tools")
OUT = os.path.join(ROOT, "target", "clients")
CONTRACT = os.path.join(ROOT, "openapi", "openapi.json")


def python_client():
    out = os.path.join(OUT, "python", "id06_client")
    subprocess.run(
        [os.path.join(TOOLS, "venv", "bin", "openapi-python-client"), "generate",
         "--path", CONTRACT, "--output-path", out, "--meta", "none",
         "--config", os.path.join(ROOT, "clients", "python", "config.yaml"), "--fail-on-warning"],
        check=True,
    )
    sys.path.insert(0, os.path.join(OUT, "python"))
    sys.path.insert(0, os.path.join(ROOT, "clients", "python"))
    from walk import walk  # noqa: E402  (imports the client generated just now)

    account = demo_accounts(BINARY)["accounts"][0]
    server = Server(BINARY)
    try:
        server.start()
        sent = server.sms_count()
        try:
            walk(server.base, account["email"], account["password"], lambda: server.nth_code(sent + 1))
        except Exception:
            print("clients: server log tail:\n" + server.tail(), file=sys.stderr)
            raise
        return 0
    finally:
        server.cleanup()


def typescript_types():
    work = os.path.join(OUT, "typescript")
    os.makedirs(work, exist_ok=True)
    for name in ("check.ts", "tsconfig.json"):
        shutil.copy(os.path.join(ROOT, "clients", "typescript", name), work)
    bin_dir = os.path.join(TOOLS, "node", "node_modules", ".bin")
    subprocess.run([os.path.join(bin_dir, "openapi-typescript"), CONTRACT, "--output", os.path.join(work, "schema.d.ts")], check=True)
    return subprocess.run([os.path.join(bin_dir, "tsc"), "--project", os.path.join(work, "tsconfig.json")]).returncode


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    print("clients: Python (openapi-python-client), the cardholder's flow against the real server", flush=True)
    rc = python_client()
    if rc != 0:
        return rc
    print("clients: TypeScript (openapi-typescript + tsc --strict)", flush=True)
    rc = typescript_types()
    if rc == 0:
        print("clients: both generated clients work with the contract", flush=True)
    return rc


if __name__ == "__main__":
    sys.exit(main())
