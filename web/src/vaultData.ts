// The vault's state with each asset's token, parameters and oracle price, as the pages show it.
import { MarsOracleQueryClient } from "../../ts/src/contracts/MarsOracle.client";
import type { PriceResponse, PriceSourceBaseForAddr } from "../../ts/src/contracts/MarsOracle.types";
import { MarsVaultQueryClient } from "../../ts/src/contracts/MarsVault.client";
import type { AssetResponse, AssetState, StateResponse } from "../../ts/src/contracts/MarsVault.types";
import { errorMessage } from "./errors";
import { assetKey, type Network, type Token, tokenOf } from "./network";

export interface VaultAsset {
  token: Token;
  params: AssetResponse;
  state?: AssetState;
  /** The oracle's answer for the asset, or why it has none (a stale or missing price). */
  price: { ok: PriceResponse } | { error: string };
  /** How old a price may be before the oracle refuses it, when the source says. */
  maxStaleness?: number;
}

export interface VaultData {
  state: StateResponse;
  assets: VaultAsset[];
}

const maxStaleness = (source: PriceSourceBaseForAddr): number | undefined =>
  "feeder" in source ? source.feeder.max_staleness : "pyth" in source ? source.pyth.max_staleness : undefined;

export const vaultClient = (network: Network) => new MarsVaultQueryClient(network.query, network.contracts.vault);

export async function loadVault(network: Network): Promise<VaultData> {
  const vault = vaultClient(network);
  const oracle = new MarsOracleQueryClient(network.query, network.contracts.oracle);
  const [state, params, sources] = await Promise.all([
    vault.state(),
    vault.assets({ limit: 100 }),
    oracle.priceSources({ limit: 100 }),
  ]);
  const staleness = new Map(sources.map((s) => [assetKey(s.asset), maxStaleness(s.source)]));
  const states = new Map(state.assets.map((a) => [assetKey(a.asset), a]));
  const prices = await Promise.allSettled(params.map((p) => oracle.price({ asset: p.params.asset })));
  const assets = params.map((p, i): VaultAsset => {
    const key = assetKey(p.params.asset);
    const price = prices[i];
    return {
      token: tokenOf(network, p.params.asset, p.params.decimals),
      params: p,
      state: states.get(key),
      price: price.status === "fulfilled" ? { ok: price.value } : { error: errorMessage(price.reason) },
      maxStaleness: staleness.get(key),
    };
  });
  return { state, assets };
}
