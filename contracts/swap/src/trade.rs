//! Swaps: a bank coin sent with `swap`, or a cw20 sent with the `swap` hook, for the pool's
//! other asset.

use cosmwasm_std::{Addr, Decimal, DepsMut, Env, Response, Uint128, Uint256};
use mars_types::astroport::AssetInfo as PairAssetInfo;
use mars_types::curve::Swap;
use mars_types::swap::{DEFAULT_SLIPPAGE, MAX_ALLOWED_SLIPPAGE};
use mars_types::{AssetInfo, Rounding};

use crate::contract::checked_asset;
use crate::state::{Config, Pool};
use crate::ContractError;

/// What a swap message names besides the offer.
pub struct SwapArgs {
    pub ask_asset_info: Option<PairAssetInfo>,
    pub belief_price: Option<Decimal>,
    pub max_spread: Option<Decimal>,
    pub to: Option<String>,
}

/// A tolerance a message names, or the default, bounded by [`MAX_ALLOWED_SLIPPAGE`].
pub fn tolerance(what: &str, value: Option<Decimal>) -> Result<Decimal, ContractError> {
    let value = value.unwrap_or(DEFAULT_SLIPPAGE);
    if value > MAX_ALLOWED_SLIPPAGE {
        return Err(ContractError::ToleranceTooHigh {
            what: what.to_string(),
            value,
            max: MAX_ALLOWED_SLIPPAGE,
        });
    }
    Ok(value)
}

/// Astroport's spread check: against the trader's `belief_price` (offer per ask) when named,
/// else against the pool's price before the swap; the commission is not spread.
pub fn assert_max_spread(
    belief_price: Option<Decimal>,
    max_spread: Option<Decimal>,
    offer_amount: Uint128,
    swap: &Swap,
) -> Result<(), ContractError> {
    let max_spread = tolerance("max_spread", max_spread)?;
    let returned = swap.return_amount + swap.commission_amount;
    let (spread, expected) = match belief_price {
        Some(price) => {
            if price.is_zero() {
                return Err(ContractError::ZeroBeliefPrice {});
            }
            // offer ÷ price, rounded down
            let expected = Uint256::from(offer_amount)
                .checked_mul(Uint256::from(10u128.pow(Decimal::DECIMAL_PLACES)))?
                / Uint256::from(price.atomics());
            let expected = Uint128::try_from(expected).unwrap_or(Uint128::MAX);
            (expected.saturating_sub(returned), expected)
        }
        None => (swap.spread_amount, returned + swap.spread_amount),
    };
    if !spread.is_zero() && Decimal::from_ratio(spread, expected) > max_spread {
        return Err(ContractError::MaxSpreadAssertion {});
    }
    Ok(())
}

pub fn swap(
    deps: DepsMut,
    env: &Env,
    config: &Config,
    sender: Addr,
    offer: &AssetInfo,
    offer_amount: Uint128,
    args: SwapArgs,
) -> Result<Response, ContractError> {
    let i = config.index_of(offer)?;
    let j = 1 - i;
    if let Some(ask) = &args.ask_asset_info {
        if checked_asset(deps.as_ref(), ask)? != config.assets[j] {
            return Err(ContractError::AssetNotInPool {
                asset: ask.to_string(),
            });
        }
    }
    let receiver = match args.to {
        Some(to) => deps.api.addr_validate(&to)?,
        None => sender.clone(),
    };
    let mut pool = Pool::load(deps.storage)?;
    pool.accumulate(&config.curve, env.block.time.seconds())?;
    let swap = config
        .curve
        .swap(pool.reserves, i, offer_amount, config.fees.total_fee_bps)?;
    if swap.return_amount.is_zero() {
        return Err(ContractError::NothingReturned {});
    }
    assert_max_spread(args.belief_price, args.max_spread, offer_amount, &swap)?;

    let protocol_fee = match &config.fees.fee_address {
        Some(_) => config
            .fees
            .protocol_fee_bps
            .apply(swap.commission_amount, Rounding::Down),
        None => Uint128::zero(),
    };
    pool.reserves[i] += offer_amount;
    pool.reserves[j] -= swap.return_amount + protocol_fee;
    pool.save(deps.storage);

    let ask = &config.assets[j];
    let mut res = Response::new().add_message(ask.transfer_msg(&receiver, swap.return_amount));
    if let (Some(fee_address), false) = (&config.fees.fee_address, protocol_fee.is_zero()) {
        res = res.add_message(ask.transfer_msg(fee_address, protocol_fee));
    }
    Ok(res
        .add_attribute("action", "swap")
        .add_attribute("sender", sender)
        .add_attribute("receiver", receiver)
        .add_attribute("offer_asset", offer.to_string())
        .add_attribute("ask_asset", ask.to_string())
        .add_attribute("offer_amount", offer_amount)
        .add_attribute("return_amount", swap.return_amount)
        .add_attribute("spread_amount", swap.spread_amount)
        .add_attribute("commission_amount", swap.commission_amount)
        .add_attribute("maker_fee_amount", protocol_fee))
}
