//! Deposits of idle native assets into lending markets on Mars Protocol's red-bank interface
//! ([`mars_types::red_bank`]). A deposit is **deployed** at its principal: held, valued at cost,
//! never paid to redeemers. A withdrawal lowers the principal by the withdrawn share of what
//! the market reports the deposit worth, and credits what arrives, counted by the vault's
//! balance in a reply: interest becomes surplus, a shortfall a loss (surplus first, then every
//! redeemer alike). A market that lacks the cash refuses the withdrawal, and the transaction
//! with it. Anyone may withdraw while the asset's liquid share is below its floor, no more than
//! what restores it.

use cosmwasm_std::{
    Addr, Coin, Deps, DepsMut, Env, Reply, Response, StdError, StdResult, Storage, SubMsg, Uint128,
    WasmMsg,
};
use mars_types::codec::{Reader, Writer};
use mars_types::red_bank::lean;
use mars_types::treasury::{LendingParams, LendingResponse, MAX_MARKETS};
use mars_types::value::mul_div;
use mars_types::{AssetInfo, Bps, Rounding, Tier};

use crate::pending::{Balances, Pending};
use crate::pools::{deploy, floor_shortfall, Pools};
use crate::state::{Accounts, Settings};
use crate::ContractError;

pub const LENDING_REPLY: u64 = 5;

const LENDING_KEY: &[u8] = b"lending";
const LENDING_VERSION: u8 = 1;

/// A market the vault deposits one asset into.
#[derive(Clone, Debug, PartialEq)]
pub struct Market {
    pub market: Addr,
    pub denom: String,
    pub params: LendingParams,
    pub principal: Uint128,
}

fn load(storage: &dyn Storage) -> StdResult<Vec<Market>> {
    let Some(raw) = storage.get(LENDING_KEY) else {
        return Ok(vec![]);
    };
    let mut r = Reader::new(&raw, "vault lending", LENDING_VERSION)?;
    let bps = |r: &mut Reader| -> StdResult<Bps> {
        Bps::new(r.u16()?).map_err(|_| StdError::parse_err("vault lending", "basis points"))
    };
    let mut markets = vec![];
    while !r.is_empty() {
        markets.push(Market {
            market: Addr::unchecked(r.str()?),
            denom: r.str()?.to_string(),
            params: LendingParams {
                max_deployed_bps: bps(&mut r)?,
                min_liquid_bps: bps(&mut r)?,
            },
            principal: r.uint128()?,
        });
    }
    Ok(markets)
}

fn save(storage: &mut dyn Storage, markets: &[Market]) -> StdResult<()> {
    let mut w = Writer::with_version(LENDING_VERSION);
    for m in markets {
        w.str(m.market.as_str())?
            .str(&m.denom)?
            .u16(m.params.max_deployed_bps.get())
            .u16(m.params.min_liquid_bps.get())
            .uint128(m.principal);
    }
    storage.set(LENDING_KEY, &w.finish());
    Ok(())
}

fn find(markets: &[Market], market: &Addr, denom: &str) -> Result<usize, ContractError> {
    markets
        .iter()
        .position(|m| m.market == *market && m.denom == denom)
        .ok_or_else(|| ContractError::UnknownMarket {
            market: market.to_string(),
            denom: denom.to_string(),
        })
}

/// What `market` reports the vault's deposit of `denom` worth.
fn deposited(deps: Deps, vault: &Addr, market: &Addr, denom: &str) -> Option<Uint128> {
    let query = lean::user_collateral_query(vault.as_str(), denom);
    let raw = mars_entry::raw::smart(&deps.querier, market.as_str(), &query).ok()?;
    lean::read_collateral(&raw)
}

/// The asset's whitelist index, native and not tier 5.
fn asset_index(settings: &Settings, denom: &str) -> Result<usize, ContractError> {
    let asset = AssetInfo::Native {
        denom: denom.to_string(),
    };
    let index = settings
        .position(&asset)
        .ok_or_else(|| ContractError::AssetNotWhitelisted {
            asset: asset.to_string(),
        })?;
    if settings.assets[index].params.tier == Tier::Governance {
        return Err(ContractError::InvalidLendingParams {
            reason: "a tier 5 asset is not lent".into(),
        });
    }
    Ok(index)
}

pub fn set(
    deps: DepsMut,
    env: &Env,
    market: String,
    denom: String,
    params: LendingParams,
) -> Result<Response, ContractError> {
    if params.max_deployed_bps.is_zero() {
        return Err(ContractError::InvalidLendingParams {
            reason: "max_deployed_bps must be positive".into(),
        });
    }
    let market = deps.api.addr_validate(&market)?;
    asset_index(&Settings::load(deps.storage)?, &denom)?;
    if deposited(deps.as_ref(), &env.contract.address, &market, &denom).is_none() {
        return Err(ContractError::NotALendingMarket {
            market: market.to_string(),
        });
    }
    let mut markets = load(deps.storage)?;
    match find(&markets, &market, &denom) {
        Ok(i) => markets[i].params = params,
        Err(_) if markets.len() >= MAX_MARKETS => {
            return Err(ContractError::TooManyMarkets { max: MAX_MARKETS })
        }
        Err(_) => markets.push(Market {
            market: market.clone(),
            denom: denom.clone(),
            params,
            principal: Uint128::zero(),
        }),
    }
    save(deps.storage, &markets)?;
    Ok(Response::new()
        .add_attribute("action", "set_lending")
        .add_attribute("market", market)
        .add_attribute("denom", denom))
}

pub fn deposit(
    deps: DepsMut,
    market: String,
    denom: String,
    amount: Uint128,
) -> Result<Response, ContractError> {
    if amount.is_zero() {
        return Err(ContractError::ZeroAmount {});
    }
    let market = deps.api.addr_validate(&market)?;
    let mut markets = load(deps.storage)?;
    let i = find(&markets, &market, &denom)?;
    let settings = Settings::load(deps.storage)?;
    let mut accounts = Accounts::load(deps.storage)?;
    let index = asset_index(&settings, &denom)?;
    let asset = settings.assets[index].params.asset.clone();
    let pools = Pools::load(deps.storage)?;
    deploy(
        &pools,
        &asset,
        &mut accounts.assets[index],
        amount,
        markets[i].params.max_deployed_bps,
    )?;
    markets[i].principal = markets[i].principal.checked_add(amount)?;
    let principal = markets[i].principal;
    accounts.save(deps.storage)?;
    save(deps.storage, &markets)?;
    Ok(Response::new()
        .add_message(WasmMsg::Execute {
            contract_addr: market.to_string(),
            msg: lean::DEPOSIT.into(),
            funds: vec![Coin::new(amount, denom.as_str())],
        })
        .add_attribute("action", "strategy_deposit")
        .add_attribute("market", market)
        .add_attribute("denom", denom)
        .add_attribute("amount", amount)
        .add_attribute("principal_after", principal))
}

pub fn withdraw(
    deps: DepsMut,
    env: &Env,
    sender: &Addr,
    market: String,
    denom: String,
    amount: Uint128,
) -> Result<Response, ContractError> {
    if amount.is_zero() {
        return Err(ContractError::ZeroAmount {});
    }
    let market = deps.api.addr_validate(&market)?;
    let mut markets = load(deps.storage)?;
    let i = find(&markets, &market, &denom)?;
    let vault = &env.contract.address;
    let worth = deposited(deps.as_ref(), vault, &market, &denom).ok_or_else(|| {
        ContractError::NotALendingMarket {
            market: market.to_string(),
        }
    })?;
    if amount > worth {
        return Err(ContractError::LendingAboveDeposit {
            market: market.to_string(),
            amount,
            deposited: worth,
        });
    }
    let settings = Settings::load(deps.storage)?;
    let mut accounts = Accounts::load(deps.storage)?;
    let index = asset_index(&settings, &denom)?;
    let amount = if cw_ownable::is_owner(deps.storage, sender)? {
        amount
    } else {
        // anyone may restore the floor, no more
        let shortfall = floor_shortfall(
            &Pools::load(deps.storage)?,
            &settings.assets[index].params.asset,
            &accounts.assets[index],
            markets[i].params.min_liquid_bps,
            Uint128::zero(),
        )?;
        amount.min(shortfall)
    };
    // the withdrawn share of the deposit's worth takes the same share of its principal
    let m = &mut markets[i];
    let principal_out = mul_div(m.principal, amount, worth, Rounding::Up)?.min(m.principal);
    m.principal -= principal_out;
    let account = &mut accounts.assets[index];
    account.deployed = account.deployed.checked_sub(principal_out)?;
    Pending {
        pool: i,
        before: Balances {
            asset: mars_entry::raw::bank_balance(&deps.querier, vault.as_str(), &denom)?,
            ..Balances::default()
        },
        sent: Balances {
            asset: amount,
            usdm: principal_out,
            ..Balances::default()
        },
        min: Balances::default(),
    }
    .start(deps.storage)?;
    accounts.save(deps.storage)?;
    save(deps.storage, &markets)?;
    let msg = WasmMsg::Execute {
        contract_addr: market.to_string(),
        msg: lean::withdraw_msg(&denom, amount),
        funds: vec![],
    };
    Ok(Response::new()
        .add_submessage(SubMsg::reply_on_success(msg, LENDING_REPLY))
        .add_attribute("action", "strategy_withdraw")
        .add_attribute("market", market)
        .add_attribute("denom", denom)
        .add_attribute("amount", amount)
        .add_attribute("principal_out", principal_out)
        .add_attribute("sender", sender.as_str()))
}

/// After the market paid: what arrived, by the vault's balance, is liquid; against the
/// principal it took, the rest is interest or a loss.
pub fn reply(deps: DepsMut, env: &Env, _reply: Reply) -> Result<Response, ContractError> {
    let Pending {
        pool: i,
        before,
        sent,
        ..
    } = Pending::take(deps.storage)?;
    let markets = load(deps.storage)?;
    let denom = &markets[i].denom;
    let now = mars_entry::raw::bank_balance(&deps.querier, env.contract.address.as_str(), denom)?;
    let received = now
        .checked_sub(before.asset)
        .map_err(|_| ContractError::StrategyMisbehaved {})?;
    let settings = Settings::load(deps.storage)?;
    let mut accounts = Accounts::load(deps.storage)?;
    let index = asset_index(&settings, denom)?;
    let account = &mut accounts.assets[index];
    account.liquid = account.liquid.checked_add(received)?;
    accounts.save(deps.storage)?;
    let principal_out = sent.usdm;
    Ok(Response::new()
        .add_attribute("action", "strategy_withdrawn")
        .add_attribute("received", received)
        .add_attribute("gain", received.saturating_sub(principal_out))
        .add_attribute("loss", principal_out.saturating_sub(received)))
}

pub fn query(deps: Deps, env: &Env) -> StdResult<Vec<LendingResponse>> {
    Ok(load(deps.storage)?
        .into_iter()
        .map(|m| {
            let amount = deposited(deps, &env.contract.address, &m.market, &m.denom);
            let worth = amount.unwrap_or_default();
            LendingResponse {
                gain: worth.saturating_sub(m.principal),
                loss: m.principal.saturating_sub(worth),
                market: m.market,
                denom: m.denom,
                params: m.params,
                principal: m.principal,
                amount,
            }
        })
        .collect())
}
