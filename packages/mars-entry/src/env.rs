//! The environment and message info the VM hands an entry point, read without serde. Each
//! reader takes the JSON as the VM and wasmd write it (fields in any order, unknown fields
//! skipped) and falls back to cosmwasm-std's own deserialisation for anything else, so what an
//! entry point sees, and every error, is what cosmwasm-std would give.

use cosmwasm_std::{
    from_json, Addr, BlockInfo, Coin, ContractInfo, Env, MessageInfo, StdResult, Timestamp,
    TransactionInfo, Uint128,
};

use crate::json::Reader;

/// Sets a field once: a repeated key is left to serde, which refuses it.
fn once<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    match slot.replace(value) {
        None => Some(()),
        Some(_) => None,
    }
}

pub fn env(json: &[u8]) -> StdResult<Env> {
    match lean_env(json) {
        Some(env) => Ok(env),
        None => from_json(json),
    }
}

pub fn info(json: &[u8]) -> StdResult<MessageInfo> {
    match lean_info(json) {
        Some(info) => Ok(info),
        None => from_json(json),
    }
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
                "chain_id" => once(&mut chain_id, r.str()?)?,
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
                "address" => once(&mut address, r.str()?)?,
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
            chain_id: chain_id?.to_string(),
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
            "sender" => once(&mut sender, r.str()?)?,
            "funds" => {
                let mut coins = vec![];
                r.array(|r| {
                    let (mut denom, mut amount) = (None, None);
                    r.object(|key, r| {
                        match key {
                            "denom" => once(&mut denom, r.str()?)?,
                            "amount" => once(&mut amount, r.u128_str()?)?,
                            _ => r.skip()?,
                        }
                        Some(())
                    })?;
                    coins.push(Coin::new(Uint128::new(amount?), denom?));
                    Some(())
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
    use cosmwasm_std::to_json_vec;
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
    fn anything_else_is_left_to_serde_with_its_error() {
        // an escaped chain id, a missing field, a time beyond u64
        let escaped =
            br#"{"block":{"height":7,"time":"1","chain_id":"a\"b"},"contract":{"address":"w"}}"#;
        assert_eq!(lean_env(escaped), None);
        assert_eq!(env(escaped).unwrap().block.chain_id, "a\"b");
        let missing = br#"{"block":{"height":7,"time":"1"},"contract":{"address":"w"}}"#;
        assert_eq!(lean_env(missing), None);
        assert!(env(missing).is_err());
        assert!(info(br#"{"sender":"a","funds":[{"denom":"u","amount":"-1"}]}"#).is_err());
        assert!(info(b"{}").is_err());
    }

    proptest! {
        #[test]
        fn info_reads_back_as_written(
            sender in "[a-z0-9]{1,70}",
            funds in proptest::collection::vec(("[a-z/]{1,20}", any::<u128>()), 0..4),
        ) {
            let funds: Vec<Coin> = funds.into_iter().map(|(d, a)| Coin::new(a, d)).collect();
            let i = message_info(&Addr::unchecked(sender), &funds);
            prop_assert_eq!(info(&to_json_vec(&i).unwrap()).unwrap(), i.clone());
            prop_assert_eq!(lean_info(&to_json_vec(&i).unwrap()), Some(i));
        }
    }
}
