//! Redemption: USDm sent back to the vault is burnt for vault assets worth
//! `USDm × (1 − fee) × min(1, collateral ratio)`. Below full collateral every redeemer takes the
//! same haircut, so there is nothing to gain by running first. Only liquid balances pay.

use cosmwasm_std::{
    Addr, BankMsg, Coin, CosmosMsg, Decimal, Deps, DepsMut, Env, Response, Uint128, WasmMsg,
};
use mars_entry::json::{owned, u128_string, Writer};
use mars_types::usdm;
use mars_types::value::{amount_to_value, mul_div, value_to_amount};
use mars_types::vault::{
    AssetAmountUnchecked, IbcDestination, Payout, RedeemMode, SimulateRedeemResponse,
};
use mars_types::{AssetInfo, Rounding};

use crate::holdings::{usdm_supply, Holdings};
use crate::state::{Accounts, AssetAccount, Settings};
use crate::{limits, payouts};
use crate::{recipient_or, ContractError};

pub struct RedeemPlan {
    /// The vault's accounts after the redemption: the payouts and the redemption throttle.
    pub accounts: Accounts,
    pub quote: SimulateRedeemResponse,
}

/// Everything redeeming `usdm_in` (already received, not yet burnt) in `mode` would do now.
pub fn plan(
    deps: Deps,
    env: &Env,
    settings: &Settings,
    usdm_in: Uint128,
    mode: &RedeemMode,
) -> Result<RedeemPlan, ContractError> {
    if usdm_in.is_zero() {
        return Err(ContractError::ZeroAmount {});
    }
    let single = match mode {
        RedeemMode::Single { asset, .. } => {
            if settings.pauses.single_redeem {
                return Err(ContractError::SingleRedeemPaused {});
            }
            let asset = asset.check(deps.api)?;
            let index =
                settings
                    .position(&asset)
                    .ok_or_else(|| ContractError::AssetNotWhitelisted {
                        asset: asset.to_string(),
                    })?;
            Some(index)
        }
        RedeemMode::Proportional { .. } => {
            if settings.pauses.proportional_redeem {
                return Err(ContractError::ProportionalRedeemHalted {});
            }
            None
        }
    };

    let now = env.block.time.seconds();
    let supply = usdm_supply(deps, settings)?;
    let accounts = Accounts::load(deps.storage)?;
    let holdings = Holdings::load(deps, now, settings, &accounts, single)?;
    // USDm the vault has in pools does not circulate: the ratio and the throttle are of the rest
    let supply = holdings.circulating(supply);
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

    let mut after = accounts.clone();
    let payouts = match (mode, single) {
        (RedeemMode::Single { min_out, .. }, Some(index)) => {
            let params = &settings.assets[index].params;
            if !params.redeem_enabled {
                return Err(ContractError::RedeemDisabled {
                    asset: params.asset.to_string(),
                });
            }
            let price = holdings.quote(index).redeem;
            // the payout value rounds down and the fee up: both favour the vault
            let gross = mul_div(usdm_in, backing, supply, Rounding::Down)?;
            let fee_value = params.redeem_fee.apply(gross, Rounding::Up);
            let decimals = params.decimals;
            let amount = value_to_amount(gross - fee_value, decimals, price, Rounding::Down)?;
            let fee = value_to_amount(fee_value, decimals, price, Rounding::Down)?;
            check_min_out(&params.asset, amount, *min_out)?;
            let account = &mut after.assets[index];
            take_liquid(&params.asset, account, amount)?;
            holdings.check_caps(index, account.held())?;
            vec![Payout {
                asset: params.asset.copied(),
                amount,
                fee,
                price,
            }]
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
                .zip(&accounts.assets)
                .filter(|(h, a)| h.price.is_some() && !(a.held() + h.pooled).is_zero())
                .count();
            let total_up = holdings
                .total_value
                .checked_add(Uint128::new(held as u128))?;
            // only liquid funds pay: with assets deployed or in pools, the liquid part pays a
            // slice as large as the whole would have, the denominator scaled by liquid / total
            let liquid_up = liquid_value_up(&holdings)?;
            let denominator = if liquid_up == total_up {
                total_up.max(supply)
            } else {
                mul_div(total_up.max(supply), liquid_up, total_up, Rounding::Up)?
            };
            let mut payouts = vec![];
            for (i, holding) in holdings.items.iter().enumerate() {
                // dust is not valued, so it is not paid either: it stays for the write-off
                let Some(quote) = holding.price else {
                    continue;
                };
                let account = &mut after.assets[i];
                let gross = mul_div(account.liquid, usdm_in, denominator, Rounding::Down)?;
                let fee = settings.proportional_redeem_fee.apply(gross, Rounding::Up);
                let amount = gross - fee;
                if amount.is_zero() {
                    continue;
                }
                let asset = &settings.assets[i].params.asset;
                take_liquid(asset, account, amount)?;
                payouts.push(Payout {
                    asset: asset.copied(),
                    amount,
                    fee,
                    price: quote.price,
                });
            }
            check_min_outs(deps, &payouts, min_out)?;
            payouts
        }
        (RedeemMode::Single { .. }, None) => unreachable!("single mode always names its asset"),
    };
    if payouts.iter().all(|p| p.amount.is_zero()) {
        return Err(ContractError::ZeroOutput {});
    }
    limits::use_redeem(&settings.limits, &mut after.redeem, now, usdm_in, supply)?;
    Ok(RedeemPlan {
        accounts: after,
        quote: SimulateRedeemResponse {
            payouts,
            collateral_factor,
        },
    })
}

/// The value of the vault's liquid funds, bounded from above like the total: each priced
/// asset's liquid part valued rounded down, plus one per asset held.
fn liquid_value_up(holdings: &Holdings) -> Result<Uint128, ContractError> {
    let mut total = Uint128::zero();
    for ((h, account), config) in holdings
        .items
        .iter()
        .zip(&holdings.accounts.assets)
        .zip(&holdings.settings.assets)
    {
        let Some(quote) = h.price else { continue };
        if (account.held() + h.pooled).is_zero() {
            continue;
        }
        let value = amount_to_value(
            account.liquid,
            config.params.decimals,
            quote.price,
            Rounding::Down,
        )?;
        total = total.checked_add(value)?.checked_add(Uint128::one())?;
    }
    Ok(total)
}

fn take_liquid(
    asset: &AssetInfo,
    account: &mut AssetAccount,
    amount: Uint128,
) -> Result<(), ContractError> {
    account.liquid =
        account
            .liquid
            .checked_sub(amount)
            .map_err(|_| ContractError::InsufficientLiquidity {
                asset: asset.to_string(),
                requested: amount,
                available: account.liquid,
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

/// Where a redemption pays.
enum Destination {
    /// An address on this chain: the holder unless the hook names a recipient.
    Local(Addr),
    /// Another chain, with the seconds until the transfers time out.
    Ibc(IbcDestination, u64),
}

impl Destination {
    /// The hook's `recipient` and `ibc`, checked: at most one of them.
    fn check(
        api: &dyn cosmwasm_std::Api,
        holder: &Addr,
        recipient: Option<String>,
        ibc: Option<IbcDestination>,
    ) -> Result<Destination, ContractError> {
        match (recipient, ibc) {
            (Some(_), Some(_)) => Err(ContractError::IbcRecipientConflict {}),
            (recipient, None) => Ok(Destination::Local(recipient_or(api, recipient, holder)?)),
            (None, Some(ibc)) => {
                let seconds = payouts::validate(&ibc)?;
                Ok(Destination::Ibc(ibc, seconds))
            }
        }
    }
}

/// Redeems `usdm_in` that `holder` sent through `token`, which must be the USDm token, paying
/// the hook's (`recipient`, `ibc`) destination.
pub fn redeem(
    deps: DepsMut,
    env: &Env,
    token: &Addr,
    holder: Addr,
    usdm_in: Uint128,
    mode: RedeemMode,
    (recipient, ibc): (Option<String>, Option<IbcDestination>),
) -> Result<Response, ContractError> {
    let settings = Settings::load(deps.storage)?;
    let usdm = settings.usdm()?;
    if token != usdm {
        return Err(ContractError::RedeemWithWrongToken {
            token: token.to_string(),
        });
    }
    let destination = Destination::check(deps.api, &holder, recipient, ibc)?;
    let RedeemPlan { accounts, quote } = plan(deps.as_ref(), env, &settings, usdm_in, &mode)?;
    accounts.save(deps.storage)?;

    let burn = WasmMsg::Execute {
        contract_addr: owned(usdm.as_str()),
        msg: usdm::burn_msg(usdm_in),
        funds: vec![],
    };
    // `<asset>=<amount>,…`, written without `fmt` (see `mars_entry::json::owned`)
    let list = |f: fn(&Payout) -> Uint128| {
        let mut w = Writer::with_capacity(quote.payouts.len() * 96);
        for (i, p) in quote.payouts.iter().enumerate() {
            if i > 0 {
                w.byte(b',');
            }
            let (prefix, name) = p.asset.key_parts();
            w.raw(prefix.as_bytes())
                .raw(name.as_bytes())
                .byte(b'=')
                .u128(f(p).u128());
        }
        // SAFETY: keys are `str`s and digits ASCII
        unsafe { String::from_utf8_unchecked(w.finish()) }
    };
    let mode_name = match mode {
        RedeemMode::Proportional { .. } => "proportional",
        RedeemMode::Single { .. } => "single",
    };
    // what indexers need; prices, the collateral factor and the throttles are in the queries
    let res = Response::new()
        .add_message(burn)
        .add_attribute("action", "redeem")
        .add_attribute("mode", mode_name)
        .add_attribute("usdm_in", u128_string(usdm_in.u128()))
        .add_attribute("payouts", list(|p| p.amount))
        .add_attribute("fees", list(|p| p.fee))
        .add_attribute("sender", owned(holder.as_str()));
    match destination {
        Destination::Local(recipient) => Ok(res
            .add_messages(local_payout(&recipient, &quote.payouts))
            .add_attribute("recipient", recipient)),
        Destination::Ibc(ibc, seconds) => {
            let (transfers, ids) =
                payouts::send(deps.storage, env, &holder, &ibc, seconds, &quote.payouts)?;
            let ids = ids.iter().map(u64::to_string).collect::<Vec<_>>().join(",");
            Ok(res
                .add_messages(transfers)
                .add_attribute("recipient", ibc.receiver)
                .add_attribute("channel", ibc.channel)
                .add_attribute("payout_ids", ids))
        }
    }
}

/// The native payouts in one bank send (they come in storage-key order, so their denoms are
/// sorted and distinct, as a bank send requires), each cw20 payout a transfer of its own.
fn local_payout(recipient: &Addr, payouts: &[Payout]) -> Vec<CosmosMsg> {
    let mut coins = vec![];
    let mut msgs: Vec<CosmosMsg> = vec![];
    for p in payouts {
        match &p.asset {
            AssetInfo::Native { denom } => coins.push(Coin {
                denom: owned(denom),
                amount: p.amount,
            }),
            cw20 => msgs.push(cw20.transfer_msg(recipient, p.amount)),
        }
    }
    if !coins.is_empty() {
        msgs.insert(
            0,
            BankMsg::Send {
                to_address: owned(recipient.as_str()),
                amount: coins,
            }
            .into(),
        );
    }
    msgs
}
