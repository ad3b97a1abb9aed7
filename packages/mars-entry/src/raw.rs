//! Raw reads of another contract's storage. `QuerierWrapper::query_wasm_raw` writes its request
//! and reads the VM's answer (the value in base64, in JSON) with serde, which costs a contract
//! more than the read itself; here both are done by hand, on wasm32 straight through the VM's
//! `query_chain` import, and every answer reads as `query_wasm_raw` reads it.

use cosmwasm_std::{ContractResult, QuerierWrapper, StdError, StdResult, SystemResult};

use crate::json::Writer;

/// The value stored under `key` in `contract`'s storage, `None` if there is none: what
/// `querier.query_wasm_raw(contract, key)` answers, errors included.
pub fn query_wasm_raw(
    querier: &QuerierWrapper,
    contract: &str,
    key: &[u8],
) -> StdResult<Option<Vec<u8>>> {
    #[cfg(target_arch = "wasm32")]
    {
        let _ = querier;
        answer(&crate::export::query_chain(&request(contract, key)))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        querier.query_wasm_raw(contract, key)
    }
}

/// The JSON of `QueryRequest::Wasm(WasmQuery::Raw { contract_addr, key })`.
pub fn request(contract: &str, key: &[u8]) -> Vec<u8> {
    let mut w = Writer::with_capacity(64 + contract.len() + key.len() * 2);
    w.raw(b"{\"wasm\":{\"raw\":{\"contract_addr\":")
        .str(contract)
        .raw(b",\"key\":")
        .base64(key)
        .raw(b"}}}");
    w.finish()
}

/// The value in the VM's answer to a raw query, with `QuerierWrapper::query_wasm_raw`'s errors.
pub fn answer(response: &[u8]) -> StdResult<Option<Vec<u8>>> {
    match crate::querier::result(response) {
        SystemResult::Err(system_err) => Err(StdError::generic_err(format!(
            "Querier system error: {system_err}"
        ))),
        SystemResult::Ok(ContractResult::Err(contract_err)) => Err(StdError::generic_err(format!(
            "Querier contract error: {contract_err}"
        ))),
        SystemResult::Ok(ContractResult::Ok(value)) => {
            Ok((!value.is_empty()).then(|| value.into()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::{to_json_vec, Binary, Empty, QueryRequest, SystemError, WasmQuery};
    use proptest::prelude::*;

    fn answer_of(result: SystemResult<ContractResult<Binary>>) -> Vec<u8> {
        to_json_vec(&result).unwrap()
    }

    proptest! {
        #[test]
        fn requests_are_written_as_serde_writes_them(
            contract in "[a-z0-9]{1,70}",
            key in proptest::collection::vec(any::<u8>(), 0..80),
        ) {
            let serde = to_json_vec(&QueryRequest::<Empty>::Wasm(WasmQuery::Raw {
                contract_addr: contract.clone(),
                key: key.clone().into(),
            }))
            .unwrap();
            prop_assert_eq!(request(&contract, &key), serde);
        }

        #[test]
        fn values_read_back(value in proptest::collection::vec(any::<u8>(), 0..400)) {
            let json = answer_of(SystemResult::Ok(ContractResult::Ok(value.clone().into())));
            prop_assert_eq!(answer(&json).unwrap(), (!value.is_empty()).then_some(value));
        }
    }

    #[test]
    fn errors_are_cosmwasm_std_errors() {
        let contract_err = answer_of(SystemResult::Ok(ContractResult::Err("no such key".into())));
        assert_eq!(
            answer(&contract_err).unwrap_err(),
            StdError::generic_err("Querier contract error: no such key")
        );
        let system_err = answer_of(SystemResult::Err(SystemError::NoSuchContract {
            addr: "wasm1x".into(),
        }));
        assert!(answer(&system_err)
            .unwrap_err()
            .to_string()
            .contains("Querier system error: No such contract: wasm1x"));
        assert!(answer(b"{\"ok\":")
            .unwrap_err()
            .to_string()
            .contains("Querier system error"));
        // wasmd's empty value, and a value in non-canonical base64 that serde still takes
        assert_eq!(answer(br#"{"ok":{"ok":""}}"#).unwrap(), None);
        assert_eq!(
            answer(br#"{"ok":{"ok":"QQ"}}"#).unwrap(),
            Some(b"A".to_vec())
        );
    }
}
