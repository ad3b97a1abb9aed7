// Unit tests of the deploy script's pure parts: configuration checks, "@name" references, the
// deployment file and the Keplr chain suggestion. No chain needed (npm test).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "node:test";
import type { Connection } from "../src/chain";
import { resolveAddresses } from "../src/chain";
import { ConfigError, type DeployConfig, loadConfig, validateConfig } from "../src/config";
import { assetInfo } from "../src/deploy";
import { loadDeployment, saveDeployment } from "../src/deployment";
import { keplrChainInfo } from "../src/keplr";

const devnet = resolve(import.meta.dirname, "../configs/devnet.json");
const fresh = (): DeployConfig => structuredClone(loadConfig(devnet));

test("the devnet configuration is valid and its artifacts folder is resolved from the file", () => {
  const config = loadConfig(devnet);
  assert.equal(config.artifactsDir, resolve(import.meta.dirname, "../../artifacts"));
  assert.deepEqual(config.assets.map((a) => a.tier), ["stablecoin", "btc", "layer1", "layer1", "defi_blue_chip", "governance"]);
});

test("bad configurations are refused with the field named", () => {
  const cases: [string, (c: DeployConfig) => void, RegExp][] = [
    ["gas price without a denom", (c) => (c.chain.gasPrice = "0.025"), /chain.gasPrice/],
    ["no deployer account", (c) => delete (c.accounts as Record<string, number>).deployer, /accounts.deployer/],
    ["tier cap above 100%", (c) => (c.vault.tierCaps.btc = 10_001), /vault.tierCaps.btc/],
    ["unknown tier", (c) => ((c.assets[0] as { tier: string }).tier = "memecoin"), /assets\[USDC\]: tier/],
    ["duplicate symbol", (c) => (c.assets[1].symbol = "USDC"), /unique/],
    ["fee above 100%", (c) => (c.assets[2].mintFee = 20_000), /assets\[ATOM\]: maxShare, mintFee/],
    ["two token sources", (c) => (c.assets[0].token = { native: "uusdc", cw20: "x" } as never), /assets\[USDC\]: token/],
    ["decimal ceiling", (c) => (c.assets[0].valueCeiling = "1.5"), /valueCeiling/],
    ["price without a feeder", (c) => delete c.oracle.initialFeeder, /initialFeeder/],
    ["bad initial price", (c) => (c.assets[0].initialPrice = "-1"), /initialPrice/],
    ["zero voting period", (c) => (c.governance.periods.voting = 0), /governance.periods: voting/],
    ["unbonding shorter than voting + timelock", (c) => (c.governance.periods.unbonding = 19), /governance.periods.unbonding \(19\) must be at least voting \+ timelock \(20\)/],
    ["pool of one asset twice", (c) => (c.pools![0].assets = ["USDC", "USDC"]), /pools\[USDC-USDm\]: assets must be two different/],
    ["pool of an unknown asset", (c) => (c.pools![0].assets = ["USDC", "DOGE"]), /pools\[USDC-USDm\]: DOGE is neither/],
    ["duplicate pool name", (c) => c.pools!.push(structuredClone(c.pools![0])), /pools\[USDC-USDm\]: names must be present and unique/],
    ["pool fee above 10%", (c) => (c.pools![0].totalFeeBps = 1_001), /totalFeeBps must be 0..1000/],
    ["protocol fee without an address", (c) => (c.pools![0].protocolFeeBps = 100), /a protocol fee needs a feeAddress/],
  ];
  for (const [name, spoil, message] of cases) {
    const config = fresh();
    spoil(config);
    assert.throws(() => validateConfig(config), (e: Error) => e instanceof ConfigError && message.test(e.message), name);
  }
});

test("an unreadable configuration names the file", () => {
  assert.throws(() => loadConfig("/nonexistent/config.json"), /cannot read the configuration \/nonexistent\/config.json/);
});

const conn = { accounts: { deployer: "wasm1deployer", feeder: "wasm1feeder" } } as unknown as Connection;

test("@name references resolve to the accounts' addresses, anywhere in a value", () => {
  const source = { feeder: { feeders: ["@feeder", "wasm1other"], max_staleness: 60 } };
  assert.deepEqual(resolveAddresses(conn, source), { feeder: { feeders: ["wasm1feeder", "wasm1other"], max_staleness: 60 } });
  assert.throws(() => resolveAddresses(conn, ["@nobody"]), /"@nobody" names no account of the configuration \(deployer, feeder\)/);
});

test("the deployment file round-trips and refuses another chain's", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "mars-deployment-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, "nested", "deployment.json");
  const empty = loadDeployment(path, "mars-devnet-1");
  assert.deepEqual(empty, { chainId: "mars-devnet-1", codes: {}, contracts: {}, tokens: {} });
  empty.contracts.vault = "wasm1vault";
  saveDeployment(path, empty);
  assert.equal(loadDeployment(path, "mars-devnet-1").contracts.vault, "wasm1vault");
  assert.throws(() => loadDeployment(path, "pion-1"), /records a deployment on mars-devnet-1, not pion-1/);
});

test("asset infos come from the configuration and the deployment", () => {
  const config = fresh();
  const d = { chainId: "c", codes: {}, contracts: { xms: "wasm1xms" }, tokens: { AAVE: "wasm1aave" } };
  const info = (symbol: string) => assetInfo(config.assets.find((a) => a.symbol === symbol)!, d);
  assert.deepEqual(info("USDC"), { native: { denom: "uusdc" } });
  assert.deepEqual(info("AAVE"), { cw20: { contract_addr: "wasm1aave" } });
  assert.deepEqual(info("XMS"), { cw20: { contract_addr: "wasm1xms" } });
  assert.throws(() => assetInfo(config.assets[4], { ...d, tokens: {} }), /AAVE: its cw20 is not deployed yet/);
});

test("the Keplr suggestion lists the fee denom, the native assets and the protocol's cw20s", () => {
  const config = fresh();
  const d = { chainId: "mars-devnet-1", codes: {}, contracts: { usdm: "wasm1usdm", xms: "wasm1xms" }, tokens: { AAVE: "wasm1aave" } };
  const info = keplrChainInfo(config, d);
  assert.equal(info.chainId, "mars-devnet-1");
  assert.equal(info.bech32Config.bech32PrefixValAddr, "wasmvaloper");
  assert.deepEqual(info.feeCurrencies[0].gasPriceStep, { low: 0.025, average: 0.0375, high: 0.05 });
  assert.deepEqual(info.currencies.map((c) => c.coinMinimalDenom), [
    "umars", "uusdc", "satoshi", "uatom", "weth-wei", "cw20:wasm1aave:AAVE", "cw20:wasm1usdm:USDm", "cw20:wasm1xms:XMS",
  ]);
  assert.equal(info.stakeCurrency.coinMinimalDenom, "umars", "the fee denom is staked");
  // a network made by init-files stakes its own denom
  const network = keplrChainInfo(config, d, "stake");
  assert.deepEqual(network.stakeCurrency, { coinDenom: "STAKE", coinMinimalDenom: "stake", coinDecimals: 6 });
  assert.ok(network.currencies.some((c) => c.coinMinimalDenom === "stake"));
  assert.equal(network.feeCurrencies[0].coinMinimalDenom, "umars");
});
