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

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

if [ -x "$bin" ] && "$bin" version >/dev/null 2>&1; then
  echo "$bin"
  exit 0
fi

command -v go >/dev/null || die "go is needed to build the relayer"
log "downloading github.com/cosmos/relayer/v2@$RELAYER_VERSION from the Go module proxy"
src_dir=$(go mod download -json "github.com/cosmos/relayer/v2@$RELAYER_VERSION" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -d "$src_dir" ] || die "go mod download did not return a source directory for relayer@$RELAYER_VERSION"

work=$(mktemp -d "${TMPDIR:-/tmp}/relayer-build.XXXXXX")
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
cp -R "$src_dir/." "$work/"
chmod -R u+w "$work"
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
