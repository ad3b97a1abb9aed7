//! The vault as one operation sees it: every whitelisted asset with its accounts and, where
//! needed, its oracle price, loaded with one range read and one batched oracle query. Share
//! caps and ceilings are checked here for every operation alike.

use cosmwasm_std::{Addr, Deps, Order, Uint128, Uint256};
use mars_types::oracle::{PriceResponse, QueryMsg as OracleQuery};
use mars_types::value::amount_to_value;
use mars_types::{AssetInfo, AssetInfoUnchecked, Bps, Rounding, Tier, TierCaps};

use crate::state::{AssetRecord, ASSETS, USDM};
use crate::ContractError;

/// The USDm supply, read raw from the token's storage.
pub fn usdm_supply(deps: Deps) -> Result<Uint128, ContractError> {
    let usdm = USDM.load(deps.storage)?;
    Ok(mars_types::usdm::total_supply(&deps.querier, &usdm)?)
}

pub struct Holding {
    pub key: String,
    pub record: AssetRecord,
    /// Present for every asset the vault holds more than dust of, and for the asset an
    /// operation acts on.
    pub price: Option<PriceResponse>,
    /// Value of everything held (liquid + deployed) at the spot price, rounded down.
    pub value: Uint128,
}

pub struct Holdings {
    pub items: Vec<Holding>,
    pub total_value: Uint128,
}

/// Spot value of `amount` of a held asset; an unpriced asset must hold nothing.
fn spot_value(
    record: &AssetRecord,
    price: Option<&PriceResponse>,
    amount: Uint128,
) -> Result<Uint128, ContractError> {
    match price {
        Some(p) => Ok(amount_to_value(
            amount,
            record.params.decimals,
            p.price,
            Rounding::Down,
        )?),
        None => Ok(Uint128::zero()),
    }
}

impl Holdings {
    /// Loads every whitelisted asset and prices, in one oracle query, those the vault holds plus
    /// `also_price`. Assets the vault does not hold, or holds only dust of, are not priced (and
    /// count as worth nothing), so a missing price of an asset nobody has deposited, or of the
    /// dust an asset being retired left behind, cannot block the vault.
    pub fn load(
        deps: Deps,
        oracle: &Addr,
        also_price: Option<&AssetInfo>,
    ) -> Result<Holdings, ContractError> {
        let records = ASSETS
            .range(deps.storage, None, None, Order::Ascending)
            .collect::<Result<Vec<_>, _>>()?;
        let priced: Vec<bool> = records
            .iter()
            .map(|(_, r)| {
                (!r.held().is_zero() && !r.is_dust()) || also_price == Some(&r.params.asset)
            })
            .collect();
        let assets: Vec<AssetInfoUnchecked> = records
            .iter()
            .zip(&priced)
            .filter(|(_, p)| **p)
            .map(|((_, r), _)| r.params.asset.clone().into())
            .collect();
        let mut prices = if assets.is_empty() {
            vec![]
        } else {
            let asked = assets.len();
            let prices: Vec<PriceResponse> = deps
                .querier
                .query_wasm_smart(oracle, &OracleQuery::Prices { assets })?;
            if prices.len() != asked {
                return Err(ContractError::OracleMismatch {
                    asked,
                    got: prices.len(),
                });
            }
            prices
        }
        .into_iter();

        let mut items = Vec::with_capacity(records.len());
        let mut total_value = Uint128::zero();
        for ((key, record), is_priced) in records.into_iter().zip(priced) {
            let price = if is_priced { prices.next() } else { None };
            if let Some(p) = &price {
                if p.asset != record.params.asset {
                    return Err(ContractError::OracleWrongAsset {
                        expected: record.params.asset.to_string(),
                        got: p.asset.to_string(),
                    });
                }
            }
            let value = spot_value(&record, price.as_ref(), record.held())?;
            total_value = total_value.checked_add(value)?;
            items.push(Holding {
                key,
                record,
                price,
                value,
            });
        }
        Ok(Holdings { items, total_value })
    }

    /// The value of everything held, each asset at its deposit (conservative, lower) price and
    /// rounded down, with the asset at `index` holding `new_held`: the collateral a mint must
    /// leave at least equal to the supply.
    pub fn conservative_value(
        &self,
        index: usize,
        new_held: Uint128,
    ) -> Result<Uint128, ContractError> {
        let mut total = Uint128::zero();
        for (i, h) in self.items.iter().enumerate() {
            let Some(price) = &h.price else { continue };
            let held = if i == index {
                new_held
            } else {
                h.record.held()
            };
            let value = amount_to_value(
                held,
                h.record.params.decimals,
                price.mint_price(),
                Rounding::Down,
            )?;
            total = total.checked_add(value)?;
        }
        Ok(total)
    }

    /// Position of `asset`, or the error that it is not whitelisted.
    pub fn position(&self, asset: &AssetInfo) -> Result<usize, ContractError> {
        self.items
            .iter()
            .position(|h| &h.record.params.asset == asset)
            .ok_or_else(|| ContractError::AssetNotWhitelisted {
                asset: asset.to_string(),
            })
    }

    /// Checks the ceilings and share caps after the asset at `index` comes to hold `new_held`,
    /// every other asset unchanged. A share or value above its bound is refused only if the
    /// operation adds to it or raises it: an operation that lowers an over-cap share without
    /// adding to it is always allowed.
    /// Below `cap_floor` (bootstrap) share caps do not bind deposits; a withdrawal keeps them
    /// however low it takes the vault, so it cannot drain the safest assets by ending below the
    /// floor.
    pub fn check_caps(
        &self,
        index: usize,
        new_held: Uint128,
        tier_caps: &TierCaps,
        cap_floor: Uint128,
    ) -> Result<(), ContractError> {
        let changed = &self.items[index];
        let new_value = spot_value(&changed.record, changed.price.as_ref(), new_held)?;
        let total_after = (self.total_value - changed.value).checked_add(new_value)?;
        let after = |i: usize| {
            if i == index {
                new_value
            } else {
                self.items[i].value
            }
        };

        // the absolute ceiling of the changed asset (the others' values do not move)
        let params = &changed.record.params;
        if new_value > params.value_ceiling && new_value > changed.value {
            return Err(ContractError::ValueCeilingExceeded {
                asset: params.asset.to_string(),
                value: new_value,
                ceiling: params.value_ceiling,
            });
        }

        let deposit = new_held > changed.record.held();
        if total_after.is_zero() || (deposit && total_after < cap_floor) {
            return Ok(());
        }
        let total_before = self.total_value;
        for (i, h) in self.items.iter().enumerate() {
            let cap = h.record.params.max_share;
            if raises_above_cap(h.value, after(i), total_before, total_after, cap) {
                return Err(ContractError::AssetShareCapExceeded {
                    asset: h.record.params.asset.to_string(),
                    share: Bps::from_ratio(after(i), total_after, Rounding::Up),
                    cap,
                });
            }
        }
        for tier in Tier::ALL {
            let (mut before, mut after_value) = (Uint128::zero(), Uint128::zero());
            for (i, h) in self.items.iter().enumerate() {
                if h.record.params.tier == tier {
                    before += h.value;
                    after_value += after(i);
                }
            }
            let cap = tier_caps.get(tier);
            if raises_above_cap(before, after_value, total_before, total_after, cap) {
                return Err(ContractError::TierShareCapExceeded {
                    tier,
                    share: Bps::from_ratio(after_value, total_after, Rounding::Up),
                    cap,
                });
            }
        }
        Ok(())
    }
}

/// Whether an operation takes a value above its cap share: `after / total_after > cap`, and the
/// operation added to it (`after > before`) or raised its share (`after / total_after >
/// before / total_before`). Computed exactly, without rounding.
fn raises_above_cap(
    before: Uint128,
    after: Uint128,
    total_before: Uint128,
    total_after: Uint128,
    cap: Bps,
) -> bool {
    let wide = Uint256::from;
    let above_cap =
        wide(after) * Uint256::from(10_000u16) > wide(total_after) * Uint256::from(cap.get());
    // with nothing in the vault before, any share is new
    let raised = after > before
        || total_before.is_zero()
        || wide(after) * wide(total_before) > wide(before) * wide(total_after);
    above_cap && raised
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bps(v: u16) -> Bps {
        Bps::new(v).unwrap()
    }

    #[test]
    fn raising_above_cap_is_refused_lowering_is_not() {
        let u = Uint128::new;
        // 30 of 100 → 40 of 110: 36.4% > 35%, raised
        assert!(raises_above_cap(u(30), u(40), u(100), u(110), bps(3_500)));
        // exactly at the cap is allowed
        assert!(!raises_above_cap(u(30), u(35), u(100), u(100), bps(3_500)));
        // over the cap before, lowered after: allowed
        assert!(!raises_above_cap(u(50), u(50), u(100), u(120), bps(3_500)));
        // over the cap, share unchanged but more deposited: refused
        assert!(raises_above_cap(u(100), u(200), u(100), u(200), bps(1_000)));
        // over the cap and raised further: refused
        assert!(raises_above_cap(u(50), u(60), u(100), u(110), bps(3_500)));
        // first deposit into an empty vault is 100%
        assert!(raises_above_cap(u(0), u(10), u(0), u(10), bps(9_999)));
        assert!(!raises_above_cap(u(0), u(10), u(0), u(10), Bps::MAX));
    }
}
