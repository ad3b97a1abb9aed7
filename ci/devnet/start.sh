#!/usr/bin/env bash
# Main job: builds the optimised artifacts and the pinned wasmd, starts a single-node devnet on
# loopback and deploys the whole protocol on it from ts/configs/devnet.json, serves the web app
# (web/) on 127.0.0.1, starts a price keeper that keeps the feeder prices fresh, then prints the
# contract addresses, a Keplr chain suggestion and the app's URL.
#
#   bash ci/devnet/start.sh            start (or resume) the devnet and deploy (idempotent)
#   bash ci/devnet/start.sh --reset    delete the devnet's data first and start a new chain
#   bash ci/devnet/stop.sh             stop the node, the app's server and the keeper
#
# Data lives in $MARS_DEVNET_HOME (default .devnet/ in the repository; delete it at will):
# the node's home, node.log, deployment.json (addresses), keplr-chain.json, web.log and keeper.log.
# Chain id mars-devnet-1, fee denom umars, RPC http://127.0.0.1:26657, REST http://127.0.0.1:1317,
# the app on http://127.0.0.1:5173/ (ports and names in ci/devnet/devnet.env). Blocks every ~300 ms.
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

step "TypeScript client and web app (npm ci in ts/ and web/)"
ensure_ts_deps
ensure_web_deps

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

step "price keeper (ts/scripts/keeper.ts)"
start_keeper

step "web app (web/, built and served on 127.0.0.1)"
build_web
start_web

step "Keplr chain suggestion ($DEVNET_HOME/keplr-chain.json)"
cat "$DEVNET_HOME/keplr-chain.json"
printf '\nDevnet up: RPC %s, REST %s, chain id %s. Stop it with: bash ci/devnet/stop.sh\n' \
  "$RPC_URL" "$API_URL" "$MARS_DEVNET_CHAIN_ID"
printf 'Web app: %s (with Keplr in the browser)\n' "$WEB_URL"
