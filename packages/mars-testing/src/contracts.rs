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

/// The vault code.
pub fn vault_contract() -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            mars_vault::contract::execute,
            mars_vault::contract::instantiate,
            mars_vault::contract::query,
        )
        .with_reply(mars_vault::contract::reply)
        .with_migrate(mars_vault::contract::migrate),
    )
}

/// The oracle code.
pub fn oracle_contract() -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            mars_oracle::contract::execute,
            mars_oracle::contract::instantiate,
            mars_oracle::contract::query,
        )
        .with_migrate(mars_oracle::contract::migrate),
    )
}
