//! Messages of the USDm token (and of XMS, a second instance of the same code).
//!
//! The token is cw20-base unchanged, so its instantiate, execute and query messages are cw20-base's
//! own; the contract adds only a migrate message.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{from_json, Addr, QuerierWrapper, StdError, StdResult, Uint128};
use serde::Deserialize;

pub use cw20::{Cw20Coin, Logo, MinterResponse};
pub use cw20_base::msg::{ExecuteMsg, InstantiateMarketingInfo, InstantiateMsg, QueryMsg};

/// The one field of cw20-base's stored `TokenInfo` a reader of the supply needs; the others
/// (name, symbol, decimals, minter) are skipped, not decoded.
#[derive(Deserialize)]
struct StoredSupply {
    total_supply: Uint128,
}

/// The token's total supply, read raw from its storage (cw20-base keeps its `TokenInfo` as JSON
/// under [`cw20_base::state::TOKEN_INFO`]; the layout is part of cw20-base 2.0): one storage
/// read, no contract call and no instance of the token loaded.
pub fn total_supply(querier: &QuerierWrapper, token: &Addr) -> StdResult<Uint128> {
    let raw = querier
        .query_wasm_raw(token, cw20_base::state::TOKEN_INFO.as_slice())?
        .ok_or_else(|| StdError::not_found(format!("token info of {token}")))?;
    Ok(from_json::<StoredSupply>(&raw)?.total_supply)
}

/// Migrates the token to a newer version of this code; refused for another contract or an
/// older or equal version.
#[cw_serde]
pub struct MigrateMsg {}
