// The chain and the protocol's addresses, read at run time from the deployment's files, and the
// names and decimals of the assets (from the chain suggestion's currencies).
import type { ChainInfo } from "@keplr-wallet/types";
import { CosmWasmClient } from "@cosmjs/cosmwasm-stargate";
import { MarsUsdmQueryClient } from "../../ts/src/contracts/MarsUsdm.client";
import type { Deployment } from "../../ts/src/deployment";
import type { AssetInfoBaseForAddr, AssetInfoBaseForString } from "../../ts/src/contracts/MarsVault.types";

export type AssetInfo = AssetInfoBaseForString | AssetInfoBaseForAddr;

export interface Token {
  symbol: string;
  decimals: number;
  info: AssetInfoBaseForString;
}

export interface Network {
  chain: ChainInfo;
  /** The protocol's contracts (a test chain's lending double is not the app's). */
  contracts: Required<Omit<Deployment["contracts"], "lendingDouble">>;
  query: CosmWasmClient;
  /** Every currency of the chain suggestion, by `assetKey`. */
  tokens: Map<string, Token>;
  usdm: Token;
  xms: Token;
}

/** One string per asset: "native:uatom", "cw20:wasm1…". */
export const assetKey = (info: AssetInfo): string =>
  "native" in info ? `native:${info.native.denom}` : `cw20:${info.cw20.contract_addr}`;

async function fetchJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { cache: "no-store" });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${(await res.text()) || res.statusText}`);
  return (await res.json()) as T;
}

export async function loadNetwork(): Promise<Network> {
  const [chain, deployment] = await Promise.all([
    fetchJson<ChainInfo>("keplr-chain.json"),
    fetchJson<Deployment>("deployment.json"),
  ]);
  if (deployment.chainId !== chain.chainId) {
    throw new Error(`deployment.json is for ${deployment.chainId}, keplr-chain.json for ${chain.chainId}`);
  }
  const { xms, oracle, vault, usdm, governance } = deployment.contracts;
  if (!xms || !oracle || !vault || !usdm || !governance) {
    throw new Error(`the deployment on ${chain.chainId} is incomplete: run the deploy script again`);
  }
  const tokens = new Map<string, Token>();
  for (const c of chain.currencies) {
    const info: AssetInfoBaseForString =
      "contractAddress" in c && c.contractAddress
        ? { cw20: { contract_addr: c.contractAddress } }
        : { native: { denom: c.coinMinimalDenom } };
    tokens.set(assetKey(info), { symbol: c.coinDenom, decimals: c.coinDecimals, info });
  }
  const cw20 = (addr: string) => {
    const token = tokens.get(assetKey({ cw20: { contract_addr: addr } }));
    if (!token) throw new Error(`keplr-chain.json lists no currency for ${addr}`);
    return token;
  };
  const query = await CosmWasmClient.connect(chain.rpc).catch((e: Error) => {
    throw new Error(`the node at ${chain.rpc} does not answer (${e.message})`);
  });
  return { chain, contracts: { xms, oracle, vault, usdm, governance }, query, tokens, usdm: cw20(usdm), xms: cw20(xms) };
}

/** The token of a vault asset; one the chain suggestion does not list shows its denom or address. */
export function tokenOf(network: Network, info: AssetInfo, decimals: number): Token {
  const known = network.tokens.get(assetKey(info));
  if (known) return known;
  const symbol = "native" in info ? info.native.denom : info.cw20.contract_addr;
  const plain: AssetInfoBaseForString = "native" in info ? { native: info.native } : { cw20: info.cw20 };
  return { symbol, decimals, info: plain };
}

/** The balance of `address` in `token`, native or cw20 (any cw20-base token answers USDm's query), in smallest units. */
export async function balanceOf(network: Network, token: Token, address: string): Promise<bigint> {
  if ("native" in token.info) return BigInt((await network.query.getBalance(address, token.info.native.denom)).amount);
  const { balance } = await new MarsUsdmQueryClient(network.query, token.info.cw20.contract_addr).balance({ address });
  return BigInt(balance);
}
