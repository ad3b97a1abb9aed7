#!/usr/bin/env bash
# The project's test command: formatting, lints, the wasm artifacts (which the VM tests run),
# every Rust test, the schema and TypeScript client drift checks, the end-to-end test on a local
# wasmd node, the two-chain IBC test with a relayer, the three-validator test, the web app's unit
# and browser tests, and the gas report.
# Installs what it needs on a fresh machine: rustfmt, clippy, the wasm toolchain, wasmd and the
# relayer (built once from the Go module proxy), the TypeScript client's and the web app's npm
# packages, Chromium.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/mars-target}
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}

step() { printf '\n==> %s\n' "$*"; }

step "toolchain components"
rustup component add rustfmt clippy >/dev/null

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy"
cargo clippy --locked --workspace --all-targets -- -D warnings

step "wasm artifacts (ci/artifacts.sh)"
bash ci/artifacts.sh

step "cargo test"
cargo test --locked --workspace

step "schema drift"
ci/schema.sh --check

step "TypeScript: client drift, type check (ci/ts-codegen.sh --check), unit tests"
bash ci/ts-codegen.sh --check
(cd ts && npm test --silent)

step "end to end on a wasmd devnet (ci/devnet/e2e.sh)"
bash ci/devnet/e2e.sh

step "two chains and a relayer: IBC mints, refunds, payouts and claims (ci/devnet/ibc-e2e.sh)"
bash ci/devnet/ibc-e2e.sh

step "three validators, one stopped midway (ci/devnet/validators-e2e.sh)"
bash ci/devnet/validators-e2e.sh

step "web app: unit tests, then the browser test on a devnet (ci/devnet/web-e2e.sh)"
bash ci/ts-deps.sh web
(cd web && npm test --silent)
bash ci/devnet/web-e2e.sh

step "gas report"
cargo run --quiet --locked -p mars-vm --bin gas-report
