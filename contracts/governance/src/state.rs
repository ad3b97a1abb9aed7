use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, CosmosMsg, Timestamp, Uint128};
use cw_controllers::Claims;
use cw_storage_plus::{Item, Map, SnapshotItem, SnapshotMap, Strategy};
use mars_types::governance::{Config, Resolution, VoteOption, VotingRules};

pub const CONFIG: Item<Config> = Item::new("config");

/// Staked XMS per address, with a changelog every block so power at any past height can be read.
pub const STAKED: SnapshotMap<&Addr, Uint128> = SnapshotMap::new(
    "staked",
    "staked__checkpoints",
    "staked__changelog",
    Strategy::EveryBlock,
);
/// The sum of [`STAKED`], snapshotted the same way.
pub const TOTAL_STAKED: SnapshotItem<Uint128> = SnapshotItem::new(
    "total_staked",
    "total_staked__checkpoints",
    "total_staked__changelog",
    Strategy::EveryBlock,
);

pub const CLAIMS: Claims = Claims::new("claims");
/// The sum of every pending claim.
pub const TOTAL_UNBONDING: Item<Uint128> = Item::new("total_unbonding");
/// The sum of the deposits neither refunded nor kept yet.
pub const HELD_DEPOSITS: Item<Uint128> = Item::new("held_deposits");

/// The id of the last proposal.
pub const PROPOSAL_COUNT: Item<u64> = Item::new("proposal_count");
/// Every proposal without its tally, so a vote never rewrites the messages and the text. What
/// a vote reads and writes, with the tally, is each proposal's compact record in
/// [`crate::voting`].
pub const PROPOSALS: Map<u64, StoredProposal> = Map::new("proposals");
pub const BALLOTS: Map<(u64, &Addr), Ballot> = Map::new("ballots");
/// The proposal whose messages are about to run, set only within its `Execute` transaction.
pub const EXECUTING: Item<u64> = Item::new("executing");

/// One voter's vote on one proposal.
#[cw_serde]
pub struct Ballot {
    pub vote: VoteOption,
    /// The voter's power at the proposal's start height.
    pub power: Uint128,
}

/// A proposal as stored: the `Proposal` the queries answer, less its tally (in its
/// [`crate::voting::VotingRecord`]).
/// The fields are those of `mars_types::governance::Proposal`, documented there.
#[cw_serde]
pub struct StoredProposal {
    pub id: u64,
    pub title: String,
    pub description: String,
    pub msgs: Vec<CosmosMsg>,
    pub proposer: Addr,
    pub deposit: Uint128,
    pub start_height: u64,
    pub voting_end: Timestamp,
    pub executable_at: Timestamp,
    pub expires_at: Timestamp,
    pub rules: VotingRules,
    pub total_power: Uint128,
    pub resolution: Option<Resolution>,
    pub execution_attempts: u32,
}
