use cosmwasm_std::{
    from_json, to_json_binary, Binary, Coin, Deps, DepsMut, Env, IbcBasicResponse,
    IbcDestinationCallbackMsg, IbcSourceCallbackMsg, MessageInfo, Reply, Response, StdResult,
    SubMsg,
};
use cw20::Cw20ReceiveMsg;
use cw_utils::{nonpayable, PaymentError};
use mars_types::migrate::upgrade_contract_version;
use mars_types::usdm::{instantiated_address, NewToken};
use mars_types::vault::{
    validate_fee, ExecuteMsg, InstantiateMsg, MigrateMsg, ParamsError, Pauses, QueryMsg, ReceiveMsg,
};
use mars_types::AssetInfo;

use crate::state::{Accounts, Settings};
use crate::whitelist::validate_max_assets;
use crate::{
    claims, ibc, lending, migration, mint, pause, payouts, pools, provide, query, redeem, staking,
    stray, whitelist, withdraw_liquidity, ContractError,
};

pub const CONTRACT_NAME: &str = "crates.io:mars-vault";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

const INSTANTIATE_USDM_REPLY: u64 = 1;

pub fn instantiate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    let owner = cw_ownable::initialize_owner(deps.storage, deps.api, Some(&msg.owner))?
        .owner
        .expect("just set");
    msg.tier_caps.validate().map_err(ParamsError::from)?;
    validate_max_assets(msg.max_assets)?;
    validate_fee("proportional redeem", msg.proportional_redeem_fee)?;
    msg.limits.validate()?;
    let settings = Settings {
        oracle: deps.api.addr_validate(&msg.oracle)?,
        usdm: None,
        guardian: msg
            .guardian
            .map(|g| deps.api.addr_validate(&g))
            .transpose()?,
        cap_floor: msg.cap_floor,
        max_assets: msg.max_assets,
        proportional_redeem_fee: msg.proportional_redeem_fee,
        pauses: Pauses::default(),
        tier_caps: msg.tier_caps,
        limits: msg.limits,
        assets: vec![],
    };
    settings.save(deps.storage)?;
    Accounts::default().save(deps.storage)?;

    // the vault creates its token with itself as the only minter and the owner as wasm admin
    let token = NewToken {
        code_id: msg.usdm.code_id,
        name: msg.usdm.name,
        symbol: msg.usdm.symbol,
        label: msg.usdm.label,
        marketing: msg.usdm.marketing,
        admin: Some(owner.to_string()),
    }
    .instantiate_msg(&env.contract.address)?;
    Ok(Response::new()
        .add_submessage(SubMsg::reply_on_success(token, INSTANTIATE_USDM_REPLY))
        .add_attribute("action", "instantiate")
        .add_attribute("owner", owner)
        .add_attribute("oracle", settings.oracle))
}

pub fn reply(deps: DepsMut, env: Env, reply: Reply) -> Result<Response, ContractError> {
    match reply.id {
        INSTANTIATE_USDM_REPLY => usdm_instantiated(deps, reply),
        provide::PROVIDE_REPLY => provide::reply(deps, &env, reply),
        withdraw_liquidity::WITHDRAW_REPLY => withdraw_liquidity::reply(deps, &env, reply),
        staking::STAKING_REPLY => staking::reply(deps, &env, reply),
        lending::LENDING_REPLY => lending::reply(deps, &env, reply),
        id => Err(ContractError::UnknownReply { id }),
    }
}

fn usdm_instantiated(deps: DepsMut, reply: Reply) -> Result<Response, ContractError> {
    let addr = instantiated_address(deps.api, reply)?;
    let mut settings = Settings::load(deps.storage)?;
    settings.usdm = Some(addr.clone());
    settings.save(deps.storage)?;
    Ok(Response::new()
        .add_attribute("action", "usdm_instantiated")
        .add_attribute("usdm", addr))
}

// the entry points are exported by `mars_entry`, which reads what the VM hands them and
// writes their answers without serde (contract messages are read by serde)
#[cfg(not(feature = "library"))]
mars_entry::entry_points!(
    instantiate: instantiate,
    execute: execute,
    query: query,
    migrate: migrate,
    reply: reply,
    ibc_source_callback: ibc_source_callback,
    ibc_destination_callback: ibc_destination_callback,
);

pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    match msg {
        ExecuteMsg::Mint { recipient, min_out } => {
            let coin = one_coin(info.funds)?;
            let asset = AssetInfo::Native { denom: coin.denom };
            mint::mint(
                deps,
                &env,
                info.sender,
                asset,
                coin.amount,
                recipient,
                min_out,
            )
        }
        ExecuteMsg::Receive(msg) => {
            nonpayable(&info)?;
            receive(deps, &env, info, msg)
        }
        ExecuteMsg::BurnStrayUsdm {} => {
            nonpayable(&info)?;
            stray::burn_stray_usdm(deps, &env, &info.sender)
        }
        ExecuteMsg::WithdrawClaims {} => {
            nonpayable(&info)?;
            claims::withdraw(deps.storage, &info.sender)
        }
        ExecuteMsg::Undelegate { validator, amount } => {
            nonpayable(&info)?;
            staking::undelegate(deps, &env, &info.sender, validator, amount)
        }
        ExecuteMsg::LendingWithdraw {
            market,
            denom,
            amount,
        } => {
            nonpayable(&info)?;
            lending::withdraw(deps, &env, &info.sender, market, denom, amount)
        }
        ExecuteMsg::ClaimUnbonded {} => {
            nonpayable(&info)?;
            staking::claim(deps, &env)
        }
        ExecuteMsg::WithdrawRewards {} => {
            nonpayable(&info)?;
            staking::withdraw_rewards(deps, &env)
        }
        ExecuteMsg::Pause { target } => {
            nonpayable(&info)?;
            pause::set_pause(deps, &info.sender, target, true)
        }
        ExecuteMsg::Unpause { target } => {
            nonpayable(&info)?;
            pause::set_pause(deps, &info.sender, target, false)
        }
        ExecuteMsg::UpdateOwnership(action) => {
            nonpayable(&info)?;
            let ownership = cw_ownable::update_ownership(deps, &env.block, &info.sender, action)?;
            Ok(Response::new()
                .add_attribute("action", "update_ownership")
                .add_attributes(ownership.into_attributes()))
        }
        owner_msg => {
            nonpayable(&info)?;
            cw_ownable::assert_owner(deps.storage, &info.sender)?;
            match owner_msg {
                ExecuteMsg::AddAsset { params } => whitelist::add_asset(deps, params),
                ExecuteMsg::UpdateAsset { asset, update } => {
                    whitelist::update_asset(deps, asset, update)
                }
                ExecuteMsg::RemoveAsset { asset } => whitelist::remove_asset(deps, asset),
                ExecuteMsg::SetTierCaps { caps } => whitelist::set_tier_caps(deps, caps),
                ExecuteMsg::UpdateConfig(update) => whitelist::update_config(deps, update),
                ExecuteMsg::SetStaking { params } => staking::set(deps, params),
                ExecuteMsg::SetLending {
                    market,
                    denom,
                    params,
                } => lending::set(deps, &env, market, denom, params),
                ExecuteMsg::LendingDeposit {
                    market,
                    denom,
                    amount,
                } => lending::deposit(deps, market, denom, amount),
                ExecuteMsg::Delegate { validator, amount } => {
                    staking::delegate(deps, &env, validator, amount)
                }
                ExecuteMsg::RegisterPool { pair, params } => pools::register(deps, pair, params),
                ExecuteMsg::UpdatePool { pair, params } => pools::update(deps, pair, params),
                ExecuteMsg::RemovePool { pair } => pools::remove(deps, pair),
                ExecuteMsg::ProvideLiquidity {
                    pair,
                    asset_amount,
                    min_lp,
                } => provide::provide(deps, &env, pair, asset_amount, min_lp),
                ExecuteMsg::WithdrawLiquidity {
                    pair,
                    lp_amount,
                    min_asset,
                    min_usdm,
                } => withdraw_liquidity::withdraw(deps, &env, pair, lp_amount, min_asset, min_usdm),
                _ => unreachable!("user and guardian messages are dispatched above"),
            }
        }
    }
}

/// The one coin sent, with `cw_utils::one_coin`'s checks and errors, taken instead of cloned (a
/// clone copies the denom a byte a step in the prebuilt standard library).
fn one_coin(funds: Vec<Coin>) -> Result<Coin, PaymentError> {
    match <[Coin; 1]>::try_from(funds) {
        Ok([coin]) if !coin.amount.is_zero() => Ok(coin),
        Ok(_) => Err(PaymentError::NoFunds {}),
        Err(funds) if funds.is_empty() => Err(PaymentError::NoFunds {}),
        Err(_) => Err(PaymentError::MultipleDenoms {}),
    }
}

/// cw20 `Send` to the vault: mints from whitelisted cw20s, redemptions from USDm only.
fn receive(
    deps: DepsMut,
    env: &Env,
    info: MessageInfo,
    msg: Cw20ReceiveMsg,
) -> Result<Response, ContractError> {
    let holder = deps.api.addr_validate(&msg.sender)?;
    match from_json(&msg.msg)? {
        ReceiveMsg::Mint { recipient, min_out } => mint::mint_cw20(
            deps,
            env,
            info.sender,
            holder,
            msg.amount,
            recipient,
            min_out,
        ),
        ReceiveMsg::Redeem {
            mode,
            recipient,
            ibc,
        } => redeem::redeem(
            deps,
            env,
            &info.sender,
            holder,
            msg.amount,
            mode,
            (recipient, ibc),
        ),
    }
}

pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
    match msg {
        QueryMsg::Config {} => to_json_binary(&query::config(deps)?),
        QueryMsg::Asset { asset } => to_json_binary(&query::asset(deps, asset)?),
        QueryMsg::Assets { start_after, limit } => {
            to_json_binary(&query::assets(deps, start_after, limit)?)
        }
        QueryMsg::Tiers {} => to_json_binary(&Settings::load(deps.storage)?.tier_caps),
        QueryMsg::State {} => to_json_binary(&query::state_query(deps, &env)?),
        QueryMsg::SimulateMint { asset, amount } => {
            to_json_binary(&query::simulate_mint(deps, &env, asset, amount)?)
        }
        QueryMsg::SimulateRedeem { amount, mode } => {
            to_json_binary(&query::simulate_redeem(deps, &env, amount, mode)?)
        }
        QueryMsg::Lending {} => to_json_binary(&lending::query(deps, &env)?),
        QueryMsg::Staking {} => to_json_binary(&query::staking(deps, &env)?),
        QueryMsg::Pools {} => to_json_binary(&query::pools(deps, &env)?),
        QueryMsg::Pool { pair } => to_json_binary(&query::pool(deps, &env, pair)?),
        QueryMsg::Claims { owner } => to_json_binary(&claims::query(
            deps.storage,
            deps.api.addr_validate(&owner)?,
        )?),
        QueryMsg::IbcPayouts {
            redeemer,
            start_after,
            limit,
        } => {
            let redeemer = redeemer.map(|r| deps.api.addr_validate(&r)).transpose()?;
            to_json_binary(&payouts::list(deps.storage, redeemer, start_after, limit)?)
        }
        QueryMsg::Ownership {} => to_json_binary(&cw_ownable::get_ownership(deps.storage)?),
    }
}

/// Called by wasmd's IBC callbacks middleware after an ICS-20 transfer whose memo names the
/// vault as its `dest_callback` has credited the coins: mints USDm for them to the memo's
/// beneficiary, or fails so that the transfer is refunded on the source chain.
pub fn ibc_destination_callback(
    deps: DepsMut,
    env: Env,
    msg: IbcDestinationCallbackMsg,
) -> Result<IbcBasicResponse, ContractError> {
    ibc::destination_callback(deps, &env, msg)
}

/// Called by wasmd's IBC callbacks middleware when a redemption's transfer to another chain is
/// acknowledged or times out: settles the payout, crediting a refunded one to its redeemer's
/// claims. Ignores packets that are not the vault's open payouts.
pub fn ibc_source_callback(
    deps: DepsMut,
    env: Env,
    msg: IbcSourceCallbackMsg,
) -> Result<IbcBasicResponse, ContractError> {
    ibc::source_callback(deps, &env, msg)
}

pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> Result<Response, ContractError> {
    upgrade_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    let converted = migration::from_json_layout(deps.storage)?;
    Ok(Response::new()
        .add_attribute("action", "migrate")
        .add_attribute("version", CONTRACT_VERSION)
        .add_attribute("storage_converted", converted.to_string()))
}
