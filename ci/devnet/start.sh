#!/usr/bin/env bash
# Main job: builds the optimised artifacts and the pinned wasmd, starts a single-node devnet on
# loopback and deploys the whole protocol on it from ts/configs/devnet.json, then prints the
# contract addresses and a Keplr chain suggestion.
#
#   bash ci/devnet/start.sh            start (or resume) the devnet and deploy (idempotent)
#   bash ci/devnet/start.sh --reset    delete the devnet's data first and start a new chain
#   bash ci/devnet/stop.sh             stop the node
#
# Data lives in $MARS_DEVNET_HOME (default .devnet/ in the repository; delete it at will):
# the node's home, node.log, deployment.json (addresses) and keplr-chain.json.
# Chain id mars-devnet-1, fee denom umars, RPC http://127.0.0.1:26657, REST http://127.0.0.1:1317
# (ports and names in ci/devnet/devnet.env). Blocks every ~300 ms.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
# shellcheck source=ci/devnet/lib.sh
source ci/devnet/lib.sh

reset=false
for arg in "$@"; do
  case "$arg" in
    --reset) reset=true ;;
    *) die "unknown argument: $arg (usage: bash ci/devnet/start.sh [--reset])" ;;
  esac
done

step "wasm artifacts (ci/artifacts.sh)"
bash ci/artifacts.sh

step "wasmd"
use_wasmd

step "TypeScript client (npm ci in ts/)"
ensure_ts_deps

if node_running; then
  step "devnet already running (pid $(cat "$PID_FILE")) in $DEVNET_HOME"
else
  if $reset || [ ! -f "$DEVNET_HOME/config/genesis.json" ]; then
    init_chain
  fi
  start_node
fi

step "deploying the protocol (ts/configs/devnet.json)"
deploy_protocol

step "pinning the codes in the VM cache (a proposal of the chain's governance)"
pin_codes

step "Keplr chain suggestion ($DEVNET_HOME/keplr-chain.json)"
cat "$DEVNET_HOME/keplr-chain.json"
printf '\nDevnet up: RPC %s, REST %s, chain id %s. Stop it with: bash ci/devnet/stop.sh\n' \
  "$RPC_URL" "$API_URL" "$MARS_DEVNET_CHAIN_ID"
