//! Messages of governance: XMS staking with snapshots, proposals, voting, timelock and execution.
//!
//! Voting power is the XMS a holder has staked, read at the start of the block in which a
//! proposal was created, so tokens bought, borrowed or staked once a proposal exists cannot vote
//! on it. A proposal passes on quorum, threshold and no veto; it then waits a timelock (during
//! which the guardian may veto it) and anyone may execute it until it expires.
//!
//! **Deposit rule.** A proposal's XMS deposit is refunded to the proposer, once, when the
//! proposal is first executed (even if its messages fail) or closed as rejected or expired. It
//! is kept by governance (it joins the treasury) when the voters' veto threshold is reached or
//! the guardian vetoes the proposal.
//!
//! **Retries.** An execution whose messages fail leaves nothing behind, and anyone may execute
//! the proposal again until it expires, so nobody can kill a passed proposal by executing it at
//! a moment when one of its messages fails.

use std::fmt;

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, CosmosMsg, Decimal, Timestamp, Uint128};
use cw20::{Cw20ReceiveMsg, Expiration};

pub use crate::guardian::GuardianUpdate;

/// The most messages one proposal may carry.
pub const MAX_PROPOSAL_MSGS: usize = 10;
/// The most bytes a proposal's messages may take, counted as the JSON governance writes for
/// each of them, summed: 64 KiB. It bounds what every read of the proposal costs.
pub const MAX_PROPOSAL_MSGS_BYTES: usize = 64 * 1024;
/// The longest title, in bytes.
pub const MAX_TITLE_LENGTH: usize = 140;
/// The longest description, in bytes.
pub const MAX_DESCRIPTION_LENGTH: usize = 10_000;
/// The longest any period (voting, timelock, execution window, unbonding) may be: one year, in
/// seconds.
pub const MAX_PERIOD: u64 = 365 * 24 * 60 * 60;
/// The most unbonding claims an address may have pending at once.
pub const MAX_CLAIMS: usize = 100;
/// The most proposals one `Proposals` query examines.
pub const MAX_PROPOSAL_SCAN: u32 = 100;

/// The ratios a proposal is judged by, each in (0, 1].
#[cw_serde]
#[derive(Copy)]
pub struct VotingRules {
    /// The share of the total power staked at the proposal's start height that must vote
    /// (yes, no, abstain and veto all count) for the result to stand. Reached when
    /// `turnout ≥ quorum × total`.
    pub quorum: Decimal,
    /// The share of yes among yes, no and veto votes needed to pass: yes must be more than
    /// `threshold` of them, or all of them (so `1` means unanimity).
    pub threshold: Decimal,
    /// The share of veto votes among all votes above which the proposal is vetoed and its
    /// deposit kept; `1` disables the voters' veto.
    pub veto_threshold: Decimal,
}

/// The durations of governance, in seconds; each from 1 to [`MAX_PERIOD`], and the unbonding
/// period at least the voting period plus the timelock, so that XMS that voted on a proposal
/// cannot be claimed before the proposal can execute.
#[cw_serde]
#[derive(Copy)]
pub struct Periods {
    /// How long a proposal is open for votes, from its creation.
    pub voting: u64,
    /// How long a passed proposal waits after voting ends before it can be executed; the
    /// guardian may veto it meanwhile.
    pub timelock: u64,
    /// How long after the timelock a passed proposal may be executed; then it expires.
    pub execution_window: u64,
    /// How long unstaked XMS waits before it can be claimed; at least `voting + timelock`.
    pub unbonding: u64,
}

#[cw_serde]
pub struct InstantiateMsg {
    /// The XMS cw20 token: the only token governance accepts for stakes and deposits.
    pub xms_token: String,
    /// May veto a passed proposal during its timelock; may never execute one.
    pub guardian: Option<String>,
    /// Quorum, threshold and veto threshold of new proposals.
    pub rules: VotingRules,
    /// Voting period, timelock, execution window and unbonding period.
    pub periods: Periods,
    /// The smallest XMS deposit (base units) a proposal needs; positive.
    pub min_deposit: Uint128,
}

/// The configuration. Changes apply to proposals created and unstakes made after them; an
/// existing proposal keeps the rules and periods it was created with.
#[cw_serde]
pub struct Config {
    /// The XMS token.
    pub xms_token: Addr,
    /// The guardian, if any.
    pub guardian: Option<Addr>,
    /// Quorum, threshold and veto threshold of new proposals.
    pub rules: VotingRules,
    /// Voting period, timelock, execution window and unbonding period.
    pub periods: Periods,
    /// The smallest proposal deposit, in XMS base units.
    pub min_deposit: Uint128,
}

#[cw_serde]
pub enum ExecuteMsg {
    /// cw20 entry point, from the XMS token only: a [`ReceiveMsg::Stake`] or a
    /// [`ReceiveMsg::Propose`].
    Receive(Cw20ReceiveMsg),

    /// Anyone with stake: starts unbonding `amount` of the sender's staked XMS. The XMS stops
    /// counting for proposals created from the next block on, still counts on proposals that
    /// started before, and can be claimed after the unbonding period.
    Unstake {
        /// XMS base units to unstake; positive and at most the sender's stake.
        amount: Uint128,
    },

    /// Anyone: pays the sender every unbonding claim that has matured.
    Claim {},

    /// Stakers with power at the proposal's start height: votes once, while the proposal is
    /// open. A vote cannot be changed.
    Vote {
        /// The proposal.
        id: u64,
        /// Yes, no, abstain or veto.
        vote: VoteOption,
    },

    /// Anyone: executes a passed proposal after its timelock and before it expires; the first
    /// execution refunds its deposit. The messages run atomically in a submessage: if one
    /// fails, none takes effect, the proposal is marked `ExecutionFailed` (the deposit is still
    /// refunded) and anyone may execute it again until it expires.
    Execute {
        /// The proposal.
        id: u64,
    },

    /// Anyone: closes a rejected, vetoed (by voters) or expired proposal. The deposit is
    /// refunded for rejected and expired proposals and kept for vetoed ones.
    Close {
        /// The proposal.
        id: u64,
    },

    /// The guardian only: vetoes a passed proposal during its timelock. The deposit is kept.
    Veto {
        /// The proposal.
        id: u64,
    },

    /// Governance itself only (through a proposal): changes the configuration.
    UpdateConfig(ConfigUpdate),

    /// Anyone: makes governance accept a pending cw-ownable ownership transfer of `contract`
    /// (sends it `update_ownership: accept_ownership` and nothing else). Harmless: it only
    /// completes a transfer the current owner already offered to governance, which is how the
    /// deployer hands the vault and the oracle to governance without a vote.
    AcceptOwnership {
        /// The cw-ownable contract whose owner proposed governance as the new owner.
        contract: String,
    },

    /// Governance itself only: steps of a proposal's execution.
    Internal(InternalMsg),
}

/// Messages governance sends to itself while executing a proposal.
#[cw_serde]
pub enum InternalMsg {
    /// Dispatches the messages of the proposal being executed, then checks the reserves.
    /// Refused unless `id` is the proposal being executed in this transaction.
    RunProposal {
        /// The proposal being executed.
        id: u64,
    },
    /// Fails unless governance still holds at least the XMS it owes: stakes, unbonding claims
    /// and the deposits of open proposals. Proposals can spend kept deposits, never stakes.
    CheckReserves {},
}

/// The hook carried by a cw20 `Send` of XMS to governance.
#[cw_serde]
pub enum ReceiveMsg {
    /// Stakes the XMS sent for the sender. It counts on proposals created from the next block
    /// on.
    Stake {},
    /// Creates a proposal; the XMS sent is its deposit, at least `min_deposit`.
    Propose {
        /// 1 to [`MAX_TITLE_LENGTH`] bytes, not blank.
        title: String,
        /// 1 to [`MAX_DESCRIPTION_LENGTH`] bytes, not blank.
        description: String,
        /// 1 to [`MAX_PROPOSAL_MSGS`] messages, sent by governance in order if the proposal
        /// passes and is executed.
        msgs: Vec<CosmosMsg>,
    },
}

/// Changes to the configuration; absent fields stay as they are.
#[cw_serde]
#[derive(Default)]
pub struct ConfigUpdate {
    /// A new guardian, or none.
    pub guardian: Option<GuardianUpdate>,
    /// New quorum, threshold and veto threshold, each in (0, 1].
    pub rules: Option<VotingRules>,
    /// New periods, each from 1 to [`MAX_PERIOD`] seconds, the unbonding period at least the
    /// voting period plus the timelock.
    pub periods: Option<Periods>,
    /// New smallest deposit; positive.
    pub min_deposit: Option<Uint128>,
}

/// A vote.
#[cw_serde]
#[derive(Copy)]
pub enum VoteOption {
    /// For the proposal.
    Yes,
    /// Against the proposal.
    No,
    /// Counts towards quorum only.
    Abstain,
    /// Against the proposal, and towards the veto threshold: a vetoed proposal's deposit is
    /// kept.
    Veto,
}

impl VoteOption {
    /// The JSON name.
    pub const fn as_str(self) -> &'static str {
        match self {
            VoteOption::Yes => "yes",
            VoteOption::No => "no",
            VoteOption::Abstain => "abstain",
            VoteOption::Veto => "veto",
        }
    }
}

impl fmt::Display for VoteOption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The power cast for each option.
#[cw_serde]
#[derive(Default, Copy)]
pub struct Tally {
    /// Power voting yes.
    pub yes: Uint128,
    /// Power voting no.
    pub no: Uint128,
    /// Power abstaining.
    pub abstain: Uint128,
    /// Power voting veto.
    pub veto: Uint128,
}

/// What was done to a proposal beyond voting on it; its status otherwise follows from its votes
/// and the time.
#[cw_serde]
#[derive(Copy)]
pub enum Resolution {
    /// Executed, its messages took effect.
    Executed,
    /// Its last execution failed: none of its messages took effect. It may be executed again
    /// until it expires.
    ExecutionFailed,
    /// Vetoed by the guardian during its timelock.
    VetoedByGuardian,
    /// Closed after it was rejected, vetoed by voters or expired.
    Closed,
}

/// A proposal as stored.
#[cw_serde]
pub struct Proposal {
    /// Sequential, from 1.
    pub id: u64,
    /// Short title.
    pub title: String,
    /// What the proposal does and why.
    pub description: String,
    /// The messages governance sends when the proposal is executed.
    pub msgs: Vec<CosmosMsg>,
    /// Who paid the deposit; refunds go to this address.
    pub proposer: Addr,
    /// The XMS deposit, in base units.
    pub deposit: Uint128,
    /// The block the proposal was created in: power is read at the start of this block.
    pub start_height: u64,
    /// Votes are accepted until this time (excluded).
    pub voting_end: Timestamp,
    /// A passed proposal may be executed from this time...
    pub executable_at: Timestamp,
    /// ...until this time (excluded), when it expires.
    pub expires_at: Timestamp,
    /// The rules in force when the proposal was created.
    pub rules: VotingRules,
    /// Total staked power at the start height.
    pub total_power: Uint128,
    /// Votes so far.
    pub tally: Tally,
    /// Execution, guardian veto or closing, once one happened.
    pub resolution: Option<Resolution>,
    /// How many times it was executed: more than one when earlier executions failed and it
    /// was executed again.
    pub execution_attempts: u32,
}

/// Where a proposal stands.
#[cw_serde]
#[derive(Copy, Eq, Hash)]
pub enum ProposalStatus {
    /// Open for votes.
    Open,
    /// Voting ended without quorum or threshold; the deposit is refunded on close.
    Rejected,
    /// The voters' veto threshold was exceeded or the guardian vetoed it; the deposit is kept.
    Vetoed,
    /// Passed, waiting out the timelock; the guardian may veto it.
    Timelocked,
    /// Passed and out of the timelock, never executed or its last execution failed: anyone may
    /// execute it until it expires.
    Executable,
    /// Passed but not executed in time; the deposit is refunded on close.
    Expired,
    /// Executed; its messages took effect.
    Executed,
    /// Every execution failed and it expired: none of its messages took effect.
    ExecutionFailed,
}

impl ProposalStatus {
    /// The JSON name.
    pub const fn as_str(self) -> &'static str {
        match self {
            ProposalStatus::Open => "open",
            ProposalStatus::Rejected => "rejected",
            ProposalStatus::Vetoed => "vetoed",
            ProposalStatus::Timelocked => "timelocked",
            ProposalStatus::Executable => "executable",
            ProposalStatus::Expired => "expired",
            ProposalStatus::Executed => "executed",
            ProposalStatus::ExecutionFailed => "execution_failed",
        }
    }
}

impl fmt::Display for ProposalStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// The configuration.
    #[returns(Config)]
    Config {},
    /// One proposal and its status now.
    #[returns(ProposalResponse)]
    Proposal {
        /// The proposal.
        id: u64,
    },
    /// Proposals by ascending id. Scans at most [`MAX_PROPOSAL_SCAN`] proposals per query, so
    /// with a status filter a page may hold fewer than `limit` proposals: continue from
    /// `next_start_after` until it is `None`.
    #[returns(ProposalsResponse)]
    Proposals {
        /// Start after this id.
        start_after: Option<u64>,
        /// Default 10, at most 30.
        limit: Option<u32>,
        /// Only proposals with this status now.
        status: Option<ProposalStatus>,
    },
    /// How `voter` voted on proposal `id`, if they did. (Named apart from the `vote` execute
    /// message so that generated clients can offer both.)
    #[returns(Option<VoteInfo>)]
    Ballot {
        /// The proposal.
        id: u64,
        /// The voter's address.
        voter: String,
    },
    /// The ballots cast on proposal `id`, by voter address.
    #[returns(Vec<VoteInfo>)]
    Ballots {
        /// The proposal.
        id: u64,
        /// Start after this voter address.
        start_after: Option<String>,
        /// Default 10, at most 30.
        limit: Option<u32>,
    },
    /// The power `address` had at the start of block `height`, as a proposal created in that
    /// block counts it; default: the current block.
    #[returns(PowerResponse)]
    VotingPower {
        /// The staker.
        address: String,
        /// Block height; default the current one.
        height: Option<u64>,
    },
    /// The total staked power at the start of block `height`; default: the current block.
    #[returns(PowerResponse)]
    TotalPower {
        /// Block height; default the current one.
        height: Option<u64>,
    },
    /// The unbonding claims of `address`, matured or not.
    #[returns(ClaimsResponse)]
    Claims {
        /// The staker.
        address: String,
    },
    /// What `address` has staked now, including changes in the current block.
    #[returns(StakedResponse)]
    Staked {
        /// The staker.
        address: String,
    },
}

#[cw_serde]
pub struct ProposalResponse {
    /// The status now.
    pub status: ProposalStatus,
    /// The proposal as stored.
    pub proposal: Proposal,
}

#[cw_serde]
pub struct ProposalsResponse {
    /// The proposals found.
    pub proposals: Vec<ProposalResponse>,
    /// Pass this as `start_after` to continue; `None` once every proposal was examined.
    pub next_start_after: Option<u64>,
}

#[cw_serde]
pub struct VoteInfo {
    /// The voter.
    pub voter: Addr,
    /// What they voted.
    pub vote: VoteOption,
    /// Their power at the proposal's start height.
    pub power: Uint128,
}

#[cw_serde]
pub struct PowerResponse {
    /// Staked XMS, base units.
    pub power: Uint128,
    /// The block at whose start it was read.
    pub height: u64,
}

#[cw_serde]
pub struct StakedResponse {
    /// Staked XMS, base units.
    pub staked: Uint128,
}

#[cw_serde]
pub struct ClaimsResponse {
    /// Pending claims, in the order they were made.
    pub claims: Vec<Claim>,
}

/// Unstaked XMS waiting out the unbonding period.
#[cw_serde]
pub struct Claim {
    /// XMS base units.
    pub amount: Uint128,
    /// When it can be claimed.
    pub release_at: Expiration,
}

/// Migrates governance to a newer version of its code.
#[cw_serde]
pub struct MigrateMsg {}
