//! Messages of the USDm token (and of XMS, a second instance of the same code).
//!
//! The token is cw20-base unchanged, so its instantiate, execute and query messages are cw20-base's
//! own; the contract adds only a migrate message.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    to_json_binary, Addr, Api, Binary, QuerierWrapper, Reply, StdError, StdResult, Uint128, WasmMsg,
};
use mars_entry::json::{Reader, Writer};

pub use cw20::{Cw20Coin, Logo, MinterResponse};
pub use cw20_base::msg::{ExecuteMsg, InstantiateMarketingInfo, InstantiateMsg, QueryMsg};

/// Instantiates a token of this code whose only minter is `minter`, with 6 decimals and no
/// initial balances: the vault's USDm, a pair's LP token.
pub struct NewToken {
    pub code_id: u64,
    pub name: String,
    pub symbol: String,
    pub label: String,
    pub marketing: Option<InstantiateMarketingInfo>,
    /// The token's wasm admin.
    pub admin: Option<String>,
}

impl NewToken {
    pub fn instantiate_msg(self, minter: &Addr) -> StdResult<WasmMsg> {
        Ok(WasmMsg::Instantiate {
            admin: self.admin,
            code_id: self.code_id,
            msg: to_json_binary(&InstantiateMsg {
                name: self.name,
                symbol: self.symbol,
                decimals: 6,
                initial_balances: vec![],
                mint: Some(MinterResponse {
                    minter: minter.to_string(),
                    cap: None,
                }),
                marketing: self.marketing,
            })?,
            funds: vec![],
            label: self.label,
        })
    }
}

/// The address of the contract that the instantiation a reply answers created (its
/// `instantiate` event's `_contract_address`).
pub fn instantiated_address(api: &dyn Api, reply: Reply) -> StdResult<Addr> {
    let res = reply.result.into_result().map_err(StdError::generic_err)?;
    res.events
        .iter()
        .filter(|e| e.ty == "instantiate")
        .flat_map(|e| &e.attributes)
        .find(|a| a.key == "_contract_address")
        .map(|a| api.addr_validate(&a.value))
        .transpose()?
        .ok_or_else(|| StdError::generic_err("no contract address in the reply"))
}

/// The token's total supply, read raw from its storage (cw20-base keeps its `TokenInfo` as JSON
/// under [`cw20_base::state::TOKEN_INFO`]; the layout is part of cw20-base 2.0): one storage
/// read, no contract call and no instance of the token loaded.
pub fn total_supply(querier: &QuerierWrapper, token: &Addr) -> StdResult<Uint128> {
    let raw = mars_entry::raw::query_wasm_raw(
        querier,
        token.as_str(),
        cw20_base::state::TOKEN_INFO.as_slice(),
    )?
    .ok_or_else(|| StdError::not_found(format!("token info of {token}")))?;
    stored_supply(&raw)
        .map(Uint128::new)
        .ok_or_else(|| StdError::parse_err("cw20_base::state::TokenInfo", "no total_supply"))
}

/// `holder`'s balance of the token, read raw from its storage (cw20-base's
/// [`cw20_base::state::BALANCES`], an amount as a JSON string): zero when it has none.
pub fn balance(querier: &QuerierWrapper, token: &Addr, holder: &Addr) -> StdResult<Uint128> {
    let key = cw20_base::state::BALANCES.key(holder);
    let Some(raw) = mars_entry::raw::query_wasm_raw(querier, token.as_str(), &key)? else {
        return Ok(Uint128::zero());
    };
    let mut reader = Reader::new(&raw);
    reader
        .u128_str()
        .and_then(|v| reader.end().map(|()| Uint128::new(v)))
        .ok_or_else(|| StdError::parse_err("cw20 balance", "not an amount"))
}

/// `total_supply` from cw20-base's `TokenInfo` JSON by a scan that skips the other fields
/// unparsed; `None` where serde would refuse the record (no such field, or twice).
fn stored_supply(raw: &[u8]) -> Option<u128> {
    let mut reader = Reader::new(raw);
    let mut supply = None;
    reader.object(|key, r| {
        if key != "total_supply" {
            return r.skip();
        }
        supply.is_none().then_some(())?;
        supply = Some(r.u128_str()?);
        Some(())
    })?;
    reader.end()?;
    supply
}

/// cw20's `{"mint":{"recipient","amount"}}`, written as serde writes it but without serde.
pub fn mint_msg(recipient: &str, amount: Uint128) -> Binary {
    recipient_amount(b"{\"mint\":{\"recipient\":", recipient, amount)
}

/// cw20's `{"transfer":{"recipient","amount"}}`, written as serde writes it but without serde:
/// the transfer of any cw20 token, USDm's or a whitelisted asset's.
pub fn transfer_msg(recipient: &str, amount: Uint128) -> Binary {
    recipient_amount(b"{\"transfer\":{\"recipient\":", recipient, amount)
}

/// `<head>"<recipient>","amount":"<amount>"}}`: a cw20 message of a recipient and an amount.
fn recipient_amount(head: &[u8], recipient: &str, amount: Uint128) -> Binary {
    let mut w = Writer::with_capacity(head.len() + recipient.len() + 56);
    w.raw(head)
        .str(recipient)
        .raw(b",\"amount\":")
        .u128_str(amount.u128())
        .raw(b"}}");
    w.finish().into()
}

/// cw20's `{"increase_allowance":{"spender","amount"}}` (`raise`) or
/// `{"decrease_allowance":{..}}`, without an expiry, written without serde.
pub fn allowance_msg(spender: &str, amount: Uint128, raise: bool) -> Binary {
    let head: &[u8] = if raise {
        b"{\"increase_allowance\":{\"spender\":"
    } else {
        b"{\"decrease_allowance\":{\"spender\":"
    };
    recipient_amount(head, spender, amount)
}

/// cw20's `{"send":{"contract","amount","msg"}}`, written without serde.
pub fn send_msg(contract: &str, amount: Uint128, msg: &[u8]) -> Binary {
    let mut w = Writer::with_capacity(96 + contract.len() + msg.len() * 2);
    w.raw(b"{\"send\":{\"contract\":")
        .str(contract)
        .raw(b",\"amount\":")
        .u128_str(amount.u128())
        .raw(b",\"msg\":")
        .base64(msg)
        .raw(b"}}");
    w.finish().into()
}

/// cw20's `{"burn":{"amount"}}`, written as serde writes it but without serde.
pub fn burn_msg(amount: Uint128) -> Binary {
    let mut w = Writer::with_capacity(64);
    w.raw(b"{\"burn\":{\"amount\":")
        .u128_str(amount.u128())
        .raw(b"}}");
    w.finish().into()
}

/// Migrates the token to a newer version of this code; refused for another contract or an
/// older or equal version.
#[cw_serde]
pub struct MigrateMsg {}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::to_json_vec;
    use cw20_base::state::{MinterData, TokenInfo};

    fn stored(name: &str, supply: u128, minter: bool) -> Vec<u8> {
        to_json_vec(&TokenInfo {
            name: name.into(),
            symbol: "USDM".into(),
            decimals: 6,
            total_supply: Uint128::new(supply),
            mint: minter.then(|| MinterData {
                minter: Addr::unchecked("vault"),
                cap: Some(Uint128::new(7)),
            }),
        })
        .unwrap()
    }

    #[test]
    fn token_messages_are_byte_for_byte_serde_s() {
        use cosmwasm_std::to_json_binary;
        for amount in [0, 1, 123_456_789, u128::MAX].map(Uint128::new) {
            for recipient in ["wasm1recipient", "a\"b\\c\u{1}"] {
                assert_eq!(
                    mint_msg(recipient, amount),
                    to_json_binary(&ExecuteMsg::Mint {
                        recipient: recipient.into(),
                        amount
                    })
                    .unwrap()
                );
                assert_eq!(
                    transfer_msg(recipient, amount),
                    to_json_binary(&ExecuteMsg::Transfer {
                        recipient: recipient.into(),
                        amount
                    })
                    .unwrap()
                );
                assert_eq!(
                    send_msg(recipient, amount, b"{\"hook\":{}}"),
                    to_json_binary(&ExecuteMsg::Send {
                        contract: recipient.into(),
                        amount,
                        msg: Binary::from(b"{\"hook\":{}}".as_slice()),
                    })
                    .unwrap()
                );
                // serde writes `"expires":null`; the message without it reads the same
                let raise: ExecuteMsg =
                    cosmwasm_std::from_json(allowance_msg(recipient, amount, true)).unwrap();
                assert_eq!(
                    raise,
                    ExecuteMsg::IncreaseAllowance {
                        spender: recipient.into(),
                        amount,
                        expires: None
                    }
                );
                let lower: ExecuteMsg =
                    cosmwasm_std::from_json(allowance_msg(recipient, amount, false)).unwrap();
                assert_eq!(
                    lower,
                    ExecuteMsg::DecreaseAllowance {
                        spender: recipient.into(),
                        amount,
                        expires: None
                    }
                );
            }
            assert_eq!(
                burn_msg(amount),
                to_json_binary(&ExecuteMsg::Burn { amount }).unwrap()
            );
        }
    }

    #[test]
    fn the_scan_reads_the_supply_cw20_base_stores() {
        for supply in [0, 1, 1_000_000, u128::MAX] {
            for minter in [false, true] {
                let raw = stored("Mars USD", supply, minter);
                assert_eq!(stored_supply(&raw), Some(supply));
            }
        }
    }

    /// What serde reads of the record (its one field, unknown fields ignored).
    #[derive(serde::Deserialize)]
    struct StoredSupply {
        total_supply: Uint128,
    }

    #[test]
    fn the_scan_reads_what_serde_reads_and_refuses_what_it_refuses() {
        let serde = |raw: &[u8]| {
            cosmwasm_std::from_json::<StoredSupply>(raw)
                .ok()
                .map(|s| s.total_supply.u128())
        };
        let cases: Vec<Vec<u8>> = vec![
            stored("\"total_supply\":\"9\"", 5, true), // a name that spells the field
            stored("total_supply", 5, true),
            br#"{"total_supply":"1","total_supply":"2"}"#.to_vec(),
            br#"{"name":"x"}"#.to_vec(),
            br#"{"total_supply":"\u0031\u0032"}"#.to_vec(),
            br#"{"total_supply":12}"#.to_vec(),
        ];
        for raw in &cases {
            assert_eq!(
                stored_supply(raw),
                serde(raw),
                "{}",
                String::from_utf8_lossy(raw)
            );
        }
        assert_eq!(stored_supply(&cases[0]), Some(5));
        assert_eq!(stored_supply(&cases[4]), Some(12));
    }

    #[test]
    fn what_the_scan_does_not_know_falls_back() {
        for raw in [
            &br#"{"total_supply":5}"#[..],
            br#"{"total_supply":"05x"}"#,
            br#"{"name":"a"}"#,
            br#"{"total_supply":"5"} x"#,
            br#"{"total_supply":"1","total_supply":"2"}"#,
        ] {
            assert_eq!(stored_supply(raw), None, "{}", String::from_utf8_lossy(raw));
        }
    }
}
