//! Share caps, tier caps, ceilings and the bootstrap floor, through real mints and redemptions.

mod common;

use common::vault_err;
use cosmwasm_std::Uint128;
use mars_testing::env::whole;
use mars_testing::MarsEnv;
use mars_types::vault::RedeemMode;
use mars_types::{Bps, Tier};
use mars_vault::ContractError;

const USD: u128 = 1_000_000;

fn bps(v: u16) -> Bps {
    Bps::new(v).unwrap()
}

/// $10,000 of USDC in the vault: exactly at the default $10,000 floor.
fn env_with_stable_base() -> MarsEnv {
    let mut env = MarsEnv::builder()
        .with_asset_params("usdc", |p| p.mint_fee = Bps::ZERO)
        .build();
    let alice = env.addr("alice");
    let usdc = env.asset("usdc").info.clone();
    env.mint(&alice, &usdc, 10_000 * USD, None, None).unwrap();
    env
}

#[test]
fn asset_share_cap_allows_up_to_the_cap_and_refuses_beyond() {
    let mut env = env_with_stable_base();
    let alice = env.addr("alice");
    let atom = env.asset("atom").info.clone();

    // 250 ATOM = $2,500 of $12,500: exactly the 20% cap
    env.mint(&alice, &atom, whole(250, 6), None, None).unwrap();
    let supply = env.usdm_supply();
    let held = env.balance(&atom, &env.vault);

    // one more ATOM: 2,510 / 12,510 = 20.06%
    let err = vault_err(env.mint(&alice, &atom, whole(1, 6), None, None));
    assert_eq!(
        err,
        ContractError::AssetShareCapExceeded {
            asset: atom.to_string(),
            share: bps(2_007),
            cap: bps(2_000),
        }
    );
    assert_eq!(env.usdm_supply(), supply);
    assert_eq!(env.balance(&atom, &env.vault), held);
}

#[test]
fn tier_share_cap_counts_every_asset_of_the_tier() {
    let mut env = env_with_stable_base();
    let alice = env.addr("alice");
    let atom = env.asset("atom").info.clone();
    let eth = env.asset("eth").info.clone();
    env.mint(&alice, &atom, whole(250, 6), None, None).unwrap();

    // 0.6 ETH = $1,800: ETH alone is 12.6% (< 30%), but layer 1 reaches 4,300 / 14,300 = 30.07%
    let err = vault_err(env.mint(&alice, &eth, 600_000_000_000_000_000, None, None));
    assert_eq!(
        err,
        ContractError::TierShareCapExceeded {
            tier: Tier::Layer1,
            share: bps(3_007),
            cap: bps(3_000),
        }
    );
    // 0.595 ETH = $1,785: layer 1 at 4,285 / 14,285 = 29.997%
    env.mint(&alice, &eth, 595_000_000_000_000_000, None, None)
        .unwrap();
}

#[test]
fn absolute_ceiling_applies_even_below_the_floor() {
    let mut env = MarsEnv::builder()
        .with_asset_params("atom", |p| p.value_ceiling = Uint128::new(1_000 * USD))
        .build();
    let alice = env.addr("alice");
    let atom = env.asset("atom").info.clone();
    let err = vault_err(env.mint(&alice, &atom, whole(101, 6), None, None));
    assert_eq!(
        err,
        ContractError::ValueCeilingExceeded {
            asset: atom.to_string(),
            value: Uint128::new(1_010 * USD),
            ceiling: Uint128::new(1_000 * USD),
        }
    );
    assert_eq!(env.usdm_supply(), 0);
    env.mint(&alice, &atom, whole(100, 6), None, None).unwrap();
}

#[test]
fn bootstrap_floor_suspends_share_caps_until_the_vault_reaches_it() {
    let mut env = MarsEnv::builder().build();
    let alice = env.addr("alice");
    let xms = env.asset("xms").info.clone();
    // $1,000 of XMS is 100% of the vault, ten times its cap, but the vault is below $10,000
    env.mint(&alice, &xms, whole(2_000, 6), None, None).unwrap();
    // a mint that lifts the vault to the floor is checked: $10,000 of XMS would be 100%
    let err = vault_err(env.mint(&alice, &xms, whole(18_000, 6), None, None));
    assert!(
        matches!(err, ContractError::AssetShareCapExceeded { .. }),
        "{err:?}"
    );
}

#[test]
fn an_over_cap_share_may_shrink_but_not_grow() {
    let mut env = env_with_stable_base();
    let alice = env.addr("alice");
    let xms = env.asset("xms").info.clone();
    let usdc = env.asset("usdc").info.clone();
    // $1,000 of XMS = 9.09%, under the 10% cap
    env.mint(&alice, &xms, whole(2_000, 6), None, None).unwrap();
    // XMS triples: $3,000 of $13,000 = 23%, far above its cap
    env.set_price(&xms, "1.5");
    let state = env.vault_state();
    let xms_state = state.assets.iter().find(|a| a.asset == xms).unwrap();
    assert_eq!(xms_state.share, bps(2_308));

    // more XMS is refused
    let err = vault_err(env.mint(&alice, &xms, whole(1, 6), None, None));
    assert!(
        matches!(err, ContractError::AssetShareCapExceeded { .. }),
        "{err:?}"
    );
    // minting with USDC lowers the XMS share: allowed
    env.mint(&alice, &usdc, 1_000 * USD, None, None).unwrap();
    // redeeming in XMS lowers its share: allowed
    env.redeem(
        &alice,
        100 * USD,
        RedeemMode::Single {
            asset: xms.clone().into(),
            min_out: None,
        },
        None,
    )
    .unwrap();
    // redeeming in USDC would raise the over-cap XMS share further: refused
    let err = vault_err(env.redeem(
        &alice,
        100 * USD,
        RedeemMode::Single {
            asset: usdc.into(),
            min_out: None,
        },
        None,
    ));
    assert!(
        matches!(
            &err,
            ContractError::AssetShareCapExceeded { asset, .. } if *asset == xms.to_string()
        ),
        "{err:?}"
    );
}

#[test]
fn single_redemptions_cannot_drain_the_safest_tier() {
    let mut env = env_with_stable_base();
    let alice = env.addr("alice");
    let xms = env.asset("xms").info.clone();
    let usdc = env.asset("usdc").info.clone();
    // $1,100 of XMS: 9.9% of $11,100
    env.mint(&alice, &xms, whole(2_200, 6), None, None).unwrap();
    let usdc_before = env.balance(&usdc, &alice);
    let usdm_before = env.usdm_balance(&alice);
    // taking $100 of USDC out leaves XMS at 1,100 / 11,000 = 10%: allowed
    env.redeem(
        &alice,
        100 * USD,
        RedeemMode::Single {
            asset: usdc.clone().into(),
            min_out: None,
        },
        None,
    )
    .unwrap();
    // and the next $100 would leave XMS above 10%
    let err = vault_err(env.redeem(
        &alice,
        200 * USD,
        RedeemMode::Single {
            asset: usdc.clone().into(),
            min_out: None,
        },
        None,
    ));
    assert!(
        matches!(err, ContractError::AssetShareCapExceeded { .. }),
        "{err:?}"
    );
    assert!(env.balance(&usdc, &alice) > usdc_before);
    assert_eq!(env.usdm_balance(&alice), usdm_before - 100 * USD);
    // proportional redemption is always open and keeps the composition
    env.redeem(
        &alice,
        200 * USD,
        RedeemMode::Proportional { min_out: vec![] },
        None,
    )
    .unwrap();
}
