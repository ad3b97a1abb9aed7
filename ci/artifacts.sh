#!/usr/bin/env bash
# Main job: builds every contract under contracts/* for wasm32-unknown-unknown and writes
# optimised, validated artifacts to artifacts/<crate_name>.wasm plus artifacts/checksums.txt.
# It also builds cw20-base (the version in Cargo.lock) with the same recipe into
# artifacts/reference/cw20_base.wasm, the yardstick of the gas report.
#
#   bash ci/artifacts.sh
#
# Installs what it needs on a fresh machine (skipped when already there):
#   - the rustup target wasm32-unknown-unknown
#   - wasm-opt from the npm package binaryen@132        -> $MARS_TOOLS_DIR/binaryen
#   - cosmwasm-check =2.3.5 (cargo install --locked)    -> $MARS_TOOLS_DIR/cargo/bin
# MARS_TOOLS_DIR defaults to ~/.cache/mars-tools, CARGO_TARGET_DIR to ~/.cache/mars-target.
# wasm-opt lowers bulk-memory, sign-ext and non-trapping float-to-int ops that rustc emits by
# default but chains reject (its outputs are cached in $CARGO_TARGET_DIR/mars-wasm-opt-cache);
# cosmwasm-check then validates each artifact, and each must be <= 800 KiB.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/mars-target}
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}
TOOLS_DIR=${MARS_TOOLS_DIR:-$HOME/.cache/mars-tools}
BINARYEN_VERSION=132
COSMWASM_CHECK_VERSION=2.3.5
CAPABILITIES=iterator,staking,stargate,cosmwasm_1_1,cosmwasm_1_2,cosmwasm_1_3,cosmwasm_1_4,cosmwasm_2_0,cosmwasm_2_1
MAX_BYTES=819200 # 800 KiB
TARGET=wasm32-unknown-unknown
OUT=artifacts

step() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
step "tools"
command -v cargo >/dev/null || die "cargo is needed (install Rust with rustup)"
if command -v rustup >/dev/null && ! rustup target list --installed | grep -qx "$TARGET"; then
  rustup target add "$TARGET" >/dev/null
fi

binaryen_dir="$TOOLS_DIR/binaryen"
wasm_opt="$binaryen_dir/node_modules/.bin/wasm-opt"
binaryen_installed() {
  [ -x "$wasm_opt" ] &&
    grep -q "\"version\": *\"$BINARYEN_VERSION\.[0-9.]*\"" "$binaryen_dir/node_modules/binaryen/package.json" 2>/dev/null
}
if ! binaryen_installed; then
  command -v npm >/dev/null || die "npm is needed to install wasm-opt (binaryen@$BINARYEN_VERSION)"
  mkdir -p "$binaryen_dir"
  npm install --prefix "$binaryen_dir" --no-audit --no-fund --silent "binaryen@$BINARYEN_VERSION" >/dev/null
  binaryen_installed || die "binaryen@$BINARYEN_VERSION did not install wasm-opt at $wasm_opt"
fi

cosmwasm_check="$TOOLS_DIR/cargo/bin/cosmwasm-check"
if ! { [ -x "$cosmwasm_check" ] && "$cosmwasm_check" --version 2>/dev/null | grep -qw "$COSMWASM_CHECK_VERSION"; }; then
  # its own temporary target dir, so the host build of wasmer does not land in ours
  env -u CARGO_TARGET_DIR cargo install --quiet cosmwasm-check \
    --version "=$COSMWASM_CHECK_VERSION" --locked --force --root "$TOOLS_DIR/cargo"
fi
printf '    wasm-opt %s, cosmwasm-check %s\n' "$("$wasm_opt" --version | awk '{print $3}')" "$("$cosmwasm_check" --version | awk '{print $NF}')"

# ---------------------------------------------------------------------------------------------
# Every package under contracts/* that builds a cdylib. "crate" is the package name, "lib" the
# file name cargo gives its wasm (the [lib] name, or the package name with '_' for '-').
crates=()
libs=()
for manifest in contracts/*/Cargo.toml; do
  [ -f "$manifest" ] || continue
  crate=$(awk '/^\[/{s=$0} s=="[package]" && /^name *=/{gsub(/.*= *"|".*/,""); print; exit}' "$manifest")
  [ -n "$crate" ] || die "no package name in $manifest"
  if ! grep -Eq '^crate-type *=.*"cdylib"' "$manifest"; then
    printf '    skipping %s: not a cdylib\n' "$crate"
    continue
  fi
  lib=$(awk '/^\[/{s=$0} s=="[lib]" && /^name *=/{gsub(/.*= *"|".*/,""); print; exit}' "$manifest")
  crates+=("$crate")
  libs+=("${lib:-${crate//-/_}}")
done
[ "${#crates[@]}" -gt 0 ] || die "no contract crates under contracts/*"

# target-cpu=mvp keeps rustc from emitting bulk-memory copies in our code: wasm-opt would lower
# each into a byte-by-byte loop (what remains comes from the prebuilt std). It saves ~15% gas.
export RUSTFLAGS='-C link-arg=-s -C target-cpu=mvp'
step "cargo build --release --target $TARGET (${crates[*]})"
pkgs=()
for crate in "${crates[@]}"; do pkgs+=(-p "$crate"); done
cargo build --quiet --release --lib --target "$TARGET" --locked "${pkgs[@]}"

# The reference: cw20-base's published source, built on its own (so that the workspace's
# `library` feature does not strip its entry points) with this workspace's release profile and
# lock file.
step "cargo build --release --target $TARGET (reference: cw20-base)"
cw20_src=$(cargo metadata --format-version 1 --locked |
  grep -o '"manifest_path":"[^"]*/cw20-base-[0-9.]*/Cargo.toml"' | head -n 1 | cut -d'"' -f4)
[ -n "$cw20_src" ] || die "cw20-base is not in Cargo.lock"
ref_dir="$CARGO_TARGET_DIR/mars-reference/cw20-base"
rm -rf "$ref_dir" && mkdir -p "$ref_dir"
cp -r "$(dirname "$cw20_src")"/. "$ref_dir"/
cp Cargo.lock "$ref_dir"/
{ echo; echo "[workspace]"; echo; sed -n '/^\[profile.release\]/,/^\[/p' Cargo.toml | sed '$!b;/^\[/d'; } >>"$ref_dir/Cargo.toml"
cargo build --quiet --release --lib --target "$TARGET" --manifest-path "$ref_dir/Cargo.toml"

# ---------------------------------------------------------------------------------------------
# Optimise into a staging dir and only replace artifacts/ once everything has passed, so a
# failed run never leaves a half-updated, unchecked set behind.
stage=$(mktemp -d "${TMPDIR:-/tmp}/mars-artifacts.XXXXXX")
trap 'rm -rf "$stage"' EXIT

step "wasm-opt (lower bulk-memory, sign-ext, non-trapping float-to-int)"
# wasm-opt from npm runs under node (~10 s a contract), so its outputs are cached by the hash of
# input + version + flags, and the misses run in parallel, one per core.
wasm_opt_flags=(-Os
  --enable-bulk-memory --enable-sign-ext --enable-nontrapping-float-to-int
  --enable-reference-types --enable-multivalue
  --signext-lowering --llvm-memory-copy-fill-lowering --llvm-nontrapping-fptoint-lowering)
opt_cache="$CARGO_TARGET_DIR/mars-wasm-opt-cache"
mkdir -p "$opt_cache"
find "$opt_cache" -type f -mtime +7 -delete 2>/dev/null || true
opt_key=$(printf '%s\n' "$("$wasm_opt" --version)" "${wasm_opt_flags[@]}" | sha256sum | cut -c1-16)
max_jobs=$(nproc 2>/dev/null || echo 2)
# (artifact name, cargo output) pairs: the contracts, then the reference
names=()
inputs=()
for i in "${!crates[@]}"; do
  names+=("${crates[$i]//-/_}.wasm")
  inputs+=("$CARGO_TARGET_DIR/$TARGET/release/${libs[$i]}.wasm")
done
names+=("reference/cw20_base.wasm")
inputs+=("$CARGO_TARGET_DIR/$TARGET/release/cw20_base.wasm")
cached=()
for i in "${!names[@]}"; do
  in=${inputs[$i]}
  [ -f "$in" ] || die "cargo did not produce $in"
  out="$opt_cache/$(sha256sum "$in" | cut -c1-32)-$opt_key.wasm"
  cached+=("$out")
  if [ -f "$out" ]; then
    touch "$out"
    continue
  fi
  while [ "$(jobs -rp | wc -l)" -ge "$max_jobs" ]; do wait -n || true; done
  (
    if "$wasm_opt" "${wasm_opt_flags[@]}" "$in" -o "$out.tmp.$$"; then
      mv "$out.tmp.$$" "$out"
    else
      rm -f "$out.tmp.$$"
      exit 1
    fi
  ) &
done
wait || true
mkdir -p "$stage/reference"
for i in "${!names[@]}"; do
  [ -f "${cached[$i]}" ] || die "wasm-opt failed for ${names[$i]}"
  cp "${cached[$i]}" "$stage/${names[$i]}"
done

step "cosmwasm-check"
if ! (cd "$stage" && "$cosmwasm_check" --available-capabilities "$CAPABILITIES" "${names[@]}"); then
  die "cosmwasm-check rejected an artifact (see above)"
fi

step "sizes (limit $MAX_BYTES bytes)"
too_big=0
printf '    %-32s %10s %9s\n' artifact bytes KiB
for f in "${names[@]}"; do
  bytes=$(wc -c <"$stage/$f")
  flag=""
  if [ "$bytes" -gt "$MAX_BYTES" ]; then flag="  TOO BIG"; too_big=1; fi
  printf '    %-32s %10d %9s%s\n' "$f" "$bytes" "$(awk -v b="$bytes" 'BEGIN{printf "%.1f", b/1024}')" "$flag"
done
[ "$too_big" -eq 0 ] || die "an artifact is over $MAX_BYTES bytes"

(cd "$stage" && sha256sum "${names[@]}" >checksums.txt)

rm -rf "$OUT"
cp -r "$stage" "$OUT"
step "wrote $OUT/ (${names[*]} checksums.txt) in ${SECONDS}s"
