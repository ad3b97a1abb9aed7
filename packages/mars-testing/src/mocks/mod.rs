//! Test doubles of contracts the protocol talks to but does not own.
pub mod pair;
pub mod pyth;
