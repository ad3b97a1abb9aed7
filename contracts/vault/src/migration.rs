//! The conversion of version 0.1's storage (JSON items `config`, `limits`, `usdm`, `tier_caps`,
//! `pauses` and the `assets` map, one JSON record per asset) into the two compact records of
//! [`crate::state`]. Run by `migrate`; a vault already in the compact layout is left as it is.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Order, StdResult, Storage, Uint128};
use cw_storage_plus::{Item, Map};
use mars_types::vault::{AssetParams, Limits, Pauses};
use mars_types::{Bps, TierCaps};

use crate::state::{Accounts, AssetAccount, AssetConfig, Settings, ThrottleAccount};

#[cw_serde]
struct Config {
    oracle: Addr,
    guardian: Option<Addr>,
    cap_floor: Uint128,
    max_assets: u32,
    proportional_redeem_fee: Bps,
}

#[cw_serde]
struct AssetRecord {
    params: AssetParams,
    liquid: Uint128,
    deployed: Uint128,
    mint_paused: bool,
    #[serde(default)]
    dust_limit: Uint128,
}

#[cw_serde]
struct StoredThrottle {
    available: Uint128,
    updated: u64,
}

#[cw_serde]
struct LimitsRecord {
    limits: Limits,
    mint: StoredThrottle,
    redeem: StoredThrottle,
}

const CONFIG: Item<Config> = Item::new("config");
const LIMITS: Item<LimitsRecord> = Item::new("limits");
const USDM: Item<Addr> = Item::new("usdm");
const TIER_CAPS: Item<TierCaps> = Item::new("tier_caps");
const PAUSES: Item<Pauses> = Item::new("pauses");
const ASSETS: Map<&str, AssetRecord> = Map::new("assets");

impl From<StoredThrottle> for ThrottleAccount {
    fn from(t: StoredThrottle) -> Self {
        ThrottleAccount {
            available: t.available,
            updated: t.updated,
        }
    }
}

/// Converts the JSON layout, if the vault still has it, and deletes it; returns whether it did.
pub fn from_json_layout(storage: &mut dyn Storage) -> StdResult<bool> {
    let Some(config) = CONFIG.may_load(storage)? else {
        return Ok(false);
    };
    let limits = LIMITS.load(storage)?;
    // the map iterates in storage-key order, the order the compact whitelist keeps
    let records = ASSETS
        .range(storage, None, None, Order::Ascending)
        .collect::<StdResult<Vec<_>>>()?;
    let (assets, holdings) = records
        .into_iter()
        .map(|(_, r)| {
            (
                AssetConfig {
                    params: r.params,
                    mint_paused: r.mint_paused,
                    dust_limit: r.dust_limit,
                },
                AssetAccount {
                    liquid: r.liquid,
                    deployed: r.deployed,
                },
            )
        })
        .unzip::<_, _, Vec<_>, Vec<_>>();
    let settings = Settings {
        oracle: config.oracle,
        usdm: Some(USDM.load(storage)?),
        guardian: config.guardian,
        cap_floor: config.cap_floor,
        max_assets: config.max_assets,
        proportional_redeem_fee: config.proportional_redeem_fee,
        pauses: PAUSES.load(storage)?,
        tier_caps: TIER_CAPS.load(storage)?,
        limits: limits.limits,
        assets,
    };
    let accounts = Accounts {
        mint: limits.mint.into(),
        redeem: limits.redeem.into(),
        assets: holdings,
    };
    for a in &settings.assets {
        ASSETS.remove(storage, &a.params.asset.storage_key());
    }
    CONFIG.remove(storage);
    LIMITS.remove(storage);
    USDM.remove(storage);
    TIER_CAPS.remove(storage);
    PAUSES.remove(storage);
    settings.save(storage)?;
    accounts.save(storage)?;
    Ok(true)
}
