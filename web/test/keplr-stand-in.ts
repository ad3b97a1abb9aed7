// A stand-in for the Keplr extension in a Playwright page: the same `window.keplr` calls the app
// makes (experimentalSuggestChain, enable, getKey, getOfflineSigner), answered by a cosmjs wallet of
// devnet test keys in the test's process. `use(name)` switches accounts and fires Keplr's
// `keplr_keystorechange`, as the extension does.
import { makeCosmoshubPath } from "@cosmjs/amino";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { resolve } from "node:path";
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
  // a plain script file: tsx's transform of a function here would leave helpers the page lacks
  await page.addInitScript({ path: resolve(import.meta.dirname, "keplr-window.js") });
  return {
    addresses,
    suggested: () => page.evaluate(() => (window as unknown as { keplr: { suggested: () => { chainId: string } | null } }).keplr.suggested()),
    use: async (name) => {
      current = names.indexOf(name);
      if (current < 0) throw new Error(`the stand-in holds no account ${name}`);
      await page.evaluate(() => window.dispatchEvent(new Event("keplr_keystorechange")));
    },
  };
}
