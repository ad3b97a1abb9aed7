use cosmwasm_std::{Decimal, Deps, Env, Order, StdError, StdResult, Uint128};
use cw_storage_plus::Bound;
use mars_types::vault::{
    AssetResponse, AssetState, ConfigResponse, RedeemMode, SimulateMintResponse,
    SimulateRedeemResponse, StateResponse, TierState,
};
use mars_types::{AssetInfoUnchecked, Bps, Rounding, Tier};

use crate::holdings::{usdm_supply, Holdings};
use crate::state::{AssetRecord, ASSETS, CONFIG, LIMITS, PAUSES, TIER_CAPS, USDM};
use crate::{limits, mint, redeem, stray, ContractError};

const DEFAULT_LIMIT: u32 = 10;
const MAX_LIMIT: u32 = 30;

/// Simulations answer with the exact error the execute would return.
fn as_query_error(err: ContractError) -> StdError {
    match err {
        ContractError::Std(e) => e,
        other => StdError::generic_err(other.to_string()),
    }
}

fn asset_response(record: AssetRecord) -> AssetResponse {
    AssetResponse {
        params: record.params,
        liquid: record.liquid,
        deployed: record.deployed,
        mint_paused: record.mint_paused,
        dust_limit: record.dust_limit,
    }
}

pub fn config(deps: Deps) -> StdResult<ConfigResponse> {
    let config = CONFIG.load(deps.storage)?;
    let asset_count = ASSETS
        .keys_raw(deps.storage, None, None, Order::Ascending)
        .count() as u32;
    Ok(ConfigResponse {
        usdm: USDM.load(deps.storage)?,
        oracle: config.oracle,
        guardian: config.guardian,
        cap_floor: config.cap_floor,
        max_assets: config.max_assets,
        proportional_redeem_fee: config.proportional_redeem_fee,
        asset_count,
        pauses: PAUSES.load(deps.storage)?,
        limits: LIMITS.load(deps.storage)?.limits,
    })
}

pub fn asset(deps: Deps, asset: AssetInfoUnchecked) -> StdResult<AssetResponse> {
    let asset = asset
        .check(deps.api)
        .map_err(|e| StdError::generic_err(e.to_string()))?;
    ASSETS
        .may_load(deps.storage, &asset.storage_key())?
        .map(asset_response)
        .ok_or_else(|| StdError::not_found(format!("asset {asset}")))
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
    ASSETS
        .range(
            deps.storage,
            start.as_deref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(limit)
        .map(|item| item.map(|(_, r)| asset_response(r)))
        .collect()
}

pub fn state(deps: Deps, env: &Env) -> Result<StateResponse, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let tier_caps = TIER_CAPS.load(deps.storage)?;
    let usdm_supply = usdm_supply(deps)?;
    let (mint_throttle, redeem_throttle) =
        limits::statuses(deps.storage, usdm_supply, env.block.time.seconds())?;
    let holdings = Holdings::load(deps, &config.oracle, None)?;
    let total = holdings.total_value;

    let mut assets = Vec::with_capacity(holdings.items.len());
    for h in &holdings.items {
        let r = &h.record;
        assets.push(AssetState {
            asset: r.params.asset.clone(),
            tier: r.params.tier,
            liquid: r.liquid,
            deployed: r.deployed,
            // deployed assets are held by strategies, not by the vault's address
            unaccounted: r
                .params
                .asset
                .query_balance(&deps.querier, &env.contract.address)?
                .saturating_sub(r.liquid),
            price: h.price.as_ref().map(|p| p.price),
            value: h.value,
            share: Bps::from_ratio(h.value, total, Rounding::Up),
            max_share: r.params.max_share,
        });
    }
    let tiers = Tier::ALL
        .iter()
        .map(|&tier| {
            let value: Uint128 = holdings
                .items
                .iter()
                .filter(|h| h.record.params.tier == tier)
                .map(|h| h.value)
                .sum();
            TierState {
                tier,
                value,
                share: Bps::from_ratio(value, total, Rounding::Up),
                max_share: tier_caps.get(tier),
            }
        })
        .collect();
    Ok(StateResponse {
        total_value: total,
        usdm_supply,
        collateral_ratio: Decimal::checked_from_ratio(total, usdm_supply).ok(),
        surplus: total.saturating_sub(usdm_supply),
        deficit: usdm_supply.saturating_sub(total),
        stray_usdm: stray::stray_usdm(deps, env)?,
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
    mint::plan(deps, env, &asset, amount)
        .map(|plan| plan.quote)
        .map_err(as_query_error)
}

pub fn simulate_redeem(
    deps: Deps,
    env: &Env,
    amount: Uint128,
    mode: RedeemMode,
) -> StdResult<SimulateRedeemResponse> {
    redeem::plan(deps, env, amount, &mode)
        .map(|plan| plan.quote)
        .map_err(as_query_error)
}

pub fn state_query(deps: Deps, env: &Env) -> StdResult<StateResponse> {
    state(deps, env).map_err(as_query_error)
}
