//! Property tests: random sequences of mints, redemptions and price moves, with the vault's
//! invariants checked after every step (DESIGN.md §11).

mod common;

use cosmwasm_std::{Decimal, Uint128};
use mars_testing::MarsEnv;
use mars_types::value::amount_to_value;
use mars_types::vault::{RedeemMode, StateResponse};
use mars_types::{Rounding, Tier};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

const NAMES: [&str; 6] = ["usdc", "btc", "atom", "eth", "aave", "xms"];
const USERS: [&str; 3] = ["alice", "bob", "carol"];

#[derive(Clone, Debug)]
enum Op {
    /// Mint with `NAMES[asset]`, `dollars` worth at the starting price.
    Mint {
        user: usize,
        asset: usize,
        dollars: u32,
    },
    /// Redeem `percent` of the user's USDm, in one asset or proportionally.
    Redeem {
        user: usize,
        percent: u8,
        single: Option<usize>,
    },
    /// Move an asset's price by `percent` (50..=150) of its current value.
    Price { asset: usize, percent: u8 },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..3usize, 0..6usize, 1..20_000u32)
            .prop_map(|(user, asset, dollars)| Op::Mint { user, asset, dollars }),
        3 => (0..3usize, 1..=100u8, prop::option::of(0..6usize))
            .prop_map(|(user, percent, single)| Op::Redeem { user, percent, single }),
        1 => (1..6usize, 50..=150u8).prop_map(|(asset, percent)| Op::Price { asset, percent }),
    ]
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(64)
}

struct Model {
    prices: Vec<Decimal>,
}

fn share_above_cap(value: Uint128, total: Uint128, cap: u16) -> bool {
    value.full_mul(10_000u128) > total.full_mul(cap as u128)
}

/// Invariant 3: above the floor, nothing that is above its cap after a mint or a single
/// redemption grew or had its share raised by it.
/// Both states are read at the same prices: price moves are steps of their own.
fn check_caps(before: &StateResponse, after: &StateResponse) {
    let floor = 10_000 * 1_000_000u128;
    if after.total_value.u128() < floor {
        return;
    }
    let raised = |vb: Uint128, va: Uint128| {
        va > vb || va.full_mul(before.total_value) > vb.full_mul(after.total_value)
    };
    for (b, a) in before.assets.iter().zip(&after.assets) {
        if share_above_cap(a.value, after.total_value, a.max_share.get()) {
            assert!(
                !raised(b.value, a.value),
                "{} above its cap and raised: {} → {}",
                a.asset,
                b.share,
                a.share
            );
        }
    }
    for (b, a) in before.tiers.iter().zip(&after.tiers) {
        if share_above_cap(a.value, after.total_value, a.max_share.get()) {
            assert!(
                !raised(b.value, a.value),
                "tier {} above cap and raised",
                a.tier
            );
        }
    }
}

fn run(ops: Vec<Op>) {
    let mut env = MarsEnv::builder().build();
    let mut model = Model {
        prices: NAMES.iter().map(|n| env.asset(n).price).collect(),
    };
    let users: Vec<_> = USERS.iter().map(|u| env.addr(u)).collect();
    let mut expected_supply = 0u128;

    for op in ops {
        let before = env.vault_state();
        match op.clone() {
            Op::Mint {
                user,
                asset,
                dollars,
            } => {
                let a = env.asset(NAMES[asset]).clone();
                // amount worth `dollars` at the starting price
                let amount = mars_types::value::value_to_amount(
                    Uint128::new(dollars as u128 * 1_000_000),
                    a.decimals,
                    a.price,
                    Rounding::Down,
                )
                .unwrap()
                .u128();
                let supply = env.usdm_supply();
                if let Ok(res) = env.mint(&users[user], &a.info, amount, None, None) {
                    let out: u128 = common::contract_attr(&res, &env.vault, "usdm_out")
                        .parse()
                        .unwrap();
                    let fee: u128 = common::contract_attr(&res, &env.vault, "fee")
                        .parse()
                        .unwrap();
                    // invariant 1: the deposit at spot is worth at least USDm out plus fee
                    let spot = amount_to_value(
                        Uint128::new(amount),
                        a.decimals,
                        model.prices[asset],
                        Rounding::Down,
                    )
                    .unwrap();
                    assert!(spot.u128() >= out + fee, "mint created value");
                    assert_eq!(env.usdm_supply(), supply + out);
                    expected_supply += out;
                }
            }
            Op::Redeem {
                user,
                percent,
                single,
            } => {
                let balance = env.usdm_balance(&users[user]);
                let amount = balance * percent as u128 / 100;
                let mode = match single {
                    Some(i) => RedeemMode::Single {
                        asset: env.asset(NAMES[i]).info.clone().into(),
                        min_out: None,
                    },
                    None => RedeemMode::Proportional { min_out: vec![] },
                };
                let held: Vec<u128> = NAMES
                    .iter()
                    .map(|n| env.balance(&env.asset(n).info, &users[user]))
                    .collect();
                if env.redeem(&users[user], amount, mode, None).is_ok() {
                    expected_supply -= amount;
                    // invariant 2: payouts at spot never exceed USDm × min(1, ratio)
                    let paid: u128 = NAMES
                        .iter()
                        .enumerate()
                        .map(|(i, n)| {
                            let a = env.asset(n);
                            let got = env.balance(&a.info, &users[user]) - held[i];
                            amount_to_value(
                                Uint128::new(got),
                                a.decimals,
                                model.prices[i],
                                Rounding::Down,
                            )
                            .unwrap()
                            .u128()
                        })
                        .sum();
                    let factor = before
                        .collateral_ratio
                        .unwrap_or(Decimal::one())
                        .min(Decimal::one());
                    let bound = Uint128::new(amount).mul_floor(factor).u128();
                    // rounding each payout down at spot can only lower `paid`
                    assert!(
                        paid <= bound,
                        "redeem paid {paid} for {amount} (bound {bound})"
                    );
                }
            }
            Op::Price { asset, percent } => {
                let p = model.prices[asset] * Decimal::percent(percent as u64);
                if !p.is_zero() {
                    model.prices[asset] = p;
                    let info = env.asset(NAMES[asset]).info.clone();
                    env.set_price(&info, &p.to_string());
                }
                continue;
            }
        }
        let after = env.vault_state();
        if matches!(op, Op::Redeem { single: None, .. }) {
            // proportional: the composition is kept, up to rounding dust
            for (b, a) in before.assets.iter().zip(&after.assets) {
                assert!(
                    a.share.get() <= b.share.get() + 1,
                    "{} share moved",
                    a.asset
                );
            }
        } else {
            check_caps(&before, &after);
        }
        // invariant 4: accounted balances never exceed what the vault holds
        for a in &after.assets {
            assert!(a.liquid.u128() <= env.balance(&a.asset, &env.vault));
            assert!(a.deployed.is_zero());
        }
        // invariant 5: USDm supply moves only by what the vault minted and burnt
        assert_eq!(env.usdm_supply(), expected_supply);
        assert_eq!(after.tiers.len(), Tier::ALL.len());
    }
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
    run(vec![
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
}
