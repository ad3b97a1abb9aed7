use cosmwasm_std::Uint128;
use cw_storage_plus::{Item, Map};
use mars_types::oracle::PriceSource;
use mars_types::AssetInfo;

use crate::twap::Checkpoints;

// The price board, every asset's last checked price (fed prices among them), is one raw record
// under `mars_types::board::PRICE_BOARD_KEY`: see `crate::board`.

/// Each asset's price source, by the asset's storage key, with the asset itself for listings.
pub const PRICE_SOURCES: Map<&str, (AssetInfo, PriceSource)> = Map::new("price_sources");

/// How many assets have a price source.
pub const PRICE_SOURCE_COUNT: Item<u32> = Item::new("price_source_count");

/// Cumulative prices of each TWAP asset's pair, by (asset storage key, unix seconds).
pub const TWAP_SNAPSHOTS: Map<(&str, u64), Uint128> = Map::new("twap_snapshots");

/// The two newest checkpoints of each TWAP asset's pair, by asset storage key: recorded by
/// `RecordTwapSnapshot` at most once per block, whatever the snapshots' spacing.
pub const TWAP_CHECKPOINTS: Map<&str, Checkpoints> = Map::new("twap_checkpoints");
