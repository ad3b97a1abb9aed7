//! What a pool position is worth: the vault's share of what the pool's invariant holds at the
//! oracle price, never more than its share of the real reserves.
//!
//! Spot reserves can be moved by anyone, in the same transaction, with a swap; the invariant
//! cannot (a swap only raises it by its fee). So a position is worth the smaller of its share of
//! the reserves at the oracle price and its share of what the pool would hold at that price: for
//! a constant product `√(k/P)` of the asset and `√(k·P)` of USDm (`2·√(k·P)` in all, Mars
//! Protocol's fair LP price), for a stableswap `D/2` of each. Its USDm side is its share of the
//! real USDm reserve (protocol-owned USDm is never counted above what the pool holds), and its
//! asset side the rest of its value, at most its share of the real asset reserve. A swap moves
//! value between the two sides but cannot raise the whole beyond what its fee adds, so the
//! vault's surplus (collateral less circulating USDm) cannot be inflated by one.
//! A position whose pool cannot be read, or whose arithmetic fails, is worth nothing. The
//! reserves are read raw from the pair's pool record (a layout of `mars_types::swap`, as the
//! vault registers Mars Swap pools only), so valuing a position loads no other contract.

use cosmwasm_std::{Decimal, Isqrt, QuerierWrapper, Uint128, Uint256};
use mars_types::swap::Curve;
use mars_types::swap::{Pool as PairPool, POOL_KEY};
use mars_types::value::{amount_to_value, value_to_amount};
use mars_types::Rounding;

use crate::pools::Pool;

/// A position's two sides, conservatively.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sides {
    pub asset: Uint128,
    pub usdm: Uint128,
}

/// A pool's reserves as (asset, USDm) and its LP tokens issued.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reserves {
    pub asset: Uint128,
    pub usdm: Uint128,
    pub total_share: Uint128,
}

/// The pool's reserves, read raw from the pair's storage (Mars Swap's pool record,
/// [`mars_types::swap::Pool`], and its LP token's supply): two storage reads, no call into the
/// pair or the token. `None` when either cannot be read.
pub fn reserves(querier: &QuerierWrapper, pool: &Pool) -> Option<Reserves> {
    let record = mars_entry::raw::query_wasm_raw(querier, pool.pair.as_str(), POOL_KEY).ok()?;
    let stored = match record {
        Some(raw) => PairPool::decode(&raw).ok()?,
        None => PairPool::default(),
    };
    let total_share = mars_types::usdm::total_supply(querier, &pool.lp_token).ok()?;
    let (asset, usdm) = pool.split(stored.reserves);
    Some(Reserves {
        asset,
        usdm,
        total_share,
    })
}

/// The vault's `lp_units` of a pool with `reserves`, the asset (`decimals`) at oracle `price`.
pub fn value(
    pool: &Pool,
    reserves: Reserves,
    lp_units: Uint128,
    decimals: u8,
    price: Decimal,
) -> Option<Sides> {
    let Reserves {
        asset: x,
        usdm: u,
        total_share,
    } = reserves;
    if lp_units.is_zero() || lp_units > total_share || x.is_zero() || u.is_zero() {
        return None;
    }
    let (fair_x, fair_u) = match pool.curve {
        Curve::Xyk {} => {
            // with P the price in USDm base units per asset base unit, u' = √(k·P) = √(x·P · u):
            // the geometric mean of the two sides' values, and x' = k / u'
            let x_value = amount_to_value(x, decimals, price, Rounding::Down).ok()?;
            let fair_u = Uint256::from(x_value)
                .checked_mul(Uint256::from(u))
                .ok()?
                .isqrt();
            if fair_u.is_zero() {
                return None;
            }
            let k = Uint256::from(x).checked_mul(Uint256::from(u)).ok()?;
            (narrow(k / fair_u), narrow(fair_u))
        }
        Curve::Stable { decimals: d, .. } => {
            let invariant = pool.curve.invariant(pool.join(x, u)).ok()?;
            let top = d[0].max(d[1]);
            let (dx, du) = pool.split(d);
            let half = invariant / Uint256::from(2u8);
            let unscale = |dec: u8| half / Uint256::from(10u8).pow(u32::from(top - dec));
            (narrow(unscale(dx)), narrow(unscale(du)))
        }
    };
    let share = |amount: Uint128| amount.multiply_ratio(lp_units, total_share);
    let (x, u, fair_x, fair_u) = (share(x), share(u), share(fair_x), share(fair_u));
    let at_price = |amount| amount_to_value(amount, decimals, price, Rounding::Down).ok();
    let fair = at_price(fair_x)?.checked_add(fair_u).ok()?;
    let real = at_price(x)?.checked_add(u).ok()?;
    let asset_value = fair.min(real).saturating_sub(u);
    let asset = value_to_amount(asset_value, decimals, price, Rounding::Down).ok()?;
    Some(Sides {
        asset: asset.min(x),
        usdm: u,
    })
}

/// A value that may not fit 128 bits, capped (it is only ever compared with a reserve).
fn narrow(v: Uint256) -> Uint128 {
    Uint128::try_from(v).unwrap_or(Uint128::MAX)
}

/// The pool's price of one whole unit of the asset in USDm base units (micro-USD): the USDm
/// reserve per asset for a constant product, a fee-less swap of one whole unit for a stableswap.
/// The stableswap invariant is homogeneous (scaling both reserves scales every amount), so a
/// pool of a few units (what the locked minimum liquidity leaves after every provider has
/// withdrawn) is priced on its reserves scaled up until one unit is a millionth of the smaller.
pub fn pool_price(pool: &Pool, reserves: Reserves, decimals: u8) -> Option<Uint128> {
    let unit = Uint128::new(10u128.checked_pow(u32::from(decimals))?);
    match pool.curve {
        Curve::Xyk {} => reserves
            .usdm
            .checked_multiply_ratio(unit, reserves.asset)
            .ok(),
        Curve::Stable { .. } => {
            let depth = unit.checked_mul(Uint128::new(1_000_000)).ok()?;
            let smaller = reserves.asset.min(reserves.usdm);
            let scale = if smaller >= depth {
                Uint128::one()
            } else {
                depth
                    .checked_add(smaller)
                    .ok()?
                    .checked_sub(Uint128::one())
                    .ok()?
                    / smaller
            };
            let scaled = pool.join(
                reserves.asset.checked_mul(scale).ok()?,
                reserves.usdm.checked_mul(scale).ok()?,
            );
            let i = usize::from(pool.usdm_first);
            let swap = pool
                .curve
                .swap(scaled, i, unit, mars_types::Bps::ZERO)
                .ok()?;
            Some(swap.return_amount)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::Addr;
    use mars_types::treasury::PoolParams;
    use mars_types::{AssetInfo, Bps};

    fn pool(curve: Curve, usdm_first: bool) -> Pool {
        Pool {
            pair: Addr::unchecked("pair"),
            lp_token: Addr::unchecked("lp"),
            asset: AssetInfo::Native {
                denom: "uatom".into(),
            },
            usdm_first,
            curve,
            params: PoolParams {
                max_usdm: Uint128::MAX,
                max_bps_from_peg: Bps::MAX,
                max_deployed_bps: Bps::MAX,
            },
            lp_units: Uint128::zero(),
            principal_asset: Uint128::zero(),
            principal_usdm: Uint128::zero(),
        }
    }

    fn reserves(asset: u128, usdm: u128, total_share: u128) -> Reserves {
        Reserves {
            asset: Uint128::new(asset),
            usdm: Uint128::new(usdm),
            total_share: Uint128::new(total_share),
        }
    }

    #[test]
    fn a_constant_product_position_at_the_oracle_price_is_its_share_of_the_reserves() {
        // 1,000 ATOM (6 decimals) and 10,000 USDm: $10, the oracle's price
        let p = pool(Curve::Xyk {}, false);
        let r = reserves(1_000_000_000, 10_000_000_000, 100);
        let sides = value(&p, r, Uint128::new(25), 6, Decimal::percent(1_000)).unwrap();
        assert_eq!(sides.asset, Uint128::new(250_000_000));
        assert_eq!(sides.usdm, Uint128::new(2_500_000_000));
    }

    fn worth(sides: Sides, price: Decimal) -> Uint128 {
        amount_to_value(sides.asset, 6, price, Rounding::Down).unwrap() + sides.usdm
    }

    #[test]
    fn a_swap_that_moves_the_reserves_never_raises_the_value() {
        let p = pool(Curve::Xyk {}, true);
        let price = Decimal::percent(1_000);
        let lp = Uint128::new(100);
        let before = value(
            &p,
            reserves(1_000_000_000, 10_000_000_000, 100),
            lp,
            6,
            price,
        )
        .unwrap();
        // someone buys 500 ATOM with USDm… or the other way (fee-less, k kept)
        for (x, u) in [
            (500_000_000, 20_000_000_000),
            (2_000_000_000, 5_000_000_000),
        ] {
            let after = value(&p, reserves(x, u, 100), lp, 6, price).unwrap();
            assert!(worth(after, price) <= worth(before, price));
            // the USDm side is what the pool holds
            assert_eq!(after.usdm, Uint128::new(u));
        }
    }

    #[test]
    fn a_stableswap_position_is_worth_at_most_its_invariant() {
        let curve = Curve::Stable {
            amp: 100,
            decimals: [6, 6],
        };
        let p = pool(curve, false);
        let lp = Uint128::new(10);
        let one = Decimal::one();
        let balanced = value(&p, reserves(1_000_000, 1_000_000, 10), lp, 6, one).unwrap();
        assert_eq!(balanced.asset, Uint128::new(1_000_000));
        assert_eq!(balanced.usdm, Uint128::new(1_000_000));
        // moved along the curve: the USDm side is the reserve, the whole at most D
        let moved = value(&p, reserves(1_500_000, 500_600, 10), lp, 6, one).unwrap();
        assert_eq!(moved.usdm, Uint128::new(500_600));
        assert!(worth(moved, one) <= Uint128::new(2_000_000));
        assert!(moved.asset <= Uint128::new(1_500_000));
        // an asset priced below the peg is worth its real reserve at the price, no more
        let cheap = Decimal::percent(90);
        let depegged = value(&p, reserves(1_500_000, 500_600, 10), lp, 6, cheap).unwrap();
        assert_eq!(depegged.asset, Uint128::new(1_500_000));
    }

    #[test]
    fn an_empty_or_unheld_position_has_no_value() {
        let p = pool(Curve::Xyk {}, false);
        assert_eq!(
            value(&p, reserves(0, 0, 0), Uint128::one(), 6, Decimal::one()),
            None
        );
        assert_eq!(
            value(&p, reserves(10, 10, 10), Uint128::zero(), 6, Decimal::one()),
            None
        );
        assert_eq!(
            value(
                &p,
                reserves(10, 10, 10),
                Uint128::new(11),
                6,
                Decimal::one()
            ),
            None
        );
    }

    #[test]
    fn pool_prices_are_micro_usd_per_whole_unit() {
        let xyk = pool(Curve::Xyk {}, false);
        assert_eq!(
            pool_price(&xyk, reserves(2_000_000, 20_000_000, 1), 6),
            Some(Uint128::new(10_000_000))
        );
        let stable = pool(
            Curve::Stable {
                amp: 100,
                decimals: [6, 6],
            },
            true,
        );
        let price = pool_price(&stable, reserves(1_000_000_000, 1_000_000_000, 1), 6).unwrap();
        assert!(price > Uint128::new(999_000) && price <= Uint128::new(1_000_000));
        // the dust a withdrawn pool keeps is priced as a deep pool of the same balance
        let dust = pool_price(&stable, reserves(500, 500, 1_000), 6).unwrap();
        assert!(
            dust > Uint128::new(999_000) && dust <= Uint128::new(1_000_000),
            "{dust}"
        );
        let tilted = pool_price(&stable, reserves(526, 476, 1_000), 6).unwrap();
        assert!(tilted < dust && tilted > Uint128::new(990_000), "{tilted}");
    }
}
