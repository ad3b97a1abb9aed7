//! Minting: a deposit of one whitelisted asset, valued at the conservative oracle price, buys
//! USDm less the asset's mint fee. The fee stays in the vault as surplus.

use cosmwasm_std::{to_json_binary, Addr, Decimal, Deps, DepsMut, Env, Response, Uint128, WasmMsg};
use cw20::Cw20ExecuteMsg;
use mars_types::value::amount_to_value;
use mars_types::vault::SimulateMintResponse;
use mars_types::{AssetInfo, Rounding};

use crate::holdings::{usdm_supply, Holdings};
use crate::limits::{self, LimitsUse};
use crate::state::{AssetRecord, ASSETS, CONFIG, PAUSES, TIER_CAPS, USDM};
use crate::{recipient_or, ContractError};

pub struct MintPlan {
    pub key: String,
    /// The asset's record after the mint.
    pub record: AssetRecord,
    /// The mint throttle's account after the mint.
    pub limits: LimitsUse,
    pub quote: SimulateMintResponse,
}

/// Everything a mint of `amount` of `asset` would do now, or the error it would return. The
/// deposit is not yet counted in the vault's accounts.
pub fn plan(
    deps: Deps,
    env: &Env,
    asset: &AssetInfo,
    amount: Uint128,
) -> Result<MintPlan, ContractError> {
    let asset_name = || asset.to_string();
    if amount.is_zero() {
        return Err(ContractError::ZeroAmount {});
    }
    if PAUSES.load(deps.storage)?.mint {
        return Err(ContractError::MintPaused {});
    }
    let config = CONFIG.load(deps.storage)?;
    let holdings = Holdings::load(deps, &config.oracle, Some(asset))?;
    let index = holdings.position(asset)?;
    let holding = &holdings.items[index];
    let mut record = holding.record.clone();
    if !record.params.mint_enabled {
        return Err(ContractError::MintDisabled {
            asset: asset_name(),
        });
    }
    if record.mint_paused {
        return Err(ContractError::AssetMintPaused {
            asset: asset_name(),
        });
    }
    let price = holding
        .price
        .as_ref()
        .expect("the minted asset is always priced")
        .mint_price();
    if price.is_zero() {
        return Err(ContractError::ZeroPrice {
            asset: asset_name(),
        });
    }

    // the deposit's value rounds down and the fee up: both favour the vault
    let value = amount_to_value(amount, record.params.decimals, price, Rounding::Down)?;
    let fee = record.params.mint_fee.apply(value, Rounding::Up);
    let usdm_out = value - fee;
    if usdm_out.is_zero() {
        return Err(ContractError::ZeroOutput {});
    }

    record.liquid = record.liquid.checked_add(amount)?;
    holdings.check_caps(
        index,
        record.held(),
        &TIER_CAPS.load(deps.storage)?,
        config.cap_floor,
    )?;

    // below full collateral a minter would pay $1 for USDm that redeems for less the moment it
    // exists: the ratio after the mint, at deposit prices, must be at least 1
    let supply = usdm_supply(deps)?;
    let supply_after = supply.checked_add(usdm_out)?;
    let backing = holdings.conservative_value(index, record.held())?;
    let collateral_ratio = Decimal::checked_from_ratio(backing, supply_after)?;
    if backing < supply_after {
        return Err(ContractError::Undercollateralized {
            collateral_ratio,
            backing,
            supply_after,
        });
    }

    let limits = limits::use_mint(deps.storage, env.block.time.seconds(), usdm_out, supply)?;

    Ok(MintPlan {
        key: holding.key.clone(),
        record,
        limits,
        quote: SimulateMintResponse {
            price,
            value,
            fee,
            usdm_out,
            collateral_ratio,
        },
    })
}

/// Mints for a deposit of `amount` of `asset` that the vault has already received.
pub fn mint(
    deps: DepsMut,
    env: &Env,
    sender: Addr,
    asset: AssetInfo,
    amount: Uint128,
    recipient: Option<String>,
    min_out: Option<Uint128>,
) -> Result<Response, ContractError> {
    let recipient = recipient_or(deps.api, recipient, &sender)?;
    let MintPlan {
        key,
        record,
        limits,
        quote,
    } = plan(deps.as_ref(), env, &asset, amount)?;
    if let Some(min_out) = min_out {
        if quote.usdm_out < min_out {
            return Err(ContractError::MinOutNotMet {
                asset: "usdm".to_string(),
                amount: quote.usdm_out,
                min_out,
            });
        }
    }

    ASSETS.save(deps.storage, &key, &record)?;
    let throttle = limits.save(deps.storage)?;

    let usdm = USDM.load(deps.storage)?;
    let mint_msg = WasmMsg::Execute {
        contract_addr: usdm.into_string(),
        msg: to_json_binary(&Cw20ExecuteMsg::Mint {
            recipient: recipient.to_string(),
            amount: quote.usdm_out,
        })?,
        funds: vec![],
    };
    Ok(Response::new()
        .add_message(mint_msg)
        .add_attribute("action", "mint")
        .add_attribute("asset", asset.to_string())
        .add_attribute("amount", amount)
        .add_attribute("price", quote.price.to_string())
        .add_attribute("value", quote.value)
        .add_attribute("fee", quote.fee)
        .add_attribute("usdm_out", quote.usdm_out)
        .add_attribute("sender", sender)
        .add_attribute("recipient", recipient)
        .add_attributes(throttle))
}
