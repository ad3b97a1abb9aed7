//! Attacks on a pool, each named after what it tries.

mod common;

use common::*;
use cosmwasm_std::{coin, BankMsg, Decimal};
use cw_multi_test::Executor;
use mars_types::astroport::ExecuteMsg;
use mars_types::swap::Curve;

#[test]
fn donation_moves_neither_the_price_nor_the_share_value() {
    let mut c = Chain::new();
    let pair = c.pair(USDC, ATOM, Curve::Xyk {});
    let (alice, bob) = (c.alice.clone(), c.bob.clone());
    c.provide(
        &alice,
        &pair,
        &[(USDC, 1_000_000_000), (ATOM, 100_000_000)],
        None,
    )
    .unwrap();
    let before = c.simulate(&pair, &native(ATOM), 1_000_000);
    // bob sends ATOM straight to the pair to push its price down
    c.app
        .send_tokens(bob.clone(), pair.clone(), &[coin(100_000_000, ATOM)])
        .unwrap();
    assert_eq!(c.simulate(&pair, &native(ATOM), 1_000_000), before);
    assert_eq!(c.reserves(&pair), [1_000_000_000, 100_000_000]);
}

#[test]
fn first_depositor_share_inflation_fails() {
    // the attack: deposit the minimum, donate a lot, so that a victim's deposit mints almost
    // nothing (rounding) and its value accrues to the attacker
    let mut c = Chain::new();
    let pair = c.pair(USDC, ATOM, Curve::Xyk {});
    let (alice, bob) = (c.alice.clone(), c.bob.clone());
    c.provide(&bob, &pair, &[(USDC, 1_001), (ATOM, 1_001)], None)
        .unwrap();
    c.app
        .execute(
            bob.clone(),
            BankMsg::Send {
                to_address: pair.to_string(),
                amount: vec![coin(1_000_000_000, USDC), coin(1_000_000_000, ATOM)],
            }
            .into(),
        )
        .unwrap();
    c.provide(
        &alice,
        &pair,
        &[(USDC, 10_000_000), (ATOM, 10_000_000)],
        None,
    )
    .unwrap();
    let lp = c.lp_token(&pair);
    // the donation is not in the reserves: the deposit mints at the pool's own ratio
    let alice_share = c.cw20_balance(&lp, &alice);
    assert_eq!(alice_share, 10_000_000);
    c.withdraw(&alice, &pair, alice_share).unwrap();
    assert_eq!(c.balance(&alice, USDC), FUNDS);
    assert_eq!(c.balance(&alice, ATOM), FUNDS);
    // the attacker's donation stays outside the reserves: nobody can withdraw it through shares
    assert!(c.reserves(&pair)[0] < 1_000_000);
}

#[test]
fn a_sandwiched_swap_is_refused_by_its_belief_price() {
    let mut c = Chain::new();
    let pair = c.pair(USDC, ATOM, Curve::Xyk {});
    let (alice, bob) = (c.alice.clone(), c.bob.clone());
    c.provide(
        &alice,
        &pair,
        &[(USDC, 1_000_000_000), (ATOM, 100_000_000)],
        None,
    )
    .unwrap();
    // alice expects 10 USDC per ATOM; bob buys ATOM first, moving the price by ~20%
    c.swap(&bob, &pair, USDC, 100_000_000, Some(Decimal::percent(50)))
        .unwrap();
    let e = err(c.app.execute_contract(
        alice.clone(),
        pair.clone(),
        &ExecuteMsg::Swap {
            offer_asset: asset(&native(USDC), 10_000_000),
            ask_asset_info: Some(native(ATOM)),
            belief_price: Some(Decimal::from_ratio(10u8, 1u8)),
            max_spread: Some(Decimal::percent(2)),
            to: None,
        },
        &[coin(10_000_000, USDC)],
    ));
    assert!(e.contains("spread"), "{e}");
    assert_eq!(c.balance(&alice, USDC), FUNDS - 1_000_000_000);
}
