// The treasury on chain (ci/devnet/e2e.sh runs this after the measured transactions, so that the
// basket they measure is unchanged). XMS is priced from the XMS-USDC Mars Swap pool's TWAP. The
// vault stakes the chain's bonded denom: XMS governance whitelists umars at a fixed price and
// sets the vault's staking; alice mints USDm with umars; a proposal delegates and undelegates
// part of it; after the test chain's unbonding time (20 seconds, MARS_DEVNET_UNBONDING in
// ci/devnet/e2e.sh) anyone claims it back. The vault lends USDC
// to the devnet's lending-market double and withdraws it with interest. Balances are read from
// the chain's staking and bank modules.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { MarsLendingDoubleClient } from "../src/contracts/MarsLendingDouble.client";
import { MarsOracleClient } from "../src/contracts/MarsOracle.client";
import { MarsSwapClient } from "../src/contracts/MarsSwap.client";
import { E2e, USD } from "./e2e-context";

let e: E2e;
const MARS = 1_000_000n;

before(async () => {
  e = await E2e.connect();
});

/** A GET of the chain's REST API. */
async function rest<T>(path: string): Promise<T> {
  const res = await fetch(`${e.config.chain.rest}${path}`);
  assert.ok(res.ok, `${path}: ${res.status}`);
  return (await res.json()) as T;
}

/** What the vault has delegated to `validator`, by the chain's staking module. */
async function delegated(vault: string, validator: string): Promise<bigint> {
  const r = await rest<{ delegation_responses: { delegation: { validator_address: string }; balance: { amount: string } }[] }>(
    `/cosmos/staking/v1beta1/delegations/${vault}`,
  );
  const d = r.delegation_responses.find((x) => x.delegation.validator_address === validator);
  return BigInt(d?.balance.amount ?? "0");
}

async function pass(sender: string, title: string, msgs: { contract: string; msg: object }[]) {
  const { id } = await e.proposeMsgs(sender, title, title, msgs);
  await e.governance(e.alice).vote({ id, vote: "yes" }, e.conn.fee);
  await e.governance(e.bob).vote({ id, vote: "yes" }, e.conn.fee);
  await e.waitForStatus(id, "executable");
  return e.governance(e.bob).execute({ id }, e.conn.fee);
}

test("XMS is priced by the oracle from the XMS-USDC Mars Swap pool's time-weighted average", async () => {
  const pair = e.d.pools!["XMS-USDC"];
  const xms = e.d.contracts.xms!;
  const usdc = e.denom("USDC");
  // alice opens the pool at $0.50 per XMS: 100,000 XMS and 50,000 USDC
  await e.token(xms).increaseAllowance({ spender: pair, amount: (100_000n * USD).toString() }, e.conn.fee);
  await new MarsSwapClient(e.conn.client, e.alice, pair).provideLiquidity(
    {
      assets: [
        { info: { token: { contract_addr: xms } }, amount: (100_000n * USD).toString() },
        { info: { native_token: { denom: usdc } }, amount: (50_000n * USD).toString() },
      ],
    },
    e.conn.fee, undefined, [{ denom: usdc, amount: (50_000n * USD).toString() }],
  );
  const window = 10;
  await pass(e.alice, "Price XMS from its Mars Swap pool", [
    {
      contract: e.d.contracts.oracle!,
      msg: {
        set_price_source: {
          asset: e.asset("XMS"),
          source: { twap: { pair_addr: pair, quote: { native: { denom: usdc } }, asset_decimals: 6, quote_decimals: 6, window, max_spot_deviation_bps: 500 } },
        },
      },
    },
  ]);
  const oracle = new MarsOracleClient(e.conn.client, e.bob, e.d.contracts.oracle!);
  await oracle.recordTwapSnapshot({ asset: e.asset("XMS") }, e.conn.fee);
  await assert.rejects(oracle.price({ asset: e.asset("XMS") }), /snapshot/, "no snapshot a window old yet");
  await new Promise((r) => setTimeout(r, (window + 2) * 1_000));
  const price = await oracle.price({ asset: e.asset("XMS") });
  assert.equal(price.price, "0.5", "the pool's price, unchanged over the window");
  assert.equal(price.spot_price, "0.5");
  // a keeper puts it on the board the vault reads
  await oracle.refreshPrices({ assets: [e.asset("XMS")] }, e.conn.fee);
});

test("the vault delegates umars by proposal, undelegates, and anyone claims it after the unbonding period", async () => {
  const denom = e.config.chain.feeDenom;
  const asset = { native: { denom } };
  const vault = e.d.contracts.vault!;
  const validators = await rest<{ validators: { operator_address: string }[] }>("/cosmos/staking/v1beta1/validators");
  const validator = validators.validators[0].operator_address;
  // the vault records its own unbonding entries: it is told the chain's unbonding time
  const { params } = await rest<{ params: { unbonding_time: string } }>("/cosmos/staking/v1beta1/params");
  const unbonding = parseInt(params.unbonding_time, 10);
  assert.ok(unbonding <= 60, `the test chain unbonds in seconds, not ${params.unbonding_time}`);

  await pass(e.alice, "Stake the bonded denom", [
    { contract: e.d.contracts.oracle!, msg: { set_price_source: { asset, source: { fixed: { price: "1" } } } } },
    {
      contract: vault,
      msg: {
        add_asset: {
          params: {
            asset, decimals: 6, tier: "layer1", max_share: 3_000, value_ceiling: (1_000_000n * USD).toString(),
            mint_fee: 30, redeem_fee: 50, mint_enabled: true, redeem_enabled: true,
          },
        },
      },
    },
    { contract: vault, msg: { set_staking: { params: { validators: [validator], unbonding_period: unbonding, max_deployed_bps: 8_000, min_liquid_bps: 1_000 } } } },
  ]);
  await e.vault(e.alice).mint({}, e.conn.fee, undefined, [{ denom, amount: (5_000n * MARS).toString() }]);
  const held = await e.vault(e.alice).asset({ asset });
  assert.equal(BigInt(held.liquid), 5_000n * MARS);

  const res = await pass(e.alice, "Delegate 3,000 MARS and undelegate 1,000", [
    { contract: vault, msg: { delegate: { validator, amount: (3_000n * MARS).toString() } } },
    { contract: vault, msg: { undelegate: { validator, amount: (1_000n * MARS).toString() } } },
  ]);
  const rewards = res.events
    .filter((ev) => ev.type === "wasm")
    .flatMap((ev) => ev.attributes)
    .filter((a) => a.key === "rewards")
    .reduce((sum, a) => sum + BigInt(a.value), 0n);
  assert.equal(await delegated(vault, validator), 2_000n * MARS, "the chain holds the vault's delegation");
  const staking = await e.vault(e.alice).staking();
  assert.equal(BigInt(staking.delegations[0].principal), 2_000n * MARS);
  assert.equal(staking.unbonding.length, 1);
  assert.equal(BigInt(staking.unbonding[0].amount), 1_000n * MARS);
  const during = await e.vault(e.alice).asset({ asset });
  assert.equal(BigInt(during.liquid), 2_000n * MARS + rewards, "rewards the chain paid out are liquid surplus");
  assert.equal(BigInt(during.deployed), 3_000n * MARS, "unbonding coins stay deployed");

  // the test chain unbonds in seconds: the coins land in the vault's balance, then anyone claims
  const started = Date.now();
  while (BigInt((await e.vault(e.alice).staking()).claimable) < 1_000n * MARS) {
    assert.ok(Date.now() - started < 90_000, "the unbonding never completed");
    await new Promise((r) => setTimeout(r, 2_000));
  }
  const claim = await e.vault(e.bob).claimUnbonded(e.conn.fee);
  const attr = (key: string) => claim.events.flatMap((ev) => ev.attributes).find((a) => a.key === key)?.value;
  assert.equal(attr("received"), (1_000n * MARS).toString());
  assert.equal(attr("shortfall"), "0");
  const after = await e.vault(e.alice).asset({ asset });
  assert.equal(BigInt(after.liquid), 3_000n * MARS + rewards);
  assert.equal(BigInt(after.deployed), 2_000n * MARS);
  assert.ok(BigInt((await e.conn.client.getBalance(vault, denom)).amount) >= BigInt(after.liquid), "the bank holds what the vault counts liquid");
  assert.equal((await e.vault(e.alice).staking()).unbonding.length, 0);
});

test("the vault lends USDC to the devnet's lending market by proposal and withdraws it with its interest", async () => {
  const market = e.d.contracts.lendingDouble!;
  const vault = e.d.contracts.vault!;
  const usdc = e.denom("USDC");
  const deployer = e.conn.accounts.deployer;
  const liquid = async () => BigInt((await e.vault(e.alice).asset({ asset: e.asset("USDC") })).liquid);
  const before = await liquid();

  await pass(e.alice, "Lend 500 USDC", [
    { contract: vault, msg: { set_lending: { market, denom: usdc, params: { max_deployed_bps: 5_000, min_liquid_bps: 1_000 } } } },
    { contract: vault, msg: { lending_deposit: { market, denom: usdc, amount: (500n * USD).toString() } } },
  ]);
  assert.equal(await liquid(), before - 500n * USD);
  assert.equal(await e.native(market, "USDC"), 500n * USD, "the market holds the deposit");
  const double = new MarsLendingDoubleClient(e.conn.client, deployer, market);
  assert.equal(BigInt((await double.userCollateral({ user: vault, denom: usdc })).amount), 500n * USD);

  // the market pays 2%: its owner raises the index and brings the cash
  await double.setIndex({ denom: usdc, index: "1.02" }, e.conn.fee);
  await e.conn.client.sendTokens(deployer, market, [{ denom: usdc, amount: (10n * USD).toString() }], e.conn.fee);
  const [position] = await e.vault(e.alice).lending();
  assert.equal(BigInt(position.amount!), 510n * USD);
  assert.equal(BigInt(position.gain), 10n * USD);

  const res = await pass(e.alice, "Withdraw the USDC lent", [
    { contract: vault, msg: { lending_withdraw: { market, denom: usdc, amount: (510n * USD).toString() } } },
  ]);
  const attr = (key: string) => res.events.flatMap((ev) => ev.attributes).find((a) => a.key === key)?.value;
  assert.equal(attr("received"), (510n * USD).toString());
  assert.equal(attr("gain"), (10n * USD).toString());
  assert.equal(await liquid(), before + 10n * USD, "the interest is the vault's");
  assert.equal(await e.native(market, "USDC"), 0n);
  const [emptied] = await e.vault(e.alice).lending();
  assert.equal(BigInt(emptied.principal), 0n);
});
