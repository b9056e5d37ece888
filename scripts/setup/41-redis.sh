#!/usr/bin/env bash
# Installs Debian's redis-server, the real Redis that test/gateway-proxy and bench/gateway start
# (on a free loopback port, no persistence) for LiteLLM's response cache and shared rate-limit
# counters. Only the binary is needed: the packaged service may start, the tests never use it.
# Idempotent: returns at once when redis-server is on PATH.
set -euo pipefail

if command -v redis-server >/dev/null 2>&1; then
  echo "41-redis: $(redis-server --version | cut -d' ' -f1-3) already installed"
  exit 0
fi

# CI here runs as root; hosted GitHub runners run as a user with password-less sudo.
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "41-redis: redis-server is missing; run as root (or: sudo apt-get install redis-server)" >&2
    exit 1
  fi
fi

start=$(date +%s)
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >/dev/null
# A fresh container has no init system, so the package cannot leave a daemon behind; where it
# does (systemd hosts) the tests still use their own instance on another port.
redis-server --version
echo "41-redis: took $(( $(date +%s) - start ))s"
