//! Raw reads of another contract's storage. `QuerierWrapper::query_wasm_raw` writes its request
//! and reads the VM's answer (the value in base64, in JSON) with serde, which costs a contract
//! more than the read itself; here the request is written by hand and the answer read by the
//! contracts' querier ([`crate::querier`]), as `query_wasm_raw` reads it.

use cosmwasm_std::{
    from_json, to_json_vec, Binary, ContractResult, QuerierResult, QuerierWrapper, StdError,
    StdResult, SystemResult, Uint128,
};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::json::{Reader, Writer};

/// The value stored under `key` in `contract`'s storage, `None` if there is none: what
/// `querier.query_wasm_raw(contract, key)` answers, errors included.
pub fn query_wasm_raw(
    querier: &QuerierWrapper,
    contract: &str,
    key: &[u8],
) -> StdResult<Option<Vec<u8>>> {
    stored(querier.raw_query(&request(contract, key)))
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

/// A raw query's result as `QuerierWrapper::query_wasm_raw` reads it: an empty value is none.
fn stored(result: QuerierResult) -> StdResult<Option<Vec<u8>>> {
    let value = value(result)?;
    Ok((!value.is_empty()).then(|| value.into()))
}

/// A querier's result as `QuerierWrapper` turns it into a value or an error.
fn value(result: QuerierResult) -> StdResult<Binary> {
    match result {
        SystemResult::Err(system_err) => Err(StdError::generic_err(format!(
            "Querier system error: {system_err}"
        ))),
        SystemResult::Ok(ContractResult::Err(contract_err)) => Err(StdError::generic_err(format!(
            "Querier contract error: {contract_err}"
        ))),
        SystemResult::Ok(ContractResult::Ok(value)) => Ok(value),
    }
}

/// `querier.query_wasm_smart(contract, msg)`, with its answer and errors: the message and the
/// answer are still serde's, the request and the querier's result are written and read once,
/// by hand, for every type a contract asks for (`QuerierWrapper::query` is a copy of both per
/// answer type).
pub fn query_wasm_smart<T: DeserializeOwned>(
    querier: &QuerierWrapper,
    contract: &str,
    msg: &impl Serialize,
) -> StdResult<T> {
    from_json(smart(querier, contract, &to_json_vec(msg)?)?)
}

/// Any query, `request` the JSON of a `QueryRequest`, answering its JSON: for callers that write
/// the request and read the answer without serde.
pub fn query(querier: &QuerierWrapper, request: &[u8]) -> StdResult<Binary> {
    value(querier.raw_query(request))
}

/// `querier.query_balance(address, denom)`'s amount: the request written and the answer read
/// by hand (`QuerierWrapper::query` is a copy of serde's request and answer code in every crate
/// that asks).
pub fn bank_balance(querier: &QuerierWrapper, address: &str, denom: &str) -> StdResult<Uint128> {
    let mut w = Writer::with_capacity(64 + address.len() + denom.len());
    w.raw(b"{\"bank\":{\"balance\":{\"address\":")
        .str(address)
        .raw(b",\"denom\":")
        .str(denom)
        .raw(b"}}}");
    let raw = query(querier, &w.finish())?;
    let mut r = Reader::new(&raw);
    let mut amount = None;
    r.object(|key, r| {
        if key != "amount" || amount.is_some() {
            return r.skip();
        }
        r.object(|key, r| match key {
            "amount" => {
                amount = Some(Uint128::new(r.u128_str()?));
                Some(())
            }
            _ => r.skip(),
        })
    })
    .and_then(|()| r.end())
    .and(amount)
    .ok_or_else(|| StdError::parse_err("bank balance", "unexpected JSON"))
}

/// A smart query of `contract` with `msg` (JSON), answering its JSON: for callers that write
/// the query and read the answer without serde.
#[inline(never)]
pub fn smart(querier: &QuerierWrapper, contract: &str, msg: &[u8]) -> StdResult<Binary> {
    value(querier.raw_query(&smart_request(contract, msg)))
}

/// The JSON of `QueryRequest::Wasm(WasmQuery::Smart { contract_addr, msg })`.
pub fn smart_request(contract: &str, msg: &[u8]) -> Vec<u8> {
    let mut w = Writer::with_capacity(64 + contract.len() + msg.len().div_ceil(3) * 4);
    w.raw(b"{\"wasm\":{\"smart\":{\"contract_addr\":")
        .str(contract)
        .raw(b",\"msg\":")
        .base64(msg)
        .raw(b"}}}");
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a raw query makes of the VM's answer `json`.
    fn answer(json: &[u8]) -> StdResult<Option<Vec<u8>>> {
        stored(crate::querier::result(json))
    }
    use cosmwasm_std::{Empty, QueryRequest, SystemError, WasmQuery};
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
        fn smart_requests_are_written_as_serde_writes_them(
            contract in "[a-z0-9]{1,70}",
            msg in proptest::collection::vec(any::<u8>(), 0..80),
        ) {
            let serde = to_json_vec(&QueryRequest::<Empty>::Wasm(WasmQuery::Smart {
                contract_addr: contract.clone(),
                msg: msg.clone().into(),
            }))
            .unwrap();
            prop_assert_eq!(smart_request(&contract, &msg), serde);
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
