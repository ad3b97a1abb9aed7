//! The owner provides liquidity to a registered pool: liquid paired asset and USDm minted in the
//! pool's ratio go in, LP tokens come back (counted by the vault's balance in the reply). USDm
//! minted this way is protocol-owned: it never circulates unless someone buys it from the pool
//! with the asset, which is then the vault's.

use cosmwasm_std::{
    Addr, Coin, CosmosMsg, DepsMut, Env, Reply, Response, SubMsg, Uint128, WasmMsg,
};
use mars_types::astroport::lean;
use mars_types::value::{amount_to_value, product_above};
use mars_types::{usdm, AssetInfo, Rounding};

use crate::holdings::Holdings;
use crate::pending::{Balances, Pending};
use crate::pools::{check_deployed, Pools};
use crate::position;
use crate::state::{Accounts, Settings};
use crate::ContractError;

pub const PROVIDE_REPLY: u64 = 2;

pub fn provide(
    deps: DepsMut,
    env: &Env,
    pair: String,
    asset_amount: Uint128,
    min_lp: Uint128,
) -> Result<Response, ContractError> {
    if asset_amount.is_zero() {
        return Err(ContractError::ZeroAmount {});
    }
    let pair = deps.api.addr_validate(&pair)?;
    let settings = Settings::load(deps.storage)?;
    let mut accounts = Accounts::load(deps.storage)?;
    let pools = Pools::load(deps.storage)?;
    let pool_index = pools.find(&pair)?;
    let pool = &pools.0[pool_index];
    let asset = &pool.asset;
    let index = settings
        .position(asset)
        .ok_or_else(|| ContractError::AssetNotWhitelisted {
            asset: asset.to_string(),
        })?;
    let decimals = settings.assets[index].params.decimals;
    let account = accounts.assets[index];
    if asset_amount > account.liquid {
        return Err(ContractError::InsufficientLiquidity {
            asset: asset.to_string(),
            requested: asset_amount,
            available: account.liquid,
        });
    }

    let now = env.block.time.seconds();
    let holdings = Holdings::load(deps.as_ref(), now, &settings, &accounts, Some(index))?;
    let oracle_price = holdings.quote(index).price;
    let unit = Uint128::new(10u128.pow(u32::from(decimals)));
    let oracle_micro = amount_to_value(unit, decimals, oracle_price, Rounding::Down)?;
    let reserves =
        position::reserves(&deps.querier, pool).ok_or_else(|| ContractError::PoolUnreadable {
            pair: pair.to_string(),
        })?;
    // into an empty pool at the oracle price, else in the pool's ratio, while the pool's price
    // is within the bound of the oracle's
    let (usdm_amount, pool_micro) = if reserves.asset.is_zero() && reserves.usdm.is_zero() {
        let value = amount_to_value(asset_amount, decimals, oracle_price, Rounding::Down)?;
        (value, oracle_micro)
    } else {
        let pool_micro = position::pool_price(pool, reserves, decimals)
            .filter(|_| !reserves.asset.is_zero() && !reserves.usdm.is_zero())
            .ok_or_else(|| ContractError::PoolUnreadable {
                pair: pair.to_string(),
            })?;
        let distance = pool_micro.abs_diff(oracle_micro);
        let max_bps = pool.params.max_bps_from_peg;
        if product_above(
            distance,
            Uint128::new(10_000),
            oracle_micro,
            Uint128::new(max_bps.get().into()),
        ) {
            return Err(ContractError::PoolOffPeg {
                pair: pair.to_string(),
                pool_price: pool_micro,
                oracle_price: oracle_micro,
                max_bps,
            });
        }
        let usdm = asset_amount.multiply_ratio(reserves.usdm, reserves.asset);
        (usdm, pool_micro)
    };
    if usdm_amount.is_zero() {
        return Err(ContractError::ZeroOutput {});
    }

    // the bounds: the pool's USDm, the asset's deployed share, and its caps were every USDm the
    // vault has in its pools bought with it
    let usdm_after = pool.principal_usdm.checked_add(usdm_amount)?;
    if usdm_after > pool.params.max_usdm {
        return Err(ContractError::PoolUsdmAboveMax {
            pair: pair.to_string(),
            usdm: usdm_after,
            max: pool.params.max_usdm,
        });
    }
    check_deployed(
        &pools,
        asset,
        &account,
        asset_amount,
        pool.params.max_deployed_bps,
    )?;
    holdings.check_caps_if_bought(index, usdm_amount)?;

    let usdm_token = settings.usdm()?;
    let vault = &env.contract.address;
    Pending {
        pool: pool_index,
        before: Balances::read(&deps.querier, vault, asset, usdm_token, &pool.lp_token)?,
        sent: Balances {
            asset: asset_amount,
            usdm: usdm_amount,
            lp: Uint128::zero(),
        },
        min: Balances {
            lp: min_lp,
            ..Balances::default()
        },
    }
    .start(deps.storage)?;
    // the asset leaves the liquid account now; what the pool does not take is credited back
    accounts.assets[index].liquid -= asset_amount;
    accounts.save(deps.storage)?;

    let mut msgs: Vec<CosmosMsg> = vec![
        usdm_execute(usdm_token, usdm::mint_msg(vault.as_str(), usdm_amount)),
        allowance(usdm_token, &pair, usdm_amount, true),
    ];
    let mut funds = vec![];
    match asset {
        AssetInfo::Native { denom } => funds.push(Coin::new(asset_amount, denom)),
        AssetInfo::Cw20 { contract_addr } => {
            msgs.push(allowance(contract_addr, &pair, asset_amount, true))
        }
    }
    let usdm_info = AssetInfo::Cw20 {
        contract_addr: usdm_token.clone(),
    };
    let provide = WasmMsg::Execute {
        contract_addr: pair.to_string(),
        msg: lean::provide_msg(pool.join((asset, asset_amount), (&usdm_info, usdm_amount))),
        funds,
    };
    Ok(Response::new()
        .add_messages(msgs)
        .add_submessage(SubMsg::reply_on_success(provide, PROVIDE_REPLY))
        .add_attribute("action", "treasury_provide")
        .add_attribute("pair", pair)
        .add_attribute("asset", asset.storage_key())
        .add_attribute("asset_amount", asset_amount)
        .add_attribute("usdm_minted", usdm_amount)
        .add_attribute("pool_price", pool_micro)
        .add_attribute("oracle_price", oracle_micro))
}

/// After the pair ran: what it took and minted, by the vault's balances; the asset it did not
/// take is liquid again, the USDm it did not take burnt, the allowances it did not use revoked.
pub fn reply(deps: DepsMut, env: &Env, _reply: Reply) -> Result<Response, ContractError> {
    let pending = Pending::take(deps.storage)?;
    let settings = Settings::load(deps.storage)?;
    let mut accounts = Accounts::load(deps.storage)?;
    let mut pools = Pools::load(deps.storage)?;
    let pool = &mut pools.0[pending.pool];
    let usdm_token = settings.usdm()?;
    let now = Balances::read(
        &deps.querier,
        &env.contract.address,
        &pool.asset,
        usdm_token,
        &pool.lp_token,
    )?;
    let Pending {
        before, sent, min, ..
    } = pending;
    let unexpected = || ContractError::PairMisbehaved {
        pair: pool.pair.to_string(),
    };
    // native: the balance fell by what was sent less what came back; cw20: by what was drawn
    let asset_used = before
        .asset
        .checked_sub(now.asset)
        .ok()
        .filter(|used| *used <= sent.asset)
        .ok_or_else(unexpected)?;
    let usdm_left = now
        .usdm
        .checked_sub(before.usdm)
        .ok()
        .filter(|left| *left <= sent.usdm)
        .ok_or_else(unexpected)?;
    let usdm_used = sent.usdm - usdm_left;
    let lp_minted = now.lp.checked_sub(before.lp).map_err(|_| unexpected())?;
    if lp_minted.is_zero() || lp_minted < min.lp {
        return Err(ContractError::MinLpNotMet {
            pair: pool.pair.to_string(),
            lp: lp_minted,
            min_lp: min.lp,
        });
    }
    let index = settings
        .position(&pool.asset)
        .expect("a pooled asset stays whitelisted");
    accounts.assets[index].liquid += sent.asset - asset_used;
    pool.lp_units = pool.lp_units.checked_add(lp_minted)?;
    pool.principal_asset = pool.principal_asset.checked_add(asset_used)?;
    pool.principal_usdm = pool.principal_usdm.checked_add(usdm_used)?;
    let (pair, lp_total) = (pool.pair.clone(), pool.lp_units);
    let mut msgs = vec![];
    if !usdm_left.is_zero() {
        msgs.push(usdm_execute(usdm_token, usdm::burn_msg(usdm_left)));
        msgs.push(allowance(usdm_token, &pair, usdm_left, false));
    }
    if let AssetInfo::Cw20 { contract_addr } = &pool.asset {
        let unused = sent.asset - asset_used;
        if !unused.is_zero() {
            msgs.push(allowance(contract_addr, &pair, unused, false));
        }
    }
    pools.save(deps.storage)?;
    accounts.save(deps.storage)?;
    Ok(Response::new()
        .add_messages(msgs)
        .add_attribute("action", "treasury_provided")
        .add_attribute("pair", pair)
        .add_attribute("asset_used", asset_used)
        .add_attribute("usdm_used", usdm_used)
        .add_attribute("usdm_burned", usdm_left)
        .add_attribute("lp_minted", lp_minted)
        .add_attribute("lp_total", lp_total))
}

pub fn usdm_execute(token: &Addr, msg: cosmwasm_std::Binary) -> CosmosMsg {
    WasmMsg::Execute {
        contract_addr: token.to_string(),
        msg,
        funds: vec![],
    }
    .into()
}

/// A cw20 allowance for `spender` raised (or lowered) by `amount`.
fn allowance(token: &Addr, spender: &Addr, amount: Uint128, raise: bool) -> CosmosMsg {
    usdm_execute(token, usdm::allowance_msg(spender.as_str(), amount, raise))
}
