// Two chains and a relayer (ci/devnet/ibc-e2e.sh starts them, deploys the protocol on the first
// and links a transfer channel): USDC native to the second chain ("remote") arrives on the vault's
// chain as the channel's ibc/<hash> voucher, which XMS governance whitelists. Then a user on the
// remote chain mints USDm with one transfer; transfers the vault must refuse are refunded on the
// remote chain; a redemption pays out there; a payout that times out becomes the redeemer's claim;
// a transfer with no callback memo is left unaccounted.
// Packets are relayed by `rly tx flush`, so the test decides when (and whether) a packet moves.
// Every transaction's gasUsed goes to the `ibc` setting of the gas report's chain file.
//
// Environment, besides e2e-context.ts's: MARS_REMOTE_RPC, MARS_REMOTE_CHAIN_ID,
// MARS_REMOTE_GAS_PRICE, MARS_IBC_CHANNEL (the vault chain's end of the channel),
// MARS_REMOTE_CHANNEL (the remote end), MARS_RLY, MARS_RLY_HOME and MARS_RLY_PATH (the relayer,
// its home and the path's name).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { after, before, test } from "node:test";
import type { DeliverTxResponse, MsgTransferEncodeObject } from "@cosmjs/stargate";
import { type Connection, connect } from "../src/chain";
import { ibcDenom, mintMemo, mintTransfer, redeemToChain } from "../src/ibc";
import { MarsOracleClient } from "../src/contracts/MarsOracle.client";
import { E2e, USD } from "./e2e-context";

const env = (name: string) => {
  const value = process.env[name];
  assert.ok(value, `set ${name} (ci/devnet/ibc-e2e.sh does)`);
  return value;
};

/** The remote chain's USDC and what it becomes on the vault's chain. */
const REMOTE_USDC = "uusdc";
let e: E2e;
let remote: Connection;
let channel: string;
let remoteChannel: string;
let voucher: string;

const rly = (...args: string[]) => execFileSync(env("MARS_RLY"), [...args, "--home", env("MARS_RLY_HOME")], { stdio: "pipe" }).toString();

/** Relays every packet, acknowledgement and timeout waiting on the path, both ways: flushes
 * until the relayer finds nothing left (a flush may end before the acknowledgement of the
 * packet it delivered is relayed back). */
function relay() {
  const path = env("MARS_RLY_PATH");
  const pending = (query: string) => {
    const { src, dst } = JSON.parse(rly("q", query, path, channel)) as { src: number[] | null; dst: number[] | null };
    return (src ?? []).length + (dst ?? []).length;
  };
  let failure = "";
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      rly("tx", "flush", path);
      if (pending("unrelayed-packets") + pending("unrelayed-acks") === 0) return;
    } catch (err) {
      // a flush the relayer gave up (a node slow to answer): the next one starts over
      failure = `; the last flush failed: ${(err as { stderr?: Buffer }).stderr?.toString().slice(-500) ?? err}`;
    }
  }
  assert.fail(`packets still waiting on ${path} after 5 flushes${failure}`);
}

/** The gasUsed of the vault chain's transaction that carries `event` of packet `sequence`. */
async function relayedGas(event: string, sequence: string, channelKey: string, channelId: string): Promise<number> {
  const txs = await e.conn.client.searchTx(`${event}.packet_sequence='${sequence}' AND ${event}.${channelKey}='${channelId}'`);
  assert.equal(txs.length, 1, `one transaction with ${event} of packet ${sequence}`);
  assert.equal(txs[0].code, 0, `the relayed ${event} succeeded`);
  return Number(txs[0].gasUsed);
}

/** A transaction result with its events. */
type WithEvents = { events: readonly { type: string; attributes: readonly { key: string; value: string }[] }[] };

/** The sequence of the packet a transaction sent. */
function sentSequence(res: WithEvents): string {
  const sent = res.events.find((ev) => ev.type === "send_packet");
  assert.ok(sent, "the transaction sent a packet");
  return sent.attributes.find((a) => a.key === "packet_sequence")!.value;
}

const remoteUsdc = async (addr: string) => BigInt((await remote.client.getBalance(addr, REMOTE_USDC)).amount);
const voucherOf = async (addr: string) => BigInt((await e.conn.client.getBalance(addr, voucher)).amount);
const wasmEvent = (res: WithEvents, action: string) =>
  res.events.some((ev) => ev.type === "wasm" && ev.attributes.some((a) => a.key === "action" && a.value === action));

const timeoutIn10Minutes = () => BigInt(Date.now() + 600_000) * 1_000_000n;

/** Signs `msg` as alice on the remote chain; it must succeed there. */
async function onRemote(msg: MsgTransferEncodeObject): Promise<DeliverTxResponse> {
  const res = await remote.client.signAndBroadcast(remote.accounts.alice, [msg], remote.fee);
  assert.equal(res.code, 0, res.rawLog);
  return res;
}

/** Alice's ICS-20 transfer of the remote chain's USDC to `receiver` with any `memo`. */
function rawTransfer(amount: bigint, receiver: string, memo: string): MsgTransferEncodeObject {
  return {
    typeUrl: "/ibc.applications.transfer.v1.MsgTransfer",
    value: {
      sourcePort: "transfer", sourceChannel: remoteChannel, token: { denom: REMOTE_USDC, amount: amount.toString() },
      sender: remote.accounts.alice, receiver, timeoutTimestamp: timeoutIn10Minutes(), memo,
    },
  };
}

/** The vault's claims and unaccounted part of the voucher, from the State query. */
async function vaultVoucherState() {
  const state = await e.vault(e.alice).state();
  const entry = state.assets.find((a) => "native" in a.asset && a.asset.native.denom === voucher)!;
  return { unaccounted: BigInt(entry.unaccounted), claims: BigInt(entry.claims ?? "0") };
}

before(async () => {
  e = await E2e.connect();
  remote = await connect(
    { ...e.config.chain, chainId: env("MARS_REMOTE_CHAIN_ID"), rpc: env("MARS_REMOTE_RPC"), gasPrice: env("MARS_REMOTE_GAS_PRICE") },
    env("MARS_MNEMONIC"),
    e.config.accounts,
  );
  channel = env("MARS_IBC_CHANNEL");
  remoteChannel = env("MARS_REMOTE_CHANNEL");
  voucher = ibcDenom("transfer", channel, REMOTE_USDC);
});

after(() => e.writeGas("ibc"));

test("the reference: a cw20-base transfer on the vault's chain", async () => {
  await e.measureReference(true);
});

test("XMS governance whitelists the channel's USDC voucher and its price source in one proposal", async () => {
  await e.stake(e.alice, 500_000n * USD);
  await e.stake(e.bob, 300_000n * USD);
  const asset = { native: { denom: voucher } };
  const { id } = await e.proposeMsgs(e.alice, "Whitelist remote USDC", `USDC of the remote chain over ${channel}.`, [
    {
      contract: e.d.contracts.oracle!,
      msg: { set_price_source: { asset, source: { feeder: { feeders: [e.feeder], max_staleness: 3600, max_change_bps: 5000 } } } },
    },
    {
      contract: e.d.contracts.vault!,
      msg: {
        add_asset: {
          params: {
            asset, decimals: 6, tier: "stablecoin", max_share: 10_000,
            // $5,000 of it at most, so that a larger transfer is refused
            value_ceiling: (5_000n * USD).toString(),
            mint_fee: 30, redeem_fee: 50, mint_enabled: true, redeem_enabled: true,
          },
        },
      },
    },
  ]);
  await e.governance(e.alice).vote({ id, vote: "yes" }, e.conn.fee);
  await e.governance(e.bob).vote({ id, vote: "yes" }, e.conn.fee);
  await e.waitForStatus(id, "executable");
  await e.governance(e.bob).execute({ id }, e.conn.fee);

  const oracle = new MarsOracleClient(e.conn.client, e.feeder, e.d.contracts.oracle!);
  await oracle.feedPrices({ prices: [{ asset, price: "1" }] }, e.conn.fee);
  const { params } = await e.vault(e.alice).asset({ asset });
  assert.equal(params.tier, "stablecoin");
  assert.deepEqual(params.asset, { native: { denom: voucher } });
});

test("a user on the remote chain mints USDm on the vault's chain with one transfer", async () => {
  const [remoteBefore, usdmBefore, supply, held] = [await remoteUsdc(remote.accounts.alice), await e.usdm(e.alice), await e.usdmSupply(), await voucherOf(e.d.contracts.vault!)];
  const sent = await onRemote(mintTransfer({
    sender: remote.accounts.alice, sourceChannel: remoteChannel, vault: e.d.contracts.vault!,
    token: { denom: REMOTE_USDC, amount: (1_000n * USD).toString() },
    mint: { beneficiary: e.alice, min_out: (997n * USD).toString() }, timeoutTimestampNs: timeoutIn10Minutes(),
  }));
  e.gas["ibc mint: the transfer on the remote chain"] = Number(sent.gasUsed);
  assert.equal(await remoteUsdc(remote.accounts.alice), remoteBefore - 1_000n * USD, "sent from the remote chain");
  relay();
  assert.equal(await e.usdm(e.alice), usdmBefore + 997n * USD, "1,000 USDC at $1 less the 0.3% fee, to the beneficiary");
  assert.equal(await e.usdmSupply(), supply + 997n * USD);
  assert.equal(await voucherOf(e.d.contracts.vault!), held + 1_000n * USD, "the vault holds the voucher");
  assert.equal((await vaultVoucherState()).unaccounted, 0n, "every voucher the vault holds is accounted");
  e.gas["ibc mint: the relayed receive (the callback mints)"] = await relayedGas("recv_packet", sentSequence(sent), "packet_dst_channel", channel);
});

test("transfers the vault refuses are refunded on the remote chain: over the ceiling, to another receiver, a bad beneficiary, min_out not met", async () => {
  const vault = e.d.contracts.vault!;
  const refused: [string, bigint, string, string][] = [
    ["above the asset's $5,000 ceiling", 10_000n * USD, vault, mintMemo(vault, { beneficiary: e.alice })],
    ["to bob with the vault as the callback", 100n * USD, e.bob, mintMemo(vault, { beneficiary: e.alice })],
    ["a beneficiary that is no address", 100n * USD, vault, JSON.stringify({ dest_callback: { address: vault }, mars: { beneficiary: "not an address" } })],
    ["min_out above what the mint gives", 100n * USD, vault, mintMemo(vault, { beneficiary: e.alice, min_out: (100n * USD).toString() })],
  ];
  for (const [why, amount, receiver, memo] of refused) {
    const [remoteBefore, usdmBefore, supply, held, bobVoucher] = [await remoteUsdc(remote.accounts.alice), await e.usdm(e.alice), await e.usdmSupply(), await voucherOf(vault), await voucherOf(e.bob)];
    const sent = await onRemote(rawTransfer(amount, receiver, memo));
    assert.equal(await remoteUsdc(remote.accounts.alice), remoteBefore - amount, `${why}: sent`);
    relay();
    assert.equal(await remoteUsdc(remote.accounts.alice), remoteBefore, `${why}: refunded on the remote chain`);
    assert.equal(await e.usdm(e.alice), usdmBefore, `${why}: nothing minted`);
    assert.equal(await e.usdmSupply(), supply, `${why}: supply unchanged`);
    assert.equal(await voucherOf(vault), held, `${why}: nothing left in the vault`);
    assert.equal(await voucherOf(e.bob), bobVoucher, `${why}: nothing delivered to the receiver`);
    if (why.startsWith("above")) {
      e.gas["ibc mint refused: the relayed receive (an error acknowledgement)"] = await relayedGas("recv_packet", sentSequence(sent), "packet_dst_channel", channel);
    }
  }
  assert.equal((await vaultVoucherState()).unaccounted, 0n);
});

test("a redemption pays out on the remote chain: the voucher goes home as the remote chain's USDC", async () => {
  const [remoteBefore, held, supply] = [await remoteUsdc(remote.accounts.alice), await voucherOf(e.d.contracts.vault!), await e.usdmSupply()];
  const res = await e.conn.client.signAndBroadcast(e.alice, [redeemToChain({
    sender: e.alice, usdm: e.d.contracts.usdm!, vault: e.d.contracts.vault!, amount: (100n * USD).toString(),
    mode: { single: { asset: { native: { denom: voucher } } } },
    destination: { channel, receiver: remote.accounts.alice },
  })], e.conn.fee);
  assert.equal(res.code, 0, res.rawLog);
  e.gas["redeem to another chain (single, the user's transaction)"] = Number(res.gasUsed);
  assert.equal(await e.usdmSupply(), supply - 100n * USD, "burnt at once");
  assert.equal(await voucherOf(e.d.contracts.vault!), held - 99_500_000n, "100 USDm less the 0.5% fee leaves the vault");
  const [pending] = await e.vault(e.alice).ibcPayouts({ redeemer: e.alice });
  assert.deepEqual([pending.channel, pending.receiver, pending.coin], [channel, remote.accounts.alice, { denom: voucher, amount: "99500000" }]);

  relay();
  assert.equal(await remoteUsdc(remote.accounts.alice), remoteBefore + 99_500_000n, "paid on the remote chain in its own USDC");
  assert.deepEqual(await e.vault(e.alice).ibcPayouts({ redeemer: e.alice }), [], "settled by the acknowledgement");
  assert.deepEqual((await e.vault(e.alice).claims({ owner: e.alice })).claims, [], "no claim");
  e.gas["ibc payout: the relayed acknowledgement (source callback)"] = await relayedGas("acknowledge_packet", sentSequence(res), "packet_src_channel", channel);
});

test("a payout that times out becomes the redeemer's claim, withdrawn on the vault's chain", async () => {
  const [remoteBefore, held] = [await remoteUsdc(remote.accounts.alice), await voucherOf(e.d.contracts.vault!)];
  const res = await e.conn.client.signAndBroadcast(e.alice, [redeemToChain({
    sender: e.alice, usdm: e.d.contracts.usdm!, vault: e.d.contracts.vault!, amount: (100n * USD).toString(),
    mode: { single: { asset: { native: { denom: voucher } } } },
    destination: { channel, receiver: remote.accounts.alice, timeout_seconds: 1 },
  })], e.conn.fee);
  assert.equal(res.code, 0, res.rawLog);
  // nothing relays the packet before its timeout has passed on the remote chain
  const remoteTime = async () => Date.parse((await remote.client.getBlock()).header.time);
  const sentAt = Date.parse((await e.conn.client.getBlock(res.height)).header.time);
  while ((await remoteTime()) <= sentAt + 2_000) await new Promise((r) => setTimeout(r, 300));

  relay();
  assert.equal(await remoteUsdc(remote.accounts.alice), remoteBefore, "nothing arrived on the remote chain");
  assert.deepEqual((await e.vault(e.alice).claims({ owner: e.alice })).claims, [{ denom: voucher, amount: "99500000" }], "the coins are alice's claim");
  assert.deepEqual(await e.vault(e.alice).ibcPayouts({ redeemer: e.alice }), [], "settled by the timeout");
  assert.equal(await voucherOf(e.d.contracts.vault!), held, "back in the vault, as a claim");
  const state = await vaultVoucherState();
  assert.equal(state.claims, 99_500_000n, "the State query reports the claim apart");
  assert.equal(state.unaccounted, 0n, "and does not count it as unaccounted");
  e.gas["ibc payout: the relayed timeout (the claim is credited)"] = await relayedGas("timeout_packet", sentSequence(res), "packet_src_channel", channel);

  const mine = await voucherOf(e.alice);
  const withdrawn = await e.vault(e.alice).withdrawClaims(e.conn.fee);
  e.gas["withdraw claims"] = Number(withdrawn.gasUsed);
  assert.ok(wasmEvent(withdrawn, "withdraw_claims"));
  assert.equal(await voucherOf(e.alice), mine + 99_500_000n, "withdrawn to alice");
  assert.deepEqual((await e.vault(e.alice).claims({ owner: e.alice })).claims, []);
  assert.equal(await voucherOf(e.d.contracts.vault!), held - 99_500_000n);
});

test("a transfer to the vault whose memo names no callback mints nothing; State reports its coins unaccounted", async () => {
  const [usdm, supply, held, before] = [await e.usdm(e.alice), await e.usdmSupply(), await voucherOf(e.d.contracts.vault!), await vaultVoucherState()];
  await onRemote(rawTransfer(10n * USD, e.d.contracts.vault!, ""));
  relay();
  assert.equal(await voucherOf(e.d.contracts.vault!), held + 10n * USD, "delivered as a plain transfer");
  assert.equal(await e.usdm(e.alice), usdm, "nothing minted");
  assert.equal(await e.usdmSupply(), supply);
  assert.equal((await vaultVoucherState()).unaccounted, before.unaccounted + 10n * USD, "not collateral: unaccounted");
});
