//! Runs the optimised wasm artifacts in `cosmwasm-vm`, the VM that chains embed, with a small
//! router that passes messages and queries between contracts as wasmd does, and measures gas.

pub mod chain;
pub mod storage;

pub use chain::{Chain, GasUsed, TxResult};
pub use deploy::Protocol;
pub mod deploy;
pub mod gas;
