#!/usr/bin/env bash
# The on-chain end-to-end test: starts a new devnet in a temporary folder on its own ports (so a
# devnet started by start.sh keeps running), deploys the protocol with the TypeScript deploy
# script, runs ts/test/e2e.test.ts against it, pins every code by a proposal of the chain's
# governance, runs the measured transactions again (ts/test/e2e-pinned.test.ts), writes both
# settings to gas-report.chain.json and stops the node.
#
#   bash ci/devnet/e2e.sh
#
# Needs the artifacts (built here when missing or stale) and builds wasmd once.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export MARS_DEVNET_HOME=${MARS_E2E_HOME:-$(mktemp -d "${TMPDIR:-/tmp}/mars-e2e.XXXXXX")}
export MARS_DEVNET_RPC_PORT=${MARS_E2E_RPC_PORT:-26757}
export MARS_DEVNET_P2P_PORT=${MARS_E2E_P2P_PORT:-26756}
export MARS_DEVNET_API_PORT=${MARS_E2E_API_PORT:-1417}
export MARS_DEVNET_GRPC_PORT=${MARS_E2E_GRPC_PORT:-9190}
# shellcheck source=ci/devnet/lib.sh
source ci/devnet/lib.sh

discard_devnet_on_exit "${MARS_E2E_HOME:+keep}"

step "wasm artifacts (ci/artifacts.sh)"
bash ci/artifacts.sh >/dev/null
step "wasmd"
use_wasmd
step "TypeScript client"
ensure_ts_deps
init_chain
start_node
step "deploying the protocol"
deploy_protocol
step "deploying again finds everything in place and sends no transaction"
cp "$DEVNET_HOME/deployment.json" "$DEVNET_HOME/deployment.first.json"
again=$(deploy_protocol)
if grep -q ': tx ' <<<"$again"; then
  grep ': tx ' <<<"$again" >&2
  die "a second deployment sent transactions"
fi
cmp -s "$DEVNET_HOME/deployment.json" "$DEVNET_HOME/deployment.first.json" ||
  die "a second deployment changed deployment.json"
echo "    no transaction, deployment.json unchanged"
e2e_test() {
  (cd ts && MARS_MNEMONIC="$MARS_DEVNET_MNEMONIC" MARS_RPC="$RPC_URL" \
    MARS_DEPLOYMENT="$DEVNET_HOME/deployment.json" MARS_CHAIN_GAS_OUT="$root/gas-report.chain.json" \
    npm run --silent "$1")
}
step "end-to-end test (ts/test/e2e.test.ts), codes not pinned"
e2e_test test:e2e
step "pinning every code (a proposal of the chain's governance)"
pin_codes
step "the measured transactions again with pinned codes (ts/test/e2e-pinned.test.ts)"
e2e_test test:e2e-pinned
