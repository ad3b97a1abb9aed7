// Keplr through `window.keplr`: the chain suggested from the deployment's chain info, the account
// enabled, transactions signed by Keplr's offline signer and followed through their phases.
import type { ChainInfo, Window as KeplrWindow } from "@keplr-wallet/types";
import { SigningCosmWasmClient } from "@cosmjs/cosmwasm-stargate";
import type { OfflineDirectSigner } from "@cosmjs/proto-signing";
import { GasPrice } from "@cosmjs/stargate";

declare global {
  interface Window extends KeplrWindow {}
}

/** The phases of a transaction the wallet reports while it signs. */
export type SignPhase = "signing" | "broadcasting";

export interface Wallet {
  address: string;
  /** The account's name in Keplr. */
  name: string;
  client: SigningCosmWasmClient;
  /** Called as the transaction in flight is signed; set by whoever sends it. */
  onPhase: (phase: SignPhase) => void;
}

/** Fired by Keplr when the user switches accounts. */
export const KEYSTORE_CHANGE = "keplr_keystorechange";

export async function connectWallet(chain: ChainInfo): Promise<Wallet> {
  const keplr = window.keplr;
  if (!keplr) throw new Error("Keplr was not found in this browser: install the Keplr extension and reload the page");
  await keplr.experimentalSuggestChain(chain);
  await keplr.enable(chain.chainId);
  const key = await keplr.getKey(chain.chainId);
  // Keplr's own typings of the signer predate cosmjs' bigint account numbers; the object is the same.
  const keplrSigner = keplr.getOfflineSigner(chain.chainId) as unknown as OfflineDirectSigner;
  const wallet: Omit<Wallet, "client"> = { address: key.bech32Address, name: key.name, onPhase: () => {} };
  const signer: OfflineDirectSigner = {
    getAccounts: () => keplrSigner.getAccounts(),
    signDirect: async (address, doc) => {
      wallet.onPhase("signing");
      const signed = await keplrSigner.signDirect(address, doc);
      wallet.onPhase("broadcasting");
      return signed;
    },
  };
  const fee = chain.feeCurrencies[0];
  const client = await SigningCosmWasmClient.connectWithSigner(chain.rpc, signer, {
    gasPrice: GasPrice.fromString(`${fee.gasPriceStep?.average ?? 0.025}${fee.coinMinimalDenom}`),
    broadcastPollIntervalMs: 500,
  });
  return Object.assign(wallet, { client });
}
