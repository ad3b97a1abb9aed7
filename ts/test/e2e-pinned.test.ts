// The gas report's transactions again once the devnet has pinned every code (ci/devnet/e2e.sh
// runs this after e2e.test.ts and the chain's pin-codes proposal): each gasUsed goes to the chain
// file's `gas_used_pinned`, and each must be below the same transaction's before pinning (a
// pinned code loads for 2,000 gas instead of 60,000).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { E2e, USD } from "./e2e-context";

let e: E2e;
let unpinned: Record<string, number>;

before(async () => {
  e = await E2e.connect();
  unpinned = JSON.parse(readFileSync(process.env.MARS_CHAIN_GAS_OUT!, "utf8")).gas_used;
});

after(() => e.writeGas("gas_used_pinned"));

test("pinned: the reference, mints, a transfer, redemptions, stake, propose and vote each cost less", async () => {
  await e.measureReference();
  e.record("vault mint, native (6-asset basket)", await e.mintNative(e.alice, "USDC", 1_000n * USD));
  e.record("vault mint, cw20 (6-asset basket)", await e.mintCw20(e.alice, e.d.tokens.AAVE, 10n * USD));
  e.record("usdm transfer", await e.token(e.d.contracts.usdm!).transfer({ recipient: e.bob, amount: USD.toString() }, e.conn.fee));
  e.record("single redeem (6-asset basket)", await e.redeem(e.alice, 100n * USD, { redeem: { mode: { single: { asset: e.asset("USDC") } } } }));
  e.record("proportional redeem (6-asset basket, 3 held)", await e.redeem(e.alice, 100n * USD, { redeem: { mode: { proportional: { min_out: [] } } } }));
  e.record("stake", await e.stake(e.alice, 1_000n * USD));
  const update = { update_asset: { asset: e.asset("USDC"), update: { mint_fee: 30 } } };
  const { res, id } = await e.propose(e.alice, "Keep the USDC mint fee at 0.3%", "Measures a proposal with pinned codes.", update);
  e.record("propose (one vault message)", res);
  e.record("vote", await e.governance(e.alice).vote({ id, vote: "yes" }, e.conn.fee));

  for (const [operation, gas] of Object.entries(e.gas)) {
    assert.ok(unpinned[operation], `${operation} was measured before pinning`);
    assert.ok(gas < unpinned[operation], `${operation}: ${gas} pinned, ${unpinned[operation]} before`);
  }
});
