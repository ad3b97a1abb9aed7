use cosmwasm_std::{Binary, Deps, DepsMut, Env, MessageInfo, Response, StdResult};
use mars_types::migrate::upgrade_contract_version;
use mars_types::usdm::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};

use crate::ContractError;

pub const CONTRACT_NAME: &str = "crates.io:mars-usdm";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

pub fn instantiate(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    let res = cw20_base::contract::instantiate(deps.branch(), env, info, msg)?;
    // cw20-base records itself; this code answers to its own name for migrations
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    Ok(res.add_attribute("action", "instantiate"))
}

// the entry points are exported by `mars_entry`, which reads what the VM hands them and
// writes their answers without serde (contract messages are read by serde)
#[cfg(not(feature = "library"))]
mars_entry::entry_points!(
    instantiate: instantiate,
    execute: execute,
    query: query,
    migrate: migrate,
);

pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    Ok(cw20_base::contract::execute(deps, env, info, msg)?)
}

pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
    cw20_base::contract::query(deps, env, msg)
}

pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> Result<Response, ContractError> {
    upgrade_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    Ok(Response::new()
        .add_attribute("action", "migrate")
        .add_attribute("version", CONTRACT_VERSION))
}
