// The web app in headless Chromium against a devnet with the protocol deployed (ci/devnet/web-e2e.sh
// starts both): connect through a Keplr stand-in, mint with a native asset and a cw20, see the
// vault page update, a refused mint's error, redeem for one asset and pro rata, stake, propose,
// vote, unstake and execute, follow an account change, the phone-sized layout, and stale prices
// flagged. Any console error, page error or failed request fails the test. Screenshots of each
// page go to $MARS_WEB_SCREENSHOTS.
//
// Environment: MARS_WEB_URL (the served app), MARS_MNEMONIC (the devnet mnemonic),
// MARS_WEB_SCREENSHOTS (default web/screenshots), MARS_CHROMIUM (default /usr/bin/chromium).
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { after, afterEach, before, test } from "node:test";
import { type Browser, chromium, type Page } from "playwright-core";
import devnet from "../../ts/configs/devnet.json" with { type: "json" };
import { installKeplr, type StandIn } from "./keplr-stand-in";

const url = process.env.MARS_WEB_URL ?? "http://127.0.0.1:5173/";
const mnemonic = process.env.MARS_MNEMONIC;
const shots = process.env.MARS_WEB_SCREENSHOTS ?? resolve(import.meta.dirname, "../screenshots");

let browser: Browser;
let page: Page;
let keplr: StandIn;
const problems: string[] = [];

before(async () => {
  assert.ok(mnemonic, "set MARS_MNEMONIC to the devnet mnemonic (ci/devnet/web-e2e.sh does)");
  mkdirSync(shots, { recursive: true });
  browser = await chromium.launch({ executablePath: process.env.MARS_CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(20_000);
  page.on("console", (m) => m.type() === "error" && problems.push(`console error: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText}`));
  page.on("response", (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`));
  keplr = await installKeplr(page, mnemonic!, devnet.chain.prefix, { alice: devnet.accounts.alice, bob: devnet.accounts.bob });
});

after(() => browser?.close());

afterEach(() => assert.deepEqual(problems.splice(0), [], "the page logged errors or a request failed"));

const shot = (name: string) => page.screenshot({ path: resolve(shots, `${name}.png`), fullPage: true });
const byId = (id: string) => page.getByTestId(id);
const go = async (name: string) => {
  await byId(`nav-${name}`).click();
  await page.getByRole("heading", { level: 2 }).first().waitFor();
};
/** Whole tokens shown on the page ("1,234.5 USDm") as a number. */
const tokens = (text: string | null) => Number((text ?? "").replace(/[^\d.]/g, ""));

/** Waits for the transaction `label` to be included; fails with the app's own words if it is not. */
async function included(label: string) {
  const status = byId("tx-status").filter({ hasText: label }).filter({ hasText: /included at height \d+|failed:/ });
  await status.waitFor({ timeout: 60_000 });
  const text = (await status.textContent()) ?? "";
  assert.match(text, /included at height \d+/, text);
}

/** Waits until the element of `selector` shows `want` whole tokens (within rounding of the quotes). */
const showsTokens = (selector: string, want: number) =>
  page.waitForFunction(
    ([selector, want]) => Math.abs(Number(document.querySelector(selector)?.textContent?.replace(/[^\d.]/g, "")) - want) < 1e-6,
    [selector, want] as const,
  );

const USDM_BALANCE = '[data-testid="redeem-amount-balance"] .amount';
/** The USDm balance the redeem page shows. */
const usdmBalance = async () => tokens(await page.locator(USDM_BALANCE).textContent());

async function typeAmount(id: string, value: string) {
  await byId(id).fill(value);
}

test("the vault page loads and Keplr connects after a chain suggestion", async () => {
  await page.goto(url);
  await byId("usdm-supply").waitFor();
  await shot("vault-empty");
  await byId("connect").click();
  await byId("wallet-address").waitFor();
  assert.equal(await byId("wallet-address").getAttribute("data-address"), keplr.addresses.alice);
  assert.equal((await keplr.suggested())?.chainId, devnet.chain.chainId);
});

const minted: number[] = [];

async function mint(symbol: string, amount: string, screenshot?: string) {
  await go("mint");
  await byId("mint-asset").selectOption(symbol);
  await typeAmount("mint-amount", amount);
  await byId("mint-quote").waitFor();
  minted.push(tokens(await byId("mint-out").textContent()));
  if (screenshot) await shot(screenshot);
  await byId("mint-submit").click();
  await included(`Mint with ${symbol}`);
}

test("mints USDm with a native asset (USDC)", async () => {
  await mint("USDC", "1000", "mint-quote");
  assert.ok(minted[0] > 990 && minted[0] < 1000, `1,000 USDC at $1 less the fee gave ${minted[0]} USDm`);
});

// 1 AAVE ($100) keeps AAVE under its 20% cap, so that a USDC redemption may raise its share
test("mints USDm with a cw20 (AAVE)", async () => {
  await mint("AAVE", "1");
  assert.ok(minted[1] > 99 && minted[1] < 100, `1 AAVE at $100 less the fee gave ${minted[1]} USDm`);
});

test("the vault page shows the new supply and the collateral", async () => {
  await go("vault");
  await showsTokens('[data-testid="usdm-supply"] .stat-value', minted[0] + minted[1]);
  assert.match((await byId("asset-USDC").textContent()) ?? "", /1,000 USDC/);
  assert.match((await byId("asset-AAVE").textContent()) ?? "", /1 AAVE/);
  await shot("vault");
});

test("a mint the vault would refuse shows the contract's error and cannot be sent", async () => {
  await go("mint");
  await byId("mint-asset").selectOption("BTC");
  await typeAmount("mint-amount", "1");
  await byId("mint-error").waitFor();
  assert.match((await byId("mint-error").textContent()) ?? "", /above its cap/);
  assert.ok(await byId("mint-submit").isDisabled());
  await shot("mint-refused");
});

test("redeems USDm for one asset", async () => {
  await go("redeem");
  await byId("redeem-single").click();
  await byId("redeem-asset").selectOption("USDC");
  await typeAmount("redeem-amount", "100");
  await byId("redeem-quote").waitFor();
  assert.match((await byId("redeem-quote").textContent()) ?? "", /USDC/);
  await shot("redeem-single");
  const before = await usdmBalance();
  await byId("redeem-submit").click();
  await included("Redeem for USDC");
  await showsTokens(USDM_BALANCE, before - 100);
});

test("redeems USDm pro rata", async () => {
  await go("redeem");
  await byId("redeem-proportional").click();
  await typeAmount("redeem-amount", "50");
  await byId("redeem-quote").getByText("AAVE").first().waitFor();
  await shot("redeem-proportional");
  const before = await usdmBalance();
  await byId("redeem-submit").click();
  await included("Redeem proportionally");
  await showsTokens(USDM_BALANCE, before - 50);
});

test("stakes XMS, proposes a re-tier, votes, unstakes part and executes the proposal", async () => {
  await go("governance");
  await typeAmount("stake-amount", "2000");
  await byId("stake-submit").click();
  await included("Stake XMS");
  await page.waitForFunction(() => document.querySelector('[data-testid="staked"]')?.textContent?.includes("2,000"));

  // ATOM's 30% cap is above the DeFi blue chip tier's 20%: the re-tier lowers it too
  await byId("propose-asset").selectOption("ATOM");
  await byId("propose-tier").selectOption("defi_blue_chip");
  await typeAmount("propose-cap", "10");
  assert.deepEqual(JSON.parse((await byId("propose-json").textContent())!), {
    update_asset: { asset: { native: { denom: "uatom" } }, update: { tier: "defi_blue_chip", max_share: 1000 } },
  });
  await byId("propose-submit").click();
  await included("Propose");

  const card = byId("proposal-1");
  await card.waitFor();
  await card.getByTestId("vote-yes").click();
  await included("Vote yes on #1");
  await card.getByTestId("ballot").waitFor();
  assert.ok(tokens(await card.getByTestId("tally-yes").textContent()) >= 2000);
  await shot("governance-voted");

  await typeAmount("unstake-amount", "500");
  await byId("unstake-submit").click();
  await included("Unstake XMS");
  await byId("claims").getByText("500 XMS").first().waitFor();
  assert.match((await byId("staked").textContent()) ?? "", /1,500 XMS/);

  // voting and the timelock take 20 s on the devnet; the page shows the button once executable
  await card.getByTestId("execute").waitFor({ timeout: 60_000 });
  await card.getByTestId("execute").click();
  await included("Execute #1");
  await go("vault");
  await page.waitForFunction(() => /defi blue chip.*cap 10\.00%/.test(document.querySelector('[data-testid="asset-ATOM"]')?.textContent ?? ""));
  await shot("vault-after-proposal");
});

test("follows an account change in Keplr", async () => {
  await keplr.use("bob");
  await page.waitForFunction((bob) => document.querySelector('[data-testid="wallet-address"]')?.getAttribute("data-address") === bob, keplr.addresses.bob);
});

test("fits a phone-sized screen", async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const name of ["vault", "mint", "redeem", "governance"]) {
    await go(name);
    await page.waitForTimeout(300);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `the ${name} page is ${width}px wide on a 390px screen`);
    await shot(`phone-${name}`);
  }
});

test("prices older than their source allows are flagged stale", async () => {
  await page.setViewportSize({ width: 1280, height: 900 });
  // two hours on: past the devnet feeders' max_staleness of one hour
  await page.clock.setFixedTime(Date.now() + 2 * 3600 * 1000);
  await go("mint");
  await go("vault");
  await byId("asset-USDC").getByText("(stale)").waitFor();
  await shot("vault-stale");
});
