//! Withdrawals: LP tokens sent to the pair with the `withdraw_liquidity` hook are burnt and
//! their share of both reserves paid to the sender.

use cosmwasm_std::{to_json_binary, Addr, DepsMut, Env, Response, Uint128, WasmMsg};
use cw20::Cw20ExecuteMsg;
use mars_types::astroport::Asset as PairAsset;

use crate::contract::checked_asset;
use crate::state::{Config, Pool};
use crate::ContractError;

pub fn withdraw(
    deps: DepsMut,
    env: &Env,
    token: &Addr,
    sender: Addr,
    amount: Uint128,
    min_assets: Vec<PairAsset>,
) -> Result<Response, ContractError> {
    let config = Config::load(deps.storage)?;
    let lp = config.lp_token()?;
    if token != lp {
        return Err(ContractError::UnknownToken {
            token: token.to_string(),
        });
    }
    let mut pool = Pool::load(deps.storage)?;
    pool.accumulate(&config.curve, env.block.time.seconds())?;
    // the LP tokens sent are still in the supply: the pair burns them below
    let supply = mars_types::usdm::total_supply(&deps.querier, lp)?;
    let paid = config.curve.withdraw(pool.reserves, supply, amount)?;
    for min in &min_assets {
        let k = config.index_of(&checked_asset(deps.as_ref(), &min.info)?)?;
        if paid[k] < min.amount {
            return Err(ContractError::MinAssetNotReached {
                asset: config.assets[k].to_string(),
                paid: paid[k],
                min: min.amount,
            });
        }
    }
    for (reserve, paid) in pool.reserves.iter_mut().zip(paid) {
        *reserve -= paid;
    }
    pool.save(deps.storage);

    let mut res = Response::new().add_message(WasmMsg::Execute {
        contract_addr: lp.to_string(),
        msg: to_json_binary(&Cw20ExecuteMsg::Burn { amount })?,
        funds: vec![],
    });
    for (asset, paid) in config.assets.iter().zip(paid) {
        if !paid.is_zero() {
            res = res.add_message(asset.transfer_msg(&sender, paid));
        }
    }
    let refund = config.describe(paid);
    Ok(res
        .add_attribute("action", "withdraw_liquidity")
        .add_attribute("sender", sender)
        .add_attribute("withdrawn_share", amount)
        .add_attribute("refund_assets", refund))
}
