#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{Binary, Deps, DepsMut, Env, MessageInfo, Response, StdResult};
use mars_types::migrate::upgrade_contract_version;
use mars_types::usdm::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};

use crate::{supply, ContractError};

pub const CONTRACT_NAME: &str = "crates.io:mars-usdm";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    let res = cw20_base::contract::instantiate(deps.branch(), env, info, msg)?;
    // cw20-base records itself; this code answers to its own name for migrations
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    supply::record_from_token_info(deps.storage)?;
    Ok(res.add_attribute("action", "instantiate"))
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    let change = supply::change(&msg);
    let res = cw20_base::contract::execute(deps.branch(), env, info, msg)?;
    if let Some(change) = change {
        supply::apply(deps.storage, change)?;
    }
    Ok(res)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
    cw20_base::contract::query(deps, env, msg)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> Result<Response, ContractError> {
    upgrade_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    let supply = supply::record_from_token_info(deps.storage)?;
    Ok(Response::new()
        .add_attribute("action", "migrate")
        .add_attribute("version", CONTRACT_VERSION)
        .add_attribute("supply", supply))
}
