#!/usr/bin/env bash
# Installs the pinned test tools under target/tools when missing, and prints nothing else:
#   target/tools/venv      Schemathesis and openapi-spec-validator (PyPI)
#   target/tools/node      Redocly CLI (npm)
set -euo pipefail
cd "$(dirname "$0")/.."
SCHEMATHESIS=4.32.5
SPEC_VALIDATOR=0.9.0
REDOCLY=2.77.0
venv=target/tools/venv
want="schemathesis==$SCHEMATHESIS openapi-spec-validator==$SPEC_VALIDATOR"
if [ ! -f "$venv/.installed" ] || [ "$(cat "$venv/.installed")" != "$want" ]; then
  echo "tools: installing $want into $venv" >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check $want >&2
  echo "$want" > "$venv/.installed"
fi
if [ "${1:-}" = "--node" ]; then
  node_dir=target/tools/node
  if [ ! -x "$node_dir/node_modules/.bin/redocly" ] || [ "$(cat "$node_dir/.installed" 2>/dev/null)" != "$REDOCLY" ]; then
    echo "tools: installing @redocly/cli@$REDOCLY into $node_dir" >&2
    rm -rf "$node_dir" && mkdir -p "$node_dir"
    (cd "$node_dir" && npm install --silent --no-audit --no-fund --no-save "@redocly/cli@$REDOCLY" >&2)
    echo "$REDOCLY" > "$node_dir/.installed"
  fi
fi
