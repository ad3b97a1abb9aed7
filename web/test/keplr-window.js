// The page's side of the Keplr stand-in (test/keplr-stand-in.ts): `window.keplr` with the calls
// the app makes, each answered through the functions the test exposes (__keplrKey,
// __keplrSignDirect), which hold the keys. Bytes cross as base64.
(() => {
  const enc = (bytes) => btoa(String.fromCharCode(...bytes));
  const dec = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  let suggested = null;
  const known = (chainId) => {
    if (suggested?.chainId !== chainId) throw new Error(`There is no chain info for ${chainId}`);
  };
  const signer = {
    getAccounts: async () => {
      const key = await window.__keplrKey();
      return [{ address: key.address, algo: "secp256k1", pubkey: dec(key.pubkey) }];
    },
    signDirect: async (address, doc) => {
      const r = await window.__keplrSignDirect(address, {
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
  window.keplr = {
    experimentalSuggestChain: async (info) => {
      suggested = info;
    },
    enable: async (chainId) => known(chainId),
    getKey: async (chainId) => {
      known(chainId);
      const key = await window.__keplrKey();
      return { name: key.name, algo: "secp256k1", pubKey: dec(key.pubkey), bech32Address: key.address, isNanoLedger: false };
    },
    getOfflineSigner: (chainId) => {
      known(chainId);
      return signer;
    },
    /** For the test: the chain info the page suggested. */
    suggested: () => suggested,
  };
})();
