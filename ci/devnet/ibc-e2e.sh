#!/usr/bin/env bash
# The two-chain end-to-end test: starts the vault's chain (mars-devnet-1) and a second wasmd
# chain (mars-remote-1, fee denom uremote, with its own USDC, uusdc) in temporary folders on
# their own loopback ports, deploys the protocol on the first, links an ICS-20 transfer channel
# between them with the Go relayer (built once by ci/devnet/build-relayer.sh) and runs
# ts/test/ibc-e2e.test.ts, which relays each packet itself (`rly tx flush`). Adds the packets'
# gasUsed to gas-report.chain.json (the `ibc` setting) and stops both nodes.
#
#   bash ci/devnet/ibc-e2e.sh
#
# Runs after ci/devnet/e2e.sh in the test command (it keeps the gas that test wrote). Set
# MARS_IBC_E2E_HOME to keep the chains' folders (and the relayer's) after the test.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
work=${MARS_IBC_E2E_HOME:-$(mktemp -d "${TMPDIR:-/tmp}/mars-ibc.XXXXXX")}
mkdir -p "$work"
# shellcheck source=ci/devnet/lib.sh
source ci/devnet/lib.sh
PATH_NAME=mars-remote
# the vault's chain is the devnet of devnet.env, on other ports
VAULT_CHAIN=("$MARS_DEVNET_CHAIN_ID" "$MARS_DEVNET_DENOM" "$MARS_DEVNET_NATIVE_ASSETS")

# Selects the vault's chain (1) or the remote chain (2): home, ids, denoms and ports.
chain() {
  if [ "$1" = 1 ]; then
    export MARS_DEVNET_HOME=$work/mars MARS_DEVNET_CHAIN_ID=${VAULT_CHAIN[0]} \
      MARS_DEVNET_DENOM=${VAULT_CHAIN[1]} MARS_DEVNET_NATIVE_ASSETS=${VAULT_CHAIN[2]} \
      MARS_DEVNET_RPC_PORT=26957 MARS_DEVNET_P2P_PORT=26956 MARS_DEVNET_API_PORT=1617 \
      MARS_DEVNET_GRPC_PORT=9390
  else
    export MARS_DEVNET_HOME=$work/remote MARS_DEVNET_CHAIN_ID=mars-remote-1 MARS_DEVNET_DENOM=uremote \
      MARS_DEVNET_RPC_PORT=27057 MARS_DEVNET_P2P_PORT=27056 MARS_DEVNET_API_PORT=1717 \
      MARS_DEVNET_GRPC_PORT=9490 MARS_DEVNET_NATIVE_ASSETS="uusdc:6"
  fi
  select_devnet
}

discard_chains_on_exit "$work" "${MARS_IBC_E2E_HOME:+keep}" chain 1 2

prepare_test_tools
step "relayer (ci/devnet/build-relayer.sh)"
RLY=$(bash ci/devnet/build-relayer.sh)
printf '    %s (rly %s)\n' "$RLY" "$("$RLY" version 2>&1 | sed -n 's/^version: *//p')"

for c in 1 2; do
  chain "$c"
  init_chain
  start_node
done

chain 1
step "deploying the protocol on $MARS_DEVNET_CHAIN_ID"
deploy_protocol >/dev/null
MARS_RPC=$RPC_URL
DEPLOYMENT=$DEVNET_HOME/deployment.json

step "relayer configuration ($work/relayer)"
RLY_HOME=$work/relayer
rly() { "$RLY" --home "$RLY_HOME" "$@"; }
rly config init >/dev/null
for c in 1 2; do
  chain "$c"
  # with 300 ms blocks the relayer must not wait for its default loop duration between queries;
  # durations in this file are nanoseconds (100 ms)
  cat >"$work/$MARS_DEVNET_CHAIN_ID.json" <<EOF
{
  "type": "cosmos",
  "value": {
    "key": "relayer",
    "chain-id": "$MARS_DEVNET_CHAIN_ID",
    "rpc-addr": "$RPC_URL",
    "account-prefix": "wasm",
    "keyring-backend": "test",
    "gas-adjustment": 1.5,
    "gas-prices": "0.025$MARS_DEVNET_DENOM",
    "min-gas-amount": 0,
    "max-gas-amount": 0,
    "debug": false,
    "timeout": "20s",
    "block-timeout": "",
    "output-format": "json",
    "sign-mode": "direct",
    "extra-codecs": [],
    "coin-type": 118,
    "signing-algorithm": "",
    "broadcast-mode": "batch",
    "min-loop-duration": 100000000,
    "extension-options": [],
    "feegrants": null
  }
}
EOF
  rly chains add --file "$work/$MARS_DEVNET_CHAIN_ID.json" "$MARS_DEVNET_CHAIN_ID" >/dev/null
  # the relayer derives the mnemonic's first account, the validator's: nothing else signs with it
  rly keys restore "$MARS_DEVNET_CHAIN_ID" relayer "$MARS_DEVNET_MNEMONIC" >/dev/null
done
rly paths new "${VAULT_CHAIN[0]}" mars-remote-1 "$PATH_NAME" >/dev/null

step "linking a transfer channel (clients, connection, channel)"
rly tx link "$PATH_NAME" --src-port transfer --dst-port transfer --version ics20-1 \
  >"$work/link.log" 2>&1 || { tail -n 30 "$work/link.log" >&2; die "rly tx link failed (log above)"; }
channels=$(rly q channels "${VAULT_CHAIN[0]}" -o json 2>/dev/null)
read -r CHANNEL REMOTE_CHANNEL < <(node -e '
  const lines = process.argv[1].trim().split("\n").map((l) => JSON.parse(l));
  const c = lines.find((l) => l.port_id === "transfer" && l.state === "STATE_OPEN");
  if (!c) process.exit(1);
  console.log(c.channel_id, c.counterparty.channel_id);
' "$channels") || die "no open transfer channel on ${VAULT_CHAIN[0]}: $channels"
printf '    %s %s <-> mars-remote-1 %s\n' "${VAULT_CHAIN[0]}" "$CHANNEL" "$REMOTE_CHANNEL"

chain 2
step "two-chain test (ts/test/ibc-e2e.test.ts)"
(cd ts && MARS_MNEMONIC="$MARS_DEVNET_MNEMONIC" MARS_RPC="$MARS_RPC" MARS_DEPLOYMENT="$DEPLOYMENT" \
  MARS_CHAIN_GAS_OUT="$root/gas-report.chain.json" MARS_REMOTE_RPC="$RPC_URL" \
  MARS_REMOTE_CHAIN_ID="$MARS_DEVNET_CHAIN_ID" MARS_REMOTE_GAS_PRICE="0.025$MARS_DEVNET_DENOM" \
  MARS_IBC_CHANNEL="$CHANNEL" MARS_REMOTE_CHANNEL="$REMOTE_CHANNEL" \
  MARS_RLY="$RLY" MARS_RLY_HOME="$RLY_HOME" MARS_RLY_PATH="$PATH_NAME" npm run --silent test:ibc-e2e)
