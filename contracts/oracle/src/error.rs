use cosmwasm_std::{Addr, Decimal, StdError, Uint128};
use cw_ownable::OwnershipError;
use cw_utils::PaymentError;
use mars_types::asset::AssetError;
use mars_types::migrate::MigrateError;
use mars_types::{AssetInfo, Bps};
use thiserror::Error;

#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    #[error(transparent)]
    Std(#[from] StdError),

    #[error(transparent)]
    Ownership(#[from] OwnershipError),

    #[error(transparent)]
    Payment(#[from] PaymentError),

    #[error(transparent)]
    Asset(#[from] AssetError),

    #[error(transparent)]
    Migrate(#[from] MigrateError),

    #[error("{asset} has no price source")]
    NoPriceSource { asset: AssetInfo },

    #[error("the price of {asset} is stale: {age}s old, the maximum is {max}s")]
    StalePrice {
        asset: AssetInfo,
        age: u64,
        max: u64,
    },

    /// `price` as the source gave it; a Pyth EMA is marked as such.
    #[error("the price of {asset} is not positive: {price}")]
    NonPositivePrice { asset: AssetInfo, price: String },

    #[error("the price of {asset} does not fit a Decimal: {price}")]
    PriceOutOfRange { asset: AssetInfo, price: String },

    #[error(
        "the confidence interval of {asset} is {conf_bps}bps of the price, above the maximum of {max_bps}"
    )]
    ConfidenceTooWide {
        asset: AssetInfo,
        conf_bps: u128,
        max_bps: Bps,
    },

    #[error(
        "the price of {asset} is {deviation_bps}bps from its EMA, above the maximum of {max_bps}"
    )]
    EmaDeviationTooLarge {
        asset: AssetInfo,
        deviation_bps: u128,
        max_bps: Bps,
    },

    #[error("no price of {asset} has been fed yet")]
    NoPriceFed { asset: AssetInfo },

    #[error("no TWAP snapshot of {asset} is {window}s old yet: record one with record_twap_snapshot and wait")]
    NoTwapSnapshot { asset: AssetInfo, window: u64 },

    #[error("{sender} is not a feeder of {asset}")]
    UnknownFeeder { asset: AssetInfo, sender: Addr },

    #[error("{asset} is not priced by feeders")]
    NotFedByFeeders { asset: AssetInfo },

    #[error(
        "a price of {new} for {asset} moves {move_bps}bps from the last accepted {last}, above the maximum of {max_bps}"
    )]
    MoveTooLarge {
        asset: AssetInfo,
        last: Decimal,
        new: Decimal,
        move_bps: u128,
        max_bps: Bps,
    },

    #[error("{asset} is listed more than once in one feed_prices message")]
    DuplicateFeedAsset { asset: AssetInfo },

    #[error("{asset} is listed more than once in one refresh_prices message")]
    DuplicateRefreshAsset { asset: AssetInfo },

    #[error("refresh_prices lists {count} assets: at least one and at most {max}")]
    RefreshCount { count: usize, max: usize },

    #[error(
        "{asset} was already fed in this block (publish time {publish_time}): one push per asset per block"
    )]
    AlreadyFedThisBlock { asset: AssetInfo, publish_time: u64 },

    #[error(
        "pair {pair} holds {asset_reserve} of {asset} and {quote_reserve} of the quote: a TWAP needs a spot, and an empty side has none"
    )]
    EmptyPool {
        asset: AssetInfo,
        pair: Addr,
        asset_reserve: Uint128,
        quote_reserve: Uint128,
    },

    #[error(
        "the spot price {spot} of {asset} is {deviation_bps}bps from its TWAP {twap}, above the maximum of {max_bps}"
    )]
    SpotDeviationTooLarge {
        asset: AssetInfo,
        spot: Decimal,
        twap: Decimal,
        deviation_bps: u128,
        max_bps: Bps,
    },

    #[error("{asset} is not priced by a TWAP")]
    NotATwap { asset: AssetInfo },

    /// Neither a snapshot nor a checkpoint can be recorded at `time`: the checkpoint of this
    /// block is recorded, and the snapshot spacing refuses one until `next`.
    #[error(
        "nothing to record for {asset} at {time}: its TWAP checkpoint of this block is recorded, and its last snapshot was taken at {last}; the next may be taken from {next}"
    )]
    TwapAlreadyRecorded {
        asset: AssetInfo,
        time: u64,
        last: u64,
        next: u64,
    },

    #[error("a TWAP of {asset} from its snapshot at {time} would average over no time")]
    EmptyTwapSpan { asset: AssetInfo, time: u64 },

    #[error("{field} of the price source of {asset} must be positive")]
    ZeroBound {
        asset: AssetInfo,
        field: &'static str,
    },

    #[error("{field} of the price source of {asset} is {decimals}, above the maximum of {max}")]
    DecimalsOutOfRange {
        asset: AssetInfo,
        field: &'static str,
        decimals: u8,
        max: u8,
    },

    #[error("the price source of {asset} lists no feeders")]
    NoFeeders { asset: AssetInfo },

    #[error("the price source of {asset} lists {count} feeders, above the maximum of {max}")]
    TooManyFeeders {
        asset: AssetInfo,
        count: usize,
        max: usize,
    },

    #[error("{feeder} is listed twice as a feeder of {asset}")]
    DuplicateFeeder { asset: AssetInfo, feeder: Addr },

    #[error("pair {pair} is of type {pair_type}; a TWAP needs an xyk pair")]
    UnsupportedPairType { pair: Addr, pair_type: String },

    #[error("pair {pair} does not trade {asset} against {quote}")]
    PairAssetsMismatch {
        pair: Addr,
        asset: AssetInfo,
        quote: AssetInfo,
    },
}
