//! Redemption through the harness: single and proportional, fees, the collateral haircut,
//! conservative prices and min_out.

mod common;

use common::{contract_attr, vault_err};
use cosmwasm_std::{Decimal, Uint128};
use cw_multi_test::Executor;
use mars_testing::env::whole;
use mars_testing::MarsEnv;
use mars_types::vault::{AssetAmountUnchecked, QueryMsg, RedeemMode, SimulateRedeemResponse};
use mars_types::{AssetInfo, Bps};
use mars_vault::ContractError;

const USD: u128 = 1_000_000;

fn single(asset: &AssetInfo, min_out: Option<u128>) -> RedeemMode {
    RedeemMode::Single {
        asset: asset.clone().into(),
        min_out: min_out.map(Uint128::new),
    }
}

fn proportional() -> RedeemMode {
    RedeemMode::Proportional { min_out: vec![] }
}

/// A vault without share caps holding $10,000 USDC, 0.1 BTC ($6,000) and 10 AAVE ($1,000),
/// all minted by alice with no fees.
fn funded_env() -> MarsEnv {
    let mut env = MarsEnv::builder()
        .without_share_caps()
        .with_asset_params("usdc", |p| p.mint_fee = Bps::ZERO)
        .with_asset_params("btc", |p| p.mint_fee = Bps::ZERO)
        .with_asset_params("aave", |p| p.mint_fee = Bps::ZERO)
        .build();
    let alice = env.addr("alice");
    for (name, amount) in [
        ("usdc", 10_000 * USD),
        ("btc", whole(1, 7)),
        ("aave", whole(10, 6)),
    ] {
        let info = env.asset(name).info.clone();
        env.mint(&alice, &info, amount, None, None).unwrap();
    }
    assert_eq!(env.usdm_supply(), 17_000 * USD);
    env
}

#[test]
fn single_redeem_pays_one_asset_less_its_fee_and_burns_the_usdm() {
    let mut env = funded_env();
    let (alice, bob) = (env.addr("alice"), env.addr("bob"));
    let usdc = env.asset("usdc").info.clone();
    let usdc_before = env.balance(&usdc, &bob);

    let res = env
        .redeem(&alice, 1_000 * USD, single(&usdc, None), Some(&bob))
        .unwrap();

    // $1,000 less the 0.1% fee, paid to bob; alice's USDm is burnt
    assert_eq!(env.balance(&usdc, &bob), usdc_before + 999 * USD);
    assert_eq!(env.usdm_balance(&alice), 16_000 * USD);
    assert_eq!(env.usdm_balance(&env.vault), 0);
    assert_eq!(env.usdm_supply(), 16_000 * USD);
    assert_eq!(env.balance(&usdc, &env.vault), 9_001 * USD);
    assert_eq!(contract_attr(&res, &env.vault, "action"), "redeem");
    assert_eq!(contract_attr(&res, &env.vault, "mode"), "single");
    assert_eq!(
        contract_attr(&res, &env.vault, "payouts"),
        format!("{usdc}={}", 999 * USD)
    );
    assert_eq!(
        contract_attr(&res, &env.vault, "fees"),
        format!("{usdc}={}", USD)
    );
    // the fee stays as surplus
    assert_eq!(env.vault_state().surplus.u128(), USD);
}

#[test]
fn single_redeem_with_a_cw20_asset() {
    let mut env = funded_env();
    let alice = env.addr("alice");
    let aave = env.asset("aave").info.clone();
    let before = env.balance(&aave, &alice);
    env.redeem(&alice, 100 * USD, single(&aave, None), None)
        .unwrap();
    // $100 less 0.5% at $100 per AAVE
    assert_eq!(env.balance(&aave, &alice), before + 995_000);
}

#[test]
fn conservative_prices_value_deposits_low_and_payouts_high() {
    let mut env = funded_env();
    let alice = env.addr("alice");
    let btc = env.asset("btc").info.clone();
    // spot $62,000, EMA $61,000, confidence $100 (the vault's 0.1 BTC, minted at $60,000, still
    // covers its USDm at the deposit price, so mints stay open)
    env.set_price_full(&btc, "62000", Some("61000"), Some("100"));

    // a deposit of 0.01 BTC is valued at 61,000 − 100 = $60,900 (no mint fee here)
    let usdm_before = env.usdm_balance(&alice);
    env.mint(&alice, &btc, whole(1, 6), None, None).unwrap();
    assert_eq!(env.usdm_balance(&alice) - usdm_before, 609_000_000);

    // a payout of $1,000 less 0.5% is priced at 62,000 + 100 = $62,100
    let btc_before = env.balance(&btc, &alice);
    env.redeem(&alice, 1_000 * USD, single(&btc, None), None)
        .unwrap();
    // 995 / 62,100 BTC = 1,602,254.43 sats, rounded down
    assert_eq!(env.balance(&btc, &alice) - btc_before, 1_602_254);
}

#[test]
fn proportional_redeem_pays_a_slice_of_everything_and_keeps_shares() {
    let mut env = funded_env();
    let alice = env.addr("alice");
    let shares_before: Vec<_> = env
        .vault_state()
        .assets
        .iter()
        .map(|a| (a.asset.clone(), a.share))
        .collect();
    let [usdc, btc, aave] = ["usdc", "btc", "aave"].map(|n| env.asset(n).info.clone());
    let before = [&usdc, &btc, &aave].map(|a| env.balance(a, &alice));

    // 1,700 of 17,000 USDm: a tenth of each asset, less the 0.5% proportional fee
    let res = env
        .redeem(&alice, 1_700 * USD, proportional(), None)
        .unwrap();
    let after = [&usdc, &btc, &aave].map(|a| env.balance(a, &alice));
    // the total is bounded from above by one micro-dollar per held asset, so each tenth
    // rounds down by a base unit
    assert_eq!(after[0] - before[0], 994_999_999); // 1,000 USDC less 0.5%
    assert_eq!(after[1] - before[1], 994_999); // 0.01 BTC less 0.5%
    assert_eq!(after[2] - before[2], 994_999); // 1 AAVE less 0.5%
    assert_eq!(env.usdm_supply(), 15_300 * USD);
    assert_eq!(contract_attr(&res, &env.vault, "mode"), "proportional");
    // both native payouts in one bank send, the cw20 in its own transfer
    let sends: Vec<_> = res
        .events
        .iter()
        .filter(|e| e.ty == "transfer")
        .flat_map(|e| e.attributes.iter().filter(|a| a.key == "amount"))
        .map(|a| a.value.clone())
        .collect();
    assert_eq!(sends.len(), 1, "{sends:?}");
    assert_eq!(sends[0].split(',').count(), 2, "{sends:?}");

    let shares_after: Vec<_> = env
        .vault_state()
        .assets
        .iter()
        .map(|a| (a.asset.clone(), a.share))
        .collect();
    for ((asset, before), (_, after)) in shares_before.iter().zip(&shares_after) {
        let diff = before.get().abs_diff(after.get());
        assert!(diff <= 1, "{asset}: share {before} → {after}");
    }
}

#[test]
fn below_full_collateral_every_redeemer_takes_the_same_haircut() {
    let mut env = MarsEnv::builder()
        .without_share_caps()
        .with_proportional_redeem_fee(Bps::ZERO)
        .with_asset_params("btc", |p| {
            p.mint_fee = Bps::ZERO;
            p.redeem_fee = Bps::ZERO;
        })
        .build();
    let (alice, bob) = (env.addr("alice"), env.addr("bob"));
    let btc = env.asset("btc").info.clone();
    env.mint(&alice, &btc, whole(1, 8), None, None).unwrap();
    env.mint(&bob, &btc, whole(1, 8), None, None).unwrap();
    // BTC halves: $60,000 of assets back 120,000 USDm
    env.set_price(&btc, "30000");
    let state = env.vault_state();
    assert_eq!(state.collateral_ratio, Some(Decimal::percent(50)));
    assert_eq!(state.deficit.u128(), 60_000 * USD);

    let sim: SimulateRedeemResponse = env
        .vault_query(&QueryMsg::SimulateRedeem {
            amount: Uint128::new(10_000 * USD),
            mode: single(&btc, None),
        })
        .unwrap();
    assert_eq!(sim.collateral_factor, Decimal::percent(50));

    let first = env.balance(&btc, &alice);
    env.redeem(&alice, 10_000 * USD, single(&btc, None), None)
        .unwrap();
    let first = env.balance(&btc, &alice) - first;
    let last = env.balance(&btc, &bob);
    env.redeem(&bob, 10_000 * USD, single(&btc, None), None)
        .unwrap();
    let last = env.balance(&btc, &bob) - last;

    // $5,000 at $30,000: 1/6 BTC each, rounded down
    assert_eq!(first, sim.payouts[0].amount.u128());
    assert_eq!(first, 16_666_666);
    assert_eq!(last, first);

    // a proportional redeemer takes the same haircut
    let before = env.balance(&btc, &alice);
    env.redeem(&alice, 10_000 * USD, proportional(), None)
        .unwrap();
    assert_eq!(env.balance(&btc, &alice) - before, first);
}

#[test]
fn min_out_is_honoured_for_both_modes() {
    let mut env = funded_env();
    let alice = env.addr("alice");
    let [usdc, btc] = ["usdc", "btc"].map(|n| env.asset(n).info.clone());
    let supply = env.usdm_supply();

    let err = vault_err(env.redeem(
        &alice,
        1_000 * USD,
        single(&usdc, Some(999 * USD + 1)),
        None,
    ));
    assert_eq!(
        err,
        ContractError::MinOutNotMet {
            asset: usdc.to_string(),
            amount: Uint128::new(999 * USD),
            min_out: Uint128::new(999 * USD + 1),
        }
    );
    let mode = |min: u128| RedeemMode::Proportional {
        min_out: vec![AssetAmountUnchecked {
            info: btc.clone().into(),
            amount: Uint128::new(min),
        }],
    };
    let err = vault_err(env.redeem(&alice, 1_700 * USD, mode(995_000), None));
    assert_eq!(
        err,
        ContractError::MinOutNotMet {
            asset: btc.to_string(),
            amount: Uint128::new(994_999),
            min_out: Uint128::new(995_000),
        }
    );
    assert_eq!(env.usdm_supply(), supply);
    assert_eq!(env.usdm_balance(&alice), supply);

    env.redeem(&alice, 1_700 * USD, mode(994_999), None)
        .unwrap();
    env.redeem(&alice, 1_000 * USD, single(&usdc, Some(999 * USD)), None)
        .unwrap();
}

#[test]
fn simulate_redeem_matches_redeem() {
    let mut env = funded_env();
    let alice = env.addr("alice");
    let sim: SimulateRedeemResponse = env
        .vault_query(&QueryMsg::SimulateRedeem {
            amount: Uint128::new(1_234 * USD),
            mode: proportional(),
        })
        .unwrap();
    let before: Vec<_> = sim
        .payouts
        .iter()
        .map(|p| env.balance(&p.asset, &alice))
        .collect();
    env.redeem(&alice, 1_234 * USD, proportional(), None)
        .unwrap();
    for (p, before) in sim.payouts.iter().zip(before) {
        assert_eq!(env.balance(&p.asset, &alice) - before, p.amount.u128());
    }

    // a simulation answers with the error the redemption would return
    let usdc = env.asset("usdc").info.clone();
    let err = env
        .vault_query::<SimulateRedeemResponse>(&QueryMsg::SimulateRedeem {
            amount: Uint128::new(15_000 * USD),
            mode: single(&usdc, None),
        })
        .unwrap_err()
        .to_string();
    assert!(err.contains("not enough liquid"), "{err}");
}

#[test]
fn tokens_sent_outside_mint_change_nothing_but_unaccounted() {
    let mut env = funded_env();
    let alice = env.addr("alice");
    let usdc = env.asset("usdc").info.clone();
    let before = env.vault_state();
    // a donation of 5,000 USDC straight to the vault
    env.app
        .send_tokens(
            alice.clone(),
            env.vault.clone(),
            &[cosmwasm_std::coin(
                5_000 * USD,
                "ibc/498A0751C798A0D9A389AA3691123DADA57DAA4FE165D5C75894505B876BA6E4",
            )],
        )
        .unwrap();
    let after = env.vault_state();
    assert_eq!(after.total_value, before.total_value);
    assert_eq!(after.collateral_ratio, before.collateral_ratio);
    let usdc_state = after.assets.iter().find(|a| a.asset == usdc).unwrap();
    assert_eq!(usdc_state.unaccounted.u128(), 5_000 * USD);
    assert_eq!(usdc_state.liquid.u128(), 10_000 * USD);
}

#[test]
fn simulating_more_than_the_supply_is_an_error_not_a_panic() {
    let env = funded_env();
    let usdc = env.asset("usdc").info.clone();
    for mode in [single(&usdc, None), proportional()] {
        let err = env
            .vault_query::<SimulateRedeemResponse>(&QueryMsg::SimulateRedeem {
                amount: Uint128::new(17_000 * USD + 1),
                mode,
            })
            .unwrap_err()
            .to_string();
        assert!(err.contains("only 17000000000 exist"), "{err}");
    }
}
