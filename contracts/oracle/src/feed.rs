//! Prices pushed by allow-listed feeders, and reading them back.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Decimal, DepsMut, Env, Response, Storage};
use mars_types::oracle::{FeedPrice, FeederSource, PriceResponse, PriceSourceBase};
use mars_types::AssetInfo;

use crate::checks::{abs_diff, bps_of, check_age};
use crate::sources;
use crate::state::FED_PRICES;
use crate::ContractError;

/// The last accepted push of an asset's price.
#[cw_serde]
pub struct FedPrice {
    /// USD per whole token.
    pub price: Decimal,
    /// Block time (unix seconds) of the push.
    pub publish_time: u64,
}

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
        let move_bps = match FED_PRICES.may_load(deps.storage, &key)? {
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
        FED_PRICES.save(
            deps.storage,
            &key,
            &FedPrice {
                price,
                publish_time: now,
            },
        )?;
        res = res.add_attributes([
            ("asset", asset.to_string()),
            ("price", price.to_string()),
            ("move_bps", move_bps),
        ]);
    }
    Ok(res)
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

/// The last pushed price, refused once older than the source's `max_staleness`.
pub fn price(
    storage: &dyn Storage,
    asset: &AssetInfo,
    now: u64,
    source: &FeederSource<Addr>,
) -> Result<PriceResponse, ContractError> {
    let fed = FED_PRICES
        .may_load(storage, &asset.storage_key())?
        .ok_or_else(|| ContractError::NoPriceFed {
            asset: asset.clone(),
        })?;
    check_age(asset, now, fed.publish_time, source.max_staleness)?;
    Ok(PriceResponse {
        asset: asset.clone(),
        price: fed.price,
        publish_time: fed.publish_time,
        confidence: None,
        ema_price: None,
        spot_price: None,
        recent_price: None,
    })
}
