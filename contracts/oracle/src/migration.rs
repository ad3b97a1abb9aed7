//! From 0.1, which kept each fed price in a JSON map (`fed_prices`) and no board, to the price
//! board: every fed price and fixed price moves to the board with the validity a refresh would
//! give it, so that every query answers the same before and after.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Decimal, Order, StdResult, Storage};
use cw_storage_plus::Map;
use mars_types::oracle::PriceSourceBase;

use crate::state::PRICE_SOURCES;
use crate::{board, feed};

/// 0.1's last accepted push of an asset's price.
#[cw_serde]
struct FedPrice {
    price: Decimal,
    publish_time: u64,
}

const FED_PRICES: Map<&str, FedPrice> = Map::new("fed_prices");

/// Moves 0.1's prices to the board; returns how many entries the board holds.
pub fn to_board(storage: &mut dyn Storage, now: u64) -> StdResult<usize> {
    let mut prices = board::load(storage)?;
    let sources = PRICE_SOURCES
        .range(storage, None, None, Order::Ascending)
        .collect::<StdResult<Vec<_>>>()?;
    for (key, (_, source)) in sources {
        match source {
            PriceSourceBase::Fixed { price } => {
                prices.set(key, board::fixed(price, now));
            }
            PriceSourceBase::Feeder(source) => {
                if let Some(last) = FED_PRICES.may_load(storage, &key)? {
                    prices.set(
                        key.clone(),
                        feed::fed(last.price, last.publish_time, &source),
                    );
                    FED_PRICES.remove(storage, &key);
                }
            }
            PriceSourceBase::Pyth(_) | PriceSourceBase::Twap(_) => {}
        }
    }
    board::save(storage, &prices)?;
    Ok(prices.len())
}
