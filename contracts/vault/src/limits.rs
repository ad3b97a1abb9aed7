//! Rate limits (DESIGN.md §6): hourly throttles on the USDm that mints create and redemptions
//! burn, and a cap on the USDm supply.
//!
//! A throttle is a bucket in the style of Reserve Protocol's: it holds at most the hourly limit,
//! `max(amount, supply_bps × supply)` at the supply before the operation, refills linearly by
//! that limit per hour, and every operation takes its USDm amount out of it. The bucket is
//! vault-wide, not per holder, so splitting an operation across calls, holders, recipients or
//! entry paths takes the same total out of it. Mint and redemption have separate buckets and
//! neither refills the other: a round trip uses both.
//!
//! An operation takes its throttle's account from the vault's [`Accounts`] record, which it
//! writes once anyway; the supply is read raw from the token.

use std::fmt;

use cosmwasm_std::{Uint128, Uint256};
use mars_types::vault::{Limits, Throttle, ThrottleStatus, THROTTLE_PERIOD_SECONDS};

use crate::state::{Accounts, ThrottleAccount};
use crate::ContractError;

/// The flow a throttle slows down.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    Mint,
    Redeem,
}

impl fmt::Display for Flow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Flow::Mint => "mint",
            Flow::Redeem => "redeem",
        })
    }
}

/// Checks a mint of `usdm_out` at block time `now` (seconds), with `supply` before the mint,
/// against the supply cap and the mint throttle, and takes it out of the throttle's `account`.
pub fn use_mint(
    limits: &Limits,
    account: &mut ThrottleAccount,
    now: u64,
    usdm_out: Uint128,
    supply: Uint128,
) -> Result<Option<ThrottleStatus>, ContractError> {
    if let Some(cap) = limits.supply_cap {
        let supply_after = supply.checked_add(usdm_out)?;
        if supply_after > cap {
            return Err(ContractError::SupplyCapExceeded { cap, supply_after });
        }
    }
    take(Flow::Mint, limits.mint, account, supply, now, usdm_out)
}

/// Checks a redemption of `usdm_in` at block time `now` (seconds), with `supply` before the
/// burn, against the redemption throttle, and takes it out of the throttle's `account`.
pub fn use_redeem(
    limits: &Limits,
    account: &mut ThrottleAccount,
    now: u64,
    usdm_in: Uint128,
    supply: Uint128,
) -> Result<Option<ThrottleStatus>, ContractError> {
    take(Flow::Redeem, limits.redeem, account, supply, now, usdm_in)
}

/// Where the mint and redemption throttles stand at `now` with `supply`.
pub fn statuses(
    limits: &Limits,
    accounts: &Accounts,
    supply: Uint128,
    now: u64,
) -> (Option<ThrottleStatus>, Option<ThrottleStatus>) {
    let status = |throttle: Option<Throttle>, account: &ThrottleAccount| {
        throttle.map(|t| {
            let limit = t.limit(supply);
            ThrottleStatus {
                limit,
                available: available(account, limit, now),
            }
        })
    };
    (
        status(limits.mint, &accounts.mint),
        status(limits.redeem, &accounts.redeem),
    )
}

fn available(account: &ThrottleAccount, limit: Uint128, now: u64) -> Uint128 {
    let elapsed = now.saturating_sub(account.updated);
    // rounded down: a throttle never refills faster than its limit
    let refill = limit.full_mul(elapsed) / Uint256::from(THROTTLE_PERIOD_SECONDS);
    let refilled = Uint256::from(account.available) + refill;
    if refilled >= Uint256::from(limit) {
        limit
    } else {
        Uint128::try_from(refilled).expect("below the limit")
    }
}

/// Takes `amount` out of `account` under `throttle`, if there is one, and returns the throttle's
/// state after; or the error that says what is available now and when `amount` will be.
fn take(
    flow: Flow,
    throttle: Option<Throttle>,
    account: &mut ThrottleAccount,
    supply: Uint128,
    now: u64,
    amount: Uint128,
) -> Result<Option<ThrottleStatus>, ContractError> {
    let Some(throttle) = throttle else {
        return Ok(None);
    };
    let limit = throttle.limit(supply);
    if amount > limit {
        return Err(ContractError::AboveHourlyLimit {
            flow,
            requested: amount,
            limit,
        });
    }
    let available = available(account, limit, now);
    if amount > available {
        // the account kept less than `amount` (it kept at most what is available) and refills
        // to it `(amount − kept) × period / limit` seconds after its update, rounded up; at most
        // one period, as `amount ≤ limit`
        let period = Uint128::from(THROTTLE_PERIOD_SECONDS);
        let refill_time = (amount - account.available).mul_ceil((period, limit));
        let ready_at = account.updated + u64::try_from(refill_time.u128()).expect("one period");
        return Err(ContractError::Throttled {
            flow,
            requested: amount,
            available,
            wait_seconds: ready_at.saturating_sub(now),
        });
    }
    // the clock restarts only when the refill moved the account or it is full (Reserve's rule):
    // operations closer together than one unit of refill must not stall it
    if available != account.available || available == limit {
        account.updated = now;
    }
    account.available = available - amount;
    Ok(Some(ThrottleStatus {
        limit,
        available: account.available,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use mars_types::Bps;
    use proptest::prelude::*;

    const HOUR: u64 = THROTTLE_PERIOD_SECONDS;

    fn throttle(amount: u128) -> Option<Throttle> {
        Some(Throttle {
            amount: Uint128::new(amount),
            supply_bps: Bps::ZERO,
        })
    }

    /// Takes `amount` at `now` under a fixed limit of `limit`.
    fn take_at(
        account: &mut ThrottleAccount,
        limit: u128,
        now: u64,
        amount: u128,
    ) -> Result<Option<ThrottleStatus>, ContractError> {
        take(
            Flow::Mint,
            throttle(limit),
            account,
            Uint128::zero(),
            now,
            Uint128::new(amount),
        )
    }

    fn available_at(account: &ThrottleAccount, limit: u128, now: u64) -> u128 {
        available(account, Uint128::new(limit), now).u128()
    }

    #[test]
    fn a_new_account_is_full_and_refills_linearly_up_to_the_limit() {
        let now = 1_700_000_000;
        let mut account = ThrottleAccount::default();
        assert_eq!(available_at(&account, 3_600, now), 3_600);
        take_at(&mut account, 3_600, now, 3_600).unwrap();
        assert_eq!(
            account,
            ThrottleAccount {
                available: Uint128::zero(),
                updated: now
            }
        );
        for (elapsed, expected) in [(0, 0), (1, 1), (900, 900), (3_599, 3_599), (3_600, 3_600)] {
            assert_eq!(available_at(&account, 3_600, now + elapsed), expected);
        }
        // never above the limit, however long it waits
        assert_eq!(available_at(&account, 3_600, now + 100 * HOUR), 3_600);
        assert_eq!(available_at(&account, 3_600, u64::MAX), 3_600);
        // the refill rounds down: 1,000 per hour is 0.277… per second
        assert_eq!(available_at(&account, 1_000, now + 4), 1);
    }

    #[test]
    fn no_throttle_takes_anything() {
        let mut account = ThrottleAccount::default();
        let status = take(
            Flow::Redeem,
            None,
            &mut account,
            Uint128::MAX,
            1,
            Uint128::MAX,
        );
        assert_eq!(status, Ok(None));
        assert_eq!(account, ThrottleAccount::default());
    }

    #[test]
    fn a_refusal_says_what_is_available_and_when_the_amount_will_be() {
        let now = 1_700_000_000;
        let mut account = ThrottleAccount::default();
        take_at(&mut account, 10_000, now, 8_000).unwrap();
        // 2,000 left; 5,000 needs 3,000 more at 10,000 per hour: 1,080 s
        let err = take_at(&mut account, 10_000, now, 5_000).unwrap_err();
        assert_eq!(
            err,
            ContractError::Throttled {
                flow: Flow::Mint,
                requested: Uint128::new(5_000),
                available: Uint128::new(2_000),
                wait_seconds: 1_080,
            }
        );
        assert_eq!(
            err.to_string(),
            "mint of 5000 USDm is throttled: 2000 may pass now, 5000 in 1080s"
        );
        assert!(take_at(&mut account, 10_000, now + 1_079, 5_000).is_err());
        let status = take_at(&mut account, 10_000, now + 1_080, 5_000).unwrap();
        assert_eq!(
            status,
            Some(ThrottleStatus {
                limit: Uint128::new(10_000),
                available: Uint128::zero(),
            })
        );
        // more than the limit is never available at this supply
        assert_eq!(
            take_at(&mut account, 10_000, now + 100 * HOUR, 10_001),
            Err(ContractError::AboveHourlyLimit {
                flow: Flow::Mint,
                requested: Uint128::new(10_001),
                limit: Uint128::new(10_000),
            })
        );
    }

    #[test]
    fn operations_closer_than_one_unit_of_refill_do_not_stall_it() {
        // 360 per hour: one unit every 10 s
        let mut account = ThrottleAccount {
            available: Uint128::new(5),
            updated: 1_000,
        };
        // 5 s later nothing has refilled yet: the clock keeps running from 1,000
        take_at(&mut account, 360, 1_005, 1).unwrap();
        assert_eq!(account.updated, 1_000);
        // so at 1,010 the unit earned since 1,000 is there
        assert_eq!(available_at(&account, 360, 1_010), 5);
        take_at(&mut account, 360, 1_010, 1).unwrap();
        assert_eq!(account.updated, 1_010);
        assert_eq!(account.available, Uint128::new(4));
    }

    #[derive(Clone, Debug)]
    struct Step {
        gap: u64,
        /// Of the limit, 1 to 100.
        percent: u128,
    }

    proptest! {
        /// Whatever the sequence, what passes in any window of `d` seconds is at most a full
        /// bucket plus `d` seconds of refill, and every refusal's wait is exact.
        #[test]
        fn nothing_passes_faster_than_the_limit(
            limit in 1u128..1_000_000_000_000,
            steps in prop::collection::vec(
                (0u64..2 * HOUR, 1u128..=100).prop_map(|(gap, percent)| Step { gap, percent }),
                1..40,
            ),
        ) {
            let mut account = ThrottleAccount::default();
            let mut now = 1_700_000_000u64;
            let mut passed: Vec<(u64, u128)> = vec![];
            for step in steps {
                now += step.gap;
                // at least one unit
                let amount = (limit * step.percent / 100).max(1);
                match take_at(&mut account, limit, now, amount) {
                    Ok(_) => passed.push((now, amount)),
                    Err(ContractError::Throttled { available, wait_seconds, .. }) => {
                        prop_assert!(available.u128() < amount);
                        prop_assert!(wait_seconds > 0);
                        let mut later = account;
                        prop_assert!(take_at(&mut later, limit, now + wait_seconds - 1, amount).is_err());
                        prop_assert!(take_at(&mut later, limit, now + wait_seconds, amount).is_ok());
                    }
                    Err(err) => prop_assert!(false, "{err}"),
                }
            }
            for (i, (start, _)) in passed.iter().enumerate() {
                let mut total = 0u128;
                for (at, amount) in &passed[i..] {
                    total += amount;
                    let bound = limit + limit * u128::from(at - start) / u128::from(HOUR);
                    prop_assert!(total <= bound, "{total} passed in {}s, bound {bound}", at - start);
                }
            }
        }
    }
}
