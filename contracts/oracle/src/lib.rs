//! The protocol's price oracle: one governance-set price source per asset, and checks on every
//! read so that the vault never acts on a bad price.
//!
//! A price that is stale, too uncertain, too far from its average or not positive is an error,
//! never a number: the vault then refuses the operation that needed it instead of minting or
//! paying out at a wrong value. `Prices` answers every asset in one query, so that a mint or a
//! redemption costs one cross-contract call to the oracle however many assets it values.

pub mod checks;
pub mod contract;
pub mod error;
pub mod feed;
pub mod pyth;
pub mod query;
pub mod sources;
pub mod state;
pub mod twap;

pub use error::ContractError;
