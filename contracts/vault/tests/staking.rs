//! Staking the chain's bonded denom (ATOM on the test chain): governance delegates and
//! undelegates, anyone claims completed unbondings and rewards and, below the liquid floor,
//! recalls; what arrives is counted by balance, so a slash shows as a loss.

mod common;

use cosmwasm_std::{Decimal, Uint128};
use cw_multi_test::{AppResponse, StakingSudo, SudoMsg};
use mars_testing::env::{UNBONDING_TIME, VALIDATOR};
use mars_testing::MarsEnv;
use mars_types::treasury::{StakingParams, StakingResponse, UNBONDING_GRACE};
use mars_types::vault::{AssetState, ExecuteMsg, QueryMsg, RedeemMode};
use mars_types::{AssetInfo, Bps};
use mars_vault::ContractError;

use common::{attr, pass_time, vault_err};

/// One whole ATOM (6 decimals).
const ATOM: u128 = 1_000_000;

struct Setup {
    env: MarsEnv,
    atom: AssetInfo,
}

impl Setup {
    /// A vault holding 1,000,000 USDC and 10,000 ATOM ($100,000), staking set: the one
    /// validator, the chain's unbonding time, 80% of the ATOM deployable, a 20% liquid floor.
    fn new() -> Self {
        let mut env = MarsEnv::builder().build();
        let usdc = env.asset("usdc").info.clone();
        let atom = env.asset("atom").info.clone();
        let alice = env.addr("alice");
        env.mint(&alice, &usdc, 1_000_000 * ATOM, None, None)
            .unwrap();
        env.mint(&alice, &atom, 10_000 * ATOM, None, None).unwrap();
        let mut s = Setup { env, atom };
        s.owner(ExecuteMsg::SetStaking {
            params: StakingParams {
                validators: vec![VALIDATOR.to_string()],
                unbonding_period: UNBONDING_TIME,
                max_deployed_bps: Bps::new(8_000).unwrap(),
                min_liquid_bps: Bps::new(2_000).unwrap(),
            },
        })
        .unwrap();
        s
    }

    fn owner(&mut self, msg: ExecuteMsg) -> anyhow::Result<AppResponse> {
        let owner = self.env.owner.clone();
        self.env.vault_execute(&owner, &msg, &[])
    }

    fn anyone(&mut self, msg: ExecuteMsg) -> anyhow::Result<AppResponse> {
        let bob = self.env.addr("bob");
        self.env.vault_execute(&bob, &msg, &[])
    }

    fn delegate(&mut self, amount: u128) -> anyhow::Result<AppResponse> {
        self.owner(ExecuteMsg::Delegate {
            validator: VALIDATOR.to_string(),
            amount: Uint128::new(amount),
        })
    }

    fn undelegate(&mut self, owner: bool, amount: u128) -> anyhow::Result<AppResponse> {
        let msg = ExecuteMsg::Undelegate {
            validator: VALIDATOR.to_string(),
            amount: Uint128::new(amount),
        };
        if owner {
            self.owner(msg)
        } else {
            self.anyone(msg)
        }
    }

    fn atom_state(&self) -> AssetState {
        let atom = self.atom.clone();
        let state = self.env.vault_state();
        state.assets.into_iter().find(|a| a.asset == atom).unwrap()
    }

    fn staking(&self) -> StakingResponse {
        self.env.vault_query(&QueryMsg::Staking {}).unwrap()
    }

    /// Time passes by `seconds` and the basket's prices are published anew.
    fn wait(&mut self, seconds: u64) {
        pass_time(&mut self.env, seconds);
    }
}

#[test]
fn governance_delegates_atom_and_the_unbonded_coins_come_back_liquid() {
    let mut s = Setup::new();
    let value = s.env.vault_state().total_value;

    let res = s.delegate(4_000 * ATOM).unwrap();
    assert_eq!(attr(&res, "action"), "strategy_delegate");
    let atom = s.atom_state();
    assert_eq!(
        (atom.liquid.u128(), atom.deployed.u128()),
        (6_000 * ATOM, 4_000 * ATOM)
    );
    // deployed coins are still the vault's: the value is unchanged
    assert_eq!(s.env.vault_state().total_value, value);
    let staking = s.staking();
    assert_eq!(staking.denom, "uatom");
    assert_eq!(staking.delegations[0].principal.u128(), 4_000 * ATOM);
    assert_eq!(staking.delegations[0].amount.u128(), 4_000 * ATOM);

    let res = s.undelegate(true, 1_000 * ATOM).unwrap();
    let completes_at: u64 = attr(&res, "completes_at").parse().unwrap();
    let staking = s.staking();
    assert_eq!(staking.unbonding[0].amount.u128(), 1_000 * ATOM);
    assert_eq!(staking.unbonding[0].completes_at, completes_at);
    assert_eq!(staking.delegations[0].principal.u128(), 3_000 * ATOM);
    // unbonding coins stay deployed until they arrive
    assert_eq!(s.atom_state().deployed.u128(), 4_000 * ATOM);
    assert_eq!(
        vault_err(s.anyone(ExecuteMsg::ClaimUnbonded {})),
        ContractError::NothingToClaim {}
    );

    s.wait(UNBONDING_TIME + 1);
    assert_eq!(s.staking().claimable.u128(), 1_000 * ATOM);
    let res = s.anyone(ExecuteMsg::ClaimUnbonded {}).unwrap();
    assert_eq!(attr(&res, "received"), (1_000 * ATOM).to_string());
    assert_eq!(attr(&res, "shortfall"), "0");
    let atom = s.atom_state();
    assert_eq!(
        (atom.liquid.u128(), atom.deployed.u128()),
        (7_000 * ATOM, 3_000 * ATOM)
    );
    assert_eq!(atom.unaccounted.u128(), 0);
    assert!(s.staking().unbonding.is_empty());
}

#[test]
fn rewards_are_counted_by_balance_and_become_surplus() {
    let mut s = Setup::new();
    s.delegate(4_000 * ATOM).unwrap();
    let surplus = s.env.vault_state().surplus;
    s.wait(30 * 86_400);
    let rewards = s.staking().delegations[0].rewards.u128();
    // 10% a year on 4,000 ATOM, less the validator's 5% commission, for 30 days
    assert!(rewards > 29 * ATOM && rewards < 32 * ATOM, "{rewards}");
    let res = s.anyone(ExecuteMsg::WithdrawRewards {}).unwrap();
    assert_eq!(attr(&res, "rewards"), rewards.to_string());
    let atom = s.atom_state();
    assert_eq!(atom.liquid.u128(), 6_000 * ATOM + rewards);
    assert_eq!(atom.unaccounted.u128(), 0);
    assert!(s.env.vault_state().surplus.u128() >= surplus.u128() + rewards * 9);
}

#[test]
fn a_slash_during_unbonding_is_a_shortfall_not_a_stuck_claim() {
    let mut s = Setup::new();
    s.delegate(4_000 * ATOM).unwrap();
    s.undelegate(true, 1_000 * ATOM).unwrap();
    s.env
        .app
        .sudo(SudoMsg::Staking(StakingSudo::Slash {
            validator: VALIDATOR.to_string(),
            percentage: Decimal::percent(10),
        }))
        .unwrap();
    s.wait(UNBONDING_TIME + 1);
    let value = s.env.vault_state().total_value;
    // 900 arrived: credited; the missing 100 may still be on its way for a day; the delegation
    // the chain reports at 2,700 of 3,000 is written down: 300 slashed
    let res = s.anyone(ExecuteMsg::ClaimUnbonded {}).unwrap();
    assert_eq!(attr(&res, "received"), (900 * ATOM).to_string());
    assert_eq!(attr(&res, "shortfall"), "0");
    assert_eq!(attr(&res, "slashed"), (300 * ATOM).to_string());
    assert_eq!(s.staking().unbonding[0].amount.u128(), 100 * ATOM);
    let delegation = &s.staking().delegations[0];
    assert_eq!(delegation.principal.u128(), 2_700 * ATOM);
    assert_eq!(delegation.amount.u128(), 2_700 * ATOM);
    // the slash lowers the collateral at once: $3,000 of ATOM at $10
    assert_eq!(
        s.env.vault_state().total_value.u128(),
        value.u128() - 300 * 10 * ATOM
    );

    s.wait(UNBONDING_GRACE);
    let value = s.env.vault_state().total_value;
    let res = s.anyone(ExecuteMsg::ClaimUnbonded {}).unwrap();
    assert_eq!(attr(&res, "received"), "0");
    assert_eq!(attr(&res, "shortfall"), (100 * ATOM).to_string());
    assert_eq!(attr(&res, "slashed"), "0");
    let atom = s.atom_state();
    assert_eq!(
        (atom.liquid.u128(), atom.deployed.u128()),
        (6_900 * ATOM, 2_700 * ATOM)
    );
    // the unbonding's loss too: $1,000 of ATOM
    assert_eq!(
        s.env.vault_state().total_value.u128(),
        value.u128() - 100 * 10 * ATOM
    );
    assert!(s.staking().unbonding.is_empty());
    // what is left delegated can all be undelegated: nothing is stuck
    s.undelegate(true, 2_700 * ATOM).unwrap();
}

#[test]
fn attack_recall_griefing() {
    let mut s = Setup::new();
    s.delegate(7_000 * ATOM).unwrap();
    // 3,000 liquid of 10,000: above the 20% floor, so nobody but the owner may undelegate
    let err = vault_err(s.undelegate(false, 7_000 * ATOM));
    assert!(
        matches!(err, ContractError::LiquidAboveFloor { .. }),
        "{err:?}"
    );

    // redemptions draw the liquid ATOM below the floor
    let alice = s.env.addr("alice");
    let usdm = s.env.usdm_balance(&alice);
    s.env
        .redeem(
            &alice,
            usdm / 2,
            RedeemMode::Proportional { min_out: vec![] },
            None,
        )
        .unwrap();
    let atom = s.atom_state();
    let held = atom.liquid + atom.deployed;
    let floor = Bps::new(2_000)
        .unwrap()
        .apply(held, mars_types::Rounding::Up);
    assert!(atom.liquid < floor);
    let shortfall = floor - atom.liquid;

    // anyone may recall, but only what restores the floor, however much is asked
    let res = s.undelegate(false, 7_000 * ATOM).unwrap();
    assert_eq!(attr(&res, "amount"), shortfall.to_string());
    // what is unbonding counts toward the floor: a second recall is refused, so the chain's
    // seven unbonding entries cannot be used up by anyone but the owner
    let err = vault_err(s.undelegate(false, ATOM));
    assert!(
        matches!(err, ContractError::LiquidAboveFloor { .. }),
        "{err:?}"
    );
    assert_eq!(s.staking().unbonding.len(), 1);
}

#[test]
fn redemptions_never_draw_on_staked_coins() {
    let mut s = Setup::new();
    s.delegate(8_000 * ATOM).unwrap();
    // USDC is 91% of the vault and all liquid; redeeming everything would need the staked
    // ATOM, which pays nothing: refused, nothing moves
    let alice = s.env.addr("alice");
    let usdm = s.env.usdm_balance(&alice);
    let err = vault_err(s.env.redeem(
        &alice,
        usdm,
        RedeemMode::Proportional { min_out: vec![] },
        None,
    ));
    assert!(
        matches!(err, ContractError::InsufficientLiquidity { .. }),
        "{err:?}"
    );
    let atom = s.atom_state();
    assert_eq!(
        (atom.liquid.u128(), atom.deployed.u128()),
        (2_000 * ATOM, 8_000 * ATOM)
    );
}

#[test]
fn every_bound_of_staking_is_refused_with_its_error() {
    let mut s = Setup::new();
    let err = vault_err(s.delegate(8_001 * ATOM));
    assert!(
        matches!(err, ContractError::DeployedAboveMax { .. }),
        "{err:?}"
    );
    let err = vault_err(s.owner(ExecuteMsg::Delegate {
        validator: "elsewhere".to_string(),
        amount: Uint128::new(ATOM),
    }));
    assert!(
        matches!(err, ContractError::UnknownValidator { .. }),
        "{err:?}"
    );
    assert_eq!(vault_err(s.delegate(0)), ContractError::ZeroAmount {});
    let msg = ExecuteMsg::Delegate {
        validator: VALIDATOR.to_string(),
        amount: Uint128::new(ATOM),
    };
    let err = vault_err(s.anyone(msg));
    assert!(matches!(err, ContractError::Ownership(_)), "{err:?}");

    s.delegate(1_000 * ATOM).unwrap();
    let err = vault_err(s.undelegate(true, 1_001 * ATOM));
    assert!(
        matches!(err, ContractError::UndelegateAboveDelegated { .. }),
        "{err:?}"
    );
    for _ in 0..7 {
        s.undelegate(true, ATOM).unwrap();
    }
    let err = vault_err(s.undelegate(true, ATOM));
    assert!(
        matches!(err, ContractError::TooManyUnbondings { .. }),
        "{err:?}"
    );

    // a validator with a delegation cannot be dropped; an unknown one cannot be listed
    let params = |validators: Vec<String>| StakingParams {
        validators,
        unbonding_period: UNBONDING_TIME,
        max_deployed_bps: Bps::new(8_000).unwrap(),
        min_liquid_bps: Bps::new(2_000).unwrap(),
    };
    let err = vault_err(s.owner(ExecuteMsg::SetStaking {
        params: params(vec!["elsewhere".into()]),
    }));
    assert!(
        matches!(err, ContractError::UnknownValidator { .. }),
        "{err:?}"
    );
    let err = vault_err(s.owner(ExecuteMsg::SetStaking {
        params: params(vec![]),
    }));
    assert!(
        matches!(err, ContractError::InvalidStakingParams { .. }),
        "{err:?}"
    );
}

#[test]
fn nothing_stakes_before_governance_sets_staking() {
    let mut env = MarsEnv::builder().build();
    let owner = env.owner.clone();
    let msg = ExecuteMsg::Delegate {
        validator: VALIDATOR.to_string(),
        amount: Uint128::new(ATOM),
    };
    assert_eq!(
        vault_err(env.vault_execute(&owner, &msg, &[])),
        ContractError::StakingNotSet {}
    );
    assert!(env
        .vault_query::<StakingResponse>(&QueryMsg::Staking {})
        .is_err());
}
