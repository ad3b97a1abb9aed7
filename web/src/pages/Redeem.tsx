import { useState } from "react";
import type { RedeemMode } from "../../../ts/src/contracts/MarsVault.types";
import { sendCw20 } from "../contracts";
import { formatDecimal, formatRatio, withSlippage } from "../format";
import { type AssetInfo, assetKey, balanceOf, tokenOf } from "../network";
import { useApp, useLoad } from "../state";
import { Amount, AmountField, ErrorNote, SlippageField, typedAmount } from "../ui";
import { useDebounced } from "../useDebounced";
import { loadVault, vaultClient } from "../vaultData";

type Kind = "single" | "proportional";

export function RedeemPage() {
  const { network, wallet, send } = useApp();
  const [kind, setKind] = useState<Kind>("single");
  const [symbol, setSymbol] = useState<string>();
  const [text, setText] = useState("");
  const [slippage, setSlippage] = useState(50);
  const vaultData = useLoad(() => loadVault(network), [network]);
  const redeemable = vaultData.data?.assets.filter((a) => a.params.params.redeem_enabled) ?? [];
  const asset = redeemable.find((a) => a.token.symbol === symbol) ?? redeemable[0];
  const usdm = network.usdm;
  const balance = useLoad(async () => (wallet ? balanceOf(network, usdm, wallet.address) : undefined), [network, wallet]);
  const typed = typedAmount(useDebounced(text), usdm);
  const quoteMode: RedeemMode | undefined =
    kind === "proportional" ? { proportional: { min_out: [] } } : asset && { single: { asset: asset.token.info } };
  const sim = useLoad(
    async () => (quoteMode && typed.amount ? vaultClient(network).simulateRedeem({ amount: typed.amount.toString(), mode: quoteMode }) : undefined),
    [network, kind, asset?.token.symbol, typed.amount],
  );
  // a payout is in a whitelisted asset, whose decimals the vault knows
  const tokenOfPayout = (info: AssetInfo) =>
    vaultData.data?.assets.find((a) => assetKey(a.token.info) === assetKey(info))?.token ?? tokenOf(network, info, 0);

  const redeem = async () => {
    if (!typed.amount || !sim.data || !quoteMode) return;
    const amount = typed.amount;
    const payouts = sim.data.payouts.map((p) => ({ info: tokenOfPayout(p.asset).info, amount: withSlippage(BigInt(p.amount), slippage).toString() }));
    const mode: RedeemMode =
      "single" in quoteMode ? { single: { asset: quoteMode.single.asset, min_out: payouts[0].amount } } : { proportional: { min_out: payouts } };
    const label = kind === "single" ? `Redeem for ${asset?.token.symbol}` : "Redeem proportionally";
    const done = await send(label, (w) => sendCw20(w, network.contracts.usdm, network.contracts.vault, amount, { redeem: { mode } }));
    if (done) setText("");
  };

  return (
    <section>
      <h2>Redeem USDm</h2>
      <ErrorNote error={vaultData.error} />
      <div className="card form">
        <div className="segmented" role="radiogroup" aria-label="Redemption">
          {(["single", "proportional"] as const).map((k) => (
            <button key={k} type="button" role="radio" aria-checked={kind === k} className={kind === k ? "on" : ""} onClick={() => setKind(k)} data-testid={`redeem-${k}`}>
              {k === "single" ? "One asset" : "Every asset, pro rata"}
            </button>
          ))}
        </div>
        {kind === "single" && (
          <label className="field">
            <span className="field-label">Receive</span>
            <select value={asset?.token.symbol ?? ""} onChange={(e) => setSymbol(e.target.value)} data-testid="redeem-asset">
              {redeemable.map((a) => (
                <option key={a.token.symbol} value={a.token.symbol}>
                  {a.token.symbol}
                </option>
              ))}
            </select>
          </label>
        )}
        <AmountField label="USDm to redeem" value={text} onChange={setText} token={usdm} balance={balance.data} id="redeem-amount" />
        <SlippageField bps={slippage} onChange={setSlippage} />
        <ErrorNote error={typed.error ?? sim.error} id="redeem-error" />
        {sim.data && (
          <div data-testid="redeem-quote">
            <p>
              Collateral factor {formatRatio(sim.data.collateral_factor)}
              {Number(sim.data.collateral_factor) < 1 && (
                <span className="stale"> (haircut {formatRatio(String(1 - Number(sim.data.collateral_factor)))})</span>
              )}
            </p>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr><th>You receive</th><th>Fee</th><th>Price</th><th>At least</th></tr>
                </thead>
                <tbody>
                  {sim.data.payouts.map((p) => {
                    const t = tokenOfPayout(p.asset);
                    return (
                      <tr key={t.symbol}>
                        <td><Amount raw={p.amount} token={t} /></td>
                        <td><Amount raw={p.fee} token={t} /></td>
                        <td>${formatDecimal(p.price, 6)}</td>
                        <td><Amount raw={withSlippage(BigInt(p.amount), slippage)} token={t} /></td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </div>
        )}
        <button type="button" className="primary" disabled={!wallet || !sim.data || !typed.amount} onClick={redeem} data-testid="redeem-submit">
          {wallet ? "Redeem" : "Connect a wallet to redeem"}
        </button>
      </div>
    </section>
  );
}
