// Connecting to a wasmd-based chain with the accounts of a mnemonic.
import { SigningCosmWasmClient } from "@cosmjs/cosmwasm-stargate";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { GasPrice } from "@cosmjs/stargate";
import { makeCosmoshubPath } from "@cosmjs/amino";
import type { ChainConfig } from "./config";

export interface Connection {
  client: SigningCosmWasmClient;
  /** Account name → address, for every account of the configuration. */
  accounts: Record<string, string>;
  /** The fee argument of every transaction: the simulated gas × the configured adjustment. */
  fee: number;
  chain: ChainConfig;
}

export async function connect(chain: ChainConfig, mnemonic: string, accounts: Record<string, number>): Promise<Connection> {
  const names = Object.keys(accounts);
  const wallet = await DirectSecp256k1HdWallet.fromMnemonic(mnemonic.trim(), {
    prefix: chain.prefix,
    // m/44'/118'/0'/0/<index>, as `wasmd keys add --index <index>` derives them
    hdPaths: names.map((name) => makeCosmoshubPath(accounts[name])),
  });
  const addresses = (await wallet.getAccounts()).map((a) => a.address);
  const client = await SigningCosmWasmClient.connectWithSigner(chain.rpc, wallet, {
    gasPrice: GasPrice.fromString(chain.gasPrice),
    // how often to look for a broadcast transaction in a block (cosmjs' default is 3 s)
    broadcastPollIntervalMs: 250,
  });
  const chainId = await client.getChainId();
  if (chainId !== chain.chainId) {
    throw new Error(`${chain.rpc} serves chain ${chainId}, the configuration expects ${chain.chainId}`);
  }
  return {
    client,
    accounts: Object.fromEntries(names.map((name, i) => [name, addresses[i]])),
    fee: chain.gasAdjustment,
    chain,
  };
}

/** Replaces "@name" by that account's address; leaves anything else as it is. */
export function resolveAddress(conn: Connection, value: string): string {
  if (!value.startsWith("@")) return value;
  const address = conn.accounts[value.slice(1)];
  if (!address) throw new Error(`"${value}" names no account of the configuration (${Object.keys(conn.accounts).join(", ")})`);
  return address;
}

/** `resolveAddress` applied to every string of a JSON value. */
export function resolveAddresses<T>(conn: Connection, value: T): T {
  return JSON.parse(JSON.stringify(value), (_key, v) => (typeof v === "string" ? resolveAddress(conn, v) : v)) as T;
}
