# Sourced by the setup scripts that install a Python tool into a project-local venv.
#
#   hashed_venv <label> <requirements file> <venv dir> <executable the venv must have>
#
# Returns 0 when the venv was already built from the current requirements file (a stamp holds
# the file's digest, so editing the pins rebuilds while an unchanged file costs one sha256sum);
# otherwise builds it and returns 0, leaving the stamp for the caller to write with
# `stamp_venv` once its own smoke check has passed. Every file is hash-checked and installed with
# --no-deps: the requirements file is the complete compiled closure, so pip must not resolve or
# fetch anything that is not pinned and hashed there.
hashed_venv() {
  local label="$1" reqs="$2" venv="$3" marker="$4"
  VENV_STAMP="$venv/.requirements.sha256"
  VENV_WANT="$(sha256sum "$reqs" | cut -d' ' -f1)"
  if [ -x "$venv/bin/$marker" ] && [ -f "$VENV_STAMP" ] && [ "$(cat "$VENV_STAMP")" = "$VENV_WANT" ]; then
    VENV_FRESH=1
    return 0
  fi
  VENV_FRESH=0
  local python="${PYTHON:-python3}"
  command -v "$python" >/dev/null 2>&1 || { echo "$label: $python is required" >&2; exit 1; }
  echo "$label: creating $venv from $reqs"
  rm -rf "$venv"
  mkdir -p "$(dirname "$venv")"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-input --require-hashes --no-deps -r "$reqs"
}

stamp_venv() {
  echo "$VENV_WANT" > "$VENV_STAMP"
}
