# Sourced by the setup scripts that build a tool with `go install`.
#
#   require_go <label> <minimum Go minor> <what is being built>
#
# Finds Go (a Debian machine with Go from the upstream tarball often has it only under
# /usr/local/go/bin, which non-login shells such as CI do not put on PATH), refuses a toolchain
# older than the tool's go.mod asks for (an older one fails deep in the build without saying which
# Go is needed), and, without HOME (a bare CI environment), keeps Go's caches in the git-ignored
# .cache rather than fail.
require_go() {
  local label="$1" min_minor="$2" what="$3"
  if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
    export PATH="/usr/local/go/bin:$PATH"
  fi
  if ! command -v go >/dev/null 2>&1; then
    echo "$label: Go (>= 1.$min_minor) is needed to build $what; install Go and re-run" >&2
    exit 1
  fi
  GO_VERSION="$(go env GOVERSION)"            # e.g. go1.26.8
  local minor
  minor="$(echo "$GO_VERSION" | sed -E 's/^go1\.([0-9]+).*/\1/')"
  if ! [ "$minor" -ge "$min_minor" ] 2>/dev/null; then
    echo "$label: $what needs Go >= 1.$min_minor, found $GO_VERSION" >&2
    exit 1
  fi
  if [ -z "${HOME:-}" ]; then
    export GOPATH="$PWD/.cache/go" GOCACHE="$PWD/.cache/go-build"
    export GOMODCACHE="$GOPATH/pkg/mod"
  fi
}
