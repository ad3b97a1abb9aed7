//! The Mars vault: whitelisted collateral in five volatility tiers, USDm minted against it and
//! redeemed for it.
//!
//! Every operation values the vault the same way ([`holdings`]): the two compact records of
//! [`state`] (settings with the whitelist, and the accounts), the oracle's price board read raw
//! (a `Prices` query only for assets the board cannot answer now), then exact share-cap checks
//! on the state after the operation, and last the rate limits ([`limits`]); a mint or a
//! redemption writes the accounts once. The vault keeps its own accounts of what it holds, so tokens sent to it
//! outside `Mint` cannot move shares or the collateral ratio.

pub mod claims;
pub mod contract;
pub mod error;
pub mod holdings;
pub mod ibc;
pub mod lending;
pub mod limits;
pub mod migration;
pub mod mint;
pub mod pause;
pub mod payouts;
pub mod pending;
pub mod pools;
pub mod position;
pub mod provide;
pub mod query;
pub mod redeem;
pub mod staking;
pub mod state;
pub mod stray;
pub mod whitelist;
pub mod withdraw_liquidity;

pub use error::ContractError;

/// The validated `recipient`, or `sender` when none is named: mints and redemptions alike.
fn recipient_or(
    api: &dyn cosmwasm_std::Api,
    recipient: Option<String>,
    sender: &cosmwasm_std::Addr,
) -> cosmwasm_std::StdResult<cosmwasm_std::Addr> {
    recipient.map_or_else(
        || {
            Ok(cosmwasm_std::Addr::unchecked(mars_entry::json::owned(
                sender.as_str(),
            )))
        },
        |r| api.addr_validate(&r),
    )
}
