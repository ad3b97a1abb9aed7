//! The lending-market interface of Mars Protocol's red bank, in its JSON wire format: what the
//! vault sends a market it deposits idle assets into, and what it asks it. Mars Protocol's
//! crates are on cosmwasm-std 1.x, so the messages are restated here.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::Uint128;

/// What a market executes.
#[cw_serde]
pub enum ExecuteMsg {
    /// Deposits the bank coins sent as collateral of `on_behalf_of` (the sender by default).
    Deposit {
        account_id: Option<String>,
        on_behalf_of: Option<String>,
    },
    /// Withdraws `amount` of `denom` (everything when unset) to `recipient` (the sender by
    /// default); refused when the market lacks the cash.
    Withdraw {
        denom: String,
        amount: Option<Uint128>,
        recipient: Option<String>,
        account_id: Option<String>,
        liquidation_related: Option<bool>,
    },
}

/// What a market answers.
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// `user`'s collateral of `denom`, with interest up to the current block.
    #[returns(UserCollateralResponse)]
    UserCollateral {
        user: String,
        account_id: Option<String>,
        denom: String,
    },
}

#[cw_serde]
pub struct UserCollateralResponse {
    pub denom: String,
    /// The collateral in the market's scaled units.
    pub amount_scaled: Uint128,
    /// The collateral in base units of `denom`, interest included.
    pub amount: Uint128,
    pub enabled: bool,
}

/// The vault's messages and queries to a market, written and its answer read without serde.
pub mod lean {
    use cosmwasm_std::{Binary, Uint128};
    use mars_entry::json::{Reader, Writer};

    /// `{"deposit":{}}`: every optional field absent.
    pub const DEPOSIT: &[u8] = b"{\"deposit\":{}}";

    /// `{"withdraw":{"denom","amount"}}` to the sender.
    pub fn withdraw_msg(denom: &str, amount: Uint128) -> Binary {
        let mut w = Writer::with_capacity(64 + denom.len());
        w.raw(b"{\"withdraw\":{\"denom\":")
            .str(denom)
            .raw(b",\"amount\":")
            .u128_str(amount.u128())
            .raw(b"}}");
        w.finish().into()
    }

    /// `{"user_collateral":{"user","denom"}}`.
    pub fn user_collateral_query(user: &str, denom: &str) -> Vec<u8> {
        let mut w = Writer::with_capacity(64 + user.len() + denom.len());
        w.raw(b"{\"user_collateral\":{\"user\":")
            .str(user)
            .raw(b",\"denom\":")
            .str(denom)
            .raw(b"}}");
        w.finish()
    }

    /// The `amount` of a `user_collateral` answer.
    pub fn read_collateral(raw: &[u8]) -> Option<Uint128> {
        let mut r = Reader::new(raw);
        let mut amount = None;
        r.object(|key, r| match key {
            "amount" => {
                amount = Some(Uint128::new(r.u128_str()?));
                Some(())
            }
            _ => r.skip(),
        })?;
        r.end()?;
        amount
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::{from_json, to_json_vec};

    #[test]
    fn the_lean_messages_read_as_the_serde_ones() {
        let withdraw: ExecuteMsg = from_json(lean::withdraw_msg("uusdc", Uint128::new(7))).unwrap();
        assert_eq!(
            withdraw,
            ExecuteMsg::Withdraw {
                denom: "uusdc".into(),
                amount: Some(Uint128::new(7)),
                recipient: None,
                account_id: None,
                liquidation_related: None,
            }
        );
        let deposit: ExecuteMsg = from_json(lean::DEPOSIT).unwrap();
        assert_eq!(
            deposit,
            ExecuteMsg::Deposit {
                account_id: None,
                on_behalf_of: None
            }
        );
        let query: QueryMsg = from_json(lean::user_collateral_query("wasm1v", "uusdc")).unwrap();
        assert_eq!(
            query,
            QueryMsg::UserCollateral {
                user: "wasm1v".into(),
                account_id: None,
                denom: "uusdc".into()
            }
        );
        let answer = UserCollateralResponse {
            denom: "uusdc".into(),
            amount_scaled: Uint128::new(1),
            amount: Uint128::new(u128::MAX),
            enabled: true,
        };
        assert_eq!(
            lean::read_collateral(&to_json_vec(&answer).unwrap()),
            Some(Uint128::MAX)
        );
    }
}
