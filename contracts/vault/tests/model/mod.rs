//! The vault's invariants (DESIGN.md §11) checked after every step of a sequence of operations,
//! shared by the property test (`invariants.rs`) and the fuzz target (`fuzz/`), which include
//! this file; each needs `mod common;` beside it.
//!
//! Every sequence runs beside a USDC/USDm stable pool that the owner registers at setup: the
//! treasury provides the vault's liquid USDC to it and withdraws, and users swap on it. The owner
//! also sets staking at setup: the vault's ATOM may be delegated to the chain's one validator,
//! undelegated by the owner or, below the liquid floor, by anyone, and the validator may be
//! slashed.

use cosmwasm_std::{coin, to_json_binary, Addr, Decimal, Uint128, Uint256};
use cw20::Cw20ExecuteMsg;
use cw_multi_test::{AppResponse, Executor, StakingSudo, SudoMsg};
use mars_testing::env::{UNBONDING_TIME, VALIDATOR};
use mars_testing::MarsEnv;
use mars_types::astroport::{
    Asset, Cw20HookMsg, ExecuteMsg as PairMsg, PoolResponse as PairPool, QueryMsg as PairQuery,
};
use mars_types::swap::{Curve, MINIMUM_LIQUIDITY};
use mars_types::treasury::{
    PoolParams, PoolResponse, StakingParams, StakingResponse, MAX_UNBONDING_ENTRIES,
    UNBONDING_GRACE,
};
use mars_types::value::{amount_to_value, value_to_amount};
use mars_types::vault::{
    AssetState, ConfigResponse, ConfigUpdate, ExecuteMsg, Limits, QueryMsg, RedeemMode,
    StateResponse, Throttle, ThrottleStatus,
};
use mars_types::{AssetInfo, Bps, Rounding, Tier};
use mars_vault::ContractError;

use crate::common::contract_attr;

pub const NAMES: [&str; 6] = ["usdc", "btc", "atom", "eth", "aave", "xms"];
pub const USERS: [&str; 3] = ["alice", "bob", "carol"];
/// The index in `NAMES` of ATOM, the chain's bonded denom.
pub const ATOM: usize = 2;
/// The user who sends the permissionless staking calls: recalls, claims and reward withdrawals.
const KEEPER: usize = 2;
const USD: u128 = 1_000_000;

#[derive(Clone, Debug)]
pub enum Op {
    /// Mint with `NAMES[asset]`, `dollars` worth at the starting price.
    Mint {
        user: usize,
        asset: usize,
        dollars: u32,
    },
    /// Redeem `percent` of the user's USDm, in one asset or proportionally.
    Redeem {
        user: usize,
        percent: u8,
        single: Option<usize>,
    },
    /// Move an asset's price by `percent` (50..=150) of its current value.
    Price { asset: usize, percent: u8 },
    /// Let `seconds` pass; every price is published again so none goes stale.
    Wait { seconds: u32 },
    /// The owner sets the throttles, each `(dollars per hour, bps of supply)`, and a supply cap
    /// in dollars.
    SetLimits {
        mint: Option<(u32, u16)>,
        redeem: Option<(u32, u16)>,
        supply_cap: Option<u32>,
    },
    /// The owner provides `percent` of the vault's liquid USDC to the pool, with USDm minted in
    /// the pool's ratio; above 100 it asks for more than the vault holds liquid.
    Provide { percent: u8 },
    /// The owner withdraws `percent` of the vault's LP tokens of the pool; above 100 it asks for
    /// more than the vault holds.
    Withdraw { percent: u8 },
    /// A user swaps `percent` of the pool's reserve of what they offer: USDC for USDm, or
    /// (`sell_usdm`) USDm they hold, at most all of it, for USDC.
    Swap {
        user: usize,
        percent: u8,
        sell_usdm: bool,
    },
    /// The owner delegates `percent` (1..=100) of the vault's liquid ATOM to the validator.
    Delegate { percent: u8 },
    /// `percent` of the vault's recorded principal at the validator is undelegated, by the owner
    /// or (`by_owner` false) by a user, who may recall only the shortfall below the liquid
    /// floor; above 100 it asks for more than the principal.
    Undelegate { percent: u8, by_owner: bool },
    /// A user claims the completed unbondings.
    ClaimUnbonded,
    /// A user withdraws the staking rewards.
    WithdrawRewards,
    /// The chain slashes the validator by `percent` (1..=10): its delegations and the entries
    /// unbonding from it lose that part.
    Slash { percent: u8 },
}

/// The pool's curve, as on the devnet.
const POOL_CURVE: Curve = Curve::Stable {
    amp: 100,
    decimals: [6, 6],
};

/// The pool's bounds: at most $100,000 of USDm in it (above what most sequences provide),
/// provides within 10% of the peg, and all of the vault's USDC may be deployed.
fn pool_params() -> PoolParams {
    PoolParams {
        max_usdm: Uint128::new(100_000 * USD),
        max_bps_from_peg: Bps::new(1_000).unwrap(),
        max_deployed_bps: Bps::MAX,
    }
}

/// The staking the owner sets at setup: the chain's one validator and unbonding time, up to 80%
/// of the vault's ATOM deployed, and a liquid floor of 20% below which anyone may recall.
fn staking_params() -> StakingParams {
    StakingParams {
        validators: vec![VALIDATOR.to_string()],
        unbonding_period: UNBONDING_TIME,
        max_deployed_bps: Bps::new(8_000).unwrap(),
        min_liquid_bps: Bps::new(2_000).unwrap(),
    }
}

/// The vault's staking, as its `Staking` query answers it.
fn staking(env: &MarsEnv) -> StakingResponse {
    env.vault_query(&QueryMsg::Staking {}).unwrap()
}

/// The totals of a `Staking` answer.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Stake {
    /// What the vault recorded delegated.
    principal: u128,
    /// What the vault recorded unbonding.
    unbonding: u128,
    /// What the chain reports delegated.
    delegated: u128,
}

impl Stake {
    fn of(s: &StakingResponse) -> Stake {
        Stake {
            principal: s.delegations.iter().map(|d| d.principal.u128()).sum(),
            unbonding: s.unbonding.iter().map(|e| e.amount.u128()).sum(),
            delegated: s.delegations.iter().map(|d| d.amount.u128()).sum(),
        }
    }
}

/// The vault's state of `asset`.
fn asset_state<'a>(state: &'a StateResponse, asset: &AssetInfo) -> &'a AssetState {
    state
        .assets
        .iter()
        .find(|a| &a.asset == asset)
        .expect("a whitelisted asset")
}

/// A numeric attribute of the vault's events.
fn number(env: &MarsEnv, res: &AppResponse, key: &str) -> u128 {
    contract_attr(res, &env.vault, key).parse().unwrap()
}

/// Staking's invariants: the deployed ATOM is exactly the recorded principal and unbonding
/// entries (nothing else is deployed), the chain never reports more delegated than the recorded
/// principal (a slash only lowers it), the entries stay within the chain's bound, and what a
/// claim would credit has arrived beyond the accounts.
fn check_staking(state: &StateResponse, atom: &AssetInfo, s: &StakingResponse) {
    let stake = Stake::of(s);
    for a in &state.assets {
        if &a.asset == atom {
            assert_eq!(
                a.deployed.u128(),
                stake.principal + stake.unbonding,
                "deployed ATOM other than the principal and the unbonding entries: {s:?}"
            );
            assert!(
                s.claimable <= a.unaccounted,
                "{} claimable, {} arrived",
                s.claimable,
                a.unaccounted
            );
        } else {
            assert!(a.deployed.is_zero(), "{} deployed", a.asset);
        }
    }
    for d in &s.delegations {
        assert!(
            d.amount <= d.principal,
            "the chain reports {} delegated, above the principal {}",
            d.amount,
            d.principal
        );
    }
    assert!(s.unbonding.len() <= MAX_UNBONDING_ENTRIES, "{s:?}");
    assert_eq!(s.params, staking_params());
}

/// A pool's reserves and LP tokens issued, as its pair answers them.
#[derive(Clone, Copy, Debug)]
struct Reserves {
    usdc: u128,
    usdm: u128,
    total_share: u128,
}

/// The run's USDC/USDm pool.
struct Pool {
    pair: Addr,
    lp_token: Addr,
    usdc: AssetInfo,
}

impl Pool {
    /// Creates the pair and registers it with the vault.
    fn register(env: &mut MarsEnv) -> Pool {
        let usdc = env.asset("usdc").info.clone();
        let pair = env.usdm_pair(&usdc, POOL_CURVE);
        let owner = env.owner.clone();
        let msg = ExecuteMsg::RegisterPool {
            pair: pair.to_string(),
            params: pool_params(),
        };
        env.vault_execute(&owner, &msg, &[]).unwrap();
        let position: PoolResponse = env
            .vault_query(&QueryMsg::Pool {
                pair: pair.to_string(),
            })
            .unwrap();
        Pool {
            pair,
            lp_token: position.lp_token,
            usdc,
        }
    }

    /// The vault's position, as its `Pool` query answers it.
    fn position(&self, env: &MarsEnv) -> PoolResponse {
        env.vault_query(&QueryMsg::Pool {
            pair: self.pair.to_string(),
        })
        .unwrap()
    }

    fn reserves(&self, env: &MarsEnv) -> Reserves {
        let pool: PairPool = env
            .app
            .wrap()
            .query_wasm_smart(&self.pair, &PairQuery::Pool {})
            .unwrap();
        let usdc = (&self.usdc).into();
        let (mut usdc_amount, mut usdm_amount) = (None, None);
        for asset in pool.assets {
            if asset.info == usdc {
                usdc_amount = Some(asset.amount.u128());
            } else {
                usdm_amount = Some(asset.amount.u128());
            }
        }
        Reserves {
            usdc: usdc_amount.expect("a USDC reserve"),
            usdm: usdm_amount.expect("a USDm reserve"),
            total_share: pool.total_share.u128(),
        }
    }

    /// `user` swaps `amount` of USDC for USDm, or (`sell_usdm`) `amount` USDm for USDC, taking
    /// up to 50% of spread; whether the pair took it.
    fn swap(&self, env: &mut MarsEnv, user: &Addr, amount: u128, sell_usdm: bool) -> bool {
        let max_spread = Some(Decimal::percent(50));
        let res = if sell_usdm {
            let hook = Cw20HookMsg::Swap {
                ask_asset_info: None,
                belief_price: None,
                max_spread,
                to: None,
            };
            let msg = Cw20ExecuteMsg::Send {
                contract: self.pair.to_string(),
                amount: Uint128::new(amount),
                msg: to_json_binary(&hook).unwrap(),
            };
            let usdm = env.usdm.clone();
            env.cw20_execute(user, &usdm, &msg)
        } else {
            let AssetInfo::Native { denom } = &self.usdc else {
                unreachable!("USDC is a bank coin")
            };
            let msg = PairMsg::Swap {
                offer_asset: Asset {
                    info: (&self.usdc).into(),
                    amount: Uint128::new(amount),
                },
                ask_asset_info: None,
                belief_price: None,
                max_spread,
                to: None,
            };
            let funds = [coin(amount, denom)];
            env.app
                .execute_contract(user.clone(), self.pair.clone(), &msg, &funds)
        };
        res.is_ok()
    }
}

/// A treasury call's response, or `None` when the vault refused it, which it must do with an
/// error of its own: a call the pair or a token refused is one the vault should not have sent.
fn treasury_outcome(res: anyhow::Result<AppResponse>) -> Option<AppResponse> {
    match res {
        Ok(res) => Some(res),
        Err(err) => {
            assert!(
                err.downcast_ref::<ContractError>().is_some(),
                "a treasury call failed without a vault error: {err:?}"
            );
            None
        }
    }
}

/// What the vault accounts as liquid of `asset`.
fn liquid(state: &StateResponse, asset: &AssetInfo) -> u128 {
    state
        .assets
        .iter()
        .find(|a| &a.asset == asset)
        .expect("a whitelisted asset")
        .liquid
        .u128()
}

/// USDm that circulates: all of the supply but the vault's side of its pools.
fn circulating(state: &StateResponse) -> u128 {
    state
        .usdm_supply
        .u128()
        .checked_sub(state.protocol_usdm.u128())
        .expect("protocol-owned USDm within the supply")
}

/// Each asset's share of the vault's liquid value, in bps rounded up as `State` rounds shares:
/// the part of the vault a proportional redemption pays from (without positions in pools, its
/// shares are those `State` reports).
fn liquid_shares(env: &MarsEnv, state: &StateResponse) -> Vec<Bps> {
    let values: Vec<Uint128> = state
        .assets
        .iter()
        .map(|a| {
            let decimals = env
                .basket
                .iter()
                .find(|b| b.info == a.asset)
                .expect("a basket asset")
                .decimals;
            a.price
                .map(|p| amount_to_value(a.liquid, decimals, p, Rounding::Down).unwrap())
                .unwrap_or_default()
        })
        .collect();
    let total: Uint128 = values.iter().copied().sum();
    values
        .iter()
        .map(|v| Bps::from_ratio(*v, total, Rounding::Up))
        .collect()
}

/// The treasury's invariants: the vault holds no USDm, its position is counted by its LP
/// balance, within the pool's USDm bound and never worth more than its share of the real
/// reserves at the oracle price, and USDm circulates exactly as users and the pool hold it.
fn check_pool(env: &MarsEnv, pool: &Pool, users: &[Addr], price: Decimal, state: &StateResponse) {
    // a provide's unused USDm and a withdrawal's USDm are burnt in the same transaction
    assert_eq!(env.usdm_balance(&env.vault), 0, "the vault holds USDm");
    assert!(state.stray_usdm.is_zero());
    let position = pool.position(env);
    let r = pool.reserves(env);
    assert_eq!(
        position.lp_units.u128(),
        env.cw20_balance(&pool.lp_token, &env.vault),
        "LP units other than the vault's LP balance"
    );
    assert!(
        position.principal_usdm <= position.params.max_usdm,
        "{} USDm in the pool, at most {}",
        position.principal_usdm,
        position.params.max_usdm
    );
    if position.lp_units.is_zero() {
        assert!(position.principal_asset.is_zero() && position.principal_usdm.is_zero());
    }
    // the vault's share of each real reserve, rounded down
    let share = |amount: u128| {
        if position.lp_units.is_zero() {
            0
        } else {
            Uint128::new(amount)
                .multiply_ratio(position.lp_units, r.total_share)
                .u128()
        }
    };
    let (usdc_share, usdm_share) = (share(r.usdc), share(r.usdm));
    let decimals = env.asset("usdc").decimals;
    let (pooled, counted) = match &position.value {
        Some(v) => {
            let real = amount_to_value(Uint128::new(usdc_share), decimals, price, Rounding::Down)
                .unwrap()
                .u128()
                + usdm_share;
            assert!(
                v.value.u128() <= real,
                "a position worth {} above its share of the reserves, {real}",
                v.value
            );
            assert!(v.asset_amount.u128() <= usdc_share, "{v:?} above {r:?}");
            assert!(v.usdm_amount.u128() <= usdm_share, "{v:?} above {r:?}");
            (v.asset_amount, v.usdm_amount.u128())
        }
        None => {
            // a position in a pool that holds both sides is always valued
            assert!(
                position.lp_units.is_zero() || r.usdc == 0 || r.usdm == 0,
                "a position in {r:?} not valued"
            );
            (Uint128::zero(), 0)
        }
    };
    for a in &state.assets {
        let expected = if a.asset == pool.usdc {
            pooled
        } else {
            Uint128::zero()
        };
        assert_eq!(a.pooled, expected, "{} pooled", a.asset);
    }
    // every USDm is a user's or the pool's, and only the vault's side of the pool is not
    // circulating
    let held_by_users: u128 = users.iter().map(|u| env.usdm_balance(u)).sum();
    let circulating = circulating(state);
    assert!(
        circulating >= held_by_users,
        "{circulating} USDm circulating, users hold {held_by_users}"
    );
    assert_eq!(
        circulating,
        held_by_users + (r.usdm - counted),
        "circulating USDm other than the users' and the pool's beyond the vault's share"
    );
}

fn throttle(params: Option<(u32, u16)>) -> Option<Throttle> {
    params.map(|(dollars, bps)| Throttle {
        // a zero floor is refused; the model asks for at least one dollar
        amount: Uint128::new(u128::from(dollars.max(1)) * USD),
        supply_bps: Bps::new(bps.min(10_000)).unwrap(),
    })
}

fn share_above_cap(value: Uint128, total: Uint128, cap: u16) -> bool {
    value.full_mul(10_000u128) > total.full_mul(cap as u128)
}

/// Invariant 3: nothing that is above its cap after a single redemption, or after a mint that
/// leaves the vault at or above the floor, grew or had its share raised by it.
/// Both states are read at the same prices: price moves are steps of their own.
fn check_caps(before: &StateResponse, after: &StateResponse, mint: bool) {
    let floor = 10_000 * USD;
    if mint && after.total_value.u128() < floor {
        return;
    }
    let raised = |vb: Uint128, va: Uint128| {
        va > vb || va.full_mul(before.total_value) > vb.full_mul(after.total_value)
    };
    for (b, a) in before.assets.iter().zip(&after.assets) {
        if share_above_cap(a.value, after.total_value, a.max_share.get()) {
            assert!(
                !raised(b.value, a.value),
                "{} above its cap and raised: {} → {}",
                a.asset,
                b.share,
                a.share
            );
        }
    }
    for (b, a) in before.tiers.iter().zip(&after.tiers) {
        if share_above_cap(a.value, after.total_value, a.max_share.get()) {
            assert!(
                !raised(b.value, a.value),
                "tier {} above cap and raised",
                a.tier
            );
        }
    }
}

/// A throttle let through at most what it had available before, and never holds more than
/// its limit.
fn check_throttle(before: &Option<ThrottleStatus>, after: &Option<ThrottleStatus>, moved: u128) {
    if let Some(b) = before {
        assert!(
            moved <= b.available.u128(),
            "{moved} passed a throttle with {} available",
            b.available
        );
    }
    if let Some(a) = after {
        assert!(a.available <= a.limit, "{a:?}");
    }
}

/// Runs `ops` on the default deployment with the pool registered and staking set, checking
/// every invariant after every step. Returns, per operation, whether it went through (a refused
/// mint, redemption, treasury or staking call, and a swap the pair refuses, are valid outcomes).
pub fn run(ops: Vec<Op>) -> Vec<bool> {
    trace(ops).into_iter().map(|step| step.passed).collect()
}

/// One step of a run: whether its operation went through, and the vault's ATOM after it, in
/// base units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(dead_code)] // the fixed tests read the figures; the fuzz target only runs
pub struct Step {
    pub passed: bool,
    pub liquid: u128,
    pub deployed: u128,
    /// The vault's recorded principal at the validator.
    pub principal: u128,
    /// The vault's recorded unbonding entries.
    pub unbonding: u128,
    /// What the chain reports delegated.
    pub delegated: u128,
}

/// As [`run`], returning every step with the vault's ATOM after it.
pub fn trace(ops: Vec<Op>) -> Vec<Step> {
    let mut env = MarsEnv::builder().build();
    let mut prices: Vec<Decimal> = NAMES.iter().map(|n| env.asset(n).price).collect();
    let users: Vec<_> = USERS.iter().map(|u| env.addr(u)).collect();
    let config: ConfigResponse = env.vault_query(&QueryMsg::Config {}).unwrap();
    let pool = Pool::register(&mut env);
    let owner = env.owner.clone();
    let atom = env.asset(NAMES[ATOM]).info.clone();
    assert_eq!(
        atom,
        AssetInfo::Native {
            denom: "uatom".to_string()
        },
        "ATOM is the chain's bonded denom"
    );
    let msg = ExecuteMsg::SetStaking {
        params: staking_params(),
    };
    env.vault_execute(&owner, &msg, &[]).unwrap();
    let mut expected_supply = 0u128;
    let mut supply_cap = None;
    let params = staking_params();
    let max_deployed = u128::from(params.max_deployed_bps.get());
    let min_liquid = u128::from(params.min_liquid_bps.get());
    // whether the validator was slashed: until then every unbonding arrives whole
    let mut slashed = false;
    let mut passed = vec![];
    let mut steps = vec![];

    for op in ops {
        let before = env.vault_state();
        let staking_before = staking(&env);
        let stake = Stake::of(&staking_before);
        let now = env.app.block_info().time.seconds();
        match op.clone() {
            Op::Mint {
                user,
                asset,
                dollars,
            } => {
                let a = env.asset(NAMES[asset]).clone();
                // amount worth `dollars` at the starting price
                let amount = value_to_amount(
                    Uint128::new(dollars as u128 * USD),
                    a.decimals,
                    a.price,
                    Rounding::Down,
                )
                .unwrap()
                .u128();
                let supply = env.usdm_supply();
                let res = env.mint(&users[user], &a.info, amount, None, None);
                passed.push(res.is_ok());
                if let Ok(res) = res {
                    let out: u128 = contract_attr(&res, &env.vault, "usdm_out").parse().unwrap();
                    let fee: u128 = contract_attr(&res, &env.vault, "fee").parse().unwrap();
                    // invariant 1: the deposit at spot is worth at least USDm out plus fee
                    let spot = amount_to_value(
                        Uint128::new(amount),
                        a.decimals,
                        prices[asset],
                        Rounding::Down,
                    )
                    .unwrap();
                    assert!(spot.u128() >= out + fee, "mint created value");
                    assert_eq!(env.usdm_supply(), supply + out);
                    expected_supply += out;
                    let after = env.vault_state();
                    // no mint leaves the vault below full collateral of the USDm that
                    // circulates (the model's prices have no EMA gap and no confidence, so
                    // deposit prices are the spot)
                    assert!(
                        after.total_value.u128() >= circulating(&after),
                        "a mint left {} for {} circulating USDm",
                        after.total_value,
                        circulating(&after)
                    );
                    check_throttle(&before.mint_throttle, &after.mint_throttle, out);
                    // the supply cap is of the USDm that circulates
                    if let Some(cap) = supply_cap {
                        assert!(circulating(&after) <= cap, "supply above its cap");
                    }
                }
            }
            Op::Redeem {
                user,
                percent,
                single,
            } => {
                let balance = env.usdm_balance(&users[user]);
                let amount = balance * percent as u128 / 100;
                let (mode, fee) = match single {
                    Some(i) => {
                        let a = env.asset(NAMES[i]);
                        let mode = RedeemMode::Single {
                            asset: a.info.clone().into(),
                            min_out: None,
                        };
                        (mode, a.params.redeem_fee)
                    }
                    None => (
                        RedeemMode::Proportional { min_out: vec![] },
                        config.proportional_redeem_fee,
                    ),
                };
                let held: Vec<u128> = NAMES
                    .iter()
                    .map(|n| env.balance(&env.asset(n).info, &users[user]))
                    .collect();
                let ok = env.redeem(&users[user], amount, mode, None).is_ok();
                passed.push(ok);
                if ok {
                    expected_supply -= amount;
                    // invariant 2: payouts at spot never exceed USDm × (1 − fee) × min(1, ratio),
                    // the ratio being the collateral over the USDm that circulates
                    let paid: u128 = NAMES
                        .iter()
                        .enumerate()
                        .map(|(i, n)| {
                            let a = env.asset(n);
                            let got = env.balance(&a.info, &users[user]) - held[i];
                            amount_to_value(
                                Uint128::new(got),
                                a.decimals,
                                prices[i],
                                Rounding::Down,
                            )
                            .unwrap()
                            .u128()
                        })
                        .sum();
                    // USDm × (1 − fee) × min(total, circulating) / circulating, rounded down,
                    // with the total bounded from above (each held or pooled asset's value is
                    // rounded down by less than one micro-dollar in `State`)
                    let held = before
                        .assets
                        .iter()
                        .filter(|a| !(a.liquid + a.deployed + a.pooled).is_zero())
                        .count();
                    let total_up = before.total_value + Uint128::new(held as u128);
                    let supply = Uint128::new(circulating(&before));
                    let backing = total_up.min(supply);
                    let bound = Uint256::from(amount)
                        * Uint256::from(fee.complement().get())
                        * Uint256::from(backing)
                        / (Uint256::from(10_000u16) * Uint256::from(supply));
                    let bound = Uint128::try_from(bound).unwrap().u128();
                    // rounding each payout down at spot can only lower `paid`
                    assert!(
                        paid <= bound,
                        "redeem paid {paid} for {amount} (bound {bound})"
                    );
                    let after = env.vault_state();
                    check_throttle(&before.redeem_throttle, &after.redeem_throttle, amount);
                }
            }
            Op::Price { asset, percent } => {
                let p = prices[asset] * Decimal::percent(percent as u64);
                if !p.is_zero() {
                    prices[asset] = p;
                    let info = env.asset(NAMES[asset]).info.clone();
                    env.set_price(&info, &p.to_string());
                }
                passed.push(true);
            }
            Op::Wait { seconds } => {
                env.app.update_block(|block| {
                    block.time = block.time.plus_seconds(seconds.into());
                    block.height += u64::from(seconds).div_ceil(5);
                });
                for (name, price) in NAMES.iter().zip(&prices) {
                    let info = env.asset(name).info.clone();
                    env.set_price(&info, &price.to_string());
                }
                passed.push(true);
            }
            Op::SetLimits {
                mint,
                redeem,
                supply_cap: cap,
            } => {
                supply_cap = cap.map(|c| u128::from(c) * USD);
                let limits = Limits {
                    mint: throttle(mint),
                    redeem: throttle(redeem),
                    supply_cap: supply_cap.map(Uint128::new),
                };
                let msg = ExecuteMsg::UpdateConfig(ConfigUpdate {
                    limits: Some(limits),
                    ..ConfigUpdate::default()
                });
                env.vault_execute(&owner, &msg, &[]).unwrap();
                passed.push(true);
            }
            Op::Provide { percent } => {
                let held = liquid(&before, &pool.usdc);
                let amount = held * u128::from(percent) / 100;
                let (reserves, position) = (pool.reserves(&env), pool.position(&env));
                let supply = env.usdm_supply();
                let msg = ExecuteMsg::ProvideLiquidity {
                    pair: pool.pair.to_string(),
                    asset_amount: Uint128::new(amount),
                    min_lp: Uint128::zero(),
                };
                let res = treasury_outcome(env.vault_execute(&owner, &msg, &[]));
                passed.push(res.is_some());
                if res.is_some() {
                    assert!(amount <= held, "provided {amount} of {held} liquid");
                    let after = env.vault_state();
                    let (r, p) = (pool.reserves(&env), pool.position(&env));
                    let (usdc_in, usdm_in) = (r.usdc - reserves.usdc, r.usdm - reserves.usdm);
                    // what the pool took left the liquid account, the rest stayed liquid
                    assert_eq!(held - liquid(&after, &pool.usdc), usdc_in);
                    // the USDm minted beyond what the pool took was burnt
                    assert_eq!(env.usdm_supply(), supply + usdm_in);
                    expected_supply += usdm_in;
                    // never more USDm than the pool's ratio, or, into an empty pool, than
                    // the USDC is worth at the oracle price
                    if reserves.usdc > 0 {
                        assert!(
                            Uint128::new(usdm_in).full_mul(reserves.usdc)
                                <= Uint128::new(usdc_in).full_mul(reserves.usdm),
                            "{usdm_in} USDm beside {usdc_in} USDC into {reserves:?}"
                        );
                    } else {
                        let decimals = env.asset("usdc").decimals;
                        let worth = amount_to_value(
                            Uint128::new(usdc_in),
                            decimals,
                            prices[0],
                            Rounding::Down,
                        )
                        .unwrap();
                        assert!(
                            usdm_in <= worth.u128(),
                            "{usdm_in} USDm beside {usdc_in} USDC"
                        );
                    }
                    assert_eq!(
                        p.principal_asset.u128(),
                        position.principal_asset.u128() + usdc_in
                    );
                    assert_eq!(
                        p.principal_usdm.u128(),
                        position.principal_usdm.u128() + usdm_in
                    );
                    // every LP token the pair minted is the vault's, but those a first
                    // deposit locks in the pair
                    let locked = if reserves.total_share == 0 {
                        MINIMUM_LIQUIDITY.u128()
                    } else {
                        0
                    };
                    assert_eq!(
                        (p.lp_units - position.lp_units).u128(),
                        r.total_share - reserves.total_share - locked
                    );
                }
            }
            Op::Withdraw { percent } => {
                let position = pool.position(&env);
                let lp = position.lp_units.u128() * u128::from(percent) / 100;
                let (reserves, supply) = (pool.reserves(&env), env.usdm_supply());
                let held = liquid(&before, &pool.usdc);
                let msg = ExecuteMsg::WithdrawLiquidity {
                    pair: pool.pair.to_string(),
                    lp_amount: Uint128::new(lp),
                    min_asset: Uint128::zero(),
                    min_usdm: Uint128::zero(),
                };
                let res = treasury_outcome(env.vault_execute(&owner, &msg, &[]));
                passed.push(res.is_some());
                if res.is_some() {
                    assert!(lp <= position.lp_units.u128(), "withdrew {lp} LP tokens");
                    let after = env.vault_state();
                    let (r, p) = (pool.reserves(&env), pool.position(&env));
                    let (usdc_out, usdm_out) = (reserves.usdc - r.usdc, reserves.usdm - r.usdm);
                    assert_eq!(reserves.total_share - r.total_share, lp);
                    assert_eq!((position.lp_units - p.lp_units).u128(), lp);
                    // the USDC that came back is liquid, the USDm burnt
                    assert_eq!(liquid(&after, &pool.usdc) - held, usdc_out);
                    assert_eq!(supply - env.usdm_supply(), usdm_out);
                    expected_supply -= usdm_out;
                    // the principal falls by at least the share withdrawn
                    for (b, a) in [
                        (position.principal_asset, p.principal_asset),
                        (position.principal_usdm, p.principal_usdm),
                    ] {
                        assert!(a.full_mul(position.lp_units) <= b.full_mul(p.lp_units));
                    }
                }
            }
            Op::Swap {
                user,
                percent,
                sell_usdm,
            } => {
                let r = pool.reserves(&env);
                let amount = if sell_usdm {
                    (r.usdm * u128::from(percent) / 100).min(env.usdm_balance(&users[user]))
                } else {
                    r.usdc * u128::from(percent) / 100
                };
                let ok = amount > 0 && pool.swap(&mut env, &users[user], amount, sell_usdm);
                passed.push(ok);
            }
            Op::Delegate { percent } => {
                let a = asset_state(&before, &atom);
                let (liquid, deployed) = (a.liquid.u128(), a.deployed.u128());
                let amount = liquid * u128::from(percent) / 100;
                let balance = env.balance(&atom, &env.vault);
                let msg = ExecuteMsg::Delegate {
                    validator: VALIDATOR.to_string(),
                    amount: Uint128::new(amount),
                };
                let res = treasury_outcome(env.vault_execute(&owner, &msg, &[]));
                passed.push(res.is_some());
                // at most 80% of what the vault holds of ATOM deployed after the delegation
                let within = amount > 0
                    && (deployed + amount) * 10_000 <= max_deployed * (liquid + deployed);
                match res {
                    Some(res) => {
                        assert!(
                            within,
                            "delegated {amount} of {liquid} liquid, {deployed} deployed"
                        );
                        let rewards = number(&env, &res, "rewards");
                        let a = asset_state(&env.vault_state(), &atom).clone();
                        assert_eq!(a.liquid.u128(), liquid - amount + rewards);
                        assert_eq!(a.deployed.u128(), deployed + amount);
                        assert_eq!(env.balance(&atom, &env.vault), balance - amount + rewards);
                        let s = Stake::of(&staking(&env));
                        assert_eq!(
                            s,
                            Stake {
                                principal: stake.principal + amount,
                                delegated: stake.delegated + amount,
                                ..stake
                            }
                        );
                    }
                    None => assert!(
                        !within,
                        "a delegation of {amount} within the bounds refused"
                    ),
                }
            }
            Op::Undelegate { percent, by_owner } => {
                let requested = stake.principal * u128::from(percent) / 100;
                let a = asset_state(&before, &atom);
                let (liquid, deployed) = (a.liquid.u128(), a.deployed.u128());
                // the vault first writes its delegation down to what the chain reports (a slash)
                let written = stake.principal.saturating_sub(stake.delegated);
                let (principal, deployed) = (stake.principal - written, deployed - written);
                // the floor on what the vault holds of ATOM (no pool pairs ATOM), rounded up,
                // which the liquid part and what is unbonding cover
                let floor = ((liquid + deployed) * min_liquid).div_ceil(10_000);
                let shortfall = floor.saturating_sub(liquid + stake.unbonding);
                let asked = if by_owner {
                    requested
                } else {
                    requested.min(shortfall)
                };
                let sender = if by_owner {
                    owner.clone()
                } else {
                    users[KEEPER].clone()
                };
                let msg = ExecuteMsg::Undelegate {
                    validator: VALIDATOR.to_string(),
                    amount: Uint128::new(requested),
                };
                let res = env.vault_execute(&sender, &msg, &[]);
                passed.push(res.is_ok());
                match res {
                    Ok(res) => {
                        assert!(
                            requested > 0 && requested <= principal,
                            "undelegated on a request of {requested} of {principal}"
                        );
                        assert_eq!(number(&env, &res, "slashed"), written);
                        let amount = number(&env, &res, "amount");
                        if !by_owner {
                            assert!(
                                amount <= shortfall,
                                "a recall of {amount} beyond the shortfall {shortfall} below the floor"
                            );
                        }
                        assert_eq!(amount, asked, "undelegated other than asked");
                        assert_eq!(
                            number(&env, &res, "completes_at"),
                            u128::from(now + UNBONDING_TIME)
                        );
                        let rewards = number(&env, &res, "rewards");
                        let a = asset_state(&env.vault_state(), &atom).clone();
                        assert_eq!(a.liquid.u128(), liquid + rewards);
                        assert_eq!(a.deployed.u128(), deployed);
                        let s = Stake::of(&staking(&env));
                        assert_eq!(
                            s,
                            Stake {
                                principal: principal - amount,
                                unbonding: stake.unbonding + amount,
                                delegated: stake.delegated - amount,
                            }
                        );
                    }
                    Err(err) => match err.downcast_ref::<ContractError>() {
                        Some(ContractError::LiquidAboveFloor { .. }) => assert!(
                            !by_owner && shortfall == 0,
                            "a recall refused with {shortfall} short of the floor"
                        ),
                        Some(_) => {}
                        // the principal is written down to the chain's delegation first, so
                        // the chain never refuses what the vault asks
                        None => panic!("an undelegation of {asked} the chain refused: {err:?}"),
                    },
                }
                if !by_owner && shortfall == 0 {
                    assert!(
                        !passed[passed.len() - 1],
                        "a recall at or above the floor went through"
                    );
                }
            }
            Op::ClaimUnbonded => {
                let a = asset_state(&before, &atom);
                let (liquid, deployed) = (a.liquid.u128(), a.deployed.u128());
                let balance = env.balance(&atom, &env.vault);
                // entries completed, and those a grace past their completion
                let sum = |f: &dyn Fn(u64) -> bool| -> u128 {
                    staking_before
                        .unbonding
                        .iter()
                        .filter(|e| f(e.completes_at))
                        .map(|e| e.amount.u128())
                        .sum()
                };
                let due = sum(&|at| at <= now);
                let overdue = sum(&|at| at + UNBONDING_GRACE <= now);
                // and the delegation written down to what the chain reports (a slash)
                let written = stake.principal.saturating_sub(stake.delegated);
                let msg = ExecuteMsg::ClaimUnbonded {};
                let res = treasury_outcome(env.vault_execute(&users[KEEPER], &msg, &[]));
                passed.push(res.is_some());
                match res {
                    Some(res) => {
                        let received = number(&env, &res, "received");
                        let shortfall = number(&env, &res, "shortfall");
                        assert_eq!(number(&env, &res, "slashed"), written);
                        assert!(received + shortfall + written > 0, "a claim of nothing");
                        assert_eq!(received, staking_before.claimable.u128());
                        assert!(
                            received <= a.unaccounted.u128(),
                            "credited {received}, {} arrived",
                            a.unaccounted
                        );
                        assert!(
                            received + shortfall <= due,
                            "settled {received} + {shortfall} of {due} completed"
                        );
                        assert!(
                            shortfall <= overdue,
                            "wrote off {shortfall} of {overdue} overdue"
                        );
                        if !slashed {
                            assert_eq!(
                                (received, shortfall),
                                (due, 0),
                                "an unslashed unbonding short"
                            );
                        }
                        let a = asset_state(&env.vault_state(), &atom).clone();
                        assert_eq!(a.liquid.u128(), liquid + received);
                        assert_eq!(a.deployed.u128(), deployed - received - shortfall - written);
                        assert_eq!(number(&env, &res, "deployed_after"), a.deployed.u128());
                        assert_eq!(env.balance(&atom, &env.vault), balance);
                        let s = Stake::of(&staking(&env));
                        assert_eq!(
                            s,
                            Stake {
                                principal: stake.principal - written,
                                unbonding: stake.unbonding - received - shortfall,
                                ..stake
                            }
                        );
                    }
                    None => {
                        assert!(staking_before.claimable.is_zero() && overdue == 0 && written == 0);
                        if !slashed {
                            assert_eq!(due, 0, "a completed unbonding not claimed");
                        }
                    }
                }
            }
            Op::WithdrawRewards => {
                let a = asset_state(&before, &atom);
                let (liquid, deployed) = (a.liquid.u128(), a.deployed.u128());
                let balance = env.balance(&atom, &env.vault);
                let msg = ExecuteMsg::WithdrawRewards {};
                let res = env.vault_execute(&users[KEEPER], &msg, &[]);
                passed.push(res.is_ok());
                match res {
                    Ok(res) => {
                        assert!(
                            stake.principal > 0,
                            "rewards withdrawn without a delegation"
                        );
                        let rewards = number(&env, &res, "rewards");
                        let a = asset_state(&env.vault_state(), &atom).clone();
                        assert_eq!(a.liquid.u128(), liquid + rewards);
                        assert_eq!(a.deployed.u128(), deployed);
                        assert_eq!(env.balance(&atom, &env.vault), balance + rewards);
                        assert_eq!(Stake::of(&staking(&env)), stake);
                    }
                    Err(err) => match err.downcast_ref::<ContractError>() {
                        // only delegations the chain reports rewards on are asked
                        Some(ContractError::NothingToClaim {}) => assert!(
                            staking_before
                                .delegations
                                .iter()
                                .all(|d| d.rewards.is_zero()),
                            "rewards reported but none withdrawn"
                        ),
                        Some(_) => {}
                        None => panic!("a reward withdrawal the chain refused: {err:?}"),
                    },
                }
                if stake.principal == 0 {
                    assert!(
                        !passed[passed.len() - 1],
                        "rewards withdrawn with nothing delegated"
                    );
                }
            }
            Op::Slash { percent } => {
                env.app
                    .sudo(SudoMsg::Staking(StakingSudo::Slash {
                        validator: VALIDATOR.to_string(),
                        percentage: Decimal::percent(percent.into()),
                    }))
                    .unwrap();
                slashed = true;
                // the vault's records do not move; the chain's delegation may only fall
                let s = Stake::of(&staking(&env));
                assert_eq!(
                    (s.principal, s.unbonding),
                    (stake.principal, stake.unbonding)
                );
                assert!(s.delegated <= stake.delegated);
                let a = asset_state(&env.vault_state(), &atom).clone();
                let b = asset_state(&before, &atom);
                assert_eq!((a.liquid, a.deployed), (b.liquid, b.deployed));
                passed.push(true);
            }
        }
        let after = env.vault_state();
        match op {
            // proportional: the composition of what pays is kept, up to rounding dust
            Op::Redeem { single: None, .. } => {
                let shares = liquid_shares(&env, &before)
                    .into_iter()
                    .zip(liquid_shares(&env, &after));
                for (a, (share_before, share_after)) in after.assets.iter().zip(shares) {
                    assert!(
                        share_after.get() <= share_before.get() + 1,
                        "{} share moved",
                        a.asset
                    );
                }
            }
            // both states are read at the same prices, and neither moves the pool
            Op::Mint { .. } | Op::Redeem { .. } => {
                check_caps(&before, &after, matches!(op, Op::Mint { .. }))
            }
            // staking moves only ATOM
            Op::Delegate { .. }
            | Op::Undelegate { .. }
            | Op::ClaimUnbonded
            | Op::WithdrawRewards
            | Op::Slash { .. } => {
                for (b, a) in before.assets.iter().zip(&after.assets) {
                    if a.asset != atom {
                        assert_eq!((a.liquid, a.deployed), (b.liquid, b.deployed));
                    }
                }
            }
            // a swap moves none of the vault's accounts, only what its position is worth
            Op::Swap { .. } => {
                for (b, a) in before.assets.iter().zip(&after.assets) {
                    assert_eq!((a.liquid, a.deployed), (b.liquid, b.deployed));
                }
            }
            _ => {}
        }
        // mints and redemptions never touch what is deployed: only liquid funds pay
        if let Op::Mint { .. } | Op::Redeem { .. } = op {
            for (b, a) in before.assets.iter().zip(&after.assets) {
                assert_eq!(a.deployed, b.deployed, "{} deployed moved", a.asset);
            }
        }
        // invariant 4: accounted balances never exceed what the vault holds: deployed coins are
        // the chain's, the liquid ones and those owed to IBC redeemers the vault's own
        for a in &after.assets {
            assert!(
                a.liquid.u128() + a.claims.u128() <= env.balance(&a.asset, &env.vault),
                "{} liquid and {} claims of {}",
                a.liquid,
                a.claims,
                a.asset
            );
        }
        let staking_after = staking(&env);
        check_staking(&after, &atom, &staking_after);
        // invariant 5: USDm supply moves only by what the vault minted and burnt
        assert_eq!(env.usdm_supply(), expected_supply);
        assert_eq!(after.tiers.len(), Tier::ALL.len());
        // the ratio, surplus and deficit are of the collateral and the USDm that circulates
        let circulating = Uint128::new(circulating(&after));
        assert_eq!(
            after.collateral_ratio,
            Decimal::checked_from_ratio(after.total_value, circulating).ok()
        );
        assert_eq!(after.surplus, after.total_value.saturating_sub(circulating));
        assert_eq!(after.deficit, circulating.saturating_sub(after.total_value));
        check_pool(&env, &pool, &users, prices[0], &after);
        let (a, s) = (asset_state(&after, &atom), Stake::of(&staking_after));
        steps.push(Step {
            passed: *passed.last().expect("every operation has an outcome"),
            liquid: a.liquid.u128(),
            deployed: a.deployed.u128(),
            principal: s.principal,
            unbonding: s.unbonding,
            delegated: s.delegated,
        });
    }
    assert_eq!(steps.len(), passed.len());
    steps
}
