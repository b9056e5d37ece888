#!/usr/bin/env bash
# The full test suite: installs the real tools the tests drive (each setup script is
# idempotent and returns at once when its tool is already there), then runs vitest.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ]; then npm ci --no-audit --no-fund; fi
# The kit runs on the Node pinned as the `node` devDependency (package.json), which `npm ci`
# installs whatever Node ran npm: its bin first on PATH, also when this script runs outside npm.
export PATH="$PWD/node_modules/.bin:$PATH"
echo "== node $(node --version)"
for setup in scripts/setup/*.sh; do
  [ -e "$setup" ] || continue
  echo "== setup: $setup"
  bash "$setup"
done
exec npx vitest run "$@"
