#!/usr/bin/env bash
# Installs the pinned test tools under target/tools when missing, and prints nothing else:
#   target/tools/venv      Schemathesis, openapi-spec-validator, openapi-python-client, and
#                          aiosmtpd (the SMTP server the email tests start on loopback) (PyPI)
#   target/tools/node      Redocly CLI, Spectral + OWASP ruleset, openapi-typescript, TypeScript (npm)
set -euo pipefail
cd "$(dirname "$0")/.."
SCHEMATHESIS=4.32.5
SPEC_VALIDATOR=0.9.0
REDOCLY=2.77.0
SPECTRAL=6.16.3
SPECTRAL_OWASP=2.0.1
OPENAPI_PYTHON_CLIENT=0.29.1
# What the generated Python client imports besides httpx and attrs (which the generator brings).
PYTHON_DATEUTIL=2.9.0.post0
AIOSMTPD=1.4.6
OPENAPI_TYPESCRIPT=7.13.0
TYPESCRIPT=5.9.3
venv=target/tools/venv
want="schemathesis==$SCHEMATHESIS openapi-spec-validator==$SPEC_VALIDATOR openapi-python-client==$OPENAPI_PYTHON_CLIENT python-dateutil==$PYTHON_DATEUTIL aiosmtpd==$AIOSMTPD"
if [ ! -f "$venv/.installed" ] || [ "$(cat "$venv/.installed")" != "$want" ]; then
  echo "tools: installing $want into $venv" >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check $want >&2
  echo "$want" > "$venv/.installed"
fi
if [ "${1:-}" = "--node" ]; then
  node_dir=target/tools/node
  packages="@redocly/cli@$REDOCLY @stoplight/spectral-cli@$SPECTRAL @stoplight/spectral-owasp-ruleset@$SPECTRAL_OWASP openapi-typescript@$OPENAPI_TYPESCRIPT typescript@$TYPESCRIPT"
  if [ ! -x "$node_dir/node_modules/.bin/redocly" ] || [ "$(cat "$node_dir/.installed" 2>/dev/null)" != "$packages" ]; then
    echo "tools: installing $packages into $node_dir" >&2
    rm -rf "$node_dir" && mkdir -p "$node_dir"
    # shellcheck disable=SC2086
    (cd "$node_dir" && npm install --silent --no-audit --no-fund --no-save $packages >&2)
    echo "$packages" > "$node_dir/.installed"
  fi
fi
