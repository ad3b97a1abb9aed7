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

/// The most validators the vault may delegate to.
pub const MAX_VALIDATORS: usize = 8;

/// The most unbonding entries the chain keeps for one delegator and validator (the SDK's
/// default `max_entries`).
pub const MAX_UNBONDING_ENTRIES: usize = 7;

/// How long after an unbonding entry's completion a shortfall of its coins is written off as a
/// slash, seconds: until then it may still be on its way (one day).
pub const UNBONDING_GRACE: u64 = 86_400;

/// The bounds governance sets on staking the chain's bonded denom (which must be whitelisted).
#[cw_serde]
pub struct StakingParams {
    /// The validators the vault may delegate to (at most [`MAX_VALIDATORS`]).
    pub validators: Vec<String>,
    /// The chain's unbonding period, seconds: an undelegation's coins are expected back after it
    /// (no query answers it; set it to the chain's `unbonding_time`).
    pub unbonding_period: u64,
    /// The largest share of what the vault holds of the bonded asset (at cost) that may be
    /// deployed, in pools and staking together, after a delegation.
    pub max_deployed_bps: Bps,
    /// The liquid share of the bonded asset below which anyone may undelegate, as much as
    /// brings it back to this share counting what is already unbonding.
    pub min_liquid_bps: Bps,
}

/// A delegation of the vault's.
#[cw_serde]
pub struct DelegationResponse {
    pub validator: String,
    /// What the vault delegated, less what it undelegated.
    pub principal: Uint128,
    /// What the chain reports delegated now (less after a slash).
    pub amount: Uint128,
    /// Rewards the chain reports accumulated, in the bonded denom.
    pub rewards: Uint128,
}

/// Coins on their way back from an undelegation.
#[cw_serde]
pub struct UnbondingResponse {
    pub validator: String,
    pub amount: Uint128,
    /// When the vault expects them (block time, seconds).
    pub completes_at: u64,
}

/// The vault's staking.
#[cw_serde]
pub struct StakingResponse {
    /// The chain's bonded denom, a whitelisted asset.
    pub denom: String,
    pub params: StakingParams,
    pub delegations: Vec<DelegationResponse>,
    pub unbonding: Vec<UnbondingResponse>,
    /// What `ClaimUnbonded` would credit now: completed entries, at most what has arrived.
    pub claimable: Uint128,
}

/// The most lending markets the vault may register.
pub const MAX_MARKETS: usize = 4;

/// The bounds governance sets on deposits of one whitelisted native asset into a lending market
/// on Mars Protocol's red-bank interface.
#[cw_serde]
pub struct LendingParams {
    /// The largest share of what the vault holds of the asset (at cost) that may be deployed, in
    /// pools and strategies together, after a deposit.
    pub max_deployed_bps: Bps,
    /// The liquid share of the asset below which anyone may withdraw from the market, as much as
    /// brings it back to this share.
    pub min_liquid_bps: Bps,
}

/// A lending market the vault deposits into, and its position there.
#[cw_serde]
pub struct LendingResponse {
    pub market: Addr,
    pub denom: String,
    pub params: LendingParams,
    /// What the vault deposited, less the withdrawn part of it: counted as deployed.
    pub principal: Uint128,
    /// What the market reports the deposit worth now, interest included; `None` when it does
    /// not answer.
    pub amount: Option<Uint128>,
    /// `amount` less `principal`, when positive: interest not yet withdrawn.
    pub gain: Uint128,
    /// `principal` less `amount`, when positive.
    pub loss: Uint128,
}
