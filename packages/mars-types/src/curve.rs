//! The arithmetic of Mars Swap's two curves, on a pool's reserves: swaps both ways, deposits,
//! withdrawals and the spot price the cumulative prices accumulate.
//!
//! Every rounding favours the pool: a swap pays the amount rounded down and its commission
//! rounded up; a deposit mints rounded down and takes its assets rounded up; a withdrawal pays
//! rounded down.
//!
//! The stableswap curve is Curve's for two assets, `A·n^n·Σx + D = A·D·n^n + D^(n+1)/(n^n·Πx)`
//! with `n = 2`, solved by Newton's method on amounts scaled to the larger of the two decimals.

use cosmwasm_std::{Isqrt, Uint128, Uint256};
use thiserror::Error;

use crate::bps::Bps;
use crate::swap::{Curve, MINIMUM_LIQUIDITY};
use crate::value::Rounding;

/// The precision (decimal digits) of the cumulative prices: Astroport's xyk rule.
pub use crate::astroport::TWAP_PRECISION;

/// Newton steps before a stableswap computation gives up.
const MAX_ITERATIONS: usize = 64;

#[derive(Error, Debug, PartialEq, Eq)]
pub enum CurveError {
    #[error("the pool is empty: provide liquidity first")]
    EmptyPool {},

    #[error("the amount must be positive")]
    ZeroAmount {},

    #[error("the pool holds {reserve} of the asked asset: it cannot pay {ask}")]
    AskTooLarge { ask: Uint128, reserve: Uint128 },

    #[error(
        "the first deposit must name both assets and mint more than {MINIMUM_LIQUIDITY} LP tokens"
    )]
    FirstDepositTooSmall {},

    #[error("the deposit mints no LP tokens")]
    NothingMinted {},

    #[error("the withdrawal is more than the LP tokens issued")]
    ShareAboveSupply {},

    #[error("the stableswap invariant did not converge")]
    NoConvergence {},

    #[error("an amount of the pool overflows")]
    Overflow {},
}

type Result<T> = std::result::Result<T, CurveError>;

/// What a swap pays, in the asked asset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Swap {
    /// Paid to the trader.
    pub return_amount: Uint128,
    /// How much less than at the pool's price before the swap.
    pub spread_amount: Uint128,
    /// The fee, kept by the pool.
    pub commission_amount: Uint128,
}

/// What a deposit mints and takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deposit {
    /// LP tokens for the depositor.
    pub share: Uint128,
    /// LP tokens minted to the pair and locked: [`MINIMUM_LIQUIDITY`] on the first deposit.
    pub locked: Uint128,
    /// What the pool takes of each asset; the rest of the deposit goes back.
    pub used: [Uint128; 2],
}

fn u256(v: Uint128) -> Uint256 {
    v.into()
}

fn narrow(v: Uint256) -> Result<Uint128> {
    Uint128::try_from(v).map_err(|_| CurveError::Overflow {})
}

fn mul(a: Uint256, b: Uint256) -> Result<Uint256> {
    a.checked_mul(b).map_err(|_| CurveError::Overflow {})
}

fn div(a: Uint256, b: Uint256) -> Result<Uint256> {
    a.checked_div(b).map_err(|_| CurveError::Overflow {})
}

fn div_ceil(a: Uint256, b: Uint256) -> Result<Uint256> {
    let q = div(a, b)?;
    Ok(if q * b == a { q } else { q + Uint256::one() })
}

/// The gross amount a swap must take from the pool so that `net` is left after a commission of
/// `fee` rounded up.
fn gross_of_fee(net: Uint128, fee: Bps) -> Result<Uint128> {
    let whole = Uint256::from(10_000u32);
    let kept = Uint256::from(10_000 - u32::from(fee.get()));
    narrow(div_ceil(mul(u256(net), whole)?, kept)?)
}

/// The commission on a gross payout and what is left.
fn take_fee(gross: Uint128, fee: Bps) -> (Uint128, Uint128) {
    let commission = fee.apply(gross, Rounding::Up).min(gross);
    (gross - commission, commission)
}

/// A stableswap pool's amounts on one scale.
struct Stable {
    amp: Uint256,
    scales: [Uint256; 2],
}

impl Stable {
    fn new(amp: u64, decimals: [u8; 2]) -> Self {
        let top = decimals[0].max(decimals[1]);
        let scale = |d: u8| Uint256::from(10u128.pow(u32::from(top - d)));
        Stable {
            amp: Uint256::from(amp),
            scales: [scale(decimals[0]), scale(decimals[1])],
        }
    }

    fn scaled(&self, reserves: [Uint128; 2]) -> Result<[Uint256; 2]> {
        Ok([
            mul(u256(reserves[0]), self.scales[0])?,
            mul(u256(reserves[1]), self.scales[1])?,
        ])
    }

    /// The invariant `D` of scaled balances.
    fn d(&self, xp: [Uint256; 2]) -> Result<Uint256> {
        let sum = xp[0] + xp[1];
        if sum.is_zero() {
            return Ok(Uint256::zero());
        }
        if xp[0].is_zero() || xp[1].is_zero() {
            return Err(CurveError::EmptyPool {});
        }
        let two = Uint256::from(2u8);
        let ann = mul(self.amp, two)?;
        let mut d = sum;
        for _ in 0..MAX_ITERATIONS {
            let mut d_p = d;
            for x in xp {
                d_p = div(mul(d_p, d)?, mul(x, two)?)?;
            }
            let prev = d;
            let numerator = mul(mul(ann, sum)? + mul(d_p, two)?, d)?;
            let denominator = mul(ann - Uint256::one(), d)? + mul(d_p, Uint256::from(3u8))?;
            d = div(numerator, denominator)?;
            if d.abs_diff(prev) <= Uint256::one() {
                return Ok(d);
            }
        }
        Err(CurveError::NoConvergence {})
    }

    /// The other scaled balance when one is `x` and the invariant is `d`.
    fn y(&self, x: Uint256, d: Uint256) -> Result<Uint256> {
        if x.is_zero() {
            return Err(CurveError::EmptyPool {});
        }
        let two = Uint256::from(2u8);
        let ann = mul(self.amp, two)?;
        let c = div(mul(div(mul(d, d)?, mul(x, two)?)?, d)?, mul(ann, two)?)?;
        let b = x + div(d, ann)?;
        let mut y = d;
        for _ in 0..MAX_ITERATIONS {
            let prev = y;
            let denominator = (mul(y, two)? + b)
                .checked_sub(d)
                .map_err(|_| CurveError::NoConvergence {})?;
            y = div(mul(y, y)? + c, denominator)?;
            if y.abs_diff(prev) <= Uint256::one() {
                return Ok(y);
            }
        }
        Err(CurveError::NoConvergence {})
    }

    /// The gross payout (scaled down to the asked asset's units) of offering `offer`.
    fn gross_out(&self, reserves: [Uint128; 2], i: usize, offer: Uint128) -> Result<Uint128> {
        let j = 1 - i;
        let xp = self.scaled(reserves)?;
        let d = self.d(xp)?;
        let x = xp[i] + mul(u256(offer), self.scales[i])?;
        let y = self.y(x, d)?;
        // one scaled unit less, so that the Newton rounding never pays from the invariant
        let out = xp[j].saturating_sub(y).saturating_sub(Uint256::one());
        narrow(out / self.scales[j])
    }

    /// What to offer of asset `i` for a gross payout of `gross` of the other.
    fn offer_for(&self, reserves: [Uint128; 2], i: usize, gross: Uint128) -> Result<Uint128> {
        let j = 1 - i;
        let xp = self.scaled(reserves)?;
        let d = self.d(xp)?;
        let y = xp[j]
            .checked_sub(mul(u256(gross), self.scales[j])? + Uint256::one())
            .map_err(|_| CurveError::AskTooLarge {
                ask: gross,
                reserve: reserves[j],
            })?;
        let x = self.y(y, d)?;
        let offer = x.saturating_sub(xp[i]);
        // one unit more covers the Newton rounding of the forward swap
        narrow(div_ceil(offer, self.scales[i])? + Uint256::one())
    }

    /// `amount` of asset `i` in units of the other at one to one.
    fn at_par(&self, amount: Uint128, i: usize) -> Result<Uint128> {
        narrow(mul(u256(amount), self.scales[i])? / self.scales[1 - i])
    }
}

fn check_ask(reserves: [Uint128; 2], j: usize, gross: Uint128) -> Result<()> {
    if gross >= reserves[j] {
        return Err(CurveError::AskTooLarge {
            ask: gross,
            reserve: reserves[j],
        });
    }
    Ok(())
}

impl Curve {
    fn stable(&self) -> Option<Stable> {
        match self {
            Curve::Xyk {} => None,
            Curve::Stable { amp, decimals } => Some(Stable::new(*amp, *decimals)),
        }
    }

    /// A swap of `offer` of asset `i` (0 or 1) against the reserves, paying the other asset.
    pub fn swap(&self, reserves: [Uint128; 2], i: usize, offer: Uint128, fee: Bps) -> Result<Swap> {
        let j = 1 - i;
        if reserves[0].is_zero() || reserves[1].is_zero() {
            return Err(CurveError::EmptyPool {});
        }
        if offer.is_zero() {
            return Err(CurveError::ZeroAmount {});
        }
        let (gross, at_price) = match self.stable() {
            None => {
                // ask − ⌈k / (offer_pool + offer)⌉
                let k = mul(u256(reserves[i]), u256(reserves[j]))?;
                let left = div_ceil(k, u256(reserves[i]) + u256(offer))?;
                let gross = narrow(u256(reserves[j]) - left)?;
                let at_price = narrow(div(
                    mul(u256(offer), u256(reserves[j]))?,
                    u256(reserves[i]),
                )?)?;
                (gross, at_price)
            }
            Some(stable) => (
                stable.gross_out(reserves, i, offer)?,
                stable.at_par(offer, i)?,
            ),
        };
        let (return_amount, commission_amount) = take_fee(gross, fee);
        Ok(Swap {
            return_amount,
            spread_amount: at_price.saturating_sub(gross),
            commission_amount,
        })
    }

    /// What to offer of asset `i` for the swap to pay `ask` of the other after its commission,
    /// with that swap's spread and commission.
    pub fn reverse(
        &self,
        reserves: [Uint128; 2],
        i: usize,
        ask: Uint128,
        fee: Bps,
    ) -> Result<(Uint128, Swap)> {
        let j = 1 - i;
        if reserves[0].is_zero() || reserves[1].is_zero() {
            return Err(CurveError::EmptyPool {});
        }
        if ask.is_zero() {
            return Err(CurveError::ZeroAmount {});
        }
        let gross = gross_of_fee(ask, fee)?;
        check_ask(reserves, j, gross)?;
        let offer = match self.stable() {
            None => {
                let k = mul(u256(reserves[i]), u256(reserves[j]))?;
                let left = u256(reserves[j]) - u256(gross);
                narrow(div_ceil(k, left)? - u256(reserves[i]))?
            }
            Some(stable) => stable.offer_for(reserves, i, gross)?,
        };
        Ok((offer, self.swap(reserves, i, offer, fee)?))
    }

    /// A deposit of `amounts` into a pool of `reserves` that has issued `supply` LP tokens.
    ///
    /// Constant product: the first deposit mints `√(a0·a1)`, later ones `min(a_i·S/R_i)`, taking
    /// only the assets in the pool's ratio. Stableswap: the deposit's share of the invariant,
    /// less the swap fee on its distance from the pool's balance (so that a deposit and a
    /// withdrawal cannot swap for less than a swap costs), taking the whole deposit.
    pub fn deposit(
        &self,
        reserves: [Uint128; 2],
        supply: Uint128,
        amounts: [Uint128; 2],
        fee: Bps,
    ) -> Result<Deposit> {
        let first = supply.is_zero();
        if first && (amounts[0].is_zero() || amounts[1].is_zero()) {
            return Err(CurveError::FirstDepositTooSmall {});
        }
        if !first && (reserves[0].is_zero() || reserves[1].is_zero()) {
            return Err(CurveError::EmptyPool {});
        }
        let (minted, used) = match self.stable() {
            None if first => (
                narrow(mul(u256(amounts[0]), u256(amounts[1]))?.isqrt())?,
                amounts,
            ),
            None => {
                let share = |k: usize| -> Result<Uint256> {
                    div(mul(u256(amounts[k]), u256(supply))?, u256(reserves[k]))
                };
                let minted = share(0)?.min(share(1)?);
                let used = |k: usize| -> Result<Uint128> {
                    narrow(div_ceil(mul(minted, u256(reserves[k]))?, u256(supply))?)
                };
                (narrow(minted)?, [used(0)?, used(1)?])
            }
            Some(stable) => {
                let old = stable.scaled(reserves)?;
                let new = stable.scaled([reserves[0] + amounts[0], reserves[1] + amounts[1]])?;
                let d1 = stable.d(new)?;
                if first {
                    (narrow(d1)?, amounts)
                } else {
                    let d0 = stable.d(old)?;
                    // the swap fee on each balance's distance from where a balanced deposit
                    // would have left it (twice Curve's `fee·n/(4(n−1))`, which leaves a
                    // deposit-and-withdraw round trip a few parts per million better than a
                    // swap)
                    let fee = Uint256::from(u32::from(fee.get()));
                    let whole = Uint256::from(10_000u32);
                    let mut charged = new;
                    for k in 0..2 {
                        let ideal = div(mul(d1, old[k])?, d0)?;
                        let distance = ideal.abs_diff(new[k]);
                        charged[k] = new[k] - div_ceil(mul(distance, fee)?, whole)?;
                    }
                    let d2 = stable.d(charged)?;
                    let minted = div(mul(u256(supply), d2.saturating_sub(d0))?, d0)?;
                    (narrow(minted)?, amounts)
                }
            }
        };
        if first {
            if minted <= MINIMUM_LIQUIDITY {
                return Err(CurveError::FirstDepositTooSmall {});
            }
            return Ok(Deposit {
                share: minted - MINIMUM_LIQUIDITY,
                locked: MINIMUM_LIQUIDITY,
                used,
            });
        }
        if minted.is_zero() {
            return Err(CurveError::NothingMinted {});
        }
        Ok(Deposit {
            share: minted,
            locked: Uint128::zero(),
            used,
        })
    }

    /// What `share` of `supply` LP tokens withdraws: its part of each reserve, rounded down.
    pub fn withdraw(
        &self,
        reserves: [Uint128; 2],
        supply: Uint128,
        share: Uint128,
    ) -> Result<[Uint128; 2]> {
        if share.is_zero() {
            return Err(CurveError::ZeroAmount {});
        }
        if share > supply {
            return Err(CurveError::ShareAboveSupply {});
        }
        let part = |r: Uint128| -> Result<Uint128> {
            narrow(div(mul(u256(r), u256(share))?, u256(supply))?)
        };
        Ok([part(reserves[0])?, part(reserves[1])?])
    }

    /// The price of one base unit of asset `i` in base units of the other, times
    /// `10^TWAP_PRECISION`, at the reserves: `R_j/R_i` for a constant product; for a stableswap
    /// the fee-less payout of one whole unit of asset `i`. Zero for an empty pool.
    pub fn spot_price(&self, reserves: [Uint128; 2], i: usize) -> Result<Uint256> {
        let j = 1 - i;
        if reserves[0].is_zero() || reserves[1].is_zero() {
            return Ok(Uint256::zero());
        }
        let precision = Uint256::from(10u128.pow(u32::from(TWAP_PRECISION)));
        match self {
            Curve::Xyk {} => div(mul(u256(reserves[j]), precision)?, u256(reserves[i])),
            Curve::Stable { decimals, .. } => {
                let unit = Uint128::new(10u128.pow(u32::from(decimals[i])));
                let out = self.swap(reserves, i, unit, Bps::ZERO)?;
                div(mul(u256(out.return_amount), precision)?, u256(unit))
            }
        }
    }

    /// The pool's invariant at the reserves: `√(R0·R1)` for a constant product, `D` (scaled to
    /// the larger decimals) for a stableswap.
    pub fn invariant(&self, reserves: [Uint128; 2]) -> Result<Uint256> {
        match self.stable() {
            None => Ok(mul(u256(reserves[0]), u256(reserves[1]))?.isqrt()),
            Some(stable) => stable.d(stable.scaled(reserves)?),
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn curves() -> impl Strategy<Value = Curve> {
        prop_oneof![
            Just(Curve::Xyk {}),
            (1u64..=10_000, 0u8..=18, 0u8..=18).prop_map(|(amp, a, b)| Curve::Stable {
                amp,
                decimals: [a, b]
            }),
        ]
    }

    /// A pool at about one to one in whole units (as a stableswap pool is meant to be), with
    /// from 10^6 to 10^15 base units of the asset with fewer decimals (the other as many whole
    /// units).
    fn pool() -> impl Strategy<Value = (Curve, [Uint128; 2])> {
        (curves(), 1_000_000u128..1_000_000_000_000_000, 50u128..200).prop_map(
            |(curve, r, ratio)| {
                let (a, b) = match &curve {
                    Curve::Stable { decimals, .. } => (decimals[0], decimals[1]),
                    Curve::Xyk {} => (6, 6),
                };
                let r0 = r * 10u128.pow(u32::from(a.saturating_sub(a.min(b))));
                let r1 = r * ratio / 100 * 10u128.pow(u32::from(b.saturating_sub(a.min(b))));
                (curve, [Uint128::new(r0), Uint128::new(r1.max(1))])
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// A swap never lowers the pool's invariant: what it pays is at most what the curve
        /// owes, and the fee stays in.
        #[test]
        fn a_swap_never_lowers_the_invariant(
            (curve, reserves) in pool(),
            i in 0usize..2,
            part in 1u128..=1_000,
            fee in 0u16..=1_000,
        ) {
            let fee = Bps::new(fee).unwrap();
            let offer = Uint128::new((reserves[i].u128() * part / 1_000).max(1));
            let Ok(swap) = curve.swap(reserves, i, offer, fee) else { return Ok(()) };
            let mut after = reserves;
            after[i] += offer;
            after[1 - i] -= swap.return_amount + swap.commission_amount;
            // the commission stays in the pool, so the invariant is at least the fee-less one's
            after[1 - i] += swap.commission_amount;
            prop_assert!(after[1 - i] > Uint128::zero());
            let (Ok(before), Ok(now)) = (curve.invariant(reserves), curve.invariant(after)) else {
                return Ok(());
            };
            prop_assert!(now >= before);
        }

        /// The offer a reverse simulation names buys at least the asked amount.
        #[test]
        fn the_reverse_offer_buys_the_ask(
            (curve, reserves) in pool(),
            i in 0usize..2,
            part in 1u128..=500,
            fee in 0u16..=1_000,
        ) {
            let fee = Bps::new(fee).unwrap();
            let ask = Uint128::new((reserves[1 - i].u128() * part / 1_000).max(1));
            let Ok((offer, swap)) = curve.reverse(reserves, i, ask, fee) else { return Ok(()) };
            prop_assert!(swap.return_amount >= ask, "{offer} buys {swap:?} < {ask}");
        }

        /// A deposit then the withdrawal of its shares never takes value from the other
        /// providers: the pool's invariant, for the same LP supply, is at least what it was.
        /// A constant-product deposit pays back no more of either asset than it put in.
        #[test]
        fn a_deposit_and_its_withdrawal_never_gain(
            (curve, reserves) in pool(),
            a in 1u128..=1_000,
            b in 0u128..=1_000,
            fee in 0u16..=1_000,
        ) {
            let fee = Bps::new(fee).unwrap();
            // a pool whose invariant overflows refuses every operation with an error
            let Ok(supply) = curve.invariant(reserves) else { return Ok(()) };
            let Ok(supply) = Uint128::try_from(supply) else { return Ok(()) };
            let amounts = [
                Uint128::new(reserves[0].u128() * a / 1_000),
                Uint128::new(reserves[1].u128() * b / 1_000),
            ];
            let Ok(deposit) = curve.deposit(reserves, supply, amounts, fee) else { return Ok(()) };
            let after = [reserves[0] + deposit.used[0], reserves[1] + deposit.used[1]];
            let paid = curve.withdraw(after, supply + deposit.share, deposit.share).unwrap();
            let left = [after[0] - paid[0], after[1] - paid[1]];
            let Ok(invariant_left) = curve.invariant(left) else { return Ok(()) };
            prop_assert!(invariant_left >= curve.invariant(reserves).unwrap(),
                "{paid:?} for {:?}", deposit.used);
            prop_assert!(deposit.used[0] <= amounts[0] && deposit.used[1] <= amounts[1]);
            if curve == (Curve::Xyk {}) {
                prop_assert!(paid[0] <= deposit.used[0] && paid[1] <= deposit.used[1]);
            }
        }
    }

    #[test]
    fn the_first_deposit_locks_the_minimum() {
        let d = Curve::Xyk {}
            .deposit(
                [Uint128::zero(); 2],
                Uint128::zero(),
                [Uint128::new(4_000_000), Uint128::new(1_000_000)],
                Bps::ZERO,
            )
            .unwrap();
        assert_eq!(d.share + d.locked, Uint128::new(2_000_000));
        assert_eq!(d.locked, MINIMUM_LIQUIDITY);
    }
}
