//! The shared vocabulary of the Mars vault protocol.
//!
//! Every message, response and type that crosses a contract boundary lives here, so that contracts
//! call each other with typed messages and clients depend on one crate. The amount ⇄ USD value
//! conversion lives here too, in [`value`], and nowhere else: one place to audit rounding.

pub mod asset;
pub mod astroport;
pub mod board;
pub mod bps;
pub mod codec;
pub mod curve;
pub mod governance;
pub mod guardian;
pub mod ics20;
pub mod migrate;
pub mod oracle;
pub mod pyth;
pub mod red_bank;
pub mod swap;
pub mod tier;
pub mod treasury;
pub mod usdm;
pub mod value;
pub mod vault;

pub use asset::{AssetInfo, AssetInfoBase, AssetInfoUnchecked};
pub use bps::Bps;
pub use tier::{Tier, TierCaps};
pub use value::Rounding;
