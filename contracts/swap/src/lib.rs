//! Mars Swap: a pool of two assets with a constant-product or a stableswap curve, speaking the
//! Astroport pair interface ([`mars_types::astroport`]) so that wallets, routers, the oracle's
//! TWAP source and the vault use it as they use an Astroport pair.
//!
//! The pool counts its reserves itself ([`state`]): what deposits and swaps brought in, less
//! what swaps and withdrawals paid. Tokens sent to the pair outside its messages are not part of
//! the reserves, so no transfer can move the pool's price or the value of its LP tokens. The LP
//! token is a cw20 of the project's token code that only the pair mints; the first deposit locks
//! [`mars_types::swap::MINIMUM_LIQUIDITY`] of it in the pair. The curves' arithmetic, and its
//! rounding in the pool's favour, is [`mars_types::curve`].

pub mod contract;
pub mod error;
pub mod provide;
pub mod query;
pub mod state;
pub mod trade;
pub mod withdraw;

pub use error::ContractError;
