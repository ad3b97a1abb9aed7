#!/usr/bin/env bash
# Writes every contract's JSON schema to schema/<contract>/ (from its `<contract>-schema` binary).
#   ci/schema.sh           regenerate schema/
#   ci/schema.sh --check   fail if schema/ differs from what the code generates
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/mars-target}

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

for dir in contracts/*/; do
  contract=$(basename "$dir")
  crate=$(sed -n 's/^name = "\(.*\)"/\1/p' "$dir/Cargo.toml" | head -n 1)
  mkdir -p "$out/$contract"
  # write_api! writes ./schema under the working directory
  (cd "$out/$contract" && cargo run --quiet --locked --manifest-path "$root/Cargo.toml" -p "$crate" --bin "$contract-schema" >/dev/null)
  mv "$out/$contract/schema"/* "$out/$contract/" && rmdir "$out/$contract/schema"
done

if [ "${1:-}" = "--check" ]; then
  if ! diff -r schema "$out" >/dev/null 2>&1; then
    diff -r schema "$out" | head -n 40 || true
    echo "schema/ is out of date: run ci/schema.sh and commit the result" >&2
    exit 1
  fi
  echo "schema: up to date"
else
  rm -rf schema
  cp -r "$out" schema
  echo "schema: written to schema/"
fi
