//! The contracts' querier: the VM's `query_chain` import, as cosmwasm-std's `ExternalQuerier`,
//! with the VM's answer read by hand. `ExternalQuerier` reads every answer with serde, whose
//! code for `SystemResult<ContractResult<Binary>>` alone is ~16 KB of each contract and costs
//! thousands of gas a byte; the answer's forms are few and fixed.

use cosmwasm_std::{Binary, ContractResult, QuerierResult, SystemError, SystemResult};

use crate::env::once;
use crate::json::Reader;

/// cosmwasm-std's `ExternalQuerier`, answers read without serde.
pub struct LeanQuerier;

#[cfg(target_arch = "wasm32")]
impl cosmwasm_std::Querier for LeanQuerier {
    fn raw_query(&self, request: &[u8]) -> QuerierResult {
        result(&crate::export::query_chain(request))
    }
}

/// The VM's answer to a query, `SystemResult<ContractResult<Binary>>` in JSON, as
/// `ExternalQuerier` reads it: JSON it cannot read is an `InvalidResponse` system error.
pub fn result(answer: &[u8]) -> QuerierResult {
    read(answer).unwrap_or_else(|| {
        SystemResult::Err(SystemError::InvalidResponse {
            error: "malformed or incomplete JSON".into(),
            response: answer.into(),
        })
    })
}

fn read(answer: &[u8]) -> Option<QuerierResult> {
    // the answer to every query that succeeds, `{"ok":{"ok":"<base64>"}}`, without a reader
    const HEAD: &[u8] = b"{\"ok\":{\"ok\":\"";
    if let Some(body) = answer
        .strip_prefix(HEAD)
        .and_then(|rest| rest.strip_suffix(b"\"}}"))
    {
        if let Some(bytes) = crate::base64::decode(body) {
            return Some(SystemResult::Ok(ContractResult::Ok(bytes.into())));
        }
    }
    let mut r = Reader::new(answer);
    let result = variant(&mut r, |tag, r| match tag {
        "ok" => variant(r, |tag, r| match tag {
            "ok" => Some(ContractResult::Ok(binary(r)?)),
            "error" => Some(ContractResult::Err(r.owned_string()?)),
            _ => None,
        })
        .map(SystemResult::Ok),
        "error" => system_error(r).map(SystemResult::Err),
        _ => None,
    })?;
    r.end()?;
    Some(result)
}

/// An externally tagged enum value, `{"tag":value}`, its value read by `value`.
fn variant<T>(r: &mut Reader, mut value: impl FnMut(&str, &mut Reader) -> Option<T>) -> Option<T> {
    let mut out = None;
    r.object(|tag, r| once(&mut out, value(tag, r)?))?;
    out
}

/// A `Binary`: base64 as cosmwasm-std writes it, or in any form cosmwasm-std reads.
pub(crate) fn binary(r: &mut Reader) -> Option<Binary> {
    let text = r.string()?;
    match crate::base64::decode(text.as_bytes()) {
        Some(bytes) => Some(bytes.into()),
        None => Binary::from_base64(&text).ok(),
    }
}

/// Reads an object's fields into `fields` (each at most once; unknown fields skipped, as
/// serde's derive does).
fn fields(r: &mut Reader, mut field: impl FnMut(&str, &mut Reader) -> Option<bool>) -> Option<()> {
    r.object(|key, r| {
        if !field(key, r)? {
            r.skip()?;
        }
        Some(())
    })
}

fn system_error(r: &mut Reader) -> Option<SystemError> {
    variant(r, |tag, r| {
        let (mut error, mut data, mut text, mut code_id) = (None, None, None, None);
        let data_key = match tag {
            "invalid_request" => "request",
            "invalid_response" => "response",
            _ => "",
        };
        let text_key = match tag {
            "no_such_contract" => "addr",
            "unsupported_request" => "kind",
            _ => "",
        };
        fields(r, |key, r| {
            match key {
                "error" if !data_key.is_empty() => once(&mut error, r.owned_string()?)?,
                k if k == data_key && !data_key.is_empty() => once(&mut data, binary(r)?)?,
                k if k == text_key && !text_key.is_empty() => once(&mut text, r.owned_string()?)?,
                "code_id" if tag == "no_such_code" => once(&mut code_id, r.u64()?)?,
                _ => return Some(false),
            }
            Some(true)
        })?;
        Some(match tag {
            "invalid_request" => SystemError::InvalidRequest {
                error: error?,
                request: data?,
            },
            "invalid_response" => SystemError::InvalidResponse {
                error: error?,
                response: data?,
            },
            "no_such_contract" => SystemError::NoSuchContract { addr: text? },
            "no_such_code" => SystemError::NoSuchCode { code_id: code_id? },
            "unknown" => SystemError::Unknown {},
            "unsupported_request" => SystemError::UnsupportedRequest { kind: text? },
            _ => return None,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::{from_json, to_json_vec};
    use proptest::prelude::*;

    fn every_form() -> Vec<QuerierResult> {
        vec![
            SystemResult::Ok(ContractResult::Ok(Binary::from(b"{\"a\":1}".to_vec()))),
            SystemResult::Ok(ContractResult::Ok(Binary::default())),
            SystemResult::Ok(ContractResult::Err("no \"such\" key\n".into())),
            SystemResult::Err(SystemError::InvalidRequest {
                error: "bad".into(),
                request: Binary::from(vec![0, 255]),
            }),
            SystemResult::Err(SystemError::InvalidResponse {
                error: "worse".into(),
                response: Binary::from(b"x".to_vec()),
            }),
            SystemResult::Err(SystemError::NoSuchContract {
                addr: "wasm1nobody".into(),
            }),
            SystemResult::Err(SystemError::NoSuchCode { code_id: u64::MAX }),
            SystemResult::Err(SystemError::Unknown {}),
            SystemResult::Err(SystemError::UnsupportedRequest {
                kind: "custom".into(),
            }),
        ]
    }

    #[test]
    fn every_form_reads_back_as_written() {
        for answer in every_form() {
            let json = to_json_vec(&answer).unwrap();
            assert_eq!(result(&json), answer, "{}", String::from_utf8_lossy(&json));
        }
    }

    #[test]
    fn what_serde_refuses_is_an_invalid_response_and_the_rest_is_read_as_serde_reads_it() {
        let cases: [&[u8]; 9] = [
            br#"{"ok":{"ok":"QQ"}}"#,              // base64 without padding
            br#"{"ok":{"ok":"QQ=="},"error":{}}"#, // two variants
            br#"{"ok":{"ok":"QQ==","error":"x"}}"#,
            br#"{"error":{"no_such_code":{"code_id":1,"extra":[1]}}}"#, // an unknown field
            br#"{"error":{"no_such_code":{}}}"#,                        // a missing one
            br#"{"error":{"no_such_contract":{"addr":"a","addr":"b"}}}"#,
            br#"{"error":{"unknown":{}}} {"#,
            br#"{"error":{"whatever":{}}}"#,
            br#"{"ok":{"ok":"Q"}}"#, // not base64
        ];
        for json in cases {
            let serde = from_json::<QuerierResult>(json).ok();
            let lean = result(json);
            match serde {
                Some(answer) => assert_eq!(lean, answer, "{}", String::from_utf8_lossy(json)),
                None => assert!(
                    matches!(lean, SystemResult::Err(SystemError::InvalidResponse { ref response, .. }) if response.as_slice() == json),
                    "{}: {lean:?}",
                    String::from_utf8_lossy(json)
                ),
            }
        }
    }

    proptest! {
        #[test]
        fn values_and_errors_read_back(
            value in proptest::collection::vec(any::<u8>(), 0..300),
            error in any::<String>(),
        ) {
            for answer in [
                SystemResult::Ok(ContractResult::Ok(Binary::from(value.clone()))),
                SystemResult::Ok(ContractResult::Err(error.clone())),
                SystemResult::Err(SystemError::InvalidRequest { error: error.clone(), request: value.clone().into() }),
            ] {
                prop_assert_eq!(result(&to_json_vec(&answer).unwrap()), answer);
            }
        }
    }
}
