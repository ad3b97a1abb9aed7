//! Setting and removing price sources (owner only), and validating a source on the way in so
//! that a bad bound can never be stored.

use cosmwasm_std::{Addr, Api, Attribute, Deps, DepsMut, Env, Response, StdResult};
use mars_types::oracle::{
    FeederSource, PriceSource, PriceSourceBase, PriceSourceUnchecked, PythSource,
};
use mars_types::pyth::{PriceFeedResponse, QueryMsg as PythQueryMsg};
use mars_types::{AssetInfo, AssetInfoUnchecked};

use crate::checks::nonzero;
use crate::state::{PRICE_SOURCES, PRICE_SOURCE_COUNT};
use crate::{board, twap, ContractError};

/// The most feeders one asset may list: a push checks the sender against the list.
pub const MAX_FEEDERS: usize = 20;

pub fn set(
    deps: DepsMut,
    env: &Env,
    asset: AssetInfoUnchecked,
    source: PriceSourceUnchecked,
) -> Result<Response, ContractError> {
    let asset = asset.check(deps.api)?;
    let source = check(deps.as_ref(), &asset, source)?;
    let key = asset.storage_key();

    match PRICE_SOURCES.may_load(deps.storage, &key)? {
        None => {
            PRICE_SOURCE_COUNT.update(deps.storage, |n| StdResult::Ok(n + 1))?;
        }
        Some((_, old)) if !twap::same_pair(&old, &source) => {
            twap::clear_snapshots(deps.storage, &key)?;
        }
        Some(_) => {}
    }
    // a feeder may have been removed for cause: its last price must not outlive it; a fixed
    // price is checked once, here, and holds for as long as its source
    let mut prices = board::load(deps.storage)?;
    match source {
        PriceSourceBase::Fixed { price } => {
            prices.set(key.clone(), board::fixed(price, env.block.time.seconds()))
        }
        _ => {
            prices.remove(&key);
        }
    }
    board::save(deps.storage, &prices)?;
    PRICE_SOURCES.save(deps.storage, &key, &(asset.clone(), source.clone()))?;

    Ok(Response::new()
        .add_attribute("action", "set_price_source")
        .add_attribute("asset", asset.to_string())
        .add_attributes(attributes(&source)))
}

pub fn remove(deps: DepsMut, asset: AssetInfoUnchecked) -> Result<Response, ContractError> {
    let asset = asset.check(deps.api)?;
    let key = asset.storage_key();
    let (_, source) = load(deps.as_ref(), &asset)?;
    PRICE_SOURCES.remove(deps.storage, &key);
    PRICE_SOURCE_COUNT.update(deps.storage, |n| StdResult::Ok(n - 1))?;
    let mut prices = board::load(deps.storage)?;
    if prices.remove(&key).is_some() {
        board::save(deps.storage, &prices)?;
    }
    twap::clear_snapshots(deps.storage, &key)?;
    Ok(Response::new()
        .add_attribute("action", "remove_price_source")
        .add_attribute("asset", asset.to_string())
        .add_attribute("source", source.kind()))
}

/// The stored asset and source, or [`ContractError::NoPriceSource`].
pub fn load(deps: Deps, asset: &AssetInfo) -> Result<(AssetInfo, PriceSource), ContractError> {
    PRICE_SOURCES
        .may_load(deps.storage, &asset.storage_key())?
        .ok_or_else(|| ContractError::NoPriceSource {
            asset: asset.clone(),
        })
}

fn check(
    deps: Deps,
    asset: &AssetInfo,
    source: PriceSourceUnchecked,
) -> Result<PriceSource, ContractError> {
    Ok(match source {
        PriceSourceBase::Fixed { price } => {
            if price.is_zero() {
                return Err(ContractError::NonPositivePrice {
                    asset: asset.clone(),
                    price: price.to_string(),
                });
            }
            PriceSourceBase::Fixed { price }
        }
        PriceSourceBase::Feeder(f) => PriceSourceBase::Feeder(FeederSource {
            feeders: check_feeders(deps.api, asset, f.feeders)?,
            max_staleness: nonzero(asset, f.max_staleness, "max_staleness")?,
            max_change_bps: nonzero(asset, f.max_change_bps, "max_change_bps")?,
        }),
        PriceSourceBase::Pyth(p) => {
            let source = PythSource {
                contract_addr: deps.api.addr_validate(&p.contract_addr)?,
                price_feed_id: p.price_feed_id,
                max_staleness: nonzero(asset, p.max_staleness, "max_staleness")?,
                max_confidence_bps: nonzero(asset, p.max_confidence_bps, "max_confidence_bps")?,
                max_ema_deviation_bps: nonzero(
                    asset,
                    p.max_ema_deviation_bps,
                    "max_ema_deviation_bps",
                )?,
            };
            // the contract must be a Pyth contract that knows the feed (its price may be stale)
            mars_entry::raw::query_wasm_smart::<PriceFeedResponse>(
                &deps.querier,
                source.contract_addr.as_str(),
                &PythQueryMsg::PriceFeed {
                    id: source.price_feed_id.clone(),
                },
            )?;
            PriceSourceBase::Pyth(source)
        }
        PriceSourceBase::Twap(t) => PriceSourceBase::Twap(twap::check_source(deps, asset, t)?),
    })
}

fn check_feeders(
    api: &dyn Api,
    asset: &AssetInfo,
    feeders: Vec<String>,
) -> Result<Vec<Addr>, ContractError> {
    if feeders.is_empty() {
        return Err(ContractError::NoFeeders {
            asset: asset.clone(),
        });
    }
    if feeders.len() > MAX_FEEDERS {
        return Err(ContractError::TooManyFeeders {
            asset: asset.clone(),
            count: feeders.len(),
            max: MAX_FEEDERS,
        });
    }
    let mut checked: Vec<Addr> = Vec::with_capacity(feeders.len());
    for feeder in feeders {
        let feeder = api.addr_validate(&feeder)?;
        if checked.contains(&feeder) {
            return Err(ContractError::DuplicateFeeder {
                asset: asset.clone(),
                feeder,
            });
        }
        checked.push(feeder);
    }
    Ok(checked)
}

/// The source's kind and every parameter, for indexers.
fn attributes(source: &PriceSource) -> Vec<Attribute> {
    let mut attrs = vec![Attribute::new("source", source.kind())];
    match source {
        PriceSourceBase::Fixed { price } => attrs.push(Attribute::new("price", price.to_string())),
        PriceSourceBase::Feeder(f) => attrs.extend([
            Attribute::new(
                "feeders",
                f.feeders
                    .iter()
                    .map(Addr::as_str)
                    .collect::<Vec<_>>()
                    .join(","),
            ),
            Attribute::new("max_staleness", f.max_staleness.to_string()),
            Attribute::new("max_change_bps", f.max_change_bps.get().to_string()),
        ]),
        PriceSourceBase::Pyth(p) => attrs.extend([
            Attribute::new("contract_addr", p.contract_addr.as_str()),
            Attribute::new("price_feed_id", p.price_feed_id.as_str()),
            Attribute::new("max_staleness", p.max_staleness.to_string()),
            Attribute::new("max_confidence_bps", p.max_confidence_bps.get().to_string()),
            Attribute::new(
                "max_ema_deviation_bps",
                p.max_ema_deviation_bps.get().to_string(),
            ),
        ]),
        PriceSourceBase::Twap(t) => attrs.extend([
            Attribute::new("pair_addr", t.pair_addr.as_str()),
            Attribute::new("quote", t.quote.to_string()),
            Attribute::new("asset_decimals", t.asset_decimals.to_string()),
            Attribute::new("quote_decimals", t.quote_decimals.to_string()),
            Attribute::new("window", t.window.to_string()),
            Attribute::new(
                "max_spot_deviation_bps",
                t.max_spot_deviation_bps.get().to_string(),
            ),
        ]),
    }
    attrs
}
