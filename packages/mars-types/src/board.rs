//! The oracle's price board: every asset's last checked price in one compact record, which a
//! reader takes with one raw storage read of the oracle instead of a query into it.
//!
//! The oracle writes an asset's entry when a price passes its source's checks: a feeder's push
//! (`FeedPrices`), a fixed price when it is set, and any source's `RefreshPrices` (anyone may
//! send it). Each entry says until when it holds (`valid_until`, unix seconds, inclusive):
//!
//! - a fed price until its source's `max_staleness` after the push, the very bound the oracle
//!   checks on a query (the board is where the oracle keeps fed prices);
//! - a fixed price for ever (until the owner changes or removes the source, which rewrites or
//!   drops the entry);
//! - a Pyth or TWAP price for the block of its refresh only: it is computed from another
//!   contract's state (the Pyth contract, the pair's reserves and cumulative prices), which any
//!   later block may change, so only a query made now can say it is still right.
//!
//! A reader uses an entry while the block time is at most `valid_until`; for an asset with no
//! such entry it asks the oracle (`Prices`), which computes the price and refuses it exactly as
//! it always did (stale, out of bounds, no source). Setting or removing an asset's source drops
//! its entry.
//!
//! Layout (version 1): the version byte, then the entries in ascending key order, each:
//!
//! ```text
//! key: u8 length + bytes (the asset's storage key, e.g. "native:uatom")
//! body length: u8 (so that a reader skips the entries it does not want undecoded), then:
//! valid_until, publish_time: varint u64
//! price: varint u128 (Decimal atomics)
//! present: u8 (bit 0 confidence, bit 1 ema_price, bit 2 spot_price, bit 3 recent_price)
//! each present value: varint u128 (Decimal atomics), in that order
//! ```

use cosmwasm_std::{Addr, Decimal, QuerierWrapper, StdError, StdResult};

use crate::codec::{Reader, Writer};
use crate::oracle::{price_bounds, PriceResponse};
use crate::AssetInfo;

/// The oracle's storage key of the board.
pub const PRICE_BOARD_KEY: &[u8] = b"price_board";

/// The board's layout version.
pub const PRICE_BOARD_VERSION: u8 = 1;

const WHAT: &str = "price board";

/// One asset's checked price on the board.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoardPrice {
    /// The last block time (unix seconds) at which the price may be used.
    pub valid_until: u64,
    pub price: Decimal,
    pub publish_time: u64,
    pub confidence: Option<Decimal>,
    pub ema_price: Option<Decimal>,
    pub spot_price: Option<Decimal>,
    pub recent_price: Option<Decimal>,
}

impl BoardPrice {
    /// An entry with a price alone (no confidence, EMA, spot or recent average), as fixed and
    /// fed prices are.
    pub fn plain(price: Decimal, publish_time: u64, valid_until: u64) -> Self {
        BoardPrice {
            valid_until,
            price,
            publish_time,
            confidence: None,
            ema_price: None,
            spot_price: None,
            recent_price: None,
        }
    }

    /// The entry of a checked price, usable until `valid_until`.
    pub fn from_response(price: &PriceResponse, valid_until: u64) -> Self {
        BoardPrice {
            valid_until,
            price: price.price,
            publish_time: price.publish_time,
            confidence: price.confidence,
            ema_price: price.ema_price,
            spot_price: price.spot_price,
            recent_price: price.recent_price,
        }
    }

    /// The oracle's answer for `asset` this entry stands for.
    pub fn into_response(self, asset: AssetInfo) -> PriceResponse {
        PriceResponse {
            asset,
            price: self.price,
            publish_time: self.publish_time,
            confidence: self.confidence,
            ema_price: self.ema_price,
            spot_price: self.spot_price,
            recent_price: self.recent_price,
        }
    }

    /// The price a deposit is valued at, as [`PriceResponse::mint_price`].
    pub fn mint_price(&self) -> Decimal {
        self.bounds().0
    }

    /// The price a single-asset payout is valued at, as [`PriceResponse::redeem_price`].
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

    fn optionals(&self) -> [Option<Decimal>; 4] {
        [
            self.confidence,
            self.ema_price,
            self.spot_price,
            self.recent_price,
        ]
    }

    fn write(&self, key: &str, w: &mut Writer) -> StdResult<()> {
        let mut body = Writer::default();
        body.u64(self.valid_until)
            .u64(self.publish_time)
            .decimal(self.price);
        let optionals = self.optionals();
        let present = optionals
            .iter()
            .enumerate()
            .fold(0u8, |bits, (i, v)| bits | ((v.is_some() as u8) << i));
        body.u8(present);
        for v in optionals.into_iter().flatten() {
            body.decimal(v);
        }
        w.str(key)?.bytes(&body.finish())?;
        Ok(())
    }

    /// The entry's body, which [`Reader::bytes`] returned.
    fn read(whole: &Reader, body: &[u8]) -> StdResult<Self> {
        let mut r = whole.part(body);
        let valid_until = r.u64()?;
        let publish_time = r.u64()?;
        let price = r.decimal()?;
        let present = r.u8()?;
        if present >> 4 != 0 {
            return Err(StdError::parse_err(WHAT, "unknown price fields"));
        }
        let mut optional = |bit: u8| -> StdResult<Option<Decimal>> {
            if present & (1 << bit) != 0 {
                r.decimal().map(Some)
            } else {
                Ok(None)
            }
        };
        let price = BoardPrice {
            valid_until,
            price,
            publish_time,
            confidence: optional(0)?,
            ema_price: optional(1)?,
            spot_price: optional(2)?,
            recent_price: optional(3)?,
        };
        r.finish()?;
        Ok(price)
    }
}

/// The whole board, decoded, for the oracle to edit.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PriceBoard {
    /// By ascending asset storage key, each key once.
    entries: Vec<(String, BoardPrice)>,
}

impl PriceBoard {
    pub fn decode(bytes: &[u8]) -> StdResult<Self> {
        let mut entries: Vec<(String, BoardPrice)> = vec![];
        let mut r = Reader::new(bytes, WHAT, PRICE_BOARD_VERSION)?;
        while !r.is_empty() {
            let key = r.str()?;
            if entries.last().is_some_and(|(last, _)| last.as_str() >= key) {
                return Err(StdError::parse_err(WHAT, "keys out of order"));
            }
            let body = r.bytes()?;
            entries.push((key.to_string(), BoardPrice::read(&r, body)?));
        }
        Ok(PriceBoard { entries })
    }

    pub fn encode(&self) -> StdResult<Vec<u8>> {
        let mut w = Writer::with_version(PRICE_BOARD_VERSION);
        for (key, price) in &self.entries {
            price.write(key, &mut w)?;
        }
        Ok(w.finish())
    }

    pub fn get(&self, key: &str) -> Option<&BoardPrice> {
        self.position(key).ok().map(|i| &self.entries[i].1)
    }

    pub fn set(&mut self, key: String, price: BoardPrice) {
        match self.position(&key) {
            Ok(i) => self.entries[i].1 = price,
            Err(i) => self.entries.insert(i, (key, price)),
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<BoardPrice> {
        self.position(key).ok().map(|i| self.entries.remove(i).1)
    }

    /// The entries by ascending asset storage key.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &BoardPrice)> {
        self.entries.iter().map(|(k, p)| (k.as_str(), p))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn position(&self, key: &str) -> Result<usize, usize> {
        self.entries.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }
}

/// The entries of `keys` usable at block time `now`, in one pass over the encoded board and in
/// the order of `keys`; `None` where the board has no entry or its entry has expired. Decodes
/// only the entries asked for; the others are skipped by their length.
pub fn usable_prices(bytes: &[u8], keys: &[&str], now: u64) -> StdResult<Vec<Option<BoardPrice>>> {
    let mut found = vec![None; keys.len()];
    // the wanted keys in ascending order (already so when they come in storage-key order), so
    // that one merge over the board, whose entries ascend too, finds them all
    // (an insertion sort: linear on sorted keys, and small in code, unlike the standard sort)
    let mut order: Vec<usize> = (0..keys.len()).collect();
    for i in 1..order.len() {
        let mut j = i;
        while j > 0 && keys[order[j - 1]] > keys[order[j]] {
            order.swap(j - 1, j);
            j -= 1;
        }
    }
    let mut wanted = order.into_iter().peekable();
    let mut r = Reader::new(bytes, WHAT, PRICE_BOARD_VERSION)?;
    while !r.is_empty() {
        // compared as bytes (the order of `str`), so not checked for UTF-8: a key that is not
        // UTF-8 matches none
        let key = r.bytes()?;
        let body = r.bytes()?;
        // wanted keys below this entry's are not on the board
        while wanted.next_if(|&i| keys[i].as_bytes() < key).is_some() {}
        let Some(&next) = wanted.peek() else {
            break;
        };
        if keys[next].as_bytes() != key {
            continue;
        }
        let price = BoardPrice::read(&r, body)?;
        while let Some(i) = wanted.next_if(|&i| keys[i].as_bytes() == key) {
            if price.valid_until >= now {
                found[i] = Some(price.clone());
            }
        }
    }
    Ok(found)
}

/// The entry of `key` on the encoded board, whether or not still valid: one pass that skips
/// every other entry by its length.
pub fn find(bytes: &[u8], key: &str) -> StdResult<Option<BoardPrice>> {
    let mut r = Reader::new(bytes, WHAT, PRICE_BOARD_VERSION)?;
    while !r.is_empty() {
        let found = r.str()? == key;
        let body = r.bytes()?;
        if found {
            return BoardPrice::read(&r, body).map(Some);
        }
    }
    Ok(None)
}

/// The oracle's encoded board, read raw from its storage: no contract call. `None` when the
/// oracle keeps none (no price yet, or an oracle without a board).
pub fn read_board(querier: &QuerierWrapper, oracle: &Addr) -> StdResult<Option<Vec<u8>>> {
    mars_entry::raw::query_wasm_raw(querier, oracle.as_str(), PRICE_BOARD_KEY)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn fed(price: &str, at: u64, valid_until: u64) -> BoardPrice {
        BoardPrice::plain(d(price), at, valid_until)
    }

    fn board() -> PriceBoard {
        let mut b = PriceBoard::default();
        b.set("native:uusdc".into(), fed("1", 100, 3_700));
        b.set(
            "native:ubtc".into(),
            BoardPrice {
                confidence: Some(d("30")),
                ema_price: Some(d("64000")),
                ..fed("64321.51", 90, 100)
            },
        );
        b.set(
            "cw20:wasm1xms".into(),
            BoardPrice {
                spot_price: Some(d("0.4")),
                recent_price: Some(d("0.45")),
                ..fed("0.47", 100, 100)
            },
        );
        b
    }

    #[test]
    fn a_board_round_trips_in_key_order() {
        let b = board();
        let bytes = b.encode().unwrap();
        assert_eq!(PriceBoard::decode(&bytes).unwrap(), b);
        assert_eq!(b.get("native:uusdc").unwrap().price, d("1"));
        // three entries of typical assets in a few dozen bytes
        assert!(bytes.len() < 128, "{} bytes", bytes.len());
        let mut b = b;
        b.set("native:uusdc".into(), fed("0.99", 200, 3_800));
        assert_eq!(b.len(), 3);
        assert_eq!(b.remove("native:ubtc").unwrap().publish_time, 90);
        assert_eq!(b.remove("native:ubtc"), None);
        assert_eq!(PriceBoard::decode(&b.encode().unwrap()).unwrap(), b);
        assert!(PriceBoard::default().is_empty());
    }

    #[test]
    fn a_reader_takes_only_the_entries_still_valid() {
        let bytes = board().encode().unwrap();
        let keys = [
            "native:uusdc",
            "native:uatom",
            "native:ubtc",
            "cw20:wasm1xms",
        ];
        let at_100 = usable_prices(&bytes, &keys, 100).unwrap();
        assert_eq!(at_100[0].as_ref().unwrap().price, d("1"));
        assert_eq!(at_100[1], None, "no entry");
        assert_eq!(at_100[2].as_ref().unwrap().ema_price, Some(d("64000")));
        assert_eq!(at_100[3].as_ref().unwrap().recent_price, Some(d("0.45")));
        // one second later the block-only entries have expired; the fed price holds until 3,700
        let at_101 = usable_prices(&bytes, &keys, 101).unwrap();
        assert!(at_101[0].is_some());
        assert_eq!((&at_101[2], &at_101[3]), (&None, &None));
        assert_eq!(usable_prices(&bytes, &keys, 3_701).unwrap(), vec![None; 4]);
        // a key asked twice is answered twice, and keys in any order
        let twice = usable_prices(
            &bytes,
            &["native:uusdc", "cw20:wasm1xms", "native:uusdc"],
            100,
        )
        .unwrap();
        assert!(twice.iter().all(Option::is_some));
        assert_eq!(twice[0], twice[2]);
        // whatever its validity, an entry is found by its key
        assert_eq!(
            find(&bytes, "native:ubtc").unwrap().unwrap().valid_until,
            100
        );
        assert_eq!(find(&bytes, "native:uatom").unwrap(), None);
    }

    #[test]
    fn an_entry_answers_as_the_oracle_would() {
        let asset = AssetInfo::Native {
            denom: "ubtc".into(),
        };
        let price = board().get("native:ubtc").unwrap().clone();
        let response = price.clone().into_response(asset);
        assert_eq!(response.mint_price(), d("63970"));
        assert_eq!(price.mint_price(), d("63970"));
        assert_eq!(price.redeem_price(), response.redeem_price());
        assert_eq!(BoardPrice::from_response(&response, 100), price);
    }

    #[test]
    fn a_malformed_board_is_refused() {
        let mut bytes = board().encode().unwrap();
        assert!(PriceBoard::decode(&bytes[..bytes.len() - 1]).is_err());
        bytes.push(0);
        assert!(PriceBoard::decode(&bytes).is_err());
        let mut w = Writer::with_version(PRICE_BOARD_VERSION);
        fed("1", 1, 1).write("native:b", &mut w).unwrap();
        fed("1", 1, 1).write("native:a", &mut w).unwrap();
        let err = PriceBoard::decode(&w.finish()).unwrap_err();
        assert!(err.to_string().contains("keys out of order"), "{err}");
        let err = PriceBoard::decode(&[2]).unwrap_err();
        assert!(err.to_string().contains("layout version 2"), "{err}");
    }
}
