#![allow(dead_code)]
//! Helpers shared by the vault's integration tests.

use cw_multi_test::AppResponse;
use mars_vault::ContractError;

/// The vault's `ContractError` inside a failed execution.
pub fn vault_err(res: anyhow::Result<AppResponse>) -> ContractError {
    res.expect_err("the call should fail")
        .downcast::<ContractError>()
        .unwrap_or_else(|err| panic!("expected a vault ContractError, got: {err:?}"))
}

/// The value of attribute `key` in the vault's wasm event.
pub fn attr(res: &AppResponse, key: &str) -> String {
    res.events
        .iter()
        .filter(|e| e.ty == "wasm")
        .flat_map(|e| &e.attributes)
        .find(|a| a.key == key)
        .map(|a| a.value.clone())
        .unwrap_or_else(|| panic!("no attribute {key}"))
}

/// The value of attribute `key` in the wasm event emitted by `contract`.
pub fn contract_attr(res: &AppResponse, contract: &cosmwasm_std::Addr, key: &str) -> String {
    res.events
        .iter()
        .filter(|e| {
            e.ty == "wasm"
                && e.attributes
                    .iter()
                    .any(|a| a.key == "_contract_address" && a.value == contract.as_str())
        })
        .flat_map(|e| &e.attributes)
        .find(|a| a.key == key)
        .map(|a| a.value.clone())
        .unwrap_or_else(|| panic!("no attribute {key} from {contract}"))
}
