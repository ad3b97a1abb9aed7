//! A constant-product pool through its Astroport messages: deposits, swaps both ways, fees,
//! withdrawals, simulations and cumulative prices.

mod common;

use common::*;
use cosmwasm_std::{coin, Decimal, Uint128};
use cw20::Cw20ExecuteMsg;
use cw_multi_test::Executor;
use mars_types::astroport::{
    ConfigResponse, CumulativePricesResponse, Cw20HookMsg, ExecuteMsg, PairInfo, PairType,
    QueryMsg, ReverseSimulationResponse,
};
use mars_types::swap::{Curve, PairParams, MINIMUM_LIQUIDITY};

fn funded_pool(c: &mut Chain) -> cosmwasm_std::Addr {
    let pair = c.pair(USDC, ATOM, Curve::Xyk {});
    let alice = c.alice.clone();
    c.provide(
        &alice,
        &pair,
        &[(USDC, 1_000_000_000), (ATOM, 100_000_000)],
        None,
    )
    .unwrap();
    pair
}

#[test]
fn the_first_deposit_mints_the_geometric_mean_and_locks_the_minimum() {
    let mut c = Chain::new();
    let pair = c.pair(USDC, ATOM, Curve::Xyk {});
    let alice = c.alice.clone();
    let res = c
        .provide(
            &alice,
            &pair,
            &[(USDC, 1_000_000_000), (ATOM, 100_000_000)],
            None,
        )
        .unwrap();
    // √(1e9 × 1e8) = 316,227,766
    let lp = c.lp_token(&pair);
    assert_eq!(
        c.cw20_balance(&lp, &alice),
        316_227_766 - MINIMUM_LIQUIDITY.u128()
    );
    assert_eq!(c.cw20_balance(&lp, &pair), MINIMUM_LIQUIDITY.u128());
    assert_eq!(c.lp_supply(&pair), 316_227_766);
    assert_eq!(c.reserves(&pair), [1_000_000_000, 100_000_000]);
    assert_eq!(c.balance(&pair, USDC), 1_000_000_000);
    assert_eq!(
        attr(&res, &pair, "action").as_deref(),
        Some("provide_liquidity")
    );
    assert_eq!(attr(&res, &pair, "share").as_deref(), Some("316226766"));

    let info: PairInfo = c
        .app
        .wrap()
        .query_wasm_smart(&pair, &QueryMsg::Pair {})
        .unwrap();
    assert_eq!(info.pair_type, PairType::Xyk {});
    assert_eq!(info.asset_infos, vec![native(USDC), native(ATOM)]);
    let config: ConfigResponse = c
        .app
        .wrap()
        .query_wasm_smart(&pair, &QueryMsg::Config {})
        .unwrap();
    let params: PairParams = cosmwasm_std::from_json(config.params.unwrap()).unwrap();
    assert_eq!(params.liquidity_token, lp);
    assert_eq!(params.fees.total_fee_bps, bps(30));
}

#[test]
fn a_first_deposit_too_small_to_lock_the_minimum_is_refused() {
    let mut c = Chain::new();
    let pair = c.pair(USDC, ATOM, Curve::Xyk {});
    let alice = c.alice.clone();
    let e = err(c.provide(&alice, &pair, &[(USDC, 1_000), (ATOM, 1_000)], None));
    assert!(e.contains("more than 1000 LP tokens"), "{e}");
    let e = err(c.provide(&alice, &pair, &[(USDC, 1_000_000), (ATOM, 0)], None));
    assert!(e.contains("first deposit"), "{e}");
    assert_eq!(c.balance(&alice, USDC), FUNDS);
}

#[test]
fn a_later_deposit_takes_the_pool_ratio_and_sends_the_rest_back() {
    let mut c = Chain::new();
    let pair = funded_pool(&mut c);
    let bob = c.bob.clone();
    // 1% more USDC than the ratio: within the 0.5% default? no: 1% is refused by default
    let e = err(c.provide(
        &bob,
        &pair,
        &[(USDC, 101_000_000), (ATOM, 10_000_000)],
        None,
    ));
    assert!(e.contains("slippage tolerance"), "{e}");
    let res = c
        .provide(
            &bob,
            &pair,
            &[(USDC, 101_000_000), (ATOM, 10_000_000)],
            Some(Decimal::percent(2)),
        )
        .unwrap();
    let lp = c.lp_token(&pair);
    // a tenth of the supply rounded down, 31,622,776; the pool takes ⌈share × R / S⌉ of each
    // (99,999,999 USDC and 10 ATOM) and the rest goes back
    assert_eq!(c.cw20_balance(&lp, &bob), 31_622_776);
    assert_eq!(c.reserves(&pair), [1_099_999_999, 110_000_000]);
    assert_eq!(c.balance(&bob, USDC), FUNDS - 99_999_999);
    assert_eq!(c.balance(&bob, ATOM), FUNDS - 10_000_000);
    assert_eq!(
        attr(&res, &pair, "refunded").as_deref(),
        Some("1000001uusdc")
    );
}

#[test]
fn deposits_with_wrong_funds_are_refused_and_nothing_moves() {
    let mut c = Chain::new();
    let pair = funded_pool(&mut c);
    let bob = c.bob.clone();
    let provide = |amounts: Vec<(&str, u128)>| ExecuteMsg::ProvideLiquidity {
        assets: amounts.iter().map(|(d, a)| asset(&native(d), *a)).collect(),
        slippage_tolerance: None,
        auto_stake: None,
        receiver: None,
        min_lp_to_receive: None,
    };
    let cases: Vec<(ExecuteMsg, Vec<cosmwasm_std::Coin>, &str)> = vec![
        (
            provide(vec![(USDC, 100), (ATOM, 10)]),
            vec![coin(100, USDC)],
            "was sent",
        ),
        (
            provide(vec![(USDC, 100), (ATOM, 10)]),
            vec![coin(100, ATOM), coin(100, USDC)],
            "names 10",
        ),
        (
            provide(vec![(USDC, 100), (ATOM, 10)]),
            vec![coin(10, ATOM), coin(100, USDC), coin(5, USDM)],
            "not named",
        ),
        (
            provide(vec![(USDC, 100)]),
            vec![coin(100, USDC)],
            "each of the pool's two assets",
        ),
        (
            provide(vec![(USDC, 100), (USDC, 100)]),
            vec![coin(200, USDC)],
            "each of the pool's two assets",
        ),
        (
            provide(vec![(USDC, 100), (USDM, 10)]),
            vec![coin(100, USDC), coin(10, USDM)],
            "not an asset of this pool",
        ),
    ];
    for (msg, funds, expected) in cases {
        let e = err(c
            .app
            .execute_contract(bob.clone(), pair.clone(), &msg, &funds));
        assert!(e.contains(expected), "{e} / {expected}");
    }
    let e = err(c.app.execute_contract(
        bob.clone(),
        pair.clone(),
        &ExecuteMsg::ProvideLiquidity {
            assets: vec![asset(&native(USDC), 100), asset(&native(ATOM), 10)],
            slippage_tolerance: None,
            auto_stake: Some(true),
            receiver: None,
            min_lp_to_receive: None,
        },
        &[coin(10, ATOM), coin(100, USDC)],
    ));
    assert!(e.contains("auto_stake"), "{e}");
    let e = err(c.app.execute_contract(
        bob.clone(),
        pair.clone(),
        &ExecuteMsg::ProvideLiquidity {
            assets: vec![
                asset(&native(USDC), 100_000_000),
                asset(&native(ATOM), 10_000_000),
            ],
            slippage_tolerance: None,
            auto_stake: None,
            receiver: None,
            min_lp_to_receive: Some(Uint128::new(31_622_777)),
        },
        &[coin(10_000_000, ATOM), coin(100_000_000, USDC)],
    ));
    assert!(e.contains("fewer than the 31622777 asked"), "{e}");
    assert_eq!(c.balance(&bob, USDC), FUNDS);
    assert_eq!(c.reserves(&pair), [1_000_000_000, 100_000_000]);
}

#[test]
fn a_swap_pays_the_simulated_amount_and_the_protocol_share_of_its_fee() {
    let mut c = Chain::new();
    let pair = funded_pool(&mut c);
    let bob = c.bob.clone();
    let sim = c.simulate(&pair, &native(USDC), 10_000_000);
    // 1e8 − ⌈1e17 / 1.01e9⌉ = 990,099; the 0.3% fee rounded up is 2,971
    assert_eq!(sim.commission_amount.u128(), 2_971);
    assert_eq!(sim.return_amount.u128(), 990_099 - 2_971);
    assert_eq!(sim.spread_amount.u128(), 1_000_000 - 990_099);
    let res = c
        .swap(&bob, &pair, USDC, 10_000_000, Some(Decimal::percent(2)))
        .unwrap();
    assert_eq!(c.balance(&bob, ATOM), FUNDS + sim.return_amount.u128());
    assert_eq!(c.balance(&bob, USDC), FUNDS - 10_000_000);
    // a third of the commission, rounded down
    let maker = 2_971 * 3_333 / 10_000;
    assert_eq!(c.balance(&c.fee_address.clone(), ATOM), maker);
    assert_eq!(
        c.reserves(&pair),
        [
            1_010_000_000,
            100_000_000 - sim.return_amount.u128() - maker
        ]
    );
    for (k, v) in [
        ("action", "swap".to_string()),
        ("offer_asset", "native:uusdc".to_string()),
        ("ask_asset", "native:uatom".to_string()),
        ("offer_amount", "10000000".to_string()),
        ("return_amount", sim.return_amount.to_string()),
        ("commission_amount", "2971".to_string()),
        ("maker_fee_amount", maker.to_string()),
    ] {
        assert_eq!(attr(&res, &pair, k), Some(v), "{k}");
    }
    // the pool's own balance is its reserves
    assert_eq!(c.balance(&pair, ATOM), c.reserves(&pair)[1]);
}

#[test]
fn the_spread_is_checked_against_the_pool_or_the_belief_price() {
    let mut c = Chain::new();
    let pair = funded_pool(&mut c);
    let bob = c.bob.clone();
    // a 1% spread: refused by the 0.5% default, taken with 2%
    let e = err(c.swap(&bob, &pair, USDC, 10_000_000, None));
    assert!(e.contains("spread"), "{e}");
    let e = err(c.swap(&bob, &pair, USDC, 1_000, Some(Decimal::percent(51))));
    assert!(e.contains("max_spread"), "{e}");
    let swap = |belief: Decimal| ExecuteMsg::Swap {
        offer_asset: asset(&native(USDC), 1_000_000),
        ask_asset_info: Some(native(ATOM)),
        belief_price: Some(belief),
        max_spread: Some(Decimal::percent(1)),
        to: None,
    };
    // belief 9 USDC per ATOM: expects 111,111, the pool pays ~99,590
    let e = err(c.app.execute_contract(
        bob.clone(),
        pair.clone(),
        &swap(Decimal::from_ratio(9u8, 1u8)),
        &[coin(1_000_000, USDC)],
    ));
    assert!(e.contains("spread"), "{e}");
    let e = err(c.app.execute_contract(
        bob.clone(),
        pair.clone(),
        &swap(Decimal::zero()),
        &[coin(1_000_000, USDC)],
    ));
    assert!(e.contains("belief price must be positive"), "{e}");
    c.app
        .execute_contract(
            bob.clone(),
            pair.clone(),
            &swap(Decimal::from_ratio(10u8, 1u8)),
            &[coin(1_000_000, USDC)],
        )
        .unwrap();
}

#[test]
fn swaps_with_wrong_assets_or_funds_are_refused() {
    let mut c = Chain::new();
    let pair = funded_pool(&mut c);
    let bob = c.bob.clone();
    let swap = |offer: &str, amount: u128, ask: Option<&str>| ExecuteMsg::Swap {
        offer_asset: asset(&native(offer), amount),
        ask_asset_info: ask.map(native),
        belief_price: None,
        max_spread: Some(Decimal::percent(50)),
        to: None,
    };
    let cases: Vec<(ExecuteMsg, Vec<cosmwasm_std::Coin>, &str)> = vec![
        (swap(USDC, 100, None), vec![coin(99, USDC)], "names 100"),
        (swap(USDC, 100, None), vec![coin(100, ATOM)], "only fund"),
        (swap(USDC, 100, None), vec![], "only fund"),
        (
            swap(USDM, 100, None),
            vec![coin(100, USDM)],
            "not an asset of this pool",
        ),
        (
            swap(USDC, 100, Some(USDC)),
            vec![coin(100, USDC)],
            "not an asset of this pool",
        ),
        (swap(USDC, 1, None), vec![coin(1, USDC)], "pays nothing"),
    ];
    for (msg, funds, expected) in cases {
        let e = err(c
            .app
            .execute_contract(bob.clone(), pair.clone(), &msg, &funds));
        assert!(e.contains(expected), "{e} / {expected}");
    }
    let empty = c.pair(USDC, USDM, Curve::Xyk {});
    let e = err(c.swap(&bob, &empty, USDC, 100, None));
    assert!(e.contains("empty"), "{e}");
    assert_eq!(c.balance(&bob, USDC), FUNDS);
}

#[test]
fn the_reverse_simulation_offers_enough_for_the_ask() {
    let mut c = Chain::new();
    let pair = funded_pool(&mut c);
    for ask in [1u128, 1_000, 987_654, 30_000_000] {
        let rev: ReverseSimulationResponse = c
            .app
            .wrap()
            .query_wasm_smart(
                &pair,
                &QueryMsg::ReverseSimulation {
                    offer_asset_info: None,
                    ask_asset: asset(&native(ATOM), ask),
                },
            )
            .unwrap();
        let fwd = c.simulate(&pair, &native(USDC), rev.offer_amount.u128());
        assert!(fwd.return_amount.u128() >= ask, "{ask}: {fwd:?}");
        let less = c.simulate(&pair, &native(USDC), rev.offer_amount.u128() - 1);
        assert!(
            less.return_amount.u128() <= ask + 1,
            "{ask}: not much more than needed"
        );
    }
    let e = c.app.wrap().query_wasm_smart::<ReverseSimulationResponse>(
        &pair,
        &QueryMsg::ReverseSimulation {
            offer_asset_info: None,
            ask_asset: asset(&native(ATOM), 100_000_000),
        },
    );
    assert!(e.unwrap_err().to_string().contains("cannot pay"));
}

#[test]
fn a_withdrawal_burns_the_lp_tokens_and_pays_their_share() {
    let mut c = Chain::new();
    let pair = funded_pool(&mut c);
    let alice = c.alice.clone();
    let lp = c.lp_token(&pair);
    let supply = c.lp_supply(&pair);
    let share = 100_000_000u128;
    let res = c.withdraw(&alice, &pair, share).unwrap();
    let usdc = 1_000_000_000 * share / supply;
    let atom = 100_000_000 * share / supply;
    assert_eq!(c.balance(&alice, USDC), FUNDS - 1_000_000_000 + usdc);
    assert_eq!(c.balance(&alice, ATOM), FUNDS - 100_000_000 + atom);
    assert_eq!(c.lp_supply(&pair), supply - share);
    assert_eq!(c.cw20_balance(&lp, &pair), MINIMUM_LIQUIDITY.u128());
    assert_eq!(
        c.reserves(&pair),
        [1_000_000_000 - usdc, 100_000_000 - atom]
    );
    assert_eq!(
        attr(&res, &pair, "action").as_deref(),
        Some("withdraw_liquidity")
    );
    assert_eq!(
        attr(&res, &pair, "withdrawn_share"),
        Some(share.to_string())
    );

    // minimums, imbalanced withdrawals and other tokens are refused
    let e = err(c.cw20_send(
        &alice,
        &lp,
        &pair,
        1_000,
        &Cw20HookMsg::WithdrawLiquidity {
            assets: vec![],
            min_assets_to_receive: Some(vec![asset(&native(ATOM), 1_000)]),
        },
    ));
    assert!(e.contains("less than the 1000 asked"), "{e}");
    let e = err(c.cw20_send(
        &alice,
        &lp,
        &pair,
        1_000,
        &Cw20HookMsg::WithdrawLiquidity {
            assets: vec![asset(&native(ATOM), 1)],
            min_assets_to_receive: None,
        },
    ));
    assert!(e.contains("imbalanced"), "{e}");
    let cw20 = c.cw20.clone();
    let e = err(c.cw20_send(
        &alice,
        &cw20,
        &pair,
        1_000,
        &Cw20HookMsg::WithdrawLiquidity {
            assets: vec![],
            min_assets_to_receive: None,
        },
    ));
    assert!(e.contains("no cw20 of this pool"), "{e}");
}

#[test]
fn a_cw20_pool_provides_by_allowance_and_swaps_by_send() {
    let mut c = Chain::new();
    let xms = c.cw20_info();
    let fees = fees(&c.fee_address.clone());
    let pair = c
        .instantiate([xms.clone(), native(USDM)], Curve::Xyk {}, fees)
        .unwrap();
    let (alice, bob, cw20) = (c.alice.clone(), c.bob.clone(), c.cw20.clone());
    c.app
        .execute_contract(
            alice.clone(),
            cw20.clone(),
            &Cw20ExecuteMsg::IncreaseAllowance {
                spender: pair.to_string(),
                amount: Uint128::new(4_000_000_000),
                expires: None,
            },
            &[],
        )
        .unwrap();
    c.app
        .execute_contract(
            alice.clone(),
            pair.clone(),
            &ExecuteMsg::ProvideLiquidity {
                assets: vec![
                    asset(&xms, 4_000_000_000),
                    asset(&native(USDM), 1_000_000_000),
                ],
                slippage_tolerance: None,
                auto_stake: None,
                receiver: Some(bob.to_string()),
                min_lp_to_receive: None,
            },
            &[coin(1_000_000_000, USDM)],
        )
        .unwrap();
    assert_eq!(c.cw20_balance(&cw20, &pair), 4_000_000_000);
    assert_eq!(c.cw20_balance(&cw20, &alice), FUNDS - 4_000_000_000);
    let lp = c.lp_token(&pair);
    assert_eq!(
        c.cw20_balance(&lp, &bob),
        2_000_000_000 - MINIMUM_LIQUIDITY.u128()
    );

    let sim = c.simulate(&pair, &xms, 4_000_000);
    c.cw20_send(
        &bob,
        &cw20,
        &pair,
        4_000_000,
        &Cw20HookMsg::Swap {
            ask_asset_info: Some(native(USDM)),
            belief_price: None,
            max_spread: None,
            to: Some(alice.to_string()),
        },
    )
    .unwrap();
    assert_eq!(
        c.balance(&alice, USDM),
        FUNDS - 1_000_000_000 + sim.return_amount.u128()
    );
    assert_eq!(c.cw20_balance(&cw20, &bob), FUNDS - 4_000_000);
    // a swap of a cw20 by `swap` (not `send`) is refused
    let e = err(c.app.execute_contract(
        bob.clone(),
        pair.clone(),
        &ExecuteMsg::Swap {
            offer_asset: asset(&xms, 100),
            ask_asset_info: None,
            belief_price: None,
            max_spread: None,
            to: None,
        },
        &[],
    ));
    assert!(e.contains("bank coin"), "{e}");
}

#[test]
fn cumulative_prices_accumulate_the_reserves_before_each_change() {
    let mut c = Chain::new();
    let pair = funded_pool(&mut c);
    c.advance(100);
    let read = |c: &Chain| -> CumulativePricesResponse {
        c.app
            .wrap()
            .query_wasm_smart(&pair, &QueryMsg::CumulativePrices {})
            .unwrap()
    };
    let p = read(&c);
    // 100 s × 10^6 × 1e8 / 1e9 and 100 s × 10^6 × 1e9 / 1e8
    assert_eq!(p.cumulative_prices[0].2.u128(), 100 * 100_000);
    assert_eq!(p.cumulative_prices[1].2.u128(), 100 * 10_000_000);
    assert_eq!(p.cumulative_prices[0].0, native(USDC));
    let bob = c.bob.clone();
    c.swap(&bob, &pair, USDC, 10_000_000, Some(Decimal::percent(2)))
        .unwrap();
    // the swap in this block accumulated at the old reserves; nothing more in this block
    assert_eq!(read(&c).cumulative_prices[0].2.u128(), 100 * 100_000);
    c.advance(10);
    let [x, y] = c.reserves(&pair);
    let p = read(&c);
    assert_eq!(
        p.cumulative_prices[0].2.u128(),
        100 * 100_000 + 10 * (y * 1_000_000 / x)
    );
}

#[test]
fn invalid_pairs_are_refused() {
    let mut c = Chain::new();
    let f = fees(&c.fee_address.clone());
    let cases = vec![
        (
            vec![native(USDC), native(USDC)],
            Curve::Xyk {},
            f.clone(),
            "two distinct",
        ),
        (vec![native(USDC)], Curve::Xyk {}, f.clone(), "two distinct"),
        (
            vec![native(USDC), native("u")],
            Curve::Xyk {},
            f.clone(),
            "denom",
        ),
        (
            vec![native(USDC), native(USDM)],
            Curve::Stable {
                amp: 0,
                decimals: [6, 6],
            },
            f.clone(),
            "amplification 0",
        ),
        (
            vec![native(USDC), native(USDM)],
            Curve::Stable {
                amp: 100,
                decimals: [6, 19],
            },
            f.clone(),
            "decimals 19",
        ),
        (
            vec![native(USDC), native(USDM)],
            Curve::Xyk {},
            mars_types::swap::FeesUnchecked {
                total_fee_bps: bps(1_001),
                ..f.clone()
            },
            "above the maximum",
        ),
        (
            vec![native(USDC), native(USDM)],
            Curve::Xyk {},
            mars_types::swap::FeesUnchecked {
                fee_address: None,
                ..f.clone()
            },
            "fee address",
        ),
    ];
    for (assets, curve, fees, expected) in cases {
        let msg = mars_types::swap::InstantiateMsg {
            asset_infos: assets,
            token_code_id: c.token_code,
            curve,
            fees,
        };
        let e = c
            .app
            .instantiate_contract(c.pair_code, c.alice.clone(), &msg, &[], "pair", None)
            .unwrap_err()
            .root_cause()
            .to_string();
        assert!(e.contains(expected), "{e} / {expected}");
    }
}
