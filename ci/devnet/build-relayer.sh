#!/usr/bin/env bash
# Builds the pinned Go relayer (rly) from the Go module proxy, once, into
# $MARS_TOOLS_DIR/relayer-<version>/bin/rly (default ~/.cache/mars-tools). Prints the path of the
# binary. A repeat run reuses the build.
#
#   bash ci/devnet/build-relayer.sh
#
# The proxy does not list the relayer's versions, so `go install pkg@version` refuses it: the
# module source of the exact version is downloaded with `go mod download`, copied to a writable
# directory and built there, as ci/devnet/build-wasmd.sh does for wasmd.
set -euo pipefail

RELAYER_VERSION=${RELAYER_VERSION:-v2.6.0}
TOOLS_DIR=${MARS_TOOLS_DIR:-$HOME/.cache/mars-tools}
dest="$TOOLS_DIR/relayer-$RELAYER_VERSION"
bin="$dest/bin/rly"

# shellcheck source=ci/devnet/go-source.sh
source "$(dirname "$0")/go-source.sh"

if [ -x "$bin" ] && "$bin" version >/dev/null 2>&1; then
  echo "$bin"
  exit 0
fi

module_source github.com/cosmos/relayer/v2 "$RELAYER_VERSION"
work=$MODULE_WORK
# the module ships a go.work for its own development; build the module alone
rm -f "$work/go.work" "$work/go.work.sum"

log "building rly $RELAYER_VERSION (first time only: several minutes)"
mkdir -p "$dest/bin"
(cd "$work" && GOWORK=off GOFLAGS=-mod=mod go build -trimpath \
  -ldflags "-X github.com/cosmos/relayer/v2/cmd.Version=${RELAYER_VERSION#v}" \
  -o "$dest/bin/rly.tmp" .)
mv "$dest/bin/rly.tmp" "$bin"
"$bin" version >/dev/null || die "the built relayer does not start"
log "rly $RELAYER_VERSION at $bin"
echo "$bin"
