//! Creating proposals, judging them, and ending those that will not be executed: the guardian's
//! veto and closing.

use std::cmp::Ordering;

use cosmwasm_std::{
    Addr, BlockInfo, CosmosMsg, Decimal, DepsMut, Env, Response, Storage, Timestamp, Uint128,
    Uint256,
};
use mars_types::governance::{
    ProposalStatus, Resolution, Tally, VotingRules, MAX_DESCRIPTION_LENGTH, MAX_PROPOSAL_MSGS,
    MAX_TITLE_LENGTH,
};

use crate::msgs;
use crate::reserves::{owe, settle, xms_transfer};
use crate::state::{
    StoredProposal, CONFIG, HELD_DEPOSITS, PROPOSALS, PROPOSAL_COUNT, TOTAL_STAKED,
};
use crate::voting::{self, VotingRecord};
use crate::ContractError;

/// How a proposal's votes judge it once voting is over.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum Verdict {
    Passed,
    Rejected,
    Vetoed,
}

/// `part / whole` compared with `ratio`, exactly: no rounding either way.
fn cmp_share(part: Uint128, whole: Uint128, ratio: Decimal) -> Ordering {
    let scaled_part = Uint256::from(part) * Uint256::from(Decimal::one().atomics());
    let scaled_whole = Uint256::from(whole) * Uint256::from(ratio.atomics());
    scaled_part.cmp(&scaled_whole)
}

/// Quorum first (a proposal few voted on is rejected whatever the votes), then the voters' veto,
/// then the threshold.
pub fn verdict(tally: &Tally, total_power: Uint128, rules: &VotingRules) -> Verdict {
    let turnout = tally.yes + tally.no + tally.abstain + tally.veto;
    if turnout.is_zero() || cmp_share(turnout, total_power, rules.quorum) == Ordering::Less {
        return Verdict::Rejected;
    }
    if cmp_share(tally.veto, turnout, rules.veto_threshold) == Ordering::Greater {
        return Verdict::Vetoed;
    }
    let counted = tally.yes + tally.no + tally.veto;
    let passed = !counted.is_zero()
        && (tally.yes == counted
            || cmp_share(tally.yes, counted, rules.threshold) == Ordering::Greater);
    if passed {
        Verdict::Passed
    } else {
        Verdict::Rejected
    }
}

/// The status of `proposal`, with the votes of `tally`, at `now`.
pub fn status(proposal: &StoredProposal, tally: &Tally, now: Timestamp) -> ProposalStatus {
    match proposal.resolution {
        Some(Resolution::Executed) => return ProposalStatus::Executed,
        // a failed execution left nothing behind: it may be tried again within the window
        Some(Resolution::ExecutionFailed) if now < proposal.expires_at => {
            return ProposalStatus::Executable
        }
        Some(Resolution::ExecutionFailed) => return ProposalStatus::ExecutionFailed,
        Some(Resolution::VetoedByGuardian) => return ProposalStatus::Vetoed,
        Some(Resolution::Closed) | None => {}
    }
    if now < proposal.voting_end {
        return ProposalStatus::Open;
    }
    match verdict(tally, proposal.total_power, &proposal.rules) {
        Verdict::Rejected => ProposalStatus::Rejected,
        Verdict::Vetoed => ProposalStatus::Vetoed,
        Verdict::Passed if now < proposal.executable_at => ProposalStatus::Timelocked,
        Verdict::Passed if now < proposal.expires_at => ProposalStatus::Executable,
        Verdict::Passed => ProposalStatus::Expired,
    }
}

pub fn load(storage: &dyn Storage, id: u64) -> Result<StoredProposal, ContractError> {
    PROPOSALS
        .may_load(storage, id)?
        .ok_or(ContractError::ProposalNotFound { id })
}

/// The votes cast on proposal `id` so far.
pub fn load_tally(storage: &dyn Storage, id: u64) -> Result<Tally, ContractError> {
    Ok(voting::load(storage, id)?.tally)
}

fn validate_text(field: &'static str, text: &str, max: usize) -> Result<(), ContractError> {
    if text.trim().is_empty() || text.len() > max {
        return Err(ContractError::TextLength {
            field,
            length: text.len(),
            max,
        });
    }
    Ok(())
}

/// A proposal paid for with `deposit` XMS sent by `proposer`. Power is read at the start of
/// the current block, so stake added in this block (even before the proposal) does not count.
pub fn propose(
    deps: DepsMut,
    env: &Env,
    proposer: Addr,
    deposit: Uint128,
    title: String,
    description: String,
    msgs: Vec<CosmosMsg>,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    if deposit < config.min_deposit {
        return Err(ContractError::DepositTooLow {
            deposit,
            min_deposit: config.min_deposit,
        });
    }
    validate_text("title", &title, MAX_TITLE_LENGTH)?;
    validate_text("description", &description, MAX_DESCRIPTION_LENGTH)?;
    if msgs.is_empty() || msgs.len() > MAX_PROPOSAL_MSGS {
        return Err(ContractError::MsgCount {
            count: msgs.len(),
            max: MAX_PROPOSAL_MSGS,
        });
    }
    msgs::check(deps.api, &config.xms_token, &msgs)?;
    let start_height = env.block.height;
    let total_power = TOTAL_STAKED
        .may_load_at_height(deps.storage, start_height)?
        .unwrap_or_default();
    if total_power.is_zero() {
        return Err(ContractError::NoStake {});
    }

    let id = PROPOSAL_COUNT.may_load(deps.storage)?.unwrap_or_default() + 1;
    let periods = config.periods;
    let voting_end = env.block.time.plus_seconds(periods.voting);
    let executable_at = voting_end.plus_seconds(periods.timelock);
    let proposal = StoredProposal {
        id,
        title,
        description,
        msgs,
        proposer,
        deposit,
        start_height,
        voting_end,
        executable_at,
        expires_at: executable_at.plus_seconds(periods.execution_window),
        rules: config.rules,
        total_power,
        resolution: None,
        execution_attempts: 0,
    };
    PROPOSAL_COUNT.save(deps.storage, &id)?;
    PROPOSALS.save(deps.storage, id, &proposal)?;
    voting::save(deps.storage, id, &VotingRecord::new(&proposal));
    owe(deps.storage, &HELD_DEPOSITS, deposit)?;
    Ok(Response::new()
        .add_attribute("action", "propose")
        .add_attribute("id", id.to_string())
        .add_attribute("proposer", proposal.proposer)
        .add_attribute("deposit", deposit)
        .add_attribute("msgs", proposal.msgs.len().to_string())
        .add_attribute("start_height", start_height.to_string())
        .add_attribute("total_power", total_power)
        .add_attribute("voting_end", voting_end.seconds().to_string()))
}

/// Records `resolution` and settles the deposit: refunded to the proposer, or kept by
/// governance. Returns the refund message, if any.
pub fn resolve(
    storage: &mut dyn Storage,
    proposal: &mut StoredProposal,
    resolution: Resolution,
    refund: bool,
) -> Result<Option<CosmosMsg>, ContractError> {
    proposal.resolution = Some(resolution);
    PROPOSALS.save(storage, proposal.id, proposal)?;
    settle(storage, &HELD_DEPOSITS, proposal.deposit)?;
    if !refund {
        return Ok(None);
    }
    let xms = CONFIG.load(storage)?.xms_token;
    Ok(Some(xms_transfer(
        &xms,
        &proposal.proposer,
        proposal.deposit,
    )?))
}

/// The guardian cancels a passed proposal during its timelock; the deposit is kept.
pub fn veto(
    deps: DepsMut,
    block: &BlockInfo,
    sender: Addr,
    id: u64,
) -> Result<Response, ContractError> {
    if CONFIG.load(deps.storage)?.guardian.as_ref() != Some(&sender) {
        return Err(ContractError::NotGuardian { sender });
    }
    let mut proposal = load(deps.storage, id)?;
    let status = status(&proposal, &load_tally(deps.storage, id)?, block.time);
    if status != ProposalStatus::Timelocked {
        return Err(ContractError::NotInTimelock { id, status });
    }
    resolve(
        deps.storage,
        &mut proposal,
        Resolution::VetoedByGuardian,
        false,
    )?;
    Ok(Response::new()
        .add_attribute("action", "veto")
        .add_attribute("id", id.to_string())
        .add_attribute("guardian", sender)
        .add_attribute("deposit_kept", proposal.deposit))
}

/// Anyone ends a rejected, vetoed or expired proposal and settles its deposit.
pub fn close(deps: DepsMut, block: &BlockInfo, id: u64) -> Result<Response, ContractError> {
    let mut proposal = load(deps.storage, id)?;
    if proposal.resolution == Some(Resolution::Closed) {
        return Err(ContractError::AlreadyClosed { id });
    }
    let status = status(&proposal, &load_tally(deps.storage, id)?, block.time);
    let refund = match status {
        ProposalStatus::Rejected | ProposalStatus::Expired => true,
        ProposalStatus::Vetoed if proposal.resolution.is_none() => false,
        _ => return Err(ContractError::NotClosable { id, status }),
    };
    let refund_msg = resolve(deps.storage, &mut proposal, Resolution::Closed, refund)?;
    Ok(Response::new()
        .add_messages(refund_msg)
        .add_attribute("action", "close")
        .add_attribute("id", id.to_string())
        .add_attribute("status", status.as_str())
        .add_attribute("deposit", proposal.deposit)
        .add_attribute("deposit_refunded", refund.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(quorum: u64, threshold: u64, veto_threshold: u64) -> VotingRules {
        VotingRules {
            quorum: Decimal::percent(quorum),
            threshold: Decimal::percent(threshold),
            veto_threshold: Decimal::percent(veto_threshold),
        }
    }

    fn tally(yes: u128, no: u128, abstain: u128, veto: u128) -> Tally {
        Tally {
            yes: yes.into(),
            no: no.into(),
            abstain: abstain.into(),
            veto: veto.into(),
        }
    }

    fn judge(t: Tally, total: u128, r: VotingRules) -> Verdict {
        verdict(&t, Uint128::new(total), &r)
    }

    #[test]
    fn quorum_counts_every_vote_and_is_reached_at_equality() {
        let r = rules(40, 50, 100);
        assert_eq!(judge(tally(0, 0, 0, 0), 100, r), Verdict::Rejected);
        assert_eq!(judge(tally(39, 0, 0, 0), 100, r), Verdict::Rejected);
        assert_eq!(judge(tally(40, 0, 0, 0), 100, r), Verdict::Passed);
        assert_eq!(judge(tally(20, 9, 10, 1), 100, r), Verdict::Passed);
        // no rounding: one unit short of 40% of a huge total misses
        let total = u128::MAX / 10 * 10;
        let needed = total / 10 * 4;
        assert_eq!(
            judge(tally(needed - 1, 0, 0, 0), total, r),
            Verdict::Rejected
        );
        assert_eq!(judge(tally(needed, 0, 0, 0), total, r), Verdict::Passed);
    }

    #[test]
    fn threshold_needs_more_than_its_share_of_non_abstain_votes() {
        let r = rules(10, 50, 100);
        assert_eq!(judge(tally(10, 10, 0, 0), 100, r), Verdict::Rejected);
        assert_eq!(judge(tally(11, 10, 0, 0), 100, r), Verdict::Passed);
        // abstain counts for quorum only
        assert_eq!(judge(tally(2, 1, 90, 0), 100, r), Verdict::Passed);
        assert_eq!(judge(tally(0, 0, 90, 0), 100, r), Verdict::Rejected);
        // veto votes count against
        assert_eq!(judge(tally(10, 5, 0, 5), 100, r), Verdict::Rejected);
    }

    #[test]
    fn a_threshold_of_one_means_unanimity() {
        let r = rules(10, 100, 100);
        assert_eq!(judge(tally(50, 0, 10, 0), 100, r), Verdict::Passed);
        assert_eq!(judge(tally(50, 1, 0, 0), 100, r), Verdict::Rejected);
    }

    #[test]
    fn veto_above_its_threshold_of_all_votes_wins_over_yes() {
        let r = rules(10, 50, 25);
        assert_eq!(judge(tally(60, 0, 15, 25), 100, r), Verdict::Passed);
        assert_eq!(judge(tally(60, 0, 14, 26), 100, r), Verdict::Vetoed);
        // without quorum the proposal is rejected, not vetoed: its deposit is refunded
        assert_eq!(judge(tally(0, 0, 0, 9), 100, r), Verdict::Rejected);
        // a veto threshold of one disables the voters' veto
        assert_eq!(
            judge(tally(0, 0, 0, 100), 100, rules(10, 50, 100)),
            Verdict::Rejected
        );
    }

    fn proposal() -> StoredProposal {
        StoredProposal {
            id: 1,
            title: "t".into(),
            description: "d".into(),
            msgs: vec![],
            proposer: Addr::unchecked("proposer"),
            deposit: Uint128::one(),
            start_height: 1,
            voting_end: Timestamp::from_seconds(100),
            executable_at: Timestamp::from_seconds(200),
            expires_at: Timestamp::from_seconds(300),
            rules: rules(10, 50, 33),
            total_power: Uint128::new(100),
            resolution: None,
            execution_attempts: 0,
        }
    }

    #[test]
    fn status_follows_votes_and_time() {
        let at = Timestamp::from_seconds;
        let passed = proposal();
        let yes = tally(20, 0, 0, 0);
        for (now, expected) in [
            (99, ProposalStatus::Open),
            (100, ProposalStatus::Timelocked),
            (199, ProposalStatus::Timelocked),
            (200, ProposalStatus::Executable),
            (299, ProposalStatus::Executable),
            (300, ProposalStatus::Expired),
        ] {
            assert_eq!(status(&passed, &yes, at(now)), expected, "at {now}");
        }
        assert_eq!(
            status(&passed, &tally(5, 0, 0, 0), at(100)),
            ProposalStatus::Rejected
        );
        assert_eq!(
            status(&passed, &tally(5, 0, 0, 10), at(100)),
            ProposalStatus::Vetoed
        );
    }

    #[test]
    fn resolutions_override_the_votes() {
        let mut p = proposal();
        let yes = tally(20, 0, 0, 0);
        let now = Timestamp::from_seconds(250);
        for (resolution, expected) in [
            (Resolution::Executed, ProposalStatus::Executed),
            (Resolution::VetoedByGuardian, ProposalStatus::Vetoed),
        ] {
            p.resolution = Some(resolution);
            assert_eq!(status(&p, &yes, now), expected);
        }
        // a failed execution may be retried until the proposal expires, then stays failed
        p.resolution = Some(Resolution::ExecutionFailed);
        for (now, expected) in [
            (250, ProposalStatus::Executable),
            (299, ProposalStatus::Executable),
            (300, ProposalStatus::ExecutionFailed),
        ] {
            assert_eq!(status(&p, &yes, Timestamp::from_seconds(now)), expected);
        }
        // closing keeps the status the votes and time give
        p.resolution = Some(Resolution::Closed);
        assert_eq!(
            status(&p, &yes, Timestamp::from_seconds(300)),
            ProposalStatus::Expired
        );
    }

    #[test]
    fn text_bounds() {
        assert!(validate_text("title", "x", 3).is_ok());
        assert!(validate_text("title", "xyz", 3).is_ok());
        for bad in ["", "  \n", "four"] {
            assert!(matches!(
                validate_text("title", bad, 3),
                Err(ContractError::TextLength { field: "title", .. })
            ));
        }
    }
}
