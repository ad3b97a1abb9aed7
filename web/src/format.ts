// Amounts on chain are integers in the asset's smallest unit; people read and type whole tokens.

const group = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/** `raw` smallest units as whole tokens: "1,234.5" for 1234500000 with 6 decimals (rounded down to `places`). */
export function formatAmount(raw: bigint | string, decimals: number, places = Math.min(decimals, 8)): string {
  const value = BigInt(raw);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const scale = 10n ** BigInt(decimals);
  const whole = abs / scale;
  const frac = (abs % scale).toString().padStart(decimals, "0").slice(0, places).replace(/0+$/, "");
  return `${negative ? "-" : ""}${group(whole.toString())}${frac ? `.${frac}` : ""}`;
}

/** Whole tokens typed by a person ("1,000.25") in smallest units; throws a readable error. */
export function parseAmount(text: string, decimals: number): bigint {
  const clean = text.replace(/[,_\s]/g, "");
  const match = /^(\d*)(?:\.(\d*))?$/.exec(clean);
  if (!clean || !match || (match[1] === "" && !match[2])) throw new Error(`"${text}" is not an amount`);
  const frac = match[2] ?? "";
  if (frac.length > decimals) throw new Error(`at most ${decimals} decimal places`);
  return BigInt(match[1] || "0") * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, "0") || "0");
}

/** A cosmwasm `Decimal` ("1.234567890123456789") with at most `places` fraction digits, grouped. */
export function formatDecimal(decimal: string, places = 4): string {
  const [whole, frac = ""] = decimal.split(".");
  const kept = frac.slice(0, places).replace(/0+$/, "");
  return `${group(whole)}${kept ? `.${kept}` : ""}`;
}

/** A USD value of the vault's answers (micro-USD, USDm's 6 decimals): "$1,234.56". */
export const formatUsd = (raw: bigint | string) => `$${formatAmount(raw, 6, 2)}`;

/** A `Decimal` ratio as a percentage: "1.5" → "150.00%". */
export const formatRatio = (decimal: string, places = 2) => `${(Number(decimal) * 100).toFixed(places)}%`;

/** Basis points as a percentage: 4000 → "40.00%". */
export const formatBps = (bps: number) => `${(bps / 100).toFixed(2)}%`;

/** `amount` less a slippage tolerance in basis points, rounded down: the `min_out` of a transaction. */
export const withSlippage = (amount: bigint, slippageBps: number): bigint =>
  (amount * BigInt(10_000 - slippageBps)) / 10_000n;

/** A span of seconds the way people say it: "45 s", "3 min 5 s", "2 h 10 min", "3 d 4 h". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ""}`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)} min` : ""}`;
  return `${Math.floor(s / 86_400)} d${Math.floor((s % 86_400) / 3600) ? ` ${Math.floor((s % 86_400) / 3600)} h` : ""}`;
}

/** A cosmwasm `Timestamp` (nanoseconds since the epoch, as a string) in seconds. */
export const timestampSeconds = (nanos: string) => Number(BigInt(nanos) / 1_000_000_000n);

/** "wasm1abcd…wxyz" */
export const shortAddress = (address: string) => `${address.slice(0, 10)}…${address.slice(-6)}`;
