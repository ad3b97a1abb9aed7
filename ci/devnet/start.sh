#!/usr/bin/env bash
# Main job: builds the optimised artifacts and the pinned wasmd, starts a single-node devnet on
# loopback and deploys the whole protocol on it from ts/configs/devnet.json, serves the web app
# (web/) on 127.0.0.1, starts a price keeper that keeps the feeder prices fresh, then prints the
# contract addresses, a Keplr chain suggestion and the app's URL.
#
#   bash ci/devnet/start.sh                 start (or resume) the devnet and deploy (idempotent)
#   bash ci/devnet/start.sh --reset         delete the devnet's data first and start a new chain
#   bash ci/devnet/start.sh --reset --validators 3
#                                           a new chain of three validators on loopback (the
#                                           first node's ports as below, the others' + 1000 × i)
#   bash ci/devnet/stop.sh                  stop the nodes, the app's server and the keeper
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

usage="usage: bash ci/devnet/start.sh [--reset] [--validators N]"
reset=false
validators=
while [ $# -gt 0 ]; do
  case "$1" in
    --reset) reset=true ;;
    --validators)
      validators=${2:-}
      [[ "$validators" =~ ^[1-9][0-9]?$ ]] || die "--validators takes a number of validators, 1 to 99 ($usage)"
      shift
      ;;
    *) die "unknown argument: $1 ($usage)" ;;
  esac
  shift
done

step "wasm artifacts (ci/artifacts.sh)"
bash ci/artifacts.sh

step "wasmd"
use_wasmd

step "TypeScript client and web app (npm ci in ts/ and web/)"
ensure_ts_deps
ensure_web_deps

fresh=false
if $reset || [ ! -f "$DEVNET_HOME/config/genesis.json" ]; then
  node_running && die "the devnet runs (pid $(cat "$PID_FILE")): stop it first (bash ci/devnet/stop.sh)"
  fresh=true
elif [ -n "$validators" ] && [ "$validators" != "$(network_size)" ]; then
  die "the devnet in $DEVNET_HOME has $(network_size) validator(s): start a new one with --reset --validators $validators"
fi
if node_running; then
  step "devnet already running (pid $(cat "$PID_FILE")) in $DEVNET_HOME"
else
  if $fresh && [ "${validators:-1}" -gt 1 ]; then
    init_network "$validators"
  elif $fresh; then
    init_chain
  fi
  start_node
  if $fresh && [ "$(network_size)" -gt 1 ]; then weight_first_validator; fi
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
