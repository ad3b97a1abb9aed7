//! The pair's queries, answered in Astroport's JSON.

use cosmwasm_std::{to_json_binary, Binary, Deps, Env, Uint128};
use mars_types::astroport::{
    Asset as PairAsset, AssetInfo as PairAssetInfo, ConfigResponse, CumulativePricesResponse,
    PairInfo, PairType, PoolResponse, QueryMsg, ReverseSimulationResponse, SimulationResponse,
};
use mars_types::swap::{Curve, PairParams};

use crate::contract::checked_asset;
use crate::state::{Config, Pool};
use crate::ContractError;

pub fn query(deps: Deps, env: &Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    let config = Config::load(deps.storage)?;
    let pool = Pool::load(deps.storage)?;
    Ok(match msg {
        QueryMsg::Pair {} => to_json_binary(&pair(&config, env)?)?,
        QueryMsg::Pool {} => to_json_binary(&PoolResponse {
            assets: assets(&config, pool.reserves),
            total_share: supply(deps, &config)?,
        })?,
        QueryMsg::Config {} => to_json_binary(&ConfigResponse {
            block_time_last: pool.block_time_last,
            params: Some(to_json_binary(&PairParams {
                curve: config.curve.clone(),
                fees: config.fees.clone(),
                liquidity_token: config.lp_token()?.clone(),
            })?),
        })?,
        QueryMsg::Share { amount } => {
            let supply = supply(deps, &config)?;
            let paid = if amount.is_zero() || supply.is_zero() {
                [Uint128::zero(); 2]
            } else {
                config.curve.withdraw(pool.reserves, supply, amount)?
            };
            to_json_binary(&assets(&config, paid))?
        }
        QueryMsg::Simulation {
            offer_asset,
            ask_asset_info,
        } => {
            let i = direction(deps, &config, &offer_asset.info, ask_asset_info.as_ref())?;
            let swap = config.curve.swap(
                pool.reserves,
                i,
                offer_asset.amount,
                config.fees.total_fee_bps,
            )?;
            to_json_binary(&SimulationResponse {
                return_amount: swap.return_amount,
                spread_amount: swap.spread_amount,
                commission_amount: swap.commission_amount,
            })?
        }
        QueryMsg::ReverseSimulation {
            offer_asset_info,
            ask_asset,
        } => {
            let j = direction(deps, &config, &ask_asset.info, offer_asset_info.as_ref())?;
            let (offer_amount, swap) = config.curve.reverse(
                pool.reserves,
                1 - j,
                ask_asset.amount,
                config.fees.total_fee_bps,
            )?;
            to_json_binary(&ReverseSimulationResponse {
                offer_amount,
                spread_amount: swap.spread_amount,
                commission_amount: swap.commission_amount,
            })?
        }
        QueryMsg::CumulativePrices {} => {
            let mut pool = pool;
            pool.accumulate(&config.curve, env.block.time.seconds())?;
            let infos = [
                PairAssetInfo::from(&config.assets[0]),
                PairAssetInfo::from(&config.assets[1]),
            ];
            to_json_binary(&CumulativePricesResponse {
                assets: assets(&config, pool.reserves),
                total_share: supply(deps, &config)?,
                cumulative_prices: vec![
                    (infos[0].clone(), infos[1].clone(), pool.cumulative[0]),
                    (infos[1].clone(), infos[0].clone(), pool.cumulative[1]),
                ],
            })?
        }
    })
}

fn pair(config: &Config, env: &Env) -> Result<PairInfo, ContractError> {
    Ok(PairInfo {
        asset_infos: config.assets.iter().map(PairAssetInfo::from).collect(),
        contract_addr: env.contract.address.clone(),
        liquidity_token: config.lp_token()?.to_string(),
        pair_type: match config.curve {
            Curve::Xyk {} => PairType::Xyk {},
            Curve::Stable { .. } => PairType::Stable {},
        },
    })
}

fn assets(config: &Config, amounts: [Uint128; 2]) -> Vec<PairAsset> {
    config
        .assets
        .iter()
        .zip(amounts)
        .map(|(info, amount)| PairAsset {
            info: info.into(),
            amount,
        })
        .collect()
}

fn supply(deps: Deps, config: &Config) -> Result<Uint128, ContractError> {
    Ok(mars_types::usdm::total_supply(
        &deps.querier,
        config.lp_token()?,
    )?)
}

/// The index of `asset` in the pool, checking that `other`, when named, is the other asset.
fn direction(
    deps: Deps,
    config: &Config,
    asset: &PairAssetInfo,
    other: Option<&PairAssetInfo>,
) -> Result<usize, ContractError> {
    let k = config.index_of(&checked_asset(deps, asset)?)?;
    if let Some(other) = other {
        if checked_asset(deps, other)? != config.assets[1 - k] {
            return Err(ContractError::AssetNotInPool {
                asset: other.to_string(),
            });
        }
    }
    Ok(k)
}
