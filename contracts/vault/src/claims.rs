//! What the vault owes redeemers whose IBC payouts came back ([`crate::payouts`]): the coins
//! are in the vault's balance but are not collateral. Each claim is kept per owner and denom,
//! with the total per denom, so the vault's state can tell owed coins from stray ones.

use cosmwasm_std::{Addr, BankMsg, Coin, Order, Response, StdResult, Storage, Uint128};
use cw_storage_plus::Map;
use mars_types::vault::ClaimsResponse;

use crate::ContractError;

const CLAIMS: Map<(&Addr, &str), Uint128> = Map::new("claims");
const OWED: Map<&str, Uint128> = Map::new("claims_owed");

/// Adds `amount` of `denom` to `owner`'s claims.
pub fn credit(
    storage: &mut dyn Storage,
    owner: &Addr,
    denom: &str,
    amount: Uint128,
) -> StdResult<()> {
    let add = |v: Option<Uint128>| -> StdResult<Uint128> {
        Ok(v.unwrap_or_default().checked_add(amount)?)
    };
    CLAIMS.update(storage, (owner, denom), add)?;
    OWED.update(storage, denom, add)?;
    Ok(())
}

/// Everything the vault owes of `denom`.
pub fn owed(storage: &dyn Storage, denom: &str) -> StdResult<Uint128> {
    Ok(OWED.may_load(storage, denom)?.unwrap_or_default())
}

fn of(storage: &dyn Storage, owner: &Addr) -> StdResult<Vec<Coin>> {
    CLAIMS
        .prefix(owner)
        .range(storage, None, None, Order::Ascending)
        .map(|item| item.map(|(denom, amount)| Coin::new(amount, denom)))
        .collect()
}

pub fn query(storage: &dyn Storage, owner: Addr) -> StdResult<ClaimsResponse> {
    Ok(ClaimsResponse {
        claims: of(storage, &owner)?,
        owner,
    })
}

/// Pays `owner` every claim in one bank send (denoms sorted, as a bank send requires).
pub fn withdraw(storage: &mut dyn Storage, owner: &Addr) -> Result<Response, ContractError> {
    let coins = of(storage, owner)?;
    if coins.is_empty() {
        return Err(ContractError::NoClaims {
            owner: owner.to_string(),
        });
    }
    for c in &coins {
        CLAIMS.remove(storage, (owner, &c.denom));
        let left = owed(storage, &c.denom)?.checked_sub(c.amount)?;
        if left.is_zero() {
            OWED.remove(storage, &c.denom);
        } else {
            OWED.save(storage, &c.denom, &left)?;
        }
    }
    let paid = coins
        .iter()
        .map(Coin::to_string)
        .collect::<Vec<_>>()
        .join(",");
    Ok(Response::new()
        .add_message(BankMsg::Send {
            to_address: owner.to_string(),
            amount: coins,
        })
        .add_attribute("action", "withdraw_claims")
        .add_attribute("owner", owner)
        .add_attribute("amounts", paid))
}
