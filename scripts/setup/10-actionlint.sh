#!/usr/bin/env bash
# Installs actionlint into the project's own .tools/bin, built from source with `go install`:
# the machines reach the Go module proxy but no release download site, and a project-local
# binary keeps the version the tests run independent of whatever is on PATH.
# Idempotent: returns at once when the pinned version is already there.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/go-toolchain.sh

# Bump together with test/ci/workflow.test.ts, which asserts this exact version so a stale
# binary left in .tools/bin cannot pass for the pinned one.
ACTIONLINT_VERSION="v1.7.12"
# actionlint's own go.mod (v1.7.12) declares `go 1.25.0`; an older toolchain fails deep in
# the build with a message that does not say which Go is needed.
MIN_GO_MINOR=25

BIN_DIR="$PWD/.tools/bin"
ACTIONLINT="$BIN_DIR/actionlint"

if [ -x "$ACTIONLINT" ] && [ "$("$ACTIONLINT" -version 2>/dev/null | head -n1)" = "$ACTIONLINT_VERSION" ]; then
  echo "actionlint $ACTIONLINT_VERSION already in .tools/bin"
  exit 0
fi

require_go actionlint "$MIN_GO_MINOR" "actionlint $ACTIONLINT_VERSION"

mkdir -p "$BIN_DIR"
echo "installing actionlint $ACTIONLINT_VERSION with $GO_VERSION into .tools/bin"
# A caller's GOFLAGS (e.g. -mod=vendor) is meant for some other module and makes
# `go install pkg@version` refuse to run.
GOBIN="$BIN_DIR" GOFLAGS="" go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"

installed="$("$ACTIONLINT" -version | head -n1)"
if [ "$installed" != "$ACTIONLINT_VERSION" ]; then
  echo "error: installed actionlint reports $installed, expected $ACTIONLINT_VERSION" >&2
  exit 1
fi
echo "actionlint $installed installed"
