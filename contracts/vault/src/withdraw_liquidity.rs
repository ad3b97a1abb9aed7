//! The owner withdraws liquidity from a registered pool: the LP tokens go back to the pair, the
//! paired asset that comes back is liquid again and the USDm that comes back is burnt (counted
//! by the vault's balances in the reply). The principal falls by the withdrawn share.

use cosmwasm_std::{DepsMut, Env, Reply, Response, SubMsg, Uint128};
use mars_types::astroport::lean;
use mars_types::value::mul_div;
use mars_types::{usdm, Rounding};

use crate::pending::{Balances, Pending};
use crate::pools::Pools;
use crate::provide::usdm_execute;
use crate::state::{Accounts, Settings};
use crate::ContractError;

pub const WITHDRAW_REPLY: u64 = 3;

pub fn withdraw(
    deps: DepsMut,
    env: &Env,
    pair: String,
    lp_amount: Uint128,
    min_asset: Uint128,
    min_usdm: Uint128,
) -> Result<Response, ContractError> {
    if lp_amount.is_zero() {
        return Err(ContractError::ZeroAmount {});
    }
    let pair = deps.api.addr_validate(&pair)?;
    let settings = Settings::load(deps.storage)?;
    let pools = Pools::load(deps.storage)?;
    let pool_index = pools.find(&pair)?;
    let pool = &pools.0[pool_index];
    if lp_amount > pool.lp_units {
        return Err(ContractError::LpAboveHeld {
            pair: pair.to_string(),
            lp_amount,
            lp_units: pool.lp_units,
        });
    }
    Pending {
        pool: pool_index,
        before: Balances::read(
            &deps.querier,
            &env.contract.address,
            &pool.asset,
            settings.usdm()?,
            &pool.lp_token,
        )?,
        sent: Balances {
            lp: lp_amount,
            ..Balances::default()
        },
        min: Balances {
            asset: min_asset,
            usdm: min_usdm,
            lp: Uint128::zero(),
        },
    }
    .start(deps.storage)?;
    // the pair refuses an imbalanced withdrawal and older pairs refuse unknown fields: the
    // hook names no assets and no minimums, which the reply checks by balance instead
    let send = usdm_execute(
        &pool.lp_token,
        usdm::send_msg(pair.as_str(), lp_amount, lean::WITHDRAW_HOOK),
    );
    Ok(Response::new()
        .add_submessage(SubMsg::reply_on_success(send, WITHDRAW_REPLY))
        .add_attribute("action", "treasury_withdraw")
        .add_attribute("pair", pair)
        .add_attribute("asset", pool.asset.storage_key())
        .add_attribute("lp_burned", lp_amount))
}

/// After the pair paid: the asset it paid is liquid, the USDm it paid burnt, and the principal
/// falls by the share of the LP tokens withdrawn.
pub fn reply(deps: DepsMut, env: &Env, _reply: Reply) -> Result<Response, ContractError> {
    let Pending {
        pool: pool_index,
        before,
        sent,
        min,
    } = Pending::take(deps.storage)?;
    let settings = Settings::load(deps.storage)?;
    let mut accounts = Accounts::load(deps.storage)?;
    let mut pools = Pools::load(deps.storage)?;
    let pool = &mut pools.0[pool_index];
    let usdm_token = settings.usdm()?;
    let now = Balances::read(
        &deps.querier,
        &env.contract.address,
        &pool.asset,
        usdm_token,
        &pool.lp_token,
    )?;
    let unexpected = || ContractError::PairMisbehaved {
        pair: pool.pair.to_string(),
    };
    let asset_received = now
        .asset
        .checked_sub(before.asset)
        .map_err(|_| unexpected())?;
    let usdm_received = now
        .usdm
        .checked_sub(before.usdm)
        .map_err(|_| unexpected())?;
    if before.lp.checked_sub(now.lp).ok() != Some(sent.lp) {
        return Err(unexpected());
    }
    for (name, amount, min_out) in [
        (pool.asset.to_string(), asset_received, min.asset),
        ("usdm".to_string(), usdm_received, min.usdm),
    ] {
        if amount < min_out {
            return Err(ContractError::MinOutNotMet {
                asset: name,
                amount,
                min_out,
            });
        }
    }
    // the withdrawn share of the principal, rounded up so that the last withdrawal clears it
    let share = |principal: Uint128| -> Result<Uint128, ContractError> {
        Ok(mul_div(principal, sent.lp, pool.lp_units, Rounding::Up)?.min(principal))
    };
    let principal_asset = share(pool.principal_asset)?;
    let principal_usdm = share(pool.principal_usdm)?;
    pool.principal_asset -= principal_asset;
    pool.principal_usdm -= principal_usdm;
    pool.lp_units -= sent.lp;
    let index = settings
        .position(&pool.asset)
        .expect("a pooled asset stays whitelisted");
    accounts.assets[index].liquid = accounts.assets[index].liquid.checked_add(asset_received)?;
    let (pair, lp_total) = (pool.pair.clone(), pool.lp_units);
    pools.save(deps.storage)?;
    accounts.save(deps.storage)?;
    let mut res = Response::new();
    if !usdm_received.is_zero() {
        res = res.add_message(usdm_execute(usdm_token, usdm::burn_msg(usdm_received)));
    }
    Ok(res
        .add_attribute("action", "treasury_withdrawn")
        .add_attribute("pair", pair)
        .add_attribute("asset_received", asset_received)
        .add_attribute("usdm_burned", usdm_received)
        .add_attribute("principal_asset", principal_asset)
        .add_attribute("principal_usdm", principal_usdm)
        .add_attribute("lp_total", lp_total))
}
