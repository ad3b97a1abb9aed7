//! One vote per staker per proposal, weighted by the stake at the proposal's start height.

use cosmwasm_std::{Addr, BlockInfo, DepsMut, Response};
use mars_types::governance::{ProposalStatus, VoteOption};

use crate::proposal::{load, status};
use crate::state::{Ballot, BALLOTS, PROPOSALS, STAKED};
use crate::ContractError;

pub fn vote(
    deps: DepsMut,
    block: &BlockInfo,
    voter: Addr,
    id: u64,
    vote: VoteOption,
) -> Result<Response, ContractError> {
    let mut proposal = load(deps.storage, id)?;
    let status = status(&proposal, block.time);
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
    let tally = &mut proposal.tally;
    let counter = match vote {
        VoteOption::Yes => &mut tally.yes,
        VoteOption::No => &mut tally.no,
        VoteOption::Abstain => &mut tally.abstain,
        VoteOption::Veto => &mut tally.veto,
    };
    *counter = counter.checked_add(power)?;
    PROPOSALS.save(deps.storage, id, &proposal)?;
    BALLOTS.save(deps.storage, (id, &voter), &Ballot { vote, power })?;
    Ok(Response::new()
        .add_attribute("action", "vote")
        .add_attribute("id", id.to_string())
        .add_attribute("voter", voter)
        .add_attribute("vote", vote.as_str())
        .add_attribute("power", power))
}
