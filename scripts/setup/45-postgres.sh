#!/usr/bin/env bash
# Installs Debian's PostgreSQL server binaries (initdb, pg_ctl, postgres, psql), which
# test/keys/postgres.test.ts uses to start a private cluster on a temporary directory and a free
# loopback port and apply the pinned LiteLLM's own database migrations to it. Only the binaries are
# needed: the packaged cluster may exist, the tests never use it.
# Idempotent: returns at once when a PostgreSQL server's binaries are installed.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/apt-install.sh

found() { ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1; }

if [ -n "$(found)" ]; then
  echo "45-postgres: $("$(dirname "$(found)")/postgres" --version) already installed"
  exit 0
fi

start=$(date +%s)
apt_install 45-postgres postgresql
"$(dirname "$(found)")/postgres" --version
echo "45-postgres: took $(( $(date +%s) - start ))s"
