//! Rate limits (DESIGN.md §6): the hourly mint and redemption throttles and the USDm supply cap,
//! through real mints and redemptions with time moving. Each refusal asserts the exact error,
//! that the simulation answers with it too, and that nothing moved. Splitting an operation to
//! get past a throttle or the cap is tried in `adversarial.rs`.

mod common;

use common::{contract_attr, pass_time, proportional, single, snapshot, vault_err};
use cosmwasm_schema::cw_serde;
use cosmwasm_std::Uint128;
use cw_multi_test::Executor;
use mars_testing::env::whole;
use mars_testing::MarsEnv;
use mars_types::vault::{
    ConfigResponse, ConfigUpdate, ExecuteMsg, InstantiateMsg, Limits, ParamsError, QueryMsg,
    RedeemMode, SimulateMintResponse, SimulateRedeemResponse, Throttle, ThrottleStatus,
    UsdmInstantiate,
};
use mars_types::{AssetInfo, Bps, TierCaps};
use mars_vault::limits::Flow;
use mars_vault::ContractError;

const USD: u128 = 1_000_000;

/// A throttle of `dollars` per hour, or `supply_bps` of the supply if that is more.
fn throttle(dollars: u128, supply_bps: u16) -> Option<Throttle> {
    Some(Throttle {
        amount: Uint128::new(dollars * USD),
        supply_bps: Bps::new(supply_bps).unwrap(),
    })
}

/// The default deployment with `limits` and no USDC fees, so USDC mints and single redemptions
/// move exactly their amount of USDm.
fn env_with(limits: Limits) -> MarsEnv {
    MarsEnv::builder()
        .with_limits(limits)
        .without_share_caps()
        .with_asset_params("usdc", |p| {
            p.mint_fee = Bps::ZERO;
            p.redeem_fee = Bps::ZERO;
        })
        .build()
}

fn set_limits(env: &mut MarsEnv, limits: Limits) -> cw_multi_test::AppResponse {
    let owner = env.owner.clone();
    env.vault_execute(
        &owner,
        &ExecuteMsg::UpdateConfig(ConfigUpdate {
            limits: Some(limits),
            ..ConfigUpdate::default()
        }),
        &[],
    )
    .unwrap()
}

fn status(limit: u128, available: u128) -> Option<ThrottleStatus> {
    Some(ThrottleStatus {
        limit: Uint128::new(limit),
        available: Uint128::new(available),
    })
}

fn throttled(flow: Flow, requested: u128, available: u128, wait_seconds: u64) -> ContractError {
    ContractError::Throttled {
        flow,
        requested: Uint128::new(requested),
        available: Uint128::new(available),
        wait_seconds,
    }
}

/// The error `SimulateMint` answers with.
fn simulate_mint_err(env: &MarsEnv, asset: &AssetInfo, amount: u128) -> String {
    env.vault_query::<SimulateMintResponse>(&QueryMsg::SimulateMint {
        asset: asset.clone().into(),
        amount: Uint128::new(amount),
    })
    .unwrap_err()
    .to_string()
}

/// The error `SimulateRedeem` answers with.
fn simulate_redeem_err(env: &MarsEnv, amount: u128, mode: RedeemMode) -> String {
    env.vault_query::<SimulateRedeemResponse>(&QueryMsg::SimulateRedeem {
        amount: Uint128::new(amount),
        mode,
    })
    .unwrap_err()
    .to_string()
}

/// Asserts that a simulation answered with `err`.
fn assert_simulated(simulated: String, err: &ContractError) {
    assert!(
        simulated.contains(&err.to_string()),
        "simulation said {simulated}, the execute {err}"
    );
}

#[test]
fn a_mint_beyond_the_throttle_is_refused_with_what_is_available_and_when() {
    let mut env = env_with(Limits {
        mint: throttle(10_000, 0),
        ..Limits::default()
    });
    let alice = env.addr("alice");
    let usdc = env.asset("usdc").info.clone();

    env.mint(&alice, &usdc, 6_000 * USD, None, None).unwrap();
    assert_eq!(
        env.vault_state().mint_throttle,
        status(10_000 * USD, 4_000 * USD)
    );

    // 4,000 left; 5,000 needs 1,000 more at 10,000 an hour: 360 s
    let before = snapshot(&env, &[]);
    let err = vault_err(env.mint(&alice, &usdc, 5_000 * USD, None, None));
    let expected = throttled(Flow::Mint, 5_000 * USD, 4_000 * USD, 360);
    assert_eq!(err, expected);
    assert_eq!(
        err.to_string(),
        "mint of 5000000000 USDm is throttled: 4000000000 may pass now, 5000000000 in 360s"
    );
    assert_eq!(snapshot(&env, &[]), before);
    assert_simulated(simulate_mint_err(&env, &usdc, 5_000 * USD), &expected);

    // one second early: 4,997.222222 may pass
    pass_time(&mut env, 359);
    let before = snapshot(&env, &[]);
    let err = vault_err(env.mint(&alice, &usdc, 5_000 * USD, None, None));
    assert_eq!(err, throttled(Flow::Mint, 5_000 * USD, 4_997_222_222, 1));
    assert_eq!(snapshot(&env, &[]), before);

    pass_time(&mut env, 1);
    env.mint(&alice, &usdc, 5_000 * USD, None, None).unwrap();
    assert_eq!(env.vault_state().mint_throttle, status(10_000 * USD, 0));
    assert_eq!(env.usdm_balance(&alice), 11_000 * USD);

    // more than the hourly limit never passes in one mint, however long one waits
    pass_time(&mut env, 10 * 3_600);
    let before = snapshot(&env, &[]);
    let err = vault_err(env.mint(&alice, &usdc, 10_000 * USD + 1, None, None));
    assert_eq!(
        err,
        ContractError::AboveHourlyLimit {
            flow: Flow::Mint,
            requested: Uint128::new(10_000 * USD + 1),
            limit: Uint128::new(10_000 * USD),
        }
    );
    assert_eq!(snapshot(&env, &[]), before);
    env.mint(&alice, &usdc, 10_000 * USD, None, None).unwrap();
}

#[test]
fn the_throttle_refills_linearly_up_to_its_limit_and_no_further() {
    let mut env = env_with(Limits {
        mint: throttle(10_000, 0),
        ..Limits::default()
    });
    let alice = env.addr("alice");
    let usdc = env.asset("usdc").info.clone();
    let limit = 10_000 * USD;
    // a new throttle is full
    assert_eq!(env.vault_state().mint_throttle, status(limit, limit));
    assert_eq!(env.vault_state().redeem_throttle, None);

    env.mint(&alice, &usdc, limit, None, None).unwrap();
    assert_eq!(env.vault_state().mint_throttle, status(limit, 0));
    for (seconds, available) in [
        (900, 2_500 * USD),
        (900, 5_000 * USD),
        (1_800, limit),
        (3_600, limit),
    ] {
        pass_time(&mut env, seconds);
        assert_eq!(env.vault_state().mint_throttle, status(limit, available));
    }

    // a full throttle lets its whole limit through at once, and nothing more
    env.mint(&alice, &usdc, limit, None, None).unwrap();
    let before = snapshot(&env, &[]);
    let err = vault_err(env.mint(&alice, &usdc, USD, None, None));
    // 1 USDm at 10,000 an hour: 0.36 s, rounded up
    assert_eq!(err, throttled(Flow::Mint, USD, 0, 1));
    assert_eq!(snapshot(&env, &[]), before);
}

#[test]
fn the_limit_is_the_fixed_amount_at_a_small_supply_and_a_share_of_a_large_one() {
    let mut env = env_with(Limits {
        mint: throttle(1_000, 1_000),
        ..Limits::default()
    });
    let alice = env.addr("alice");
    let usdc = env.asset("usdc").info.clone();

    // no supply yet: 10% of it is nothing, the floor of 1,000 applies
    assert_eq!(
        env.vault_state().mint_throttle,
        status(1_000 * USD, 1_000 * USD)
    );
    let before = snapshot(&env, &[]);
    let err = vault_err(env.mint(&alice, &usdc, 1_000 * USD + 1, None, None));
    assert_eq!(
        err,
        ContractError::AboveHourlyLimit {
            flow: Flow::Mint,
            requested: Uint128::new(1_000 * USD + 1),
            limit: Uint128::new(1_000 * USD),
        }
    );
    assert_eq!(snapshot(&env, &[]), before);
    env.mint(&alice, &usdc, 1_000 * USD, None, None).unwrap();

    // the owner lifts the throttle while 49,000 more are minted, then restores it
    set_limits(&mut env, Limits::default());
    env.mint(&alice, &usdc, 49_000 * USD, None, None).unwrap();
    set_limits(
        &mut env,
        Limits {
            mint: throttle(1_000, 1_000),
            ..Limits::default()
        },
    );
    // restored, the throttle is still used up; an hour later it is full, and at a supply of
    // 50,000 its limit is 10% of that
    assert_eq!(env.vault_state().mint_throttle, status(5_000 * USD, 0));
    pass_time(&mut env, 3_600);
    assert_eq!(
        env.vault_state().mint_throttle,
        status(5_000 * USD, 5_000 * USD)
    );
    env.mint(&alice, &usdc, 5_000 * USD, None, None).unwrap();
    // the limit grew with the supply (5,500), what is available did not
    assert_eq!(env.vault_state().mint_throttle, status(5_500 * USD, 0));
    let err = vault_err(env.mint(&alice, &usdc, 550 * USD, None, None));
    // 550 at 5,500 an hour: 360 s
    assert_eq!(err, throttled(Flow::Mint, 550 * USD, 0, 360));
}

#[test]
fn the_redemption_throttle_is_separate_from_the_mint_throttle() {
    let mut env = env_with(Limits {
        mint: throttle(10_000, 0),
        redeem: throttle(2_000, 0),
        ..Limits::default()
    });
    let alice = env.addr("alice");
    let usdc = env.asset("usdc").info.clone();
    env.mint(&alice, &usdc, 10_000 * USD, None, None).unwrap();

    // the mint throttle is used up; redemption has its own
    let usdc_before = env.balance(&usdc, &alice);
    env.redeem(&alice, 2_000 * USD, single(&usdc), None)
        .unwrap();
    assert_eq!(env.balance(&usdc, &alice), usdc_before + 2_000 * USD);
    assert_eq!(env.vault_state().redeem_throttle, status(2_000 * USD, 0));

    let before = snapshot(&env, &[]);
    let err = vault_err(env.redeem(&alice, USD, proportional(), None));
    // 1 USDm at 2,000 an hour: 1.8 s, rounded up
    assert_eq!(err, throttled(Flow::Redeem, USD, 0, 2));
    assert_eq!(snapshot(&env, &[]), before);
    // and the USDm burnt gave the mint throttle nothing back
    let err = vault_err(env.mint(&alice, &usdc, USD, None, None));
    assert_eq!(err, throttled(Flow::Mint, USD, 0, 1));
    assert_eq!(snapshot(&env, &[]), before);

    pass_time(&mut env, 1_800);
    let state = env.vault_state();
    assert_eq!(state.mint_throttle, status(10_000 * USD, 5_000 * USD));
    assert_eq!(state.redeem_throttle, status(2_000 * USD, 1_000 * USD));
}

#[test]
fn the_supply_cap_refuses_mints_above_it_and_never_redemptions() {
    let mut env = env_with(Limits {
        supply_cap: Some(Uint128::new(10_000 * USD)),
        ..Limits::default()
    });
    let alice = env.addr("alice");
    let usdc = env.asset("usdc").info.clone();
    let aave = env.asset("aave").info.clone();

    // up to the cap exactly
    env.mint(&alice, &usdc, 10_000 * USD, None, None).unwrap();
    let before = snapshot(&env, &[]);
    let err = vault_err(env.mint(&alice, &usdc, USD, None, None));
    let expected = ContractError::SupplyCapExceeded {
        cap: Uint128::new(10_000 * USD),
        supply_after: Uint128::new(10_001 * USD),
    };
    assert_eq!(err, expected);
    assert_eq!(
        err.to_string(),
        "minting would take the USDm supply to 10001000000, above its cap of 10000000000"
    );
    assert_eq!(snapshot(&env, &[]), before);
    assert_simulated(simulate_mint_err(&env, &usdc, USD), &expected);
    // through a cw20 too: 1 AAVE is 99.7 USDm after its fee
    let err = vault_err(env.mint(&alice, &aave, whole(1, 6), None, None));
    assert_eq!(
        err,
        ContractError::SupplyCapExceeded {
            cap: Uint128::new(10_000 * USD),
            supply_after: Uint128::new(10_099_700_000),
        }
    );
    assert_eq!(snapshot(&env, &[]), before);

    // a redemption makes room
    env.redeem(&alice, 1_000 * USD, single(&usdc), None)
        .unwrap();
    env.mint(&alice, &usdc, 1_000 * USD, None, None).unwrap();

    // a cap below the supply stops mints, not redemptions
    set_limits(
        &mut env,
        Limits {
            supply_cap: Some(Uint128::new(5_000 * USD)),
            ..Limits::default()
        },
    );
    let err = vault_err(env.mint(&alice, &usdc, USD, None, None));
    assert_eq!(
        err,
        ContractError::SupplyCapExceeded {
            cap: Uint128::new(5_000 * USD),
            supply_after: Uint128::new(10_001 * USD),
        }
    );
    env.redeem(&alice, 6_000 * USD, proportional(), None)
        .unwrap();
    env.mint(&alice, &usdc, 1_000 * USD, None, None).unwrap();
    assert_eq!(env.usdm_supply(), 5_000 * USD);
}

#[test]
fn usdm_transferred_to_the_vault_by_mistake_is_burnt_by_anyone_and_frees_the_supply_cap() {
    let mut env = env_with(Limits {
        supply_cap: Some(Uint128::new(10_000 * USD)),
        ..Limits::default()
    });
    let [alice, carol] = ["alice", "carol"].map(|n| env.addr(n));
    let usdc = env.asset("usdc").info.clone();
    let (usdm, vault) = (env.usdm.clone(), env.vault.clone());
    env.mint(&alice, &usdc, 10_000 * USD, None, None).unwrap();

    // nothing to burn yet
    let before = snapshot(&env, &[]);
    let err = vault_err(env.vault_execute(&carol, &ExecuteMsg::BurnStrayUsdm {}, &[]));
    assert_eq!(err, ContractError::NoStrayUsdm {});
    assert_eq!(snapshot(&env, &[]), before);

    // alice transfers (not sends) 400 USDm to the vault: it backs nothing and fills the cap
    let transfer = cw20::Cw20ExecuteMsg::Transfer {
        recipient: vault.to_string(),
        amount: Uint128::new(400 * USD),
    };
    env.cw20_execute(&alice, &usdm, &transfer).unwrap();
    assert_eq!(env.vault_state().stray_usdm, Uint128::new(400 * USD));
    assert!(matches!(
        vault_err(env.mint(&alice, &usdc, USD, None, None)),
        ContractError::SupplyCapExceeded { .. }
    ));

    // carol, a stranger, burns it: the supply falls by exactly that, nothing else moves
    let usdc_held = env.balance(&usdc, &vault);
    let res = env
        .vault_execute(&carol, &ExecuteMsg::BurnStrayUsdm {}, &[])
        .unwrap();
    assert_eq!(contract_attr(&res, &vault, "action"), "burn_stray_usdm");
    assert_eq!(
        contract_attr(&res, &vault, "amount"),
        (400 * USD).to_string()
    );
    assert_eq!(contract_attr(&res, &vault, "sender"), carol.to_string());
    assert_eq!(env.usdm_supply(), 9_600 * USD);
    assert_eq!(env.usdm_balance(&vault), 0);
    assert_eq!(env.vault_state().stray_usdm, Uint128::zero());
    assert_eq!(env.balance(&usdc, &vault), usdc_held);
    // and the cap has room again
    env.mint(&alice, &usdc, 400 * USD, None, None).unwrap();
    assert_eq!(env.usdm_supply(), 10_000 * USD);
}

#[test]
fn the_throttles_apply_to_cw20_mints_and_to_both_redeem_modes() {
    let mut env = env_with(Limits::default());
    let alice = env.addr("alice");
    let usdc = env.asset("usdc").info.clone();
    let aave = env.asset("aave").info.clone();
    env.mint(&alice, &usdc, 20_000 * USD, None, None).unwrap();
    env.mint(&alice, &aave, whole(100, 6), None, None).unwrap();
    set_limits(
        &mut env,
        Limits {
            mint: throttle(1_000, 0),
            redeem: throttle(1_000, 0),
            supply_cap: None,
        },
    );

    // a native mint, then a cw20 one: 6 AAVE are 598.2 USDm after the fee, 500 are left
    env.mint(&alice, &usdc, 500 * USD, None, None).unwrap();
    let before = snapshot(&env, &[]);
    let err = vault_err(env.mint(&alice, &aave, whole(6, 6), None, None));
    // 98.2 missing at 1,000 an hour: 353.52 s, rounded up
    let expected = throttled(Flow::Mint, 598_200_000, 500 * USD, 354);
    assert_eq!(err, expected);
    assert_eq!(snapshot(&env, &[]), before);
    assert_simulated(simulate_mint_err(&env, &aave, whole(6, 6)), &expected);

    // a single redemption, then either mode
    env.redeem(&alice, 600 * USD, single(&usdc), None).unwrap();
    let before = snapshot(&env, &[]);
    let expected = throttled(Flow::Redeem, 500 * USD, 400 * USD, 360);
    for mode in [proportional(), single(&usdc)] {
        let err = vault_err(env.redeem(&alice, 500 * USD, mode.clone(), None));
        assert_eq!(err, expected, "{mode:?}");
        assert_eq!(snapshot(&env, &[]), before);
        assert_simulated(simulate_redeem_err(&env, 500 * USD, mode), &expected);
    }
    env.redeem(&alice, 400 * USD, proportional(), None).unwrap();
}

/// `ExecuteMsg::UpdateConfig` as raw JSON can carry what the typed message cannot.
#[cw_serde]
enum RawExecuteMsg {
    UpdateConfig { limits: RawLimits },
}

#[cw_serde]
struct RawLimits {
    mint: Option<RawThrottle>,
    redeem: Option<RawThrottle>,
    supply_cap: Option<Uint128>,
}

#[cw_serde]
struct RawThrottle {
    amount: Uint128,
    supply_bps: u32,
}

#[test]
fn limits_are_validated_shown_and_a_change_keeps_what_was_used() {
    let mut env = env_with(Limits::default());
    let (owner, alice) = (env.owner.clone(), env.addr("alice"));
    let usdc = env.asset("usdc").info.clone();
    let before = snapshot(&env, &[]);

    // a throttle with a zero floor would stop its flow for good at a zero supply
    let zero = ExecuteMsg::UpdateConfig(ConfigUpdate {
        limits: Some(Limits {
            mint: throttle(0, 100),
            ..Limits::default()
        }),
        ..ConfigUpdate::default()
    });
    let err = vault_err(env.vault_execute(&owner, &zero, &[]));
    assert_eq!(
        err,
        ContractError::Params(ParamsError::ZeroThrottle {
            throttle: "mint".into()
        })
    );
    assert_eq!(snapshot(&env, &[]), before);

    // more than 10,000 bps does not even parse
    let raw = RawExecuteMsg::UpdateConfig {
        limits: RawLimits {
            mint: None,
            redeem: Some(RawThrottle {
                amount: Uint128::new(USD),
                supply_bps: 10_001,
            }),
            supply_cap: None,
        },
    };
    let err = env
        .app
        .execute_contract(owner.clone(), env.vault.clone(), &raw, &[])
        .unwrap_err();
    assert!(
        format!("{err:#}").contains("10001 bps is above the maximum of 10000 bps"),
        "{err:#}"
    );
    assert_eq!(snapshot(&env, &[]), before);

    let limits = Limits {
        mint: throttle(10_000, 0),
        redeem: None,
        supply_cap: Some(Uint128::new(1_000_000 * USD)),
    };
    let res = set_limits(&mut env, limits.clone());
    assert_eq!(
        contract_attr(&res, &env.vault, "mint_throttle"),
        "max(10000000000, 0bps of supply)"
    );
    assert_eq!(contract_attr(&res, &env.vault, "redeem_throttle"), "none");
    assert_eq!(
        contract_attr(&res, &env.vault, "supply_cap"),
        "1000000000000"
    );
    let config: ConfigResponse = env.vault_query(&QueryMsg::Config {}).unwrap();
    assert_eq!(config.limits, limits);

    // what passed in the last hour counts against a new limit, and switching a throttle off
    // and on again does not refill it
    env.mint(&alice, &usdc, 8_000 * USD, None, None).unwrap();
    set_limits(
        &mut env,
        Limits {
            mint: throttle(5_000, 0),
            ..limits.clone()
        },
    );
    assert_eq!(
        env.vault_state().mint_throttle,
        status(5_000 * USD, 2_000 * USD)
    );
    set_limits(&mut env, Limits::default());
    set_limits(
        &mut env,
        Limits {
            mint: throttle(20_000, 0),
            ..limits
        },
    );
    assert_eq!(
        env.vault_state().mint_throttle,
        status(20_000 * USD, 2_000 * USD)
    );
}

#[test]
fn a_vault_cannot_be_instantiated_with_a_zero_throttle() {
    let mut env = MarsEnv::builder().build();
    let owner = env.owner.clone();
    let code_id = env
        .app
        .wrap()
        .query_wasm_contract_info(&env.vault)
        .unwrap()
        .code_id;
    let msg = |redeem: Option<Throttle>| InstantiateMsg {
        owner: owner.to_string(),
        guardian: None,
        oracle: env.oracle.to_string(),
        usdm: UsdmInstantiate {
            code_id: env.token_code_id,
            name: "USD-Mars".into(),
            symbol: "USDm".into(),
            label: "usdm".into(),
            marketing: None,
        },
        cap_floor: Uint128::zero(),
        max_assets: 32,
        tier_caps: TierCaps {
            stablecoin: Bps::MAX,
            btc: Bps::MAX,
            layer1: Bps::MAX,
            defi_blue_chip: Bps::MAX,
            governance: Bps::MAX,
        },
        proportional_redeem_fee: Bps::ZERO,
        limits: Limits {
            redeem,
            ..Limits::default()
        },
    };
    let err = env
        .app
        .instantiate_contract(code_id, owner.clone(), &msg(throttle(0, 0)), &[], "v", None)
        .unwrap_err()
        .downcast::<ContractError>()
        .unwrap();
    assert_eq!(
        err,
        ContractError::Params(ParamsError::ZeroThrottle {
            throttle: "redeem".into()
        })
    );
    let vault = env
        .app
        .instantiate_contract(code_id, owner.clone(), &msg(throttle(1, 0)), &[], "v", None)
        .unwrap();
    let config: ConfigResponse = env
        .app
        .wrap()
        .query_wasm_smart(vault, &QueryMsg::Config {})
        .unwrap();
    assert_eq!(config.limits.redeem, throttle(1, 0));
}
