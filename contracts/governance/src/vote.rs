//! One vote per staker per proposal, weighted by the stake at the proposal's start height.

use cosmwasm_std::{Addr, BlockInfo, DepsMut, Response};
use mars_types::governance::{ProposalStatus, VoteOption};

use crate::proposal::{load, load_tally, status};
use crate::state::{Ballot, BALLOTS, STAKED, TALLIES};
use crate::ContractError;

pub fn vote(
    deps: DepsMut,
    block: &BlockInfo,
    voter: Addr,
    id: u64,
    vote: VoteOption,
) -> Result<Response, ContractError> {
    let proposal = load(deps.storage, id)?;
    let mut tally = load_tally(deps.storage, id)?;
    let status = status(&proposal, &tally, block.time);
    if status != ProposalStatus::Open {
        return Err(ContractError::VotingClosed { id, status });
    }
    if BALLOTS.has(deps.storage, (id, &voter)) {
        return Err(ContractError::AlreadyVoted { id, voter });
    }
    // the stake at the start of the proposal's first block: nothing staked since counts
    let power = STAKED
        .may_load_at_height(deps.storage, &voter, proposal.start_height)?
        .unwrap_or_default();
    if power.is_zero() {
        return Err(ContractError::NoVotingPower {
            id,
            voter,
            height: proposal.start_height,
        });
    }
    let counter = match vote {
        VoteOption::Yes => &mut tally.yes,
        VoteOption::No => &mut tally.no,
        VoteOption::Abstain => &mut tally.abstain,
        VoteOption::Veto => &mut tally.veto,
    };
    *counter = counter.checked_add(power)?;
    // the tally alone: the proposal's messages and text are never rewritten by a vote
    TALLIES.save(deps.storage, id, &tally)?;
    BALLOTS.save(deps.storage, (id, &voter), &Ballot { vote, power })?;
    Ok(Response::new()
        .add_attribute("action", "vote")
        .add_attribute("id", id.to_string())
        .add_attribute("voter", voter)
        .add_attribute("vote", vote.as_str())
        .add_attribute("power", power))
}
