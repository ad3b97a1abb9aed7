//! Test doubles of contracts the protocol talks to but does not own.
pub mod oracle;
pub mod pair;
pub mod pyth;
