#!/usr/bin/env bash
# Installs Debian's PostgreSQL server binaries (initdb, pg_ctl, postgres, psql), which
# test/keys/postgres.test.ts uses to start a private cluster on a temporary directory and a free
# loopback port and apply the pinned LiteLLM's own database migrations to it. Only the binaries are
# needed: the packaged cluster may exist, the tests never use it.
# Idempotent: returns at once when a PostgreSQL server's binaries are installed.
set -euo pipefail

found() { ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1; }

if [ -n "$(found)" ]; then
  echo "45-postgres: $("$(dirname "$(found)")/postgres" --version) already installed"
  exit 0
fi

# CI here runs as root; hosted GitHub runners run as a user with password-less sudo.
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "45-postgres: PostgreSQL is missing; run as root (or: sudo apt-get install postgresql)" >&2
    exit 1
  fi
fi

start=$(date +%s)
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
"$(dirname "$(found)")/postgres" --version
echo "45-postgres: took $(( $(date +%s) - start ))s"
