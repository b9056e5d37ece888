#!/usr/bin/env bash
# Installs the LiteLLM proxy that test/gateway-proxy and bench/gateway run into the project-local
# venv .tools/venv-litellm from requirements/litellm.txt: one exact release (the one
# components/gateway/versions.ts deploys) and its whole dependency closure, every file
# hash-checked, so a tampered or re-uploaded wheel fails the install instead of running.
# Idempotent: returns at once when the venv was built from the current requirements file.
set -euo pipefail
cd "$(dirname "$0")/../.."

REQS="requirements/litellm.txt"
VENV="$PWD/.tools/venv-litellm"
# The stamp holds the requirements' digest: editing the pins rebuilds, an unchanged file costs
# one sha256sum.
STAMP="$VENV/.requirements.sha256"
want="$(sha256sum "$REQS" | cut -d' ' -f1)"

if [ -x "$VENV/bin/litellm" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
  echo "40-litellm: LiteLLM already in $VENV"
  exit 0
fi

PYTHON="${PYTHON:-python3}"
command -v "$PYTHON" >/dev/null 2>&1 || { echo "40-litellm: $PYTHON (>= 3.10) is required" >&2; exit 1; }

echo "40-litellm: creating $VENV from $REQS"
start=$(date +%s)
rm -rf "$VENV"
mkdir -p "$(dirname "$VENV")"
"$PYTHON" -m venv "$VENV"
# --no-deps: the file is the complete compiled closure; pip must not fetch anything unpinned.
"$VENV/bin/pip" install --quiet --disable-pip-version-check --no-input \
  --require-hashes --no-deps -r "$REQS"
# Importing the proxy server module catches a closure that installs but cannot start.
"$VENV/bin/python" -c 'import litellm.proxy.proxy_server' >/dev/null
echo "$want" > "$STAMP"
"$VENV/bin/python" -c 'import importlib.metadata as m; print("40-litellm: litellm", m.version("litellm"), "installed")'
echo "40-litellm: took $(( $(date +%s) - start ))s"
