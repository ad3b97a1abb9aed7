#!/usr/bin/env bash
# The multi-validator end-to-end test: the devnet as a network of three validators on loopback
# (init_network in lib.sh: `wasmd testnet init-files`, every listen address on 127.0.0.1) in a
# temporary folder on its own ports, the first validator weighted to 300 of the 500 of power so
# that the other two are not needed together, the protocol deployed through the first node, and
# ts/test/validators-e2e.test.ts: mints, then the third validator stops and the chain goes on,
# then a mint and redemptions.
#
#   bash ci/devnet/validators-e2e.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
# shellcheck source=ci/devnet/lib.sh
source ci/devnet/lib.sh
use_test_devnet VALIDATORS_E2E validators 27157 27156 1817 9590
prepare_test_tools
init_network 3
start_node
weight_first_validator
step "deploying the protocol through the first validator's node"
deploy_protocol >/dev/null
step "three-validator test (ts/test/validators-e2e.test.ts)"
select_validator 2
stopped=$PID_FILE
select_devnet
(cd ts && MARS_MNEMONIC="$MARS_DEVNET_MNEMONIC" MARS_RPC="$RPC_URL" \
  MARS_DEPLOYMENT="$DEVNET_HOME/deployment.json" MARS_STOP_VALIDATOR_PID_FILE="$stopped" \
  npm run --silent test:validators-e2e)
