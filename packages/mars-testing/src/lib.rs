//! A cw-multi-test harness that deploys the Mars vault protocol as a chain would, so that tests
//! send the same messages a wallet sends.
//!
//! ```ignore
//! let mut env = MarsEnv::builder().build();
//! env.usdm_mint(&env.minter.clone(), &alice, 1_000_000).unwrap();
//! assert_eq!(env.usdm_balance(&alice), 1_000_000);
//! ```

pub mod contracts;
pub mod env;
pub mod governance;
pub mod mocks;

pub use env::{MarsEnv, MarsEnvBuilder};
