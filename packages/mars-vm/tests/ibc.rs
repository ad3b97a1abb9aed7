//! USDm minted in the ICS-20 packet that brings the collateral, on the optimised vault: the
//! transfer's coins credited to the vault and its `ibc_destination_callback` run in one
//! transaction, as wasmd's callbacks middleware does. A refused callback reverts the whole
//! receive (the source chain then refunds the sender): nothing arrives and nothing is minted.

use cosmwasm_std::{
    coin, to_json_binary, Addr, Coin, IbcEndpoint, IbcPacket, IbcTimeout, Timestamp, Uint128,
};
use mars_types::ics20::local_denom;
use mars_types::vault::{ExecuteMsg, PauseTarget};
use mars_types::AssetInfo;
use mars_vm::deploy::Protocol;
use serde_json::json;

/// The channel the basket's USDC (`ibc/498A…`) arrives by, and its other end.
const DEST_CHANNEL: &str = "channel-750";
const SOURCE_CHANNEL: &str = "channel-1";
const SOURCE_SENDER: &str = "noble1sender";

fn packet(receiver: &Addr, denom: &str, amount: u128, memo: serde_json::Value) -> IbcPacket {
    let data = json!({
        "amount": amount.to_string(),
        "denom": denom,
        "memo": if memo.is_null() { String::new() } else { memo.to_string() },
        "receiver": receiver,
        "sender": SOURCE_SENDER,
    });
    IbcPacket::new(
        to_json_binary(&data).unwrap(),
        IbcEndpoint {
            port_id: "transfer".into(),
            channel_id: SOURCE_CHANNEL.into(),
        },
        IbcEndpoint {
            port_id: "transfer".into(),
            channel_id: DEST_CHANNEL.into(),
        },
        7,
        IbcTimeout::with_timestamp(Timestamp::from_seconds(2_000_000_000)),
    )
}

fn memo(vault: &Addr, beneficiary: &str, min_out: Option<u128>) -> serde_json::Value {
    json!({
        "dest_callback": { "address": vault },
        "mars": { "beneficiary": beneficiary, "min_out": min_out.map(|m| m.to_string()) },
    })
}

/// What a refused transfer must leave as it was.
#[derive(Debug, PartialEq)]
struct Balances {
    vault: u128,
    receiver: u128,
    supply: Uint128,
    liquid: Uint128,
}

fn balances(p: &Protocol, denom: &str, receiver: &Addr) -> Balances {
    let (state, asset) = p.native_state(denom).unwrap();
    Balances {
        vault: p.chain.balance(&p.vault, denom),
        receiver: p.chain.balance(receiver, denom),
        supply: state.usdm_supply,
        liquid: asset.liquid,
    }
}

fn usdc(p: &Protocol) -> String {
    match &p.assets[0].info {
        AssetInfo::Native { denom } => denom.clone(),
        other => panic!("USDC is native, not {other}"),
    }
}

#[test]
fn the_basket_usdc_is_what_uusdc_becomes_through_the_channel() {
    let p = Protocol::basket().unwrap();
    assert_eq!(
        local_denom(
            "uusdc",
            "transfer",
            SOURCE_CHANNEL,
            "transfer",
            DEST_CHANNEL
        )
        .unwrap(),
        usdc(&p)
    );
}

#[test]
fn a_transfer_from_another_chain_mints_usdm_to_its_beneficiary_in_the_same_packet() {
    let p = Protocol::basket().unwrap();
    let alice = p.user("alice");
    let denom = usdc(&p);
    let before = balances(&p, &denom, &p.vault);
    let usdm_before = p.cw20_balance(&p.usdm, &alice).unwrap();

    let tx = p
        .chain
        .ibc_transfer_callback(
            &p.vault,
            &p.vault,
            coin(1_000_000_000, &denom),
            packet(
                &p.vault,
                "uusdc",
                1_000_000_000,
                memo(&p.vault, alice.as_str(), Some(996_000_000)),
            ),
        )
        .unwrap();

    // $1,000 less the 0.3% fee, to the beneficiary
    let minted = 997_000_000;
    assert_eq!(
        p.cw20_balance(&p.usdm, &alice).unwrap(),
        usdm_before + minted
    );
    let after = balances(&p, &denom, &p.vault);
    assert_eq!(after.vault, before.vault + 1_000_000_000);
    assert_eq!(after.liquid.u128(), before.liquid.u128() + 1_000_000_000);
    assert_eq!(after.supply.u128(), before.supply.u128() + minted);
    let attr = |key: &str| tx.attribute("wasm", key).map(str::to_string);
    assert_eq!(attr("action").as_deref(), Some("mint"));
    assert_eq!(attr("channel").as_deref(), Some(DEST_CHANNEL));
    assert_eq!(attr("source_sender").as_deref(), Some(SOURCE_SENDER));
    assert_eq!(attr("sender").as_deref(), Some(SOURCE_SENDER));
    assert_eq!(attr("recipient"), Some(alice.to_string()));
    assert_eq!(attr("usdm_out"), Some(minted.to_string()));
}

/// Each transfer the vault must refuse fails its callback with the reason, and the receive is
/// reverted: the vault's balance, its accounts and the USDm supply stay as they were.
#[test]
fn a_transfer_the_vault_refuses_is_reverted_whole_so_the_sender_is_refunded() {
    let p = Protocol::basket().unwrap();
    let (alice, bob) = (p.user("alice"), p.user("bob"));
    let denom = usdc(&p);
    let amount = 50_000_000u128;
    let refused = |receiver: &Addr, coin: Coin, packet: IbcPacket, reason: &str| {
        let before = balances(&p, &denom, receiver);
        let err = p
            .chain
            .ibc_transfer_callback(&p.vault, receiver, coin, packet)
            .unwrap_err();
        assert!(err.to_string().contains(reason), "{reason}: {err}");
        assert_eq!(balances(&p, &denom, receiver), before, "{reason}");
    };
    let to_vault = |memo: serde_json::Value| packet(&p.vault, "uusdc", amount, memo);

    // the memo names the vault, but the coins are bob's
    refused(
        &bob,
        coin(amount, &denom),
        packet(&bob, "uusdc", amount, memo(&p.vault, alice.as_str(), None)),
        "not to the vault",
    );
    // a denom the vault does not whitelist: USDC by another channel is another token
    let other = local_denom("uusdc", "transfer", "channel-2", "transfer", "channel-9").unwrap();
    let mut elsewhere = to_vault(memo(&p.vault, alice.as_str(), None));
    elsewhere.src.channel_id = "channel-2".into();
    elsewhere.dest.channel_id = "channel-9".into();
    let before = p.chain.balance(&p.vault, &other);
    let err = p
        .chain
        .ibc_transfer_callback(&p.vault, &p.vault, coin(amount, &other), elsewhere)
        .unwrap_err();
    assert!(err.to_string().contains("not whitelisted"), "{err}");
    assert_eq!(p.chain.balance(&p.vault, &other), before);
    // no beneficiary, an unreadable memo, a beneficiary of no chain
    refused(
        &p.vault,
        coin(amount, &denom),
        to_vault(json!({ "dest_callback": { "address": p.vault } })),
        "no \"mars\" key",
    );
    refused(
        &p.vault,
        coin(amount, &denom),
        to_vault(json!({ "mars": { "beneficiary": alice, "extra": 1 } })),
        "memo cannot be read",
    );
    refused(
        &p.vault,
        coin(amount, &denom),
        to_vault(memo(&p.vault, "not-an-address", None)),
        "not an address of this chain",
    );
    // the depositor's minimum, and every check of a direct mint: here a paused asset
    refused(
        &p.vault,
        coin(amount, &denom),
        to_vault(memo(&p.vault, alice.as_str(), Some(amount))),
        "min_out",
    );
    p.chain
        .execute(
            &p.owner,
            &p.vault,
            &ExecuteMsg::Pause {
                target: PauseTarget::MintAsset {
                    asset: p.assets[0].info.clone().into(),
                },
            },
            &[],
        )
        .unwrap();
    refused(
        &p.vault,
        coin(amount, &denom),
        to_vault(memo(&p.vault, alice.as_str(), None)),
        "paused",
    );
}
