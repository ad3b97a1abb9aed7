import { useState } from "react";
import { GAS_ADJUSTMENT, sendCw20, vault } from "../contracts";
import { formatDecimal, formatRatio, formatUsd, withSlippage } from "../format";
import { balanceOf } from "../network";
import { useApp, useLoad } from "../state";
import { Amount, AmountField, ErrorNote, SlippageField, typedAmount } from "../ui";
import { useDebounced } from "../useDebounced";
import { loadVault, vaultClient } from "../vaultData";

export function MintPage() {
  const { network, wallet, send } = useApp();
  const [symbol, setSymbol] = useState<string>();
  const [text, setText] = useState("");
  const [slippage, setSlippage] = useState(50);
  const vaultData = useLoad(() => loadVault(network), [network]);
  const mintable = vaultData.data?.assets.filter((a) => a.params.params.mint_enabled && !a.params.mint_paused) ?? [];
  const asset = mintable.find((a) => a.token.symbol === symbol) ?? mintable[0];
  const token = asset?.token;
  const balance = useLoad(
    async () => (wallet && token ? balanceOf(network, token, wallet.address) : undefined),
    [network, wallet, token?.symbol],
  );
  const typed = typedAmount(useDebounced(text), token);
  const sim = useLoad(
    async () => (token && typed.amount ? vaultClient(network).simulateMint({ asset: token.info, amount: typed.amount.toString() }) : undefined),
    [network, token?.symbol, typed.amount],
  );

  const mint = async () => {
    if (!token || !typed.amount || !sim.data) return;
    const amount = typed.amount;
    const minOut = withSlippage(BigInt(sim.data.usdm_out), slippage).toString();
    const label = `Mint with ${token.symbol}`;
    const done = await send(label, (w) =>
      "native" in token.info
        ? vault(network, w).mint({ minOut }, GAS_ADJUSTMENT, undefined, [{ denom: token.info.native.denom, amount: amount.toString() }])
        : sendCw20(w, token.info.cw20.contract_addr, network.contracts.vault, amount, { mint: { min_out: minOut } }),
    );
    if (done) setText("");
  };

  return (
    <section>
      <h2>Mint USDm</h2>
      <ErrorNote error={vaultData.error} />
      <div className="card form">
        <label className="field">
          <span className="field-label">Collateral</span>
          <select value={token?.symbol ?? ""} onChange={(e) => setSymbol(e.target.value)} data-testid="mint-asset">
            {mintable.map((a) => (
              <option key={a.token.symbol} value={a.token.symbol}>
                {a.token.symbol}
              </option>
            ))}
          </select>
        </label>
        <AmountField label="Amount" value={text} onChange={setText} token={token} balance={balance.data} id="mint-amount" />
        <SlippageField bps={slippage} onChange={setSlippage} />
        <ErrorNote error={typed.error ?? sim.error} id="mint-error" />
        {sim.data && token && (
          <dl className="quote" data-testid="mint-quote">
            <dt>Price</dt>
            <dd>${formatDecimal(sim.data.price, 6)} per {token.symbol}</dd>
            <dt>Value</dt>
            <dd>{formatUsd(sim.data.value)}</dd>
            <dt>Fee</dt>
            <dd><Amount raw={sim.data.fee} token={network.usdm} /></dd>
            <dt>You receive</dt>
            <dd data-testid="mint-out"><Amount raw={sim.data.usdm_out} token={network.usdm} /></dd>
            <dt>At least</dt>
            <dd><Amount raw={withSlippage(BigInt(sim.data.usdm_out), slippage)} token={network.usdm} /></dd>
            <dt>Collateral ratio after</dt>
            <dd>{formatRatio(sim.data.collateral_ratio)}</dd>
          </dl>
        )}
        <button type="button" className="primary" disabled={!wallet || !sim.data || !typed.amount} onClick={mint} data-testid="mint-submit">
          {wallet ? "Mint" : "Connect a wallet to mint"}
        </button>
      </div>
    </section>
  );
}
