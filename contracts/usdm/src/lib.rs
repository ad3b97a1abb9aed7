//! USDm, the protocol's USD stablecoin, and XMS, its governance token: two instances of one cw20
//! code built on cw20-base.
//!
//! The token logic is cw20-base's, unchanged and audited; this crate adds its own cw2 identity
//! and a migration guard. For USDm the vault is the only minter, so supply moves only through
//! mint and redeem.

pub mod contract;
pub mod error;

pub use error::ContractError;
