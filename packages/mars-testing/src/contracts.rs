//! The protocol's contracts wrapped for cw-multi-test.

use std::cell::Cell;

use cosmwasm_std::{Binary, Deps, Empty, Env};
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

thread_local! {
    static ORACLE_QUERIES: Cell<u32> = const { Cell::new(0) };
}

/// Queries answered by this thread's oracles; each test runs on its own thread, so a test can
/// assert how many queries an operation made.
pub fn oracle_query_count() -> u32 {
    ORACLE_QUERIES.with(Cell::get)
}

fn counting_oracle_query(
    deps: Deps,
    env: Env,
    msg: mars_types::oracle::QueryMsg,
) -> Result<Binary, mars_oracle::ContractError> {
    ORACLE_QUERIES.with(|q| q.set(q.get() + 1));
    mars_oracle::contract::query(deps, env, msg)
}

/// The oracle code, counting the queries it answers.
pub fn oracle_contract() -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            mars_oracle::contract::execute,
            mars_oracle::contract::instantiate,
            counting_oracle_query,
        )
        .with_migrate(mars_oracle::contract::migrate),
    )
}

/// The governance code.
pub fn governance_contract() -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            mars_governance::contract::execute,
            mars_governance::contract::instantiate,
            mars_governance::contract::query,
        )
        .with_reply(mars_governance::contract::reply)
        .with_migrate(mars_governance::contract::migrate),
    )
}

/// The Mars Swap pair code.
pub fn swap_contract() -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            mars_swap::contract::execute,
            mars_swap::contract::instantiate,
            mars_swap::contract::query,
        )
        .with_reply(mars_swap::contract::reply)
        .with_migrate(mars_swap::contract::migrate),
    )
}

/// The lending-market double on Mars Protocol's red-bank interface.
pub fn lending_double_contract() -> Box<dyn Contract<Empty>> {
    Box::new(ContractWrapper::new(
        mars_lending_double::execute,
        mars_lending_double::instantiate,
        mars_lending_double::query,
    ))
}
