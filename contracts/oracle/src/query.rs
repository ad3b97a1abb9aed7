use cosmwasm_std::{Deps, Env, Order};
use cw_storage_plus::Bound;
use mars_types::board::PRICE_BOARD_KEY;
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
    let board = deps.storage.get(PRICE_BOARD_KEY);
    price_on(deps, env, board.as_deref(), asset)
}

/// Prices in the order asked, bounded by the request; the first failure fails the query. The
/// board is read once for all of them.
pub fn prices(
    deps: Deps,
    env: &Env,
    assets: Vec<AssetInfoUnchecked>,
) -> Result<Vec<PriceResponse>, ContractError> {
    let board = deps.storage.get(PRICE_BOARD_KEY);
    assets
        .into_iter()
        .map(|asset| price_on(deps, env, board.as_deref(), asset))
        .collect()
}

fn price_on(
    deps: Deps,
    env: &Env,
    board: Option<&[u8]>,
    asset: AssetInfoUnchecked,
) -> Result<PriceResponse, ContractError> {
    let asset = asset.check(deps.api)?;
    let (_, source) = sources::load(deps, &asset)?;
    checked_price(deps, board, &asset, &source, env.block.time.seconds())
}

/// The price of `asset` from `source` at block time `now`, after every check of the source;
/// `board` is the encoded price board, where fed prices are kept.
pub fn checked_price(
    deps: Deps,
    board: Option<&[u8]>,
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
        PriceSourceBase::Feeder(source) => feed::price(board, asset, now, source),
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
