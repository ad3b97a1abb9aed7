//! The query API of the Pyth contract deployed on Cosmos chains, in its JSON wire format.
//!
//! `pyth-sdk-cw` is built on cosmwasm-std 1.x and cannot link with this workspace, so the shapes
//! are restated here from Pyth's `pyth-sdk-cw` and `pyth-sdk` crates:
//!
//! ```json
//! {"price_feed": {"id": "e62df6c8b4a85fe1a67db44dc12de5db330f7ac66b72dc658afedf0f4a415b43"}}
//! ```
//!
//! is answered by
//!
//! ```json
//! {"price_feed": {
//!   "id": "e62df6c8b4a85fe1a67db44dc12de5db330f7ac66b72dc658afedf0f4a415b43",
//!   "price":     {"price": "6432151000000", "conf": "3199457710", "expo": -8, "publish_time": 1717171717},
//!   "ema_price": {"price": "6418813600000", "conf": "3524612890", "expo": -8, "publish_time": 1717171717}
//! }}
//! ```
//!
//! A price means `price × 10^expo ± conf × 10^expo`; `price` and `conf` are decimal strings (an
//! `i64` and a `u64`) so that JSON clients do not lose precision.
//!
//! Responses are read leniently (unknown fields are ignored), so that a field added by an upgrade
//! of the Pyth contract does not stop every price that depends on it.

use std::fmt;
use std::str::FromStr;

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Int64, Uint64};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A Pyth price feed id: 32 bytes.
///
/// Parsing accepts either case and an optional `0x` prefix (Pyth's docs print ids with one); the
/// id is kept, shown and sent in the form the Pyth contract reads: 64 lower-case hex digits, no
/// prefix. Deserialization validates, so a message can never carry a malformed id.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Hash)]
#[serde(try_from = "String", into = "String")]
pub struct PriceIdentifier(String);

#[derive(Error, Debug, PartialEq, Eq)]
#[error("invalid Pyth price feed id {id:?}: expected 32 bytes as 64 hex digits, optionally prefixed with 0x")]
pub struct InvalidPriceIdentifier {
    pub id: String,
}

impl PriceIdentifier {
    /// The id as the Pyth contract reads it: 64 lower-case hex digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for PriceIdentifier {
    type Err = InvalidPriceIdentifier;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let digits = s.strip_prefix("0x").unwrap_or(s);
        if digits.len() != 64 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(InvalidPriceIdentifier { id: s.to_string() });
        }
        Ok(PriceIdentifier(digits.to_ascii_lowercase()))
    }
}

impl TryFrom<String> for PriceIdentifier {
    type Error = InvalidPriceIdentifier;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<PriceIdentifier> for String {
    fn from(id: PriceIdentifier) -> String {
        id.0
    }
}

impl fmt::Display for PriceIdentifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl JsonSchema for PriceIdentifier {
    fn schema_name() -> String {
        "PriceIdentifier".to_string()
    }

    fn json_schema(gen: &mut schemars::gen::SchemaGenerator) -> schemars::schema::Schema {
        let mut schema = <String as JsonSchema>::json_schema(gen).into_object();
        schema.metadata().description = Some(
            "A Pyth price feed id: 32 bytes as 64 hex digits, optionally prefixed with 0x."
                .to_string(),
        );
        schema.string().pattern = Some("^(0x)?[0-9a-fA-F]{64}$".to_string());
        schema.into()
    }
}

/// The Pyth contract's query this protocol sends.
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// The latest price and EMA price of one feed. The Pyth contract errors for an unknown id.
    #[returns(PriceFeedResponse)]
    PriceFeed { id: PriceIdentifier },
}

/// The answer to [`QueryMsg::PriceFeed`].
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, JsonSchema)]
pub struct PriceFeedResponse {
    pub price_feed: PriceFeed,
}

/// One Pyth price feed: the latest aggregate price and its exponential moving average.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, JsonSchema)]
pub struct PriceFeed {
    /// The feed id.
    pub id: PriceIdentifier,
    /// The latest aggregate price.
    pub price: Price,
    /// The exponentially weighted moving average of the price.
    pub ema_price: Price,
}

/// A Pyth price: `price × 10^expo`, give or take `conf × 10^expo`, published at `publish_time`.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, JsonSchema)]
pub struct Price {
    /// The price mantissa, a decimal string of an `i64`. Pyth does not forbid zero or negative
    /// prices; consumers must.
    pub price: Int64,
    /// The confidence interval's half-width mantissa, a decimal string of a `u64`.
    pub conf: Uint64,
    /// The exponent shared by `price` and `conf`, e.g. −8.
    pub expo: i32,
    /// Unix time (seconds) at which the price was published.
    pub publish_time: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::{from_json, to_json_string};

    const BTC: &str = "e62df6c8b4a85fe1a67db44dc12de5db330f7ac66b72dc658afedf0f4a415b43";

    #[test]
    fn reads_a_response_in_the_shape_of_pyths_docs() {
        let json = format!(
            r#"{{"price_feed":{{
                "id":"{BTC}",
                "price":{{"price":"6432151000000","conf":"3199457710","expo":-8,"publish_time":1717171717}},
                "ema_price":{{"price":"-6418813600000","conf":"18446744073709551615","expo":-8,"publish_time":1717171716}}
            }}}}"#
        );
        let res: PriceFeedResponse = from_json(json).unwrap();
        let feed = res.price_feed;
        assert_eq!(feed.id.as_str(), BTC);
        assert_eq!(
            feed.price,
            Price {
                price: Int64::new(6_432_151_000_000),
                conf: Uint64::new(3_199_457_710),
                expo: -8,
                publish_time: 1_717_171_717,
            }
        );
        assert_eq!(feed.ema_price.price, Int64::new(-6_418_813_600_000));
        assert_eq!(feed.ema_price.conf, Uint64::new(u64::MAX));
    }

    #[test]
    fn ignores_fields_a_pyth_upgrade_may_add() {
        let json = format!(
            r#"{{"price_feed":{{"id":"{BTC}","metadata":{{"slot":1}},
                "price":{{"price":"1","conf":"0","expo":0,"publish_time":1,"extra":true}},
                "ema_price":{{"price":"1","conf":"0","expo":0,"publish_time":1}}}}}}"#
        );
        assert!(from_json::<PriceFeedResponse>(json).is_ok());
    }

    #[test]
    fn sends_the_query_pyth_reads() {
        let msg = QueryMsg::PriceFeed {
            id: format!("0x{}", BTC.to_uppercase()).parse().unwrap(),
        };
        assert_eq!(
            to_json_string(&msg).unwrap(),
            format!(r#"{{"price_feed":{{"id":"{BTC}"}}}}"#)
        );
    }

    #[test]
    fn price_and_conf_are_strings_on_the_wire() {
        let p = Price {
            price: Int64::new(-5),
            conf: Uint64::new(7),
            expo: -5,
            publish_time: 9,
        };
        assert_eq!(
            to_json_string(&p).unwrap(),
            r#"{"price":"-5","conf":"7","expo":-5,"publish_time":9}"#
        );
        assert!(
            from_json::<Price>(r#"{"price":5,"conf":"7","expo":-5,"publish_time":9}"#).is_err()
        );
    }

    #[test]
    fn feed_ids_are_32_bytes_of_hex() {
        assert_eq!(BTC.parse::<PriceIdentifier>().unwrap().as_str(), BTC);
        for bad in [
            "",
            "0x",
            &BTC[..62],
            &format!("{BTC}00"),
            &format!("0X{BTC}"),
            &BTC.replace('e', "g"),
            &format!(" {}", &BTC[1..]),
        ] {
            assert_eq!(
                bad.parse::<PriceIdentifier>(),
                Err(InvalidPriceIdentifier {
                    id: bad.to_string()
                }),
                "{bad:?}"
            );
        }
        let err = from_json::<PriceIdentifier>(r#""abc""#).unwrap_err();
        assert!(
            err.to_string().contains("invalid Pyth price feed id"),
            "{err}"
        );
    }
}
