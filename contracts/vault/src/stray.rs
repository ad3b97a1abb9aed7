//! USDm sent to the vault with a plain `Transfer`. A redemption's USDm arrives with `Send` and
//! is burnt in the same transaction, so whatever USDm the vault holds between transactions came
//! by mistake: it backs nothing and only inflates the supply, so anyone may burn it.

use cosmwasm_std::{Addr, Deps, DepsMut, Env, Response, Uint128, WasmMsg};
use cw20::{BalanceResponse, Cw20QueryMsg};
use mars_types::usdm;

use crate::state::Settings;
use crate::ContractError;

/// The USDm the vault holds now.
pub fn stray_usdm(deps: Deps, env: &Env, usdm: &Addr) -> Result<Uint128, ContractError> {
    let balance: BalanceResponse = mars_entry::raw::query_wasm_smart(
        &deps.querier,
        usdm.as_str(),
        &Cw20QueryMsg::Balance {
            address: env.contract.address.to_string(),
        },
    )?;
    Ok(balance.balance)
}

/// Burns every USDm the vault holds; `sender` may be anyone.
pub fn burn_stray_usdm(deps: DepsMut, env: &Env, sender: &Addr) -> Result<Response, ContractError> {
    let usdm = Settings::load(deps.storage)?.usdm()?.clone();
    let amount = stray_usdm(deps.as_ref(), env, &usdm)?;
    if amount.is_zero() {
        return Err(ContractError::NoStrayUsdm {});
    }
    let burn = WasmMsg::Execute {
        contract_addr: usdm.into_string(),
        msg: usdm::burn_msg(amount),
        funds: vec![],
    };
    Ok(Response::new()
        .add_message(burn)
        .add_attribute("action", "burn_stray_usdm")
        .add_attribute("amount", amount)
        .add_attribute("sender", sender))
}
