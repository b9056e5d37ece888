#!/usr/bin/env bash
# Installs moto's server (the SQS- and S3-compatible endpoints test/worker runs against) into
# the project-local venv .tools/venv-moto from requirements/moto.txt, every pin hash-checked.
# Idempotent: returns at once when the venv was built from the current requirements file.
set -euo pipefail
cd "$(dirname "$0")/../.."

REQS="requirements/moto.txt"
VENV="$PWD/.tools/venv-moto"
# The stamp holds the requirements' digest, so editing the pins triggers a rebuild while an
# unchanged file costs one sha256sum.
STAMP="$VENV/.requirements.sha256"
want="$(sha256sum "$REQS" | cut -d' ' -f1)"

if [ -x "$VENV/bin/moto_server" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
  echo "20-moto: moto server already in $VENV"
  exit 0
fi

PYTHON="${PYTHON:-python3}"
command -v "$PYTHON" >/dev/null 2>&1 || { echo "20-moto: $PYTHON is required" >&2; exit 1; }

echo "20-moto: creating $VENV from $REQS"
rm -rf "$VENV"
mkdir -p "$(dirname "$VENV")"
"$PYTHON" -m venv "$VENV"
# --no-deps: the file is a complete, compiled closure, so pip must not resolve anything
# that is not pinned and hashed there.
"$VENV/bin/pip" install --quiet --disable-pip-version-check --no-input \
  --require-hashes --no-deps -r "$REQS"
"$VENV/bin/moto_server" --help >/dev/null
echo "$want" > "$STAMP"
"$VENV/bin/python" -c 'import moto; print("20-moto: moto", moto.__version__, "installed")'
