#!/usr/bin/env bash
# Regenerates the typed TypeScript clients in ts/src/contracts/ from schema/ and type-checks ts/.
#   ci/ts-codegen.sh           regenerate ts/src/contracts/
#   ci/ts-codegen.sh --check   fail if ts/src/contracts/ differs from what schema/ generates
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash ci/ts-deps.sh

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
(cd ts && npx --no-install tsx scripts/codegen.ts --out "$out" >/dev/null)

if [ "${1:-}" = "--check" ]; then
  if ! diff -r ts/src/contracts "$out" >/dev/null 2>&1; then
    diff -r ts/src/contracts "$out" | head -n 40 || true
    echo "ts/src/contracts/ is out of date: run ci/ts-codegen.sh and commit the result" >&2
    exit 1
  fi
  echo "ts clients: up to date"
else
  rm -rf ts/src/contracts
  cp -r "$out" ts/src/contracts
  echo "ts clients: written to ts/src/contracts/"
fi
(cd ts && npx --no-install tsc --noEmit)
echo "ts: type-checked"
