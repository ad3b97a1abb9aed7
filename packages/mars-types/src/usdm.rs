//! Messages of the USDm token (and of XMS, a second instance of the same code).
//!
//! The token is cw20-base unchanged, so its instantiate, execute and query messages are cw20-base's
//! own; the contract adds only a migrate message.

use cosmwasm_schema::cw_serde;

pub use cw20::{Cw20Coin, Logo, MinterResponse};
pub use cw20_base::msg::{ExecuteMsg, InstantiateMarketingInfo, InstantiateMsg, QueryMsg};

/// Migrates the token to a newer version of this code; refused for another contract or an
/// older or equal version.
#[cw_serde]
pub struct MigrateMsg {}
