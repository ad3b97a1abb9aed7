//! The oracle's API, shared by the oracle and every contract that reads prices.
//!
//! The oracle is owned by governance and holds one price source per asset. Every price it
//! returns has passed its source's checks (staleness, confidence, EMA deviation, move bounds);
//! a price that fails is an error, never a number.

use std::cmp::{max, min};

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Decimal};
use cw_ownable::{cw_ownable_execute, cw_ownable_query};

use crate::pyth::PriceIdentifier;
use crate::{AssetInfo, AssetInfoBase, AssetInfoUnchecked, Bps};

/// Creates the oracle with no price sources.
#[cw_serde]
pub struct InstantiateMsg {
    /// The owner, who alone sets price sources: governance.
    pub owner: String,
}

#[cw_ownable_execute]
#[cw_serde]
pub enum ExecuteMsg {
    /// Owner only. Sets or replaces the price source of `asset`, after validating it. Setting a
    /// source drops the asset's entry on the price board (its last fed price) and writes a fixed
    /// price there, and drops its TWAP snapshots unless the new source reads the same pair for
    /// the same quote.
    SetPriceSource {
        /// The asset to price.
        asset: AssetInfoUnchecked,
        /// Where its price comes from and the bounds it must meet.
        source: PriceSourceUnchecked,
    },

    /// Owner only. Removes the price source of `asset` and everything recorded for it; its
    /// price becomes an error.
    RemovePriceSource {
        /// The asset to stop pricing.
        asset: AssetInfoUnchecked,
    },

    /// Feeders only. Pushes prices of assets whose source is `Feeder`; the sender must be one
    /// of each asset's feeders. The whole message is refused if any entry is zero, lists an
    /// asset already listed in the message, moves more than the source's `max_change_bps` from
    /// the price stored before the message, or pushes an asset already pushed at this block's
    /// time (one push per asset per block). So one feeder key moves a price by at most
    /// `max_change_bps` per block.
    FeedPrices {
        /// The prices, each asset at most once.
        prices: Vec<FeedPrice>,
    },

    /// Anyone. Records the current cumulative price of the pair behind a `Twap` source: as a
    /// snapshot, which a TWAP can later be taken from, unless the last snapshot is younger than
    /// `window / 4` (rounded up); and as a checkpoint, which the recent average can start from,
    /// unless one was recorded in this block (a second record in a block leaves the checkpoints
    /// as they are). Refused only when neither can be recorded. Keepers should send it in the
    /// block after any large move of the pair.
    RecordTwapSnapshot {
        /// An asset priced by a `Twap` source.
        asset: AssetInfoUnchecked,
    },

    /// Anyone. Computes each asset's price with every check its source applies on a query and
    /// writes it to the price board ([`crate::board`]), where the vault reads it without a call
    /// into the oracle: a fixed price for as long as its source stands, a fed price until its
    /// `max_staleness` runs out, a Pyth or TWAP price for this block only. Keepers send it
    /// before the block's mints and redemptions of Pyth- and TWAP-priced assets; without it the
    /// vault asks the oracle, which is correct but loads the oracle's code. The whole message
    /// is refused if any price fails its checks, an asset is listed twice, or the list is empty
    /// or longer than [`MAX_REFRESH_ASSETS`].
    RefreshPrices {
        /// The assets to refresh, each at most once.
        assets: Vec<AssetInfoUnchecked>,
    },
}

/// The most assets one `RefreshPrices` may list (the vault's whitelist is at most 32).
pub const MAX_REFRESH_ASSETS: usize = 32;

/// One pushed price.
#[cw_serde]
pub struct FeedPrice {
    /// The asset; its source must be `Feeder`.
    pub asset: AssetInfoUnchecked,
    /// USD per whole token.
    pub price: Decimal,
}

/// Where the oracle gets an asset's price, with the bounds it checks on every read. `T` is the
/// address type: `String` in messages, `Addr` once validated. Every bound must be positive and
/// basis points cannot exceed 10,000.
#[cw_serde]
pub enum PriceSourceBase<T> {
    /// A constant price. **For tests and bootstrap only**: it follows no market and never goes
    /// stale, so governance must replace it before the asset carries real value.
    Fixed {
        /// USD per whole token; positive.
        price: Decimal,
    },
    /// Prices pushed by allow-listed feeders.
    Feeder(FeederSource<T>),
    /// A feed of the Pyth contract deployed on the chain.
    Pyth(PythSource<T>),
    /// A time-weighted average price from an AMM pair.
    Twap(TwapSource<T>),
}

/// Prices pushed by allow-listed feeders with `FeedPrices`. The move bound guards against fat
/// fingers and glitches, not against a feeder gone bad (that is what the allow-list is for): a
/// larger real move is followed in several pushes, each within the bound and in its own block.
#[cw_serde]
pub struct FeederSource<T> {
    /// Addresses allowed to push: 1 to 20, no duplicates.
    pub feeders: Vec<T>,
    /// Seconds after its push at which a price becomes unusable.
    pub max_staleness: u64,
    /// The largest move of a push from the last accepted price, in bps of that price; at most
    /// one push per block, so this is also the largest move per block. The first push after the
    /// source is set has nothing to compare with and is not bounded.
    pub max_change_bps: Bps,
}

/// A feed of the Pyth contract deployed on the chain. Only the spot price's `publish_time` is
/// checked for staleness: Pyth publishes the EMA with it.
#[cw_serde]
pub struct PythSource<T> {
    /// The Pyth contract.
    pub contract_addr: T,
    /// The feed id; the feed must be quoted in USD (e.g. ATOM/USD).
    pub price_feed_id: PriceIdentifier,
    /// Seconds after `publish_time` at which a price becomes unusable. A `publish_time` ahead of
    /// the block time (clock skew) counts as age zero.
    pub max_staleness: u64,
    /// The widest confidence interval accepted, in bps of the price.
    pub max_confidence_bps: Bps,
    /// The largest gap accepted between the price and its EMA, in bps of the EMA.
    pub max_ema_deviation_bps: Bps,
}

/// A time-weighted average price from an Astroport constant-product (xyk) pair of the asset
/// and `quote`, for thin assets like XMS, answered with the pair's current spot beside it.
///
/// The average runs from the newest snapshot at least `window` old to the current block, from
/// the pair's cumulative prices. Snapshots are recorded by anyone with `RecordTwapSnapshot`, at
/// most one per `window / 4`. There is no price until a snapshot is `window` old, and none when
/// the newest such snapshot is more than `2 × window` old (keepers stopped recording).
///
/// The spot is read from the pool's reserves in the same answer as the cumulative prices. An
/// average lags: after a fast fall it is above the spot, and a deposit valued at it would be
/// over-valued. So the answer carries both (`price` the average, `spot_price` the spot): a
/// deposit is valued at the lower, a single-asset payout at the higher, and the price is refused
/// when the spot is more than `max_spot_deviation_bps` from the average, or when either reserve
/// is zero.
///
/// The spot is the pool's state in the current block, which a trade just before the read sets.
/// So the answer also carries `recent_price`, the average from the newest snapshot or checkpoint
/// (`RecordTwapSnapshot` records one in any block) of an earlier block to now: the pair adds the
/// current block's seconds at the reserves the block started with, so no trade of the current
/// block moves it. Deposits take the lowest of the three, payouts the highest. It reflects a
/// fall only from the next record on, and a price held across blocks moves it, as it moves any
/// TWAP.
///
/// **The quote is taken at exactly $1**, in the average and in the spot alike. If the quote is
/// USDm and USDm trades below its peg, the asset is over-valued in USD by the depeg (XMS at 0.5
/// USDm with USDm at $0.90 is priced $0.50, worth $0.45), and the deviation bound does not see
/// it, since average and spot are both in USDm. Quote the asset against a USD stablecoin the
/// vault does not issue, or keep the asset's cap small.
#[cw_serde]
pub struct TwapSource<T> {
    /// The pair; its type must be xyk.
    pub pair_addr: T,
    /// The pair's other asset, **taken at exactly $1**: it must be USDm or a USD stablecoin, so
    /// that the price in the quote is the price in USD (see above for a quote off its peg).
    pub quote: AssetInfoBase<T>,
    /// Decimals of the priced asset (at most 18).
    pub asset_decimals: u8,
    /// Decimals of the quote (at most 18).
    pub quote_decimals: u8,
    /// The shortest averaging period, in seconds.
    pub window: u64,
    /// The largest gap accepted between the pair's spot and the average, in bps of the average;
    /// positive.
    pub max_spot_deviation_bps: Bps,
}

/// A price source as a message carries it.
pub type PriceSourceUnchecked = PriceSourceBase<String>;
/// A validated price source, as the oracle stores it.
pub type PriceSource = PriceSourceBase<Addr>;

impl<T> PriceSourceBase<T> {
    /// The source's kind, as events name it.
    pub fn kind(&self) -> &'static str {
        match self {
            PriceSourceBase::Fixed { .. } => "fixed",
            PriceSourceBase::Feeder(_) => "feeder",
            PriceSourceBase::Pyth(_) => "pyth",
            PriceSourceBase::Twap(_) => "twap",
        }
    }
}

#[cw_ownable_query]
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// The checked price of one whole unit of `asset` in USD. Errors if the price is stale,
    /// out of bounds or has no source: a bad price is never returned.
    #[returns(PriceResponse)]
    Price {
        /// The asset to price.
        asset: AssetInfoUnchecked,
    },

    /// The checked prices of several assets in one call, in the order asked. Fails as a whole
    /// if any one price fails its checks.
    #[returns(Vec<PriceResponse>)]
    Prices {
        /// The assets to price; duplicates are answered twice.
        assets: Vec<AssetInfoUnchecked>,
    },

    /// The price source of `asset`.
    #[returns(PriceSourceResponse)]
    PriceSource {
        /// The asset.
        asset: AssetInfoUnchecked,
    },

    /// Price sources in the order of their assets' storage keys (`cw20:<addr>` before
    /// `native:<denom>`).
    #[returns(Vec<PriceSourceResponse>)]
    PriceSources {
        /// The last asset of the previous page.
        start_after: Option<AssetInfoUnchecked>,
        /// Page size: default 10, at most 30.
        limit: Option<u32>,
    },

    /// Every entry of the price board in the order of the assets' storage keys, with whether
    /// it may be used at this block's time. Readers inside a transaction read the board raw
    /// ([`crate::board::read_board`]); this answer is for front ends and keepers.
    #[returns(Vec<BoardEntryResponse>)]
    Board {},

    /// The oracle's configuration.
    #[returns(ConfigResponse)]
    Config {},
}

/// One entry of the price board.
#[cw_serde]
pub struct BoardEntryResponse {
    /// The checked price as the oracle computed it when it wrote the entry.
    pub price: PriceResponse,
    /// The last block time (unix seconds) at which the entry may be used.
    pub valid_until: u64,
    /// Whether this block's time is at most `valid_until`; readers ask the oracle otherwise.
    pub usable: bool,
}

/// An asset's price source.
#[cw_serde]
pub struct PriceSourceResponse {
    /// The asset.
    pub asset: AssetInfo,
    /// Its validated source.
    pub source: PriceSource,
}

/// The oracle's configuration.
#[cw_serde]
pub struct ConfigResponse {
    /// The owner (governance); `None` once ownership is renounced. Transfers are two-step, see
    /// the `ownership` query.
    pub owner: Option<Addr>,
    /// How many assets have a price source.
    pub price_source_count: u32,
}

/// Migrates the oracle to a newer version of its code; refused for another contract or an
/// older or equal version.
#[cw_serde]
pub struct MigrateMsg {}

/// A checked price.
#[cw_serde]
pub struct PriceResponse {
    /// The asset priced.
    pub asset: AssetInfo,
    /// USD per whole token (`10^decimals` base units).
    pub price: Decimal,
    /// Unix time (seconds) at which the source published the price.
    pub publish_time: u64,
    /// Half-width of the source's confidence interval, in USD, where the source gives one.
    pub confidence: Option<Decimal>,
    /// The source's exponential moving average price, where it gives one.
    pub ema_price: Option<Decimal>,
    /// The pair's current spot price, USD per whole token, for a TWAP source (whose `price` is
    /// the average); `None` for every other source. A trade earlier in the same block moves it.
    pub spot_price: Option<Decimal>,
    /// For a TWAP source: the average since the newest snapshot or checkpoint of an earlier
    /// block, which no trade in the current block moves (it equals `price` when that record is
    /// the snapshot the average starts from); `None` for every other source.
    pub recent_price: Option<Decimal>,
}

impl PriceResponse {
    /// The price at which the vault values a deposit: the lowest of the price, the EMA and, for
    /// a TWAP, the pair's spot and the recent average, less the confidence interval. Never above
    /// any of them.
    pub fn mint_price(&self) -> Decimal {
        self.bounds().0
    }

    /// The price at which the vault values a single-asset payout: the highest of the price, the
    /// EMA and, for a TWAP, the pair's spot and the recent average, plus the confidence interval.
    /// Never below any of them.
    pub fn redeem_price(&self) -> Decimal {
        self.bounds().1
    }

    /// Both conservative prices, (mint, redeem).
    pub fn bounds(&self) -> (Decimal, Decimal) {
        price_bounds(
            self.price,
            [self.ema_price, self.spot_price, self.recent_price],
            self.confidence,
        )
    }
}

/// The conservative prices of a checked price with its `alternatives` (the EMA, a TWAP's spot
/// and recent average, where the source gives them) and confidence interval: the lowest less
/// the confidence, at which a deposit is valued, and the highest plus it, at which a payout is.
pub fn price_bounds(
    price: Decimal,
    alternatives: [Option<Decimal>; 3],
    confidence: Option<Decimal>,
) -> (Decimal, Decimal) {
    let (low, high) = alternatives
        .into_iter()
        .flatten()
        .fold((price, price), |(lo, hi), p| (min(lo, p), max(hi, p)));
    let conf = confidence.unwrap_or_default();
    (low.saturating_sub(conf), high.saturating_add(conf))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::Addr;
    use std::str::FromStr;

    fn p(price: &str, ema: Option<&str>, conf: Option<&str>) -> PriceResponse {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        PriceResponse {
            asset: AssetInfo::Cw20 {
                contract_addr: Addr::unchecked("x"),
            },
            price: d(price),
            publish_time: 0,
            confidence: conf.map(d),
            ema_price: ema.map(d),
            spot_price: None,
            recent_price: None,
        }
    }

    #[test]
    fn conservative_prices_favour_the_vault() {
        let r = p("100", Some("98"), Some("0.5"));
        assert_eq!(r.mint_price(), Decimal::from_str("97.5").unwrap());
        assert_eq!(r.redeem_price(), Decimal::from_str("100.5").unwrap());
        let r = p("100", Some("103"), None);
        assert_eq!(r.mint_price(), Decimal::from_str("100").unwrap());
        assert_eq!(r.redeem_price(), Decimal::from_str("103").unwrap());
        let r = p("1", None, None);
        assert_eq!(
            (r.mint_price(), r.redeem_price()),
            (Decimal::one(), Decimal::one())
        );
        // a confidence wider than the price values a deposit at zero, never negative
        assert_eq!(p("1", None, Some("2")).mint_price(), Decimal::zero());
    }

    #[test]
    fn a_twap_values_deposits_at_the_lower_of_average_and_spot_and_payouts_at_the_higher() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        let twap = |price: &str, spot: &str| PriceResponse {
            spot_price: Some(d(spot)),
            ..p(price, None, None)
        };
        // a lagging average above a crashed spot: the deposit at the spot
        let r = twap("0.47", "0.1");
        assert_eq!((r.mint_price(), r.redeem_price()), (d("0.1"), d("0.47")));
        // a lagging average below a spot that rose: the payout at the spot
        let r = twap("0.47", "0.6");
        assert_eq!((r.mint_price(), r.redeem_price()), (d("0.47"), d("0.6")));
        let r = twap("0.5", "0.5");
        assert_eq!((r.mint_price(), r.redeem_price()), (d("0.5"), d("0.5")));
        // with an EMA and a confidence too, the lowest less and the highest plus the confidence
        let r = PriceResponse {
            spot_price: Some(d("9")),
            ..p("10", Some("11"), Some("0.5"))
        };
        assert_eq!((r.mint_price(), r.redeem_price()), (d("8.5"), d("11.5")));
    }

    #[test]
    fn a_twap_values_deposits_at_the_lowest_of_average_recent_average_and_spot() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        let twap = |price: &str, recent: &str, spot: &str| PriceResponse {
            spot_price: Some(d(spot)),
            recent_price: Some(d(recent)),
            ..p(price, None, None)
        };
        // a crash the recent average has seen, the spot pumped back to the lagging average in
        // the current block: the deposit at the recent average
        let r = twap("0.47", "0.1", "0.469");
        assert_eq!((r.mint_price(), r.redeem_price()), (d("0.1"), d("0.47")));
        // a rise the recent average has seen, the spot dumped in the current block: the payout
        // at the recent average
        let r = twap("0.47", "0.6", "0.3");
        assert_eq!((r.mint_price(), r.redeem_price()), (d("0.3"), d("0.6")));
        // no record since the window-old snapshot: the recent average is the average
        let r = twap("0.5", "0.5", "0.5");
        assert_eq!((r.mint_price(), r.redeem_price()), (d("0.5"), d("0.5")));
    }

    #[test]
    fn a_response_without_a_recent_price_still_reads() {
        let json = r#"{"asset":{"cw20":{"contract_addr":"x"}},"price":"2","publish_time":1,
            "confidence":null,"ema_price":null,"spot_price":"1.5"}"#;
        let r: PriceResponse = cosmwasm_std::from_json(json).unwrap();
        assert_eq!(r.recent_price, None);
        assert_eq!(
            (r.mint_price(), r.redeem_price()),
            (
                Decimal::from_str("1.5").unwrap(),
                Decimal::from_str("2").unwrap()
            )
        );
    }
}
