#!/usr/bin/env bash
# Installs ts/'s locked npm packages (npm ci) unless package-lock.json is unchanged since the last
# install; `bash ci/ts-deps.sh web` does the same for web/. Needs node >= 20 and npm.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir="$root/${1:-ts}"
command -v npm >/dev/null || { echo "error: node and npm are needed for ${1:-ts}/" >&2; exit 1; }
stamp="$dir/node_modules/.mars-lock.sha256"
want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" >"$stamp"
fi
