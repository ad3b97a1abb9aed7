use cosmwasm_std::{Deps, Env, Order};
use cw_storage_plus::Bound;
use mars_types::board::{find, usable_prices, BoardPrice, PRICE_BOARD_KEY};
use mars_types::oracle::{
    ConfigResponse, PriceResponse, PriceSource, PriceSourceBase, PriceSourceResponse,
};
use mars_types::{AssetInfo, AssetInfoUnchecked};

use crate::state::{PRICE_SOURCES, PRICE_SOURCE_COUNT};
use crate::{feed, pyth, sources, twap, ContractError};

const DEFAULT_LIMIT: u32 = 10;
const MAX_LIMIT: u32 = 30;

/// The checked price of `asset`: every source's checks run on every read.
pub fn price(
    deps: Deps,
    env: &Env,
    asset: AssetInfoUnchecked,
) -> Result<PriceResponse, ContractError> {
    let asset = asset.check(deps.api)?;
    let (_, source) = sources::load(deps, &asset)?;
    let entry = match deps.storage.get(PRICE_BOARD_KEY) {
        Some(board) => find(&board, &asset.storage_key())?,
        None => None,
    };
    checked_price(deps, entry, &asset, &source, env.block.time.seconds())
}

/// Prices in the order asked, bounded by the request; the first failure fails the query. The
/// board is read and scanned once for all of them.
pub fn prices(
    deps: Deps,
    env: &Env,
    assets: Vec<AssetInfoUnchecked>,
) -> Result<Vec<PriceResponse>, ContractError> {
    let assets = assets
        .into_iter()
        .map(|asset| {
            let asset = asset.check(deps.api)?;
            let (_, source) = sources::load(deps, &asset)?;
            Ok((asset, source))
        })
        .collect::<Result<Vec<_>, ContractError>>()?;
    let entries = match deps.storage.get(PRICE_BOARD_KEY) {
        Some(board) => {
            let keys: Vec<String> = assets.iter().map(|(a, _)| a.storage_key()).collect();
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            // validity is the source's to check, not the scan's
            usable_prices(&board, &keys, 0)?
        }
        None => vec![None; assets.len()],
    };
    let now = env.block.time.seconds();
    assets
        .iter()
        .zip(entries)
        .map(|((asset, source), entry)| checked_price(deps, entry, asset, source, now))
        .collect()
}

/// The price of `asset` from `source` at block time `now`, after every check of the source;
/// `entry` is the asset's entry on the price board, where fed prices are kept.
pub fn checked_price(
    deps: Deps,
    entry: Option<BoardPrice>,
    asset: &AssetInfo,
    source: &PriceSource,
    now: u64,
) -> Result<PriceResponse, ContractError> {
    match source {
        PriceSourceBase::Fixed { price } => Ok(PriceResponse {
            asset: asset.clone(),
            price: *price,
            publish_time: now,
            confidence: None,
            ema_price: None,
            spot_price: None,
            recent_price: None,
        }),
        PriceSourceBase::Feeder(source) => feed::price(entry, asset, now, source),
        PriceSourceBase::Pyth(source) => pyth::price(deps.querier, asset, now, source),
        PriceSourceBase::Twap(source) => twap::price(deps, asset, now, source),
    }
}

pub fn price_source(
    deps: Deps,
    asset: AssetInfoUnchecked,
) -> Result<PriceSourceResponse, ContractError> {
    let (asset, source) = sources::load(deps, &asset.check(deps.api)?)?;
    Ok(PriceSourceResponse { asset, source })
}

pub fn price_sources(
    deps: Deps,
    start_after: Option<AssetInfoUnchecked>,
    limit: Option<u32>,
) -> Result<Vec<PriceSourceResponse>, ContractError> {
    let start = start_after
        .map(|a| a.check(deps.api).map(|a| a.storage_key()))
        .transpose()?;
    let limit = limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT) as usize;
    PRICE_SOURCES
        .range(
            deps.storage,
            start.as_deref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(limit)
        .map(|item| {
            let (_, (asset, source)) = item?;
            Ok(PriceSourceResponse { asset, source })
        })
        .collect()
}

pub fn config(deps: Deps) -> Result<ConfigResponse, ContractError> {
    Ok(ConfigResponse {
        owner: cw_ownable::get_ownership(deps.storage)?.owner,
        price_source_count: PRICE_SOURCE_COUNT.load(deps.storage)?,
    })
}
