//! Staking XMS for voting power, and unbonding it.

use cosmwasm_std::{Addr, DepsMut, Env, OverflowError, Response, Storage, Uint128};
use cw20::Expiration;
use mars_types::governance::MAX_CLAIMS;

use crate::reserves::{owe, settle, xms_transfer};
use crate::state::{CLAIMS, CONFIG, STAKED, TOTAL_STAKED, TOTAL_UNBONDING};
use crate::ContractError;

/// Applies `change` to `staker`'s stake and to the total, as of block `height`. Returns the new
/// stake and total.
fn change_stake(
    storage: &mut dyn Storage,
    staker: &Addr,
    height: u64,
    change: impl Fn(Uint128) -> Result<Uint128, OverflowError>,
) -> Result<(Uint128, Uint128), ContractError> {
    let apply = |old: Option<Uint128>| -> Result<Uint128, ContractError> {
        Ok(change(old.unwrap_or_default())?)
    };
    let staked = STAKED.update(storage, staker, height, apply)?;
    let total = TOTAL_STAKED.update(storage, height, apply)?;
    Ok((staked, total))
}

/// XMS sent by `staker` through the cw20 hook; counts from the next block on.
pub fn stake(
    deps: DepsMut,
    env: &Env,
    staker: Addr,
    amount: Uint128,
) -> Result<Response, ContractError> {
    let (staked, total) = change_stake(deps.storage, &staker, env.block.height, |s| {
        s.checked_add(amount)
    })?;
    Ok(Response::new()
        .add_attribute("action", "stake")
        .add_attribute("staker", staker)
        .add_attribute("amount", amount)
        .add_attribute("staked", staked)
        .add_attribute("total_staked", total))
}

pub fn unstake(
    deps: DepsMut,
    env: &Env,
    staker: Addr,
    amount: Uint128,
) -> Result<Response, ContractError> {
    if amount.is_zero() {
        return Err(ContractError::ZeroAmount {});
    }
    let staked = STAKED.may_load(deps.storage, &staker)?.unwrap_or_default();
    if amount > staked {
        return Err(ContractError::InsufficientStake {
            staked,
            requested: amount,
        });
    }
    if CLAIMS.query_claims(deps.as_ref(), &staker)?.claims.len() >= MAX_CLAIMS {
        return Err(ContractError::TooManyClaims {
            staker,
            max: MAX_CLAIMS,
        });
    }
    let (staked, total) = change_stake(deps.storage, &staker, env.block.height, |s| {
        s.checked_sub(amount)
    })?;
    let release_at = env
        .block
        .time
        .plus_seconds(CONFIG.load(deps.storage)?.periods.unbonding);
    CLAIMS.create_claim(
        deps.storage,
        &staker,
        amount,
        Expiration::AtTime(release_at),
    )?;
    owe(deps.storage, &TOTAL_UNBONDING, amount)?;
    Ok(Response::new()
        .add_attribute("action", "unstake")
        .add_attribute("staker", staker)
        .add_attribute("amount", amount)
        .add_attribute("staked", staked)
        .add_attribute("total_staked", total)
        .add_attribute("release_at", release_at.seconds().to_string()))
}

/// Pays `staker` every matured claim.
pub fn claim(deps: DepsMut, env: &Env, staker: Addr) -> Result<Response, ContractError> {
    let amount = CLAIMS.claim_tokens(deps.storage, &staker, &env.block, None)?;
    if amount.is_zero() {
        return Err(ContractError::NothingToClaim {});
    }
    settle(deps.storage, &TOTAL_UNBONDING, amount)?;
    let xms = CONFIG.load(deps.storage)?.xms_token;
    Ok(Response::new()
        .add_message(xms_transfer(&xms, &staker, amount)?)
        .add_attribute("action", "claim")
        .add_attribute("staker", staker)
        .add_attribute("amount", amount))
}
