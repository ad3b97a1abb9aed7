//! The vault's invariants (DESIGN.md §11) checked after every step of a sequence of operations,
//! shared by the property test (`invariants.rs`) and the fuzz target (`fuzz/`), which include
//! this file; each needs `mod common;` beside it.

use cosmwasm_std::{Decimal, Uint128, Uint256};
use mars_testing::MarsEnv;
use mars_types::value::{amount_to_value, value_to_amount};
use mars_types::vault::{
    ConfigResponse, ConfigUpdate, ExecuteMsg, Limits, QueryMsg, RedeemMode, StateResponse,
    Throttle, ThrottleStatus,
};
use mars_types::{Bps, Rounding, Tier};

use crate::common::contract_attr;

pub const NAMES: [&str; 6] = ["usdc", "btc", "atom", "eth", "aave", "xms"];
pub const USERS: [&str; 3] = ["alice", "bob", "carol"];
const USD: u128 = 1_000_000;

#[derive(Clone, Debug)]
pub enum Op {
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
    /// Let `seconds` pass; every price is published again so none goes stale.
    Wait { seconds: u32 },
    /// The owner sets the throttles, each `(dollars per hour, bps of supply)`, and a supply cap
    /// in dollars.
    SetLimits {
        mint: Option<(u32, u16)>,
        redeem: Option<(u32, u16)>,
        supply_cap: Option<u32>,
    },
}

fn throttle(params: Option<(u32, u16)>) -> Option<Throttle> {
    params.map(|(dollars, bps)| Throttle {
        // a zero floor is refused; the model asks for at least one dollar
        amount: Uint128::new(u128::from(dollars.max(1)) * USD),
        supply_bps: Bps::new(bps.min(10_000)).unwrap(),
    })
}

fn share_above_cap(value: Uint128, total: Uint128, cap: u16) -> bool {
    value.full_mul(10_000u128) > total.full_mul(cap as u128)
}

/// Invariant 3: nothing that is above its cap after a single redemption, or after a mint that
/// leaves the vault at or above the floor, grew or had its share raised by it.
/// Both states are read at the same prices: price moves are steps of their own.
fn check_caps(before: &StateResponse, after: &StateResponse, mint: bool) {
    let floor = 10_000 * USD;
    if mint && after.total_value.u128() < floor {
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

/// A throttle let through at most what it had available before, and never holds more than
/// its limit.
fn check_throttle(before: &Option<ThrottleStatus>, after: &Option<ThrottleStatus>, moved: u128) {
    if let Some(b) = before {
        assert!(
            moved <= b.available.u128(),
            "{moved} passed a throttle with {} available",
            b.available
        );
    }
    if let Some(a) = after {
        assert!(a.available <= a.limit, "{a:?}");
    }
}

/// Runs `ops` on the default deployment, checking every invariant after every step. Returns, per
/// operation, whether it went through (a refused mint or redemption is a valid outcome).
pub fn run(ops: Vec<Op>) -> Vec<bool> {
    let mut env = MarsEnv::builder().build();
    let mut prices: Vec<Decimal> = NAMES.iter().map(|n| env.asset(n).price).collect();
    let users: Vec<_> = USERS.iter().map(|u| env.addr(u)).collect();
    let config: ConfigResponse = env.vault_query(&QueryMsg::Config {}).unwrap();
    let mut expected_supply = 0u128;
    let mut supply_cap = None;
    let mut passed = vec![];

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
                let amount = value_to_amount(
                    Uint128::new(dollars as u128 * USD),
                    a.decimals,
                    a.price,
                    Rounding::Down,
                )
                .unwrap()
                .u128();
                let supply = env.usdm_supply();
                let res = env.mint(&users[user], &a.info, amount, None, None);
                passed.push(res.is_ok());
                if let Ok(res) = res {
                    let out: u128 = contract_attr(&res, &env.vault, "usdm_out").parse().unwrap();
                    let fee: u128 = contract_attr(&res, &env.vault, "fee").parse().unwrap();
                    // invariant 1: the deposit at spot is worth at least USDm out plus fee
                    let spot = amount_to_value(
                        Uint128::new(amount),
                        a.decimals,
                        prices[asset],
                        Rounding::Down,
                    )
                    .unwrap();
                    assert!(spot.u128() >= out + fee, "mint created value");
                    assert_eq!(env.usdm_supply(), supply + out);
                    expected_supply += out;
                    let after = env.vault_state();
                    // no mint leaves the vault below full collateral (the model's prices have
                    // no EMA gap and no confidence, so deposit prices are the spot)
                    assert!(
                        after.total_value >= after.usdm_supply,
                        "a mint left {} for {} USDm",
                        after.total_value,
                        after.usdm_supply
                    );
                    check_throttle(&before.mint_throttle, &after.mint_throttle, out);
                    if let Some(cap) = supply_cap {
                        assert!(env.usdm_supply() <= cap, "supply above its cap");
                    }
                }
            }
            Op::Redeem {
                user,
                percent,
                single,
            } => {
                let balance = env.usdm_balance(&users[user]);
                let amount = balance * percent as u128 / 100;
                let (mode, fee) = match single {
                    Some(i) => {
                        let a = env.asset(NAMES[i]);
                        let mode = RedeemMode::Single {
                            asset: a.info.clone().into(),
                            min_out: None,
                        };
                        (mode, a.params.redeem_fee)
                    }
                    None => (
                        RedeemMode::Proportional { min_out: vec![] },
                        config.proportional_redeem_fee,
                    ),
                };
                let held: Vec<u128> = NAMES
                    .iter()
                    .map(|n| env.balance(&env.asset(n).info, &users[user]))
                    .collect();
                let ok = env.redeem(&users[user], amount, mode, None).is_ok();
                passed.push(ok);
                if ok {
                    expected_supply -= amount;
                    // invariant 2: payouts at spot never exceed USDm × (1 − fee) × min(1, ratio)
                    let paid: u128 = NAMES
                        .iter()
                        .enumerate()
                        .map(|(i, n)| {
                            let a = env.asset(n);
                            let got = env.balance(&a.info, &users[user]) - held[i];
                            amount_to_value(
                                Uint128::new(got),
                                a.decimals,
                                prices[i],
                                Rounding::Down,
                            )
                            .unwrap()
                            .u128()
                        })
                        .sum();
                    // USDm × (1 − fee) × min(total, supply) / supply, rounded down, with the
                    // total bounded from above (each held asset's value is rounded down by
                    // less than one micro-dollar in `State`)
                    let held = before.assets.iter().filter(|a| !a.liquid.is_zero()).count();
                    let total_up = before.total_value + Uint128::new(held as u128);
                    let backing = total_up.min(before.usdm_supply);
                    let bound = Uint256::from(amount)
                        * Uint256::from(fee.complement().get())
                        * Uint256::from(backing)
                        / (Uint256::from(10_000u16) * Uint256::from(before.usdm_supply));
                    let bound = Uint128::try_from(bound).unwrap().u128();
                    // rounding each payout down at spot can only lower `paid`
                    assert!(
                        paid <= bound,
                        "redeem paid {paid} for {amount} (bound {bound})"
                    );
                    let after = env.vault_state();
                    check_throttle(&before.redeem_throttle, &after.redeem_throttle, amount);
                }
            }
            Op::Price { asset, percent } => {
                let p = prices[asset] * Decimal::percent(percent as u64);
                if !p.is_zero() {
                    prices[asset] = p;
                    let info = env.asset(NAMES[asset]).info.clone();
                    env.set_price(&info, &p.to_string());
                }
                passed.push(true);
                continue;
            }
            Op::Wait { seconds } => {
                env.app.update_block(|block| {
                    block.time = block.time.plus_seconds(seconds.into());
                    block.height += u64::from(seconds).div_ceil(5);
                });
                for (name, price) in NAMES.iter().zip(&prices) {
                    let info = env.asset(name).info.clone();
                    env.set_price(&info, &price.to_string());
                }
                passed.push(true);
                continue;
            }
            Op::SetLimits {
                mint,
                redeem,
                supply_cap: cap,
            } => {
                let owner = env.owner.clone();
                supply_cap = cap.map(|c| u128::from(c) * USD);
                let limits = Limits {
                    mint: throttle(mint),
                    redeem: throttle(redeem),
                    supply_cap: supply_cap.map(Uint128::new),
                };
                let msg = ExecuteMsg::UpdateConfig(ConfigUpdate {
                    limits: Some(limits),
                    ..ConfigUpdate::default()
                });
                env.vault_execute(&owner, &msg, &[]).unwrap();
                passed.push(true);
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
            check_caps(&before, &after, matches!(op, Op::Mint { .. }));
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
    passed
}
