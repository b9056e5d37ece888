#!/usr/bin/env bash
# Builds the real Pulumi CLI and the kit's pass-through provider plugin into .tools/pulumi/bin,
# for the engine tests (test/engine/). Only the Go module proxy is reachable here (no release
# tarballs, no plugin downloads), so the CLI is built from github.com/pulumi/pulumi/pkg/v3 through
# a throw-away wrapper module generated below; no Pulumi source is copied into the repository.
#
# Idempotent: returns at once when the stamp names the pinned CLI version and the provider source
# hash, and `pulumi version` agrees. Builds go to temporary names and are verified before they
# are moved into place, so an interrupted or failed build never leaves a binary a later run trusts.
set -euo pipefail
SELF="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$0")/../.."
. scripts/lib/go-toolchain.sh

# The release the pull-request workflow's `preview` job pins (.github/workflows/pull-request.yml,
# `pulumi-version`), which is also the @pulumi/pulumi SDK in package.json; the proxy serves it.
PULUMI_VERSION="3.248.0"
# pkg/v3 v3.248.0's go.mod declares `go 1.25.11`.
MIN_GO_MINOR=25
# The one `replace` of pkg/v3's go.mod the build needs (its other one points at ../sdk, the
# monorepo's sibling folder, which here is the published sdk/v3 of the same version).
CLIPBOARD_REPLACE="github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e"
# Packages the kit's program registers resources of; each gets the pass-through plugin under the
# name the engine looks for (`pulumi-resource-<package>` on PATH).
PROVIDER_PACKAGES="aws gcp random eks kubernetes"
PROVIDER_SRC="tools/passthrough-provider"

# PULUMI_TOOLS_DIR: another destination (the setup tests build into a temporary one).
DEST="${PULUMI_TOOLS_DIR:-$PWD/.tools/pulumi}"
BIN="$DEST/bin"
STAMP="$DEST/stamp"

# The stamp also covers this script, which writes the analyzer shim below.
provider_hash() {
  (cat "$SELF" && cd "$PROVIDER_SRC" && cat go.mod go.sum *.go) | sha256sum | cut -c1-16
}
WANT_STAMP="pulumi v$PULUMI_VERSION provider $(provider_hash)"

cli_ok() {
  [ -x "$BIN/pulumi" ] && [ "$("$BIN/pulumi" version 2>/dev/null)" = "v$PULUMI_VERSION" ]
}

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT_STAMP" ] && cli_ok; then
  echo "50-pulumi: pulumi v$PULUMI_VERSION and the pass-through provider already in $BIN"
  exit 0
fi

require_go 50-pulumi "$MIN_GO_MINOR" "the Pulumi CLI v$PULUMI_VERSION"
mkdir -p "$BIN"
rm -f "$STAMP"
export GOFLAGS="-buildvcs=false" CGO_ENABLED=0
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

fail() { echo "50-pulumi: $1 (log: $2)" >&2; trap - EXIT; exit 1; }

if ! cli_ok; then
  echo "50-pulumi: building the Pulumi CLI v$PULUMI_VERSION with $GO_VERSION (about 4 min cold on 2 cores)"
  mkdir -p "$WORK/cli"
  cat >"$WORK/cli/go.mod" <<EOF
module ai-infra.local/pulumi-cli

go 1.25

replace $CLIPBOARD_REPLACE
EOF
  log="$(mktemp /tmp/pulumi-cli-build.XXXXXX.log)"
  if ! (cd "$WORK/cli" &&
        go get "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$PULUMI_VERSION" "github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION" &&
        go build -o "$BIN/.pulumi.partial" \
          -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" \
          github.com/pulumi/pulumi/pkg/v3/cmd/pulumi) >"$log" 2>&1; then
    rm -f "$BIN/.pulumi.partial"
    fail "building the Pulumi CLI v$PULUMI_VERSION failed: $(tail -n1 "$log")" "$log"
  fi
  got="$("$BIN/.pulumi.partial" version 2>&1 || true)"
  if [ "$got" != "v$PULUMI_VERSION" ]; then
    rm -f "$BIN/.pulumi.partial"
    fail "the built CLI reports '$got', expected v$PULUMI_VERSION" "$log"
  fi
  mv -f "$BIN/.pulumi.partial" "$BIN/pulumi"
  rm -f "$log"
fi

echo "50-pulumi: building the pass-through provider plugin ($PROVIDER_SRC)"
log="$(mktemp /tmp/passthrough-provider-build.XXXXXX.log)"
if ! (cd "$PROVIDER_SRC" && go build -o "$BIN/.passthrough.partial" .) >"$log" 2>&1; then
  rm -f "$BIN/.passthrough.partial"
  fail "building the pass-through provider failed: $(tail -n1 "$log")" "$log"
fi
mv -f "$BIN/.passthrough.partial" "$BIN/pulumi-passthrough-provider"
rm -f "$log"
for pkg in $PROVIDER_PACKAGES; do
  ln -sf pulumi-passthrough-provider "$BIN/pulumi-resource-$pkg"
done

# Without a language plugin for a policy pack's runtime, the CLI starts the pack through an
# analyzer plugin named pulumi-analyzer-policy-<runtime>, in the pack's folder, with the engine's
# address and "." as arguments and the stack's config in PULUMI_CONFIG (NewPolicyAnalyzer in
# sdk/go/common/resource/plugin/analyzer_plugin.go). The Node.js language host would run
# @pulumi/pulumi/cmd/run-policy-pack, resolved from the pack's folder, with the same arguments
# (RunPlugin in sdk/nodejs/cmd/pulumi-language-nodejs/main.go); this shim does exactly that.
cat >"$BIN/.analyzer.partial" <<'EOF'
#!/bin/sh
# Written by scripts/setup/50-pulumi.sh: starts a Node.js policy pack as pulumi-language-nodejs does.
run="$(node -p 'require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [process.cwd()] })')" || {
  echo "pulumi-analyzer-policy-nodejs: @pulumi/pulumi is not installed for the policy pack in $PWD (run npm ci)" >&2
  exit 1
}
exec node "$run" "$@"
EOF
chmod +x "$BIN/.analyzer.partial"
mv -f "$BIN/.analyzer.partial" "$BIN/pulumi-analyzer-policy-nodejs"

echo "$WANT_STAMP" >"$STAMP"
echo "50-pulumi: $("$BIN/pulumi" version), pulumi-resource-{${PROVIDER_PACKAGES// /,}} and pulumi-analyzer-policy-nodejs in $BIN"
