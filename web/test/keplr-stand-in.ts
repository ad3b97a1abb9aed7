// A stand-in for the Keplr extension in a Playwright page: the same `window.keplr` calls the app
// makes (experimentalSuggestChain, enable, getKey, getOfflineSigner), answered by a cosmjs wallet of
// devnet test keys in the test's process. `use(name)` switches accounts and fires Keplr's
// `keplr_keystorechange`, as the extension does.
import { makeCosmoshubPath } from "@cosmjs/amino";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import type { Page } from "playwright-core";

export interface StandIn {
  /** The address of each account the stand-in holds, by name. */
  addresses: Record<string, string>;
  /** The chain info the page suggested, once it has. */
  suggested: () => Promise<{ chainId: string } | null>;
  use: (name: string) => Promise<void>;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
const bytes = (text: string) => new Uint8Array(Buffer.from(text, "base64"));

export async function installKeplr(page: Page, mnemonic: string, prefix: string, accounts: Record<string, number>): Promise<StandIn> {
  const names = Object.keys(accounts);
  const wallet = await DirectSecp256k1HdWallet.fromMnemonic(mnemonic, {
    prefix,
    hdPaths: names.map((n) => makeCosmoshubPath(accounts[n])),
  });
  const keys = await wallet.getAccounts();
  const addresses = Object.fromEntries(names.map((n, i) => [n, keys[i].address]));
  let current = 0;

  await page.exposeFunction("__keplrKey", () => ({ name: names[current], address: keys[current].address, pubkey: b64(keys[current].pubkey) }));
  await page.exposeFunction(
    "__keplrSignDirect",
    async (signer: string, doc: { bodyBytes: string; authInfoBytes: string; chainId: string; accountNumber: string }) => {
      const { signed, signature } = await wallet.signDirect(signer, {
        bodyBytes: bytes(doc.bodyBytes),
        authInfoBytes: bytes(doc.authInfoBytes),
        chainId: doc.chainId,
        accountNumber: BigInt(doc.accountNumber),
      });
      return {
        bodyBytes: b64(signed.bodyBytes),
        authInfoBytes: b64(signed.authInfoBytes),
        chainId: signed.chainId,
        accountNumber: signed.accountNumber.toString(),
        signature,
      };
    },
  );
  await page.addInitScript(() => {
    type Key = { name: string; address: string; pubkey: string };
    type Signed = { bodyBytes: string; authInfoBytes: string; chainId: string; accountNumber: string; signature: unknown };
    const w = window as unknown as {
      __keplrKey: () => Promise<Key>;
      __keplrSignDirect: (signer: string, doc: object) => Promise<Signed>;
      __keplrSuggested: { chainId: string } | null;
      keplr: object;
    };
    const enc = (u: Uint8Array) => btoa(String.fromCharCode(...u));
    const dec = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
    const known = (chainId: string) => {
      if (w.__keplrSuggested?.chainId !== chainId) throw new Error(`There is no chain info for ${chainId}`);
    };
    w.__keplrSuggested = null;
    const signer = {
      getAccounts: async () => {
        const k = await w.__keplrKey();
        return [{ address: k.address, algo: "secp256k1", pubkey: dec(k.pubkey) }];
      },
      signDirect: async (address: string, doc: { bodyBytes: Uint8Array; authInfoBytes: Uint8Array; chainId: string; accountNumber: bigint }) => {
        const r = await w.__keplrSignDirect(address, {
          bodyBytes: enc(doc.bodyBytes),
          authInfoBytes: enc(doc.authInfoBytes),
          chainId: doc.chainId,
          accountNumber: doc.accountNumber.toString(),
        });
        return {
          signed: { bodyBytes: dec(r.bodyBytes), authInfoBytes: dec(r.authInfoBytes), chainId: r.chainId, accountNumber: BigInt(r.accountNumber) },
          signature: r.signature,
        };
      },
    };
    w.keplr = {
      experimentalSuggestChain: async (info: { chainId: string }) => {
        w.__keplrSuggested = info;
      },
      enable: async (chainId: string) => known(chainId),
      getKey: async (chainId: string) => {
        known(chainId);
        const k = await w.__keplrKey();
        return { name: k.name, algo: "secp256k1", pubKey: dec(k.pubkey), bech32Address: k.address, isNanoLedger: false };
      },
      getOfflineSigner: (chainId: string) => {
        known(chainId);
        return signer;
      },
    };
  });
  return {
    addresses,
    suggested: () => page.evaluate(() => (window as unknown as { __keplrSuggested: { chainId: string } | null }).__keplrSuggested),
    use: async (name) => {
      current = names.indexOf(name);
      if (current < 0) throw new Error(`the stand-in holds no account ${name}`);
      await page.evaluate(() => window.dispatchEvent(new Event("keplr_keystorechange")));
    },
  };
}
