// A Keplr chain suggestion (window.keplr.experimentalSuggestChain) for a deployment: the fee
// denom, the staking denom, the native test assets and the protocol's cw20s (USDm, XMS and
// created tokens).
import type { DeployConfig } from "./config";
import type { Deployment } from "./deployment";

interface Currency {
  coinDenom: string;
  coinMinimalDenom: string;
  coinDecimals: number;
  type?: "cw20";
  contractAddress?: string;
}

const cw20 = (symbol: string, contractAddress: string, coinDecimals: number): Currency => ({
  type: "cw20",
  contractAddress,
  coinDenom: symbol,
  coinMinimalDenom: `cw20:${contractAddress}:${symbol}`,
  coinDecimals,
});

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** `bondDenom`: the chain's staking denom (`cosmos/staking` params), when it is not the fee denom,
 * e.g. `stake` on a network made by `wasmd testnet init-files`; 6 decimals. */
export function keplrChainInfo(config: DeployConfig, d: Deployment, bondDenom = config.chain.feeDenom) {
  const { chain } = config;
  const p = chain.prefix;
  const gasPrice = Number(chain.gasPrice.match(/^[\d.]+/)![0]);
  const feeCurrency = {
    coinDenom: chain.feeDenom.replace(/^u/, "").toUpperCase(),
    coinMinimalDenom: chain.feeDenom,
    coinDecimals: chain.feeDecimals,
    // rounded to 6 places so the JSON shows 0.0375, not 0.037500000000000006
    gasPriceStep: { low: gasPrice, average: round6(gasPrice * 1.5), high: round6(gasPrice * 2) },
  };
  const currencies: Currency[] = [
    { coinDenom: feeCurrency.coinDenom, coinMinimalDenom: chain.feeDenom, coinDecimals: chain.feeDecimals },
  ];
  for (const a of config.assets) {
    if ("native" in a.token) currencies.push({ coinDenom: a.symbol, coinMinimalDenom: a.token.native, coinDecimals: a.decimals });
    if ("createCw20" in a.token && d.tokens[a.symbol]) currencies.push(cw20(a.symbol, d.tokens[a.symbol], a.decimals));
  }
  if (bondDenom !== chain.feeDenom) currencies.push({ coinDenom: bondDenom.toUpperCase(), coinMinimalDenom: bondDenom, coinDecimals: 6 });
  const stakeCurrency = currencies.find((c) => c.coinMinimalDenom === bondDenom)!;
  if (d.contracts.usdm) currencies.push(cw20(config.usdm.symbol, d.contracts.usdm, 6));
  if (d.contracts.xms) currencies.push(cw20(config.xms.symbol, d.contracts.xms, config.xms.decimals));
  return {
    chainId: chain.chainId,
    chainName: chain.chainName,
    rpc: chain.rpc,
    rest: chain.rest ?? chain.rpc,
    bip44: { coinType: 118 },
    bech32Config: {
      bech32PrefixAccAddr: p,
      bech32PrefixAccPub: `${p}pub`,
      bech32PrefixValAddr: `${p}valoper`,
      bech32PrefixValPub: `${p}valoperpub`,
      bech32PrefixConsAddr: `${p}valcons`,
      bech32PrefixConsPub: `${p}valconspub`,
    },
    currencies,
    feeCurrencies: [feeCurrency],
    stakeCurrency,
    features: ["cosmwasm"],
  };
}
