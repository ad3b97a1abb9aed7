//! Lending idle assets in a market on Mars Protocol's red-bank interface (the lending double of
//! `mars-testing`): governance deposits and withdraws; what arrives is counted by balance, so
//! interest is surplus and a market's loss lowers the collateral; below the liquid floor anyone
//! may withdraw what restores it.

mod common;

use cosmwasm_std::{coin, Addr, Decimal, Uint128};
use cw_multi_test::{AppResponse, BankSudo, Executor, SudoMsg};
use mars_lending_double::{ControlMsg, ExecuteMsg as DoubleMsg, InstantiateMsg};
use mars_testing::contracts::lending_double_contract;
use mars_testing::MarsEnv;
use mars_types::treasury::{LendingParams, LendingResponse};
use mars_types::vault::{AssetState, ExecuteMsg, QueryMsg, RedeemMode};
use mars_types::{AssetInfo, Bps};
use mars_vault::ContractError;

use common::{attr, snapshot, vault_err};

/// One whole USDC (6 decimals).
const USD: u128 = 1_000_000;

struct Setup {
    env: MarsEnv,
    market: Addr,
    market_owner: Addr,
    denom: String,
}

impl Setup {
    /// A vault holding 1,000,000 USDC, lending set in the double: half of the USDC deployable,
    /// a 20% liquid floor.
    fn new() -> Self {
        let mut env = MarsEnv::builder().build();
        let usdc = env.asset("usdc").info.clone();
        let AssetInfo::Native { denom } = usdc.clone() else {
            unreachable!("the basket's USDC is a bank coin")
        };
        let alice = env.addr("alice");
        env.mint(&alice, &usdc, 1_000_000 * USD, None, None)
            .unwrap();
        let market_owner = env.addr("market_owner");
        let code = env.app.store_code(lending_double_contract());
        let market = env
            .app
            .instantiate_contract(
                code,
                market_owner.clone(),
                &InstantiateMsg {
                    owner: market_owner.to_string(),
                },
                &[],
                "market",
                None,
            )
            .unwrap();
        let mut s = Setup {
            env,
            market,
            market_owner,
            denom,
        };
        s.owner(ExecuteMsg::SetLending {
            market: s.market.to_string(),
            denom: s.denom.clone(),
            params: LendingParams {
                max_deployed_bps: Bps::new(5_000).unwrap(),
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

    fn deposit(&mut self, amount: u128) -> anyhow::Result<AppResponse> {
        self.owner(ExecuteMsg::LendingDeposit {
            market: self.market.to_string(),
            denom: self.denom.clone(),
            amount: Uint128::new(amount),
        })
    }

    fn withdraw(&mut self, owner: bool, amount: u128) -> anyhow::Result<AppResponse> {
        let msg = ExecuteMsg::LendingWithdraw {
            market: self.market.to_string(),
            denom: self.denom.clone(),
            amount: Uint128::new(amount),
        };
        let sender = if owner {
            self.env.owner.clone()
        } else {
            self.env.addr("bob")
        };
        self.env.vault_execute(&sender, &msg, &[])
    }

    /// The market's index of USDC, and `extra` USDC of its own to pay interest with.
    fn set_index(&mut self, index: Decimal, extra: u128) {
        let msg = DoubleMsg::Control(ControlMsg::SetIndex {
            denom: self.denom.clone(),
            index,
        });
        self.env
            .app
            .execute_contract(self.market_owner.clone(), self.market.clone(), &msg, &[])
            .unwrap();
        if extra > 0 {
            self.env
                .app
                .sudo(SudoMsg::Bank(BankSudo::Mint {
                    to_address: self.market.to_string(),
                    amount: vec![coin(extra, self.denom.clone())],
                }))
                .unwrap();
        }
    }

    fn usdc(&self) -> AssetState {
        let denom = self.denom.clone();
        let state = self.env.vault_state();
        state
            .assets
            .into_iter()
            .find(|a| {
                a.asset
                    == AssetInfo::Native {
                        denom: denom.clone(),
                    }
            })
            .unwrap()
    }

    fn lending(&self) -> LendingResponse {
        let all: Vec<LendingResponse> = self.env.vault_query(&QueryMsg::Lending {}).unwrap();
        all.into_iter().next().unwrap()
    }
}

#[test]
fn governance_lends_usdc_and_the_interest_comes_back_as_surplus() {
    let mut s = Setup::new();
    let state = s.env.vault_state();
    let res = s.deposit(400_000 * USD).unwrap();
    assert_eq!(attr(&res, "action"), "strategy_deposit");
    let usdc = s.usdc();
    assert_eq!(
        (usdc.liquid.u128(), usdc.deployed.u128()),
        (600_000 * USD, 400_000 * USD)
    );
    assert_eq!(usdc.unaccounted.u128(), 0);
    assert_eq!(s.env.vault_state().total_value, state.total_value);
    assert_eq!(s.lending().amount, Some(Uint128::new(400_000 * USD)));

    // 1% interest, paid from the market's own cash
    s.set_index(Decimal::percent(101), 4_000 * USD);
    let position = s.lending();
    assert_eq!(position.amount, Some(Uint128::new(404_000 * USD)));
    assert_eq!(position.gain.u128(), 4_000 * USD);
    // deployed funds count at cost until withdrawn
    assert_eq!(s.env.vault_state().total_value, state.total_value);

    let res = s.withdraw(true, 202_000 * USD).unwrap();
    assert_eq!(attr(&res, "principal_out"), (200_000 * USD).to_string());
    assert_eq!(attr(&res, "received"), (202_000 * USD).to_string());
    assert_eq!(attr(&res, "gain"), (2_000 * USD).to_string());
    let usdc = s.usdc();
    assert_eq!(
        (usdc.liquid.u128(), usdc.deployed.u128()),
        (802_000 * USD, 200_000 * USD)
    );
    let after = s.env.vault_state();
    assert_eq!(
        after.total_value.u128(),
        state.total_value.u128() + 2_000 * USD
    );
    assert_eq!(after.surplus.u128(), state.surplus.u128() + 2_000 * USD);
}

#[test]
fn a_loss_in_the_market_lowers_the_collateral_when_withdrawn() {
    let mut s = Setup::new();
    s.deposit(200_000 * USD).unwrap();
    let value = s.env.vault_state().total_value;
    s.set_index(Decimal::percent(90), 0);
    assert_eq!(s.lending().loss.u128(), 20_000 * USD);
    let res = s.withdraw(true, 180_000 * USD).unwrap();
    assert_eq!(attr(&res, "loss"), (20_000 * USD).to_string());
    let usdc = s.usdc();
    assert_eq!(
        (usdc.liquid.u128(), usdc.deployed.u128()),
        (980_000 * USD, 0)
    );
    assert_eq!(s.lending().principal.u128(), 0);
    assert_eq!(
        s.env.vault_state().total_value.u128(),
        value.u128() - 20_000 * USD
    );
}

#[test]
fn a_market_without_the_cash_refuses_the_withdrawal_and_nothing_moves() {
    let mut s = Setup::new();
    s.deposit(100_000 * USD).unwrap();
    // 5% interest the market cannot pay: its deposits are lent out
    s.set_index(Decimal::percent(105), 0);
    let before = (snapshot(&s.env, &[]), s.lending());
    let err = s.withdraw(true, 105_000 * USD).unwrap_err();
    assert!(format!("{err:?}").contains("lent out"), "{err:?}");
    assert_eq!((snapshot(&s.env, &[]), s.lending()), before);
}

#[test]
fn attack_recall_griefing_of_a_lending_deposit() {
    let mut s = Setup::new();
    s.deposit(500_000 * USD).unwrap();
    // half liquid: only the owner may withdraw
    let err = vault_err(s.withdraw(false, 500_000 * USD));
    assert!(
        matches!(err, ContractError::LiquidAboveFloor { .. }),
        "{err:?}"
    );

    // redemptions pay from the liquid half: it falls below the 20% floor
    let alice = s.env.addr("alice");
    s.env
        .redeem(
            &alice,
            450_000 * USD,
            RedeemMode::Proportional { min_out: vec![] },
            None,
        )
        .unwrap();
    let usdc = s.usdc();
    let floor = Bps::new(2_000)
        .unwrap()
        .apply(usdc.liquid + usdc.deployed, mars_types::Rounding::Up);
    assert!(usdc.liquid < floor);
    // anyone restores the floor, however much is asked, and then no more
    let res = s.withdraw(false, 500_000 * USD).unwrap();
    assert_eq!(attr(&res, "amount"), (floor - usdc.liquid).to_string());
    let err = vault_err(s.withdraw(false, USD));
    assert!(
        matches!(err, ContractError::LiquidAboveFloor { .. }),
        "{err:?}"
    );
}

#[test]
fn every_bound_of_lending_is_refused_with_its_error() {
    let mut s = Setup::new();
    let err = vault_err(s.deposit(500_001 * USD));
    assert!(
        matches!(err, ContractError::DeployedAboveMax { .. }),
        "{err:?}"
    );
    assert_eq!(vault_err(s.deposit(0)), ContractError::ZeroAmount {});
    let bob = s.env.addr("bob");
    let msg = ExecuteMsg::LendingDeposit {
        market: s.market.to_string(),
        denom: s.denom.clone(),
        amount: Uint128::new(USD),
    };
    let err = vault_err(s.env.vault_execute(&bob, &msg, &[]));
    assert!(matches!(err, ContractError::Ownership(_)), "{err:?}");
    let err = vault_err(s.owner(ExecuteMsg::LendingDeposit {
        market: s.env.oracle.to_string(),
        denom: s.denom.clone(),
        amount: Uint128::new(USD),
    }));
    assert!(
        matches!(err, ContractError::UnknownMarket { .. }),
        "{err:?}"
    );
    s.deposit(1_000 * USD).unwrap();
    let err = vault_err(s.withdraw(true, 1_001 * USD));
    assert!(
        matches!(err, ContractError::LendingAboveDeposit { .. }),
        "{err:?}"
    );
    // a contract that is not a market, and an asset that is not whitelisted
    let err = vault_err(s.owner(ExecuteMsg::SetLending {
        market: s.env.oracle.to_string(),
        denom: s.denom.clone(),
        params: LendingParams {
            max_deployed_bps: Bps::new(5_000).unwrap(),
            min_liquid_bps: Bps::ZERO,
        },
    }));
    assert!(
        matches!(err, ContractError::NotALendingMarket { .. }),
        "{err:?}"
    );
    let err = vault_err(s.owner(ExecuteMsg::SetLending {
        market: s.market.to_string(),
        denom: "udoge".into(),
        params: LendingParams {
            max_deployed_bps: Bps::new(5_000).unwrap(),
            min_liquid_bps: Bps::ZERO,
        },
    }));
    assert!(
        matches!(err, ContractError::AssetNotWhitelisted { .. }),
        "{err:?}"
    );
}
