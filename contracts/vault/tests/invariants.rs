//! Property tests: random sequences of mints, redemptions, price moves, time and rate-limit
//! changes, with the vault's invariants checked after every step (DESIGN.md §11, in
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
        3 => (0..3usize, 1..=100u8, prop::option::of(0..6usize))
            .prop_map(|(user, percent, single)| Op::Redeem { user, percent, single }),
        1 => (1..6usize, 50..=150u8).prop_map(|(asset, percent)| Op::Price { asset, percent }),
        1 => (1..7_200u32).prop_map(|seconds| Op::Wait { seconds }),
        1 => (throttle.clone(), throttle, prop::option::of(1..100_000u32))
            .prop_map(|(mint, redeem, supply_cap)| Op::SetLimits { mint, redeem, supply_cap }),
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
