#!/usr/bin/env bash
# Installs moto's server (the SQS- and S3-compatible endpoints test/worker runs against) into
# the project-local venv .tools/venv-moto from requirements/moto.txt, every pin hash-checked.
# Idempotent: returns at once when the venv was built from the current requirements file.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/hashed-venv.sh

VENV="$PWD/.tools/venv-moto"
hashed_venv 20-moto requirements/moto.txt "$VENV" moto_server
if [ "$VENV_FRESH" = 1 ]; then
  echo "20-moto: moto server already in $VENV"
  exit 0
fi
"$VENV/bin/moto_server" --help >/dev/null
stamp_venv
"$VENV/bin/python" -c 'import moto; print("20-moto: moto", moto.__version__, "installed")'
