// End to end on a running node with the protocol freshly deployed by scripts/deploy.ts
// (ci/devnet/e2e.sh starts a new devnet, deploys and runs this; a second run on the same chain
// finds ATOM already re-tiered): prices, mints with a native coin and a cw20,
// single and proportional redemptions, and a re-tier through XMS governance, each checked by
// balances, supplies and queries. Every measured transaction's gasUsed goes to the chain file of
// the gas report (`gas_used`, codes not pinned yet; see e2e-context.ts for the environment).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { sha256 } from "../src/deploy";
import { MarsOracleClient } from "../src/contracts/MarsOracle.client";
import { MarsSwapClient } from "../src/contracts/MarsSwap.client";
import { E2e, USD } from "./e2e-context";

let e: E2e;

before(async () => {
  e = await E2e.connect();
});

after(() => e.writeGas("gas_used"));

test("the deployment: governance owns the vault and the oracle, the vault is USDm's only minter, XMS has no admin", async () => {
  const gov = e.d.contracts.governance!;
  assert.equal((await e.vault(e.alice).ownership()).owner, gov);
  assert.equal((await new MarsOracleClient(e.conn.client, e.alice, e.d.contracts.oracle!).ownership()).owner, gov);
  assert.equal((await e.token(e.d.contracts.usdm!).minter())?.minter, e.d.contracts.vault);
  for (const c of [e.d.contracts.usdm!, e.d.contracts.vault!, e.d.contracts.oracle!, gov]) {
    assert.equal((await e.conn.client.getContract(c)).admin, gov, `admin of ${c}`);
  }
  // governance holds the stakes in XMS: nobody may migrate it
  assert.equal((await e.conn.client.getContract(e.d.contracts.xms!)).admin, undefined, "admin of XMS");
  for (const a of e.config.assets) {
    const { params } = await e.vault(e.alice).asset({ asset: e.asset(a.symbol) });
    assert.deepEqual([params.tier, params.max_share], [a.tier, a.maxShare], a.symbol);
  }
});

test("the reference: a cw20-base transfer and mint on the same node", async () => {
  await e.measureReference();
});

test("the feeder prices every asset in one transaction", async () => {
  const prices = e.config.assets.map((a) => ({ asset: e.asset(a.symbol), price: a.initialPrice! }));
  await new MarsOracleClient(e.conn.client, e.feeder, e.d.contracts.oracle!).feedPrices({ prices }, e.conn.fee);
  const answer = await new MarsOracleClient(e.conn.client, e.alice, e.d.contracts.oracle!).prices({ assets: prices.map((p) => p.asset) });
  assert.deepEqual(answer.map((p) => [p.asset, p.price]), prices.map((p) => [p.asset, p.price]));
});

test("mint with a native coin and with a cw20", async () => {
  await e.mintNative(e.alice, "USDC", 50_000n * USD);
  await e.mintNative(e.bob, "BTC", 10_000_000n); // 0.1 BTC

  const [usdmBefore, vaultUsdc, supply] = [await e.usdm(e.alice), await e.native(e.d.contracts.vault!, "USDC"), await e.usdmSupply()];
  const res = e.record("vault mint, native (6-asset basket)", await e.mintNative(e.alice, "USDC", 1_000n * USD));
  assert.equal(await e.usdm(e.alice), usdmBefore + 997n * USD, "1,000 USDC at $1 less the 0.3% fee");
  assert.equal(await e.native(e.d.contracts.vault!, "USDC"), vaultUsdc + 1_000n * USD);
  assert.equal(await e.usdmSupply(), supply + 997n * USD);
  assert.ok(res.events.some((e) => e.type === "wasm" && e.attributes.some((a) => a.key === "action" && a.value === "mint")));

  const aave = e.d.tokens.AAVE;
  const [usdmBefore2, vaultAave] = [await e.usdm(e.alice), await e.cw20(aave, e.d.contracts.vault!)];
  e.record("vault mint, cw20 (6-asset basket)", await e.mintCw20(e.alice, aave, 10n * USD));
  assert.equal(await e.usdm(e.alice), usdmBefore2 + 997n * USD, "10 AAVE at $100 less the 0.3% fee");
  assert.equal(await e.cw20(aave, e.d.contracts.vault!), vaultAave + 10n * USD);

  const bobUsdm = await e.usdm(e.bob);
  e.record("usdm transfer", await e.token(e.d.contracts.usdm!).transfer({ recipient: e.bob, amount: USD.toString() }, e.conn.fee));
  assert.equal(await e.usdm(e.bob), bobUsdm + USD);
});

test("Mars Swap: alice provides USDC and USDm to the stable pool, bob swaps USDC for USDm on it", async () => {
  const pair = e.d.pools!["USDC-USDm"];
  const usdm = e.d.contracts.usdm!;
  const info = await new MarsSwapClient(e.conn.client, e.alice, pair).pair();
  assert.deepEqual(info.pair_type, { stable: {} });
  assert.equal((await e.conn.client.getContract(pair)).admin, e.d.contracts.governance, "governance is the pair's admin");
  const lp = info.liquidity_token;
  assert.equal((await e.token(lp).minter())?.minter, pair, "the pair is its LP token's only minter");

  // a deposit of 1,000 USDC and 1,000 USDm: the USDm by allowance, the USDC as funds
  await e.token(usdm).increaseAllowance({ spender: pair, amount: (1_000n * USD).toString() }, e.conn.fee);
  const [usdcBefore, usdmBefore] = [await e.native(e.alice, "USDC"), await e.usdm(e.alice)];
  await new MarsSwapClient(e.conn.client, e.alice, pair).provideLiquidity(
    {
      assets: [
        { info: { native_token: { denom: e.denom("USDC") } }, amount: (1_000n * USD).toString() },
        { info: { token: { contract_addr: usdm } }, amount: (1_000n * USD).toString() },
      ],
    },
    e.conn.fee, undefined, [{ denom: e.denom("USDC"), amount: (1_000n * USD).toString() }],
  );
  assert.equal(await e.native(e.alice, "USDC"), usdcBefore - 1_000n * USD);
  assert.equal(await e.usdm(e.alice), usdmBefore - 1_000n * USD);
  // the invariant D of a balanced pool is the sum: 2,000 × 10^6, less the 1,000 locked in the pair
  assert.equal(await e.cw20(lp, e.alice), 2_000n * USD - 1_000n);
  assert.equal(await e.cw20(lp, pair), 1_000n);

  // bob swaps 100 USDC for USDm: paid what the simulation said, near par less the 0.05% fee
  const swap = new MarsSwapClient(e.conn.client, e.bob, pair);
  const offer = { info: { native_token: { denom: e.denom("USDC") } }, amount: (100n * USD).toString() };
  const sim = await swap.simulation({ offerAsset: offer });
  const [bobUsdc, bobUsdm] = [await e.native(e.bob, "USDC"), await e.usdm(e.bob)];
  e.record("swap, native to native (Mars Swap stable)", await swap.swap(
    { offerAsset: offer, maxSpread: "0.01" }, e.conn.fee, undefined, [{ denom: e.denom("USDC"), amount: (100n * USD).toString() }],
  ));
  const got = (await e.usdm(e.bob)) - bobUsdm;
  assert.equal(got, BigInt(sim.return_amount));
  assert.ok(got > 99_800_000n && got < 100n * USD, `near par less the fee: ${got}`);
  assert.equal(await e.native(e.bob, "USDC"), bobUsdc - 100n * USD);
  const pool = await swap.pool();
  assert.deepEqual(pool.assets.map((a) => BigInt(a.amount)), [1_100n * USD, 1_000n * USD - got]);
  assert.equal(await e.native(pair, "USDC"), 1_100n * USD, "the pair holds its reserves");
});

test("single and proportional redemption", async () => {
  const [usdc, supply] = [await e.native(e.alice, "USDC"), await e.usdmSupply()];
  e.record("single redeem (6-asset basket)", await e.redeem(e.alice, 100n * USD, { redeem: { mode: { single: { asset: e.asset("USDC") } } } }));
  assert.equal(await e.native(e.alice, "USDC"), usdc + 99_500_000n, "100 USDm less the 0.5% fee, in USDC at $1");
  assert.equal(await e.usdmSupply(), supply - 100n * USD);

  const before = { usdc: await e.native(e.alice, "USDC"), btc: await e.native(e.alice, "BTC"), aave: await e.cw20(e.d.tokens.AAVE, e.alice) };
  e.record("proportional redeem (6-asset basket, 3 held)", await e.redeem(e.alice, 100n * USD, { redeem: { mode: { proportional: { min_out: [] } } } }));
  const got = {
    usdc: (await e.native(e.alice, "USDC")) - before.usdc,
    btc: (await e.native(e.alice, "BTC")) - before.btc,
    aave: (await e.cw20(e.d.tokens.AAVE, e.alice)) - before.aave,
  };
  assert.ok(got.usdc > 0n && got.btc > 0n && got.aave > 0n, `a slice of every held asset: ${JSON.stringify(got, (_k, v) => String(v))}`);
  // in micro-USD: USDC $1 (6 dec), BTC $60,000 (8 dec), AAVE $100 (6 dec)
  const value = got.usdc + (got.btc * 60_000n) / 100n + got.aave * 100n;
  assert.ok(value <= 99_500_000n && value > 99_400_000n, `worth 100 USDm less the 0.5% fee, rounded down: ${value}`);
  assert.equal(await e.usdmSupply(), supply - 200n * USD);
});

test("XMS holders re-tier ATOM through governance; a mint the new cap forbids is refused on chain", async () => {
  e.record("stake", await e.stake(e.alice, 500_000n * USD));
  await e.stake(e.bob, 300_000n * USD);

  const update = { update_asset: { asset: e.asset("ATOM"), update: { tier: "defi_blue_chip", max_share: 1_000 } } };
  const { res: proposed, id } = await e.propose(e.alice, "Move ATOM to DeFi blue chips at 10%", "Re-tier ATOM and lower its cap.", update);
  e.record("propose (one vault message)", proposed);

  e.record("vote", await e.governance(e.alice).vote({ id, vote: "yes" }, e.conn.fee));
  await e.governance(e.bob).vote({ id, vote: "yes" }, e.conn.fee);
  assert.equal((await e.governance(e.alice).ballot({ id, voter: e.bob }))?.vote, "yes");

  await e.waitForStatus(id, "timelocked");
  await assert.rejects(e.governance(e.bob).execute({ id }, e.conn.fee), /timelock/);

  await e.waitForStatus(id, "executable");
  e.record("execute proposal (one vault message)", await e.governance(e.bob).execute({ id }, e.conn.fee));
  const atom = await e.vault(e.alice).asset({ asset: e.asset("ATOM") });
  assert.equal(atom.params.tier, "defi_blue_chip");
  assert.equal(atom.params.max_share, 1_000);

  // ~$57,800 in the vault: $10,000 of ATOM would be ~15%, above the new 10% cap. Sent with a fixed
  // gas limit so the node includes it in a block and the contract refuses it there.
  const [atomBefore, supply] = [await e.native(e.alice, "ATOM"), await e.usdmSupply()];
  await assert.rejects(
    e.vault(e.alice).mint({}, { amount: [{ denom: e.config.chain.feeDenom, amount: "50000" }], gas: "2000000" }, undefined,
      [{ denom: e.denom("ATOM"), amount: (1_000n * USD).toString() }]),
    (e: Error) => {
      assert.match(e.message, /at height \d+/, "included in a block");
      assert.match(e.message, /native:uatom would reach \d+bps of the vault, above its cap of 1000bps/);
      return true;
    },
  );
  assert.equal(await e.native(e.alice, "ATOM"), atomBefore, "nothing taken");
  assert.equal(await e.usdmSupply(), supply, "nothing minted");
});

test("XMS governance registers the USDC-USDm pool with the vault, provides protocol-owned liquidity to it and withdraws it", async () => {
  const pair = e.d.pools!["USDC-USDm"];
  const vault = e.d.contracts.vault!;
  const swap = new MarsSwapClient(e.conn.client, e.alice, pair);
  const [reserves, supply, state] = [await swap.pool(), await e.usdmSupply(), await e.vault(e.alice).state()];
  const [poolUsdc, poolUsdm] = reserves.assets.map((a) => BigInt(a.amount));
  const usdc = 1_000n * USD;
  const { id } = await e.proposeMsgs(e.alice, "Provide USDm liquidity", "Register the USDC-USDm pool and provide 1,000 USDC.", [
    { contract: vault, msg: { register_pool: { pair, params: { max_usdm: (10_000n * USD).toString(), max_bps_from_peg: 100, max_deployed_bps: 5_000 } } } },
    { contract: vault, msg: { provide_liquidity: { pair, asset_amount: usdc.toString(), min_lp: "1" } } },
  ]);
  await e.governance(e.alice).vote({ id, vote: "yes" }, e.conn.fee);
  await e.governance(e.bob).vote({ id, vote: "yes" }, e.conn.fee);
  await e.waitForStatus(id, "executable");
  const res = await e.governance(e.bob).execute({ id }, e.conn.fee);
  const action = (name: string) => res.events.some((ev) => ev.type === "wasm" && ev.attributes.some((a) => a.key === "action" && a.value === name));
  assert.ok(action("register_pool") && action("treasury_provide") && action("treasury_provided"));

  // the vault minted USDm in the pool's ratio and holds the LP tokens, no USDm
  const minted = (usdc * poolUsdm) / poolUsdc;
  const position = await e.vault(e.alice).pool({ pair });
  assert.equal(BigInt(position.principal_asset), usdc);
  assert.equal(BigInt(position.principal_usdm), minted);
  const lp = (await swap.pair()).liquidity_token;
  assert.ok(BigInt(position.lp_units) > 0n);
  assert.equal(await e.cw20(lp, vault), BigInt(position.lp_units));
  assert.equal(await e.usdm(vault), 0n);
  const after = await swap.pool();
  assert.deepEqual(after.assets.map((a) => BigInt(a.amount)), [poolUsdc + usdc, poolUsdm + minted]);
  assert.equal(await e.usdmSupply(), supply + minted);

  // the pool's USDm is protocol-owned: the supply grew, circulating USDm did not
  const now = await e.vault(e.alice).state();
  assert.ok(BigInt(now.protocol_usdm ?? "0") > 0n && BigInt(now.protocol_usdm ?? "0") <= minted);
  const circulating = (s: typeof state) => BigInt(s.usdm_supply) - BigInt(s.protocol_usdm ?? "0");
  assert.ok(circulating(now) >= circulating(state) && circulating(now) - circulating(state) <= minted - BigInt(now.protocol_usdm ?? "0"));
  assert.ok(position.value && BigInt(position.value.value) > 0n);

  // governance withdraws it all: the USDC is liquid again, the USDm that came back burnt
  const share = await swap.share({ amount: position.lp_units });
  const [backUsdc, backUsdm] = share.map((a) => BigInt(a.amount));
  const [liquidBefore, supplyBefore] = [await e.vault(e.alice).asset({ asset: e.asset("USDC") }), await e.usdmSupply()];
  const { id: withdrawId } = await e.proposeMsgs(e.alice, "Withdraw USDm liquidity", "Withdraw every LP token of the USDC-USDm pool.", [
    { contract: vault, msg: { withdraw_liquidity: { pair, lp_amount: position.lp_units, min_asset: backUsdc.toString(), min_usdm: backUsdm.toString() } } },
  ]);
  await e.governance(e.alice).vote({ id: withdrawId, vote: "yes" }, e.conn.fee);
  await e.governance(e.bob).vote({ id: withdrawId, vote: "yes" }, e.conn.fee);
  await e.waitForStatus(withdrawId, "executable");
  await e.governance(e.bob).execute({ id: withdrawId }, e.conn.fee);
  const emptied = await e.vault(e.alice).pool({ pair });
  assert.equal(BigInt(emptied.lp_units), 0n);
  assert.equal(BigInt(emptied.principal_asset), 0n);
  assert.equal(await e.cw20(lp, vault), 0n);
  assert.equal(await e.usdm(vault), 0n);
  const liquidAfter = await e.vault(e.alice).asset({ asset: e.asset("USDC") });
  assert.equal(BigInt(liquidAfter.liquid), BigInt(liquidBefore.liquid) + backUsdc);
  assert.equal(await e.usdmSupply(), supplyBefore - backUsdm);
  assert.equal(BigInt((await e.vault(e.alice).state()).protocol_usdm ?? "0"), 0n);
});
