# Shared by ci/devnet/build-*.sh (sourced, not run): the source of one exact version of a Go
# module from the Go module proxy, in a writable directory of its own.
# shellcheck shell=bash

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Downloads module $1 at version $2 with `go mod download` (the proxy serves an exact version
# even where it lists none, which `go install pkg@version` needs) and copies its source to a new
# directory, $MODULE_WORK, deleted when the script exits.
module_source() {
  command -v go >/dev/null || die "go is needed to build $1"
  log "downloading $1@$2 from the Go module proxy"
  local src_dir
  src_dir=$(go mod download -json "$1@$2" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -d "$src_dir" ] || die "go mod download did not return a source directory for $1@$2"
  MODULE_WORK=$(mktemp -d "${TMPDIR:-/tmp}/go-build.XXXXXX")
  trap 'chmod -R u+w "$MODULE_WORK" 2>/dev/null; rm -rf "$MODULE_WORK"' EXIT
  cp -R "$src_dir/." "$MODULE_WORK/"
  chmod -R u+w "$MODULE_WORK"
}
