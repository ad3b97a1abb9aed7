use cosmwasm_std::{
    from_json, to_json_binary, Binary, Deps, DepsMut, Env, MessageInfo, Reply, Response,
};
use cw20::Cw20ReceiveMsg;
use cw_utils::nonpayable;
use mars_types::governance::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg, ReceiveMsg};
use mars_types::migrate::upgrade_contract_version;

use crate::config::{check_instantiate, config_attributes};
use crate::state::CONFIG;
use crate::{config, execution, migration, proposal, query, stake, vote, ContractError};

pub const CONTRACT_NAME: &str = "crates.io:mars-governance";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    let config = check_instantiate(deps.api, msg)?;
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attributes(config_attributes(&config)))
}

// the entry points are exported by `mars_entry`, which reads what the VM hands them and
// writes their answers without serde (contract messages are read by serde)
#[cfg(not(feature = "library"))]
mars_entry::entry_points!(
    instantiate: instantiate,
    execute: execute,
    query: query,
    migrate: migrate,
    reply: reply,
);

pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    match msg {
        ExecuteMsg::Receive(msg) => receive(deps, env, info, msg),
        ExecuteMsg::Unstake { amount } => stake::unstake(deps, &env, info.sender, amount),
        ExecuteMsg::Claim {} => stake::claim(deps, &env, info.sender),
        ExecuteMsg::Vote { id, vote } => vote::vote(deps, &env.block, info.sender, id, vote),
        ExecuteMsg::Execute { id } => execution::execute(deps, &env, &info, id),
        ExecuteMsg::Close { id } => proposal::close(deps, &env.block, id),
        ExecuteMsg::Veto { id } => proposal::veto(deps, &env.block, info.sender, id),
        ExecuteMsg::UpdateConfig(update) => {
            assert_governance(&env, &info)?;
            config::update_config(deps, update)
        }
        ExecuteMsg::AcceptOwnership { contract } => {
            config::accept_ownership(deps, &info.sender, contract)
        }
        ExecuteMsg::Internal(msg) => {
            assert_governance(&env, &info)?;
            execution::internal(deps, &env, msg)
        }
    }
}

/// Governance's own paths: only a message governance sends, that is a proposal's (or an
/// execution step's), reaches them.
fn assert_governance(env: &Env, info: &MessageInfo) -> Result<(), ContractError> {
    if info.sender != env.contract.address {
        return Err(ContractError::NotGovernance {
            sender: info.sender.clone(),
        });
    }
    Ok(())
}

/// cw20 `Send` of XMS: a stake or a proposal with its deposit. Any other token is refused.
fn receive(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: Cw20ReceiveMsg,
) -> Result<Response, ContractError> {
    let xms = CONFIG.load(deps.storage)?.xms_token;
    if info.sender != xms {
        return Err(ContractError::WrongToken {
            xms,
            token: info.sender,
        });
    }
    let sender = deps.api.addr_validate(&msg.sender)?;
    match from_json(&msg.msg)? {
        ReceiveMsg::Stake {} => stake::stake(deps, &env, sender, msg.amount),
        ReceiveMsg::Propose {
            title,
            description,
            msgs,
        } => proposal::propose(deps, &env, sender, msg.amount, title, description, msgs),
    }
}

pub fn reply(deps: DepsMut, _env: Env, reply: Reply) -> Result<Response, ContractError> {
    execution::reply(deps, reply)
}

pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    Ok(match msg {
        QueryMsg::Config {} => to_json_binary(&CONFIG.load(deps.storage)?)?,
        QueryMsg::Proposal { id } => to_json_binary(&query::proposal(deps, &env, id)?)?,
        QueryMsg::Proposals {
            start_after,
            limit,
            status,
        } => to_json_binary(&query::proposals(deps, &env, start_after, limit, status)?)?,
        QueryMsg::Ballot { id, voter } => to_json_binary(&query::ballot(deps, id, voter)?)?,
        QueryMsg::Ballots {
            id,
            start_after,
            limit,
        } => to_json_binary(&query::ballots(deps, id, start_after, limit)?)?,
        QueryMsg::VotingPower { address, height } => {
            to_json_binary(&query::voting_power(deps, &env, address, height)?)?
        }
        QueryMsg::TotalPower { height } => {
            to_json_binary(&query::total_power(deps, &env, height)?)?
        }
        QueryMsg::Claims { address } => to_json_binary(&query::claims(deps, address)?)?,
        QueryMsg::Staked { address } => to_json_binary(&query::staked(deps, address)?)?,
    })
}

pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> Result<Response, ContractError> {
    upgrade_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    let records = migration::to_voting_records(deps.storage)?;
    Ok(Response::new()
        .add_attribute("action", "migrate")
        .add_attribute("version", CONTRACT_VERSION)
        .add_attribute("voting_records", records.to_string()))
}
