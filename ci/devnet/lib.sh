# Shared by ci/devnet/*.sh (sourced, not run): settings, the node's life cycle, the deployment.
# shellcheck shell=bash
# shellcheck source=ci/devnet/devnet.env
source "$root/ci/devnet/devnet.env"

# Selects the devnet the MARS_DEVNET_* settings name (its first node, when it is a network of
# several validators): its home, pid files, ports, URLs and keyring. A script that drives
# several chains exports another chain's settings and selects it again.
select_devnet() {
  DEVNET_HOME=${MARS_DEVNET_HOME:-$root/.devnet}
  select_node "$DEVNET_HOME" "$MARS_DEVNET_RPC_PORT" "$MARS_DEVNET_P2P_PORT" "$MARS_DEVNET_API_PORT" \
    "$MARS_DEVNET_GRPC_PORT"
  WEB_PID_FILE="$DEVNET_HOME/web.pid"
  KEEPER_PID_FILE="$DEVNET_HOME/keeper.pid"
  WEB_URL="http://127.0.0.1:$MARS_WEB_PORT/"
  KEYRING=(--keyring-backend test --home "$DEVNET_HOME")
}

# Selects the node of home $1 listening on RPC, P2P, REST and gRPC ports $2..$5.
select_node() {
  NODE_HOME=$1 NODE_RPC_PORT=$2 NODE_P2P_PORT=$3 NODE_API_PORT=$4 NODE_GRPC_PORT=$5
  PID_FILE="$NODE_HOME/wasmd.pid"
  RPC_URL="http://127.0.0.1:$NODE_RPC_PORT"
  API_URL="http://127.0.0.1:$NODE_API_PORT"
}

# Selects validator $1 of the devnet's network: 0 is the devnet's own node, i > 0 the node in
# $DEVNET_HOME/peers/node<i>, on the devnet's ports plus 1000 × i.
select_validator() {
  select_devnet
  [ "$1" = 0 ] && return 0
  select_node "$DEVNET_HOME/peers/node$1" $((MARS_DEVNET_RPC_PORT + 1000 * $1)) \
    $((MARS_DEVNET_P2P_PORT + 1000 * $1)) $((MARS_DEVNET_API_PORT + 1000 * $1)) \
    $((MARS_DEVNET_GRPC_PORT + 1000 * $1))
}

# How many validators the devnet runs: 1, or the size of the network init_network made.
network_size() { cat "$DEVNET_HOME/validators" 2>/dev/null || echo 1; }

select_devnet

step() { printf '\n==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Builds (once) and selects the pinned wasmd: sets WASMD and the library path of libwasmvm.
use_wasmd() {
  WASMD=$(bash "$root/ci/devnet/build-wasmd.sh")
  export LD_LIBRARY_PATH="$(dirname "$(dirname "$WASMD")")/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  printf '    %s (wasmd %s)\n' "$WASMD" "$("$WASMD" version 2>&1)"
}

# Installs ts/'s (and web/'s) locked npm packages when needed.
ensure_ts_deps() { bash "$root/ci/ts-deps.sh"; }
ensure_web_deps() { bash "$root/ci/ts-deps.sh" web; }

# Whether the process of pid file $1 runs, with $2 in its command line (not a reused pid).
process_running() {
  [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null && grep -q "$2" "/proc/$(cat "$1")/cmdline" 2>/dev/null
}

# Stops the process of pid file $1 (named $3 in messages) if it runs with $2 in its command line.
stop_process() {
  if ! process_running "$1" "$2"; then
    rm -f "$1"
    echo "$3: not running"
    return 0
  fi
  local pid waited=0
  pid=$(cat "$1")
  kill "$pid"
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$waited" -ge 40 ]; then kill -9 "$pid" 2>/dev/null || true; fi
    sleep 0.5
    waited=$((waited + 1))
  done
  rm -f "$1"
  echo "$3: stopped"
}

node_running() { process_running "$PID_FILE" wasmd; }

# 1 followed by n zeros (amounts beyond 64-bit shell arithmetic).
pow10() { printf '1%0*d' "$1" 0; }

# A new chain in $DEVNET_HOME: the test accounts funded with the fee denom and every native test
# asset, one validator, fast blocks, every endpoint on loopback.
init_chain() {
  step "new devnet in $DEVNET_HOME (chain id $MARS_DEVNET_CHAIN_ID)"
  rm -rf "$DEVNET_HOME"
  mkdir -p "$DEVNET_HOME"
  "$WASMD" init mars-devnet --chain-id "$MARS_DEVNET_CHAIN_ID" --default-denom "$MARS_DEVNET_DENOM" \
    --home "$DEVNET_HOME" >/dev/null 2>&1
  fund_accounts "$DEVNET_HOME"
  "$WASMD" genesis gentx validator "$(pow10 12)$MARS_DEVNET_DENOM" --chain-id "$MARS_DEVNET_CHAIN_ID" \
    "${KEYRING[@]}" >/dev/null 2>&1
  "$WASMD" genesis collect-gentxs --home "$DEVNET_HOME" >/dev/null 2>&1
  fast_periods "$DEVNET_HOME/config/genesis.json"
  configure_node "$DEVNET_HOME"
}

# Adds the test accounts of the mnemonic to the keyring and the genesis of the node home $1,
# each funded with the fee denom and every native test asset.
fund_accounts() {
  local coins entry name index addr asset
  coins="$(pow10 15)$MARS_DEVNET_DENOM"
  for asset in $MARS_DEVNET_NATIVE_ASSETS; do
    coins="$coins,$(pow10 $((${asset##*:} + 9)))${asset%%:*}"
  done
  for entry in $MARS_DEVNET_ACCOUNTS; do
    name=${entry%%:*}
    index=${entry##*:}
    echo "$MARS_DEVNET_MNEMONIC" |
      "$WASMD" keys add "$name" --recover --index "$index" --keyring-backend test --home "$1" >/dev/null 2>&1
    addr=$("$WASMD" keys show "$name" -a --keyring-backend test --home "$1")
    "$WASMD" genesis add-genesis-account "$addr" "$coins" --home "$1" >/dev/null
    printf '    %-9s %s\n' "$name" "$addr"
  done
}

# The chain's own governance decides in seconds (genesis file $1), so the devnet can pin codes
# by proposal; with $MARS_DEVNET_UNBONDING set (e.g. "20s", ci/devnet/e2e.sh), its stake unbonds
# that fast, so the vault's staking completes within a test. Chains linked by a relayer keep the
# default: an IBC light client expires after about two thirds of the unbonding time.
fast_periods() {
  node -e '
    const fs = require("fs");
    const [file, denom] = process.argv.slice(1);
    const genesis = JSON.parse(fs.readFileSync(file, "utf8"));
    const gov = genesis.app_state.gov.params;
    gov.voting_period = "4s";
    gov.expedited_voting_period = "2s";
    gov.max_deposit_period = "4s";
    gov.min_deposit = [{ denom, amount: "1000000" }];
    gov.expedited_min_deposit = [{ denom, amount: "2000000" }];
    if (process.env.MARS_DEVNET_UNBONDING) genesis.app_state.staking.params.unbonding_time = process.env.MARS_DEVNET_UNBONDING;
    fs.writeFileSync(file, JSON.stringify(genesis, null, 2));
  ' "$1" "$MARS_DEVNET_DENOM"
}

# The node home $1 listens on 127.0.0.1 only, on the selected node's ports: RPC, P2P, REST
# (enabled, CORS open for the web app) and gRPC; fast blocks; the fee denom's minimum gas price.
configure_node() {
  local config="$1/config/config.toml" app="$1/config/app.toml"
  sed -i \
    -e "/^\[rpc\]/,/^\[/ s|^laddr = .*|laddr = \"tcp://127.0.0.1:$NODE_RPC_PORT\"|" \
    -e "/^\[p2p\]/,/^\[/ s|^laddr = .*|laddr = \"tcp://127.0.0.1:$NODE_P2P_PORT\"|" \
    -e 's|^pprof_laddr = .*|pprof_laddr = ""|' \
    -e 's|^cors_allowed_origins = .*|cors_allowed_origins = ["*"]|' \
    -e 's|^timeout_propose = .*|timeout_propose = "1s"|' \
    -e 's|^timeout_commit = .*|timeout_commit = "300ms"|' \
    "$config"
  sed -i \
    -e "s|^minimum-gas-prices = .*|minimum-gas-prices = \"0.01$MARS_DEVNET_DENOM\"|" \
    -e '/^\[api\]/,/^\[/ s|^enable = false|enable = true|' \
    -e "/^\[api\]/,/^\[/ s|^address = .*|address = \"tcp://127.0.0.1:$NODE_API_PORT\"|" \
    -e '/^\[api\]/,/^\[/ s|^enabled-unsafe-cors = false|enabled-unsafe-cors = true|' \
    -e "/^\[grpc\]/,/^\[/ s|^address = .*|address = \"127.0.0.1:$NODE_GRPC_PORT\"|" \
    "$app"
}

latest_height() {
  node -e 'fetch(process.argv[1] + "/status").then((r) => r.json())
    .then((j) => console.log(j.result.sync_info.latest_block_height)).catch(() => console.log(0))' "$RPC_URL"
}

# Starts every node of the selected devnet and waits until it makes blocks.
start_node() {
  local i n
  n=$(network_size)
  for ((i = 1; i < n; i++)); do
    select_validator "$i"
    launch_node
  done
  select_devnet
  launch_node
  wait_for_blocks
}

# Starts the selected node in the background (log: node.log in its home).
launch_node() {
  [ "$(latest_height)" = 0 ] || die "something already answers on $RPC_URL: stop it, or set MARS_DEVNET_RPC_PORT"
  step "starting wasmd (log: $NODE_HOME/node.log)"
  nohup "$WASMD" start --home "$NODE_HOME" >"$NODE_HOME/node.log" 2>&1 &
  echo $! >"$PID_FILE"
}

# Waits until the selected node has made two blocks.
wait_for_blocks() {
  local waited=0
  while [ "$(latest_height)" -lt 2 ]; do
    if ! node_running; then
      tail -n 30 "$NODE_HOME/node.log" >&2
      die "wasmd stopped while starting (log above)"
    fi
    [ "$waited" -lt 120 ] || die "no block after 60 s (see $NODE_HOME/node.log)"
    sleep 0.5
    waited=$((waited + 1))
  done
  printf '    producing blocks: height %s\n' "$(latest_height)"
}

# A new devnet in $DEVNET_HOME as a network of $1 validators on loopback, made by `wasmd testnet
# init-files`: the first validator's node is the devnet's own (its home holds the test accounts'
# keys, as for one node), the others' are in peers/node<i> (see select_validator); every listen
# address on 127.0.0.1, each node the others' persistent peer, one genesis with the test
# accounts, fast governance and, for each validator's own account, the fee denom. Start it with
# start_node, then weight_first_validator.
init_network() {
  local n=$1 made i addr others peers=()
  step "new devnet of $n validators in $DEVNET_HOME (wasmd testnet init-files, chain id $MARS_DEVNET_CHAIN_ID)"
  rm -rf "$DEVNET_HOME"
  made=$(mktemp -d "${TMPDIR:-/tmp}/mars-network.XXXXXX")
  "$WASMD" testnet init-files --v "$n" --output-dir "$made" --chain-id "$MARS_DEVNET_CHAIN_ID" \
    --keyring-backend test --single-host --starting-ip-address 127.0.0.1 --commit-timeout 300ms \
    --minimum-gas-prices "0.01$MARS_DEVNET_DENOM" >/dev/null 2>&1
  mv "$made/node0/wasmd" "$DEVNET_HOME"
  mkdir -p "$DEVNET_HOME/peers"
  for ((i = 1; i < n; i++)); do mv "$made/node$i/wasmd" "$DEVNET_HOME/peers/node$i"; done
  rm -rf "$made"
  echo "$n" >"$DEVNET_HOME/validators"
  fund_accounts "$DEVNET_HOME"
  for ((i = 0; i < n; i++)); do
    select_validator "$i"
    addr=$("$WASMD" keys show "node$i" -a --keyring-backend test --home "$NODE_HOME")
    "$WASMD" genesis add-genesis-account "$addr" "$(pow10 12)$MARS_DEVNET_DENOM" --append \
      --home "$DEVNET_HOME" >/dev/null
    peers+=("$("$WASMD" comet show-node-id --home "$NODE_HOME")@127.0.0.1:$NODE_P2P_PORT")
  done
  fast_periods "$DEVNET_HOME/config/genesis.json"
  for ((i = 0; i < n; i++)); do
    select_validator "$i"
    [ "$i" = 0 ] || cp "$DEVNET_HOME/config/genesis.json" "$NODE_HOME/config/genesis.json"
    configure_node "$NODE_HOME"
    others=$(printf '%s\n' "${peers[@]}" | grep -v "@127.0.0.1:$NODE_P2P_PORT$" | paste -sd, -)
    sed -i -e "s|^persistent_peers = .*|persistent_peers = \"$others\"|" "$NODE_HOME/config/config.toml"
  done
  select_devnet
}

# init-files bonds 100 for every validator; the first bonds 200 more, so that any two validators
# of a network of three hold more than two thirds of the power and the chain goes on with one
# stopped. Waits until the new power is in force.
weight_first_validator() {
  local valoper waited=0
  step "the first validator bonds 200 more (300 of the power, 100 each for the others)"
  valoper=$("$WASMD" keys show node0 --bech val -a "${KEYRING[@]}")
  "$WASMD" tx staking delegate "$valoper" 200000000stake --from node0 "${KEYRING[@]}" \
    --chain-id "$MARS_DEVNET_CHAIN_ID" --node "$RPC_URL" --gas 300000 \
    --fees "10000$MARS_DEVNET_DENOM" --yes --output json >/dev/null
  until node -e 'fetch(process.argv[1] + "/validators").then((r) => r.json())
      .then((j) => process.exit(j.result.validators.some((v) => v.voting_power === "300") ? 0 : 1), () => process.exit(1))' "$RPC_URL"; do
    [ "$waited" -lt 60 ] || die "the first validator's power did not reach 300"
    sleep 0.5
    waited=$((waited + 1))
  done
}

# Stops every node of the selected devnet.
stop_node() {
  local i n
  n=$(network_size)
  for ((i = 1; i < n; i++)); do
    select_validator "$i"
    stop_process "$PID_FILE" wasmd "validator $i"
  done
  select_devnet
  stop_process "$PID_FILE" wasmd devnet
}

# Stops what runs on the devnet: the price keeper, the web app's server and the node.
stop_devnet() {
  stop_process "$KEEPER_PID_FILE" keeper.ts "price keeper"
  stop_process "$WEB_PID_FILE" vite "web app"
  stop_node
}

# A test's own devnet, selected: in $MARS_<$1>_HOME (kept after the test) or else a new temporary
# folder named after $2 (deleted), on the ports $MARS_<$1>_{RPC,P2P,API,GRPC}_PORT or else $3..$6,
# so that a devnet started by start.sh, or another test's, keeps running. Stopped on exit.
use_test_devnet() {
  local home="MARS_$1_HOME" rpc="MARS_$1_RPC_PORT" p2p="MARS_$1_P2P_PORT" api="MARS_$1_API_PORT" \
    grpc="MARS_$1_GRPC_PORT"
  export MARS_DEVNET_HOME=${!home:-$(mktemp -d "${TMPDIR:-/tmp}/mars-$2.XXXXXX")}
  export MARS_DEVNET_RPC_PORT=${!rpc:-$3} MARS_DEVNET_P2P_PORT=${!p2p:-$4} \
    MARS_DEVNET_API_PORT=${!api:-$5} MARS_DEVNET_GRPC_PORT=${!grpc:-$6}
  select_devnet
  discard_devnet_on_exit "${!home:+keep}"
}

# What every on-chain test needs: the artifacts (built when missing or stale), wasmd (built once)
# and ts/'s npm packages.
prepare_test_tools() {
  step "wasm artifacts (ci/artifacts.sh)"
  bash "$root/ci/artifacts.sh" >/dev/null
  step "wasmd"
  use_wasmd
  step "TypeScript client"
  ensure_ts_deps
}

# For a test's own devnet in a temporary $DEVNET_HOME: on exit, stops it, shows the end of the
# node's log after a failure, and deletes the folder unless $1 is "keep".
discard_devnet_on_exit() {
  DISCARD_KEEP=$1
  trap finish_discarded_devnet EXIT
}
finish_discarded_devnet() {
  local rc=$?
  stop_reporting "$rc"
  [ "$DISCARD_KEEP" = keep ] || rm -rf "$DEVNET_HOME"
  exit "$rc"
}

# For a test's own chains in the temporary folder $1: on exit, selects each chain by calling $3
# with each further argument, stops it and shows the end of its nodes' logs after a failure,
# then deletes $1 unless $2 is "keep".
discard_chains_on_exit() {
  CHAINS_DIR=$1 CHAINS_KEEP=$2 CHAINS_SELECT=$3
  shift 3
  CHAINS_LIST=("$@")
  trap finish_discarded_chains EXIT
}
finish_discarded_chains() {
  local rc=$? n
  for n in "${CHAINS_LIST[@]}"; do
    "$CHAINS_SELECT" "$n"
    stop_reporting "$rc"
  done
  [ "$CHAINS_KEEP" = keep ] || rm -rf "$CHAINS_DIR"
  exit "$rc"
}

# Stops what runs on the selected devnet; when $1 (an exit status) is not 0, shows the end of
# each node's log.
stop_reporting() {
  local log
  stop_devnet >/dev/null || true
  [ "$1" -ne 0 ] || return 0
  for log in "$DEVNET_HOME/node.log" "$DEVNET_HOME"/peers/*/node.log; do
    [ -f "$log" ] || continue
    echo "--- last lines of $log" >&2
    tail -n 20 "$log" >&2
  done
}

# Builds web/ (type check and bundle) into web/dist.
build_web() { (cd "$root/web" && npm run --silent build >/dev/null); }

# Serves web/dist on $WEB_URL with this devnet's deployment.json and keplr-chain.json.
start_web() {
  if process_running "$WEB_PID_FILE" vite; then
    echo "    already serving (pid $(cat "$WEB_PID_FILE"))"
    return 0
  fi
  (cd "$root/web"
    MARS_WEB_DEPLOYMENT="$DEVNET_HOME/deployment.json" MARS_WEB_CHAIN="$DEVNET_HOME/keplr-chain.json" \
      nohup node node_modules/vite/bin/vite.js preview --port "$MARS_WEB_PORT" --strictPort >"$DEVNET_HOME/web.log" 2>&1 &
    echo $! >"$WEB_PID_FILE")
  local waited=0
  until node -e 'fetch(process.argv[1] + "deployment.json").then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$WEB_URL"; do
    if ! process_running "$WEB_PID_FILE" vite; then
      cat "$DEVNET_HOME/web.log" >&2
      die "the web app's server stopped (is port $MARS_WEB_PORT taken? set MARS_WEB_PORT)"
    fi
    [ "$waited" -lt 60 ] || die "the web app did not answer on $WEB_URL in 30 s (see $DEVNET_HOME/web.log)"
    sleep 0.5
    waited=$((waited + 1))
  done
  echo "    $WEB_URL (log: $DEVNET_HOME/web.log)"
}

# Starts the price keeper (ts/scripts/keeper.ts) as the configuration's feeder.
start_keeper() {
  if process_running "$KEEPER_PID_FILE" keeper.ts; then
    echo "    already running (pid $(cat "$KEEPER_PID_FILE"))"
    return 0
  fi
  (cd "$root/ts"
    MARS_MNEMONIC="$MARS_DEVNET_MNEMONIC" nohup node --import tsx scripts/keeper.ts \
      --config configs/devnet.json --rpc "$RPC_URL" --deployment "$DEVNET_HOME/deployment.json" \
      >"$DEVNET_HOME/keeper.log" 2>&1 &
    echo $! >"$KEEPER_PID_FILE")
  sleep 3
  process_running "$KEEPER_PID_FILE" keeper.ts || { cat "$DEVNET_HOME/keeper.log" >&2; die "the price keeper stopped"; }
  echo "    feeding every 60 s (log: $DEVNET_HOME/keeper.log)"
}

# Pins every code stored on the chain (the protocol's, and any other, such as the gas report's
# cw20-base reference) in the VM's cache, by a proposal of the chain's governance that the
# (first) validator, holding all or most of the stake, passes: a pinned code loads for 2,000 gas
# instead of 60,000. Does nothing when every code is pinned already.
pin_codes() {
  # the voter holds all the stake, or (a network) 300 of 500
  local voter=validator
  [ "$(network_size)" = 1 ] || voter=node0
  local tx=(--from "$voter" --chain-id "$MARS_DEVNET_CHAIN_ID" --node "$RPC_URL" "${KEYRING[@]}"
    --gas 400000 --fees "10000$MARS_DEVNET_DENOM" --yes --output json)
  local all pinned unpinned
  all=$("$WASMD" q wasm list-code --node "$RPC_URL" --limit 1000 --output json |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).code_infos.map(c=>c.code_id).join(" ")))')
  pinned=$("$WASMD" q wasm pinned --node "$RPC_URL" --limit 1000 --output json |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log((JSON.parse(s).code_ids||[]).join(" ")))')
  unpinned=$(comm -23 <(tr ' ' '\n' <<<"$all" | sort) <(tr ' ' '\n' <<<"$pinned" | sort) | tr '\n' ' ')
  unpinned=${unpinned% }
  if [ -z "$unpinned" ]; then
    echo "    every code is pinned: $all"
    return 0
  fi
  local voting
  voting=$("$WASMD" q gov params --node "$RPC_URL" --output json |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(parseInt(JSON.parse(s).params.voting_period)))')
  if [ "$voting" -gt 30 ]; then
    echo "    not pinned: this chain's proposals vote for ${voting}s (a devnet from before pinning: start.sh --reset)"
    return 0
  fi
  # shellcheck disable=SC2086 # one argument per code id
  "$WASMD" tx wasm submit-proposal pin-codes $unpinned --title "Pin codes $unpinned" \
    --summary "Pin the devnet's codes in the VM cache" --deposit "1000000$MARS_DEVNET_DENOM" \
    "${tx[@]}" >/dev/null
  local id waited=0
  until id=$("$WASMD" q gov proposals --node "$RPC_URL" --output json 2>/dev/null |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const p=(JSON.parse(s).proposals||[]).filter(p=>p.status==="PROPOSAL_STATUS_VOTING_PERIOD");if(!p.length)process.exit(1);console.log(p[p.length-1].id)})'); do
    [ "$waited" -lt 40 ] || die "the pin-codes proposal never reached its voting period"
    sleep 0.5
    waited=$((waited + 1))
  done
  "$WASMD" tx gov vote "$id" yes "${tx[@]}" >/dev/null
  waited=0
  while ! "$WASMD" q wasm pinned --node "$RPC_URL" --output json |
    node -e 'let s="";const want=process.argv[1].split(" ");process.stdin.on("data",d=>s+=d).on("end",()=>{const got=(JSON.parse(s).code_ids||[]).map(String);process.exit(want.every(w=>got.includes(w))?0:1)})' "$unpinned"; do
    [ "$waited" -lt 60 ] || die "proposal $id did not pin codes $unpinned (see wasmd q gov proposal $id)"
    sleep 0.5
    waited=$((waited + 1))
  done
  echo "    pinned codes $unpinned (chain proposal $id)"
}

# Deploys (or completes the deployment of) the protocol from ts/configs/devnet.json; addresses go
# to $DEVNET_HOME/deployment.json, the Keplr chain suggestion to $DEVNET_HOME/keplr-chain.json.
deploy_protocol() {
  (cd "$root/ts" && MARS_MNEMONIC="$MARS_DEVNET_MNEMONIC" npx --no-install tsx scripts/deploy.ts \
    --config configs/devnet.json --rpc "$RPC_URL" --rest "$API_URL" \
    --deployment "$DEVNET_HOME/deployment.json" --keplr "$DEVNET_HOME/keplr-chain.json")
}
