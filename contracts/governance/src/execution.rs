//! Executing a passed proposal. Governance sends itself one `RunProposal` submessage that
//! dispatches the proposal's messages and then checks the reserves: everything in it takes
//! effect together or not at all. A failure comes back as a reply, which marks the proposal
//! `ExecutionFailed` rather than reverting the execution (and leaving the proposal stuck).

use cosmwasm_std::{
    to_json_binary, DepsMut, Env, MessageInfo, Reply, Response, SubMsg, SubMsgResult, WasmMsg,
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

/// Anyone executes a proposal in its execution window. The deposit is refunded first, so the
/// proposal's messages cannot spend it and the refund stands whether they succeed or not.
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
    let refund = resolve(deps.storage, &mut proposal, Resolution::Executed, true)?;
    EXECUTING.save(deps.storage, &id)?;
    let run = self_call(env, InternalMsg::RunProposal { id })?;
    Ok(Response::new()
        .add_messages(refund)
        .add_submessage(SubMsg::reply_on_error(run, id))
        .add_attribute("action", "execute")
        .add_attribute("id", id.to_string())
        .add_attribute("executor", &info.sender)
        .add_attribute("deposit", proposal.deposit)
        .add_attribute("deposit_refunded", "true"))
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

/// The `RunProposal` submessage of proposal `reply.id` failed: nothing it did remains.
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
        .add_attribute("error", error))
}
