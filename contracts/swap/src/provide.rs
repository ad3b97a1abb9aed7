//! Deposits: both assets in, LP tokens out. Bank coins come as the message's funds (exactly the
//! amounts named, what the pool does not take sent back), cw20s by allowance (only what the
//! pool takes is drawn).

use cosmwasm_std::{
    to_json_binary, Addr, BankMsg, Coin, Decimal, Decimal256, DepsMut, Env, MessageInfo, Response,
    Uint128, WasmMsg,
};
use cw20::Cw20ExecuteMsg;
use mars_types::astroport::Asset as PairAsset;
use mars_types::swap::Curve;
use mars_types::AssetInfo;

use crate::contract::checked_asset;
use crate::state::{Config, Pool};
use crate::trade::tolerance;
use crate::ContractError;

pub struct ProvideArgs {
    pub assets: Vec<PairAsset>,
    pub slippage_tolerance: Option<Decimal>,
    pub receiver: Option<String>,
    pub min_lp_to_receive: Option<Uint128>,
}

/// The deposit's amounts in the pool's order, each asset named once.
fn amounts(
    deps: &DepsMut,
    config: &Config,
    assets: &[PairAsset],
) -> Result<[Uint128; 2], ContractError> {
    if assets.len() != 2 {
        return Err(ContractError::DepositAssets {});
    }
    let mut amounts = [None, None];
    for asset in assets {
        let k = config.index_of(&checked_asset(deps.as_ref(), &asset.info)?)?;
        if amounts[k].replace(asset.amount).is_some() {
            return Err(ContractError::DepositAssets {});
        }
    }
    Ok([
        amounts[0].unwrap_or_default(),
        amounts[1].unwrap_or_default(),
    ])
}

/// The funds must be exactly the bank coins the deposit names.
fn check_funds(
    config: &Config,
    amounts: [Uint128; 2],
    funds: &[Coin],
) -> Result<(), ContractError> {
    for coin in funds {
        let named = config.assets.iter().zip(amounts).find_map(|(a, amount)| {
            matches!(a, AssetInfo::Native { denom } if *denom == coin.denom).then_some(amount)
        });
        match named {
            None => {
                return Err(ContractError::UnexpectedFunds {
                    denom: coin.denom.clone(),
                })
            }
            Some(named) if named != coin.amount => {
                return Err(ContractError::FundsMismatch {
                    denom: coin.denom.clone(),
                    named,
                    sent: coin.amount,
                })
            }
            Some(_) => {}
        }
    }
    for (asset, amount) in config.assets.iter().zip(amounts) {
        if let AssetInfo::Native { denom } = asset {
            if !amount.is_zero() && !funds.iter().any(|c| c.denom == *denom) {
                return Err(ContractError::FundsMismatch {
                    denom: denom.clone(),
                    named: amount,
                    sent: Uint128::zero(),
                });
            }
        }
    }
    Ok(())
}

/// Astroport's rule for a constant-product deposit: neither of the deposit's ratios may be
/// above the pool's by more than the tolerance.
fn assert_slippage(
    tolerance: Decimal,
    deposit: [Uint128; 2],
    reserves: [Uint128; 2],
) -> Result<(), ContractError> {
    let keep = Decimal256::one() - Decimal256::from(tolerance);
    let ratio = |a: Uint128, b: Uint128| Decimal256::checked_from_ratio(a, b).ok();
    for (a, b) in [(1, 0), (0, 1)] {
        let (Some(deposit), Some(pool)) = (
            ratio(deposit[a], deposit[b]),
            ratio(reserves[a], reserves[b]),
        ) else {
            return Err(ContractError::MaxSlippageAssertion {});
        };
        if deposit * keep > pool {
            return Err(ContractError::MaxSlippageAssertion {});
        }
    }
    Ok(())
}

fn mint_msg(lp: &Addr, recipient: &Addr, amount: Uint128) -> Result<WasmMsg, ContractError> {
    Ok(WasmMsg::Execute {
        contract_addr: lp.to_string(),
        msg: to_json_binary(&Cw20ExecuteMsg::Mint {
            recipient: recipient.to_string(),
            amount,
        })?,
        funds: vec![],
    })
}

pub fn provide(
    deps: DepsMut,
    env: &Env,
    info: MessageInfo,
    args: ProvideArgs,
) -> Result<Response, ContractError> {
    let config = Config::load(deps.storage)?;
    let lp = config.lp_token()?.clone();
    let deposit = amounts(&deps, &config, &args.assets)?;
    check_funds(&config, deposit, &info.funds)?;
    let tolerance = tolerance("slippage_tolerance", args.slippage_tolerance)?;
    let receiver = match args.receiver {
        Some(r) => deps.api.addr_validate(&r)?,
        None => info.sender.clone(),
    };

    let mut pool = Pool::load(deps.storage)?;
    pool.accumulate(&config.curve, env.block.time.seconds())?;
    let supply = mars_types::usdm::total_supply(&deps.querier, &lp)?;
    let minted = config
        .curve
        .deposit(pool.reserves, supply, deposit, config.fees.total_fee_bps)?;
    if matches!(config.curve, Curve::Xyk {}) && !supply.is_zero() {
        assert_slippage(tolerance, deposit, pool.reserves)?;
    }
    if let Some(min) = args.min_lp_to_receive {
        if minted.share < min {
            return Err(ContractError::MinLpNotReached {
                minted: minted.share,
                min,
            });
        }
    }
    for (reserve, used) in pool.reserves.iter_mut().zip(minted.used) {
        *reserve += used;
    }
    pool.save(deps.storage);

    let mut res = Response::new();
    let mut refunds = vec![];
    for (k, asset) in config.assets.iter().enumerate() {
        match asset {
            AssetInfo::Native { denom } => {
                let back = deposit[k] - minted.used[k];
                if !back.is_zero() {
                    refunds.push(Coin::new(back, denom.clone()));
                }
            }
            AssetInfo::Cw20 { contract_addr } if !minted.used[k].is_zero() => {
                res = res.add_message(WasmMsg::Execute {
                    contract_addr: contract_addr.to_string(),
                    msg: to_json_binary(&Cw20ExecuteMsg::TransferFrom {
                        owner: info.sender.to_string(),
                        recipient: env.contract.address.to_string(),
                        amount: minted.used[k],
                    })?,
                    funds: vec![],
                });
            }
            AssetInfo::Cw20 { .. } => {}
        }
    }
    if !minted.locked.is_zero() {
        res = res.add_message(mint_msg(&lp, &env.contract.address, minted.locked)?);
    }
    res = res.add_message(mint_msg(&lp, &receiver, minted.share)?);
    let refunded = refunds
        .iter()
        .map(Coin::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    if !refunds.is_empty() {
        res = res.add_message(BankMsg::Send {
            to_address: info.sender.to_string(),
            amount: refunds,
        });
    }
    let used = config.describe(minted.used);
    Ok(res
        .add_attribute("action", "provide_liquidity")
        .add_attribute("sender", info.sender)
        .add_attribute("receiver", receiver)
        .add_attribute("assets", used)
        .add_attribute("share", minted.share)
        .add_attribute("refunded", refunded))
}
