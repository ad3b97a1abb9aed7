//! The oracle's side of the price board ([`mars_types::board`]): every price that passes its
//! source's checks on the way in is kept there, compact, for readers to take with one raw read.

use cosmwasm_std::{Decimal, Deps, DepsMut, Env, Response, StdResult, Storage};
use mars_types::board::{BoardPrice, PriceBoard, PRICE_BOARD_KEY};
use mars_types::oracle::{BoardEntryResponse, PriceSource, PriceSourceBase, MAX_REFRESH_ASSETS};
use mars_types::{AssetInfo, AssetInfoUnchecked};

use crate::state::PRICE_SOURCES;
use crate::{feed, query, sources, ContractError};

/// The decoded board (empty while no price is kept).
pub fn load(storage: &dyn Storage) -> StdResult<PriceBoard> {
    storage
        .get(PRICE_BOARD_KEY)
        .map_or_else(|| Ok(PriceBoard::default()), |raw| PriceBoard::decode(&raw))
}

/// Stores the board; an empty board is no record at all.
pub fn save(storage: &mut dyn Storage, board: &PriceBoard) -> StdResult<()> {
    if board.is_empty() {
        storage.remove(PRICE_BOARD_KEY);
    } else {
        storage.set(PRICE_BOARD_KEY, &board.encode()?);
    }
    Ok(())
}

/// The last block time at which a price checked at `now` still holds: a fixed price for as
/// long as its source stands, a fed price until its source's `max_staleness` after the push
/// (the bound a query checks), a Pyth or TWAP price only in this block, since the state it is
/// computed from (the Pyth contract, the pair) may change in any later block.
pub fn valid_until(source: &PriceSource, publish_time: u64, now: u64) -> u64 {
    match source {
        PriceSourceBase::Fixed { .. } => u64::MAX,
        PriceSourceBase::Feeder(f) => feed::valid_until(f, publish_time),
        PriceSourceBase::Pyth(_) | PriceSourceBase::Twap(_) => now,
    }
}

/// The entry of a fixed price set at `now`.
pub fn fixed(price: Decimal, now: u64) -> BoardPrice {
    BoardPrice::plain(price, now, u64::MAX)
}

pub fn refresh_prices(
    deps: DepsMut,
    env: &Env,
    assets: Vec<AssetInfoUnchecked>,
) -> Result<Response, ContractError> {
    if assets.is_empty() || assets.len() > MAX_REFRESH_ASSETS {
        return Err(ContractError::RefreshCount {
            count: assets.len(),
            max: MAX_REFRESH_ASSETS,
        });
    }
    let now = env.block.time.seconds();
    let mut board = load(deps.storage)?;
    let mut res = Response::new().add_attribute("action", "refresh_prices");
    let mut seen: Vec<AssetInfo> = Vec::with_capacity(assets.len());
    for asset in assets {
        let asset = asset.check(deps.api)?;
        if seen.contains(&asset) {
            return Err(ContractError::DuplicateRefreshAsset { asset });
        }
        let (_, source) = sources::load(deps.as_ref(), &asset)?;
        let key = asset.storage_key();
        // the entry before this message: each asset is listed once
        let entry = board.get(&key).cloned();
        let price = query::checked_price(deps.as_ref(), entry, &asset, &source, now)?;
        let valid_until = valid_until(&source, price.publish_time, now);
        res = res.add_attributes([
            ("asset", asset.to_string()),
            ("price", price.price.to_string()),
            ("valid_until", valid_until.to_string()),
        ]);
        board.set(key, BoardPrice::from_response(&price, valid_until));
        seen.push(asset);
    }
    save(deps.storage, &board)?;
    Ok(res)
}

/// Every entry with the asset it prices (the board is keyed by storage key; every entry has a
/// source, since setting or removing a source rewrites or drops its entry).
pub fn entries(deps: Deps, env: &Env) -> Result<Vec<BoardEntryResponse>, ContractError> {
    let now = env.block.time.seconds();
    load(deps.storage)?
        .entries()
        .map(|(key, price)| {
            let (asset, _) = PRICE_SOURCES.load(deps.storage, key)?;
            Ok(BoardEntryResponse {
                valid_until: price.valid_until,
                usable: now <= price.valid_until,
                price: price.clone().into_response(asset),
            })
        })
        .collect()
}
