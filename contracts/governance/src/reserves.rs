//! The XMS governance owes: stakes, unbonding claims and the deposits of unresolved proposals.
//! Only what it holds beyond them (kept deposits, grants to the DAO) is the DAO's to spend.

use cosmwasm_std::{
    to_json_binary, Addr, CosmosMsg, Deps, Env, StdResult, Storage, Uint128, WasmMsg,
};
use cw20::{BalanceResponse, Cw20ExecuteMsg, Cw20QueryMsg};
use cw_storage_plus::Item;

use crate::state::{CONFIG, HELD_DEPOSITS, TOTAL_STAKED, TOTAL_UNBONDING};
use crate::ContractError;

/// Adds `amount` to a debt counter ([`TOTAL_UNBONDING`] or [`HELD_DEPOSITS`]).
pub fn owe(
    storage: &mut dyn Storage,
    debt: &Item<Uint128>,
    amount: Uint128,
) -> Result<(), ContractError> {
    let owed = debt.may_load(storage)?.unwrap_or_default();
    debt.save(storage, &owed.checked_add(amount)?)?;
    Ok(())
}

/// Takes `amount` from a debt counter, once it is paid or forfeited.
pub fn settle(
    storage: &mut dyn Storage,
    debt: &Item<Uint128>,
    amount: Uint128,
) -> Result<(), ContractError> {
    let owed = debt.may_load(storage)?.unwrap_or_default();
    debt.save(storage, &owed.checked_sub(amount)?)?;
    Ok(())
}

/// A transfer of `amount` XMS from governance to `recipient`.
pub fn xms_transfer(xms: &Addr, recipient: &Addr, amount: Uint128) -> StdResult<CosmosMsg> {
    Ok(WasmMsg::Execute {
        contract_addr: xms.to_string(),
        msg: to_json_binary(&Cw20ExecuteMsg::Transfer {
            recipient: recipient.to_string(),
            amount,
        })?,
        funds: vec![],
    }
    .into())
}

/// Fails unless governance's XMS balance covers everything it owes.
pub fn check(deps: Deps, env: &Env) -> Result<(), ContractError> {
    let xms = CONFIG.load(deps.storage)?.xms_token;
    let balance = mars_entry::raw::query_wasm_smart::<BalanceResponse>(
        &deps.querier,
        xms.as_str(),
        &Cw20QueryMsg::Balance {
            address: env.contract.address.to_string(),
        },
    )?
    .balance;
    let required = TOTAL_STAKED
        .may_load(deps.storage)?
        .unwrap_or_default()
        .checked_add(TOTAL_UNBONDING.may_load(deps.storage)?.unwrap_or_default())?
        .checked_add(HELD_DEPOSITS.may_load(deps.storage)?.unwrap_or_default())?;
    if balance < required {
        return Err(ContractError::ReservesShortfall { balance, required });
    }
    Ok(())
}
