use cosmwasm_std::{Decimal, Deps, Env, StdError, StdResult, Uint128};
use mars_types::treasury::{PoolResponse, PositionValue};
use mars_types::value::amount_to_value;
use mars_types::vault::{
    AssetResponse, AssetState, ConfigResponse, RedeemMode, SimulateMintResponse,
    SimulateRedeemResponse, StateResponse, TierState,
};
use mars_types::{AssetInfo, AssetInfoUnchecked, Bps, Rounding, Tier};

use crate::holdings::{usdm_supply, Holdings};
use crate::pools::Pool;
use crate::position::Sides;
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
    let holdings = Holdings::load(deps, now, &settings, &accounts, None)?;
    // the throttles move with circulating USDm, as mints and redemptions take them
    let (mint_throttle, redeem_throttle) = limits::statuses(
        &settings.limits,
        &accounts,
        holdings.circulating(usdm_supply),
        now,
    );
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
            pooled: h.pooled,
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
    let circulating = holdings.circulating(usdm_supply);
    Ok(StateResponse {
        total_value: total,
        usdm_supply,
        protocol_usdm: holdings.protocol_usdm,
        collateral_ratio: Decimal::checked_from_ratio(total, circulating).ok(),
        surplus: total.saturating_sub(circulating),
        deficit: circulating.saturating_sub(total),
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

/// Every registered pool with the vault's position in it, valued as every operation values it.
fn pool_responses(deps: Deps, env: &Env) -> Result<Vec<PoolResponse>, ContractError> {
    let settings = Settings::load(deps.storage)?;
    let accounts = Accounts::load(deps.storage)?;
    let holdings = Holdings::load(deps, env.block.time.seconds(), &settings, &accounts, None)?;
    let mut out = Vec::with_capacity(holdings.pools.0.len());
    for (pool, sides) in holdings.pools.0.iter().zip(&holdings.positions) {
        let value = match (sides, settings.position(&pool.asset)) {
            (Some(sides), Some(i)) => {
                let price = holdings.items[i].price.map(|q| q.price);
                price
                    .map(|p| position_value(&settings.assets[i], pool, *sides, p))
                    .transpose()?
            }
            _ => None,
        };
        out.push(PoolResponse {
            pair: pool.pair.clone(),
            asset: pool.asset.clone(),
            lp_token: pool.lp_token.clone(),
            curve: pool.curve.clone(),
            params: pool.params.clone(),
            lp_units: pool.lp_units,
            principal_asset: pool.principal_asset,
            principal_usdm: pool.principal_usdm,
            value,
        });
    }
    Ok(out)
}

fn position_value(
    config: &AssetConfig,
    pool: &Pool,
    sides: Sides,
    price: Decimal,
) -> Result<PositionValue, ContractError> {
    let decimals = config.params.decimals;
    let value =
        amount_to_value(sides.asset, decimals, price, Rounding::Down)?.checked_add(sides.usdm)?;
    let principal = amount_to_value(pool.principal_asset, decimals, price, Rounding::Down)?
        .checked_add(pool.principal_usdm)?;
    Ok(PositionValue {
        asset_amount: sides.asset,
        usdm_amount: sides.usdm,
        asset_price: price,
        value,
        gain: value.saturating_sub(principal),
        loss: principal.saturating_sub(value),
    })
}

pub fn pools(deps: Deps, env: &Env) -> StdResult<Vec<PoolResponse>> {
    pool_responses(deps, env).map_err(as_query_error)
}

pub fn pool(deps: Deps, env: &Env, pair: String) -> StdResult<PoolResponse> {
    let pair = deps.api.addr_validate(&pair)?;
    pool_responses(deps, env)
        .map_err(as_query_error)?
        .into_iter()
        .find(|p| p.pair == pair)
        .ok_or_else(|| StdError::not_found(format!("pool on {pair}")))
}

pub fn staking(deps: Deps, env: &Env) -> StdResult<mars_types::treasury::StakingResponse> {
    crate::staking::query(deps, env).map_err(as_query_error)
}
