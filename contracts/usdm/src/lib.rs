//! USDm, the protocol's USD stablecoin, and XMS, its governance token: two instances of one cw20
//! code built on cw20-base.
//!
//! The token logic is cw20-base's, unchanged and audited; this crate adds its own cw2 identity,
//! a migration guard and the supply in a compact record ([`supply`]) that the vault reads raw.
//! For USDm the vault is the only minter; holders may burn their own.

pub mod contract;
pub mod error;
pub mod supply;

pub use error::ContractError;
