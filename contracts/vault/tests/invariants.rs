//! Property tests: random sequences of mints, redemptions, price moves, time and rate-limit
//! changes, the treasury's provides to and withdrawals from a USDC/USDm pool and users' swaps
//! on it, with the vault's invariants checked after every step (DESIGN.md §11, in
//! `model/mod.rs`, which the fuzz target shares).

mod common;
mod model;

use model::{run, Op};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

fn op() -> impl Strategy<Value = Op> {
    let throttle = prop::option::of((1..20_000u32, 0..=2_000u16));
    prop_oneof![
        4 => (0..3usize, 0..6usize, 1..20_000u32)
            .prop_map(|(user, asset, dollars)| Op::Mint { user, asset, dollars }),
        // USDC more often: the treasury provides only the USDC the vault holds liquid
        2 => (0..3usize, 1..20_000u32)
            .prop_map(|(user, dollars)| Op::Mint { user, asset: 0, dollars }),
        3 => (0..3usize, 1..=100u8, prop::option::of(0..6usize))
            .prop_map(|(user, percent, single)| Op::Redeem { user, percent, single }),
        1 => (1..6usize, 50..=150u8).prop_map(|(asset, percent)| Op::Price { asset, percent }),
        1 => (1..7_200u32).prop_map(|seconds| Op::Wait { seconds }),
        1 => (throttle.clone(), throttle, prop::option::of(1..100_000u32))
            .prop_map(|(mint, redeem, supply_cap)| Op::SetLimits { mint, redeem, supply_cap }),
        3 => (1..=120u8).prop_map(|percent| Op::Provide { percent }),
        1 => (1..=120u8).prop_map(|percent| Op::Withdraw { percent }),
        3 => (0..3usize, 1..=100u8, any::<bool>())
            .prop_map(|(user, percent, sell_usdm)| Op::Swap { user, percent, sell_usdm }),
    ]
}

/// At least 1,000 sequences in every test run; `PROPTEST_CASES` asks for a longer run.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(1_000)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/invariants.proptest-regressions",
        ))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn vault_invariants_hold_over_random_operations(ops in prop::collection::vec(op(), 1..25)) {
        run(ops);
    }
}

/// A crash and a bank run: BTC halves, its minter exits proportionally, a stable holder exits.
#[test]
fn invariants_hold_through_a_price_crash() {
    let passed = run(vec![
        Op::Mint {
            user: 0,
            asset: 0,
            dollars: 15_000,
        },
        Op::Mint {
            user: 1,
            asset: 1,
            dollars: 4_000,
        },
        Op::Mint {
            user: 2,
            asset: 3,
            dollars: 3_000,
        },
        Op::Price {
            asset: 1,
            percent: 50,
        },
        Op::Redeem {
            user: 1,
            percent: 100,
            single: None,
        },
        Op::Redeem {
            user: 0,
            percent: 50,
            single: Some(0),
        },
    ]);
    assert!(passed.iter().all(|p| *p), "{passed:?}");
}

/// Throttles and a supply cap that bind: mints and redemptions beyond them are refused, time
/// refills them, and a lower cap stops mints but not redemptions.
#[test]
fn invariants_hold_while_the_limits_bind() {
    let passed = run(vec![
        Op::SetLimits {
            mint: Some((5_000, 100)),
            redeem: Some((1_000, 0)),
            supply_cap: Some(12_000),
        },
        Op::Mint {
            user: 0,
            asset: 0,
            dollars: 4_000,
        },
        Op::Mint {
            user: 1,
            asset: 0,
            dollars: 4_000,
        },
        Op::Wait { seconds: 3_600 },
        Op::Mint {
            user: 1,
            asset: 0,
            dollars: 4_000,
        },
        Op::Wait { seconds: 3_600 },
        Op::Mint {
            user: 2,
            asset: 1,
            dollars: 4_000,
        },
        Op::Redeem {
            user: 0,
            percent: 50,
            single: Some(0),
        },
        Op::Redeem {
            user: 1,
            percent: 50,
            single: None,
        },
        Op::SetLimits {
            mint: None,
            redeem: Some((1_000, 500)),
            supply_cap: Some(1_000),
        },
        Op::Mint {
            user: 0,
            asset: 0,
            dollars: 100,
        },
        Op::Redeem {
            user: 0,
            percent: 20,
            single: None,
        },
    ]);
    // each throttle and the cap refused what went beyond it, and time refilled the mint throttle
    let expected = [
        true, true, false, true, true, true, true, false, false, true, false, true,
    ];
    assert_eq!(passed, expected);
}

/// The treasury's round trip: half the USDC provided, USDm bought from the pool and redeemed,
/// USDm sold to it, half the position withdrawn, a BTC crash and a single redemption in USDC at
/// the haircut, the rest withdrawn; a provide beyond the liquid USDC and a withdrawal beyond the
/// LP tokens held are refused.
#[test]
fn invariants_hold_through_the_treasury() {
    let passed = run(vec![
        Op::Mint {
            user: 0,
            asset: 0,
            dollars: 20_000,
        },
        Op::Mint {
            user: 1,
            asset: 1,
            dollars: 5_000,
        },
        Op::Provide { percent: 50 },
        Op::Provide { percent: 120 },
        Op::Swap {
            user: 2,
            percent: 20,
            sell_usdm: false,
        },
        Op::Redeem {
            user: 2,
            percent: 100,
            single: None,
        },
        Op::Swap {
            user: 0,
            percent: 30,
            sell_usdm: true,
        },
        Op::Withdraw { percent: 50 },
        Op::Withdraw { percent: 120 },
        Op::Price {
            asset: 1,
            percent: 50,
        },
        Op::Redeem {
            user: 1,
            percent: 100,
            single: Some(0),
        },
        Op::Withdraw { percent: 100 },
    ]);
    // the provide beyond the liquid USDC and the withdrawal beyond the LP tokens were refused;
    // the single redemption after the crash went through below full collateral
    let expected = [
        true, true, true, false, true, true, true, true, false, true, true, true,
    ];
    assert_eq!(passed, expected);
}

/// The sequences earlier failures shrank to: `invariants.proptest-regressions` keeps their seeds,
/// which generate other sequences once the strategy above changes.
#[test]
fn invariants_hold_through_the_recorded_regressions() {
    let mint = |user, asset, dollars| Op::Mint {
        user,
        asset,
        dollars,
    };
    let proportional = |user, percent| Op::Redeem {
        user,
        percent,
        single: None,
    };
    for ops in [
        vec![
            mint(0, 0, 410),
            mint(0, 1, 7_344),
            mint(1, 0, 5_406),
            proportional(0, 1),
        ],
        vec![
            mint(2, 2, 20),
            Op::Price {
                asset: 2,
                percent: 50,
            },
            proportional(2, 1),
        ],
        vec![mint(1, 3, 1_777), proportional(1, 49)],
    ] {
        let passed = run(ops);
        assert!(passed.iter().all(|p| *p), "{passed:?}");
    }
}
