#!/usr/bin/env bash
# `make run`: the API on an embedded SQLite with the demo data, and the local BankID double
# beside it (unless ID06_BANKID_URL points elsewhere), so the BankID routes work offline.
set -euo pipefail
cd "$(dirname "$0")/.."
"${CARGO:-cargo}" build --release --bin id06-demo
# The service with its demo data and the BankID double (crate id06-devkit); id06-api has neither.
bin=target/release/id06-demo
if [ -z "${ID06_BANKID_URL:-}" ]; then
    bind="${ID06_BANKID_DOUBLE_BIND:-127.0.0.1:8081}"
    "$bin" bankid-double --bind "$bind" &
    double=$!
    trap 'kill "$double" 2>/dev/null || true' EXIT
    export ID06_BANKID_URL="http://$bind/rp/v6.0"
fi
ID06_DEMO=true "$bin" serve
