#!/usr/bin/env bash
# Installs the pinned helm that the chart tests drive into the project-local .tools/bin.
# Built from source with `go install` because only package registries are reachable here
# (no release tarballs). Idempotent: returns at once when the pinned version is present.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/go-toolchain.sh

# v3.22.0: the newest v3 the Go module proxy serves that builds with the machine's Go.
# Helm 3, the major the Pulumi Kubernetes provider embeds (helm.v3.Release, helm.v4.Chart), so
# the tests render charts the way `pulumi up` will.
HELM_VERSION="v3.22.0"
# Kubernetes minor of the client-go modules helm v3.22.0 is built against (k8s.io/* v0.37.0);
# upstream's Makefile stamps it so lint's deprecation rules and the default
# .Capabilities.KubeVersion track it instead of the source default of v1.20.
K8S_MINOR="37"
# helm v3.22.0's go.mod declares `go 1.26.0`; an older toolchain fails deep in the build
# without saying which Go is needed.
MIN_GO_MINOR=26
TOOLS_BIN="$PWD/.tools/bin"
HELM="$TOOLS_BIN/helm"

require_go 30-helm "$MIN_GO_MINOR" "helm $HELM_VERSION"

# The same stamps `make build` applies; without them a go-install build reports "v3.22" and
# renders charts against Kubernetes v1.20.
LDFLAGS="-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
for pkg in pkg/lint/rules pkg/chartutil; do
  LDFLAGS="$LDFLAGS -X helm.sh/helm/v3/$pkg.k8sVersionMajor=1 -X helm.sh/helm/v3/$pkg.k8sVersionMinor=$K8S_MINOR"
done

# The binary's build info records the module version and the ldflags it was built with, so
# a binary from an older pin or older flags is rebuilt rather than trusted.
installed_version() {
  [ -x "$HELM" ] || return 0
  go version -m "$HELM" 2>/dev/null | awk '$1 == "mod" && $2 == "helm.sh/helm/v3" { print $3 }'
}
installed_ldflags() {
  go version -m "$HELM" 2>/dev/null | sed -n 's/^[[:space:]]*build[[:space:]]*-ldflags=//p' | tr -d '"'
}

if [ "$(installed_version)" = "$HELM_VERSION" ] && [ "$(installed_ldflags)" = "$LDFLAGS" ]; then
  echo "30-helm: helm $HELM_VERSION already at $HELM"
  exit 0
fi

mkdir -p "$TOOLS_BIN"
echo "30-helm: building helm $HELM_VERSION (takes several minutes on 2 cores)"
GOBIN="$TOOLS_BIN" GOFLAGS="-buildvcs=false" CGO_ENABLED=0 \
  go install -ldflags "$LDFLAGS" "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"

got="$(installed_version)"
if [ "$got" != "$HELM_VERSION" ] || [ "$(installed_ldflags)" != "$LDFLAGS" ]; then
  echo "30-helm: expected helm $HELM_VERSION at $HELM, found '${got:-nothing}'" >&2
  exit 1
fi
"$HELM" version --short
