// The deployment configuration: one JSON file says which chain, which accounts and what to deploy.
// Addresses in it may name an account of the mnemonic as "@name" (see `accounts`).
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Limits, Tier, TierCaps } from "./contracts/MarsVault.types";
import type { PriceSourceBaseForString } from "./contracts/MarsOracle.types";
import type { Periods, VotingRules } from "./contracts/MarsGovernance.types";
import type { Curve } from "./contracts/MarsSwap.types";

export interface ChainConfig {
  chainId: string;
  /** Shown by wallets. */
  chainName: string;
  /** Tendermint/CometBFT RPC endpoint (overridable on the command line). */
  rpc: string;
  /** REST (LCD) endpoint, for wallets; optional. */
  rest?: string;
  /** Bech32 prefix of account addresses. */
  prefix: string;
  /** Fee denom and its decimals. */
  feeDenom: string;
  feeDecimals: number;
  /** e.g. "0.025umars". */
  gasPrice: string;
  /** Simulated gas × this = the gas limit of each transaction. */
  gasAdjustment: number;
}

/** A cw20 token the deployment creates from the usdm code. */
export interface NewCw20 {
  name: string;
  symbol: string;
  decimals: number;
  initialBalances: { address: string; amount: string }[];
}

/** Where a whitelisted asset comes from. */
export type TokenSource =
  | { native: string }
  | { cw20: string }
  | { createCw20: NewCw20 }
  | { xms: Record<string, never> };

export interface AssetConfig {
  /** A short name used in logs and the deployment file (e.g. "USDC"). */
  symbol: string;
  token: TokenSource;
  decimals: number;
  tier: Tier;
  /** Largest share of the vault, basis points (at most the tier's cap). */
  maxShare: number;
  /** Absolute ceiling of the asset's value in the vault, micro-USD. */
  valueCeiling: string;
  mintFee: number;
  redeemFee: number;
  /** The oracle source; addresses may be "@name". */
  priceSource: PriceSourceBaseForString;
  /** Fed once at deployment by `oracle.initialFeeder` when the asset has no price yet. */
  initialPrice?: string;
}

/** A Mars Swap pool the deployment creates (empty: liquidity comes later). */
export interface PoolConfig {
  /** Its name in logs and the deployment file, e.g. "USDC-USDm". */
  name: string;
  /** Its two assets: symbols of `assets`, or "USDm" or "XMS". */
  assets: [string, string];
  curve: Curve;
  /** The swap fee and the share of it sent to `feeAddress` (basis points). */
  totalFeeBps: number;
  protocolFeeBps: number;
  /** May be "@name"; required when `protocolFeeBps` is not zero. */
  feeAddress?: string;
}

export interface DeployConfig {
  chain: ChainConfig;
  /** Accounts of the mnemonic by HD index (m/44'/118'/0'/0/<index>); `deployer` is required. */
  accounts: Record<string, number>;
  /** The folder of the optimised artifacts, relative to this file. */
  artifactsDir: string;
  /** A prefix of every contract label, e.g. "mars". */
  labelPrefix: string;
  xms: NewCw20;
  usdm: { name: string; symbol: string };
  oracle: { initialFeeder?: string };
  vault: {
    guardian?: string;
    capFloor: string;
    maxAssets: number;
    tierCaps: TierCaps;
    proportionalRedeemFee: number;
    limits: Limits;
  };
  assets: AssetConfig[];
  governance: {
    guardian?: string;
    rules: VotingRules;
    periods: Periods;
    minDeposit: string;
  };
  /** Mars Swap pools, instantiated with governance as their wasm admin. */
  pools?: PoolConfig[];
  /**
   * Test chains only: a lending-market double on Mars Protocol's red-bank interface (the
   * artifact `mars_lending_double`), its owner (may be "@name") setting its interest index.
   */
  lendingDouble?: { owner: string };
}

export const TIERS: Tier[] = ["stablecoin", "btc", "layer1", "defi_blue_chip", "governance"];

export class ConfigError extends Error {}

function check(cond: unknown, message: string): asserts cond {
  if (!cond) throw new ConfigError(message);
}

/** Reads and checks a configuration; `artifactsDir` comes back absolute. */
export function loadConfig(path: string): DeployConfig {
  let config: DeployConfig;
  try {
    config = JSON.parse(readFileSync(path, "utf8")) as DeployConfig;
  } catch (e) {
    throw new ConfigError(`cannot read the configuration ${path}: ${(e as Error).message}`);
  }
  validateConfig(config);
  return { ...config, artifactsDir: resolve(dirname(path), config.artifactsDir) };
}

const isUint = (s: unknown) => typeof s === "string" && /^\d+$/.test(s);
const isBps = (n: unknown) => Number.isInteger(n) && (n as number) >= 0 && (n as number) <= 10_000;

export function validateConfig(c: DeployConfig): void {
  check(c.chain?.chainId && c.chain.rpc && c.chain.prefix, "chain: chainId, rpc and prefix are required");
  check(/^\d+(\.\d+)?[a-zA-Z][a-zA-Z0-9/:._-]{2,127}$/.test(c.chain.gasPrice ?? ""), `chain.gasPrice "${c.chain.gasPrice}" is not like 0.025umars`);
  check(c.chain.gasAdjustment >= 1, "chain.gasAdjustment must be at least 1");
  check(Number.isInteger(c.accounts?.deployer), "accounts.deployer (an HD index) is required");
  check(c.labelPrefix, "labelPrefix is required");
  for (const tier of TIERS) check(isBps(c.vault?.tierCaps?.[tier]), `vault.tierCaps.${tier} must be 0..10000 bps`);
  check(isUint(c.vault.capFloor), "vault.capFloor must be an integer string (micro-USD)");
  check(isBps(c.vault.proportionalRedeemFee), "vault.proportionalRedeemFee must be 0..10000 bps");
  check(isUint(c.governance?.minDeposit), "governance.minDeposit must be an integer string");
  const p = c.governance.periods;
  check(
    [p?.voting, p?.timelock, p?.execution_window, p?.unbonding].every((n) => Number.isInteger(n) && (n as number) > 0),
    "governance.periods: voting, timelock, execution_window and unbonding must be positive integers (seconds)",
  );
  check(
    p.unbonding >= p.voting + p.timelock,
    `governance.periods.unbonding (${p.unbonding}) must be at least voting + timelock (${p.voting + p.timelock}): stakers could vote and claim their XMS before the proposal executes`,
  );
  const symbols = new Set<string>();
  for (const a of c.assets ?? []) {
    const where = `assets[${a.symbol}]`;
    check(a.symbol && !symbols.has(a.symbol), `${where}: symbols must be present and unique`);
    symbols.add(a.symbol);
    check(TIERS.includes(a.tier), `${where}: tier must be one of ${TIERS.join(", ")}`);
    check(isBps(a.maxShare) && isBps(a.mintFee) && isBps(a.redeemFee), `${where}: maxShare, mintFee and redeemFee are 0..10000 bps`);
    check(Number.isInteger(a.decimals) && a.decimals >= 0 && a.decimals <= 18, `${where}: decimals must be 0..18`);
    check(isUint(a.valueCeiling), `${where}: valueCeiling must be an integer string (micro-USD)`);
    const kinds = Object.keys(a.token ?? {});
    check(kinds.length === 1 && ["native", "cw20", "createCw20", "xms"].includes(kinds[0]), `${where}: token must be one of {native}, {cw20}, {createCw20}, {xms}`);
    check(a.initialPrice === undefined || /^\d+(\.\d+)?$/.test(a.initialPrice), `${where}: initialPrice must be a decimal string`);
    check(a.initialPrice === undefined || c.oracle?.initialFeeder, `${where}: an initialPrice needs oracle.initialFeeder`);
  }
  const pools = new Set<string>();
  for (const pool of c.pools ?? []) {
    const where = `pools[${pool.name}]`;
    check(pool.name && !pools.has(pool.name), `${where}: names must be present and unique`);
    pools.add(pool.name);
    const [a, b] = pool.assets ?? [];
    check(pool.assets?.length === 2 && a !== b, `${where}: assets must be two different symbols`);
    for (const s of pool.assets) {
      check(s === "USDm" || s === "XMS" || symbols.has(s), `${where}: ${s} is neither an asset of the configuration nor USDm or XMS`);
    }
    check(pool.totalFeeBps >= 0 && pool.totalFeeBps <= 1000 && Number.isInteger(pool.totalFeeBps), `${where}: totalFeeBps must be 0..1000`);
    check(isBps(pool.protocolFeeBps), `${where}: protocolFeeBps must be 0..10000 bps`);
    check(pool.protocolFeeBps === 0 || pool.feeAddress, `${where}: a protocol fee needs a feeAddress`);
  }
}
