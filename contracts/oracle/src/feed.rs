//! Prices pushed by allow-listed feeders, and reading them back.

use cosmwasm_std::{Addr, Decimal, DepsMut, Env, Response};
use mars_types::board::BoardPrice;
use mars_types::oracle::{FeedPrice, FeederSource, PriceResponse, PriceSourceBase};
use mars_types::AssetInfo;

use crate::checks::{abs_diff, bps_of, check_age};
use crate::{board, sources, ContractError};

pub fn feed_prices(
    deps: DepsMut,
    env: &Env,
    sender: &Addr,
    prices: Vec<FeedPrice>,
) -> Result<Response, ContractError> {
    let now = env.block.time.seconds();
    let mut res = Response::new()
        .add_attribute("action", "feed_prices")
        .add_attribute("feeder", sender);
    // bounded by the message: at most one entry per asset, each checked against the price
    // stored before the message
    let mut board = board::load(deps.storage)?;
    let mut seen: Vec<AssetInfo> = Vec::with_capacity(prices.len());
    for FeedPrice { asset, price } in prices {
        let asset = asset.check(deps.api)?;
        if seen.contains(&asset) {
            return Err(ContractError::DuplicateFeedAsset { asset });
        }
        seen.push(asset.clone());
        let (_, source) = sources::load(deps.as_ref(), &asset)?;
        let PriceSourceBase::Feeder(source) = source else {
            return Err(ContractError::NotFedByFeeders { asset });
        };
        if !source.feeders.contains(sender) {
            return Err(ContractError::UnknownFeeder {
                asset,
                sender: sender.clone(),
            });
        }
        if price.is_zero() {
            return Err(ContractError::NonPositivePrice {
                asset,
                price: price.to_string(),
            });
        }
        let key = asset.storage_key();
        let move_bps = match board.get(&key) {
            // one push per block: a feeder key moves a price at most `max_change_bps` per block
            Some(last) if last.publish_time >= now => {
                return Err(ContractError::AlreadyFedThisBlock {
                    asset,
                    publish_time: last.publish_time,
                });
            }
            Some(last) => check_move(&asset, &source, last.price, price)?.to_string(),
            None => "none".to_string(),
        };
        board.set(key, fed(price, now, &source));
        res = res.add_attributes([
            ("asset", asset.to_string()),
            ("price", price.to_string()),
            ("move_bps", move_bps),
        ]);
    }
    board::save(deps.storage, &board)?;
    Ok(res)
}

/// The board entry of a push at `now`: usable until the source's `max_staleness` runs out.
pub fn fed(price: Decimal, now: u64, source: &FeederSource<Addr>) -> BoardPrice {
    BoardPrice::plain(price, now, valid_until(source, now))
}

/// The last block time at which a price pushed at `publish_time` passes the staleness check.
pub fn valid_until(source: &FeederSource<Addr>, publish_time: u64) -> u64 {
    publish_time.saturating_add(source.max_staleness)
}

/// The move from `last` to `new` in bps of `last`, refused above the source's bound.
fn check_move(
    asset: &AssetInfo,
    source: &FeederSource<Addr>,
    last: Decimal,
    new: Decimal,
) -> Result<u128, ContractError> {
    let move_bps = bps_of(abs_diff(new, last), last);
    if move_bps > u128::from(source.max_change_bps.get()) {
        return Err(ContractError::MoveTooLarge {
            asset: asset.clone(),
            last,
            new,
            move_bps,
            max_bps: source.max_change_bps,
        });
    }
    Ok(move_bps)
}

/// The last pushed price, the asset's `entry` on the board, refused once older than the
/// source's `max_staleness`.
pub fn price(
    entry: Option<BoardPrice>,
    asset: &AssetInfo,
    now: u64,
    source: &FeederSource<Addr>,
) -> Result<PriceResponse, ContractError> {
    let fed = entry.ok_or_else(|| ContractError::NoPriceFed {
        asset: asset.clone(),
    })?;
    check_age(asset, now, fed.publish_time, source.max_staleness)?;
    Ok(fed.into_response(asset.clone()))
}
