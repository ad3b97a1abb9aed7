//! Owner-only configuration: the whitelist, tier caps and vault settings. Every path validates
//! before it stores, so a bad configuration cannot exist.

use cosmwasm_std::{Deps, DepsMut, Response, Uint128};
use mars_types::oracle::{PriceResponse, QueryMsg as OracleQuery};
use mars_types::value::value_to_amount;
use mars_types::vault::{validate_fee, ParamsError};
use mars_types::vault::{
    AssetParams, AssetParamsUnchecked, AssetUpdate, ConfigUpdate, GuardianUpdate, Throttle,
    DUST_VALUE, MAX_ASSETS_LIMIT,
};
use mars_types::{AssetInfo, AssetInfoUnchecked, Rounding, TierCaps};

use crate::pools::Pools;
use crate::state::{Accounts, AssetAccount, AssetConfig, Settings};
use crate::ContractError;

pub fn validate_max_assets(max_assets: u32) -> Result<(), ParamsError> {
    if max_assets == 0 || max_assets > MAX_ASSETS_LIMIT {
        return Err(ParamsError::MaxAssetsOutOfRange { max_assets });
    }
    Ok(())
}

/// Index of a whitelisted `asset`, or the error that it is not whitelisted.
fn whitelisted(settings: &Settings, asset: &AssetInfo) -> Result<usize, ContractError> {
    settings
        .position(asset)
        .ok_or_else(|| ContractError::AssetNotWhitelisted {
            asset: asset.to_string(),
        })
}

pub fn add_asset(deps: DepsMut, params: AssetParamsUnchecked) -> Result<Response, ContractError> {
    let mut settings = Settings::load(deps.storage)?;
    let params = params.check(deps.api, &settings.tier_caps)?;
    let asset = params.asset.to_string();
    if params.asset
        == (AssetInfo::Cw20 {
            contract_addr: settings.usdm()?.clone(),
        })
    {
        return Err(ContractError::UsdmAsCollateral {});
    }
    let index = settings.insertion_point(&params.asset).ok_or_else(|| {
        ContractError::AssetAlreadyWhitelisted {
            asset: asset.clone(),
        }
    })?;
    let max_assets = settings.max_assets;
    if settings.assets.len() as u32 >= max_assets {
        return Err(ContractError::TooManyAssets { max_assets });
    }
    let res = Response::new()
        .add_attribute("action", "add_asset")
        .add_attribute("asset", &asset)
        .add_attribute("tier", params.tier.to_string())
        .add_attribute("decimals", params.decimals.to_string())
        .add_attribute("max_share", params.max_share.to_string())
        .add_attribute("value_ceiling", params.value_ceiling)
        .add_attribute("mint_fee", params.mint_fee.to_string())
        .add_attribute("redeem_fee", params.redeem_fee.to_string());
    settings.assets.insert(
        index,
        AssetConfig {
            params,
            mint_paused: false,
            dust_limit: Uint128::zero(),
        },
    );
    let mut accounts = Accounts::load(deps.storage)?;
    accounts.assets.insert(index, AssetAccount::default());
    settings.save(deps.storage)?;
    accounts.save(deps.storage)?;
    Ok(res)
}

pub fn update_asset(
    deps: DepsMut,
    asset: AssetInfoUnchecked,
    update: AssetUpdate,
) -> Result<Response, ContractError> {
    let asset = asset.check(deps.api)?;
    let mut settings = Settings::load(deps.storage)?;
    let index = whitelisted(&settings, &asset)?;
    let oracle = settings.oracle.clone();
    let tier_caps = settings.tier_caps;
    let record = &mut settings.assets[index];
    let mut res = Response::new()
        .add_attribute("action", "update_asset")
        .add_attribute("asset", asset.to_string());
    if let Some(tier) = update.tier {
        record.params.tier = tier;
        res = res.add_attribute("tier", tier.to_string());
    }
    if let Some(max_share) = update.max_share {
        record.params.max_share = max_share;
        res = res.add_attribute("max_share", max_share.to_string());
    }
    if let Some(ceiling) = update.value_ceiling {
        record.params.value_ceiling = ceiling;
        res = res.add_attribute("value_ceiling", ceiling);
    }
    if let Some(fee) = update.mint_fee {
        record.params.mint_fee = fee;
        res = res.add_attribute("mint_fee", fee.to_string());
    }
    if let Some(fee) = update.redeem_fee {
        record.params.redeem_fee = fee;
        res = res.add_attribute("redeem_fee", fee.to_string());
    }
    if let Some(enabled) = update.mint_enabled {
        record.params.mint_enabled = enabled;
        res = res.add_attribute("mint_enabled", enabled.to_string());
        record.dust_limit = if enabled {
            Uint128::zero()
        } else {
            dust_limit(deps.as_ref(), &oracle, &record.params)?
        };
        res = res.add_attribute("dust_limit", record.dust_limit);
    }
    if let Some(enabled) = update.redeem_enabled {
        record.params.redeem_enabled = enabled;
        res = res.add_attribute("redeem_enabled", enabled.to_string());
    }
    record.params.validate(&tier_caps)?;
    settings.save(deps.storage)?;
    Ok(res)
}

/// How much of the asset [`DUST_VALUE`] buys at its redeem price now, rounded down; zero when the
/// oracle refuses the price, so that disabling minting never waits for a price (the owner may
/// disable it again later to record a limit).
fn dust_limit(
    deps: Deps,
    oracle: &cosmwasm_std::Addr,
    params: &AssetParams,
) -> Result<Uint128, ContractError> {
    let price: Result<PriceResponse, _> = mars_entry::raw::query_wasm_smart(
        &deps.querier,
        oracle.as_str(),
        &OracleQuery::Price {
            asset: params.asset.clone().into(),
        },
    );
    match price {
        Ok(price) => Ok(value_to_amount(
            DUST_VALUE,
            params.decimals,
            price.redeem_price(),
            Rounding::Down,
        )?),
        Err(_) => Ok(Uint128::zero()),
    }
}

/// Removes an asset the vault holds nothing of, or only dust of ([`AssetConfig::is_dust`]):
/// the dust is written off, left in the vault's balance and no longer counted.
pub fn remove_asset(deps: DepsMut, asset: AssetInfoUnchecked) -> Result<Response, ContractError> {
    let asset = asset.check(deps.api)?;
    let mut settings = Settings::load(deps.storage)?;
    let mut accounts = Accounts::load(deps.storage)?;
    let index = whitelisted(&settings, &asset)?;
    if let Some(pool) = Pools::load(deps.storage)?
        .0
        .iter()
        .find(|p| p.asset == asset)
    {
        return Err(ContractError::AssetInPool {
            asset: asset.to_string(),
            pair: pool.pair.to_string(),
        });
    }
    let (config, account) = (&settings.assets[index], accounts.assets[index]);
    let held = account.held();
    if !held.is_zero() && !config.is_dust(held) {
        return Err(ContractError::AssetStillHeld {
            asset: asset.to_string(),
            liquid: account.liquid,
            deployed: account.deployed,
            dust_limit: config.dust_limit,
        });
    }
    settings.assets.remove(index);
    accounts.assets.remove(index);
    settings.save(deps.storage)?;
    accounts.save(deps.storage)?;
    Ok(Response::new()
        .add_attribute("action", "remove_asset")
        .add_attribute("asset", asset.to_string())
        .add_attribute("written_off", held))
}

/// New tier caps must be non-increasing by tier and at least every asset's own cap.
pub fn set_tier_caps(deps: DepsMut, caps: TierCaps) -> Result<Response, ContractError> {
    caps.validate().map_err(ParamsError::from)?;
    let mut settings = Settings::load(deps.storage)?;
    for a in &settings.assets {
        a.params.validate(&caps)?;
    }
    let mut res = Response::new().add_attribute("action", "set_tier_caps");
    for tier in mars_types::Tier::ALL {
        res = res.add_attribute(tier.as_str(), caps.get(tier).to_string());
    }
    settings.tier_caps = caps;
    settings.save(deps.storage)?;
    Ok(res)
}

pub fn update_config(deps: DepsMut, update: ConfigUpdate) -> Result<Response, ContractError> {
    let mut config = Settings::load(deps.storage)?;
    let mut res = Response::new().add_attribute("action", "update_config");
    if let Some(oracle) = update.oracle {
        config.oracle = deps.api.addr_validate(&oracle)?;
        res = res.add_attribute("oracle", &config.oracle);
    }
    if let Some(guardian) = update.guardian {
        config.guardian = match guardian {
            GuardianUpdate::Set { address } => Some(deps.api.addr_validate(&address)?),
            GuardianUpdate::Remove {} => None,
        };
        res = res.add_attribute(
            "guardian",
            config.guardian.as_ref().map_or("none", |g| g.as_str()),
        );
    }
    if let Some(cap_floor) = update.cap_floor {
        config.cap_floor = cap_floor;
        res = res.add_attribute("cap_floor", cap_floor);
    }
    if let Some(max_assets) = update.max_assets {
        validate_max_assets(max_assets)?;
        let count = config.assets.len() as u32;
        if max_assets < count {
            return Err(ContractError::MaxAssetsBelowCount { max_assets, count });
        }
        config.max_assets = max_assets;
        res = res.add_attribute("max_assets", max_assets.to_string());
    }
    if let Some(fee) = update.proportional_redeem_fee {
        validate_fee("proportional redeem", fee)?;
        config.proportional_redeem_fee = fee;
        res = res.add_attribute("proportional_redeem_fee", fee.to_string());
    }
    if let Some(limits) = update.limits {
        limits.validate()?;
        let shown = |throttle: Option<Throttle>| throttle.map_or("none".into(), |t| t.to_string());
        res = res
            .add_attribute("mint_throttle", shown(limits.mint))
            .add_attribute("redeem_throttle", shown(limits.redeem))
            .add_attribute(
                "supply_cap",
                limits.supply_cap.map_or("none".into(), |c| c.to_string()),
            );
        // the accounts are kept: what passed in the last hour counts against the new limits
        config.limits = limits;
    }
    config.save(deps.storage)?;
    Ok(res)
}
