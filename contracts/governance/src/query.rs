use cosmwasm_std::{Addr, Deps, Env, Order, StdResult, Timestamp};
use cw_storage_plus::Bound;
use mars_types::governance::{
    Claim, ClaimsResponse, PowerResponse, Proposal, ProposalResponse, ProposalStatus,
    ProposalsResponse, StakedResponse, Tally, VoteInfo, MAX_PROPOSAL_SCAN,
};

use crate::proposal::{load, load_tally, status};
use crate::state::{
    Ballot, StoredProposal, BALLOTS, CLAIMS, PROPOSALS, PROPOSAL_COUNT, STAKED, TOTAL_STAKED,
};
use crate::ContractError;

const DEFAULT_LIMIT: u32 = 10;
const MAX_LIMIT: u32 = 30;

fn page_size(limit: Option<u32>) -> usize {
    limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT) as usize
}

/// The proposal as front ends read it: the stored body joined with its tally.
fn response(stored: StoredProposal, tally: Tally, now: Timestamp) -> ProposalResponse {
    let status = status(&stored, &tally, now);
    let StoredProposal {
        id,
        title,
        description,
        msgs,
        proposer,
        deposit,
        start_height,
        voting_end,
        executable_at,
        expires_at,
        rules,
        total_power,
        resolution,
        execution_attempts,
    } = stored;
    ProposalResponse {
        status,
        proposal: Proposal {
            id,
            title,
            description,
            msgs,
            proposer,
            deposit,
            start_height,
            voting_end,
            executable_at,
            expires_at,
            rules,
            total_power,
            tally,
            resolution,
            execution_attempts,
        },
    }
}

pub fn proposal(deps: Deps, env: &Env, id: u64) -> Result<ProposalResponse, ContractError> {
    let stored = load(deps.storage, id)?;
    let tally = load_tally(deps.storage, id)?;
    Ok(response(stored, tally, env.block.time))
}

/// Examines at most [`MAX_PROPOSAL_SCAN`] proposals, so a filtered page stays bounded in gas
/// however many proposals do not match.
pub fn proposals(
    deps: Deps,
    env: &Env,
    start_after: Option<u64>,
    limit: Option<u32>,
    filter: Option<ProposalStatus>,
) -> Result<ProposalsResponse, ContractError> {
    let limit = page_size(limit);
    let mut proposals = vec![];
    let mut last_examined = None;
    let scan = PROPOSALS
        .range(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(MAX_PROPOSAL_SCAN as usize);
    for item in scan {
        if proposals.len() == limit {
            break;
        }
        let (id, stored) = item?;
        last_examined = Some(id);
        let response = response(stored, load_tally(deps.storage, id)?, env.block.time);
        if filter.is_none_or(|f| f == response.status) {
            proposals.push(response);
        }
    }
    // ids are sequential and proposals are never deleted
    let last_id = PROPOSAL_COUNT.may_load(deps.storage)?.unwrap_or_default();
    Ok(ProposalsResponse {
        proposals,
        next_start_after: last_examined.filter(|id| *id < last_id),
    })
}

pub fn ballot(deps: Deps, id: u64, voter: String) -> StdResult<Option<VoteInfo>> {
    let voter = deps.api.addr_validate(&voter)?;
    Ok(BALLOTS
        .may_load(deps.storage, (id, &voter))?
        .map(|ballot| vote_info(voter, ballot)))
}

fn vote_info(voter: Addr, Ballot { vote, power }: Ballot) -> VoteInfo {
    VoteInfo { voter, vote, power }
}

pub fn ballots(
    deps: Deps,
    id: u64,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<Vec<VoteInfo>> {
    let start_after = start_after
        .map(|a| deps.api.addr_validate(&a))
        .transpose()?;
    BALLOTS
        .prefix(id)
        .range(
            deps.storage,
            start_after.as_ref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(page_size(limit))
        .map(|item| item.map(|(voter, ballot)| vote_info(voter, ballot)))
        .collect()
}

pub fn voting_power(
    deps: Deps,
    env: &Env,
    address: String,
    height: Option<u64>,
) -> StdResult<PowerResponse> {
    let address = deps.api.addr_validate(&address)?;
    let height = height.unwrap_or(env.block.height);
    let power = STAKED
        .may_load_at_height(deps.storage, &address, height)?
        .unwrap_or_default();
    Ok(PowerResponse { power, height })
}

pub fn total_power(deps: Deps, env: &Env, height: Option<u64>) -> StdResult<PowerResponse> {
    let height = height.unwrap_or(env.block.height);
    let power = TOTAL_STAKED
        .may_load_at_height(deps.storage, height)?
        .unwrap_or_default();
    Ok(PowerResponse { power, height })
}

pub fn claims(deps: Deps, address: String) -> StdResult<ClaimsResponse> {
    let address = deps.api.addr_validate(&address)?;
    let claims = CLAIMS
        .query_claims(deps, &address)?
        .claims
        .into_iter()
        .map(|c| Claim {
            amount: c.amount,
            release_at: c.release_at,
        })
        .collect();
    Ok(ClaimsResponse { claims })
}

pub fn staked(deps: Deps, address: String) -> StdResult<StakedResponse> {
    let address = deps.api.addr_validate(&address)?;
    let staked = STAKED.may_load(deps.storage, &address)?.unwrap_or_default();
    Ok(StakedResponse { staked })
}
