//! A stableswap pool: swaps near one to one across decimals, and deposits away from balance
//! pay a fee.

mod common;

use common::*;
use cosmwasm_std::Decimal;
use mars_types::astroport::{PairInfo, PairType, QueryMsg};
use mars_types::swap::Curve;

fn stable(c: &mut Chain, amp: u64) -> cosmwasm_std::Addr {
    let pair = c.pair(
        USDC,
        USDM,
        Curve::Stable {
            amp,
            decimals: [6, 6],
        },
    );
    let alice = c.alice.clone();
    c.provide(
        &alice,
        &pair,
        &[(USDC, 1_000_000_000_000), (USDM, 1_000_000_000_000)],
        None,
    )
    .unwrap();
    pair
}

#[test]
fn a_stable_pool_swaps_near_par_where_a_constant_product_does_not() {
    let mut c = Chain::new();
    let pair = stable(&mut c, 100);
    let info: PairInfo = c
        .app
        .wrap()
        .query_wasm_smart(&pair, &QueryMsg::Pair {})
        .unwrap();
    assert_eq!(info.pair_type, PairType::Stable {});
    let xyk = c.pair(USDC, USDM, Curve::Xyk {});
    let alice = c.alice.clone();
    c.provide(
        &alice,
        &xyk,
        &[(USDC, 1_000_000_000_000), (USDM, 1_000_000_000_000)],
        None,
    )
    .unwrap();
    // 10% of the pool: the stable curve pays within 0.1% of par before its fee
    let offer = 100_000_000_000;
    let s = c.simulate(&pair, &native(USDC), offer);
    let x = c.simulate(&xyk, &native(USDC), offer);
    let gross = s.return_amount.u128() + s.commission_amount.u128();
    assert!(gross > offer * 999 / 1_000 && gross < offer, "{s:?}");
    assert!(x.return_amount < s.return_amount, "{x:?} vs {s:?}");
    assert_eq!(s.spread_amount.u128(), offer - gross);

    let bob = c.bob.clone();
    c.swap(&bob, &pair, USDC, offer, None).unwrap();
    assert_eq!(c.balance(&bob, USDM), FUNDS + s.return_amount.u128());
    // and back: a round trip loses the fees and the spread, never gains
    let back = c.simulate(&pair, &native(USDM), s.return_amount.u128());
    assert!(back.return_amount.u128() < offer);
}

#[test]
fn a_stable_pool_compares_assets_in_whole_units() {
    let mut c = Chain::new();
    // USDC with 6 decimals against a 12-decimal dollar, deposited at par
    let alice = c.alice.clone();
    let pair2 = c.pair(
        USDC,
        ATOM,
        Curve::Stable {
            amp: 200,
            decimals: [6, 12],
        },
    );
    c.provide(
        &alice,
        &pair2,
        &[(USDC, 100_000_000), (ATOM, 100_000_000_000_000)],
        None,
    )
    .unwrap();
    let s = c.simulate(&pair2, &native(USDC), 1_000_000);
    let gross = s.return_amount.u128() + s.commission_amount.u128();
    // one USDC buys about one whole unit (10^12) of the other
    assert!(
        gross > 999_000_000_000 && gross < 1_000_000_000_000,
        "{s:?}"
    );
}

#[test]
fn a_deposit_and_withdrawal_cannot_swap_without_the_fee() {
    // the attack: deposit only USDC, withdraw half in each asset: a swap with no fee unless the
    // imbalanced deposit pays one
    let mut c = Chain::new();
    let pair = stable(&mut c, 100);
    let bob = c.bob.clone();
    let offer = 100_000_000_000u128;
    c.provide(
        &bob,
        &pair,
        &[(USDC, offer), (USDM, 0)],
        Some(Decimal::percent(50)),
    )
    .unwrap();
    let lp = c.lp_token(&pair);
    let share = c.cw20_balance(&lp, &bob);
    c.withdraw(&bob, &pair, share).unwrap();
    let usdc_back = c.balance(&bob, USDC) - (FUNDS - offer);
    let usdm = c.balance(&bob, USDM) - FUNDS;
    // bob swapped `offer - usdc_back` USDC for `usdm` USDM: no better than a direct swap of
    // as much in the pool as it was
    let swapped = offer - usdc_back;
    assert!(swapped > offer / 3, "{swapped}");
    let mut fresh = Chain::new();
    let fresh_pair = stable(&mut fresh, 100);
    let direct = fresh.simulate(&fresh_pair, &native(USDC), swapped);
    assert!(usdm <= direct.return_amount.u128(), "{usdm} > {direct:?}");
}
