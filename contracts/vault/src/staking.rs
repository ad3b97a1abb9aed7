//! Native staking of the chain's bonded denom, a whitelisted asset: the owner delegates liquid
//! coins to listed validators; the owner, or anyone while the asset's liquid share is below its
//! floor, undelegates; anyone claims completed unbondings and withdraws rewards.
//!
//! Delegated and unbonding coins are **deployed**: held, valued, never paid to redeemers. No query
//! answers unbonding entries, so the vault records its own (validator, amount, expected
//! completion). What arrives is counted by the vault's balance, never assumed: a claim credits
//! at most what the balance holds beyond the accounts, and what has not arrived a day after an
//! entry's completion is written off, and every undelegation and claim first writes each
//! delegation down to what the chain reports delegated, so a slash lowers the collateral
//! (surplus absorbs it first, then every redeemer alike) and never leaves coins recorded that
//! the chain no longer holds. Rewards, which the chain pays out on every delegation
//! change and on `WithdrawRewards`, are counted by the balance a reply finds and become liquid
//! surplus.

use cosmwasm_std::{
    Addr, Deps, DepsMut, DistributionMsg, Env, Reply, Response, StakingMsg, StdError, StdResult,
    Storage, SubMsg, Uint128,
};
use mars_types::codec::{Reader, Writer};
use mars_types::treasury::{
    DelegationResponse, StakingParams, StakingResponse, UnbondingResponse, MAX_UNBONDING_ENTRIES,
    MAX_VALIDATORS, UNBONDING_GRACE,
};
use mars_types::{AssetInfo, Bps, Tier};

use crate::pending::{Balances, Pending};
use crate::pools::{deploy, floor_shortfall, Pools};
use crate::state::{Accounts, AssetAccount, Settings};
use crate::{claims, ContractError};

pub const STAKING_REPLY: u64 = 4;

const STAKING_KEY: &[u8] = b"staking";
const STAKING_VERSION: u8 = 1;

/// An unbonding entry the vault recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub validator: String,
    pub amount: Uint128,
    pub completes_at: u64,
}

/// The staking record: absent until `SetStaking`.
#[derive(Clone, Debug, PartialEq)]
pub struct Staking {
    pub denom: String,
    pub params: StakingParams,
    /// (validator, principal), each validator at most once.
    pub delegations: Vec<(String, Uint128)>,
    /// Oldest first.
    pub entries: Vec<Entry>,
}

impl Staking {
    pub fn may_load(storage: &dyn Storage) -> StdResult<Option<Self>> {
        let Some(raw) = storage.get(STAKING_KEY) else {
            return Ok(None);
        };
        let mut r = Reader::new(&raw, "vault staking", STAKING_VERSION)?;
        let denom = r.str()?.to_string();
        let validators = (0..r.u8()?)
            .map(|_| r.str().map(str::to_string))
            .collect::<StdResult<Vec<_>>>()?;
        let unbonding_period = r.u64()?;
        let bps = |r: &mut Reader| -> StdResult<Bps> {
            Bps::new(r.u16()?).map_err(|_| StdError::parse_err("vault staking", "basis points"))
        };
        let max_deployed_bps = bps(&mut r)?;
        let min_liquid_bps = bps(&mut r)?;
        let delegations = (0..r.u8()?)
            .map(|_| Ok((r.str()?.to_string(), r.uint128()?)))
            .collect::<StdResult<Vec<_>>>()?;
        let mut entries = vec![];
        while !r.is_empty() {
            entries.push(Entry {
                validator: r.str()?.to_string(),
                amount: r.uint128()?,
                completes_at: r.u64()?,
            });
        }
        Ok(Some(Staking {
            denom,
            params: StakingParams {
                validators,
                unbonding_period,
                max_deployed_bps,
                min_liquid_bps,
            },
            delegations,
            entries,
        }))
    }

    pub fn load(storage: &dyn Storage) -> Result<Self, ContractError> {
        Self::may_load(storage)?.ok_or(ContractError::StakingNotSet {})
    }

    pub fn save(&self, storage: &mut dyn Storage) -> StdResult<()> {
        let mut w = Writer::with_version(STAKING_VERSION);
        w.str(&self.denom)?.u8(self.params.validators.len() as u8);
        for v in &self.params.validators {
            w.str(v)?;
        }
        w.u64(self.params.unbonding_period)
            .u16(self.params.max_deployed_bps.get())
            .u16(self.params.min_liquid_bps.get())
            .u8(self.delegations.len() as u8);
        for (v, amount) in &self.delegations {
            w.str(v)?.uint128(*amount);
        }
        for e in &self.entries {
            w.str(&e.validator)?.uint128(e.amount).u64(e.completes_at);
        }
        storage.set(STAKING_KEY, &w.finish());
        Ok(())
    }

    fn asset(&self) -> AssetInfo {
        AssetInfo::Native {
            denom: self.denom.clone(),
        }
    }

    fn principal(&self, validator: &str) -> Uint128 {
        self.delegations
            .iter()
            .find(|(v, _)| v == validator)
            .map(|(_, a)| *a)
            .unwrap_or_default()
    }

    fn unbonding(&self) -> Uint128 {
        self.entries.iter().map(|e| e.amount).sum()
    }
}

/// The whitelist index of the staking denom.
fn index_of(settings: &Settings, staking: &Staking) -> Result<usize, ContractError> {
    let asset = staking.asset();
    settings
        .position(&asset)
        .ok_or_else(|| ContractError::AssetNotWhitelisted {
            asset: asset.to_string(),
        })
}

pub fn set(deps: DepsMut, params: StakingParams) -> Result<Response, ContractError> {
    let invalid = |reason: &str| ContractError::InvalidStakingParams {
        reason: reason.to_string(),
    };
    if params.validators.is_empty() || params.validators.len() > MAX_VALIDATORS {
        return Err(invalid("name from one to eight validators"));
    }
    if params.unbonding_period == 0 {
        return Err(invalid("unbonding_period must be positive"));
    }
    if params.max_deployed_bps.is_zero() {
        return Err(invalid("max_deployed_bps must be positive"));
    }
    for (i, v) in params.validators.iter().enumerate() {
        if params.validators[..i].contains(v) {
            return Err(invalid("a validator is named twice"));
        }
        if !wire::validator_exists(&deps.querier, v)? {
            return Err(ContractError::UnknownValidator {
                validator: v.clone(),
            });
        }
    }
    let denom = wire::bonded_denom(&deps.querier)?;
    let settings = Settings::load(deps.storage)?;
    let asset = AssetInfo::Native {
        denom: denom.clone(),
    };
    let index = settings
        .position(&asset)
        .ok_or_else(|| ContractError::AssetNotWhitelisted {
            asset: asset.to_string(),
        })?;
    if settings.assets[index].params.tier == Tier::Governance {
        return Err(invalid("the bonded denom is a tier 5 asset"));
    }
    let staking = match Staking::may_load(deps.storage)? {
        Some(mut s) => {
            if let Some((v, _)) = s
                .delegations
                .iter()
                .find(|(v, a)| !a.is_zero() && !params.validators.contains(v))
            {
                return Err(ContractError::ValidatorStillDelegated {
                    validator: v.clone(),
                });
            }
            s.params = params;
            s
        }
        None => Staking {
            denom,
            params,
            delegations: vec![],
            entries: vec![],
        },
    };
    staking.save(deps.storage)?;
    Ok(Response::new()
        .add_attribute("action", "set_staking")
        .add_attribute("denom", staking.denom.as_str())
        .add_attribute("validators", staking.params.validators.join(","))
        .add_attribute(
            "unbonding_period",
            staking.params.unbonding_period.to_string(),
        ))
}

/// The staking message, with a reply that credits the rewards the chain paid out with it.
fn with_rewards_reply(
    deps: DepsMut,
    env: &Env,
    staking: &Staking,
    sent: Uint128,
    msg: impl Into<cosmwasm_std::CosmosMsg>,
) -> Result<SubMsg, ContractError> {
    let balance = mars_entry::raw::bank_balance(
        &deps.querier,
        env.contract.address.as_str(),
        &staking.denom,
    )?;
    Pending {
        pool: 0,
        before: Balances {
            asset: balance,
            ..Balances::default()
        },
        sent: Balances {
            asset: sent,
            ..Balances::default()
        },
        min: Balances::default(),
    }
    .start(deps.storage)?;
    Ok(SubMsg::reply_on_success(msg, STAKING_REPLY))
}

pub fn delegate(
    deps: DepsMut,
    env: &Env,
    validator: String,
    amount: Uint128,
) -> Result<Response, ContractError> {
    if amount.is_zero() {
        return Err(ContractError::ZeroAmount {});
    }
    let mut staking = Staking::load(deps.storage)?;
    if !staking.params.validators.contains(&validator) {
        return Err(ContractError::UnknownValidator { validator });
    }
    let settings = Settings::load(deps.storage)?;
    let mut accounts = Accounts::load(deps.storage)?;
    let index = index_of(&settings, &staking)?;
    let pools = Pools::load(deps.storage)?;
    deploy(
        &pools,
        &staking.asset(),
        &mut accounts.assets[index],
        amount,
        staking.params.max_deployed_bps,
    )?;
    match staking
        .delegations
        .iter_mut()
        .find(|(v, _)| *v == validator)
    {
        Some((_, principal)) => *principal = principal.checked_add(amount)?,
        None => staking.delegations.push((validator.clone(), amount)),
    }
    accounts.save(deps.storage)?;
    staking.save(deps.storage)?;
    let principal = staking.principal(&validator);
    let msg = StakingMsg::Delegate {
        validator: validator.clone(),
        amount: cosmwasm_std::Coin::new(amount, staking.denom.as_str()),
    };
    let sub = with_rewards_reply(deps, env, &staking, amount, msg)?;
    Ok(Response::new()
        .add_submessage(sub)
        .add_attribute("action", "strategy_delegate")
        .add_attribute("validator", validator)
        .add_attribute("amount", amount)
        .add_attribute("principal", principal))
}

pub fn undelegate(
    deps: DepsMut,
    env: &Env,
    sender: &Addr,
    validator: String,
    amount: Uint128,
) -> Result<Response, ContractError> {
    if amount.is_zero() {
        return Err(ContractError::ZeroAmount {});
    }
    let mut staking = Staking::load(deps.storage)?;
    let settings = Settings::load(deps.storage)?;
    let mut accounts = Accounts::load(deps.storage)?;
    let index = index_of(&settings, &staking)?;
    let slashed = reconcile(
        deps.as_ref(),
        env,
        &mut staking,
        &mut accounts.assets[index],
    )?;
    let principal = staking.principal(&validator);
    if amount > principal {
        return Err(ContractError::UndelegateAboveDelegated {
            validator,
            amount,
            delegated: principal,
        });
    }
    let amount = if cw_ownable::is_owner(deps.storage, sender)? {
        amount
    } else {
        // anyone may restore the floor, no more: what is unbonding counts toward it, so a
        // recall cannot be repeated to churn the unbonding queue
        let shortfall = floor_shortfall(
            &Pools::load(deps.storage)?,
            &staking.asset(),
            &accounts.assets[index],
            staking.params.min_liquid_bps,
            staking.unbonding(),
        )?;
        amount.min(shortfall)
    };
    let entries = staking
        .entries
        .iter()
        .filter(|e| e.validator == validator)
        .count();
    if entries >= MAX_UNBONDING_ENTRIES {
        return Err(ContractError::TooManyUnbondings { validator });
    }
    let completes_at = env.block.time.seconds() + staking.params.unbonding_period;
    for (v, p) in staking.delegations.iter_mut() {
        if *v == validator {
            *p -= amount;
        }
    }
    staking.entries.push(Entry {
        validator: validator.clone(),
        amount,
        completes_at,
    });
    staking.save(deps.storage)?;
    accounts.save(deps.storage)?;
    let msg = StakingMsg::Undelegate {
        validator: validator.clone(),
        amount: cosmwasm_std::Coin::new(amount, staking.denom.as_str()),
    };
    let sub = with_rewards_reply(deps, env, &staking, Uint128::zero(), msg)?;
    Ok(Response::new()
        .add_submessage(sub)
        .add_attribute("action", "strategy_undelegate")
        .add_attribute("validator", validator)
        .add_attribute("amount", amount)
        .add_attribute("completes_at", completes_at.to_string())
        .add_attribute("slashed", slashed)
        .add_attribute("sender", sender.as_str()))
}

/// Writes each delegation down to what the chain reports delegated, when that is less (a slash),
/// lowering what is deployed by the same: what was written off.
fn reconcile(
    deps: Deps,
    env: &Env,
    staking: &mut Staking,
    account: &mut AssetAccount,
) -> Result<Uint128, ContractError> {
    let vault = env.contract.address.as_str();
    let mut slashed = Uint128::zero();
    for (validator, principal) in staking.delegations.iter_mut() {
        if principal.is_zero() {
            continue;
        }
        let (amount, _) = wire::delegation(&deps.querier, vault, validator, &staking.denom)?;
        if amount < *principal {
            slashed += *principal - amount;
            *principal = amount;
        }
    }
    account.deployed = account.deployed.checked_sub(slashed)?;
    Ok(slashed)
}

/// What the vault holds of the staking denom beyond its liquid account and its claims: where
/// completed unbondings (and rewards, and stray coins) arrive.
fn arrived(deps: Deps, env: &Env, staking: &Staking, liquid: Uint128) -> StdResult<Uint128> {
    let balance = mars_entry::raw::bank_balance(
        &deps.querier,
        env.contract.address.as_str(),
        &staking.denom,
    )?;
    let owed = claims::owed(deps.storage, &staking.denom)?;
    Ok(balance.saturating_sub(liquid).saturating_sub(owed))
}

/// Completed entries settled against `arrived`, oldest first: (credited, written off, entries
/// left).
fn settle(entries: &[Entry], now: u64, mut arrived: Uint128) -> (Uint128, Uint128, Vec<Entry>) {
    let (mut credited, mut lost, mut left) = (Uint128::zero(), Uint128::zero(), vec![]);
    for e in entries {
        if e.completes_at > now {
            left.push(e.clone());
            continue;
        }
        let take = e.amount.min(arrived);
        arrived -= take;
        credited += take;
        let rest = e.amount - take;
        if rest.is_zero() {
            continue;
        }
        if e.completes_at + UNBONDING_GRACE <= now {
            lost += rest;
        } else {
            left.push(Entry {
                amount: rest,
                ..e.clone()
            });
        }
    }
    (credited, lost, left)
}

pub fn claim(deps: DepsMut, env: &Env) -> Result<Response, ContractError> {
    let mut staking = Staking::load(deps.storage)?;
    let settings = Settings::load(deps.storage)?;
    let mut accounts = Accounts::load(deps.storage)?;
    let index = index_of(&settings, &staking)?;
    let now = env.block.time.seconds();
    let slashed = reconcile(
        deps.as_ref(),
        env,
        &mut staking,
        &mut accounts.assets[index],
    )?;
    let arrived = arrived(deps.as_ref(), env, &staking, accounts.assets[index].liquid)?;
    let (credited, lost, left) = settle(&staking.entries, now, arrived);
    if credited.is_zero() && lost.is_zero() && slashed.is_zero() {
        return Err(ContractError::NothingToClaim {});
    }
    let account = &mut accounts.assets[index];
    account.liquid = account.liquid.checked_add(credited)?;
    account.deployed = account.deployed.checked_sub(credited + lost)?;
    let deployed_after = account.deployed;
    staking.entries = left;
    accounts.save(deps.storage)?;
    staking.save(deps.storage)?;
    Ok(Response::new()
        .add_attribute("action", "strategy_claim_unbonded")
        .add_attribute("received", credited)
        .add_attribute("shortfall", lost)
        .add_attribute("slashed", slashed)
        .add_attribute("deployed_after", deployed_after))
}

pub fn withdraw_rewards(deps: DepsMut, env: &Env) -> Result<Response, ContractError> {
    let staking = Staking::load(deps.storage)?;
    // only delegations the chain reports rewards on: one slashed away or with nothing accrued
    // has none to withdraw, and asking for them would fail the whole message
    let vault = env.contract.address.as_str();
    let mut with_rewards = vec![];
    for (validator, _) in &staking.delegations {
        let (_, rewards) = wire::delegation(&deps.querier, vault, validator, &staking.denom)?;
        if !rewards.is_zero() {
            with_rewards.push(validator.clone());
        }
    }
    let mut validators = with_rewards.into_iter();
    let Some(last) = validators.next_back() else {
        return Err(ContractError::NothingToClaim {});
    };
    let msgs: Vec<DistributionMsg> = validators
        .map(|validator| DistributionMsg::WithdrawDelegatorReward { validator })
        .collect();
    let sub = with_rewards_reply(
        deps,
        env,
        &staking,
        Uint128::zero(),
        DistributionMsg::WithdrawDelegatorReward { validator: last },
    )?;
    Ok(Response::new()
        .add_messages(msgs)
        .add_submessage(sub)
        .add_attribute("action", "strategy_withdraw_rewards"))
}

/// After a staking message: the rewards it paid out, by the vault's balance, become liquid.
pub fn reply(deps: DepsMut, env: &Env, _reply: Reply) -> Result<Response, ContractError> {
    let Pending { before, sent, .. } = Pending::take(deps.storage)?;
    let staking = Staking::load(deps.storage)?;
    let settings = Settings::load(deps.storage)?;
    let mut accounts = Accounts::load(deps.storage)?;
    let index = index_of(&settings, &staking)?;
    let now = mars_entry::raw::bank_balance(
        &deps.querier,
        env.contract.address.as_str(),
        &staking.denom,
    )?;
    let rewards = now
        .checked_sub(before.asset - sent.asset)
        .map_err(|_| ContractError::StrategyMisbehaved {})?;
    let account = &mut accounts.assets[index];
    account.liquid = account.liquid.checked_add(rewards)?;
    accounts.save(deps.storage)?;
    Ok(Response::new()
        .add_attribute("action", "strategy_rewards")
        .add_attribute("rewards", rewards))
}

pub fn query(deps: Deps, env: &Env) -> Result<StakingResponse, ContractError> {
    let staking = Staking::load(deps.storage)?;
    let settings = Settings::load(deps.storage)?;
    let accounts = Accounts::load(deps.storage)?;
    let index = index_of(&settings, &staking)?;
    let vault = &env.contract.address;
    let mut delegations = vec![];
    for (validator, principal) in &staking.delegations {
        let (amount, rewards) =
            wire::delegation(&deps.querier, vault.as_str(), validator, &staking.denom)?;
        delegations.push(DelegationResponse {
            validator: validator.clone(),
            principal: *principal,
            amount,
            rewards,
        });
    }
    let arrived = arrived(deps, env, &staking, accounts.assets[index].liquid)?;
    let (claimable, _, _) = settle(&staking.entries, env.block.time.seconds(), arrived);
    Ok(StakingResponse {
        denom: staking.denom.clone(),
        unbonding: staking
            .entries
            .iter()
            .map(|e| UnbondingResponse {
                validator: e.validator.clone(),
                amount: e.amount,
                completes_at: e.completes_at,
            })
            .collect(),
        params: staking.params,
        delegations,
        claimable,
    })
}

/// The chain's staking queries, written and read without serde (cosmwasm-std's JSON of
/// `QueryRequest::Staking` and of its answers).
mod wire {
    use cosmwasm_std::{QuerierWrapper, StdError, StdResult, Uint128};
    use mars_entry::json::{Reader, Writer};

    fn ask<T>(
        querier: &QuerierWrapper,
        request: &[u8],
        read: impl FnOnce(&mut Reader) -> Option<T>,
    ) -> StdResult<T> {
        let raw = mars_entry::raw::query(querier, request)?;
        let mut r = Reader::new(&raw);
        read(&mut r)
            .and_then(|v| r.end().map(|()| v))
            .ok_or_else(|| StdError::parse_err("staking answer", "unexpected JSON"))
    }

    /// The one field `key` of an object, read by `read`; other fields skipped.
    fn field<T>(
        r: &mut Reader,
        key: &str,
        read: impl FnOnce(&mut Reader) -> Option<T>,
    ) -> Option<T> {
        let mut read = Some(read);
        let mut out = None;
        r.object(|k, r| {
            if k != key || out.is_some() {
                return r.skip();
            }
            out = Some((read.take()?)(r)?);
            Some(())
        })?;
        out
    }

    pub fn bonded_denom(querier: &QuerierWrapper) -> StdResult<String> {
        ask(querier, b"{\"staking\":{\"bonded_denom\":{}}}", |r| {
            field(r, "denom", |r| r.owned_string())
        })
    }

    pub fn validator_exists(querier: &QuerierWrapper, address: &str) -> StdResult<bool> {
        let mut w = Writer::with_capacity(64 + address.len());
        w.raw(b"{\"staking\":{\"validator\":{\"address\":")
            .str(address)
            .raw(b"}}}");
        ask(querier, &w.finish(), |r| {
            field(r, "validator", |r| match r.null()? {
                true => Some(false),
                false => r.skip().map(|()| true),
            })
        })
    }

    /// The delegation's amount and its accumulated rewards in `denom`; zero when there is none.
    pub fn delegation(
        querier: &QuerierWrapper,
        delegator: &str,
        validator: &str,
        denom: &str,
    ) -> StdResult<(Uint128, Uint128)> {
        let mut w = Writer::with_capacity(96 + delegator.len() + validator.len());
        w.raw(b"{\"staking\":{\"delegation\":{\"delegator\":")
            .str(delegator)
            .raw(b",\"validator\":")
            .str(validator)
            .raw(b"}}}");
        ask(querier, &w.finish(), |r| {
            field(r, "delegation", |r| {
                if r.null()? {
                    return Some((Uint128::zero(), Uint128::zero()));
                }
                let (mut amount, mut rewards) = (None, Uint128::zero());
                r.object(|k, r| match k {
                    "amount" => {
                        amount = Some(coin(r)?.1);
                        Some(())
                    }
                    "accumulated_rewards" => {
                        for (d, a) in r.list(coin)? {
                            if d == denom {
                                rewards += a;
                            }
                        }
                        Some(())
                    }
                    _ => r.skip(),
                })?;
                Some((amount?, rewards))
            })
        })
    }

    fn coin(r: &mut Reader) -> Option<(String, Uint128)> {
        let (mut denom, mut amount) = (None, None);
        r.object(|k, r| match k {
            "denom" => {
                denom = Some(r.owned_string()?);
                Some(())
            }
            "amount" => {
                amount = Some(Uint128::new(r.u128_str()?));
                Some(())
            }
            _ => r.skip(),
        })?;
        Some((denom?, amount?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockStorage;

    fn entry(amount: u128, completes_at: u64) -> Entry {
        Entry {
            validator: "v".into(),
            amount: Uint128::new(amount),
            completes_at,
        }
    }

    #[test]
    fn the_staking_record_reads_back_as_written() {
        let mut storage = MockStorage::new();
        assert_eq!(Staking::may_load(&storage).unwrap(), None);
        let s = Staking {
            denom: "umars".into(),
            params: StakingParams {
                validators: vec!["a".into(), "b".into()],
                unbonding_period: 20,
                max_deployed_bps: Bps::new(5_000).unwrap(),
                min_liquid_bps: Bps::new(1_000).unwrap(),
            },
            delegations: vec![("a".into(), Uint128::new(7))],
            entries: vec![entry(3, 100), entry(u128::MAX, 5)],
        };
        s.save(&mut storage).unwrap();
        assert_eq!(Staking::may_load(&storage).unwrap(), Some(s));
    }

    #[test]
    fn completed_entries_take_what_arrived_and_a_late_shortfall_is_written_off() {
        let entries = [entry(10, 100), entry(10, 200), entry(10, 1_000_000)];
        // at 250, 15 arrived: the first entry whole, half the second (still within grace)
        let (credited, lost, left) = settle(&entries, 250, Uint128::new(15));
        assert_eq!((credited.u128(), lost.u128()), (15, 0));
        assert_eq!(left, vec![entry(5, 200), entry(10, 1_000_000)]);
        // a day after, nothing more: the five are a slash
        let (credited, lost, left) = settle(&left, 200 + UNBONDING_GRACE, Uint128::zero());
        assert_eq!((credited.u128(), lost.u128()), (0, 5));
        assert_eq!(left, vec![entry(10, 1_000_000)]);
        // more arrived than expected: the rest stays unaccounted
        let (credited, _, _) = settle(&[entry(10, 1)], 2, Uint128::new(99));
        assert_eq!(credited.u128(), 10);
    }
}
