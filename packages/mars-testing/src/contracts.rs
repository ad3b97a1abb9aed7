//! The protocol's contracts wrapped for cw-multi-test.

use cosmwasm_std::Empty;
use cw_multi_test::{Contract, ContractWrapper};

/// The USDm/XMS token code.
pub fn usdm_contract() -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            mars_usdm::contract::execute,
            mars_usdm::contract::instantiate,
            mars_usdm::contract::query,
        )
        .with_migrate(mars_usdm::contract::migrate),
    )
}
