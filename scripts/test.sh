#!/usr/bin/env bash
# The full test suite: installs the real tools the tests drive (each setup script is
# idempotent and returns at once when its tool is already there), then runs vitest.
#
# On a cold machine the setup scripts run in lanes, one lane per shared resource: scripts that
# source the same scripts/lib helper (the Go toolchain and its build cache, the apt lock, pip)
# run one after another in file-name order, and the lanes run side by side, so the LiteLLM venv
# downloads while the Pulumi CLI compiles. A script that sources no helper gets a lane of its own.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ]; then npm ci --no-audit --no-fund; fi
# The kit runs on the Node pinned as the `node` devDependency (package.json), which `npm ci`
# installs whatever Node ran npm: its bin first on PATH, also when this script runs outside npm.
export PATH="$PWD/node_modules/.bin:$PATH"
echo "== node $(node --version)"

declare -A lanes=()
for setup in scripts/setup/*.sh; do
  [ -e "$setup" ] || continue
  lane="$(grep -o 'scripts/lib/[A-Za-z0-9_-]*\.sh' "$setup" | head -n1 || true)"
  lane="${lane:-$setup}"
  lanes[$lane]+="$setup "
done

run_lane() {
  for setup in $1; do
    echo "== setup: $setup"
    # Each line carries its script's name: the lanes' output interleaves.
    bash "$setup" 2>&1 | sed -u "s|^|[$(basename "$setup" .sh)] |"
  done
}

pids=()
for lane in "${!lanes[@]}"; do
  run_lane "${lanes[$lane]}" &
  pids+=("$!")
done
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
if [ "$failed" != 0 ]; then
  echo "setup failed (see the [script] lines above)" >&2
  exit 1
fi
exec npx vitest run "$@"
