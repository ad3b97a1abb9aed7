//! Redemption: USDm sent back to the vault is burnt for vault assets worth
//! `USDm × (1 − fee) × min(1, collateral ratio)`. Below full collateral every redeemer takes the
//! same haircut, so there is nothing to gain by running first. Only liquid balances pay.

use cosmwasm_std::{
    to_json_binary, Addr, Decimal, Deps, DepsMut, Env, Response, Uint128, Uint256, WasmMsg,
};
use cw20::Cw20ExecuteMsg;
use mars_types::value::value_to_amount;
use mars_types::vault::{AssetAmountUnchecked, Payout, RedeemMode, SimulateRedeemResponse};
use mars_types::{AssetInfo, Rounding};

use crate::holdings::{usdm_supply, Holdings};
use crate::limits::{self, LimitsUse};
use crate::state::{AssetRecord, ASSETS, CONFIG, PAUSES, TIER_CAPS, USDM};
use crate::{recipient_or, ContractError};

pub struct RedeemPlan {
    /// Records after the redemption, with their keys.
    pub updates: Vec<(String, AssetRecord)>,
    /// The redemption throttle's account after the redemption.
    pub limits: LimitsUse,
    pub quote: SimulateRedeemResponse,
}

/// `amount × num / den`, rounded down.
fn mul_ratio_down(amount: Uint128, num: Uint128, den: Uint128) -> Result<Uint128, ContractError> {
    let q = Uint256::from(amount) * Uint256::from(num) / Uint256::from(den);
    Ok(Uint128::try_from(q)?)
}

/// Everything redeeming `usdm_in` (already received, not yet burnt) in `mode` would do now.
pub fn plan(
    deps: Deps,
    env: &Env,
    usdm_in: Uint128,
    mode: &RedeemMode,
) -> Result<RedeemPlan, ContractError> {
    if usdm_in.is_zero() {
        return Err(ContractError::ZeroAmount {});
    }
    let pauses = PAUSES.load(deps.storage)?;
    let single = match mode {
        RedeemMode::Single { asset, .. } => {
            if pauses.single_redeem {
                return Err(ContractError::SingleRedeemPaused {});
            }
            Some(asset.check(deps.api)?)
        }
        RedeemMode::Proportional { .. } => {
            if pauses.proportional_redeem {
                return Err(ContractError::ProportionalRedeemHalted {});
            }
            None
        }
    };

    let config = CONFIG.load(deps.storage)?;
    let supply = usdm_supply(deps)?;
    let holdings = Holdings::load(deps, &config.oracle, single.as_ref())?;
    // the USDm being redeemed is part of the supply until it is burnt; only a simulation can
    // ask for more than exists
    if usdm_in > supply {
        return Err(ContractError::AmountAboveSupply {
            amount: usdm_in,
            supply,
        });
    }
    // min(1, collateral ratio) = min(total, supply) / supply
    let backing = holdings.total_value.min(supply);
    let collateral_factor = Decimal::from_ratio(backing, supply);

    let (updates, payouts) = match (mode, single) {
        (RedeemMode::Single { min_out, .. }, Some(asset)) => {
            let index = holdings.position(&asset)?;
            let holding = &holdings.items[index];
            let mut record = holding.record.clone();
            if !record.params.redeem_enabled {
                return Err(ContractError::RedeemDisabled {
                    asset: asset.to_string(),
                });
            }
            let price = holding
                .price
                .as_ref()
                .expect("the redeemed asset is always priced")
                .redeem_price();
            // the payout value rounds down and the fee up: both favour the vault
            let gross = mul_ratio_down(usdm_in, backing, supply)?;
            let fee_value = record.params.redeem_fee.apply(gross, Rounding::Up);
            let decimals = record.params.decimals;
            let amount = value_to_amount(gross - fee_value, decimals, price, Rounding::Down)?;
            let fee = value_to_amount(fee_value, decimals, price, Rounding::Down)?;
            check_min_out(&asset, amount, *min_out)?;
            take_liquid(&mut record, amount)?;
            holdings.check_caps(
                index,
                record.held(),
                &TIER_CAPS.load(deps.storage)?,
                config.cap_floor,
            )?;
            let payout = Payout {
                asset,
                amount,
                fee,
                price,
            };
            (vec![(holding.key.clone(), record)], vec![payout])
        }
        (RedeemMode::Proportional { min_out }, _) => {
            // each asset pays held × usdm_in / max(total, supply): a slice worth
            // usdm_in × min(1, ratio), less the one proportional fee, every division rounded
            // down, so the vault's composition is kept up to rounding dust
            // each held asset's value was rounded down by less than one micro-dollar: one more
            // per held asset bounds the true total from above, so no slice is worth more
            let held = holdings
                .items
                .iter()
                .filter(|h| h.price.is_some() && !h.record.held().is_zero())
                .count();
            let total_up = holdings
                .total_value
                .checked_add(Uint128::new(held as u128))?;
            let denominator = total_up.max(supply);
            let mut updates = vec![];
            let mut payouts = vec![];
            for holding in &holdings.items {
                // dust is not valued, so it is not paid either: it stays for the write-off
                let Some(price) = &holding.price else {
                    continue;
                };
                let mut record = holding.record.clone();
                let gross = mul_ratio_down(record.held(), usdm_in, denominator)?;
                let fee = config.proportional_redeem_fee.apply(gross, Rounding::Up);
                let amount = gross - fee;
                if amount.is_zero() {
                    continue;
                }
                take_liquid(&mut record, amount)?;
                payouts.push(Payout {
                    asset: record.params.asset.clone(),
                    amount,
                    fee,
                    price: price.price,
                });
                updates.push((holding.key.clone(), record));
            }
            check_min_outs(deps, &payouts, min_out)?;
            (updates, payouts)
        }
        (RedeemMode::Single { .. }, None) => unreachable!("single mode always names its asset"),
    };
    if payouts.iter().all(|p| p.amount.is_zero()) {
        return Err(ContractError::ZeroOutput {});
    }
    let limits = limits::use_redeem(deps.storage, env.block.time.seconds(), usdm_in, supply)?;
    Ok(RedeemPlan {
        updates,
        limits,
        quote: SimulateRedeemResponse {
            payouts,
            collateral_factor,
        },
    })
}

fn take_liquid(record: &mut AssetRecord, amount: Uint128) -> Result<(), ContractError> {
    record.liquid =
        record
            .liquid
            .checked_sub(amount)
            .map_err(|_| ContractError::InsufficientLiquidity {
                asset: record.params.asset.to_string(),
                requested: amount,
                available: record.liquid,
            })?;
    Ok(())
}

fn check_min_out(
    asset: &AssetInfo,
    amount: Uint128,
    min_out: Option<Uint128>,
) -> Result<(), ContractError> {
    match min_out {
        Some(min_out) if amount < min_out => Err(ContractError::MinOutNotMet {
            asset: asset.to_string(),
            amount,
            min_out,
        }),
        _ => Ok(()),
    }
}

/// Every listed minimum must be met; an asset listed but not paid counts as zero.
fn check_min_outs(
    deps: Deps,
    payouts: &[Payout],
    min_out: &[AssetAmountUnchecked],
) -> Result<(), ContractError> {
    for wanted in min_out {
        let asset = wanted.info.check(deps.api)?;
        let paid = payouts
            .iter()
            .find(|p| p.asset == asset)
            .map(|p| p.amount)
            .unwrap_or_default();
        check_min_out(&asset, paid, Some(wanted.amount))?;
    }
    Ok(())
}

/// Redeems `usdm_in` that `holder` sent through the USDm token.
pub fn redeem(
    deps: DepsMut,
    env: &Env,
    holder: Addr,
    usdm_in: Uint128,
    mode: RedeemMode,
    recipient: Option<String>,
) -> Result<Response, ContractError> {
    let recipient = recipient_or(deps.api, recipient, &holder)?;
    let RedeemPlan {
        updates,
        limits,
        quote,
    } = plan(deps.as_ref(), env, usdm_in, &mode)?;
    for (key, record) in &updates {
        ASSETS.save(deps.storage, key, record)?;
    }
    let throttle = limits.save(deps.storage)?;

    let usdm = USDM.load(deps.storage)?;
    let burn = WasmMsg::Execute {
        contract_addr: usdm.into_string(),
        msg: to_json_binary(&Cw20ExecuteMsg::Burn { amount: usdm_in })?,
        funds: vec![],
    };
    let transfers = quote
        .payouts
        .iter()
        .map(|p| p.asset.transfer_msg(&recipient, p.amount))
        .collect::<Result<Vec<_>, _>>()?;
    let list = |f: fn(&Payout) -> Uint128| {
        quote
            .payouts
            .iter()
            .map(|p| format!("{}={}", p.asset, f(p)))
            .collect::<Vec<_>>()
            .join(",")
    };
    let mode_name = match mode {
        RedeemMode::Proportional { .. } => "proportional",
        RedeemMode::Single { .. } => "single",
    };
    Ok(Response::new()
        .add_message(burn)
        .add_messages(transfers)
        .add_attribute("action", "redeem")
        .add_attribute("mode", mode_name)
        .add_attribute("usdm_in", usdm_in)
        .add_attribute("collateral_factor", quote.collateral_factor.to_string())
        .add_attribute("payouts", list(|p| p.amount))
        .add_attribute("fees", list(|p| p.fee))
        .add_attribute(
            "prices",
            quote
                .payouts
                .iter()
                .map(|p| p.price.to_string())
                .collect::<Vec<_>>()
                .join(","),
        )
        .add_attribute("sender", holder)
        .add_attribute("recipient", recipient)
        .add_attributes(throttle))
}
