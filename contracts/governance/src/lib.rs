//! Mars governance: XMS holders stake, propose, vote, and after a timelock execute proposals as
//! the owner of the vault, the oracle and governance itself.
//!
//! Power is read from snapshots at the start of a proposal's first block, so it cannot be
//! bought, borrowed or re-staked once the proposal exists, and unstaking waits an unbonding
//! period so the same tokens cannot vote twice under two names. Proposal messages run in one
//! submessage that governance sends to itself: they take effect all together or not at all,
//! and a failure marks the proposal instead of reverting its execution; anyone may execute it
//! again until it expires, so the moment an executor picks cannot kill a passed proposal. Governance holds the
//! stakes, claims and deposits it owes in XMS; every execution ends by checking it still does.

pub mod config;
pub mod contract;
pub mod error;
pub mod execution;
pub mod migration;
pub mod msgs;
pub mod proposal;
pub mod query;
pub mod reserves;
pub mod stake;
pub mod state;
pub mod vote;
pub mod voting;

pub use error::ContractError;
