//! Executing a passed proposal. Governance sends itself one `RunProposal` submessage that
//! dispatches the proposal's messages and then checks the reserves: everything in it takes
//! effect together or not at all. A failure comes back as a reply, which marks the proposal
//! `ExecutionFailed` rather than reverting the execution (and leaving the proposal stuck).
//! Anyone may execute a failed proposal again until it expires: whoever executes chooses the
//! moment, and a moment when one message happens to fail must not kill what the voters passed.

use cosmwasm_std::{
    to_json_binary, DepsMut, Env, MessageInfo, OverflowError, OverflowOperation, Reply, Response,
    SubMsg, SubMsgResult, WasmMsg,
};
use mars_types::governance::{ExecuteMsg, InternalMsg, ProposalStatus, Resolution};

use crate::proposal::{load, load_tally, resolve, status};
use crate::state::{EXECUTING, PROPOSALS};
use crate::{reserves, ContractError};

fn self_call(env: &Env, msg: InternalMsg) -> Result<WasmMsg, ContractError> {
    Ok(WasmMsg::Execute {
        contract_addr: env.contract.address.to_string(),
        msg: to_json_binary(&ExecuteMsg::Internal(msg))?,
        funds: vec![],
    })
}

/// Anyone executes a proposal in its execution window, for the first time or again after a
/// failed execution. The first execution refunds the deposit before the messages run, so they
/// cannot spend it and the refund stands whether they succeed or not; a retry refunds nothing.
pub fn execute(
    deps: DepsMut,
    env: &Env,
    info: &MessageInfo,
    id: u64,
) -> Result<Response, ContractError> {
    let mut proposal = load(deps.storage, id)?;
    match status(&proposal, &load_tally(deps.storage, id)?, env.block.time) {
        ProposalStatus::Executable => {}
        ProposalStatus::Timelocked => {
            return Err(ContractError::TimelockNotOver {
                id,
                executable_at: proposal.executable_at,
            })
        }
        ProposalStatus::Expired => {
            return Err(ContractError::ExecutionExpired {
                id,
                expired_at: proposal.expires_at,
            })
        }
        status => return Err(ContractError::NotExecutable { id, status }),
    }
    let attempt = proposal
        .execution_attempts
        .checked_add(1)
        .ok_or(OverflowError::new(OverflowOperation::Add))?;
    proposal.execution_attempts = attempt;
    // only a proposal never executed still holds its deposit: an execution that failed
    // refunded it already
    let refund = if proposal.resolution.is_none() {
        resolve(deps.storage, &mut proposal, Resolution::Executed, true)?
    } else {
        proposal.resolution = Some(Resolution::Executed);
        PROPOSALS.save(deps.storage, id, &proposal)?;
        None
    };
    let refunded = refund.is_some();
    EXECUTING.save(deps.storage, &id)?;
    let run = self_call(env, InternalMsg::RunProposal { id })?;
    Ok(Response::new()
        .add_messages(refund)
        .add_submessage(SubMsg::reply_on_error(run, id))
        .add_attribute("action", "execute")
        .add_attribute("id", id.to_string())
        .add_attribute("attempt", attempt.to_string())
        .add_attribute("executor", &info.sender)
        .add_attribute("deposit", proposal.deposit)
        .add_attribute("deposit_refunded", refunded.to_string()))
}

/// Governance's own steps of an execution; the dispatcher has checked the sender is governance.
pub fn internal(deps: DepsMut, env: &Env, msg: InternalMsg) -> Result<Response, ContractError> {
    match msg {
        InternalMsg::RunProposal { id } => {
            // only the proposal `Execute` just started: a proposal's messages cannot run
            // another proposal, or themselves again
            if EXECUTING.may_load(deps.storage)? != Some(id) {
                return Err(ContractError::NotExecuting { id });
            }
            EXECUTING.remove(deps.storage);
            let proposal = load(deps.storage, id)?;
            Ok(Response::new()
                .add_messages(proposal.msgs)
                .add_message(self_call(env, InternalMsg::CheckReserves {})?)
                .add_attribute("action", "run_proposal")
                .add_attribute("id", id.to_string()))
        }
        InternalMsg::CheckReserves {} => {
            reserves::check(deps.as_ref(), env)?;
            Ok(Response::new().add_attribute("action", "check_reserves"))
        }
    }
}

/// The `RunProposal` submessage of proposal `reply.id` failed: nothing it did remains, and the
/// proposal may be executed again until it expires.
pub fn reply(deps: DepsMut, reply: Reply) -> Result<Response, ContractError> {
    let id = reply.id;
    let SubMsgResult::Err(error) = reply.result else {
        return Err(ContractError::UnexpectedReply { id });
    };
    let mut proposal = load(deps.storage, id)?;
    if proposal.resolution != Some(Resolution::Executed) {
        return Err(ContractError::UnexpectedReply { id });
    }
    EXECUTING.remove(deps.storage);
    proposal.resolution = Some(Resolution::ExecutionFailed);
    PROPOSALS.save(deps.storage, id, &proposal)?;
    Ok(Response::new()
        .add_attribute("action", "execution_failed")
        .add_attribute("id", id.to_string())
        .add_attribute("attempt", proposal.execution_attempts.to_string())
        .add_attribute("retry_until", proposal.expires_at.seconds().to_string())
        .add_attribute("error", error))
}
