//! Token amount ⇄ USD value: the one place where prices multiply amounts.
//!
//! A price is the USD value of one **whole** token (`10^decimals` base units) as a `Decimal`;
//! a value is in micro-dollars (`Uint128`, 6 decimals, the unit of USDm). Intermediates are
//! computed in 128 bits when they fit and in `Uint256` otherwise (both exact), so that `Uint128::MAX` base units of an 18-decimal token at any `Decimal` price
//! cannot overflow before the final result is known; a result that does not fit `Uint128` is an
//! error, never a wrap. Every function takes the rounding direction from the caller, who must
//! choose the one that favours the vault.

use cosmwasm_std::{Decimal, Uint128, Uint256};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The largest number of decimals a whitelisted token may have (EVM tokens use 18).
pub const MAX_DECIMALS: u8 = 18;

/// Decimals of USD values and of USDm itself.
pub const USD_DECIMALS: u32 = 6;

/// `Decimal` stores `value × 10^18` as an integer.
const DECIMAL_FRACTIONAL_DIGITS: u32 = 18;

/// Which way to round a division. Outputs of the vault round `Down`, fees round `Up`.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    Down,
    Up,
}

#[derive(Error, Debug, PartialEq, Eq)]
pub enum ValueError {
    #[error("decimals {decimals} is above the maximum of {MAX_DECIMALS}")]
    DecimalsOutOfRange { decimals: u8 },

    #[error("cannot convert a value to an amount at a zero price")]
    ZeroPrice,

    #[error("result does not fit in 128 bits")]
    Overflow,
}

/// `n / d` rounded as asked. `d` must not be zero.
pub(crate) fn div_round(n: Uint256, d: Uint256, rounding: Rounding) -> Uint256 {
    let q = n / d;
    match rounding {
        Rounding::Up if !(n % d).is_zero() => q + Uint256::one(),
        _ => q,
    }
}

/// `n / d` rounded as asked, in 128 bits. `d` must not be zero. One division (the remainder
/// is `n − q × d`), in 64 bits when both fit: a 128-bit division is a call into a long routine.
fn div_round_u128(n: u128, d: u128, rounding: Rounding) -> u128 {
    let q = match (u64::try_from(n), u64::try_from(d)) {
        (Ok(n), Ok(d)) => u128::from(n / d),
        _ => n / d,
    };
    match rounding {
        Rounding::Up if n - q * d != 0 => q + 1,
        _ => q,
    }
}

/// `10^(18 + decimals − 6)`: the divisor from `amount × price_atomics` to micro-dollars; at most
/// 10^30, inside 128 bits.
fn scale(decimals: u8) -> Result<u128, ValueError> {
    if decimals > MAX_DECIMALS {
        return Err(ValueError::DecimalsOutOfRange { decimals });
    }
    Ok(SCALES[usize::from(decimals)])
}

/// `scale(d)` for every `d` up to [`MAX_DECIMALS`], computed once at compile time (a 128-bit
/// `pow` at run time is a loop of 128-bit multiplications).
const SCALES: [u128; MAX_DECIMALS as usize + 1] = {
    let mut t = [0u128; MAX_DECIMALS as usize + 1];
    let mut d = 0;
    while d <= MAX_DECIMALS as usize {
        t[d] = 10u128.pow(DECIMAL_FRACTIONAL_DIGITS + d as u32 - USD_DECIMALS);
        d += 1;
    }
    t
};

/// `a × b > c × d`, exactly: in 128 bits when both products fit, else in 256.
pub fn product_above(a: Uint128, b: Uint128, c: Uint128, d: Uint128) -> bool {
    match (
        a.u128().checked_mul(b.u128()),
        c.u128().checked_mul(d.u128()),
    ) {
        (Some(left), Some(right)) => left > right,
        _ => Uint256::from(a) * Uint256::from(b) > Uint256::from(c) * Uint256::from(d),
    }
}

/// `a × b / c` rounded as asked, exactly: in 128 bits when the product fits, else in 256; an
/// error when the result does not fit 128 bits. `c` must not be zero.
pub fn mul_div(
    a: Uint128,
    b: Uint128,
    c: Uint128,
    rounding: Rounding,
) -> Result<Uint128, ValueError> {
    match a.u128().checked_mul(b.u128()) {
        Some(n) => Ok(Uint128::new(div_round_u128(n, c.u128(), rounding))),
        None => to_u128(div_round(
            Uint256::from(a) * Uint256::from(b),
            Uint256::from(c),
            rounding,
        )),
    }
}

fn to_u128(v: Uint256) -> Result<Uint128, ValueError> {
    Uint128::try_from(v).map_err(|_| ValueError::Overflow)
}

/// The micro-USD value of `amount` base units of a token with `decimals` at `price` per whole
/// token.
pub fn amount_to_value(
    amount: Uint128,
    decimals: u8,
    price: Decimal,
    rounding: Rounding,
) -> Result<Uint128, ValueError> {
    let scale = scale(decimals)?;
    // (2^128 − 1)² < 2^256: the wide product cannot overflow
    mul_div(amount, price.atomics(), Uint128::new(scale), rounding)
}

/// The number of base units of a token with `decimals` worth `value` micro-USD at `price` per
/// whole token.
pub fn value_to_amount(
    value: Uint128,
    decimals: u8,
    price: Decimal,
    rounding: Rounding,
) -> Result<Uint128, ValueError> {
    let scale = scale(decimals)?;
    if price.is_zero() {
        return Err(ValueError::ZeroPrice);
    }
    // 2^128 × 10^30 < 2^228: the wide product cannot overflow
    mul_div(value, Uint128::new(scale), price.atomics(), rounding)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn to_value(amount: u128, decimals: u8, price: &str, r: Rounding) -> u128 {
        amount_to_value(Uint128::new(amount), decimals, dec(price), r)
            .unwrap()
            .u128()
    }

    fn to_amount(value: u128, decimals: u8, price: &str, r: Rounding) -> u128 {
        value_to_amount(Uint128::new(value), decimals, dec(price), r)
            .unwrap()
            .u128()
    }

    proptest! {
        /// The 128-bit fast paths give exactly what the 256-bit computation gives.
        #[test]
        fn the_fast_paths_agree_with_256_bits(
            a in any::<u128>().prop_map(|v| v >> (v % 128)),
            b in any::<u128>().prop_map(|v| v >> (v % 128)),
            c in any::<u128>().prop_map(|v| (v >> (v % 128)).max(1)),
            d in any::<u128>().prop_map(|v| v >> (v % 128)),
            up in any::<bool>(),
        ) {
            let (ua, ub, uc, ud) = (Uint128::new(a), Uint128::new(b), Uint128::new(c), Uint128::new(d));
            let wide = Uint256::from;
            prop_assert_eq!(product_above(ua, ub, uc, ud), wide(ua) * wide(ub) > wide(uc) * wide(ud));
            let rounding = if up { Rounding::Up } else { Rounding::Down };
            let expected = to_u128(div_round(wide(ua) * wide(ub), wide(uc), rounding));
            prop_assert_eq!(mul_div(ua, ub, uc, rounding), expected);
        }
    }

    #[test]
    fn six_decimals_at_one_dollar_is_identity() {
        assert_eq!(to_value(1_234_567, 6, "1", Rounding::Down), 1_234_567);
        assert_eq!(to_amount(1_234_567, 6, "1", Rounding::Up), 1_234_567);
    }

    #[test]
    fn eight_decimals_btc() {
        // 0.5 BTC (50_000_000 sats) at $60,000.12 = $30,000.06
        assert_eq!(
            to_value(50_000_000, 8, "60000.12", Rounding::Down),
            30_000_060_000
        );
        // 1 sat at $60,000.12 = 600.0012 micro-dollars
        assert_eq!(to_value(1, 8, "60000.12", Rounding::Down), 600);
        assert_eq!(to_value(1, 8, "60000.12", Rounding::Up), 601);
        // $1 buys 1666.66 sats
        assert_eq!(to_amount(1_000_000, 8, "60000", Rounding::Down), 1_666);
        assert_eq!(to_amount(1_000_000, 8, "60000", Rounding::Up), 1_667);
    }

    #[test]
    fn eighteen_decimals_evm_tokens() {
        // 1.5 ETH at $3,000 = $4,500
        assert_eq!(
            to_value(1_500_000_000_000_000_000, 18, "3000", Rounding::Down),
            4_500_000_000
        );
        // 1 wei at $3,000 is 3e-12 micro-dollars: zero rounded down, one rounded up
        assert_eq!(to_value(1, 18, "3000", Rounding::Down), 0);
        assert_eq!(to_value(1, 18, "3000", Rounding::Up), 1);
        // 1 micro-dollar of ETH at $3,000 = 333,333,333.33 wei
        assert_eq!(to_amount(1, 18, "3000", Rounding::Down), 333_333_333);
        assert_eq!(to_amount(1, 18, "3000", Rounding::Up), 333_333_334);
    }

    #[test]
    fn zero_decimals() {
        assert_eq!(to_value(3, 0, "2.5", Rounding::Down), 7_500_000);
        assert_eq!(to_amount(7_500_001, 0, "2.5", Rounding::Down), 3);
        assert_eq!(to_amount(7_500_001, 0, "2.5", Rounding::Up), 4);
    }

    #[test]
    fn max_amounts_do_not_overflow_intermediates() {
        // Uint128::MAX wei at $1: 3.4e38 / 1e12 ≈ 3.4e26 micro-dollars, fits
        assert_eq!(
            to_value(u128::MAX, 18, "1", Rounding::Down),
            u128::MAX / 1_000_000_000_000
        );
        // Uint128::MAX micro-dollars at the largest price Decimal can hold, 18 decimals
        assert!(value_to_amount(Uint128::MAX, 18, Decimal::MAX, Rounding::Up).is_ok());
        // Uint128::MAX base units at Decimal::MAX: a result too large is an error, not a wrap
        assert_eq!(
            amount_to_value(Uint128::MAX, 6, Decimal::MAX, Rounding::Down),
            Err(ValueError::Overflow)
        );
        // a 6-decimal Uint128::MAX at $2 doubles past 128 bits
        assert_eq!(
            amount_to_value(Uint128::MAX, 6, dec("2"), Rounding::Down),
            Err(ValueError::Overflow)
        );
        // converting a huge value at a tiny price overflows cleanly
        assert_eq!(
            value_to_amount(Uint128::MAX, 6, dec("0.5"), Rounding::Down),
            Err(ValueError::Overflow)
        );
    }

    #[test]
    fn tiny_prices_below_one_micro_dollar() {
        // a meme token at $0.0000001234 with 6 decimals: 10^12 base units = 10^6 tokens = $0.1234
        assert_eq!(
            to_value(1_000_000_000_000, 6, "0.0000001234", Rounding::Down),
            123_400
        );
        // one whole token is worth 0.1234 micro-dollars
        assert_eq!(to_value(1_000_000, 6, "0.0000001234", Rounding::Down), 0);
        assert_eq!(to_value(1_000_000, 6, "0.0000001234", Rounding::Up), 1);
        // the smallest Decimal price, 1e-18
        assert_eq!(
            to_value(u128::MAX, 0, "0.000000000000000001", Rounding::Down),
            u128::MAX / 1_000_000_000_000
        );
        assert_eq!(to_amount(1, 6, "0.0000001234", Rounding::Down), 8_103_727);
        assert_eq!(to_amount(1, 6, "0.0000001234", Rounding::Up), 8_103_728);
    }

    #[test]
    fn huge_prices_above_a_million_dollars() {
        // 1 base unit of an 8-decimal token at $12,345,678.9 = 123,456.789 micro-dollars
        assert_eq!(to_value(1, 8, "12345678.9", Rounding::Down), 123_456);
        assert_eq!(to_value(1, 8, "12345678.9", Rounding::Up), 123_457);
        // $1 at that price is 8.1 base units
        assert_eq!(to_amount(1_000_000, 8, "12345678.9", Rounding::Down), 8);
        assert_eq!(to_amount(1_000_000, 8, "12345678.9", Rounding::Up), 9);
    }

    #[test]
    fn bad_inputs_are_errors() {
        assert_eq!(
            amount_to_value(Uint128::one(), 19, dec("1"), Rounding::Down),
            Err(ValueError::DecimalsOutOfRange { decimals: 19 })
        );
        assert_eq!(
            value_to_amount(Uint128::one(), 6, Decimal::zero(), Rounding::Down),
            Err(ValueError::ZeroPrice)
        );
        assert_eq!(to_value(0, 18, "3000", Rounding::Up), 0);
    }

    proptest! {
        // Rounding up never gives less than rounding down, and they differ by at most one unit.
        #[test]
        fn up_is_down_or_one_more(amount in any::<u64>(), decimals in 0u8..=18, atoms in 1u128..u128::from(u64::MAX)) {
            let price = Decimal::new(Uint128::new(atoms));
            let down = amount_to_value(Uint128::from(amount), decimals, price, Rounding::Down).unwrap();
            let up = amount_to_value(Uint128::from(amount), decimals, price, Rounding::Up).unwrap();
            prop_assert!(up == down || up == down + Uint128::one());
        }

        // Converting a value to an amount (down) and back (down) never creates value: the vault
        // never pays out more than it was asked to.
        #[test]
        fn round_trip_never_gains(value in any::<u64>(), decimals in 0u8..=18, atoms in 1u128..u128::from(u64::MAX)) {
            let price = Decimal::new(Uint128::new(atoms));
            let amount = value_to_amount(Uint128::from(value), decimals, price, Rounding::Down).unwrap();
            let back = amount_to_value(amount, decimals, price, Rounding::Down).unwrap();
            prop_assert!(back <= Uint128::from(value));
            // and rounding the amount up always covers the value
            let amount_up = value_to_amount(Uint128::from(value), decimals, price, Rounding::Up).unwrap();
            let back_up = amount_to_value(amount_up, decimals, price, Rounding::Up).unwrap();
            prop_assert!(back_up >= Uint128::from(value));
        }
    }
}
