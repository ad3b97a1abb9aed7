//! The vault's treasury: protocol-owned liquidity on pairs that speak the Astroport pair
//! interface (Mars Swap's among them). The vault mints USDm into a registered pool beside one of
//! its whitelisted assets and values its position from the pool's invariant and oracle prices.
//!
//! USDm the vault has in pools is protocol-owned: it is not circulating, so it counts neither
//! in the collateral ratio nor in the throttles nor in the supply cap. Circulating USDm is the
//! supply less the USDm side of the vault's positions, at their conservative value.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Decimal, Uint128};

use crate::swap::Curve;
use crate::{AssetInfo, Bps};

/// The most pools the vault may register.
pub const MAX_POOLS: usize = 8;

/// The bounds governance sets on a pool.
#[cw_serde]
pub struct PoolParams {
    /// The most USDm the vault may have minted into the pool and not yet burnt back.
    pub max_usdm: Uint128,
    /// The largest distance between the pool's price of the paired asset and the oracle's at
    /// which the vault may provide (at most 10,000).
    pub max_bps_from_peg: Bps,
    /// The largest share of what the vault holds of the paired asset (at cost: liquid plus
    /// everything deployed) that may be deployed, in pools and strategies together, after a
    /// provide to this pool.
    pub max_deployed_bps: Bps,
}

/// What the vault owns in a pool, valued now.
#[cw_serde]
pub struct PositionValue {
    /// The paired asset's side of the position: the vault's share of the reserve, at most its
    /// share of what the invariant holds at the oracle price.
    pub asset_amount: Uint128,
    /// The USDm side, likewise bounded: protocol-owned USDm.
    pub usdm_amount: Uint128,
    /// The oracle price of the paired asset the position is valued at.
    pub asset_price: Decimal,
    /// `asset_amount` at `asset_price` plus `usdm_amount` at $1, micro-USD.
    pub value: Uint128,
    /// `value` less the principal at the same price, when positive.
    pub gain: Uint128,
    /// The principal at the same price less `value`, when positive.
    pub loss: Uint128,
}

/// A registered pool and the vault's position in it.
#[cw_serde]
pub struct PoolResponse {
    pub pair: Addr,
    /// The whitelisted asset paired with USDm.
    pub asset: AssetInfo,
    pub lp_token: Addr,
    /// The pool's curve, read from the pair when it was registered.
    pub curve: Curve,
    pub params: PoolParams,
    /// LP tokens the vault holds.
    pub lp_units: Uint128,
    /// What the vault put in of the paired asset, less the part of it withdrawn.
    pub principal_asset: Uint128,
    /// USDm the vault minted into the pool, less the part of it withdrawn.
    pub principal_usdm: Uint128,
    /// `None` while the vault holds no LP tokens, or when the pool or the price cannot be read
    /// now (the position then counts as worth nothing).
    pub value: Option<PositionValue>,
}
