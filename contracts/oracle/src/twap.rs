//! Time-weighted average prices from an Astroport xyk pair's cumulative prices.
//!
//! A TWAP needs two observations of the pair's cumulative price. The oracle keeps snapshots,
//! recorded by anyone with `RecordTwapSnapshot`, and a read averages from the newest snapshot
//! at least `window` old to the pair's cumulative price in the current block:
//!
//! ```text
//! price = (cum_now − cum_then) / (t_now − t_then) / 10^6 × 10^asset_decimals / 10^quote_decimals
//! ```
//!
//! in quote per whole asset (see [`mars_types::astroport`] for the pair's accumulation rule),
//! with the quote taken at $1. Rules that keep it safe and bounded:
//!
//! - the average spans at least `window` (so one block's manipulation is diluted) and at most
//!   `2 × window` (older is stale: keepers stopped recording);
//! - an average lags the market, so the same answer of the pair gives its reserves and the
//!   price carries the spot beside the average, and a spot more than `max_spot_deviation_bps`
//!   from the average refuses the price, as does a pool with a zero reserve;
//! - the spot is the pool's state in the current block, which a trade earlier in the same
//!   transaction sets, so the price also carries a recent average, from the newest snapshot or
//!   checkpoint of an earlier block to now: the pair accumulates the current block's seconds at
//!   the reserves the block started with, so no trade of this block moves it. The vault values
//!   a deposit at the lowest of the three and a payout at the highest. The bound stays on the
//!   spot against the average: the recent average only ever makes the min and the max more
//!   conservative, and bounding it would refuse prices the min and the max already handle;
//! - snapshots are at least `window / 4` apart (rounded up), and each record prunes those older
//!   than the newest one at least `window` old, so an asset keeps at most five snapshots;
//! - the same message also records a checkpoint, at most one per block whatever the spacing,
//!   so that a keeper can start the recent average right after a fall. The two newest are kept
//!   and a second record in a block leaves them as they are, so the newest checkpoint of an
//!   earlier block stays at hand: a record in the attack block cannot displace it. A message
//!   that can record neither is refused;
//! - cumulative prices wrap at 2^128, as the pair's do.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    Addr, Decimal, Deps, DepsMut, Env, Order, QuerierWrapper, Response, StdResult, Storage,
    Uint128, Uint256,
};
use cw_storage_plus::Bound;
use mars_types::astroport::{
    AssetInfo as PairAssetInfo, CumulativePricesResponse, PairInfo, PairType,
    QueryMsg as PairQueryMsg, TWAP_PRECISION,
};
use mars_types::oracle::{PriceResponse, PriceSource, PriceSourceBase, TwapSource};
use mars_types::value::MAX_DECIMALS;
use mars_types::{AssetInfo, AssetInfoUnchecked};

use crate::checks::{abs_diff, bps_of, nonzero};
use crate::state::{TWAP_CHECKPOINTS, TWAP_SNAPSHOTS};
use crate::{sources, ContractError};

/// Snapshots are at least `window / SNAPSHOTS_PER_WINDOW` apart.
const SNAPSHOTS_PER_WINDOW: u64 = 4;

/// A TWAP whose span exceeds this many windows is stale.
const MAX_SPAN_WINDOWS: u64 = 2;

/// The two newest checkpoints of a pair's cumulative price, as (unix seconds, cumulative), each
/// of its own block.
#[cw_serde]
pub struct Checkpoints {
    pub newest: (u64, Uint128),
    /// `None` until a second block records one.
    pub previous: Option<(u64, Uint128)>,
}

impl Checkpoints {
    /// The newest checkpoint of a block before the one at `now`.
    fn before(&self, now: u64) -> Option<(u64, Uint128)> {
        if self.newest.0 < now {
            Some(self.newest)
        } else {
            self.previous.filter(|(t, _)| *t < now)
        }
    }
}

pub fn check_source(
    deps: Deps,
    asset: &AssetInfo,
    source: TwapSource<String>,
) -> Result<TwapSource<Addr>, ContractError> {
    for (field, decimals) in [
        ("asset_decimals", source.asset_decimals),
        ("quote_decimals", source.quote_decimals),
    ] {
        if decimals > MAX_DECIMALS {
            return Err(ContractError::DecimalsOutOfRange {
                asset: asset.clone(),
                field,
                decimals,
                max: MAX_DECIMALS,
            });
        }
    }
    let checked = TwapSource {
        pair_addr: deps.api.addr_validate(&source.pair_addr)?,
        quote: source.quote.check(deps.api)?,
        asset_decimals: source.asset_decimals,
        quote_decimals: source.quote_decimals,
        window: nonzero(asset, source.window, "window")?,
        max_spot_deviation_bps: nonzero(
            asset,
            source.max_spot_deviation_bps,
            "max_spot_deviation_bps",
        )?,
    };

    let pair: PairInfo = mars_entry::raw::query_wasm_smart(
        &deps.querier,
        checked.pair_addr.as_str(),
        &PairQueryMsg::Pair {},
    )?;
    if pair.pair_type != (PairType::Xyk {}) {
        return Err(ContractError::UnsupportedPairType {
            pair: checked.pair_addr,
            pair_type: cosmwasm_std::to_json_string(&pair.pair_type)?,
        });
    }
    let (base, quote) = (
        PairAssetInfo::from(asset),
        PairAssetInfo::from(&checked.quote),
    );
    let trades_both = pair.asset_infos.len() == 2
        && pair.asset_infos.contains(&base)
        && pair.asset_infos.contains(&quote);
    if base == quote || !trades_both {
        return Err(mismatch(asset, &checked));
    }
    Ok(checked)
}

/// Whether two sources read the same pair for the same quote, so that snapshots taken for one
/// serve the other.
pub fn same_pair(old: &PriceSource, new: &PriceSource) -> bool {
    matches!(
        (old, new),
        (PriceSourceBase::Twap(a), PriceSourceBase::Twap(b))
            if a.pair_addr == b.pair_addr && a.quote == b.quote
    )
}

pub fn clear_snapshots(storage: &mut dyn Storage, key: &str) -> StdResult<()> {
    let times = snapshot_times(storage, key, None, Order::Ascending)?;
    for t in times {
        TWAP_SNAPSHOTS.remove(storage, (key, t));
    }
    TWAP_CHECKPOINTS.remove(storage, key);
    Ok(())
}

pub fn record_snapshot(
    deps: DepsMut,
    env: &Env,
    asset: AssetInfoUnchecked,
) -> Result<Response, ContractError> {
    let asset = asset.check(deps.api)?;
    let source = load(deps.as_ref(), &asset)?;
    let key = asset.storage_key();
    let now = env.block.time.seconds();

    let latest = snapshot_times(deps.storage, &key, None, Order::Descending)?
        .first()
        .copied();
    // (last, next) when the spacing refuses a snapshot
    let too_soon = latest
        .map(|last| {
            let next = last.saturating_add(source.window.div_ceil(SNAPSHOTS_PER_WINDOW));
            (last, next)
        })
        .filter(|(_, next)| now < *next);
    let checkpoints = TWAP_CHECKPOINTS.may_load(deps.storage, &key)?;
    // a second record in a block changes nothing, so the earlier block's checkpoint stays
    let checkpoint_due = checkpoints.as_ref().is_none_or(|c| c.newest.0 < now);
    if let (Some((last, next)), false) = (too_soon, checkpoint_due) {
        return Err(ContractError::TwapAlreadyRecorded {
            asset,
            time: now,
            last,
            next,
        });
    }

    let cumulative = read_pair(deps.querier, &asset, &source)?.cumulative;
    if checkpoint_due {
        let checkpoints = Checkpoints {
            newest: (now, cumulative),
            previous: checkpoints.map(|c| c.newest),
        };
        TWAP_CHECKPOINTS.save(deps.storage, &key, &checkpoints)?;
    }

    let mut pruned = 0u32;
    if too_soon.is_none() {
        TWAP_SNAPSHOTS.save(deps.storage, (&key, now), &cumulative)?;
        // keep the newest snapshot at least `window` old and everything after it
        if let Some(anchor) = anchor(deps.storage, &key, now, source.window)? {
            let before = Some(Bound::exclusive(anchor.0));
            for t in snapshot_times(deps.storage, &key, before, Order::Ascending)? {
                TWAP_SNAPSHOTS.remove(deps.storage, (&key, t));
                pruned += 1;
            }
        }
    }

    Ok(Response::new()
        .add_attribute("action", "record_twap_snapshot")
        .add_attribute("asset", asset.to_string())
        .add_attribute("snapshot", too_soon.is_none().to_string())
        .add_attribute("checkpoint", checkpoint_due.to_string())
        .add_attribute("cumulative_price", cumulative)
        .add_attribute("time", now.to_string())
        .add_attribute("pruned", pruned.to_string()))
}

pub fn price(
    deps: Deps,
    asset: &AssetInfo,
    now: u64,
    source: &TwapSource<Addr>,
) -> Result<PriceResponse, ContractError> {
    let (then, cumulative_then) = anchor(deps.storage, &asset.storage_key(), now, source.window)?
        .ok_or_else(|| ContractError::NoTwapSnapshot {
        asset: asset.clone(),
        window: source.window,
    })?;
    let span = now - then;
    let max = source.window.saturating_mul(MAX_SPAN_WINDOWS);
    if span > max {
        return Err(ContractError::StalePrice {
            asset: asset.clone(),
            age: span,
            max,
        });
    }
    // one query gives the accumulator and the reserves behind the spot
    let pair = read_pair(deps.querier, asset, source)?;
    if pair.asset_reserve.is_zero() || pair.quote_reserve.is_zero() {
        return Err(ContractError::EmptyPool {
            asset: asset.clone(),
            pair: source.pair_addr.clone(),
            asset_reserve: pair.asset_reserve,
            quote_reserve: pair.quote_reserve,
        });
    }
    let price = average(asset, source, pair.cumulative, (then, cumulative_then), now)?;
    // the newest snapshot or checkpoint of an earlier block: at worst the anchor, older than now
    let (recent_then, cumulative_recent) =
        recent(deps.storage, &asset.storage_key(), now)?.unwrap_or((then, cumulative_then));
    let recent_price = average(
        asset,
        source,
        pair.cumulative,
        (recent_then, cumulative_recent),
        now,
    )?;
    let spot = spot_price(
        pair.asset_reserve,
        pair.quote_reserve,
        source.asset_decimals,
        source.quote_decimals,
    )
    .ok_or_else(|| ContractError::PriceOutOfRange {
        asset: asset.clone(),
        price: format!("spot {} / {}", pair.quote_reserve, pair.asset_reserve),
    })?;
    if spot.is_zero() {
        return Err(ContractError::NonPositivePrice {
            asset: asset.clone(),
            price: format!("spot {spot}"),
        });
    }
    let deviation_bps = bps_of(abs_diff(spot, price), price);
    if deviation_bps > u128::from(source.max_spot_deviation_bps.get()) {
        return Err(ContractError::SpotDeviationTooLarge {
            asset: asset.clone(),
            spot,
            twap: price,
            deviation_bps,
            max_bps: source.max_spot_deviation_bps,
        });
    }
    Ok(PriceResponse {
        asset: asset.clone(),
        price,
        publish_time: now,
        confidence: None,
        ema_price: None,
        spot_price: Some(spot),
        recent_price: Some(recent_price),
    })
}

/// The positive average price from the snapshot `(then, cumulative_then)` to `now`, when the
/// pair's accumulator reads `cumulative_now`.
fn average(
    asset: &AssetInfo,
    source: &TwapSource<Addr>,
    cumulative_now: Uint128,
    (then, cumulative_then): (u64, Uint128),
    now: u64,
) -> Result<Decimal, ContractError> {
    let span = now.saturating_sub(then);
    if span == 0 {
        return Err(ContractError::EmptyTwapSpan {
            asset: asset.clone(),
            time: then,
        });
    }
    let delta = cumulative_now.wrapping_sub(cumulative_then);
    let price = average_price(delta, span, source.asset_decimals, source.quote_decimals)
        .ok_or_else(|| ContractError::PriceOutOfRange {
            asset: asset.clone(),
            price: format!("{delta} over {span}s"),
        })?;
    if price.is_zero() {
        return Err(ContractError::NonPositivePrice {
            asset: asset.clone(),
            price: price.to_string(),
        });
    }
    Ok(price)
}

/// Quote per whole asset at the pool's reserves (base units), rounded down like the average;
/// `None` if it does not fit a `Decimal`. `asset_reserve` must be positive.
fn spot_price(
    asset_reserve: Uint128,
    quote_reserve: Uint128,
    asset_decimals: u8,
    quote_decimals: u8,
) -> Option<Decimal> {
    let ten = Uint256::from(10u8);
    // at most 2^128 × 10^36 < 2^248, no overflow
    let n =
        Uint256::from(quote_reserve) * ten.pow(Decimal::DECIMAL_PLACES + u32::from(asset_decimals));
    // at most 2^128 × 10^18
    let d = Uint256::from(asset_reserve) * ten.pow(u32::from(quote_decimals));
    // rounded down
    Uint128::try_from(n / d).ok().map(Decimal::new)
}

/// USD per whole token from a cumulative-price difference over `span` seconds (see the module
/// docs), rounded down; `None` if it does not fit a `Decimal`. `span` must be positive.
fn average_price(
    delta: Uint128,
    span: u64,
    asset_decimals: u8,
    quote_decimals: u8,
) -> Option<Decimal> {
    let ten = Uint256::from(10u8);
    // Decimal atomics are value × 10^18; at most 2^128 × 10^36 < 2^248, no overflow
    let n = Uint256::from(delta) * ten.pow(Decimal::DECIMAL_PLACES + u32::from(asset_decimals));
    // at most 2^64 × 10^24
    let d = Uint256::from(span) * ten.pow(u32::from(TWAP_PRECISION) + u32::from(quote_decimals));
    // rounded down
    Uint128::try_from(n / d).ok().map(Decimal::new)
}

fn load(deps: Deps, asset: &AssetInfo) -> Result<TwapSource<Addr>, ContractError> {
    match sources::load(deps, asset)?.1 {
        PriceSourceBase::Twap(source) => Ok(source),
        _ => Err(ContractError::NotATwap {
            asset: asset.clone(),
        }),
    }
}

fn mismatch(asset: &AssetInfo, source: &TwapSource<Addr>) -> ContractError {
    ContractError::PairAssetsMismatch {
        pair: source.pair_addr.clone(),
        asset: asset.clone(),
        quote: source.quote.clone(),
    }
}

/// What one `cumulative_prices` answer of the pair says about `asset` and the quote.
struct PairReading {
    /// The cumulative price of the asset in the quote, accumulated up to the current block.
    cumulative: Uint128,
    /// The pool's reserves of the asset and of the quote, in base units.
    asset_reserve: Uint128,
    quote_reserve: Uint128,
}

fn read_pair(
    querier: QuerierWrapper,
    asset: &AssetInfo,
    source: &TwapSource<Addr>,
) -> Result<PairReading, ContractError> {
    let res: CumulativePricesResponse = mars_entry::raw::query_wasm_smart(
        &querier,
        source.pair_addr.as_str(),
        &PairQueryMsg::CumulativePrices {},
    )?;
    let (base, quote) = (
        PairAssetInfo::from(asset),
        PairAssetInfo::from(&source.quote),
    );
    let reserve = |info: &PairAssetInfo| {
        res.assets
            .iter()
            .find(|a| a.info == *info)
            .map(|a| a.amount)
            .ok_or_else(|| mismatch(asset, source))
    };
    let (asset_reserve, quote_reserve) = (reserve(&base)?, reserve(&quote)?);
    let cumulative = res
        .cumulative_prices
        .iter()
        .find(|(b, q, _)| *b == base && *q == quote)
        .map(|(_, _, cumulative)| *cumulative)
        .ok_or_else(|| mismatch(asset, source))?;
    Ok(PairReading {
        cumulative,
        asset_reserve,
        quote_reserve,
    })
}

/// The newest snapshot at least `window` old at `now`.
fn anchor(
    storage: &dyn Storage,
    key: &str,
    now: u64,
    window: u64,
) -> StdResult<Option<(u64, Uint128)>> {
    let Some(latest_start) = now.checked_sub(window) else {
        return Ok(None);
    };
    TWAP_SNAPSHOTS
        .prefix(key)
        .range(
            storage,
            None,
            Some(Bound::inclusive(latest_start)),
            Order::Descending,
        )
        .next()
        .transpose()
}

/// The newest snapshot or checkpoint taken in a block before the one at `now`. The pair's
/// accumulator at `now` adds the current block's seconds at the reserves the block started with
/// (a trade sets the pair's last update to now before moving its reserves), so no trade of this
/// block moves an average from such a record; one of this block would average over no time.
fn recent(storage: &dyn Storage, key: &str, now: u64) -> StdResult<Option<(u64, Uint128)>> {
    let snapshot = recent_snapshot(storage, key, now)?;
    let checkpoint = TWAP_CHECKPOINTS
        .may_load(storage, key)?
        .and_then(|c| c.before(now));
    // the later of the two
    Ok(snapshot
        .into_iter()
        .chain(checkpoint)
        .max_by_key(|(t, _)| *t))
}

fn recent_snapshot(
    storage: &dyn Storage,
    key: &str,
    now: u64,
) -> StdResult<Option<(u64, Uint128)>> {
    TWAP_SNAPSHOTS
        .prefix(key)
        .range(
            storage,
            None,
            Some(Bound::exclusive(now)),
            Order::Descending,
        )
        .next()
        .transpose()
}

/// Times of an asset's snapshots below `max`: at most six (five kept plus the one being recorded).
fn snapshot_times(
    storage: &dyn Storage,
    key: &str,
    max: Option<Bound<u64>>,
    order: Order,
) -> StdResult<Vec<u64>> {
    TWAP_SNAPSHOTS
        .prefix(key)
        .keys(storage, None, max, order)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn scaling_follows_astroports_xyk_accumulator() {
        // 1,000 XMS (6 decimals) against 250 USDm (6 decimals) for an hour: the pair adds
        // 10^6 × 250e6 / 1000e6 = 250,000 per second
        let delta = Uint128::new(250_000 * 3_600);
        assert_eq!(average_price(delta, 3_600, 6, 6), Some(d("0.25")));
        // 10 BTC (8 decimals) against 600,000 USDm (6 decimals): 10^6 × 6e11 / 1e9 per second
        let delta = Uint128::new(600_000_000 * 100);
        assert_eq!(average_price(delta, 100, 8, 6), Some(d("60000")));
        // a 6-decimal asset against an 18-decimal stablecoin at $2: 10^6 × 2e30 / 1e18 each second
        let delta = Uint128::new(2_000_000_000_000_000_000 * 10);
        assert_eq!(average_price(delta, 10, 6, 18), Some(d("2")));
    }

    #[test]
    fn rounds_down_and_refuses_what_does_not_fit() {
        // 1 unit over 3 s of a 0-decimal pair: 1 / 3 / 10^6 = 0.000000333.. → 333333333333 atomics
        assert_eq!(
            average_price(Uint128::one(), 3, 0, 0),
            Some(Decimal::raw(333_333_333_333))
        );
        assert_eq!(
            average_price(Uint128::zero(), 3, 6, 6),
            Some(Decimal::zero())
        );
        assert_eq!(average_price(Uint128::MAX, 1, 18, 0), None);
        assert!(average_price(Uint128::MAX, u64::MAX, 18, 18).is_some());
    }

    #[test]
    fn the_spot_is_the_reserve_ratio_scaled_by_decimals_and_rounded_down() {
        let u = Uint128::new;
        // 1,000 XMS against 250 USDm, both 6 decimals
        assert_eq!(
            spot_price(u(1_000_000_000), u(250_000_000), 6, 6),
            Some(d("0.25"))
        );
        // 10 BTC (8 decimals) against 600,000 USDm (6 decimals)
        assert_eq!(
            spot_price(u(1_000_000_000), u(600_000_000_000), 8, 6),
            Some(d("60000"))
        );
        // 3 units against 1: 0.333.. rounded down
        assert_eq!(
            spot_price(u(3), u(1), 0, 0),
            Some(Decimal::raw(333_333_333_333_333_333))
        );
        assert_eq!(spot_price(Uint128::MAX, u(1), 0, 18), Some(Decimal::zero()));
        assert_eq!(spot_price(u(1), Uint128::MAX, 18, 0), None);
    }

    fn xms() -> AssetInfo {
        AssetInfo::Native {
            denom: "uxms".into(),
        }
    }

    fn source() -> TwapSource<Addr> {
        TwapSource {
            pair_addr: Addr::unchecked("pair"),
            quote: AssetInfo::Native {
                denom: "uusdc".into(),
            },
            asset_decimals: 6,
            quote_decimals: 6,
            window: 3_600,
            max_spot_deviation_bps: mars_types::Bps::new(2_000).unwrap(),
        }
    }

    #[test]
    fn the_recent_average_starts_at_the_newest_snapshot_of_an_earlier_block() {
        let mut storage = cosmwasm_std::testing::MockStorage::new();
        let key = xms().storage_key();
        assert_eq!(recent(&storage, &key, 100).unwrap(), None);
        for (t, c) in [(0u64, 0u128), (900, 10), (1_800, 20)] {
            TWAP_SNAPSHOTS
                .save(&mut storage, (&key, t), &Uint128::new(c))
                .unwrap();
        }
        // a snapshot of the current block is not one: it would average over no time
        assert_eq!(
            recent(&storage, &key, 1_800).unwrap(),
            Some((900, Uint128::new(10)))
        );
        assert_eq!(
            recent(&storage, &key, 1_801).unwrap(),
            Some((1_800, Uint128::new(20)))
        );
        assert_eq!(recent(&storage, &key, 0).unwrap(), None);
    }

    #[test]
    fn the_recent_average_starts_at_the_later_of_snapshot_and_checkpoint_of_an_earlier_block() {
        let mut storage = cosmwasm_std::testing::MockStorage::new();
        let key = xms().storage_key();
        let u = Uint128::new;
        TWAP_SNAPSHOTS
            .save(&mut storage, (&key, 900), &u(10))
            .unwrap();
        let checkpoints = Checkpoints {
            newest: (1_000, u(11)),
            previous: Some((950, u(10))),
        };
        TWAP_CHECKPOINTS
            .save(&mut storage, &key, &checkpoints)
            .unwrap();
        // the newest checkpoint once its block is past, the previous one in its block, the
        // snapshot when it is the later
        assert_eq!(recent(&storage, &key, 1_001).unwrap(), Some((1_000, u(11))));
        assert_eq!(recent(&storage, &key, 1_000).unwrap(), Some((950, u(10))));
        assert_eq!(recent(&storage, &key, 950).unwrap(), Some((900, u(10))));
        TWAP_SNAPSHOTS
            .save(&mut storage, (&key, 1_000), &u(11))
            .unwrap();
        TWAP_SNAPSHOTS
            .save(&mut storage, (&key, 1_010), &u(12))
            .unwrap();
        assert_eq!(recent(&storage, &key, 1_011).unwrap(), Some((1_010, u(12))));
        // a first checkpoint in the current block has no previous one: the snapshots decide
        let first = Checkpoints {
            newest: (1_010, u(12)),
            previous: None,
        };
        TWAP_CHECKPOINTS.save(&mut storage, &key, &first).unwrap();
        assert_eq!(recent(&storage, &key, 1_010).unwrap(), Some((1_000, u(11))));
        clear_snapshots(&mut storage, &key).unwrap();
        assert_eq!(recent(&storage, &key, 2_000).unwrap(), None);
    }

    #[test]
    fn the_recent_average_follows_a_fall_the_window_average_lags() {
        // $0.47 for 3,580 s, then $0.10 since a snapshot taken just after the fall, 10 s ago
        let (fall, now) = (3_580u64, 3_600u64);
        let at_fall = Uint128::new(470_000 * u128::from(fall));
        let cumulative_now = at_fall + Uint128::new(100_000 * 20);
        let twap = average(&xms(), &source(), cumulative_now, (0, Uint128::zero()), now).unwrap();
        assert_eq!(twap, d("0.467944444444444444"));
        let recent = average(&xms(), &source(), cumulative_now, (fall, at_fall), now).unwrap();
        assert_eq!(recent, d("0.1"));
    }

    #[test]
    fn an_average_over_no_time_is_an_error_not_a_division_by_zero() {
        assert_eq!(
            average(&xms(), &source(), Uint128::new(5), (7, Uint128::zero()), 7),
            Err(ContractError::EmptyTwapSpan {
                asset: xms(),
                time: 7
            })
        );
        assert_eq!(
            average(&xms(), &source(), Uint128::zero(), (7, Uint128::zero()), 8),
            Err(ContractError::NonPositivePrice {
                asset: xms(),
                price: "0".into()
            })
        );
    }

    #[test]
    fn differences_wrap_like_the_pairs_accumulator() {
        let then = Uint128::MAX - Uint128::new(99);
        let now = then.wrapping_add(Uint128::new(250_000 * 10));
        assert!(now < then);
        assert_eq!(
            average_price(now.wrapping_sub(then), 10, 6, 6),
            Some(d("0.25"))
        );
    }
}
