//! Basis points: shares, caps and fees, bounded to 0..=10,000 at the type level.

use std::fmt;

use cosmwasm_std::{Decimal, Uint128, Uint256};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::value::{div_round, mul_div, Rounding};

/// A fraction in basis points (1 bps = 0.01%), never above 10,000 (100%).
///
/// Deserialization rejects values above 10,000, so a message can never carry an out-of-range
/// share, cap or fee into a contract.
#[derive(
    Serialize, Deserialize, Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash,
)]
#[serde(try_from = "u16", into = "u16")]
pub struct Bps(u16);

#[derive(Error, Debug, PartialEq, Eq)]
#[error("{bps} bps is above the maximum of 10000 bps")]
pub struct BpsOutOfRange {
    pub bps: u32,
}

impl Bps {
    /// 10,000 bps: the whole.
    pub const MAX: Bps = Bps(10_000);
    pub const ZERO: Bps = Bps(0);

    pub const fn new(bps: u16) -> Result<Self, BpsOutOfRange> {
        if bps > 10_000 {
            return Err(BpsOutOfRange { bps: bps as u32 });
        }
        Ok(Bps(bps))
    }

    pub const fn get(self) -> u16 {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// The fraction as a `Decimal` (10,000 bps = 1.0).
    pub fn to_decimal(self) -> Decimal {
        Decimal::from_ratio(self.0, 10_000u16)
    }

    /// `self` complement: 10,000 − self.
    pub fn complement(self) -> Bps {
        Bps(10_000 - self.0)
    }

    /// `amount × self / 10,000`, rounded as the caller chooses (fees round up).
    pub fn apply(self, amount: Uint128, rounding: Rounding) -> Uint128 {
        // in 128 bits unless the product needs more; q <= amount since self <= 10,000, so it
        // always fits
        mul_div(
            amount,
            Uint128::new(self.0.into()),
            Uint128::new(10_000),
            rounding,
        )
        .expect("bps of an amount fits in the amount")
    }

    /// The share `part / whole` in bps, rounded as the caller chooses, saturating at 10,000.
    /// A zero `whole` yields zero.
    pub fn from_ratio(part: Uint128, whole: Uint128, rounding: Rounding) -> Bps {
        if whole.is_zero() {
            return Bps::ZERO;
        }
        let n = Uint256::from(part) * Uint256::from(10_000u16);
        let q = div_round(n, Uint256::from(whole), rounding);
        if q >= Uint256::from(10_000u16) {
            Bps::MAX
        } else {
            Bps(
                u16::try_from(Uint128::try_from(q).expect("below 10,000").u128())
                    .expect("below 10,000"),
            )
        }
    }
}

impl TryFrom<u16> for Bps {
    type Error = BpsOutOfRange;
    fn try_from(value: u16) -> Result<Self, Self::Error> {
        Bps::new(value)
    }
}

impl From<Bps> for u16 {
    fn from(value: Bps) -> u16 {
        value.0
    }
}

impl fmt::Display for Bps {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}bps", self.0)
    }
}

impl JsonSchema for Bps {
    fn schema_name() -> String {
        "Bps".to_string()
    }

    fn json_schema(gen: &mut schemars::gen::SchemaGenerator) -> schemars::schema::Schema {
        let mut schema = <u16 as JsonSchema>::json_schema(gen).into_object();
        schema.metadata().description =
            Some("Basis points: an integer from 0 to 10000 (100%).".to_string());
        schema.number().maximum = Some(10_000.0);
        schema.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::{from_json, to_json_string};

    #[test]
    fn bounds_are_enforced_on_construction_and_deserialization() {
        assert_eq!(Bps::new(10_000).unwrap(), Bps::MAX);
        assert_eq!(Bps::new(10_001), Err(BpsOutOfRange { bps: 10_001 }));
        assert_eq!(from_json::<Bps>("2500").unwrap(), Bps::new(2500).unwrap());
        let err = from_json::<Bps>("10001").unwrap_err().to_string();
        assert!(err.contains("above the maximum"), "{err}");
        assert_eq!(to_json_string(&Bps::new(7).unwrap()).unwrap(), "7");
    }

    #[test]
    fn apply_rounds_in_the_requested_direction() {
        let fee = Bps::new(30).unwrap();
        // 0.3% of 1,001 = 3.003
        assert_eq!(
            fee.apply(Uint128::new(1_001), Rounding::Down),
            Uint128::new(3)
        );
        assert_eq!(
            fee.apply(Uint128::new(1_001), Rounding::Up),
            Uint128::new(4)
        );
        // exact results are not bumped
        assert_eq!(
            fee.apply(Uint128::new(1_000), Rounding::Up),
            Uint128::new(3)
        );
        assert_eq!(
            Bps::MAX.apply(Uint128::MAX, Rounding::Up),
            Uint128::MAX,
            "no overflow at the extremes"
        );
    }

    #[test]
    fn ratio_rounds_and_saturates() {
        let r = |p: u128, w: u128, d| Bps::from_ratio(Uint128::new(p), Uint128::new(w), d).get();
        assert_eq!(r(1, 3, Rounding::Down), 3333);
        assert_eq!(r(1, 3, Rounding::Up), 3334);
        assert_eq!(r(5, 4, Rounding::Down), 10_000);
        assert_eq!(r(5, 0, Rounding::Up), 0);
        assert_eq!(r(u128::MAX, u128::MAX, Rounding::Down), 10_000);
    }
}
