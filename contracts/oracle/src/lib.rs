//! The protocol's price oracle: one governance-set price source per asset, and checks on every
//! read so that the vault never acts on a bad price.
//!
//! A price that is stale, too uncertain, too far from its average or not positive is an error,
//! never a number: the vault then refuses the operation that needed it instead of minting or
//! paying out at a wrong value. A price that passes its checks when it is fed or refreshed is
//! kept on the price board ([`board`], layout in [`mars_types::board`]), which the vault reads
//! raw without calling the oracle; for anything the board cannot answer in a block, `Prices`
//! answers every asset in one query.

pub mod board;
pub mod checks;
pub mod contract;
pub mod error;
pub mod feed;
pub mod migration;
pub mod pyth;
pub mod query;
pub mod sources;
pub mod state;
pub mod twap;

pub use error::ContractError;
