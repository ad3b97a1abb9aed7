#!/usr/bin/env bash
# Installs ts/'s locked npm packages (npm ci) unless package-lock.json is unchanged since the last
# install. Needs node >= 20 and npm.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
command -v npm >/dev/null || { echo "error: node and npm are needed for ts/" >&2; exit 1; }
stamp="$root/ts/node_modules/.mars-lock.sha256"
want=$(sha256sum "$root/ts/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  (cd "$root/ts" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" >"$stamp"
fi
