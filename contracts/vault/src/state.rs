use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Uint128};
use cw_storage_plus::{Item, Map};
use mars_types::vault::{AssetParams, Limits, Pauses};
use mars_types::{Bps, TierCaps};

#[cw_serde]
pub struct Config {
    pub oracle: Addr,
    pub guardian: Option<Addr>,
    pub cap_floor: Uint128,
    pub max_assets: u32,
    pub proportional_redeem_fee: Bps,
}

/// A whitelisted asset: its parameters and the vault's own accounts of it, in one record so an
/// operation reads each asset once.
#[cw_serde]
pub struct AssetRecord {
    pub params: AssetParams,
    pub liquid: Uint128,
    pub deployed: Uint128,
    pub mint_paused: bool,
    /// While minting is disabled, holdings below this many base units are dust (see
    /// [`AssetRecord::is_dust`]); zero while minting is enabled. Absent in records written
    /// before it existed, which had none.
    #[serde(default)]
    pub dust_limit: Uint128,
}

impl AssetRecord {
    /// Everything the vault owns of the asset.
    pub fn held(&self) -> Uint128 {
        self.liquid + self.deployed
    }

    /// Whether what the vault holds is dust: minting is disabled and the holdings, more than
    /// nothing, are below the amount worth [`mars_types::vault::DUST_VALUE`] when minting was
    /// disabled. Dust is neither priced nor valued, so its price cannot block anything, and
    /// the owner may remove the asset, writing the dust off.
    pub fn is_dust(&self) -> bool {
        let held = self.held();
        !self.params.mint_enabled && !held.is_zero() && held < self.dust_limit
    }
}

/// What a throttle had left at `updated` (block time, seconds). The default, nothing left at
/// the epoch, is a full throttle.
#[cw_serde]
#[derive(Default)]
pub struct ThrottleAccount {
    pub available: Uint128,
    pub updated: u64,
}

/// The rate limits and both throttles' accounts, in one record so an operation reads and writes
/// one item.
#[cw_serde]
pub struct LimitsRecord {
    pub limits: Limits,
    pub mint: ThrottleAccount,
    pub redeem: ThrottleAccount,
}

pub const CONFIG: Item<Config> = Item::new("config");
pub const LIMITS: Item<LimitsRecord> = Item::new("limits");
/// The USDm token, recorded from the reply to its instantiation.
pub const USDM: Item<Addr> = Item::new("usdm");
pub const TIER_CAPS: Item<TierCaps> = Item::new("tier_caps");
pub const PAUSES: Item<Pauses> = Item::new("pauses");
/// Whitelisted assets by `AssetInfo::storage_key`.
pub const ASSETS: Map<&str, AssetRecord> = Map::new("assets");
