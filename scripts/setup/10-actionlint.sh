#!/usr/bin/env bash
# Installs actionlint into the project's own .tools/bin, built from source with `go install`:
# the machines reach the Go module proxy but no release download site, and a project-local
# binary keeps the version the tests run independent of whatever is on PATH.
# Idempotent: returns at once when the pinned version is already there.
set -euo pipefail
cd "$(dirname "$0")/../.."

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

# A fresh Debian machine with Go from the upstream tarball often has it only under
# /usr/local/go/bin, which non-login shells (CI) do not put on PATH.
if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
  PATH="/usr/local/go/bin:$PATH"
fi
if ! command -v go >/dev/null 2>&1; then
  echo "error: Go (>= 1.$MIN_GO_MINOR) is needed to build actionlint $ACTIONLINT_VERSION; install Go and re-run" >&2
  exit 1
fi
go_version="$(go env GOVERSION)"            # e.g. go1.26.8
go_minor="$(echo "$go_version" | sed -E 's/^go1\.([0-9]+).*/\1/')"
if ! [ "$go_minor" -ge "$MIN_GO_MINOR" ] 2>/dev/null; then
  echo "error: actionlint $ACTIONLINT_VERSION needs Go >= 1.$MIN_GO_MINOR, found $go_version" >&2
  exit 1
fi

# Without HOME (a bare CI environment), Go cannot place its build and module caches;
# keep them inside the project (.cache is git-ignored) rather than fail.
if [ -z "${HOME:-}" ]; then
  export GOPATH="$PWD/.cache/go" GOCACHE="$PWD/.cache/go-build"
  export GOMODCACHE="$GOPATH/pkg/mod"
fi

mkdir -p "$BIN_DIR"
echo "installing actionlint $ACTIONLINT_VERSION with $go_version into .tools/bin"
# A caller's GOFLAGS (e.g. -mod=vendor) is meant for some other module and makes
# `go install pkg@version` refuse to run.
GOBIN="$BIN_DIR" GOFLAGS="" go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"

installed="$("$ACTIONLINT" -version | head -n1)"
if [ "$installed" != "$ACTIONLINT_VERSION" ]; then
  echo "error: installed actionlint reports $installed, expected $ACTIONLINT_VERSION" >&2
  exit 1
fi
echo "actionlint $installed installed"
