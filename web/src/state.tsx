// What every page shares: the network, the connected wallet, the transaction in flight and a
// refresh signal that reloads the pages' data once a transaction is included.
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import type { ExecuteResult } from "@cosmjs/cosmwasm-stargate";
import { errorMessage } from "./errors";
import type { Network } from "./network";
import { connectWallet, KEYSTORE_CHANGE, type Wallet } from "./wallet";

export type TxState =
  | { label: string; phase: "preparing" | "signing" | "broadcasting" }
  | { label: string; phase: "included"; height: number; hash: string }
  | { label: string; phase: "failed"; error: string };

interface AppState {
  network: Network;
  wallet?: Wallet;
  walletError?: string;
  connect: () => void;
  tx?: TxState;
  /** Sends one transaction with the connected wallet, reporting its phases in `tx`. */
  send: (label: string, execute: (wallet: Wallet) => Promise<ExecuteResult>) => Promise<boolean>;
  /** Changes after every included transaction (and on a timer): a dependency that reloads data. */
  refresh: number;
}

const Context = createContext<AppState | null>(null);

export function useApp(): AppState {
  const state = useContext(Context);
  if (!state) throw new Error("useApp outside <AppProvider>");
  return state;
}

const REFRESH_MS = 15_000;

export function AppProvider({ network, children }: { network: Network; children: ReactNode }) {
  const [wallet, setWallet] = useState<Wallet>();
  const [walletError, setWalletError] = useState<string>();
  const [tx, setTx] = useState<TxState>();
  const [refresh, setRefresh] = useState(0);
  const connected = useRef(false);

  const connect = useCallback(() => {
    setWalletError(undefined);
    connectWallet(network.chain).then(
      (w) => {
        connected.current = true;
        setWallet(w);
      },
      (e) => setWalletError(errorMessage(e)),
    );
  }, [network]);

  useEffect(() => {
    const onChange = () => connected.current && connect();
    window.addEventListener(KEYSTORE_CHANGE, onChange);
    const timer = setInterval(() => setRefresh((n) => n + 1), REFRESH_MS);
    return () => {
      window.removeEventListener(KEYSTORE_CHANGE, onChange);
      clearInterval(timer);
    };
  }, [connect]);

  const send = useCallback(
    async (label: string, execute: (wallet: Wallet) => Promise<ExecuteResult>) => {
      if (!wallet) {
        setTx({ label, phase: "failed", error: "connect a wallet first" });
        return false;
      }
      setTx({ label, phase: "preparing" });
      wallet.onPhase = (phase) => setTx({ label, phase });
      try {
        const res = await execute(wallet);
        setTx({ label, phase: "included", height: res.height, hash: res.transactionHash });
        return true;
      } catch (e) {
        setTx({ label, phase: "failed", error: errorMessage(e) });
        return false;
      } finally {
        wallet.onPhase = () => {};
        setRefresh((n) => n + 1);
      }
    },
    [wallet],
  );

  return (
    <Context.Provider value={{ network, wallet, walletError, connect, tx, send, refresh }}>{children}</Context.Provider>
  );
}

/**
 * Loads `load()` when `deps` change (dropping what was loaded for the old ones) and again on the
 * refresh signal (keeping the data while it reloads). `load` is a new closure on every render:
 * `deps` name what it reads.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { data?: T; error?: string } {
  const { refresh } = useApp();
  const [result, setResult] = useState<{ data?: T; error?: string }>({});
  const loadedFor = useRef<unknown[]>(undefined);
  useEffect(() => {
    const before = loadedFor.current;
    if (before && deps.some((d, i) => !Object.is(d, before[i]))) setResult({});
    loadedFor.current = deps;
    let live = true;
    load().then(
      (data) => live && setResult({ data }),
      (e) => live && setResult({ error: errorMessage(e) }),
    );
    return () => {
      live = false;
    };
  }, [...deps, refresh]);
  return result;
}
