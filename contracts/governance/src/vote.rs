//! One vote per staker per proposal, weighted by the stake at the proposal's start height.

use cosmwasm_std::{Addr, BlockInfo, DepsMut, Response};
use mars_types::governance::VoteOption;

use crate::proposal::{load, status};
use crate::state::{Ballot, BALLOTS, STAKED};
use crate::{voting, ContractError};

pub fn vote(
    deps: DepsMut,
    block: &BlockInfo,
    voter: Addr,
    id: u64,
    vote: VoteOption,
) -> Result<Response, ContractError> {
    // the compact record alone: the proposal's body is read only to explain a refusal
    let mut record = voting::load(deps.storage, id)?;
    if block.time >= record.voting_end {
        let status = status(&load(deps.storage, id)?, &record.tally, block.time);
        return Err(ContractError::VotingClosed { id, status });
    }
    if BALLOTS.has(deps.storage, (id, &voter)) {
        return Err(ContractError::AlreadyVoted { id, voter });
    }
    // the stake at the start of the proposal's first block: nothing staked since counts
    let power = STAKED
        .may_load_at_height(deps.storage, &voter, record.start_height)?
        .unwrap_or_default();
    if power.is_zero() {
        return Err(ContractError::NoVotingPower {
            id,
            voter,
            height: record.start_height,
        });
    }
    let counter = match vote {
        VoteOption::Yes => &mut record.tally.yes,
        VoteOption::No => &mut record.tally.no,
        VoteOption::Abstain => &mut record.tally.abstain,
        VoteOption::Veto => &mut record.tally.veto,
    };
    *counter = counter.checked_add(power)?;
    // the record alone: the proposal's messages and text are never rewritten by a vote
    voting::save(deps.storage, id, &record);
    BALLOTS.save(deps.storage, (id, &voter), &Ballot { vote, power })?;
    Ok(Response::new()
        .add_attribute("action", "vote")
        .add_attribute("id", id.to_string())
        .add_attribute("voter", voter)
        .add_attribute("vote", vote.as_str())
        .add_attribute("power", power))
}
