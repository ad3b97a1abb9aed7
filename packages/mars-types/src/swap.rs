//! Mars Swap: a two-asset pool that speaks the Astroport pair interface ([`crate::astroport`]),
//! with a constant-product curve or a stableswap curve. Its own messages are the instantiate and
//! migrate messages and the parameters its `config` query answers; its curves' arithmetic is in
//! [`crate::curve`], where the vault can value a position with it.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Decimal, StdResult, Storage, Uint128};

use crate::codec::{Reader, Writer};
use crate::curve::CurveError;

use crate::astroport::AssetInfo;
use crate::Bps;

/// LP tokens the first deposit mints to the pair itself and that nobody can withdraw, so that
/// the share price can never be pushed up by a pool of a few units.
pub const MINIMUM_LIQUIDITY: Uint128 = Uint128::new(1_000);

/// The spread a swap and the ratio tolerance a deposit accept when none is named: 0.5%.
pub const DEFAULT_SLIPPAGE: Decimal = Decimal::permille(5);

/// The largest spread or ratio tolerance a message may name: 50%.
pub const MAX_ALLOWED_SLIPPAGE: Decimal = Decimal::percent(50);

/// The largest swap fee a pair may charge: 10%.
pub const MAX_TOTAL_FEE: Bps = match Bps::new(1_000) {
    Ok(bps) => bps,
    Err(_) => panic!("valid"),
};

/// The range of a stableswap pool's amplification.
pub const MIN_AMP: u64 = 1;
pub const MAX_AMP: u64 = 10_000;

/// The largest number of decimals an asset of a stableswap pool may have.
pub const MAX_DECIMALS: u8 = 18;

#[cw_serde]
pub struct InstantiateMsg {
    /// The pool's two assets, distinct, in the order of every answer.
    pub asset_infos: Vec<AssetInfo>,
    /// The code of the LP token: the project's cw20 token code (`mars-usdm`), instantiated
    /// with the pair as its only minter.
    pub token_code_id: u64,
    pub curve: Curve,
    pub fees: FeesUnchecked,
}

/// A pool's curve.
#[cw_serde]
pub enum Curve {
    /// Constant product: `x × y = k`.
    Xyk {},
    /// Curve's stableswap invariant for two assets of about the same value.
    Stable {
        /// The amplification `A` (from [`MIN_AMP`] to [`MAX_AMP`]): the higher, the flatter the
        /// curve around balance.
        amp: u64,
        /// Each asset's decimals (at most [`MAX_DECIMALS`]): amounts are compared in whole
        /// units.
        decimals: [u8; 2],
    },
}

/// A pair's fees as a message names them.
#[cw_serde]
pub struct FeesBase<A> {
    /// The fee on every swap, taken from what the swap pays, at most [`MAX_TOTAL_FEE`]; a
    /// stableswap deposit away from the pool's balance pays it on the imbalance.
    pub total_fee_bps: Bps,
    /// The share of each swap fee sent to `fee_address` (the rest stays with the liquidity
    /// providers); zero when there is no fee address.
    pub protocol_fee_bps: Bps,
    pub fee_address: Option<A>,
}

pub type FeesUnchecked = FeesBase<String>;
pub type Fees = FeesBase<cosmwasm_std::Addr>;

/// What a pair's `config` query answers in `params`.
#[cw_serde]
pub struct PairParams {
    pub curve: Curve,
    pub fees: Fees,
    /// The LP token.
    pub liquidity_token: cosmwasm_std::Addr,
}

#[cw_serde]
pub struct MigrateMsg {}

/// The storage key of a pair's pool record, whose layout is part of this interface: the vault
/// reads a pair's reserves raw, with no call into the pair.
pub const POOL_KEY: &[u8] = b"p";
const POOL_VERSION: u8 = 1;

/// A pair's pool, as it stores it (a compact record, [`crate::codec`]): its reserves and, as
/// Astroport's pairs keep them, the cumulative prices of each asset in the other up to
/// `block_time_last`. No record is an empty pool.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pool {
    pub reserves: [Uint128; 2],
    pub cumulative: [Uint128; 2],
    pub block_time_last: u64,
}

impl Pool {
    /// The record `raw` as stored under [`POOL_KEY`].
    pub fn decode(raw: &[u8]) -> StdResult<Self> {
        let mut r = Reader::new(raw, "pool", POOL_VERSION)?;
        let pool = Pool {
            reserves: [r.uint128()?, r.uint128()?],
            cumulative: [r.uint128()?, r.uint128()?],
            block_time_last: r.u64()?,
        };
        r.finish()?;
        Ok(pool)
    }

    pub fn load(storage: &dyn Storage) -> StdResult<Self> {
        storage
            .get(POOL_KEY)
            .map_or_else(|| Ok(Pool::default()), |raw| Self::decode(&raw))
    }

    pub fn save(&self, storage: &mut dyn Storage) {
        let mut w = Writer::with_version(POOL_VERSION);
        w.uint128(self.reserves[0])
            .uint128(self.reserves[1])
            .uint128(self.cumulative[0])
            .uint128(self.cumulative[1])
            .u64(self.block_time_last);
        storage.set(POOL_KEY, &w.finish());
    }

    /// Adds the seconds since the last accumulation at the current reserves (before the
    /// operation that calls this changes them), as Astroport's xyk pair does:
    /// `cumulative_i += elapsed × price_i`, wrapping at 2^128.
    pub fn accumulate(&mut self, curve: &Curve, now: u64) -> Result<(), CurveError> {
        let elapsed = now.saturating_sub(self.block_time_last);
        if elapsed > 0 {
            for i in 0..2 {
                let price = curve.spot_price(self.reserves, i)?;
                let added = price.wrapping_mul(cosmwasm_std::Uint256::from(elapsed));
                // the low 128 bits: the sums wrap at 2^128 as the pair's do
                let low = Uint128::new(u128::from_be_bytes(
                    added.to_be_bytes()[16..].try_into().expect("16 bytes"),
                ));
                self.cumulative[i] = self.cumulative[i].wrapping_add(low);
            }
        }
        self.block_time_last = now;
        Ok(())
    }
}
