//! Redemptions paid to another chain, on the optimised vault: each native coin leaves in an
//! ICS-20 transfer whose memo asks for the vault's source callback; the VM chain escrows the
//! coin, and the test acknowledges the packet or times it out as the other chain and a relayer
//! would. A delivered payout leaves nothing behind; a refused or timed-out one comes back to the
//! vault as the redeemer's claim, withdrawable on this chain and counted once.

use cosmwasm_std::{coin, Addr, Coin, IbcPacket, Uint128};
use mars_types::ics20::payout_id;
use mars_types::vault::{
    ClaimsResponse, ExecuteMsg, IbcDestination, IbcPayoutResponse, QueryMsg, RedeemMode,
    SimulateRedeemResponse,
};
use mars_types::AssetInfo;
use mars_vm::deploy::Protocol;

const CHANNEL: &str = "channel-5";
const REMOTE: &str = "noble1alicereceiver";
const ACK_OK: &[u8] = br#"{"result":"AQ=="}"#;
const ACK_ERR: &[u8] = br#"{"error":"ABCI code: 1: error handling packet: receiver is blocked"}"#;

fn to_noble(timeout_seconds: Option<u64>) -> Option<IbcDestination> {
    Some(IbcDestination {
        channel: CHANNEL.into(),
        receiver: REMOTE.into(),
        timeout_seconds,
    })
}

fn denom(asset: &AssetInfo) -> String {
    match asset {
        AssetInfo::Native { denom } => denom.clone(),
        other => panic!("{other} is not native"),
    }
}

fn single(asset: &AssetInfo) -> RedeemMode {
    RedeemMode::Single {
        asset: asset.clone().into(),
        min_out: None,
    }
}

fn claims(p: &Protocol, owner: &Addr) -> Vec<Coin> {
    let res: ClaimsResponse = p
        .chain
        .query(
            &p.vault,
            &QueryMsg::Claims {
                owner: owner.to_string(),
            },
        )
        .unwrap();
    res.claims
}

fn open_payouts(p: &Protocol, redeemer: Option<&Addr>) -> Vec<IbcPayoutResponse> {
    p.chain
        .query(
            &p.vault,
            &QueryMsg::IbcPayouts {
                redeemer: redeemer.map(Addr::to_string),
                start_after: None,
                limit: None,
            },
        )
        .unwrap()
}

fn quote(p: &Protocol, amount: u128, mode: &RedeemMode) -> SimulateRedeemResponse {
    p.chain
        .query(
            &p.vault,
            &QueryMsg::SimulateRedeem {
                amount: Uint128::new(amount),
                mode: mode.clone(),
            },
        )
        .unwrap()
}

/// What the vault's state says of `denom`: (liquid, unaccounted, claims).
fn accounted(p: &Protocol, denom: &str) -> (u128, u128, u128) {
    let (_, a) = p.native_state(denom).unwrap();
    (a.liquid.u128(), a.unaccounted.u128(), a.claims.u128())
}

/// Alice mints with 1,000 USDC and redeems `usdm` of it for USDC paid to her address on Noble.
fn redeem_usdc_to_noble(p: &Protocol, usdm: u128, timeout: Option<u64>) -> (u128, IbcPacket) {
    let alice = p.user("alice");
    let usdc = p.assets[0].info.clone();
    p.mint(&alice, &usdc, 1_000_000_000).unwrap();
    let paid = quote(p, usdm, &single(&usdc)).payouts[0].amount.u128();
    let vault_before = p.chain.balance(&p.vault, &denom(&usdc));
    let supply_before = p.usdm_supply().unwrap();
    let tx = p
        .redeem_to(&alice, usdm, single(&usdc), to_noble(timeout))
        .unwrap();
    assert_eq!(tx.attribute("wasm", "recipient"), Some(REMOTE));
    assert_eq!(tx.attribute("wasm", "channel"), Some(CHANNEL));
    assert_eq!(tx.attribute("wasm", "payout_ids"), Some("1"));
    assert_eq!(p.usdm_supply().unwrap(), supply_before - usdm);
    assert_eq!(
        p.chain.balance(&p.vault, &denom(&usdc)),
        vault_before - paid
    );
    let packets = p.chain.ibc_packets();
    assert_eq!(packets.len(), 1);
    (paid, packets[0].clone())
}

#[test]
fn a_redemption_to_another_chain_sends_the_coin_with_a_memo_naming_the_payout() {
    let p = Protocol::basket().unwrap();
    let alice = p.user("alice");
    let usdc = denom(&p.assets[0].info);
    let (paid, packet) = redeem_usdc_to_noble(&p, 100_000_000, Some(300));

    let data: serde_json::Value = serde_json::from_slice(packet.data.as_slice()).unwrap();
    assert_eq!(packet.src.channel_id, CHANNEL);
    assert_eq!(data["receiver"], REMOTE);
    assert_eq!(data["sender"], p.vault.as_str());
    assert_eq!(data["denom"], usdc.as_str());
    assert_eq!(data["amount"], paid.to_string());
    let memo = data["memo"].as_str().unwrap();
    assert_eq!(payout_id(memo), Some(1));
    let memo: serde_json::Value = serde_json::from_str(memo).unwrap();
    assert_eq!(memo["src_callback"]["address"], p.vault.as_str());

    let open = open_payouts(&p, Some(&alice));
    assert_eq!(
        open,
        vec![IbcPayoutResponse {
            id: 1,
            redeemer: alice.clone(),
            channel: CHANNEL.into(),
            receiver: REMOTE.into(),
            coin: coin(paid, &usdc),
            timeout: p.chain.block().time.seconds() + 300,
        }]
    );
    assert!(open_payouts(&p, Some(&p.user("bob"))).is_empty());

    // delivered: the payout is closed and nothing is owed
    let tx = p.chain.ibc_acknowledge(&packet, ACK_OK).unwrap();
    assert_eq!(tx.attribute("wasm", "action"), Some("ibc_payout_delivered"));
    assert_eq!(tx.attribute("wasm", "payout_id"), Some("1"));
    assert_eq!(
        tx.attribute("ibc_src_callback", "callback_result"),
        Some("success")
    );
    assert!(open_payouts(&p, None).is_empty());
    assert!(claims(&p, &alice).is_empty());
    let (_, unaccounted, owed) = accounted(&p, &usdc);
    assert_eq!((unaccounted, owed), (0, 0));
}

#[test]
fn a_payout_the_other_chain_refuses_becomes_the_redeemers_claim_and_is_withdrawn_once() {
    let p = Protocol::basket().unwrap();
    let alice = p.user("alice");
    let usdc = denom(&p.assets[0].info);
    let (paid, packet) = redeem_usdc_to_noble(&p, 100_000_000, None);
    let (liquid, _, _) = accounted(&p, &usdc);
    let vault_before = p.chain.balance(&p.vault, &usdc);

    let tx = p.chain.ibc_acknowledge(&packet, ACK_ERR).unwrap();
    assert_eq!(tx.attribute("wasm", "action"), Some("ibc_payout_refunded"));
    assert_eq!(tx.attribute("wasm", "redeemer"), Some(alice.as_str()));
    assert!(tx
        .attribute("wasm", "reason")
        .unwrap()
        .contains("receiver is blocked"));
    // the coin is back in the vault's balance, owed to alice, not collateral
    assert_eq!(p.chain.balance(&p.vault, &usdc), vault_before + paid);
    assert_eq!(claims(&p, &alice), vec![coin(paid, &usdc)]);
    assert_eq!(accounted(&p, &usdc), (liquid, 0, paid));
    assert!(open_payouts(&p, None).is_empty());
    // the packet is settled: the chain has nothing more to deliver for it
    assert!(p.chain.ibc_acknowledge(&packet, ACK_ERR).is_err());

    let alice_before = p.chain.balance(&alice, &usdc);
    let tx = p
        .chain
        .execute(&alice, &p.vault, &ExecuteMsg::WithdrawClaims {}, &[])
        .unwrap();
    assert_eq!(tx.attribute("wasm", "action"), Some("withdraw_claims"));
    assert_eq!(p.chain.balance(&alice, &usdc), alice_before + paid);
    assert_eq!(p.chain.balance(&p.vault, &usdc), vault_before);
    assert!(claims(&p, &alice).is_empty());
    assert_eq!(accounted(&p, &usdc), (liquid, 0, 0));
    let err = p
        .chain
        .execute(&alice, &p.vault, &ExecuteMsg::WithdrawClaims {}, &[])
        .unwrap_err();
    assert!(err.to_string().contains("owes"), "{err}");
}

#[test]
fn a_payout_that_times_out_becomes_the_redeemers_claim() {
    let p = Protocol::basket().unwrap();
    let alice = p.user("alice");
    let usdc = denom(&p.assets[0].info);
    let (paid, packet) = redeem_usdc_to_noble(&p, 250_000_000, Some(60));
    let tx = p.chain.ibc_timeout(&packet).unwrap();
    assert_eq!(tx.attribute("wasm", "action"), Some("ibc_payout_refunded"));
    assert_eq!(tx.attribute("wasm", "reason"), Some("timeout"));
    assert_eq!(claims(&p, &alice), vec![coin(paid, &usdc)]);
    let (_, unaccounted, owed) = accounted(&p, &usdc);
    assert_eq!((unaccounted, owed), (0, paid));
    // someone else has no claim on it
    let err = p
        .chain
        .execute(
            &p.user("bob"),
            &p.vault,
            &ExecuteMsg::WithdrawClaims {},
            &[],
        )
        .unwrap_err();
    assert!(err.to_string().contains("owes"), "{err}");
    assert_eq!(claims(&p, &alice), vec![coin(paid, &usdc)]);
}

/// A proportional redemption over IBC from an all-native vault: one transfer per coin, and when
/// they all time out, one withdrawal pays every coin back in one bank send.
#[test]
fn a_proportional_payout_sends_one_transfer_per_coin_and_claims_them_all_back() {
    let p = Protocol::stables(3).unwrap();
    let alice = p.user("alice");
    for a in &p.assets {
        p.mint(&alice, &a.info, 1_000_000_000).unwrap();
    }
    let mode = RedeemMode::Proportional { min_out: vec![] };
    let expected = quote(&p, 300_000_000, &mode).payouts;
    let tx = p
        .redeem_to(&alice, 300_000_000, mode, to_noble(None))
        .unwrap();
    assert_eq!(tx.attribute("wasm", "payout_ids"), Some("1,2,3"));
    let packets = p.chain.ibc_packets();
    assert_eq!(packets.len(), 3);
    assert_eq!(open_payouts(&p, Some(&alice)).len(), 3);
    for packet in &packets {
        p.chain.ibc_timeout(packet).unwrap();
    }
    let owed: Vec<Coin> = expected
        .iter()
        .map(|q| coin(q.amount.u128(), denom(&q.asset)))
        .collect();
    assert_eq!(claims(&p, &alice), owed);
    let before: Vec<u128> = owed
        .iter()
        .map(|c| p.chain.balance(&alice, &c.denom))
        .collect();
    p.chain
        .execute(&alice, &p.vault, &ExecuteMsg::WithdrawClaims {}, &[])
        .unwrap();
    for (c, before) in owed.iter().zip(before) {
        assert_eq!(p.chain.balance(&alice, &c.denom), before + c.amount.u128());
    }
}

/// Each refused redemption over IBC fails whole: the USDm stays with its holder, the vault
/// keeps its coins and no packet leaves.
#[test]
fn a_redemption_over_ibc_the_vault_refuses_moves_nothing() {
    let p = Protocol::basket().unwrap();
    let alice = p.user("alice");
    let usdc = p.assets[0].info.clone();
    p.mint(&alice, &usdc, 1_000_000_000).unwrap();
    let aave = p
        .assets
        .iter()
        .find(|a| matches!(a.info, AssetInfo::Cw20 { .. }))
        .unwrap()
        .info
        .clone();
    p.mint(&alice, &aave, 10_000_000).unwrap();
    let usdm_before = p.cw20_balance(&p.usdm, &alice).unwrap();
    let destination = |channel: &str, receiver: &str, timeout| {
        Some(IbcDestination {
            channel: channel.into(),
            receiver: receiver.into(),
            timeout_seconds: timeout,
        })
    };
    let cases = [
        (
            single(&usdc),
            destination("transfer", REMOTE, None),
            "not a transfer channel",
        ),
        (
            single(&usdc),
            destination(CHANNEL, "", None),
            "not a receiver",
        ),
        (
            single(&usdc),
            destination(CHANNEL, REMOTE, Some(0)),
            "timeout must be",
        ),
        (
            single(&usdc),
            destination(CHANNEL, REMOTE, Some(604_801)),
            "timeout must be",
        ),
        // the basket holds cw20s: a proportional slice cannot all travel by ICS-20
        (
            RedeemMode::Proportional { min_out: vec![] },
            to_noble(None),
            "native coins only",
        ),
        (single(&aave), to_noble(None), "native coins only"),
    ];
    for (mode, ibc, reason) in cases {
        let err = p.redeem_to(&alice, 10_000_000, mode, ibc).unwrap_err();
        assert!(err.to_string().contains(reason), "{reason}: {err}");
        assert_eq!(p.cw20_balance(&p.usdm, &alice).unwrap(), usdm_before);
        assert!(p.chain.ibc_packets().is_empty());
    }
    // a recipient here and a destination there at once
    let err = p
        .chain
        .execute(
            &alice,
            &p.usdm,
            &cw20::Cw20ExecuteMsg::Send {
                contract: p.vault.to_string(),
                amount: Uint128::new(10_000_000),
                msg: cosmwasm_std::to_json_binary(&mars_types::vault::ReceiveMsg::Redeem {
                    mode: single(&usdc),
                    recipient: Some(alice.to_string()),
                    ibc: to_noble(None),
                })
                .unwrap(),
            },
            &[],
        )
        .unwrap_err();
    assert!(err.to_string().contains("not in `recipient`"), "{err}");
    assert_eq!(p.cw20_balance(&p.usdm, &alice).unwrap(), usdm_before);
}
