//! Minting: a deposit of one whitelisted asset, valued at the conservative oracle price, buys
//! USDm less the asset's mint fee. The fee stays in the vault as surplus.

use cosmwasm_std::{Addr, Decimal, Deps, DepsMut, Env, Response, Uint128, WasmMsg};
use mars_entry::json::{owned, u128_string};
use mars_types::usdm;
use mars_types::value::amount_to_value;
use mars_types::vault::SimulateMintResponse;
use mars_types::{AssetInfo, Rounding};

use crate::holdings::{usdm_supply, Holdings};
use crate::limits;
use crate::state::{Accounts, Settings};
use crate::{recipient_or, ContractError};

pub struct MintPlan {
    /// The vault's accounts after the mint: the deposit and the mint throttle.
    pub accounts: Accounts,
    pub quote: SimulateMintResponse,
}

/// Everything a mint of `amount` of `asset` would do now, or the error it would return. The
/// deposit is not yet counted in the vault's accounts.
pub fn plan(
    deps: Deps,
    env: &Env,
    settings: &Settings,
    asset: &AssetInfo,
    amount: Uint128,
) -> Result<MintPlan, ContractError> {
    let asset_name = || asset.to_string();
    if amount.is_zero() {
        return Err(ContractError::ZeroAmount {});
    }
    if settings.pauses.mint {
        return Err(ContractError::MintPaused {});
    }
    let index = settings
        .position(asset)
        .ok_or_else(|| ContractError::AssetNotWhitelisted {
            asset: asset_name(),
        })?;
    let config = &settings.assets[index];
    if !config.params.mint_enabled {
        return Err(ContractError::MintDisabled {
            asset: asset_name(),
        });
    }
    if config.mint_paused {
        return Err(ContractError::AssetMintPaused {
            asset: asset_name(),
        });
    }
    let now = env.block.time.seconds();
    let accounts = Accounts::load(deps.storage)?;
    let holdings = Holdings::load(deps, now, settings, &accounts, Some(index))?;
    let price = holdings.quote(index).mint;
    if price.is_zero() {
        return Err(ContractError::ZeroPrice {
            asset: asset_name(),
        });
    }

    // the deposit's value rounds down and the fee up: both favour the vault
    let value = amount_to_value(amount, config.params.decimals, price, Rounding::Down)?;
    let fee = config.params.mint_fee.apply(value, Rounding::Up);
    let usdm_out = value - fee;
    if usdm_out.is_zero() {
        return Err(ContractError::ZeroOutput {});
    }

    let mut after = accounts.clone();
    let account = &mut after.assets[index];
    account.liquid = account.liquid.checked_add(amount)?;
    let held = account.held();
    holdings.check_caps(index, held)?;

    // below full collateral a minter would pay $1 for USDm that redeems for less the moment it
    // exists: the ratio after the mint, at deposit prices, must be at least 1
    // USDm the vault has in pools does not circulate: it counts in neither the ratio nor the
    // limits
    let supply = holdings.circulating(usdm_supply(deps, settings)?);
    let supply_after = supply.checked_add(usdm_out)?;
    let backing = holdings.conservative_value(index, held)?;
    let collateral_ratio = Decimal::checked_from_ratio(backing, supply_after)?;
    if backing < supply_after {
        return Err(ContractError::Undercollateralized {
            collateral_ratio,
            backing,
            supply_after,
        });
    }

    limits::use_mint(&settings.limits, &mut after.mint, now, usdm_out, supply)?;

    Ok(MintPlan {
        accounts: after,
        quote: SimulateMintResponse {
            price,
            value,
            fee,
            usdm_out,
            collateral_ratio,
        },
    })
}

/// Mints for a deposit of `amount` of a whitelisted native `asset` that the vault has already
/// received.
pub fn mint(
    deps: DepsMut,
    env: &Env,
    sender: Addr,
    asset: AssetInfo,
    amount: Uint128,
    recipient: Option<String>,
    min_out: Option<Uint128>,
) -> Result<Response, ContractError> {
    let settings = Settings::load(deps.storage)?;
    let deposit = Deposit {
        recipient: recipient_or(deps.api, recipient, &sender)?,
        sender: sender.into_string(),
        asset,
        amount,
        min_out,
    };
    mint_with(deps, env, &settings, deposit)
}

/// Mints for `amount` of the cw20 `token` that `sender` sent to the vault; a token that is not
/// whitelisted is refused as unexpected.
pub fn mint_cw20(
    deps: DepsMut,
    env: &Env,
    token: Addr,
    sender: Addr,
    amount: Uint128,
    recipient: Option<String>,
    min_out: Option<Uint128>,
) -> Result<Response, ContractError> {
    let settings = Settings::load(deps.storage)?;
    let asset = AssetInfo::Cw20 {
        contract_addr: token,
    };
    if settings.position(&asset).is_none() {
        return Err(ContractError::UnexpectedCw20 {
            token: asset.to_string(),
        });
    }
    let deposit = Deposit {
        recipient: recipient_or(deps.api, recipient, &sender)?,
        sender: sender.into_string(),
        asset,
        amount,
        min_out,
    };
    mint_with(deps, env, &settings, deposit)
}

/// A deposit the vault has received and what its sender asked for.
pub struct Deposit {
    /// Who sent it: an address of this chain, or of the source chain of an IBC transfer.
    pub sender: String,
    pub asset: AssetInfo,
    pub amount: Uint128,
    /// Who receives the USDm.
    pub recipient: Addr,
    pub min_out: Option<Uint128>,
}

/// Mints USDm for a deposit, after every check of [`plan`] and the depositor's `min_out`.
pub fn mint_with(
    deps: DepsMut,
    env: &Env,
    settings: &Settings,
    deposit: Deposit,
) -> Result<Response, ContractError> {
    let Deposit {
        sender,
        asset,
        amount,
        recipient,
        min_out,
    } = deposit;
    let MintPlan { accounts, quote } = plan(deps.as_ref(), env, settings, &asset, amount)?;
    if let Some(min_out) = min_out {
        if quote.usdm_out < min_out {
            return Err(ContractError::MinOutNotMet {
                asset: "usdm".to_string(),
                amount: quote.usdm_out,
                min_out,
            });
        }
    }
    accounts.save(deps.storage)?;

    let mint_msg = WasmMsg::Execute {
        contract_addr: owned(settings.usdm()?.as_str()),
        msg: usdm::mint_msg(recipient.as_str(), quote.usdm_out),
        funds: vec![],
    };
    // what indexers need; the price, the value and the throttles are in the queries (strings
    // written without `fmt`: see `mars_entry::json::owned`)
    Ok(Response::new()
        .add_message(mint_msg)
        .add_attribute("action", "mint")
        .add_attribute("asset", asset.storage_key())
        .add_attribute("amount", u128_string(amount.u128()))
        .add_attribute("usdm_out", u128_string(quote.usdm_out.u128()))
        .add_attribute("fee", u128_string(quote.fee.u128()))
        .add_attribute("sender", sender)
        .add_attribute("recipient", recipient))
}
