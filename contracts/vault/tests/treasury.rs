//! Protocol-owned liquidity: governance registers Mars Swap pools of USDm and a whitelisted
//! asset, provides to them and withdraws; positions are valued from the pool invariant and
//! oracle prices, and their USDm does not circulate.

mod common;

use cosmwasm_std::{
    coin, to_json_binary, Addr, Binary, Decimal, Deps, DepsMut, Empty, Env, MessageInfo, Response,
    StdError, StdResult, Uint128,
};
use cw20::Cw20ExecuteMsg;
use cw_multi_test::{AppResponse, ContractWrapper, Executor};
use mars_testing::MarsEnv;
use mars_types::astroport::{
    Asset, AssetInfo as PairAsset, Cw20HookMsg, ExecuteMsg as PairMsg, PoolResponse as PairPool,
    QueryMsg as PairQuery,
};
use mars_types::swap::Curve;
use mars_types::treasury::{PoolParams, PoolResponse};
use mars_types::vault::{ExecuteMsg, QueryMsg, RedeemMode};
use mars_types::{AssetInfo, Bps};
use mars_vault::ContractError;

use common::{attr, contract_attr, vault_err};

const STABLE: Curve = Curve::Stable {
    amp: 100,
    decimals: [6, 6],
};

fn bps(v: u16) -> Bps {
    Bps::new(v).unwrap()
}

fn params(max_usdm: u128, peg: u16, deployed: u16) -> PoolParams {
    PoolParams {
        max_usdm: Uint128::new(max_usdm),
        max_bps_from_peg: bps(peg),
        max_deployed_bps: bps(deployed),
    }
}

/// $1 in USDm base units.
const USD: u128 = 1_000_000;

struct Setup {
    env: MarsEnv,
    usdc: AssetInfo,
    pair: Addr,
}

impl Setup {
    /// A vault holding 1,000,000 USDC (alice's mint) and a registered, empty USDC/USDm stable
    /// pool: at most 500,000 USDm in it, 1% from the peg, 50% of the USDC deployed.
    fn stable() -> Self {
        let mut env = MarsEnv::builder().build();
        let usdc = env.asset("usdc").info.clone();
        let alice = env.addr("alice");
        env.mint(&alice, &usdc, 1_000_000 * USD, None, None)
            .unwrap();
        let pair = env.usdm_pair(&usdc, STABLE);
        let mut s = Setup { env, usdc, pair };
        s.owner(ExecuteMsg::RegisterPool {
            pair: s.pair.to_string(),
            params: params(500_000 * USD, 100, 5_000),
        })
        .unwrap();
        s
    }

    fn owner(&mut self, msg: ExecuteMsg) -> anyhow::Result<AppResponse> {
        let owner = self.env.owner.clone();
        self.env.vault_execute(&owner, &msg, &[])
    }

    fn provide(&mut self, asset_amount: u128, min_lp: u128) -> anyhow::Result<AppResponse> {
        self.owner(ExecuteMsg::ProvideLiquidity {
            pair: self.pair.to_string(),
            asset_amount: Uint128::new(asset_amount),
            min_lp: Uint128::new(min_lp),
        })
    }

    fn withdraw(
        &mut self,
        lp: u128,
        min_asset: u128,
        min_usdm: u128,
    ) -> anyhow::Result<AppResponse> {
        self.owner(ExecuteMsg::WithdrawLiquidity {
            pair: self.pair.to_string(),
            lp_amount: Uint128::new(lp),
            min_asset: Uint128::new(min_asset),
            min_usdm: Uint128::new(min_usdm),
        })
    }

    fn position(&self) -> PoolResponse {
        self.env
            .vault_query(&QueryMsg::Pool {
                pair: self.pair.to_string(),
            })
            .unwrap()
    }

    fn reserves(&self) -> (u128, u128, u128) {
        let p: PairPool = self
            .env
            .app
            .wrap()
            .query_wasm_smart(&self.pair, &PairQuery::Pool {})
            .unwrap();
        (
            p.assets[0].amount.u128(),
            p.assets[1].amount.u128(),
            p.total_share.u128(),
        )
    }

    fn liquid(&self, asset: &AssetInfo) -> u128 {
        let state = self.env.vault_state();
        state
            .assets
            .iter()
            .find(|a| &a.asset == asset)
            .unwrap()
            .liquid
            .u128()
    }

    /// `who` sells `amount` of the pool's native asset for USDm.
    fn buy_usdm(&mut self, who: &Addr, amount: u128) {
        let AssetInfo::Native { denom } = self.usdc.clone() else {
            unreachable!()
        };
        let msg = PairMsg::Swap {
            offer_asset: Asset {
                info: PairAsset::NativeToken {
                    denom: denom.clone(),
                },
                amount: Uint128::new(amount),
            },
            ask_asset_info: None,
            belief_price: None,
            max_spread: Some(Decimal::percent(50)),
            to: None,
        };
        self.env
            .app
            .execute_contract(who.clone(), self.pair.clone(), &msg, &[coin(amount, denom)])
            .unwrap();
    }

    /// `who` sells `amount` USDm to the pool.
    fn sell_usdm(&mut self, who: &Addr, amount: u128) {
        let msg = Cw20ExecuteMsg::Send {
            contract: self.pair.to_string(),
            amount: Uint128::new(amount),
            msg: to_json_binary(&Cw20HookMsg::Swap {
                ask_asset_info: None,
                belief_price: None,
                max_spread: Some(Decimal::percent(50)),
                to: None,
            })
            .unwrap(),
        };
        let usdm = self.env.usdm.clone();
        self.env.cw20_execute(who, &usdm, &msg).unwrap();
    }
}

#[test]
fn governance_provides_usdc_and_protocol_owned_usdm_to_a_stable_pool() {
    let mut s = Setup::stable();
    let supply_before = s.env.usdm_supply();
    let state_before = s.env.vault_state();

    let res = s.provide(200_000 * USD, 1).unwrap();
    assert_eq!(attr(&res, "action"), "treasury_provide");
    assert_eq!(attr(&res, "usdm_minted"), (200_000 * USD).to_string());
    let vault = s.env.vault.clone();
    assert_eq!(
        contract_attr(&res, &vault, "asset_used"),
        (200_000 * USD).to_string()
    );
    assert_eq!(contract_attr(&res, &vault, "usdm_burned"), "0");

    // the pool holds both sides; the vault holds its LP tokens and no USDm
    // a stableswap pool's first LP tokens are its invariant, here the sum of both sides
    let total = 400_000 * USD;
    assert_eq!(s.reserves(), (200_000 * USD, 200_000 * USD, total));
    let position = s.position();
    assert_eq!(position.lp_units.u128(), total - 1_000);
    assert_eq!(position.principal_asset.u128(), 200_000 * USD);
    assert_eq!(position.principal_usdm.u128(), 200_000 * USD);
    assert_eq!(s.env.usdm_balance(&vault), 0);
    assert_eq!(s.liquid(&s.usdc.clone()), 800_000 * USD);

    // the supply grew by the pool's USDm, which does not circulate: the ratio is unchanged
    // but for the locked minimum liquidity (its share of each side, worth less than a cent)
    let state = s.env.vault_state();
    assert_eq!(state.usdm_supply.u128(), supply_before + 200_000 * USD);
    let value = position.value.unwrap();
    let side = 200_000 * USD * (total - 1_000) / total;
    assert_eq!(value.usdm_amount, state.protocol_usdm);
    assert_eq!(state.protocol_usdm.u128(), side);
    assert_eq!(value.asset_amount.u128(), side);
    assert_eq!(
        state.total_value.u128(),
        state_before.total_value.u128() - (200_000 * USD - side)
    );
    assert_eq!(value.loss.u128(), 2 * (200_000 * USD - side));
    assert!(state.collateral_ratio.unwrap() <= state_before.collateral_ratio.unwrap());
    assert!(state.collateral_ratio.unwrap() > Decimal::one());
}

#[test]
fn usdm_bought_from_the_pool_circulates_and_the_asset_paid_for_it_backs_it() {
    let mut s = Setup::stable();
    s.provide(200_000 * USD, 0).unwrap();
    let before = s.env.vault_state();
    let bob = s.env.addr("bob");
    s.buy_usdm(&bob, 10_000 * USD);
    let bought = s.env.usdm_balance(&bob);
    assert!(bought > 9_990 * USD && bought < 10_000 * USD, "{bought}");

    let after = s.env.vault_state();
    // what bob bought left the protocol's side and circulates now
    let circulating = |st: &mars_types::vault::StateResponse| st.usdm_supply - st.protocol_usdm;
    // (all of it but the share of the pool's locked LP tokens, a few units)
    assert!(circulating(&after).u128() + 100 >= circulating(&before).u128() + bought);
    // and the USDC he paid is the vault's: the surplus is what it was, give or take the
    // pool's fee and rounding
    let pooled = |st: &mars_types::vault::StateResponse| {
        st.assets.iter().map(|a| a.pooled.u128()).sum::<u128>()
    };
    assert!(pooled(&after) <= pooled(&before) + 10_000 * USD);
    assert!(after.surplus.u128().abs_diff(before.surplus.u128()) <= 10 * USD);
    assert!(after.collateral_ratio.unwrap() > Decimal::one());

    // bob redeems what he bought: paid from liquid USDC, at par less the fee
    let bob_usdc = s.env.balance(&s.usdc.clone(), &bob);
    s.env
        .redeem(
            &bob,
            bought,
            RedeemMode::Proportional { min_out: vec![] },
            None,
        )
        .unwrap();
    let paid = s.env.balance(&s.usdc.clone(), &bob) - bob_usdc;
    let fair = bought - bought / 200; // the 0.5% proportional fee
    assert!(paid <= fair && paid + 2 >= fair, "paid {paid}, fair {fair}");
}

#[test]
fn withdrawal_burns_the_usdm_that_comes_back_and_credits_the_asset() {
    let mut s = Setup::stable();
    s.provide(200_000 * USD, 0).unwrap();
    let bob = s.env.addr("bob");
    s.buy_usdm(&bob, 10_000 * USD);
    let lp = s.position().lp_units.u128();
    let supply = s.env.usdm_supply();
    let liquid = s.liquid(&s.usdc.clone());
    let (pool_usdc, pool_usdm, total) = s.reserves();
    let (usdc_out, usdm_out) = (pool_usdc * lp / total, pool_usdm * lp / total);

    // half, then the rest
    let res = s.withdraw(lp / 2, 0, 0).unwrap();
    let vault = s.env.vault.clone();
    assert_eq!(attr(&res, "action"), "treasury_withdraw");
    assert_eq!(
        contract_attr(&res, &vault, "principal_asset"),
        (100_000 * USD).to_string()
    );
    s.withdraw(lp - lp / 2, 0, 0).unwrap();

    let position = s.position();
    assert_eq!(position.lp_units.u128(), 0);
    assert_eq!(position.principal_asset.u128(), 0);
    assert_eq!(position.principal_usdm.u128(), 0);
    assert_eq!(position.value, None);
    let received = s.liquid(&s.usdc.clone()) - liquid;
    assert!(received.abs_diff(usdc_out) <= 2, "{received} vs {usdc_out}");
    let burnt = supply - s.env.usdm_supply();
    assert!(burnt.abs_diff(usdm_out) <= 2, "{burnt} vs {usdm_out}");
    assert_eq!(s.env.usdm_balance(&vault), 0);
    let state = s.env.vault_state();
    assert_eq!(state.protocol_usdm.u128(), 0);

    // the pool keeps the locked minimum liquidity's dust: the vault can provide to it again
    s.provide(10_000 * USD, 0).unwrap();
    assert_eq!(s.position().principal_asset.u128(), 10_000 * USD);
    let lp = s.position().lp_units.u128();
    s.withdraw(lp, 0, 0).unwrap();

    // an empty position's pool can be forgotten, and then its asset removed as ever
    s.owner(ExecuteMsg::RemovePool {
        pair: s.pair.to_string(),
    })
    .unwrap();
    let pools: Vec<PoolResponse> = s.env.vault_query(&QueryMsg::Pools {}).unwrap();
    assert!(pools.is_empty());
}

#[test]
fn every_bound_of_a_provide_is_refused_with_its_error_and_nothing_moves() {
    let mut s = Setup::stable();
    let before = (common::snapshot(&s.env, &[]), s.position(), s.reserves());
    // more than the vault holds liquid
    let err = vault_err(s.provide(1_000_001 * USD, 0));
    assert!(
        matches!(err, ContractError::InsufficientLiquidity { .. }),
        "{err:?}"
    );
    // more than half of the USDC deployed
    s.owner(ExecuteMsg::UpdatePool {
        pair: s.pair.to_string(),
        params: params(1_000_000 * USD, 100, 5_000),
    })
    .unwrap();
    let err = vault_err(s.provide(500_001 * USD, 0));
    assert_eq!(
        err,
        ContractError::DeployedAboveMax {
            asset: s.usdc.to_string(),
            deployed: Uint128::new(500_001 * USD),
            held: Uint128::new(999_000 * USD + 1_000 * USD),
            max_bps: bps(5_000),
        }
    );
    // more USDm than the pool may get
    s.owner(ExecuteMsg::UpdatePool {
        pair: s.pair.to_string(),
        params: params(100_000 * USD, 100, 5_000),
    })
    .unwrap();
    let err = vault_err(s.provide(100_001 * USD, 0));
    assert_eq!(
        err,
        ContractError::PoolUsdmAboveMax {
            pair: s.pair.to_string(),
            usdm: Uint128::new(100_001 * USD),
            max: Uint128::new(100_000 * USD),
        }
    );
    // fewer LP tokens than asked for
    let err = vault_err(s.provide(1_000 * USD, 3_000 * USD));
    assert!(matches!(err, ContractError::MinLpNotMet { .. }), "{err:?}");
    // nothing but the owner may provide
    let alice = s.env.addr("alice");
    let msg = ExecuteMsg::ProvideLiquidity {
        pair: s.pair.to_string(),
        asset_amount: Uint128::new(USD),
        min_lp: Uint128::zero(),
    };
    let err = vault_err(s.env.vault_execute(&alice, &msg, &[]));
    assert!(matches!(err, ContractError::Ownership(_)), "{err:?}");
    // an unknown pair and a zero amount
    let err = vault_err(s.owner(ExecuteMsg::ProvideLiquidity {
        pair: alice.to_string(),
        asset_amount: Uint128::new(USD),
        min_lp: Uint128::zero(),
    }));
    assert!(matches!(err, ContractError::UnknownPool { .. }), "{err:?}");
    assert_eq!(vault_err(s.provide(0, 0)), ContractError::ZeroAmount {});

    s.owner(ExecuteMsg::UpdatePool {
        pair: s.pair.to_string(),
        params: params(500_000 * USD, 100, 5_000),
    })
    .unwrap();
    assert_eq!(
        (common::snapshot(&s.env, &[]), s.position(), s.reserves()),
        before
    );
}

#[test]
fn withdrawal_bounds_and_pool_registration_are_checked() {
    let mut s = Setup::stable();
    s.provide(100_000 * USD, 0).unwrap();
    let lp = s.position().lp_units.u128();
    let err = vault_err(s.withdraw(lp + 1, 0, 0));
    assert!(matches!(err, ContractError::LpAboveHeld { .. }), "{err:?}");
    let err = vault_err(s.withdraw(lp, 0, 100_000 * USD));
    assert!(matches!(err, ContractError::MinOutNotMet { .. }), "{err:?}");
    assert_eq!(s.position().lp_units.u128(), lp);

    // a pool still held cannot be forgotten, nor its asset removed
    let err = vault_err(s.owner(ExecuteMsg::RemovePool {
        pair: s.pair.to_string(),
    }));
    assert!(
        matches!(err, ContractError::PoolStillHeld { .. }),
        "{err:?}"
    );
    let err = vault_err(s.owner(ExecuteMsg::RemoveAsset {
        asset: s.usdc.clone().into(),
    }));
    assert!(matches!(err, ContractError::AssetInPool { .. }), "{err:?}");

    // registered once; XMS, priced from its own pool, never; pairs without USDm never
    let err = vault_err(s.owner(ExecuteMsg::RegisterPool {
        pair: s.pair.to_string(),
        params: params(USD, 100, 5_000),
    }));
    assert!(
        matches!(err, ContractError::PoolAlreadyRegistered { .. }),
        "{err:?}"
    );
    let xms = s.env.asset("xms").info.clone();
    let xms_pair = s.env.usdm_pair(&xms, Curve::Xyk {});
    let err = vault_err(s.owner(ExecuteMsg::RegisterPool {
        pair: xms_pair.to_string(),
        params: params(USD, 100, 5_000),
    }));
    assert!(
        matches!(err, ContractError::GovernanceTierPool { .. }),
        "{err:?}"
    );
    let err = vault_err(s.owner(ExecuteMsg::RegisterPool {
        pair: s.env.oracle.to_string(),
        params: params(USD, 100, 5_000),
    }));
    assert!(matches!(err, ContractError::NotAUsdmPool { .. }), "{err:?}");
    let err = vault_err(s.owner(ExecuteMsg::RegisterPool {
        pair: xms_pair.to_string(),
        params: params(0, 100, 5_000),
    }));
    assert!(
        matches!(err, ContractError::InvalidPoolParams { .. }),
        "{err:?}"
    );
}

#[test]
fn attack_pool_pushed_off_peg_before_a_provide() {
    let mut s = Setup::stable();
    s.provide(100_000 * USD, 0).unwrap();
    // an attacker dumps USDm into the pool: USDC is now dear in USDm, beyond the 1% bound
    let alice = s.env.addr("alice");
    s.sell_usdm(&alice, 90_000 * USD);
    let err = vault_err(s.provide(50_000 * USD, 0));
    assert!(
        matches!(err, ContractError::PoolOffPeg { max_bps, .. } if max_bps == bps(100)),
        "{err:?}"
    );
}

#[test]
fn attack_sandwich_of_the_vaults_provide() {
    // ATOM at $10 in a constant-product pool: the attacker moves the price just inside the 1%
    // bound, the vault provides at that ratio, the attacker swaps back
    let mut env = MarsEnv::builder().without_share_caps().build();
    let atom = env.asset("atom").info.clone();
    let usdc = env.asset("usdc").info.clone();
    let alice = env.addr("alice");
    env.mint(&alice, &usdc, 4_000_000 * USD, None, None)
        .unwrap();
    env.mint(&alice, &atom, 100_000 * USD, None, None).unwrap();
    let pair = env.usdm_pair(&atom, Curve::Xyk {});
    let mut s = Setup {
        env,
        usdc: atom.clone(),
        pair,
    };
    s.owner(ExecuteMsg::RegisterPool {
        pair: s.pair.to_string(),
        params: params(10_000_000 * USD, 100, 8_000),
    })
    .unwrap();
    s.provide(20_000 * USD, 0).unwrap();
    let principal_value = s.position().value.unwrap().value.u128();

    // 0.4% of the pool's ATOM bought with USDm: the price moves about 0.8%
    let attacker = s.env.addr("bob");
    let bought = s.env.usdm_balance(&alice);
    s.env
        .cw20_execute(
            &alice,
            &s.env.usdm.clone(),
            &Cw20ExecuteMsg::Transfer {
                recipient: attacker.to_string(),
                amount: Uint128::new(bought),
            },
        )
        .unwrap();
    s.sell_usdm(&attacker, 800 * USD);
    s.provide(20_000 * USD, 0).unwrap();
    let atom_bought = s.env.balance(&atom, &attacker) - 1_000_000_000_000 * USD;
    s.buy_usdm(&attacker, atom_bought);

    // the vault's two provides are worth what they cost, less at most the bound on each
    let position = s.position();
    let value = position.value.unwrap();
    let cost = value.value.u128() + value.loss.u128() - value.gain.u128();
    assert!(cost >= 2 * principal_value - 2 * principal_value / 100);
    assert!(
        value.loss.u128() <= cost / 100,
        "lost {} of {}",
        value.loss,
        cost
    );
    // and pushing past the bound is refused outright
    s.sell_usdm(&attacker, 2_000 * USD);
    let err = vault_err(s.provide(20_000 * USD, 0));
    assert!(matches!(err, ContractError::PoolOffPeg { .. }), "{err:?}");
}

#[test]
fn attack_inflating_a_position_with_a_same_block_swap() {
    let mut s = Setup::stable();
    s.provide(200_000 * USD, 0).unwrap();
    let before = s.env.vault_state();
    let position_before = s.position().value.unwrap();
    // a large swap each way in the same block: the position is worth no more than its
    // invariant at the oracle price (plus what the swap left in the pool: its fee and the
    // curve's rounding, in the pool's favour), so neither the vault's surplus nor what a
    // redeemer gets can be inflated
    let alice = s.env.addr("alice");
    let held = s.env.usdm_balance(&alice);
    let fee = 2 * 150_000 * USD * 5 / 10_000;
    s.buy_usdm(&alice, 150_000 * USD);
    let after_buy = s.env.vault_state();
    let position = s.position().value.unwrap();
    assert!(position.value <= position_before.value + Uint128::new(fee));
    assert!(after_buy.surplus <= before.surplus + Uint128::new(fee));
    // buying USDm lowers the ratio: what was bought circulates, the USDC paid is at most D/2
    assert!(after_buy.collateral_ratio.unwrap() < before.collateral_ratio.unwrap());
    let bought = s.env.usdm_balance(&alice) - held;
    s.sell_usdm(&alice, bought);
    s.sell_usdm(&alice, 150_000 * USD);
    let after_sell = s.env.vault_state();
    let position = s.position().value.unwrap();
    assert!(position.value <= position_before.value + Uint128::new(3 * fee));
    assert!(after_sell.surplus <= before.surplus + Uint128::new(3 * fee));
    // and the USDm side is what the pool holds, never more
    let (_, pool_usdm, _) = s.reserves();
    assert!(position.usdm_amount.u128() <= pool_usdm);
}

#[test]
fn attack_minting_around_the_share_cap_through_a_pool() {
    // ATOM may be 20% of the vault. A pool of ATOM is a mint path: were all the vault's USDm
    // in it bought with ATOM, ATOM's share must still fit
    let mut env = MarsEnv::builder().build();
    let atom = env.asset("atom").info.clone();
    let usdc = env.asset("usdc").info.clone();
    let alice = env.addr("alice");
    env.mint(&alice, &usdc, 1_000_000 * USD, None, None)
        .unwrap();
    // $200,000 of ATOM: 16.7% of the vault's $1,200,000
    env.mint(&alice, &atom, 20_000 * USD, None, None).unwrap();
    let pair = env.usdm_pair(&atom, Curve::Xyk {});
    let mut s = Setup {
        env,
        usdc: atom,
        pair,
    };
    s.owner(ExecuteMsg::RegisterPool {
        pair: s.pair.to_string(),
        params: params(10_000_000 * USD, 100, 10_000),
    })
    .unwrap();
    // $40,000 of USDm in the pool, bought with ATOM, would make it 19.4% of $1,240,000: allowed
    s.provide(4_000 * USD, 0).unwrap();
    // $60,000 (this provide's and the last one's) would make it 20.6%: refused
    let err = vault_err(s.provide(2_000 * USD, 0));
    assert!(
        matches!(err, ContractError::AssetShareCapExceeded { .. }),
        "{err:?}"
    );
}

/// A pair replaced by a code that answers nothing and keeps its pool in a layout the vault
/// does not know (Astroport's exit-only pairs refuse simulations; this one refuses every
/// message and query, and its migration rewrites the pool record in a later layout version).
fn broken_pair() -> Box<dyn cw_multi_test::Contract<Empty>> {
    fn refuse<T>() -> StdResult<T> {
        Err(StdError::generic_err("this pair is closed"))
    }
    Box::new(
        ContractWrapper::new(
            |_: DepsMut, _: Env, _: MessageInfo, _: Empty| refuse::<Response>(),
            |_: DepsMut, _: Env, _: MessageInfo, _: Empty| refuse::<Response>(),
            |_: Deps, _: Env, _: Empty| refuse::<Binary>(),
        )
        .with_migrate(|deps: DepsMut, _: Env, _: Empty| {
            deps.storage.set(mars_types::swap::POOL_KEY, &[9]);
            Ok::<_, StdError>(Response::new())
        }),
    )
}

#[test]
fn an_unreadable_pool_counts_as_nothing_and_halts_no_redemption() {
    let mut s = Setup::stable();
    s.provide(200_000 * USD, 0).unwrap();
    let code = s.env.app.store_code(broken_pair());
    let owner = s.env.owner.clone();
    s.env
        .app
        .migrate_contract(owner, s.pair.clone(), &Empty {}, code)
        .unwrap();

    // neither side counts: the pool's USDC is worth nothing and its USDm circulates
    let state = s.env.vault_state();
    assert_eq!(state.protocol_usdm.u128(), 0);
    assert!(state.assets.iter().all(|a| a.pooled.is_zero()));
    assert_eq!(state.total_value.u128(), 800_000 * USD);
    assert_eq!(s.position().value, None);
    let ratio = state.collateral_ratio.unwrap();
    assert!(ratio < Decimal::one());

    // minting is refused below full collateral; redemptions go on, at the haircut
    let alice = s.env.addr("alice");
    let usdc = s.usdc.clone();
    let err = vault_err(s.env.mint(&alice, &usdc, 1_000 * USD, None, None));
    assert!(
        matches!(err, ContractError::Undercollateralized { .. }),
        "{err:?}"
    );
    let before = s.env.balance(&usdc, &alice);
    s.env
        .redeem(
            &alice,
            1_000 * USD,
            RedeemMode::Proportional { min_out: vec![] },
            None,
        )
        .unwrap();
    let paid = s.env.balance(&usdc, &alice) - before;
    let fair = (Decimal::from_ratio(995 * USD, 1u128) * ratio)
        .to_uint_floor()
        .u128();
    assert!(paid <= fair && paid + 2 >= fair, "paid {paid}, fair {fair}");
}

/// Invariant 6 for the treasury: every message of governance's is refused to a stranger and to
/// the guardian with nothing moved, and the owner's identical call then changes something.
#[test]
fn every_treasury_message_is_refused_to_all_but_governance() {
    use mars_testing::env::{UNBONDING_TIME, VALIDATOR};
    use mars_types::treasury::{LendingParams, StakingParams};

    let mut s = Setup::stable();
    let atom = s.env.asset("atom").info.clone();
    let alice = s.env.addr("alice");
    s.env.mint(&alice, &atom, 10_000 * USD, None, None).unwrap();
    let code = s
        .env
        .app
        .store_code(mars_testing::contracts::lending_double_contract());
    let market = s
        .env
        .app
        .instantiate_contract(
            code,
            alice.clone(),
            &mars_lending_double::InstantiateMsg {
                owner: alice.to_string(),
            },
            &[],
            "market",
            None,
        )
        .unwrap();
    let AssetInfo::Native { denom } = s.usdc.clone() else {
        unreachable!()
    };
    let pair = s.pair.to_string();
    let steps = vec![
        ExecuteMsg::UpdatePool {
            pair: pair.clone(),
            params: params(400_000 * USD, 200, 5_000),
        },
        ExecuteMsg::ProvideLiquidity {
            pair: pair.clone(),
            asset_amount: Uint128::new(1_000 * USD),
            min_lp: Uint128::zero(),
        },
        ExecuteMsg::WithdrawLiquidity {
            pair: pair.clone(),
            lp_amount: Uint128::new(1_000 * USD),
            min_asset: Uint128::zero(),
            min_usdm: Uint128::zero(),
        },
        ExecuteMsg::SetStaking {
            params: StakingParams {
                validators: vec![VALIDATOR.to_string()],
                unbonding_period: UNBONDING_TIME,
                max_deployed_bps: Bps::new(8_000).unwrap(),
                min_liquid_bps: Bps::new(1_000).unwrap(),
            },
        },
        ExecuteMsg::Delegate {
            validator: VALIDATOR.to_string(),
            amount: Uint128::new(1_000 * USD),
        },
        ExecuteMsg::SetLending {
            market: market.to_string(),
            denom: denom.clone(),
            params: LendingParams {
                max_deployed_bps: Bps::new(5_000).unwrap(),
                min_liquid_bps: Bps::new(1_000).unwrap(),
            },
        },
        ExecuteMsg::LendingDeposit {
            market: market.to_string(),
            denom,
            amount: Uint128::new(1_000 * USD),
        },
    ];
    let (owner, guardian, stranger) = (
        s.env.owner.clone(),
        s.env.guardian.clone(),
        s.env.addr("eve"),
    );
    let record = |s: &Setup| {
        let staking: Option<mars_types::treasury::StakingResponse> =
            s.env.vault_query(&QueryMsg::Staking {}).ok();
        let lending: Vec<mars_types::treasury::LendingResponse> =
            s.env.vault_query(&QueryMsg::Lending {}).unwrap();
        (
            common::snapshot(&s.env, &[]),
            s.position(),
            staking,
            lending,
        )
    };
    for msg in &steps {
        let before = record(&s);
        for sender in [&stranger, &guardian] {
            let err = vault_err(s.env.vault_execute(sender, msg, &[]));
            assert!(
                matches!(err, ContractError::Ownership(_)),
                "{msg:?}: {err:?}"
            );
            assert_eq!(record(&s), before, "{msg:?}");
        }
        s.env
            .vault_execute(&owner, msg, &[])
            .unwrap_or_else(|e| panic!("{msg:?}: {e:?}"));
        assert_ne!(record(&s), before, "the owner's {msg:?} changed nothing");
    }
    // registering and forgetting a pool are the owner's too
    for msg in [
        ExecuteMsg::RemovePool { pair: pair.clone() },
        ExecuteMsg::RegisterPool {
            pair,
            params: params(USD, 100, 5_000),
        },
    ] {
        for sender in [&stranger, &guardian] {
            let err = vault_err(s.env.vault_execute(sender, &msg, &[]));
            assert!(
                matches!(err, ContractError::Ownership(_)),
                "{msg:?}: {err:?}"
            );
        }
    }
}
