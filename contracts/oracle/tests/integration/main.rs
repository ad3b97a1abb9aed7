//! The oracle deployed in cw-multi-test next to a mock Pyth contract and mock Astroport pairs,
//! driven with the messages governance, feeders, keepers and the vault send.

mod board;
mod feeder;
mod fixed;
mod ownership;
mod pyth;
mod queries;
mod suite;
mod twap;
