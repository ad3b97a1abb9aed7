import { formatAmount, formatDecimal, formatDuration, formatRatio, formatUsd } from "../format";
import { useApp, useLoad } from "../state";
import { Amount, ErrorNote, ShareBar, Stat } from "../ui";
import { loadVault, type VaultAsset } from "../vaultData";

function PriceCell({ asset, now }: { asset: VaultAsset; now: number }) {
  if ("error" in asset.price) return <span className="stale" title={asset.price.error}>no price: {asset.price.error}</span>;
  const age = now - asset.price.ok.publish_time;
  const stale = asset.maxStaleness !== undefined && age > asset.maxStaleness;
  return (
    <span>
      ${formatDecimal(asset.price.ok.price, 4)}{" "}
      <span className={stale ? "stale" : "muted"}>
        {formatDuration(age)} old{stale ? " (stale)" : ""}
      </span>
    </span>
  );
}

export function VaultPage() {
  const { network } = useApp();
  const { data, error } = useLoad(() => loadVault(network), [network]);
  if (!data) return error ? <ErrorNote error={error} /> : <p className="muted">Loading the vault…</p>;
  const { state, assets } = data;
  const now = Math.floor(Date.now() / 1000);
  const throttle = (t: typeof state.mint_throttle) =>
    t ? `${formatAmount(t.available, 6, 2)} of ${formatAmount(t.limit, 6, 2)}` : "no limit";
  return (
    <section>
      <h2>Vault</h2>
      <ErrorNote error={error} />
      <div className="stats">
        <Stat id="collateral-ratio" label="Collateral ratio" value={state.collateral_ratio ? formatRatio(state.collateral_ratio) : "—"} note={state.collateral_ratio ? undefined : "no USDm yet"} />
        <Stat id="usdm-supply" label="USDm supply" value={<Amount raw={state.usdm_supply} token={network.usdm} />} />
        <Stat label="Collateral value" value={formatUsd(state.total_value)} />
        <Stat label={BigInt(state.deficit) > 0n ? "Deficit" : "Surplus"} value={formatUsd(BigInt(state.deficit) > 0n ? state.deficit : state.surplus)} />
        <Stat label="Mint capacity left" value={throttle(state.mint_throttle)} note="USDm in this window" />
        <Stat label="Redeem capacity left" value={throttle(state.redeem_throttle)} note="USDm in this window" />
      </div>

      <h3>Assets</h3>
      <div className="table-wrap">
        <table data-testid="assets">
          <thead>
            <tr>
              <th>Asset</th>
              <th>Price</th>
              <th>Liquid</th>
              <th>Deployed</th>
              <th>Value</th>
              <th>Share of the vault</th>
            </tr>
          </thead>
          <tbody>
            {assets.map((a) => (
              <tr key={a.token.symbol} data-testid={`asset-${a.token.symbol}`}>
                <td>
                  <strong>{a.token.symbol}</strong>
                  <div className="muted">{a.params.params.tier.replace(/_/g, " ")}</div>
                  {(a.params.mint_paused || !a.params.params.mint_enabled) && <div className="stale">minting off</div>}
                </td>
                <td><PriceCell asset={a} now={now} /></td>
                <td><Amount raw={a.params.liquid} token={a.token} /></td>
                <td><Amount raw={a.params.deployed} token={a.token} /></td>
                <td>{a.state ? formatUsd(a.state.value) : "—"}</td>
                <td><ShareBar share={a.state?.share ?? 0} cap={a.params.params.max_share} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h3>Tiers</h3>
      <div className="tiers">
        {state.tiers.map((t) => (
          <div className="tier" key={t.tier}>
            <div className="tier-name">
              {t.tier.replace(/_/g, " ")} <span className="muted">{formatUsd(t.value)}</span>
            </div>
            <ShareBar share={t.share} cap={t.max_share} />
          </div>
        ))}
      </div>
    </section>
  );
}
