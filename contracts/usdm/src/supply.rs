//! The supply in compact form ([`mars_types::usdm::SUPPLY_KEY`]), written with every change of
//! the supply so that the vault reads a few bytes instead of cw20-base's JSON `TokenInfo`.

use cosmwasm_std::{StdError, StdResult, Storage, Uint128};
use cw20_base::state::TOKEN_INFO;
use mars_types::usdm::{decode_supply, encode_supply, ExecuteMsg, SUPPLY_KEY};

/// How a message changes the supply if it succeeds: (minted, burnt).
pub fn change(msg: &ExecuteMsg) -> Option<(Uint128, Uint128)> {
    match msg {
        ExecuteMsg::Mint { amount, .. } => Some((*amount, Uint128::zero())),
        ExecuteMsg::Burn { amount } | ExecuteMsg::BurnFrom { amount, .. } => {
            Some((Uint128::zero(), *amount))
        }
        _ => None,
    }
}

/// Records the supply cw20-base's `TokenInfo` holds (instantiate and migrate).
pub fn record_from_token_info(storage: &mut dyn Storage) -> StdResult<Uint128> {
    let supply = TOKEN_INFO.load(storage)?.total_supply;
    storage.set(SUPPLY_KEY, &encode_supply(supply));
    Ok(supply)
}

/// Applies a successful mint or burn to the record.
pub fn apply(storage: &mut dyn Storage, (minted, burnt): (Uint128, Uint128)) -> StdResult<()> {
    let raw = storage
        .get(SUPPLY_KEY)
        .ok_or_else(|| StdError::not_found("compact supply"))?;
    let supply = decode_supply(&raw)?
        .checked_add(minted)?
        .checked_sub(burnt)?;
    storage.set(SUPPLY_KEY, &encode_supply(supply));
    Ok(())
}
