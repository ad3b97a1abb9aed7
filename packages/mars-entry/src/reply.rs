//! The `Reply` the VM hands a contract's `reply` entry point, read without serde: what
//! cosmwasm-std's deserialisation gives, and JSON it would refuse is refused.

use cosmwasm_std::{Attribute, Event, MsgResponse, Reply, StdResult, SubMsgResponse, SubMsgResult};

use crate::env::{malformed, once};
use crate::json::Reader;
use crate::querier::binary;

pub fn reply(json: &[u8]) -> StdResult<Reply> {
    lean_reply(json).ok_or_else(|| malformed("cosmwasm_std::results::submessages::Reply"))
}

fn lean_reply(json: &[u8]) -> Option<Reply> {
    let (mut id, mut payload, mut gas_used, mut result) = (None, None, None, None);
    let mut r = Reader::new(json);
    r.object(|key, r| {
        match key {
            "id" => once(&mut id, r.u64()?)?,
            "payload" => once(&mut payload, binary(r)?)?,
            "gas_used" => once(&mut gas_used, r.u64()?)?,
            "result" => once(&mut result, sub_msg_result(r)?)?,
            _ => r.skip()?,
        }
        Some(())
    })?;
    r.end()?;
    Some(Reply {
        id: id?,
        payload: payload.unwrap_or_default(),
        gas_used: gas_used.unwrap_or_default(),
        result: result?,
    })
}

fn sub_msg_result(r: &mut Reader) -> Option<SubMsgResult> {
    let mut result = None;
    r.object(|tag, r| {
        let value = match tag {
            "ok" => SubMsgResult::Ok(sub_msg_response(r)?),
            "error" => SubMsgResult::Err(r.owned_string()?),
            _ => return None,
        };
        once(&mut result, value)
    })?;
    result
}

#[allow(deprecated)] // `data`, which chains before CosmWasm 2.0 fill instead of `msg_responses`
fn sub_msg_response(r: &mut Reader) -> Option<SubMsgResponse> {
    let (mut events, mut data, mut msg_responses) = (None, None, None);
    r.object(|key, r| {
        match key {
            "events" => once(&mut events, r.list(event)?)?,
            "data" => {
                let value = if r.null()? { None } else { Some(binary(r)?) };
                once(&mut data, value)?
            }
            "msg_responses" => once(&mut msg_responses, r.list(msg_response)?)?,
            _ => r.skip()?,
        }
        Some(())
    })?;
    Some(SubMsgResponse {
        events: events?,
        data: data.flatten(),
        msg_responses: msg_responses.unwrap_or_default(),
    })
}

fn event(r: &mut Reader) -> Option<Event> {
    let (mut ty, mut attributes) = (None, None);
    r.object(|key, r| {
        match key {
            "type" => once(&mut ty, r.owned_string()?)?,
            "attributes" => once(&mut attributes, r.list(attribute)?)?,
            _ => r.skip()?,
        }
        Some(())
    })?;
    Some(Event::new(ty?).add_attributes(attributes?))
}

fn attribute(r: &mut Reader) -> Option<Attribute> {
    let (mut key, mut value) = (None, None);
    r.object(|k, r| {
        match k {
            "key" => once(&mut key, r.owned_string()?)?,
            "value" => once(&mut value, r.owned_string()?)?,
            _ => r.skip()?,
        }
        Some(())
    })?;
    Some(Attribute {
        key: key?,
        value: value?,
    })
}

fn msg_response(r: &mut Reader) -> Option<MsgResponse> {
    let (mut type_url, mut value) = (None, None);
    r.object(|key, r| {
        match key {
            "type_url" => once(&mut type_url, r.owned_string()?)?,
            "value" => once(&mut value, binary(r)?)?,
            _ => r.skip()?,
        }
        Some(())
    })?;
    Some(MsgResponse {
        type_url: type_url?,
        value: value?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::{from_json, to_json_vec, Binary};
    use proptest::prelude::*;

    #[allow(deprecated)]
    fn sample(data: Option<Vec<u8>>, attrs: Vec<(String, String)>) -> Reply {
        Reply {
            id: 7,
            payload: Binary::from(b"pay".to_vec()),
            gas_used: 1234,
            result: SubMsgResult::Ok(SubMsgResponse {
                events: vec![
                    // keys as a chain writes them, `_contract_address` among them
                    Event::new("instantiate").add_attributes(
                        attrs
                            .into_iter()
                            .map(|(key, value)| Attribute { key, value }),
                    ),
                    Event::new("wasm"),
                ],
                data: data.map(Binary::from),
                msg_responses: vec![MsgResponse {
                    type_url: "/cosmwasm.wasm.v1.MsgInstantiateContractResponse".into(),
                    value: Binary::from(vec![10, 3, 1, 2, 3]),
                }],
            }),
        }
    }

    #[test]
    fn what_serde_refuses_is_refused_and_defaults_are_serde_defaults() {
        let cases: [&[u8]; 8] = [
            br#"{"id":1,"result":{"error":"out of gas"}}"#,
            br#"{"id":1,"result":{"ok":{"events":[]}}}"#,
            br#"{"id":1,"result":{"ok":{"events":[],"data":null,"msg_responses":[]}},"extra":1}"#,
            br#"{"id":1,"result":{"ok":{"data":null}}}"#, // no events
            br#"{"result":{"error":"x"}}"#,               // no id
            br#"{"id":1,"id":2,"result":{"error":"x"}}"#,
            br#"{"id":1,"result":{"ok":{"events":[]},"error":"x"}}"#,
            br#"{"id":1,"result":{"ok":{"events":[{"type":"t","attributes":[{"key":"k"}]}]}}}"#,
        ];
        for json in cases {
            let serde = from_json::<Reply>(json).ok();
            assert_eq!(reply(json).ok(), serde, "{}", String::from_utf8_lossy(json));
        }
        assert!(reply(cases[4]).unwrap_err().to_string().contains("Reply"));
    }

    proptest! {
        #[test]
        fn replies_read_back_as_written(
            data in proptest::option::of(proptest::collection::vec(any::<u8>(), 0..40)),
            attrs in proptest::collection::vec((any::<String>(), any::<String>()), 0..5),
            error in any::<String>(),
        ) {
            let ok = sample(data, attrs);
            prop_assert_eq!(reply(&to_json_vec(&ok).unwrap()).unwrap(), ok.clone());
            let failed = Reply { result: SubMsgResult::Err(error), ..ok };
            prop_assert_eq!(reply(&to_json_vec(&failed).unwrap()).unwrap(), failed);
        }
    }
}
