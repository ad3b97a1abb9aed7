use cosmwasm_std::{Decimal, Deps, Env, StdError, StdResult, Uint128};
use mars_types::vault::{
    AssetResponse, AssetState, ConfigResponse, RedeemMode, SimulateMintResponse,
    SimulateRedeemResponse, StateResponse, TierState,
};
use mars_types::{AssetInfo, AssetInfoUnchecked, Bps, Rounding, Tier};

use crate::holdings::{usdm_supply, Holdings};
use crate::state::{Accounts, AssetAccount, AssetConfig, Settings};
use crate::{claims, limits, mint, redeem, stray, ContractError};

const DEFAULT_LIMIT: u32 = 10;
const MAX_LIMIT: u32 = 30;

/// Simulations answer with the exact error the execute would return.
fn as_query_error(err: ContractError) -> StdError {
    match err {
        ContractError::Std(e) => e,
        other => StdError::generic_err(other.to_string()),
    }
}

fn asset_response(config: &AssetConfig, account: &AssetAccount) -> AssetResponse {
    AssetResponse {
        params: config.params.clone(),
        liquid: account.liquid,
        deployed: account.deployed,
        mint_paused: config.mint_paused,
        dust_limit: config.dust_limit,
    }
}

pub fn config(deps: Deps) -> StdResult<ConfigResponse> {
    let settings = Settings::load(deps.storage)?;
    Ok(ConfigResponse {
        usdm: settings.usdm()?.clone(),
        asset_count: settings.assets.len() as u32,
        oracle: settings.oracle,
        guardian: settings.guardian,
        cap_floor: settings.cap_floor,
        max_assets: settings.max_assets,
        proportional_redeem_fee: settings.proportional_redeem_fee,
        pauses: settings.pauses,
        limits: settings.limits,
    })
}

pub fn asset(deps: Deps, asset: AssetInfoUnchecked) -> StdResult<AssetResponse> {
    let asset = asset
        .check(deps.api)
        .map_err(|e| StdError::generic_err(e.to_string()))?;
    let settings = Settings::load(deps.storage)?;
    let index = settings
        .position(&asset)
        .ok_or_else(|| StdError::not_found(format!("asset {asset}")))?;
    let accounts = Accounts::load(deps.storage)?;
    Ok(asset_response(
        &settings.assets[index],
        &accounts.assets[index],
    ))
}

pub fn assets(
    deps: Deps,
    start_after: Option<AssetInfoUnchecked>,
    limit: Option<u32>,
) -> StdResult<Vec<AssetResponse>> {
    let start = start_after
        .map(|a| a.check(deps.api).map(|a| a.storage_key()))
        .transpose()
        .map_err(|e| StdError::generic_err(e.to_string()))?;
    let limit = limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT) as usize;
    let settings = Settings::load(deps.storage)?;
    let accounts = Accounts::load(deps.storage)?;
    Ok(settings
        .assets
        .iter()
        .zip(&accounts.assets)
        .filter(|(c, _)| {
            start
                .as_ref()
                .is_none_or(|s| c.params.asset.storage_key() > *s)
        })
        .take(limit)
        .map(|(c, a)| asset_response(c, a))
        .collect())
}

pub fn state(deps: Deps, env: &Env) -> Result<StateResponse, ContractError> {
    let settings = Settings::load(deps.storage)?;
    let accounts = Accounts::load(deps.storage)?;
    let now = env.block.time.seconds();
    let usdm_supply = usdm_supply(deps, &settings)?;
    let (mint_throttle, redeem_throttle) =
        limits::statuses(&settings.limits, &accounts, usdm_supply, now);
    let holdings = Holdings::load(deps, now, &settings, &accounts, None)?;
    let total = holdings.total_value;

    let mut assets = Vec::with_capacity(holdings.items.len());
    for ((h, config), account) in holdings
        .items
        .iter()
        .zip(&settings.assets)
        .zip(&accounts.assets)
    {
        let params = &config.params;
        // only native coins come back from IBC payouts
        let claims = match &params.asset {
            AssetInfo::Native { denom } => claims::owed(deps.storage, denom)?,
            AssetInfo::Cw20 { .. } => Uint128::zero(),
        };
        assets.push(AssetState {
            asset: params.asset.clone(),
            tier: params.tier,
            liquid: account.liquid,
            deployed: account.deployed,
            // deployed assets are held by strategies, not by the vault's address
            unaccounted: params
                .asset
                .query_balance(&deps.querier, &env.contract.address)?
                .saturating_sub(account.liquid)
                .saturating_sub(claims),
            claims,
            price: h.price.map(|q| q.price),
            value: h.value,
            share: Bps::from_ratio(h.value, total, Rounding::Up),
            max_share: params.max_share,
        });
    }
    let tiers = Tier::ALL
        .iter()
        .map(|&tier| {
            let value: Uint128 = holdings
                .items
                .iter()
                .zip(&settings.assets)
                .filter(|(_, c)| c.params.tier == tier)
                .map(|(h, _)| h.value)
                .sum();
            TierState {
                tier,
                value,
                share: Bps::from_ratio(value, total, Rounding::Up),
                max_share: settings.tier_caps.get(tier),
            }
        })
        .collect();
    Ok(StateResponse {
        total_value: total,
        usdm_supply,
        collateral_ratio: Decimal::checked_from_ratio(total, usdm_supply).ok(),
        surplus: total.saturating_sub(usdm_supply),
        deficit: usdm_supply.saturating_sub(total),
        stray_usdm: stray::stray_usdm(deps, env, settings.usdm()?)?,
        assets,
        tiers,
        mint_throttle,
        redeem_throttle,
    })
}

pub fn simulate_mint(
    deps: Deps,
    env: &Env,
    asset: AssetInfoUnchecked,
    amount: Uint128,
) -> StdResult<SimulateMintResponse> {
    let asset = asset
        .check(deps.api)
        .map_err(|e| as_query_error(e.into()))?;
    let settings = Settings::load(deps.storage)?;
    mint::plan(deps, env, &settings, &asset, amount)
        .map(|plan| plan.quote)
        .map_err(as_query_error)
}

pub fn simulate_redeem(
    deps: Deps,
    env: &Env,
    amount: Uint128,
    mode: RedeemMode,
) -> StdResult<SimulateRedeemResponse> {
    let settings = Settings::load(deps.storage)?;
    redeem::plan(deps, env, &settings, amount, &mode)
        .map(|plan| plan.quote)
        .map_err(as_query_error)
}

pub fn state_query(deps: Deps, env: &Env) -> StdResult<StateResponse> {
    state(deps, env).map_err(as_query_error)
}
