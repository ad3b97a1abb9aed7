//! The checks that several sources share.

use cosmwasm_std::{Decimal, Uint128, Uint256};
use mars_types::AssetInfo;

use crate::ContractError;

/// `part / whole` in basis points, rounded up, saturating at `u128::MAX`. Bounds are whole bps,
/// so `bps_of(part, whole) > max` exactly when `part / whole > max / 10,000`. `whole` must be
/// positive.
pub fn bps_of(part: Decimal, whole: Decimal) -> u128 {
    // (2^128 − 1) × 10^4 fits in 256 bits
    let n = Uint256::from(part.atomics()) * Uint256::from(10_000u16);
    let d = Uint256::from(whole.atomics());
    let mut q = n / d;
    // rounded up: a ratio a hair above the bound is never reported as equal to it
    if !(n % d).is_zero() {
        q += Uint256::one();
    }
    Uint128::try_from(q).map_or(u128::MAX, |q| q.u128())
}

/// `|a − b|`.
pub fn abs_diff(a: Decimal, b: Decimal) -> Decimal {
    if a > b {
        a - b
    } else {
        b - a
    }
}

/// Refuses a price published more than `max` seconds before `now`. A publish time ahead of
/// `now` (clock skew between a source and the chain) counts as age zero.
pub fn check_age(
    asset: &AssetInfo,
    now: u64,
    publish_time: u64,
    max: u64,
) -> Result<(), ContractError> {
    let age = now.saturating_sub(publish_time);
    if age > max {
        return Err(ContractError::StalePrice {
            asset: asset.clone(),
            age,
            max,
        });
    }
    Ok(())
}

/// Refuses a zero bound (a staleness, a window or a bps bound) of a price source.
pub fn nonzero<T: Default + PartialEq>(
    asset: &AssetInfo,
    value: T,
    field: &'static str,
) -> Result<T, ContractError> {
    if value == T::default() {
        return Err(ContractError::ZeroBound {
            asset: asset.clone(),
            field,
        });
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use mars_types::Bps;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn bps_round_up_and_compare_exactly_with_whole_bounds() {
        assert_eq!(bps_of(d("1"), d("100")), 100);
        // 1/3 = 3333.33.. bps: reported as 3334, so a 3333 bps bound refuses it
        assert_eq!(bps_of(d("1"), d("3")), 3334);
        assert_eq!(bps_of(d("0"), d("3")), 0);
        // a hair above 1%: 100.000000000000000001 bps reads as 101
        assert_eq!(bps_of(d("1.000000000000000001"), d("100")), 101);
        assert_eq!(bps_of(d("150"), d("100")), 15_000, "not capped at 100%");
        assert_eq!(bps_of(Decimal::MAX, Decimal::raw(1)), u128::MAX);
    }

    #[test]
    fn age_is_checked_against_the_block_time() {
        let asset = AssetInfo::Native {
            denom: "uatom".into(),
        };
        assert_eq!(check_age(&asset, 1_000, 940, 60), Ok(()));
        assert_eq!(
            check_age(&asset, 1_000, 939, 60),
            Err(ContractError::StalePrice {
                asset: asset.clone(),
                age: 61,
                max: 60
            })
        );
        assert_eq!(
            check_age(&asset, 1_000, 1_005, 60),
            Ok(()),
            "future is age zero"
        );
        assert_eq!(
            nonzero(&asset, Bps::new(1).unwrap(), "x"),
            Ok(Bps::new(1).unwrap())
        );
        assert_eq!(
            nonzero(&asset, 0u64, "window"),
            Err(ContractError::ZeroBound {
                asset,
                field: "window"
            })
        );
    }
}
