// End to end on a running node with the protocol freshly deployed by scripts/deploy.ts
// (ci/devnet/e2e.sh starts a new devnet, deploys and runs this; a second run on the same chain
// finds ATOM already re-tiered): prices, mints with a native coin and a cw20,
// single and proportional redemptions, and a re-tier through XMS governance, each checked by
// balances, supplies and queries. Every measured transaction's gasUsed goes to
// $MARS_CHAIN_GAS_OUT (default ../gas-report.chain.json) for the gas report.
//
// Environment: MARS_MNEMONIC (the devnet mnemonic), MARS_DEPLOYMENT (the deployment file),
// MARS_RPC (default: the configuration's).
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, before, test } from "node:test";
import type { ExecuteResult } from "@cosmjs/cosmwasm-stargate";
import { type Connection, connect } from "../src/chain";
import { type DeployConfig, loadConfig } from "../src/config";
import { assetInfo, sha256 } from "../src/deploy";
import type { Deployment } from "../src/deployment";
import { hookMsg, toBinary, type VaultHook } from "../src/hooks";
import { MarsGovernanceClient } from "../src/contracts/MarsGovernance.client";
import { MarsOracleClient } from "../src/contracts/MarsOracle.client";
import { MarsUsdmClient } from "../src/contracts/MarsUsdm.client";
import { MarsVaultClient } from "../src/contracts/MarsVault.client";
import type { AssetInfoBaseForString } from "../src/contracts/MarsVault.types";

const here = import.meta.dirname;
const USD = 1_000_000n;
const gasOut = process.env.MARS_CHAIN_GAS_OUT ?? resolve(here, "../../gas-report.chain.json");

let config: DeployConfig;
let conn: Connection;
let d: Deployment;
let alice: string, bob: string, feeder: string;
const gas: Record<string, number> = {};

const record = (operation: string, res: ExecuteResult) => {
  gas[operation] = Number(res.gasUsed);
  return res;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const asset = (symbol: string): AssetInfoBaseForString =>
  assetInfo(config.assets.find((a) => a.symbol === symbol)!, d);
const denom = (symbol: string) => {
  const info = asset(symbol);
  assert.ok("native" in info, `${symbol} is not a native asset`);
  return info.native.denom;
};
const vault = (sender: string) => new MarsVaultClient(conn.client, sender, d.contracts.vault!);
const token = (addr: string, sender = alice) => new MarsUsdmClient(conn.client, sender, addr);
const governance = (sender: string) => new MarsGovernanceClient(conn.client, sender, d.contracts.governance!);

async function native(addr: string, symbol: string): Promise<bigint> {
  return BigInt((await conn.client.getBalance(addr, denom(symbol))).amount);
}
async function cw20(tokenAddr: string, addr: string): Promise<bigint> {
  return BigInt((await token(tokenAddr).balance({ address: addr })).balance);
}
const usdm = (addr: string) => cw20(d.contracts.usdm!, addr);
const usdmSupply = async () => BigInt((await token(d.contracts.usdm!).tokenInfo()).total_supply);

/** Mints with a native coin: funds attached to the vault's `mint`. */
const mintNative = (sender: string, symbol: string, amount: bigint) =>
  vault(sender).mint({}, conn.fee, undefined, [{ denom: denom(symbol), amount: amount.toString() }]);

/** USDm `send` to the vault with a redeem hook. */
const redeem = (sender: string, amount: bigint, hook: VaultHook) =>
  token(d.contracts.usdm!, sender).send({ contract: d.contracts.vault!, amount: amount.toString(), msg: hookMsg(hook) }, conn.fee);

/** Waits until the proposal reaches `status` (queries see the latest block's time). */
async function waitForStatus(id: number, status: string, timeoutMs = 60_000) {
  const started = Date.now();
  for (;;) {
    const now = (await governance(alice).proposal({ id })).status;
    if (now === status) return;
    assert.ok(Date.now() - started < timeoutMs, `proposal ${id} stayed ${now}, never ${status}`);
    await sleep(300);
  }
}

before(async () => {
  config = loadConfig(resolve(here, "../configs/devnet.json"));
  if (process.env.MARS_RPC) config.chain.rpc = process.env.MARS_RPC;
  const mnemonic = process.env.MARS_MNEMONIC;
  assert.ok(mnemonic, "set MARS_MNEMONIC (ci/devnet/e2e.sh does)");
  conn = await connect(config.chain, mnemonic, config.accounts);
  d = JSON.parse(readFileSync(process.env.MARS_DEPLOYMENT ?? resolve(here, "../../.devnet/deployment.json"), "utf8"));
  ({ alice, bob, feeder } = conn.accounts);
});

after(() => {
  if (Object.keys(gas).length > 0) writeFileSync(gasOut, JSON.stringify({ node: "wasmd v0.61.14", gas_used: gas }, null, 2) + "\n");
});

test("the deployment: governance owns the vault and the oracle, the vault is USDm's only minter, XMS has no admin", async () => {
  const gov = d.contracts.governance!;
  assert.equal((await vault(alice).ownership()).owner, gov);
  assert.equal((await new MarsOracleClient(conn.client, alice, d.contracts.oracle!).ownership()).owner, gov);
  assert.equal((await token(d.contracts.usdm!).minter())?.minter, d.contracts.vault);
  for (const c of [d.contracts.usdm!, d.contracts.vault!, d.contracts.oracle!, gov]) {
    assert.equal((await conn.client.getContract(c)).admin, gov, `admin of ${c}`);
  }
  // governance holds the stakes in XMS: nobody may migrate it
  assert.equal((await conn.client.getContract(d.contracts.xms!)).admin, undefined, "admin of XMS");
  for (const a of config.assets) {
    const { params } = await vault(alice).asset({ asset: asset(a.symbol) });
    assert.deepEqual([params.tier, params.max_share], [a.tier, a.maxShare], a.symbol);
  }
});

test("the reference: a cw20-base transfer and mint on the same node", async () => {
  const wasm = readFileSync(join(config.artifactsDir, "reference/cw20_base.wasm"));
  const checksum = sha256(wasm);
  const stored = (await conn.client.getCodes()).find((c) => c.checksum === checksum);
  const codeId = stored?.id ?? (await conn.client.upload(alice, wasm, conn.fee)).codeId;
  const { contractAddress } = await conn.client.instantiate(alice, codeId, {
    name: "Reference", symbol: "REF", decimals: 6,
    initial_balances: [{ address: alice, amount: (1_000n * USD).toString() }],
    mint: { minter: alice, cap: null },
  }, "reference cw20-base", conn.fee);
  const ref = token(contractAddress);
  record("cw20-base transfer (reference)", await ref.transfer({ recipient: bob, amount: USD.toString() }, conn.fee));
  record("cw20-base mint", await ref.mint({ recipient: bob, amount: USD.toString() }, conn.fee));
  assert.equal(await cw20(contractAddress, bob), 2n * USD);
});

test("the feeder prices every asset in one transaction", async () => {
  const prices = config.assets.map((a) => ({ asset: asset(a.symbol), price: a.initialPrice! }));
  await new MarsOracleClient(conn.client, feeder, d.contracts.oracle!).feedPrices({ prices }, conn.fee);
  const answer = await new MarsOracleClient(conn.client, alice, d.contracts.oracle!).prices({ assets: prices.map((p) => p.asset) });
  assert.deepEqual(answer.map((p) => [p.asset, p.price]), prices.map((p) => [p.asset, p.price]));
});

test("mint with a native coin and with a cw20", async () => {
  await mintNative(alice, "USDC", 50_000n * USD);
  await mintNative(bob, "BTC", 10_000_000n); // 0.1 BTC

  const [usdmBefore, vaultUsdc, supply] = [await usdm(alice), await native(d.contracts.vault!, "USDC"), await usdmSupply()];
  const res = record("vault mint, native (6-asset basket)", await mintNative(alice, "USDC", 1_000n * USD));
  assert.equal(await usdm(alice), usdmBefore + 997n * USD, "1,000 USDC at $1 less the 0.3% fee");
  assert.equal(await native(d.contracts.vault!, "USDC"), vaultUsdc + 1_000n * USD);
  assert.equal(await usdmSupply(), supply + 997n * USD);
  assert.ok(res.events.some((e) => e.type === "wasm" && e.attributes.some((a) => a.key === "action" && a.value === "mint")));

  const aave = d.tokens.AAVE;
  const [usdmBefore2, vaultAave] = [await usdm(alice), await cw20(aave, d.contracts.vault!)];
  record("vault mint, cw20 (6-asset basket)", await token(aave).send(
    { contract: d.contracts.vault!, amount: (10n * USD).toString(), msg: hookMsg({ mint: {} }) }, conn.fee));
  assert.equal(await usdm(alice), usdmBefore2 + 997n * USD, "10 AAVE at $100 less the 0.3% fee");
  assert.equal(await cw20(aave, d.contracts.vault!), vaultAave + 10n * USD);

  const bobUsdm = await usdm(bob);
  record("usdm transfer", await token(d.contracts.usdm!).transfer({ recipient: bob, amount: USD.toString() }, conn.fee));
  assert.equal(await usdm(bob), bobUsdm + USD);
});

test("single and proportional redemption", async () => {
  const [usdc, supply] = [await native(alice, "USDC"), await usdmSupply()];
  record("single redeem (6-asset basket)", await redeem(alice, 100n * USD, { redeem: { mode: { single: { asset: asset("USDC") } } } }));
  assert.equal(await native(alice, "USDC"), usdc + 99_500_000n, "100 USDm less the 0.5% fee, in USDC at $1");
  assert.equal(await usdmSupply(), supply - 100n * USD);

  const before = { usdc: await native(alice, "USDC"), btc: await native(alice, "BTC"), aave: await cw20(d.tokens.AAVE, alice) };
  record("proportional redeem (6-asset basket, 3 held)", await redeem(alice, 100n * USD, { redeem: { mode: { proportional: { min_out: [] } } } }));
  const got = {
    usdc: (await native(alice, "USDC")) - before.usdc,
    btc: (await native(alice, "BTC")) - before.btc,
    aave: (await cw20(d.tokens.AAVE, alice)) - before.aave,
  };
  assert.ok(got.usdc > 0n && got.btc > 0n && got.aave > 0n, `a slice of every held asset: ${JSON.stringify(got, (_k, v) => String(v))}`);
  // in micro-USD: USDC $1 (6 dec), BTC $60,000 (8 dec), AAVE $100 (6 dec)
  const value = got.usdc + (got.btc * 60_000n) / 100n + got.aave * 100n;
  assert.ok(value <= 99_500_000n && value > 99_400_000n, `worth 100 USDm less the 0.5% fee, rounded down: ${value}`);
  assert.equal(await usdmSupply(), supply - 200n * USD);
});

test("XMS holders re-tier ATOM through governance; a mint the new cap forbids is refused on chain", async () => {
  const xms = d.contracts.xms!;
  const gov = d.contracts.governance!;
  const stake = (who: string, amount: bigint) =>
    token(xms, who).send({ contract: gov, amount: amount.toString(), msg: hookMsg({ stake: {} }) }, conn.fee);
  record("stake", await stake(alice, 500_000n * USD));
  await stake(bob, 300_000n * USD);

  const update = { update_asset: { asset: asset("ATOM"), update: { tier: "defi_blue_chip", max_share: 1_000 } } };
  const proposal = {
    propose: {
      title: "Move ATOM to DeFi blue chips at 10%",
      description: "Re-tier ATOM and lower its cap.",
      msgs: [{ wasm: { execute: { contract_addr: d.contracts.vault!, msg: toBinary(update), funds: [] } } }],
    },
  };
  const proposed = record("propose (one vault message)", await token(xms, alice).send(
    { contract: gov, amount: config.governance.minDeposit, msg: hookMsg(proposal) }, conn.fee));
  const id = Number(proposed.events.flatMap((e) => (e.type === "wasm" ? e.attributes : [])).find((a) => a.key === "id")!.value);

  record("vote", await governance(alice).vote({ id, vote: "yes" }, conn.fee));
  await governance(bob).vote({ id, vote: "yes" }, conn.fee);
  assert.equal((await governance(alice).ballot({ id, voter: bob }))?.vote, "yes");

  await waitForStatus(id, "timelocked");
  await assert.rejects(governance(bob).execute({ id }, conn.fee), /timelock/);

  await waitForStatus(id, "executable");
  record("execute proposal (one vault message)", await governance(bob).execute({ id }, conn.fee));
  const atom = await vault(alice).asset({ asset: asset("ATOM") });
  assert.equal(atom.params.tier, "defi_blue_chip");
  assert.equal(atom.params.max_share, 1_000);

  // ~$57,800 in the vault: $10,000 of ATOM would be ~15%, above the new 10% cap. Sent with a fixed
  // gas limit so the node includes it in a block and the contract refuses it there.
  const [atomBefore, supply] = [await native(alice, "ATOM"), await usdmSupply()];
  await assert.rejects(
    vault(alice).mint({}, { amount: [{ denom: config.chain.feeDenom, amount: "50000" }], gas: "2000000" }, undefined,
      [{ denom: denom("ATOM"), amount: (1_000n * USD).toString() }]),
    (e: Error) => {
      assert.match(e.message, /at height \d+/, "included in a block");
      assert.match(e.message, /native:uatom would reach \d+bps of the vault, above its cap of 1000bps/);
      return true;
    },
  );
  assert.equal(await native(alice, "ATOM"), atomBefore, "nothing taken");
  assert.equal(await usdmSupply(), supply, "nothing minted");
});
