#!/usr/bin/env bash
# Builds the pinned wasmd release from the Go module proxy, once, into
# $MARS_TOOLS_DIR/wasmd-<version>/ (default ~/.cache/mars-tools): bin/wasmd and the libwasmvm
# shared library it loads. Prints the path of the binary. A repeat run reuses the build.
#
#   bash ci/devnet/build-wasmd.sh
#
# wasmd's go.mod has replace directives, so `go install pkg@version` refuses it: the module
# source is downloaded with `go mod download`, copied to a writable directory and built there.
# wasmd v0.61 embeds wasmvm v3, which runs contracts built on cosmwasm-std 2.x (interface
# version 8) as well as 3.x.
set -euo pipefail

WASMD_VERSION=${WASMD_VERSION:-v0.61.14}
SONIC_VERSION=v1.15.0
TOOLS_DIR=${MARS_TOOLS_DIR:-$HOME/.cache/mars-tools}
dest="$TOOLS_DIR/wasmd-$WASMD_VERSION"
bin="$dest/bin/wasmd"

# shellcheck source=ci/devnet/go-source.sh
source "$(dirname "$0")/go-source.sh"

if [ -x "$bin" ] && LD_LIBRARY_PATH="$dest/lib" "$bin" version >/dev/null 2>&1; then
  echo "$bin"
  exit 0
fi

module_source github.com/CosmWasm/wasmd "$WASMD_VERSION"
work=$MODULE_WORK
# wasmd v0.61.14 pins bytedance/sonic v1.14.2, which does not compile on Go 1.26 (its runtime
# map iterator changed); v1.15.0 is the first release that supports it. Nothing else moves.
(cd "$work" && go get "github.com/bytedance/sonic@$SONIC_VERSION" >/dev/null 2>&1 ||
  go get "github.com/bytedance/sonic@$SONIC_VERSION")

log "building wasmd $WASMD_VERSION (first time only: several minutes)"
ldflags="-X github.com/cosmos/cosmos-sdk/version.Name=wasm \
 -X github.com/cosmos/cosmos-sdk/version.AppName=wasmd \
 -X github.com/cosmos/cosmos-sdk/version.Version=${WASMD_VERSION#v} \
 -X github.com/cosmos/cosmos-sdk/version.Commit=$WASMD_VERSION \
 -X github.com/cosmos/cosmos-sdk/version.BuildTags=netgo"
mkdir -p "$dest/bin" "$dest/lib"
(cd "$work" && CGO_ENABLED=1 GOFLAGS=-mod=mod go build -tags netgo -trimpath \
  -ldflags "$ldflags" -o "$dest/bin/wasmd.tmp" ./cmd/wasmd)

# the libwasmvm shared library ships inside the wasmvm module; keep a copy beside the binary
wasmvm_mod=$(cd "$work" && go list -m -f '{{.Dir}}' github.com/CosmWasm/wasmvm/v3)
lib="$wasmvm_mod/internal/api/libwasmvm.$(uname -m).so"
[ -f "$lib" ] || die "libwasmvm.$(uname -m).so not found in $wasmvm_mod"
cp "$lib" "$dest/lib/"
mv "$dest/bin/wasmd.tmp" "$bin"
LD_LIBRARY_PATH="$dest/lib" "$bin" version >/dev/null || die "the built wasmd does not start"
log "wasmd $(LD_LIBRARY_PATH="$dest/lib" "$bin" version) at $bin"
echo "$bin"
