use cosmwasm_std::Uint128;
use cw_storage_plus::{Item, Map};
use mars_types::oracle::PriceSource;
use mars_types::AssetInfo;

use crate::feed::FedPrice;
use crate::twap::Checkpoints;

/// Each asset's price source, by the asset's storage key, with the asset itself for listings.
pub const PRICE_SOURCES: Map<&str, (AssetInfo, PriceSource)> = Map::new("price_sources");

/// How many assets have a price source.
pub const PRICE_SOURCE_COUNT: Item<u32> = Item::new("price_source_count");

/// The last accepted pushed price of each asset priced by feeders.
pub const FED_PRICES: Map<&str, FedPrice> = Map::new("fed_prices");

/// Cumulative prices of each TWAP asset's pair, by (asset storage key, unix seconds).
pub const TWAP_SNAPSHOTS: Map<(&str, u64), Uint128> = Map::new("twap_snapshots");

/// The two newest checkpoints of each TWAP asset's pair, by asset storage key: recorded by
/// `RecordTwapSnapshot` at most once per block, whatever the snapshots' spacing.
pub const TWAP_CHECKPOINTS: Map<&str, Checkpoints> = Map::new("twap_checkpoints");
