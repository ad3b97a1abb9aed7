//! The environment and message info the VM hands an entry point, read without serde. Each
//! reader takes the JSON as the VM and wasmd write it (fields in any order, unknown fields
//! skipped, strings with any escapes) and gives what cosmwasm-std's deserialisation gives; JSON
//! that cosmwasm-std would refuse is refused, with an error that names the type.

use cosmwasm_std::{
    Addr, BlockInfo, Coin, ContractInfo, Env, MessageInfo, StdError, StdResult, Timestamp,
    TransactionInfo, Uint128,
};

use crate::json::{owned, Reader};

/// Sets a field once: a repeated key is refused, as serde refuses it.
pub(crate) fn once<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    match slot.replace(value) {
        None => Some(()),
        Some(_) => None,
    }
}

/// The error for JSON the VM would never write, naming the type as cosmwasm-std does.
pub(crate) fn malformed(target: &str) -> StdError {
    StdError::parse_err(target, "malformed or incomplete JSON")
}

pub fn env(json: &[u8]) -> StdResult<Env> {
    exact_env(json)
        .or_else(|| lean_env(json))
        .ok_or_else(|| malformed("cosmwasm_std::types::Env"))
}

pub fn info(json: &[u8]) -> StdResult<MessageInfo> {
    exact_info(json)
        .or_else(|| lean_info(json))
        .ok_or_else(|| malformed("cosmwasm_std::types::MessageInfo"))
}

/// The environment in the form the VM and wasmd write it: fields in their order, no whitespace,
/// strings without escapes. A comparison per run of punctuation and keys instead of a key
/// lookup per field; anything else is left to [`lean_env`].
fn exact_env(json: &[u8]) -> Option<Env> {
    let mut r = Reader::new(json);
    r.literal(b"{\"block\":{\"height\":")?;
    let height = r.u64()?;
    r.literal(b",\"time\":")?;
    let time = u64::try_from(r.u128_str()?).ok()?;
    r.literal(b",\"chain_id\":")?;
    let chain_id = r.str()?;
    r.literal(b"},\"transaction\":")?;
    let transaction = if r.null()? {
        None
    } else {
        r.literal(b"{\"index\":")?;
        let index = u32::try_from(r.u64()?).ok()?;
        r.literal(b"}")?;
        Some(TransactionInfo { index })
    };
    r.literal(b",\"contract\":{\"address\":")?;
    let address = r.str()?;
    r.literal(b"}}")?;
    r.end()?;
    Some(Env {
        block: BlockInfo {
            height,
            time: Timestamp::from_nanos(time),
            chain_id: owned(chain_id),
        },
        transaction,
        contract: ContractInfo {
            address: Addr::unchecked(owned(address)),
        },
    })
}

/// The message info in the form the VM and wasmd write it (see [`exact_env`]).
fn exact_info(json: &[u8]) -> Option<MessageInfo> {
    let mut r = Reader::new(json);
    r.literal(b"{\"sender\":")?;
    let sender = r.str()?;
    r.literal(b",\"funds\":[")?;
    let mut funds = vec![];
    if r.literal(b"]").is_none() {
        loop {
            r.literal(b"{\"denom\":")?;
            let denom = r.str()?;
            r.literal(b",\"amount\":")?;
            let amount = r.u128_str()?;
            r.literal(b"}")?;
            funds.push(Coin::new(Uint128::new(amount), owned(denom)));
            if r.literal(b"]").is_some() {
                break;
            }
            r.literal(b",")?;
        }
    }
    r.literal(b"}")?;
    r.end()?;
    Some(MessageInfo {
        sender: Addr::unchecked(owned(sender)),
        funds,
    })
}

fn lean_env(json: &[u8]) -> Option<Env> {
    let (mut height, mut time, mut chain_id) = (None, None, None);
    let mut transaction = None;
    let mut address = None;
    let mut r = Reader::new(json);
    r.object(|key, r| match key {
        "block" => r.object(|key, r| {
            match key {
                "height" => once(&mut height, r.u64()?)?,
                "time" => once(&mut time, u64::try_from(r.u128_str()?).ok()?)?,
                "chain_id" => once(&mut chain_id, r.owned_string()?)?,
                _ => r.skip()?,
            }
            Some(())
        }),
        "transaction" => {
            if !r.null()? {
                let mut index = None;
                r.object(|key, r| {
                    match key {
                        "index" => once(&mut index, u32::try_from(r.u64()?).ok()?)?,
                        _ => r.skip()?,
                    }
                    Some(())
                })?;
                once(&mut transaction, TransactionInfo { index: index? })?;
            }
            Some(())
        }
        "contract" => r.object(|key, r| {
            match key {
                "address" => once(&mut address, r.owned_string()?)?,
                _ => r.skip()?,
            }
            Some(())
        }),
        _ => r.skip(),
    })?;
    r.end()?;
    Some(Env {
        block: BlockInfo {
            height: height?,
            time: Timestamp::from_nanos(time?),
            chain_id: chain_id?,
        },
        transaction,
        contract: ContractInfo {
            address: Addr::unchecked(address?),
        },
    })
}

fn lean_info(json: &[u8]) -> Option<MessageInfo> {
    let mut sender = None;
    let mut funds = None;
    let mut r = Reader::new(json);
    r.object(|key, r| {
        match key {
            "sender" => once(&mut sender, r.owned_string()?)?,
            "funds" => {
                let coins = r.list(|r| {
                    let (mut denom, mut amount) = (None, None);
                    r.object(|key, r| {
                        match key {
                            "denom" => once(&mut denom, r.owned_string()?)?,
                            "amount" => once(&mut amount, r.u128_str()?)?,
                            _ => r.skip()?,
                        }
                        Some(())
                    })?;
                    Some(Coin::new(Uint128::new(amount?), denom?))
                })?;
                once(&mut funds, coins)?;
            }
            _ => r.skip()?,
        }
        Some(())
    })?;
    r.end()?;
    Some(MessageInfo {
        sender: Addr::unchecked(sender?),
        funds: funds?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::{message_info, mock_env};
    use cosmwasm_std::{from_json, to_json_vec};
    use proptest::prelude::*;

    #[test]
    fn reads_what_the_vm_writes() {
        let mut e = mock_env();
        assert_eq!(lean_env(&to_json_vec(&e).unwrap()), Some(e.clone()));
        e.transaction = None;
        assert_eq!(lean_env(&to_json_vec(&e).unwrap()), Some(e.clone()));
        // wasmd's order and spacing, with a field this version does not know
        let go = br#"{"block":{"height":7,"time":"1700000000000000001","chain_id":"mars-1"},
            "transaction":{"index":3},"contract":{"address":"wasm1v"},"extra":[1,{"a":null}]}"#;
        let e = lean_env(go).unwrap();
        assert_eq!(e.block.height, 7);
        assert_eq!(e.block.time.nanos(), 1_700_000_000_000_000_001);
        assert_eq!(e.transaction, Some(TransactionInfo { index: 3 }));
        assert_eq!(e.contract.address.as_str(), "wasm1v");
    }

    #[test]
    fn what_serde_refuses_is_refused_and_escapes_are_read() {
        let cases: [&[u8]; 7] = [
            // escapes in a string and in a key
            br#"{"block":{"height":7,"time":"1","chain_id":"a\"b\u00e9"},"contract":{"address":"w"}}"#,
            br#"{"bl\u006fck":{"height":7,"time":"1","chain_id":"c"},"contract":{"address":"w"}}"#,
            // a missing field, a repeated one, a time beyond u64, a float, trailing bytes
            br#"{"block":{"height":7,"time":"1"},"contract":{"address":"w"}}"#,
            br#"{"block":{"height":7,"height":8,"time":"1","chain_id":"c"},"contract":{"address":"w"}}"#,
            br#"{"block":{"height":7,"time":"18446744073709551616","chain_id":"c"},"contract":{"address":"w"}}"#,
            br#"{"block":{"height":7.0,"time":"1","chain_id":"c"},"contract":{"address":"w"}}"#,
            br#"{"block":{"height":7,"time":"1","chain_id":"c"},"contract":{"address":"w"}} x"#,
        ];
        for json in cases {
            let serde = from_json::<Env>(json).ok();
            assert_eq!(env(json).ok(), serde, "{}", String::from_utf8_lossy(json));
        }
        assert_eq!(env(cases[0]).unwrap().block.chain_id, "a\"bé");
        assert!(env(cases[2])
            .unwrap_err()
            .to_string()
            .contains("cosmwasm_std::types::Env"));
        for json in [
            &br#"{"sender":"a","funds":[{"denom":"u","amount":"-1"}]}"#[..],
            br#"{"sender":"a","funds":[{"denom":"u","amount":1}]}"#,
            b"{}",
        ] {
            assert!(from_json::<MessageInfo>(json).is_err());
            assert!(info(json).is_err());
        }
    }

    proptest! {
        #[test]
        fn info_reads_back_as_written(
            sender in any::<String>(),
            funds in proptest::collection::vec((any::<String>(), any::<u128>()), 0..4),
        ) {
            let funds: Vec<Coin> = funds.into_iter().map(|(d, a)| Coin::new(a, d)).collect();
            let i = message_info(&Addr::unchecked(sender), &funds);
            prop_assert_eq!(info(&to_json_vec(&i).unwrap()).unwrap(), i.clone());
            prop_assert_eq!(lean_info(&to_json_vec(&i).unwrap()), Some(i.clone()));
            let json = to_json_vec(&i).unwrap();
            let exact = exact_info(&json);
            // the exact form is taken whenever no string needs an escape, and read the same
            prop_assert_eq!(exact.is_some(), !json.contains(&b'\\'));
            if let Some(exact) = exact {
                prop_assert_eq!(exact, i);
            }
        }

        #[test]
        fn env_reads_back_as_written(
            height in any::<u64>(),
            nanos in any::<u64>(),
            chain_id in any::<String>(),
            index in proptest::option::of(any::<u32>()),
            address in any::<String>(),
        ) {
            let e = Env {
                block: BlockInfo { height, time: Timestamp::from_nanos(nanos), chain_id },
                transaction: index.map(|index| TransactionInfo { index }),
                contract: ContractInfo { address: Addr::unchecked(address) },
            };
            let json = to_json_vec(&e).unwrap();
            prop_assert_eq!(env(&json).unwrap(), e.clone());
            prop_assert_eq!(lean_env(&json), Some(e.clone()));
            let exact = exact_env(&json);
            prop_assert_eq!(exact.is_some(), !json.contains(&b'\\'));
            if let Some(exact) = exact {
                prop_assert_eq!(exact, e);
            }
        }
    }
}
