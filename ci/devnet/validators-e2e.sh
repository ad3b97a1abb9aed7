#!/usr/bin/env bash
# The multi-validator end-to-end test: a network of three validators on loopback (made by
# `wasmd testnet init-files`, every listen address moved to 127.0.0.1 on its own ports) in a
# temporary folder, the protocol deployed through the first node, and ts/test/validators-e2e.test.ts:
# mints, then one validator stops and the chain goes on, then redemptions. The first validator
# bonds more than the others, so that the two left hold more than two thirds of the power.
#
#   bash ci/devnet/validators-e2e.sh
#
# Set MARS_VALIDATORS_E2E_HOME to keep the nodes' folders after the test.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
work=${MARS_VALIDATORS_E2E_HOME:-$(mktemp -d "${TMPDIR:-/tmp}/mars-validators.XXXXXX")}
# shellcheck source=ci/devnet/lib.sh
source ci/devnet/lib.sh
VALIDATORS=3

# Selects node $1 (0, 1, 2): its home (the one init-files wrote) and ports.
validator() {
  export MARS_DEVNET_HOME=$work/node$1/wasmd \
    MARS_DEVNET_RPC_PORT=$((27157 + 100 * $1)) MARS_DEVNET_P2P_PORT=$((27156 + 100 * $1)) \
    MARS_DEVNET_API_PORT=$((1817 + 100 * $1)) MARS_DEVNET_GRPC_PORT=$((9590 + 100 * $1))
  select_devnet
}

discard_network_on_exit "$work" "${MARS_VALIDATORS_E2E_HOME:+keep}" validator 0 1 2

step "wasm artifacts (ci/artifacts.sh)"
bash ci/artifacts.sh >/dev/null
step "wasmd"
use_wasmd
step "TypeScript client"
ensure_ts_deps

step "$VALIDATORS validators in $work (wasmd testnet init-files, chain id $MARS_DEVNET_CHAIN_ID)"
"$WASMD" testnet init-files --v "$VALIDATORS" --output-dir "$work" --chain-id "$MARS_DEVNET_CHAIN_ID" \
  --keyring-backend test --single-host --starting-ip-address 127.0.0.1 --commit-timeout 300ms \
  --minimum-gas-prices "0.01$MARS_DEVNET_DENOM" >/dev/null 2>&1
# the test accounts, fee denom and fast governance in the first node's genesis, which every
# node then shares; each validator's own account gets the fee denom too
validator 0
fund_accounts "$DEVNET_HOME"
for ((i = 0; i < VALIDATORS; i++)); do
  addr=$("$WASMD" keys show "node$i" -a --keyring-backend test --home "$work/node$i/wasmd")
  "$WASMD" genesis add-genesis-account "$addr" "$(pow10 12)$MARS_DEVNET_DENOM" --append --home "$DEVNET_HOME" >/dev/null
done
fast_governance "$DEVNET_HOME/config/genesis.json"
genesis=$DEVNET_HOME/config/genesis.json
peers=()
for ((i = 0; i < VALIDATORS; i++)); do
  validator "$i"
  peers+=("$("$WASMD" comet show-node-id --home "$DEVNET_HOME")@127.0.0.1:$MARS_DEVNET_P2P_PORT")
done
for ((i = 0; i < VALIDATORS; i++)); do
  validator "$i"
  [ "$i" = 0 ] || cp "$genesis" "$DEVNET_HOME/config/genesis.json"
  configure_node "$DEVNET_HOME"
  others=$(printf '%s\n' "${peers[@]}" | grep -v "@127.0.0.1:$MARS_DEVNET_P2P_PORT$" | paste -sd, -)
  sed -i -e "s|^persistent_peers = .*|persistent_peers = \"$others\"|" "$DEVNET_HOME/config/config.toml"
done
for ((i = 0; i < VALIDATORS; i++)); do
  validator "$i"
  launch_node
done
validator 0
wait_for_blocks

step "the first validator bonds 200 more (300 of 500: the other two hold 100 each)"
valoper=$("$WASMD" keys show node0 --bech val -a --keyring-backend test --home "$DEVNET_HOME")
"$WASMD" tx staking delegate "$valoper" 200000000stake --from node0 --keyring-backend test \
  --home "$DEVNET_HOME" --chain-id "$MARS_DEVNET_CHAIN_ID" --node "$RPC_URL" --gas 300000 \
  --fees "10000$MARS_DEVNET_DENOM" --yes --output json >/dev/null

step "deploying the protocol through node 0"
deploy_protocol >/dev/null

step "three-validator test (ts/test/validators-e2e.test.ts)"
validator 2
stopped_pid_file=$PID_FILE
validator 0
(cd ts && MARS_MNEMONIC="$MARS_DEVNET_MNEMONIC" MARS_RPC="$RPC_URL" \
  MARS_DEPLOYMENT="$DEVNET_HOME/deployment.json" MARS_STOP_VALIDATOR_PID_FILE="$stopped_pid_file" \
  npm run --silent test:validators-e2e)
