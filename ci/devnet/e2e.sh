#!/usr/bin/env bash
# The on-chain end-to-end test: starts a new devnet in a temporary folder on its own ports (so a
# devnet started by start.sh keeps running), deploys the protocol with the TypeScript deploy
# script, runs ts/test/e2e.test.ts against it, pins every code by a proposal of the chain's
# governance, runs the measured transactions again (ts/test/e2e-pinned.test.ts), writes both
# settings to gas-report.chain.json, prices XMS from a Mars Swap pool's TWAP and has the vault
# stake the chain's bonded denom by proposal, unbond and claim (ts/test/e2e-treasury.test.ts),
# and stops the node.
#
#   bash ci/devnet/e2e.sh
#
# Needs the artifacts (built here when missing or stale) and builds wasmd once.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
# shellcheck source=ci/devnet/lib.sh
source ci/devnet/lib.sh
use_test_devnet E2E e2e 26757 26756 1417 9190
# the vault's staking test claims an undelegation after the chain's unbonding time
export MARS_DEVNET_UNBONDING=20s
prepare_test_tools
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
  (cd ts && MARS_MNEMONIC="$MARS_DEVNET_MNEMONIC" MARS_RPC="$RPC_URL" MARS_REST="$API_URL" \
    MARS_DEPLOYMENT="$DEVNET_HOME/deployment.json" MARS_CHAIN_GAS_OUT="$root/gas-report.chain.json" \
    npm run --silent "$1")
}
step "end-to-end test (ts/test/e2e.test.ts), codes not pinned"
e2e_test test:e2e
step "pinning every code (a proposal of the chain's governance)"
pin_codes
step "the measured transactions again with pinned codes (ts/test/e2e-pinned.test.ts)"
e2e_test test:e2e-pinned
step "XMS priced from a Mars Swap pool's TWAP; the vault stakes the bonded denom by proposal (ts/test/e2e-treasury.test.ts)"
e2e_test test:e2e-treasury
