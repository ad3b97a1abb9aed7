// Three validators (ci/devnet/validators-e2e.sh starts them on loopback, the first bonding 300 of
// the 500 of power, and deploys the protocol through the first node): mints while all three sign,
// then one validator stops and the chain goes on with the other two (more than two thirds of the
// power), and the story goes on: a mint and both kinds of redemption, each checked by balances
// and supply, in blocks its signature is missing from.
//
// Environment, besides e2e-context.ts's: MARS_STOP_VALIDATOR_PID_FILE, the pid file of the node
// that the test stops.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { before, test } from "node:test";
import { MarsOracleClient } from "../src/contracts/MarsOracle.client";
import { E2e, sleep, USD } from "./e2e-context";

let e: E2e;
let rpc: string;
/** The validator the test stops. */
let stopped: string;

async function comet<T>(path: string): Promise<T> {
  const res = await fetch(`${rpc}/${path}`);
  assert.ok(res.ok, `${path}: ${res.status}`);
  return ((await res.json()) as { result: T }).result;
}
const latestHeight = async () => Number((await comet<{ sync_info: { latest_block_height: string } }>("status")).sync_info.latest_block_height);
/** Voting power by validator address at the latest height. */
async function powers(): Promise<Map<string, number>> {
  const { validators } = await comet<{ validators: { address: string; voting_power: string }[] }>("validators?per_page=100");
  return new Map(validators.map((v) => [v.address, Number(v.voting_power)]));
}
/** The validators whose signature is in the commit of block `height`. */
async function signers(height: number): Promise<string[]> {
  const { signed_header } = await comet<{ signed_header: { commit: { signatures: { block_id_flag: number; validator_address: string }[] } } }>(`commit?height=${height}`);
  // 2: BLOCK_ID_FLAG_COMMIT
  return signed_header.commit.signatures.filter((s) => s.block_id_flag === 2).map((s) => s.validator_address);
}
/** Every validator that signed at least one of blocks `from`..`to` (a late precommit can miss
 * one block's commit, so one block does not tell who is up). */
async function signedAnyOf(from: number, to: number): Promise<Set<string>> {
  const all = new Set<string>();
  for (let h = from; h <= to; h++) for (const v of await signers(h)) all.add(v);
  return all;
}
async function waitForHeight(height: number, timeoutMs = 30_000) {
  const started = Date.now();
  while ((await latestHeight()) < height) {
    assert.ok(Date.now() - started < timeoutMs, `no block ${height} within ${timeoutMs / 1000} s`);
    await sleep(200);
  }
}

before(async () => {
  e = await E2e.connect();
  rpc = e.config.chain.rpc;
});

test("three validators, the first with 300 of the 500 of power, all signing", async () => {
  const started = Date.now();
  // the first validator's extra bond takes effect two blocks after its transaction
  while (![...(await powers()).values()].sort((a, b) => b - a).every((p, i) => p === [300, 100, 100][i])) {
    assert.ok(Date.now() - started < 30_000, `powers ${JSON.stringify([...(await powers()).values()])}, not 300/100/100`);
    await sleep(300);
  }
  assert.equal((await powers()).size, 3);
  const height = (await latestHeight()) - 1;
  assert.equal((await signedAnyOf(height - 9, height)).size, 3, "every validator signs");
});

test("prices and mints while all three sign", async () => {
  const prices = e.config.assets.map((a) => ({ asset: e.asset(a.symbol), price: a.initialPrice! }));
  await new MarsOracleClient(e.conn.client, e.feeder, e.d.contracts.oracle!).feedPrices({ prices }, e.conn.fee);
  const [usdm, supply] = [await e.usdm(e.alice), await e.usdmSupply()];
  await e.mintNative(e.alice, "USDC", 10_000n * USD);
  await e.mintCw20(e.alice, e.d.tokens.AAVE, 10n * USD);
  assert.equal(await e.usdm(e.alice), usdm + 9_970n * USD + 997n * USD, "less the 0.3% fees");
  assert.equal(await e.usdmSupply(), supply + 9_970n * USD + 997n * USD);
});

test("a validator stops midway and the chain goes on without its signature", async () => {
  const before = await powers();
  const pid = Number(readFileSync(process.env.MARS_STOP_VALIDATOR_PID_FILE!, "utf8"));
  process.kill(pid, "SIGTERM");
  const started = Date.now();
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      break; // gone
    }
    assert.ok(Date.now() - started < 20_000, "the validator did not stop");
    await sleep(200);
  }
  const stoppedAt = await latestHeight();
  await waitForHeight(stoppedAt + 7);
  const signing = await signedAnyOf(stoppedAt + 2, stoppedAt + 6);
  const silent = [...before.keys()].filter((v) => !signing.has(v));
  assert.equal(silent.length, 1, "one validator signs no block");
  assert.equal(before.get(silent[0]), 100, "the stopped validator, 100 of the 500");
  stopped = silent[0];
});

test("with one validator down: a mint, a single and a proportional redemption", async () => {
  const from = await latestHeight();
  const [usdm0, supply0] = [await e.usdm(e.alice), await e.usdmSupply()];
  await e.mintNative(e.alice, "USDC", 1_000n * USD);
  assert.equal(await e.usdm(e.alice), usdm0 + 997n * USD);

  const usdc = await e.native(e.alice, "USDC");
  await e.redeem(e.alice, 100n * USD, { redeem: { mode: { single: { asset: e.asset("USDC") } } } });
  assert.equal(await e.native(e.alice, "USDC"), usdc + 99_500_000n, "100 USDm less the 0.5% fee, in USDC at $1");

  const before = { usdc: await e.native(e.alice, "USDC"), aave: await e.cw20(e.d.tokens.AAVE, e.alice) };
  await e.redeem(e.alice, 100n * USD, { redeem: { mode: { proportional: { min_out: [] } } } });
  const got = { usdc: (await e.native(e.alice, "USDC")) - before.usdc, aave: (await e.cw20(e.d.tokens.AAVE, e.alice)) - before.aave };
  // in micro-USD: USDC at $1, AAVE at $100, both 6 decimals
  const value = got.usdc + got.aave * 100n;
  assert.ok(got.usdc > 0n && got.aave > 0n && value <= 99_500_000n && value > 99_400_000n, `a slice of both, worth 99.5 USDm: ${value}`);
  assert.equal(await e.usdmSupply(), supply0 + 997n * USD - 200n * USD);
  const to = (await latestHeight()) - 1;
  const signing = await signedAnyOf(from, to);
  assert.ok(!signing.has(stopped) && signing.size === 2, `blocks ${from}–${to} made by the other two validators`);
});
