//! Messages of the USDm token (and of XMS, a second instance of the same code).
//!
//! The token is cw20-base, so its instantiate, execute and query messages are cw20-base's own;
//! the contract adds a migrate message and keeps its supply in a compact record beside
//! cw20-base's state ([`SUPPLY_KEY`]).

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{from_json, Addr, QuerierWrapper, StdError, StdResult, Uint128};
use serde::Deserialize;

use crate::codec::{Reader, Writer};

pub use cw20::{Cw20Coin, Logo, MinterResponse};
pub use cw20_base::msg::{ExecuteMsg, InstantiateMarketingInfo, InstantiateMsg, QueryMsg};

/// The token's storage key of its supply in compact form: the version byte, then the total
/// supply as a varint. The token writes it with every change of the supply (instantiate, mint,
/// burn, burn from, migrate), so it always equals the `total_supply` of cw20-base's stored
/// `TokenInfo`; a reader takes a few bytes instead of that JSON record.
pub const SUPPLY_KEY: &[u8] = b"supply";

const SUPPLY_VERSION: u8 = 1;

pub fn encode_supply(supply: Uint128) -> Vec<u8> {
    let mut w = Writer::with_version(SUPPLY_VERSION);
    w.uint128(supply);
    w.finish()
}

pub fn decode_supply(bytes: &[u8]) -> StdResult<Uint128> {
    let mut r = Reader::new(bytes, "token supply", SUPPLY_VERSION)?;
    let supply = r.uint128()?;
    r.finish()?;
    Ok(supply)
}

/// The one field of cw20-base's stored `TokenInfo` a reader of the supply needs; the others
/// (name, symbol, decimals, minter) are skipped, not decoded.
#[derive(Deserialize)]
struct StoredSupply {
    total_supply: Uint128,
}

/// The supply in cw20-base's own `TokenInfo` record (JSON, under
/// [`cw20_base::state::TOKEN_INFO`]; the layout is part of cw20-base 2.0).
pub fn token_info_supply(token_info: &[u8]) -> StdResult<Uint128> {
    Ok(from_json::<StoredSupply>(token_info)?.total_supply)
}

/// The token's total supply, read raw from its storage: one storage read, no contract call and
/// no instance of the token loaded. The compact record when the token keeps one (this code from
/// 0.2), else cw20-base's `TokenInfo`.
pub fn total_supply(querier: &QuerierWrapper, token: &Addr) -> StdResult<Uint128> {
    if let Some(compact) = querier.query_wasm_raw(token, SUPPLY_KEY)? {
        return decode_supply(&compact);
    }
    let raw = querier
        .query_wasm_raw(token, cw20_base::state::TOKEN_INFO.as_slice())?
        .ok_or_else(|| StdError::not_found(format!("token info of {token}")))?;
    token_info_supply(&raw)
}

/// Migrates the token to a newer version of this code; refused for another contract or an
/// older or equal version.
#[cw_serde]
pub struct MigrateMsg {}
