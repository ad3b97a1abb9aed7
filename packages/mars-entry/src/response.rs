//! An execute's answer to the VM, `ContractResult<Response>` in JSON, written byte for byte as
//! cosmwasm-std writes it. The messages a Mars contract sends on its hot paths (a contract
//! execute, a bank send) are written here; any other message is written by serde into the same
//! buffer.

use cosmwasm_std::{
    to_json_vec, Attribute, BankMsg, Coin, CosmosMsg, Event, IbcBasicResponse, ReplyOn, Response,
    SubMsg, WasmMsg,
};

use crate::json::Writer;

/// The JSON of `Ok(response)`.
pub fn ok(response: &Response) -> Vec<u8> {
    let mut w = Writer::with_capacity(capacity(response));
    w.raw(b"{\"ok\":");
    body(
        &mut w,
        &response.messages,
        &response.attributes,
        &response.events,
    );
    w.raw(b",\"data\":");
    match &response.data {
        Some(data) => w.base64(data),
        None => w.raw(b"null"),
    };
    w.raw(b"}}");
    w.finish()
}

/// Room for the JSON of `response` unless strings need escapes, so that the buffer is
/// allocated once: growing it copies everything written so far.
fn capacity(response: &Response) -> usize {
    // an attribute is `{"key":"…","value":"…"}` and a comma: 22 bytes and its strings
    let strings = |attributes: &[Attribute]| -> usize {
        attributes
            .iter()
            .map(|a| a.key.len() + a.value.len() + 22)
            .sum()
    };
    let messages: usize = response
        .messages
        .iter()
        .map(|m| {
            let body = match &m.msg {
                CosmosMsg::Wasm(WasmMsg::Execute {
                    contract_addr,
                    msg,
                    funds,
                }) => contract_addr.len() + msg.len().div_ceil(3) * 4 + funds.len() * 96,
                CosmosMsg::Bank(BankMsg::Send { to_address, amount }) => {
                    to_address.len() + amount.len() * 96
                }
                _ => 256,
            };
            body + m.payload.len().div_ceil(3) * 4 + 160
        })
        .sum();
    let events: usize = response
        .events
        .iter()
        .map(|e| e.ty.len() + strings(&e.attributes) + 32)
        .sum();
    let data = response
        .data
        .as_ref()
        .map_or(0, |d| d.len().div_ceil(3) * 4);
    64 + messages + strings(&response.attributes) + events + data
}

/// The JSON of `Err(error)`, for every entry point's result.
pub fn err(error: &str) -> Vec<u8> {
    let mut w = Writer::with_capacity(error.len() + 16);
    w.raw(b"{\"error\":").str(error).byte(b'}');
    w.finish()
}

/// The JSON of a query's `Ok(data)`.
pub fn query_ok(data: &[u8]) -> Vec<u8> {
    let mut w = Writer::with_capacity(data.len().div_ceil(3) * 4 + 10);
    w.raw(b"{\"ok\":").base64(data).byte(b'}');
    w.finish()
}

/// The JSON of an IBC callback's `Ok(response)`.
pub fn ibc_basic_ok(response: &IbcBasicResponse) -> Vec<u8> {
    let mut w = Writer::with_capacity(256);
    w.raw(b"{\"ok\":");
    body(
        &mut w,
        &response.messages,
        &response.attributes,
        &response.events,
    );
    w.raw(b"}}");
    w.finish()
}

/// `{"messages":[…],"attributes":[…],"events":[…]`, what `Response` and `IbcBasicResponse`
/// begin with (the caller closes the object).
fn body(w: &mut Writer, messages: &[SubMsg], attrs: &[Attribute], events: &[Event]) {
    w.raw(b"{\"messages\":")
        .list(messages, sub_msg)
        .raw(b",\"attributes\":");
    attributes(w, attrs);
    w.raw(b",\"events\":").list(events, event);
}

fn sub_msg(w: &mut Writer, m: &SubMsg) {
    w.raw(b"{\"id\":").u64(m.id).raw(b",\"payload\":");
    w.base64(&m.payload).raw(b",\"msg\":");
    cosmos_msg(w, &m.msg);
    w.raw(b",\"gas_limit\":");
    match m.gas_limit {
        Some(limit) => w.u64(limit),
        None => w.raw(b"null"),
    };
    w.raw(match m.reply_on {
        ReplyOn::Always => b",\"reply_on\":\"always\"}",
        ReplyOn::Error => b",\"reply_on\":\"error\"}",
        ReplyOn::Success => b",\"reply_on\":\"success\"}",
        ReplyOn::Never => b",\"reply_on\":\"never\"}",
    });
}

fn cosmos_msg(w: &mut Writer, msg: &CosmosMsg) {
    match msg {
        CosmosMsg::Wasm(WasmMsg::Execute {
            contract_addr,
            msg,
            funds,
        }) => {
            w.raw(b"{\"wasm\":{\"execute\":{\"contract_addr\":")
                .str(contract_addr)
                .raw(b",\"msg\":")
                .base64(msg)
                .raw(b",\"funds\":");
            coins(w, funds);
            w.raw(b"}}}");
        }
        CosmosMsg::Bank(BankMsg::Send { to_address, amount }) => {
            w.raw(b"{\"bank\":{\"send\":{\"to_address\":")
                .str(to_address)
                .raw(b",\"amount\":");
            coins(w, amount);
            w.raw(b"}}}");
        }
        other => {
            w.raw(&to_json_vec(other).expect("a message serialises"));
        }
    }
}

fn coins(w: &mut Writer, coins: &[Coin]) {
    w.list(coins, |w, c| {
        w.raw(b"{\"denom\":")
            .str(&c.denom)
            .raw(b",\"amount\":")
            .u128_str(c.amount.u128())
            .byte(b'}');
    });
}

fn attributes(w: &mut Writer, attributes: &[Attribute]) {
    w.list(attributes, |w, a| {
        w.raw(b"{\"key\":")
            .str(&a.key)
            .raw(b",\"value\":")
            .str(&a.value)
            .byte(b'}');
    });
}

fn event(w: &mut Writer, e: &Event) {
    w.raw(b"{\"type\":").str(&e.ty).raw(b",\"attributes\":");
    attributes(w, &e.attributes);
    w.byte(b'}');
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::{coins, to_json_binary, Binary, ContractResult, Empty, Uint128};
    use proptest::prelude::*;

    fn serde_ok(r: &Response) -> Vec<u8> {
        to_json_vec(&ContractResult::<Response>::Ok(r.clone())).unwrap()
    }

    #[test]
    fn every_kind_of_message_is_written_as_serde_writes_it() {
        let execute = WasmMsg::Execute {
            contract_addr: "wasm1usdm".into(),
            msg: to_json_binary(&Empty {}).unwrap(),
            funds: coins(5, "uatom"),
        };
        let r = Response::<Empty>::new()
            .add_message(execute)
            .add_submessage(SubMsg::reply_on_error(
                BankMsg::Send {
                    to_address: "wasm1alice".into(),
                    amount: vec![Coin::new(Uint128::MAX, "ibc/ABC"), Coin::new(0u128, "x")],
                },
                7,
            ))
            .add_submessage(
                SubMsg::reply_always(
                    WasmMsg::Migrate {
                        contract_addr: "wasm1vault".into(),
                        new_code_id: 9,
                        msg: Binary::from(b"{}".to_vec()),
                    },
                    u64::MAX,
                )
                .with_gas_limit(250_000)
                .with_payload(Binary::from(b"pay".to_vec())),
            )
            .add_submessage(SubMsg::reply_on_success(
                BankMsg::Burn { amount: vec![] },
                2,
            ))
            .add_attribute("action", "mint")
            .add_attribute("memo", "a \"quoted\"\n\\ value\u{1}é")
            .add_event(cosmwasm_std::Event::new("mars").add_attribute("k", "v"))
            .add_event(cosmwasm_std::Event::new("empty"))
            .set_data(Binary::from(vec![0, 1, 2, 255]));
        assert_eq!(ok(&r), serde_ok(&r));
        assert_eq!(ok(&Response::new()), serde_ok(&Response::new()));
    }

    #[test]
    fn errors_queries_and_ibc_callbacks_are_written_as_serde_writes_them() {
        for error in ["", "bad \"input\"\n\u{1}é"] {
            assert_eq!(
                err(error),
                to_json_vec(&ContractResult::<Response>::Err(error.into())).unwrap()
            );
        }
        for data in [&b""[..], b"{\"supply\":\"1\"}", &[0, 255, 7]] {
            assert_eq!(
                query_ok(data),
                to_json_vec(&ContractResult::Ok(Binary::from(data))).unwrap()
            );
        }
        let ibc = IbcBasicResponse::new()
            .add_message(BankMsg::Send {
                to_address: "wasm1alice".into(),
                amount: coins(5, "uatom"),
            })
            .add_attribute("action", "ibc_payout_refunded")
            .add_event(cosmwasm_std::Event::new("mars").add_attribute("k", "v"));
        for r in [IbcBasicResponse::new(), ibc] {
            assert_eq!(
                ibc_basic_ok(&r),
                to_json_vec(&ContractResult::Ok(r.clone())).unwrap()
            );
        }
    }

    proptest! {
        #[test]
        fn attributes_and_sends_are_written_as_serde_writes_them(
            attrs in proptest::collection::vec(("[a-z].{0,11}", ".{0,40}"), 0..8),
            sends in proptest::collection::vec(("[a-z0-9]{1,50}", any::<u128>()), 0..3),
            data in proptest::option::of(proptest::collection::vec(any::<u8>(), 0..40)),
        ) {
            let mut r = Response::new().add_attributes(attrs);
            for (to, amount) in sends {
                r = r.add_message(BankMsg::Send { to_address: to, amount: coins(amount, "u") });
            }
            if let Some(d) = data {
                r = r.set_data(d);
            }
            prop_assert_eq!(ok(&r), serde_ok(&r));
            let escaped = |s: &str| s.contains(|c: char| c < ' ' || c == '"' || c == '\\');
            let plain = r.attributes.iter().all(|a| !escaped(&a.key) && !escaped(&a.value));
            if plain {
                prop_assert!(ok(&r).len() <= capacity(&r), "the buffer never grows");
            }
        }
    }
}
