// Small pieces the pages share.
import type { ReactNode } from "react";
import { formatAmount, formatBps, parseAmount } from "./format";
import type { Token } from "./network";
import { useApp } from "./state";

export function Stat({ label, value, note, id }: { label: string; value: ReactNode; note?: ReactNode; id?: string }) {
  return (
    <div className="stat" data-testid={id}>
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
      {note && <div className="stat-note">{note}</div>}
    </div>
  );
}

/** A share against its cap, both in basis points: the bar fills to the share, the mark is the cap. */
export function ShareBar({ share, cap }: { share: number; cap: number }) {
  const over = share > cap;
  return (
    <div className="share" title={`${formatBps(share)} of the vault, cap ${formatBps(cap)}`}>
      <div className="share-track">
        <div className={`share-fill${over ? " over" : ""}`} style={{ width: `${Math.min(share, 10_000) / 100}%` }} />
        <div className="share-cap" style={{ left: `${Math.min(cap, 10_000) / 100}%` }} />
      </div>
      <div className="share-text">
        {formatBps(share)} <span className="muted">/ cap {formatBps(cap)}</span>
      </div>
    </div>
  );
}

export const Amount = ({ raw, token }: { raw: bigint | string; token: Token }) => (
  <span className="amount">
    {formatAmount(raw, token.decimals)} <span className="symbol">{token.symbol}</span>
  </span>
);

/** A whole-token amount field with the balance and a Max button. */
export function AmountField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  token?: Token;
  balance?: bigint;
  id: string;
}) {
  const { label, value, onChange, token, balance, id } = props;
  return (
    <label className="field">
      <span className="field-label">
        {label}
        {token && balance !== undefined && (
          <span className="balance" data-testid={`${id}-balance`}>
            balance <Amount raw={balance} token={token} />
            <button type="button" className="link" onClick={() => onChange(formatAmount(balance, token.decimals, token.decimals).replace(/,/g, ""))}>
              Max
            </button>
          </span>
        )}
      </span>
      <input inputMode="decimal" placeholder="0.0" value={value} onChange={(e) => onChange(e.target.value)} data-testid={id} />
    </label>
  );
}

export function SlippageField({ bps, onChange }: { bps: number; onChange: (bps: number) => void }) {
  return (
    <label className="field slippage">
      <span className="field-label">Slippage tolerance</span>
      <select value={bps} onChange={(e) => onChange(Number(e.target.value))} data-testid="slippage">
        {[10, 50, 100, 300].map((b) => (
          <option key={b} value={b}>
            {formatBps(b)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The transaction in flight or the last one: its phase, the block that included it or its error. */
export function TxPanel() {
  const { tx } = useApp();
  if (!tx) return null;
  const text = {
    preparing: "estimating gas…",
    signing: "waiting for your signature in Keplr…",
    broadcasting: "broadcast, waiting for a block…",
    included: tx.phase === "included" ? `included at height ${tx.height}` : "",
    failed: tx.phase === "failed" ? tx.error : "",
  }[tx.phase];
  return (
    <div className={`tx tx-${tx.phase}`} role="status" data-testid="tx-status">
      <strong>{tx.label}</strong>: {tx.phase === "failed" ? "failed: " : ""}
      {text}
      {tx.phase === "included" && <div className="muted mono">{tx.hash}</div>}
    </div>
  );
}

export const ErrorNote = ({ error, id }: { error?: string; id?: string }) =>
  error ? (
    <div className="error" role="alert" data-testid={id}>
      {error}
    </div>
  ) : null;

/** The amount typed in `text` in `token`'s smallest units, or the reason it is not one. */
export function typedAmount(text: string, token?: Token): { amount?: bigint; error?: string } {
  if (!token || !text.trim()) return {};
  try {
    const amount = parseAmount(text, token.decimals);
    return amount > 0n ? { amount } : { error: "enter an amount above zero" };
  } catch (e) {
    return { error: (e as Error).message };
  }
}
