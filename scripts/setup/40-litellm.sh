#!/usr/bin/env bash
# Installs the LiteLLM proxy that test/gateway/litellm and bench/gateway run into the project-local
# venv .tools/venv-litellm from requirements/litellm.txt: one exact release (the one
# components/gateway/versions.ts deploys) and its whole dependency closure, every file
# hash-checked, so a tampered or re-uploaded wheel fails the install instead of running.
# Idempotent: returns at once when the venv was built from the current requirements file.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/hashed-venv.sh

VENV="$PWD/.tools/venv-litellm"
start=$(date +%s)
hashed_venv 40-litellm requirements/litellm.txt "$VENV" litellm
if [ "$VENV_FRESH" = 1 ]; then
  echo "40-litellm: LiteLLM already in $VENV"
  exit 0
fi
# Importing the proxy server module catches a closure that installs but cannot start.
LITELLM_LOCAL_MODEL_COST_MAP=True "$VENV/bin/python" -c 'import litellm.proxy.proxy_server' >/dev/null
stamp_venv
"$VENV/bin/python" -c 'import importlib.metadata as m; print("40-litellm: litellm", m.version("litellm"), "installed")'
echo "40-litellm: took $(( $(date +%s) - start ))s"
