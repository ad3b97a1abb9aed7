use cosmwasm_std::{to_json_binary, Binary, Deps, DepsMut, Env, MessageInfo, Response};
use cw_utils::nonpayable;
use mars_types::migrate::upgrade_contract_version;
use mars_types::oracle::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};

use crate::state::PRICE_SOURCE_COUNT;
use crate::{board, feed, migration, query, sources, twap, ContractError};

pub const CONTRACT_NAME: &str = "crates.io:mars-oracle";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    let ownership = cw_ownable::initialize_owner(deps.storage, deps.api, Some(&msg.owner))?;
    PRICE_SOURCE_COUNT.save(deps.storage, &0)?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attributes(ownership.into_attributes()))
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
    nonpayable(&info)?;
    match msg {
        ExecuteMsg::UpdateOwnership(action) => {
            let ownership = cw_ownable::update_ownership(deps, &env.block, &info.sender, action)?;
            Ok(Response::new()
                .add_attribute("action", "update_ownership")
                .add_attributes(ownership.into_attributes()))
        }
        ExecuteMsg::SetPriceSource { asset, source } => {
            cw_ownable::assert_owner(deps.storage, &info.sender)?;
            sources::set(deps, &env, asset, source)
        }
        ExecuteMsg::RemovePriceSource { asset } => {
            cw_ownable::assert_owner(deps.storage, &info.sender)?;
            sources::remove(deps, asset)
        }
        ExecuteMsg::FeedPrices { prices } => feed::feed_prices(deps, &env, &info.sender, prices),
        ExecuteMsg::RecordTwapSnapshot { asset } => twap::record_snapshot(deps, &env, asset),
        ExecuteMsg::RefreshPrices { assets } => board::refresh_prices(deps, &env, assets),
    }
}

pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    Ok(match msg {
        QueryMsg::Price { asset } => to_json_binary(&query::price(deps, &env, asset)?)?,
        QueryMsg::Prices { assets } => to_json_binary(&query::prices(deps, &env, assets)?)?,
        QueryMsg::PriceSource { asset } => to_json_binary(&query::price_source(deps, asset)?)?,
        QueryMsg::PriceSources { start_after, limit } => {
            to_json_binary(&query::price_sources(deps, start_after, limit)?)?
        }
        QueryMsg::Board {} => to_json_binary(&board::entries(deps, &env)?)?,
        QueryMsg::Config {} => to_json_binary(&query::config(deps)?)?,
        QueryMsg::Ownership {} => to_json_binary(&cw_ownable::get_ownership(deps.storage)?)?,
    })
}

pub fn migrate(deps: DepsMut, env: Env, _msg: MigrateMsg) -> Result<Response, ContractError> {
    upgrade_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    let entries = migration::to_board(deps.storage, env.block.time.seconds())?;
    Ok(Response::new()
        .add_attribute("action", "migrate")
        .add_attribute("version", CONTRACT_VERSION)
        .add_attribute("board_entries", entries.to_string()))
}
