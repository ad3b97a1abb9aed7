//! ICS-20 transfers that mint USDm in the packet that carries the collateral.
//!
//! A wallet on another chain sends a whitelisted asset to the vault with an ICS-20 transfer
//! whose memo asks this chain's IBC callbacks middleware to call the vault once the coins have
//! arrived, and names who receives the USDm:
//!
//! ```json
//! {
//!   "dest_callback": { "address": "<vault>" },
//!   "mars": { "beneficiary": "<address on this chain>", "min_out": "990000" }
//! }
//! ```
//!
//! The vault mints for the coins as for a direct mint (every check applies). If anything is
//! wrong the callback fails, the chain writes an error acknowledgement and reverts the receive,
//! and the source chain refunds the sender: nothing is left in the vault unaccounted.
//!
//! The other way, a redemption may be paid to another chain: the vault sends each coin with an
//! ICS-20 transfer whose memo asks for a source callback and names the payout
//! ([`payout_memo`]):
//!
//! ```json
//! { "src_callback": { "address": "<vault>" }, "mars_payout": { "id": "7" } }
//! ```
//!
//! When the packet is acknowledged or times out, the callbacks middleware calls the vault's
//! `ibc_source_callback`: a failed or timed-out payout, refunded to the vault by the transfer
//! module, becomes the redeemer's claim on this chain.

use cosmwasm_std::{StdError, StdResult, Uint128, Uint64};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The data of an ICS-20 (v1) packet, as the transfer module writes it (JSON). Unknown fields
/// are ignored.
#[derive(Deserialize, Clone, Debug, PartialEq)]
pub struct FungibleTokenPacketData {
    /// The denomination as the source chain names it: a base denom, or a trace
    /// `port/channel/.../base` for a token that travelled before.
    pub denom: String,
    pub amount: Uint128,
    /// The sender on the source chain.
    pub sender: String,
    /// The receiver on this chain.
    pub receiver: String,
    #[serde(default)]
    pub memo: String,
}

/// What the vault does with a transfer: the `mars` key of its memo.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MintMemo {
    /// Who receives the USDm, an address on this chain.
    pub beneficiary: String,
    /// The least USDm to mint; the transfer is refunded below it.
    pub min_out: Option<Uint128>,
}

/// The memo as the vault reads it: other keys (`dest_callback`, ...) are left alone.
#[derive(Deserialize)]
struct Memo {
    mars: Option<MintMemo>,
}

/// The `mars` key of a transfer's memo: `Ok(None)` when the memo has none (or is empty), an
/// error when the memo is not a JSON object or its `mars` key is malformed.
pub fn mint_memo(memo: &str) -> StdResult<Option<MintMemo>> {
    if memo.trim().is_empty() {
        return Ok(None);
    }
    Ok(cosmwasm_std::from_json::<Memo>(memo.as_bytes())?.mars)
}

/// The memo of a payout the vault sends: a source callback to the vault and the payout's id.
pub fn payout_memo(vault: &str, id: u64) -> String {
    #[derive(Serialize)]
    struct Callback<'a> {
        address: &'a str,
    }
    #[derive(Serialize)]
    struct Memo<'a> {
        src_callback: Callback<'a>,
        mars_payout: PayoutRef,
    }
    cosmwasm_std::to_json_string(&Memo {
        src_callback: Callback { address: vault },
        mars_payout: PayoutRef {
            id: Uint64::new(id),
        },
    })
    .expect("a memo of strings and a number serialises")
}

/// The `mars_payout` key of a payout's memo.
#[derive(Serialize, Deserialize)]
struct PayoutRef {
    id: Uint64,
}

/// The payout a packet's memo names, if it is a memo of [`payout_memo`]'s shape.
pub fn payout_id(memo: &str) -> Option<u64> {
    #[derive(Deserialize)]
    struct Memo {
        mars_payout: PayoutRef,
    }
    cosmwasm_std::from_json::<Memo>(memo.as_bytes())
        .ok()
        .map(|m| m.mars_payout.id.u64())
}

/// An ICS-20 acknowledgement: `{"result": ...}` or `{"error": "..."}`.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum Acknowledgement {
    Result(serde::de::IgnoredAny),
    Error(String),
}

/// The error of an error acknowledgement; `None` for a success or anything else.
pub fn ack_error(ack: &[u8]) -> Option<String> {
    match cosmwasm_std::from_json::<Acknowledgement>(ack) {
        Ok(Acknowledgement::Error(error)) => Some(error),
        Ok(Acknowledgement::Result(_)) | Err(_) => None,
    }
}

/// The denomination the coins of a packet have on this chain, the receiving end of
/// (`dest_port`, `dest_channel`) whose other end is (`source_port`, `source_channel`): a token
/// returning home loses the source's prefix (its base denom, or `ibc/<hash>` of what is left of
/// the trace); any other gains this end's prefix and becomes `ibc/<hash>` of the whole trace,
/// the hash being SHA-256 in upper-case hex, as the transfer module computes it.
pub fn local_denom(
    packet_denom: &str,
    source_port: &str,
    source_channel: &str,
    dest_port: &str,
    dest_channel: &str,
) -> StdResult<String> {
    if packet_denom.is_empty() {
        return Err(StdError::generic_err("empty packet denom"));
    }
    let returning = format!("{source_port}/{source_channel}/");
    if let Some(rest) = packet_denom.strip_prefix(&returning) {
        if rest.is_empty() {
            return Err(StdError::generic_err("packet denom without a base denom"));
        }
        return Ok(if rest.contains('/') {
            ibc_denom(rest)
        } else {
            rest.to_string()
        });
    }
    Ok(ibc_denom(&format!(
        "{dest_port}/{dest_channel}/{packet_denom}"
    )))
}

/// `ibc/<SHA-256 of the trace, upper-case hex>`.
pub fn ibc_denom(trace: &str) -> String {
    let hash = Sha256::digest(trace.as_bytes());
    let mut out = String::with_capacity(4 + 64);
    out.push_str("ibc/");
    for byte in hash {
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0xf)]));
    }
    out
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_foreign_token_becomes_the_ibc_hash_of_its_trace_here() {
        // the well-known ATOM on Osmosis: transfer/channel-0/uatom
        assert_eq!(
            local_denom("uatom", "transfer", "channel-141", "transfer", "channel-0").unwrap(),
            "ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2"
        );
        // a token that travelled before keeps its whole trace under this end's prefix
        assert_eq!(
            local_denom(
                "transfer/channel-7/uusdc",
                "transfer",
                "channel-1",
                "transfer",
                "channel-2"
            )
            .unwrap(),
            ibc_denom("transfer/channel-2/transfer/channel-7/uusdc")
        );
    }

    #[test]
    fn a_token_returning_home_loses_the_source_prefix() {
        assert_eq!(
            local_denom(
                "transfer/channel-1/ustake",
                "transfer",
                "channel-1",
                "transfer",
                "channel-2"
            )
            .unwrap(),
            "ustake"
        );
        assert_eq!(
            local_denom(
                "transfer/channel-1/transfer/channel-9/uatom",
                "transfer",
                "channel-1",
                "transfer",
                "channel-2"
            )
            .unwrap(),
            ibc_denom("transfer/channel-9/uatom")
        );
        assert!(local_denom(
            "transfer/channel-1/",
            "transfer",
            "channel-1",
            "transfer",
            "x"
        )
        .is_err());
        assert!(local_denom("", "transfer", "channel-1", "transfer", "x").is_err());
    }

    #[test]
    fn the_memo_names_the_beneficiary_and_leaves_other_keys_alone() {
        let memo = r#"{"dest_callback":{"address":"wasm1vault"},"mars":{"beneficiary":"wasm1alice","min_out":"990000"}}"#;
        assert_eq!(
            mint_memo(memo).unwrap(),
            Some(MintMemo {
                beneficiary: "wasm1alice".into(),
                min_out: Some(Uint128::new(990_000)),
            })
        );
        // min_out may be left out
        assert_eq!(
            mint_memo(r#"{"mars":{"beneficiary":"wasm1alice"}}"#).unwrap(),
            Some(MintMemo {
                beneficiary: "wasm1alice".into(),
                min_out: None,
            })
        );
        assert_eq!(mint_memo("").unwrap(), None);
        assert_eq!(
            mint_memo(r#"{"dest_callback":{"address":"v"}}"#).unwrap(),
            None
        );
        assert!(mint_memo("not json").is_err());
        assert!(mint_memo(r#"{"mars":{"beneficiary":"a","extra":1}}"#).is_err());
        assert!(mint_memo(r#"{"mars":{"min_out":"1"}}"#).is_err());
    }

    #[test]
    fn a_payout_memo_asks_for_the_source_callback_and_names_its_payout() {
        let memo = payout_memo("wasm1vault", 7);
        assert_eq!(
            memo,
            r#"{"src_callback":{"address":"wasm1vault"},"mars_payout":{"id":"7"}}"#
        );
        assert_eq!(payout_id(&memo), Some(7));
        assert_eq!(payout_id(""), None);
        assert_eq!(payout_id(r#"{"src_callback":{"address":"v"}}"#), None);
        assert_eq!(payout_id(r#"{"mars_payout":{"id":"x"}}"#), None);
    }

    #[test]
    fn an_error_acknowledgement_is_told_from_a_success() {
        assert_eq!(ack_error(br#"{"result":"AQ=="}"#), None);
        assert_eq!(
            ack_error(br#"{"error":"ABCI code: 5"}"#),
            Some("ABCI code: 5".to_string())
        );
        assert_eq!(ack_error(b"garbage"), None);
    }

    #[test]
    fn packet_data_reads_as_the_transfer_module_writes_it() {
        let data = br#"{"amount":"1000000","denom":"uatom","memo":"","receiver":"wasm1vault","sender":"cosmos1alice"}"#;
        let p: FungibleTokenPacketData = cosmwasm_std::from_json(data).unwrap();
        assert_eq!(p.amount, Uint128::new(1_000_000));
        assert_eq!(
            (p.denom.as_str(), p.sender.as_str()),
            ("uatom", "cosmos1alice")
        );
        let no_memo = br#"{"amount":"1","denom":"d","receiver":"r","sender":"s"}"#;
        assert_eq!(
            cosmwasm_std::from_json::<FungibleTokenPacketData>(no_memo)
                .unwrap()
                .memo,
            ""
        );
    }
}
