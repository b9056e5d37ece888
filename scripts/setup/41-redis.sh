#!/usr/bin/env bash
# Installs Debian's redis-server, the real Redis that test/gateway/litellm and bench/gateway start
# (on a free loopback port, no persistence) for LiteLLM's response cache and shared rate-limit
# counters. Only the binary is needed: the packaged service may start, the tests never use it.
# Idempotent: returns at once when redis-server is on PATH.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/apt-install.sh

if command -v redis-server >/dev/null 2>&1; then
  echo "41-redis: $(redis-server --version | cut -d' ' -f1-3) already installed"
  exit 0
fi

start=$(date +%s)
apt_install 41-redis redis-server
# A fresh container has no init system, so the package cannot leave a daemon behind; where it
# does (systemd hosts) the tests still use their own instance on another port.
redis-server --version
echo "41-redis: took $(( $(date +%s) - start ))s"
