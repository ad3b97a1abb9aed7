//! The vault as one operation sees it: every whitelisted asset with its accounts and, where
//! needed, its price, valued once. Share caps and ceilings are checked here for every operation
//! alike.
//!
//! Prices come from the oracle's price board, read raw from the oracle's storage with one read
//! and no call into the oracle (see [`mars_types::board`]): an entry is used while the block
//! time is at most its `valid_until`, the bound the oracle itself checks (a fed price's
//! staleness), so a stale price is never used. Assets without such an entry (a Pyth or TWAP
//! price not refreshed in this block, a stale or missing fed price) are priced by one batched
//! `Prices` query of the oracle, which computes them live and refuses them exactly as it always
//! did. So a vault priced by feeders makes no oracle call at all, and no price is ever taken
//! that the oracle would refuse now.

use cosmwasm_std::{Decimal, Deps, Uint128};
use mars_types::board::{read_board, usable_prices};
use mars_types::oracle::{PriceResponse, QueryMsg as OracleQuery};
use mars_types::value::{amount_to_value, product_above};
use mars_types::{AssetInfo, AssetInfoUnchecked, Bps, Rounding, Tier};

use crate::pools::Pools;
use crate::position::{self, Sides};
use crate::state::{Accounts, AssetConfig, Settings};
use crate::ContractError;

/// The USDm supply, read raw from the token's storage.
pub fn usdm_supply(deps: Deps, settings: &Settings) -> Result<Uint128, ContractError> {
    Ok(mars_types::usdm::total_supply(
        &deps.querier,
        settings.usdm()?,
    )?)
}

/// A checked price with its conservative sides.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Quote {
    /// The price itself: shares, caps and the collateral ratio are valued at it.
    pub price: Decimal,
    /// The price a deposit is valued at.
    pub mint: Decimal,
    /// The price a single-asset payout is valued at.
    pub redeem: Decimal,
}

impl Quote {
    fn new(price: Decimal, (mint, redeem): (Decimal, Decimal)) -> Self {
        Quote {
            price,
            mint,
            redeem,
        }
    }
}

pub struct Holding {
    /// Present for every asset the vault holds more than dust of or has in a pool, and for the
    /// asset an operation acts on.
    pub price: Option<Quote>,
    /// The asset's side of the vault's pool positions, conservatively (see
    /// [`crate::position`]).
    pub pooled: Uint128,
    /// Value of everything held (liquid, deployed and pooled) at the price, rounded down.
    pub value: Uint128,
}

/// Every whitelisted asset, index by index with [`Settings::assets`] and
/// [`Accounts::assets`], valued, with the vault's pool positions.
pub struct Holdings<'a> {
    pub settings: &'a Settings,
    pub accounts: &'a Accounts,
    pub items: Vec<Holding>,
    pub total_value: Uint128,
    pub pools: Pools,
    /// Each pool's position, index by index with `pools`: `None` when the vault holds no LP
    /// tokens of it or it cannot be valued now (it then counts as worth nothing).
    pub positions: Vec<Option<Sides>>,
    /// The USDm side of every position: protocol-owned, not circulating.
    pub protocol_usdm: Uint128,
}

/// Value of `amount` of an asset at `price`, rounded down; an unpriced asset counts as nothing.
fn value_at(
    config: &AssetConfig,
    price: Option<Decimal>,
    amount: Uint128,
) -> Result<Uint128, ContractError> {
    match price {
        Some(p) => Ok(amount_to_value(
            amount,
            config.params.decimals,
            p,
            Rounding::Down,
        )?),
        None => Ok(Uint128::zero()),
    }
}

impl<'a> Holdings<'a> {
    /// Values every whitelisted asset, pricing those the vault holds plus the one at
    /// `also_price`. Assets the vault does not hold, or holds only dust of, are not priced (and
    /// count as worth nothing), so a missing price of an asset nobody has deposited, or of the
    /// dust an asset being retired left behind, cannot block the vault.
    pub fn load(
        deps: Deps,
        now: u64,
        settings: &'a Settings,
        accounts: &'a Accounts,
        also_price: Option<usize>,
    ) -> Result<Self, ContractError> {
        let pools = Pools::load(deps.storage)?;
        let priced: Vec<bool> = settings
            .assets
            .iter()
            .zip(&accounts.assets)
            .enumerate()
            .map(|(i, (config, account))| {
                let held = account.held();
                let pooled = pools
                    .0
                    .iter()
                    .any(|p| p.asset == config.params.asset && !p.lp_units.is_zero());
                (!held.is_zero() && !config.is_dust(held)) || pooled || also_price == Some(i)
            })
            .collect();
        let prices = prices(deps, now, settings, &priced)?;
        let mut pooled = vec![Uint128::zero(); prices.len()];
        let mut positions = Vec::with_capacity(pools.0.len());
        let mut protocol_usdm = Uint128::zero();
        for pool in &pools.0 {
            // a pool the vault holds no LP tokens of is not asked (no call into the pair)
            let held = (!pool.lp_units.is_zero()).then_some(());
            let sides = held.and(settings.position(&pool.asset)).and_then(|i| {
                let price = prices[i]?.price;
                let decimals = settings.assets[i].params.decimals;
                let reserves = position::reserves(&deps.querier, pool)?;
                let sides = position::value(pool, reserves, pool.lp_units, decimals, price)?;
                pooled[i] += sides.asset;
                Some(sides)
            });
            if let Some(s) = sides {
                protocol_usdm = protocol_usdm.checked_add(s.usdm)?;
            }
            positions.push(sides);
        }
        let mut items = Vec::with_capacity(prices.len());
        let mut total_value = Uint128::zero();
        for (((config, account), price), pooled) in settings
            .assets
            .iter()
            .zip(&accounts.assets)
            .zip(prices)
            .zip(pooled)
        {
            let held = account.held().checked_add(pooled)?;
            let value = value_at(config, price.map(|q| q.price), held)?;
            total_value = total_value.checked_add(value)?;
            items.push(Holding {
                price,
                pooled,
                value,
            });
        }
        Ok(Holdings {
            settings,
            accounts,
            items,
            total_value,
            pools,
            positions,
            protocol_usdm,
        })
    }

    /// The USDm that circulates out of `supply`: all of it but the vault's side of its pools.
    pub fn circulating(&self, supply: Uint128) -> Uint128 {
        supply.saturating_sub(self.protocol_usdm)
    }

    /// The price of the asset at `index`, which the operation asked to be priced.
    pub fn quote(&self, index: usize) -> Quote {
        self.items[index]
            .price
            .expect("the asset an operation acts on is always priced")
    }

    /// The value of everything held, each asset at its deposit (conservative, lower) price and
    /// rounded down, with the asset at `index` holding `new_held` in its accounts (its pooled
    /// side unchanged): the collateral a mint must leave at least equal to the supply.
    pub fn conservative_value(
        &self,
        index: usize,
        new_held: Uint128,
    ) -> Result<Uint128, ContractError> {
        let mut total = Uint128::zero();
        for (i, h) in self.items.iter().enumerate() {
            let Some(quote) = h.price else { continue };
            let held = if i == index {
                new_held
            } else {
                self.accounts.assets[i].held()
            };
            let held = held.checked_add(h.pooled)?;
            total =
                total.checked_add(value_at(&self.settings.assets[i], Some(quote.mint), held)?)?;
        }
        Ok(total)
    }

    /// Checks the ceilings and share caps after the asset at `index` comes to hold `new_held`
    /// in its accounts (its pooled side unchanged), every other asset unchanged. A share or
    /// value above its bound is refused only if the operation adds to it or raises it: an
    /// operation that lowers an over-cap share without adding to it is always allowed.
    /// Below the bootstrap floor (`cap_floor`) share caps do not bind deposits; a withdrawal
    /// keeps them however low it takes the vault, so it cannot drain the safest assets by
    /// ending below the floor.
    pub fn check_caps(&self, index: usize, new_held: Uint128) -> Result<(), ContractError> {
        let changed = &self.items[index];
        let new_value = value_at(
            &self.settings.assets[index],
            changed.price.map(|q| q.price),
            new_held.checked_add(changed.pooled)?,
        )?;
        let deposit = new_held > self.accounts.assets[index].held();
        self.check_values(index, new_value, deposit)
    }

    /// Checks the caps as if the vault's USDm in the pools of the asset at `index`, with
    /// `extra_usdm` more, were all bought with the asset at the oracle price: a pool is a mint
    /// path around the vault's caps, so its worst case must still fit them.
    pub fn check_caps_if_bought(
        &self,
        index: usize,
        extra_usdm: Uint128,
    ) -> Result<(), ContractError> {
        let asset = &self.settings.assets[index].params.asset;
        let mut usdm = extra_usdm;
        for (pool, sides) in self.pools.0.iter().zip(&self.positions) {
            if &pool.asset == asset {
                usdm = usdm.checked_add(sides.unwrap_or_default().usdm)?;
            }
        }
        let new_value = self.items[index].value.checked_add(usdm)?;
        self.check_values(index, new_value, true)
    }

    /// The caps and the ceiling with the asset at `index` worth `new_value`, `deposit` when the
    /// operation adds to it.
    fn check_values(
        &self,
        index: usize,
        new_value: Uint128,
        deposit: bool,
    ) -> Result<(), ContractError> {
        let settings = self.settings;
        let changed = &self.items[index];
        let params = &settings.assets[index].params;
        let total_after = (self.total_value - changed.value).checked_add(new_value)?;
        let after = |i: usize| {
            if i == index {
                new_value
            } else {
                self.items[i].value
            }
        };

        // the absolute ceiling of the changed asset (the others' values do not move)
        if new_value > params.value_ceiling && new_value > changed.value {
            return Err(ContractError::ValueCeilingExceeded {
                asset: params.asset.to_string(),
                value: new_value,
                ceiling: params.value_ceiling,
            });
        }

        if total_after.is_zero() || (deposit && total_after < settings.cap_floor) {
            return Ok(());
        }
        let total_before = self.total_value;
        let mut tiers = [(Uint128::zero(), Uint128::zero()); 5];
        for (i, (h, config)) in self.items.iter().zip(&settings.assets).enumerate() {
            let cap = config.params.max_share;
            if raises_above_cap(h.value, after(i), total_before, total_after, cap) {
                return Err(ContractError::AssetShareCapExceeded {
                    asset: config.params.asset.to_string(),
                    share: Bps::from_ratio(after(i), total_after, Rounding::Up),
                    cap,
                });
            }
            let tier = &mut tiers[config.params.tier.index()];
            tier.0 += h.value;
            tier.1 += after(i);
        }
        for tier in Tier::ALL {
            let (before, after_value) = tiers[tier.index()];
            let cap = settings.tier_caps.get(tier);
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

/// The price of every asset marked in `priced` (none elsewhere): from the board where it has a
/// usable entry, the rest from one `Prices` query of the oracle.
fn prices(
    deps: Deps,
    now: u64,
    settings: &Settings,
    priced: &[bool],
) -> Result<Vec<Option<Quote>>, ContractError> {
    let wanted: Vec<usize> = (0..priced.len()).filter(|&i| priced[i]).collect();
    let mut out = vec![None; priced.len()];
    if wanted.is_empty() {
        return Ok(out);
    }
    let keys: Vec<String> = wanted
        .iter()
        .map(|&i| settings.assets[i].params.asset.storage_key())
        .collect();
    if let Some(board) = read_board(&deps.querier, &settings.oracle)? {
        let key_refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        for (&i, entry) in wanted.iter().zip(usable_prices(&board, &key_refs, now)?) {
            out[i] = entry.map(|e| Quote::new(e.price, e.bounds()));
        }
    }
    let missing: Vec<usize> = wanted.into_iter().filter(|&i| out[i].is_none()).collect();
    if missing.is_empty() {
        return Ok(out);
    }
    let assets: Vec<AssetInfoUnchecked> = missing
        .iter()
        .map(|&i| settings.assets[i].params.asset.clone().into())
        .collect();
    let asked = assets.len();
    let answers: Vec<PriceResponse> = mars_entry::raw::query_wasm_smart(
        &deps.querier,
        settings.oracle.as_str(),
        &OracleQuery::Prices { assets },
    )?;
    if answers.len() != asked {
        return Err(ContractError::OracleMismatch {
            asked,
            got: answers.len(),
        });
    }
    for (i, answer) in missing.into_iter().zip(answers) {
        let expected: &AssetInfo = &settings.assets[i].params.asset;
        if &answer.asset != expected {
            return Err(ContractError::OracleWrongAsset {
                expected: expected.to_string(),
                got: answer.asset.to_string(),
            });
        }
        out[i] = Some(Quote::new(answer.price, answer.bounds()));
    }
    Ok(out)
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
    let above_cap = product_above(
        after,
        Uint128::new(10_000),
        total_after,
        Uint128::new(cap.get().into()),
    );
    // with nothing in the vault before, any share is new
    let raised = after > before
        || total_before.is_zero()
        || product_above(after, total_before, before, total_after);
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
