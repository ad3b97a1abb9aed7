import { useState } from "react";
import { toBinary } from "@cosmjs/cosmwasm-stargate";
import { MarsGovernanceQueryClient } from "../../../ts/src/contracts/MarsGovernance.client";
import type { Claim, ProposalResponse, VoteOption } from "../../../ts/src/contracts/MarsGovernance.types";
import type { AssetUpdate, ExecuteMsg as VaultMsg, Tier } from "../../../ts/src/contracts/MarsVault.types";
import { GAS_ADJUSTMENT, governance, sendCw20 } from "../contracts";
import { formatAmount, formatBps, formatDuration, formatRatio, timestampSeconds } from "../format";
import { balanceOf, type Network } from "../network";
import { useApp, useLoad } from "../state";
import { Amount, AmountField, ErrorNote, Stat, typedAmount } from "../ui";
import { useNow } from "../useNow";
import { loadVault } from "../vaultData";

const TIERS: Tier[] = ["stablecoin", "btc", "layer1", "defi_blue_chip", "governance"];
const VOTES: VoteOption[] = ["yes", "no", "abstain", "veto"];

const govQuery = (n: Network) => new MarsGovernanceQueryClient(n.query, n.contracts.governance);

async function loadPosition(n: Network, address: string) {
  const q = govQuery(n);
  const [balance, staked, power, claims] = await Promise.all([
    balanceOf(n, n.xms, address),
    q.staked({ address }),
    q.votingPower({ address }),
    q.claims({ address }),
  ]);
  return { balance, staked: BigInt(staked.staked), power: BigInt(power.power), claims: claims.claims };
}

const released = (c: Claim, now: number, height: number) =>
  "at_time" in c.release_at ? timestampSeconds(c.release_at.at_time) <= now : "at_height" in c.release_at ? c.release_at.at_height <= height : false;

const releaseText = (c: Claim, now: number) =>
  "at_time" in c.release_at ? formatDuration(timestampSeconds(c.release_at.at_time) - now) : "at_height" in c.release_at ? `height ${c.release_at.at_height}` : "never";

function Staking() {
  const { network, wallet, send } = useApp();
  const now = useNow();
  const [stakeText, setStakeText] = useState("");
  const [unstakeText, setUnstakeText] = useState("");
  const position = useLoad(async () => (wallet ? loadPosition(network, wallet.address) : undefined), [network, wallet]);
  const height = useLoad(() => network.query.getHeight(), [network]);
  const xms = network.xms;
  const stake = typedAmount(stakeText, xms);
  const unstake = typedAmount(unstakeText, xms);
  if (!wallet) return <p className="muted">Connect a wallet to stake XMS and vote.</p>;
  const p = position.data;
  const claimable = p && height.data !== undefined ? p.claims.filter((c) => released(c, now, height.data!)) : [];
  return (
    <div className="card">
      <h3>Your stake</h3>
      <ErrorNote error={position.error} />
      {p && (
        <div className="stats">
          <Stat label="XMS balance" value={<Amount raw={p.balance} token={xms} />} />
          <Stat id="staked" label="Staked" value={<Amount raw={p.staked} token={xms} />} />
          <Stat label="Voting power" value={<Amount raw={p.power} token={xms} />} />
        </div>
      )}
      <div className="row">
        <div className="form">
          <AmountField label="Stake XMS" value={stakeText} onChange={setStakeText} token={xms} balance={p?.balance} id="stake-amount" />
          <ErrorNote error={stake.error} />
          <button type="button" className="primary" disabled={!stake.amount} data-testid="stake-submit"
            onClick={async () => (await send("Stake XMS", (w) => sendCw20(w, network.contracts.xms, network.contracts.governance, stake.amount!, { stake: {} }))) && setStakeText("")}>
            Stake
          </button>
        </div>
        <div className="form">
          <AmountField label="Unstake XMS" value={unstakeText} onChange={setUnstakeText} token={xms} balance={p?.staked} id="unstake-amount" />
          <ErrorNote error={unstake.error} />
          <button type="button" disabled={!unstake.amount} data-testid="unstake-submit"
            onClick={async () => (await send("Unstake XMS", (w) => governance(network, w).unstake({ amount: unstake.amount!.toString() }, GAS_ADJUSTMENT))) && setUnstakeText("")}>
            Unstake
          </button>
        </div>
      </div>
      {p && p.claims.length > 0 && (
        <div>
          <h4>Unbonding</h4>
          <ul className="plain" data-testid="claims">
            {p.claims.map((c, i) => (
              <li key={i}>
                <Amount raw={c.amount} token={xms} /> {released(c, now, height.data ?? 0) ? "released" : `in ${releaseText(c, now)}`}
              </li>
            ))}
          </ul>
          <button type="button" disabled={claimable.length === 0} onClick={() => send("Claim unstaked XMS", (w) => governance(network, w).claim(GAS_ADJUSTMENT))}>
            Claim released XMS
          </button>
        </div>
      )}
    </div>
  );
}

function ProposalCard({ p, ballot }: { p: ProposalResponse; ballot?: VoteOption }) {
  const { network, wallet, send } = useApp();
  const now = useNow();
  const { proposal, status } = p;
  const total = BigInt(proposal.total_power);
  const t = proposal.tally;
  const votes = BigInt(t.yes) + BigInt(t.no) + BigInt(t.abstain) + BigInt(t.veto);
  const pct = (x: bigint, of: bigint) => (of > 0n ? Number((x * 10_000n) / of) : 0);
  const turnout = pct(votes, total);
  const quorum = Math.round(Number(proposal.rules.quorum) * 10_000);
  const clock =
    status === "open" ? `voting ends in ${formatDuration(timestampSeconds(proposal.voting_end) - now)}`
    : status === "timelocked" ? `executable in ${formatDuration(timestampSeconds(proposal.executable_at) - now)}`
    : status === "executable" ? `execution window closes in ${formatDuration(timestampSeconds(proposal.expires_at) - now)}`
    : "";
  return (
    <div className="card proposal" data-testid={`proposal-${proposal.id}`}>
      <div className="proposal-head">
        <strong>#{proposal.id} {proposal.title}</strong>
        <span className={`badge badge-${status}`} data-testid="proposal-status">{status.replace(/_/g, " ")}</span>
      </div>
      <p className="muted">{proposal.description}</p>
      <div className="tally">
        {VOTES.map((v) => (
          <div key={v} className="tally-row">
            <span className="tally-name">{v}</span>
            <div className="share-track"><div className={`share-fill vote-${v}`} style={{ width: `${pct(BigInt(t[v]), votes) / 100}%` }} /></div>
            <span className="tally-value" data-testid={`tally-${v}`}>{formatAmount(t[v], network.xms.decimals, 2)}</span>
          </div>
        ))}
      </div>
      <p>
        Turnout {formatBps(turnout)} of {formatAmount(total, network.xms.decimals, 0)} XMS, quorum {formatRatio(proposal.rules.quorum, 0)}
        {turnout >= quorum ? " (reached)" : ""}. {clock}
      </p>
      {status === "executable" && proposal.execution_attempts > 0 && (
        <p className="stale" data-testid="execution-failed">
          Executed {proposal.execution_attempts} time{proposal.execution_attempts > 1 ? "s" : ""}: its messages failed (nothing changed); it can be tried again until the window closes.
        </p>
      )}
      {ballot && <p data-testid="ballot">You voted {ballot}.</p>}
      {wallet && status === "open" && (
        <div className="buttons">
          {VOTES.map((v) => (
            <button key={v} type="button" data-testid={`vote-${v}`} onClick={() => send(`Vote ${v} on #${proposal.id}`, (w) => governance(network, w).vote({ id: proposal.id, vote: v }, GAS_ADJUSTMENT))}>
              Vote {v}
            </button>
          ))}
        </div>
      )}
      {wallet && status === "executable" && (
        <button type="button" className="primary" data-testid="execute" onClick={() => send(`Execute #${proposal.id}`, (w) => governance(network, w).execute({ id: proposal.id }, GAS_ADJUSTMENT))}>
          Execute
        </button>
      )}
      <details>
        <summary>Messages</summary>
        <pre>{JSON.stringify(proposal.msgs, null, 2)}</pre>
      </details>
    </div>
  );
}

function Proposals() {
  const { network, wallet } = useApp();
  const list = useLoad(async () => {
    const q = govQuery(network);
    const { proposals } = await q.proposals({ limit: 30 });
    const ballots = wallet ? await Promise.all(proposals.map((p) => q.ballot({ id: p.proposal.id, voter: wallet.address }))) : [];
    return proposals.map((p, i) => ({ p, ballot: ballots[i]?.vote })).reverse();
  }, [network, wallet]);
  return (
    <div>
      <h3>Proposals</h3>
      <ErrorNote error={list.error} />
      {list.data?.length === 0 && <p className="muted">No proposals yet.</p>}
      {list.data?.map(({ p, ballot }) => <ProposalCard key={p.proposal.id} p={p} ballot={ballot} />)}
    </div>
  );
}

function ProposeForm() {
  const { network, wallet, send } = useApp();
  const vaultData = useLoad(() => loadVault(network), [network]);
  const config = useLoad(() => govQuery(network).config(), [network]);
  const [symbol, setSymbol] = useState<string>();
  const [tier, setTier] = useState<Tier | "">("");
  const [capText, setCapText] = useState("");
  const assets = vaultData.data?.assets ?? [];
  const asset = assets.find((a) => a.token.symbol === symbol) ?? assets[0];
  if (!wallet || !asset || !config.data) return null;
  const current = asset.params.params;
  const cap = capText.trim() === "" ? undefined : Math.round(Number(capText) * 100);
  const capError = cap !== undefined && !(Number.isInteger(cap) && cap >= 0 && cap <= 10_000) ? "a cap is a percentage from 0 to 100" : undefined;
  const update: AssetUpdate = { ...(tier && { tier }), ...(cap !== undefined && !capError && { max_share: cap }) };
  const vaultMsg: VaultMsg = { update_asset: { asset: asset.token.info, update } };
  const changes = [
    update.tier && `move ${asset.token.symbol} to the ${update.tier.replace(/_/g, " ")} tier`,
    update.max_share != null && `cap ${asset.token.symbol} at ${formatBps(update.max_share)} of the vault`,
  ].filter(Boolean);
  const title = changes.join(" and ").replace(/^./, (c) => c.toUpperCase());
  const deposit = BigInt(config.data.min_deposit);
  const propose = () =>
    send("Propose", (w) =>
      sendCw20(w, network.contracts.xms, network.contracts.governance, deposit, {
        propose: {
          title,
          description: `${title}.`,
          msgs: [{ wasm: { execute: { contract_addr: network.contracts.vault, funds: [], msg: toBinary(vaultMsg) } } }],
        },
      }),
    );
  return (
    <div className="card form">
      <h3>Propose a re-tier or a cap change</h3>
      <label className="field">
        <span className="field-label">Asset</span>
        <select value={asset.token.symbol} onChange={(e) => setSymbol(e.target.value)} data-testid="propose-asset">
          {assets.map((a) => <option key={a.token.symbol}>{a.token.symbol}</option>)}
        </select>
      </label>
      <label className="field">
        <span className="field-label">Tier</span>
        <select value={tier} onChange={(e) => setTier(e.target.value as Tier | "")} data-testid="propose-tier">
          <option value="">keep {current.tier.replace(/_/g, " ")}</option>
          {TIERS.filter((t) => t !== current.tier).map((t) => <option key={t} value={t}>{t.replace(/_/g, " ")}</option>)}
        </select>
      </label>
      <label className="field">
        <span className="field-label">Cap, % of the vault (now {formatBps(current.max_share)}; the tier's cap bounds it)</span>
        <input inputMode="decimal" placeholder="keep" value={capText} onChange={(e) => setCapText(e.target.value)} data-testid="propose-cap" />
      </label>
      <ErrorNote error={capError} />
      <p className="muted">The vault message{title && ` (${title})`}:</p>
      <pre data-testid="propose-json">{JSON.stringify(vaultMsg, null, 2)}</pre>
      <p>Deposit: <Amount raw={deposit} token={network.xms} /></p>
      <button type="button" className="primary" disabled={changes.length === 0} onClick={propose} data-testid="propose-submit">
        Propose
      </button>
    </div>
  );
}

export function GovernancePage() {
  return (
    <section>
      <h2>Governance</h2>
      <Staking />
      <ProposeForm />
      <Proposals />
    </section>
  );
}
