import { useEffect, useState } from "react";
import { shortAddress } from "./format";
import { GovernancePage } from "./pages/Governance";
import { MintPage } from "./pages/Mint";
import { RedeemPage } from "./pages/Redeem";
import { VaultPage } from "./pages/Vault";
import { useApp } from "./state";
import { ErrorNote, TxPanel } from "./ui";

const PAGES = { vault: ["Vault", VaultPage], mint: ["Mint", MintPage], redeem: ["Redeem", RedeemPage], governance: ["Governance", GovernancePage] } as const;
type PageName = keyof typeof PAGES;

const pageOf = (hash: string): PageName => {
  const name = hash.replace(/^#\/?/, "");
  return name in PAGES ? (name as PageName) : "vault";
};

function usePage(): PageName {
  const [page, setPage] = useState(() => pageOf(location.hash));
  useEffect(() => {
    const onHash = () => setPage(pageOf(location.hash));
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);
  return page;
}

function WalletButton() {
  const { wallet, connect } = useApp();
  if (wallet) {
    return (
      <span className="wallet" title={wallet.address} data-testid="wallet-address" data-address={wallet.address}>
        {wallet.name} · {shortAddress(wallet.address)}
      </span>
    );
  }
  return (
    <button type="button" className="primary" onClick={connect} data-testid="connect">
      Connect Keplr
    </button>
  );
}

export function App() {
  const { network, walletError } = useApp();
  const page = usePage();
  const [, Page] = PAGES[page];
  return (
    <>
      <header>
        <div className="brand">
          Mars vault <span className="muted">{network.chain.chainName}</span>
        </div>
        <nav>
          {(Object.keys(PAGES) as PageName[]).map((p) => (
            <a key={p} href={`#/${p}`} className={p === page ? "on" : ""} data-testid={`nav-${p}`}>
              {PAGES[p][0]}
            </a>
          ))}
        </nav>
        <WalletButton />
      </header>
      <main>
        <ErrorNote error={walletError} id="wallet-error" />
        <TxPanel />
        <Page />
      </main>
    </>
  );
}
