//! Governance paths of the vault: the whitelist, tier caps, configuration, pauses, two-step
//! ownership, migration and the paginated asset query. Each refusal asserts the exact error and
//! that nothing changed (configuration, tiers, every asset record, ownership and every
//! balance); each shows the accepted side of its boundary, so removing a check fails a test.

mod common;

use common::{attr, proportional, single, snapshot, vault_err};
use cosmwasm_std::{Addr, StdError, Uint128};
use cw20::{Cw20Coin, Cw20ExecuteMsg};
use cw_multi_test::{AppResponse, Executor};
use cw_ownable::{Action, Ownership, OwnershipError};
use mars_testing::env::whole;
use mars_testing::MarsEnv;
use mars_types::asset::AssetError;
use mars_types::migrate::MigrateError;
use mars_types::tier::TierCapsIncreasing;
use mars_types::usdm::InstantiateMsg as TokenInstantiateMsg;
use mars_types::vault::{
    AssetParamsUnchecked, AssetResponse, AssetUpdate, ConfigResponse, ConfigUpdate, ExecuteMsg,
    GuardianUpdate, Limits, MigrateMsg, ParamsError, PauseTarget, QueryMsg, Throttle,
};
use mars_types::{AssetInfo, AssetInfoUnchecked, Bps, Tier, TierCaps};
use mars_vault::contract::{CONTRACT_NAME, CONTRACT_VERSION};
use mars_vault::ContractError;

const USD: u128 = 1_000_000;

// ---------------------------------------------------------------------------------------------
// helpers

fn bps(v: u16) -> Bps {
    Bps::new(v).unwrap()
}

fn config(env: &MarsEnv) -> ConfigResponse {
    env.vault_query(&QueryMsg::Config {}).unwrap()
}

fn ownership(env: &MarsEnv) -> Ownership<Addr> {
    env.vault_query(&QueryMsg::Ownership {}).unwrap()
}

fn asset_query(env: &MarsEnv, asset: &AssetInfoUnchecked) -> AssetResponse {
    env.vault_query(&QueryMsg::Asset {
        asset: asset.clone(),
    })
    .unwrap()
}

fn exec(env: &mut MarsEnv, sender: &Addr, msg: &ExecuteMsg) -> anyhow::Result<AppResponse> {
    env.vault_execute(sender, msg, &[])
}

/// Whitelisting parameters of a new native asset: 6 decimals, $1m ceiling, 0.3% / 0.5% fees.
fn native_params(denom: &str, tier: Tier, max_share: u16) -> AssetParamsUnchecked {
    AssetParamsUnchecked {
        asset: AssetInfoUnchecked::native(denom),
        decimals: 6,
        tier,
        max_share: bps(max_share),
        value_ceiling: Uint128::new(whole(1_000_000, 6)),
        mint_fee: bps(30),
        redeem_fee: bps(50),
        mint_enabled: true,
        redeem_enabled: true,
    }
}

fn add(params: AssetParamsUnchecked) -> ExecuteMsg {
    ExecuteMsg::AddAsset { params }
}

fn update(asset: &AssetInfoUnchecked, update: AssetUpdate) -> ExecuteMsg {
    ExecuteMsg::UpdateAsset {
        asset: asset.clone(),
        update,
    }
}

fn caps(v: [u16; 5]) -> TierCaps {
    TierCaps {
        stablecoin: bps(v[0]),
        btc: bps(v[1]),
        layer1: bps(v[2]),
        defi_blue_chip: bps(v[3]),
        governance: bps(v[4]),
    }
}

/// A cw20 from the USDm code that the vault does not know, held by alice.
fn fresh_cw20(env: &mut MarsEnv) -> Addr {
    let (code_id, owner, alice) = (env.token_code_id, env.owner.clone(), env.addr("alice"));
    env.app
        .instantiate_contract(
            code_id,
            owner,
            &TokenInstantiateMsg {
                name: "Fresh Token".to_string(),
                symbol: "FRESH".to_string(),
                decimals: 6,
                initial_balances: vec![Cw20Coin {
                    address: alice.to_string(),
                    amount: Uint128::new(whole(1_000, 6)),
                }],
                mint: None,
                marketing: None,
            },
            &[],
            "fresh",
            None,
        )
        .unwrap()
}

fn pause(target: PauseTarget) -> ExecuteMsg {
    ExecuteMsg::Pause { target }
}

fn unpause(target: PauseTarget) -> ExecuteMsg {
    ExecuteMsg::Unpause { target }
}

const NOT_OWNER: ContractError = ContractError::Ownership(OwnershipError::NotOwner);

// ---------------------------------------------------------------------------------------------
// access control

#[test]
fn owner_only_messages_are_refused_to_a_stranger_and_to_the_guardian() {
    let mut env = MarsEnv::builder().build();
    let (owner, guardian, stranger) = (env.owner.clone(), env.guardian.clone(), env.addr("eve"));
    let unew = AssetInfoUnchecked::native("unew");

    // each message is valid when it is sent: the owner's identical call succeeds right after
    let steps = vec![
        add(native_params("unew", Tier::Stablecoin, 5_000)),
        update(
            &unew,
            AssetUpdate {
                max_share: Some(bps(6_000)),
                mint_fee: Some(bps(20)),
                mint_enabled: Some(false),
                ..AssetUpdate::default()
            },
        ),
        ExecuteMsg::SetTierCaps {
            caps: caps([10_000, 5_000, 3_000, 2_000, 1_000]),
        },
        ExecuteMsg::UpdateConfig(ConfigUpdate {
            cap_floor: Some(Uint128::new(1)),
            max_assets: Some(20),
            proportional_redeem_fee: Some(bps(100)),
            ..ConfigUpdate::default()
        }),
        ExecuteMsg::RemoveAsset {
            asset: unew.clone(),
        },
        ExecuteMsg::UpdateConfig(ConfigUpdate {
            guardian: Some(GuardianUpdate::Set {
                address: stranger.to_string(),
            }),
            ..ConfigUpdate::default()
        }),
        ExecuteMsg::UpdateConfig(ConfigUpdate {
            limits: Some(Limits {
                mint: Some(Throttle {
                    amount: Uint128::new(1_000 * USD),
                    supply_bps: bps(500),
                }),
                redeem: Some(Throttle {
                    amount: Uint128::new(500 * USD),
                    supply_bps: Bps::ZERO,
                }),
                supply_cap: Some(Uint128::new(1_000_000 * USD)),
            }),
            ..ConfigUpdate::default()
        }),
        ExecuteMsg::UpdateConfig(ConfigUpdate {
            oracle: Some(stranger.to_string()),
            ..ConfigUpdate::default()
        }),
    ];
    for msg in &steps {
        let before = snapshot(&env, &[]);
        for sender in [&stranger, &guardian] {
            assert_eq!(vault_err(exec(&mut env, sender, msg)), NOT_OWNER, "{msg:?}");
            assert_eq!(snapshot(&env, &[]), before, "{msg:?}");
        }
        exec(&mut env, &owner, msg).unwrap_or_else(|e| panic!("{msg:?}: {e:?}"));
        assert_ne!(
            snapshot(&env, &[]),
            before,
            "the owner's {msg:?} changed nothing"
        );
    }
    let config = config(&env);
    assert_eq!(config.oracle, stranger);
    assert_eq!(config.guardian, Some(stranger));
    assert_eq!(config.max_assets, 20);
}

// ---------------------------------------------------------------------------------------------
// AddAsset

#[test]
fn adding_an_asset_twice_is_refused() {
    let mut env = MarsEnv::builder().build();
    let owner = env.owner.clone();
    let before = snapshot(&env, &[]);

    // the same denom or address with any parameters
    for name in ["atom", "aave"] {
        let mut params = env.asset(name).params.clone();
        params.max_share = bps(100);
        let err = vault_err(exec(&mut env, &owner, &add(params)));
        assert_eq!(
            err,
            ContractError::AssetAlreadyWhitelisted {
                asset: env.asset(name).info.to_string()
            }
        );
        assert_eq!(snapshot(&env, &[]), before);
    }

    // a native denom spelling the address of a whitelisted cw20 is another asset
    let AssetInfo::Cw20 { contract_addr } = env.asset("aave").info.clone() else {
        unreachable!("cw20 basket asset")
    };
    let mut params = native_params(contract_addr.as_str(), Tier::DefiBlueChip, 1_000);
    params.decimals = 6;
    exec(&mut env, &owner, &add(params)).unwrap();
    assert_eq!(config(&env).asset_count, 7);
}

#[test]
fn usdm_itself_cannot_be_whitelisted_as_collateral() {
    let mut env = MarsEnv::builder().build();
    let owner = env.owner.clone();
    let mut params = env.asset("aave").params.clone();
    params.asset = AssetInfoUnchecked::cw20(env.usdm.as_str());
    let before = snapshot(&env, &[]);

    let err = vault_err(exec(&mut env, &owner, &add(params.clone())));
    assert_eq!(err, ContractError::UsdmAsCollateral {});
    assert_eq!(snapshot(&env, &[]), before);

    // another token of the same code is fine: the check is on the address
    let fresh = fresh_cw20(&mut env);
    params.asset = AssetInfoUnchecked::cw20(fresh.as_str());
    exec(&mut env, &owner, &add(params)).unwrap();
}

#[test]
fn decimals_above_18_are_refused() {
    let mut env = MarsEnv::builder().build();
    let owner = env.owner.clone();
    let mut params = native_params("uwide", Tier::Layer1, 1_000);
    params.decimals = 19;
    let before = snapshot(&env, &[]);

    let err = vault_err(exec(&mut env, &owner, &add(params.clone())));
    assert_eq!(
        err,
        ContractError::Params(ParamsError::DecimalsOutOfRange {
            asset: "native:uwide".into(),
            decimals: 19,
        })
    );
    assert_eq!(snapshot(&env, &[]), before);

    params.decimals = 18;
    exec(&mut env, &owner, &add(params.clone())).unwrap();
    let stored = asset_query(&env, &params.asset);
    assert_eq!(stored.params.decimals, 18);
}

#[test]
fn an_asset_cap_above_its_tier_cap_is_refused() {
    let mut env = MarsEnv::builder().build();
    let owner = env.owner.clone();
    let before = snapshot(&env, &[]);

    // the BTC tier's cap is 40%
    let err = vault_err(exec(
        &mut env,
        &owner,
        &add(native_params("uwbtc", Tier::Btc, 4_001)),
    ));
    assert_eq!(
        err,
        ContractError::Params(ParamsError::AssetCapAboveTierCap {
            asset: "native:uwbtc".into(),
            max_share: bps(4_001),
            tier: Tier::Btc,
            tier_cap: bps(4_000),
        })
    );
    assert_eq!(snapshot(&env, &[]), before);

    exec(
        &mut env,
        &owner,
        &add(native_params("uwbtc", Tier::Btc, 4_000)),
    )
    .unwrap();
}

#[test]
fn fees_above_five_percent_are_refused_five_percent_is_accepted() {
    let mut env = MarsEnv::builder().build();
    let owner = env.owner.clone();
    let before = snapshot(&env, &[]);

    let mut params = native_params("ufee", Tier::Layer1, 1_000);
    params.mint_fee = bps(501);
    let err = vault_err(exec(&mut env, &owner, &add(params.clone())));
    assert_eq!(
        err,
        ContractError::Params(ParamsError::FeeTooHigh {
            fee: "native:ufee mint".into(),
            value: bps(501),
        })
    );
    assert_eq!(snapshot(&env, &[]), before);

    params.mint_fee = bps(500);
    params.redeem_fee = bps(501);
    let err = vault_err(exec(&mut env, &owner, &add(params.clone())));
    assert_eq!(
        err,
        ContractError::Params(ParamsError::FeeTooHigh {
            fee: "native:ufee redeem".into(),
            value: bps(501),
        })
    );
    assert_eq!(snapshot(&env, &[]), before);

    params.redeem_fee = bps(500);
    exec(&mut env, &owner, &add(params.clone())).unwrap();
    let stored = asset_query(&env, &params.asset);
    assert_eq!(
        (stored.params.mint_fee, stored.params.redeem_fee),
        (bps(500), bps(500))
    );
}

#[test]
fn an_invalid_denom_or_a_non_canonical_cw20_address_is_refused() {
    let mut env = MarsEnv::builder().build();
    let owner = env.owner.clone();
    let fresh = fresh_cw20(&mut env);
    let before = snapshot(&env, &[]);

    let denoms = [
        ("ab", "length must be 3 to 128 characters"),
        ("1atom", "must start with a letter"),
        ("u atom", "only letters, digits and / : . _ - are allowed"),
    ];
    for (denom, reason) in denoms {
        let err = vault_err(exec(
            &mut env,
            &owner,
            &add(native_params(denom, Tier::Layer1, 1_000)),
        ));
        assert_eq!(
            err,
            ContractError::Params(ParamsError::Asset(AssetError::InvalidDenom {
                denom: denom.into(),
                reason,
            }))
        );
        assert_eq!(snapshot(&env, &[]), before);
    }

    let addresses = [
        (
            fresh.as_str().to_uppercase(),
            "Invalid input: address not normalized",
        ),
        ("fresh".to_string(), "Error decoding bech32"),
    ];
    for (address, msg) in addresses {
        let mut params = native_params("unused", Tier::Layer1, 1_000);
        params.asset = AssetInfoUnchecked::cw20(address);
        let err = vault_err(exec(&mut env, &owner, &add(params)));
        assert_eq!(
            err,
            ContractError::Params(ParamsError::Asset(AssetError::Std(StdError::generic_err(
                msg
            ))))
        );
        assert_eq!(snapshot(&env, &[]), before);
    }

    // the canonical address is accepted
    let mut params = native_params("unused", Tier::Layer1, 1_000);
    params.asset = AssetInfoUnchecked::cw20(fresh.as_str());
    exec(&mut env, &owner, &add(params)).unwrap();
}

#[test]
fn the_whitelist_is_bounded_by_max_assets() {
    let mut env = MarsEnv::builder().with_max_assets(6).build();
    let owner = env.owner.clone();
    assert_eq!(config(&env).asset_count, 6);
    let before = snapshot(&env, &[]);

    let err = vault_err(exec(
        &mut env,
        &owner,
        &add(native_params("useventh", Tier::Layer1, 1_000)),
    ));
    assert_eq!(err, ContractError::TooManyAssets { max_assets: 6 });
    assert_eq!(snapshot(&env, &[]), before);

    // one more slot, one more asset, and full again
    let raise = ExecuteMsg::UpdateConfig(ConfigUpdate {
        max_assets: Some(7),
        ..ConfigUpdate::default()
    });
    exec(&mut env, &owner, &raise).unwrap();
    exec(
        &mut env,
        &owner,
        &add(native_params("useventh", Tier::Layer1, 1_000)),
    )
    .unwrap();
    let before = snapshot(&env, &[]);
    let err = vault_err(exec(
        &mut env,
        &owner,
        &add(native_params("ueighth", Tier::Layer1, 1_000)),
    ));
    assert_eq!(err, ContractError::TooManyAssets { max_assets: 7 });
    assert_eq!(snapshot(&env, &[]), before);
}

// ---------------------------------------------------------------------------------------------
// UpdateAsset, RemoveAsset

#[test]
fn moving_an_asset_to_a_tier_whose_cap_is_below_its_max_share_is_refused() {
    let mut env = MarsEnv::builder().build();
    let owner = env.owner.clone();
    let eth: AssetInfoUnchecked = env.asset("eth").info.clone().into();
    let before = snapshot(&env, &[]);

    // ETH (layer 1, 30%) into the DeFi tier (20%)
    let err = vault_err(exec(
        &mut env,
        &owner,
        &update(
            &eth,
            AssetUpdate {
                tier: Some(Tier::DefiBlueChip),
                ..AssetUpdate::default()
            },
        ),
    ));
    assert_eq!(
        err,
        ContractError::Params(ParamsError::AssetCapAboveTierCap {
            asset: "native:weth-wei".into(),
            max_share: bps(3_000),
            tier: Tier::DefiBlueChip,
            tier_cap: bps(2_000),
        })
    );
    assert_eq!(snapshot(&env, &[]), before);

    // raising its cap above its own tier's is refused the same way, and so is a fee above 5%
    let err = vault_err(exec(
        &mut env,
        &owner,
        &update(
            &eth,
            AssetUpdate {
                max_share: Some(bps(3_001)),
                ..AssetUpdate::default()
            },
        ),
    ));
    assert_eq!(
        err,
        ContractError::Params(ParamsError::AssetCapAboveTierCap {
            asset: "native:weth-wei".into(),
            max_share: bps(3_001),
            tier: Tier::Layer1,
            tier_cap: bps(3_000),
        })
    );
    let err = vault_err(exec(
        &mut env,
        &owner,
        &update(
            &eth,
            AssetUpdate {
                redeem_fee: Some(bps(501)),
                ..AssetUpdate::default()
            },
        ),
    ));
    assert_eq!(
        err,
        ContractError::Params(ParamsError::FeeTooHigh {
            fee: "native:weth-wei redeem".into(),
            value: bps(501),
        })
    );
    // an asset that is not whitelisted cannot be updated
    let err = vault_err(exec(
        &mut env,
        &owner,
        &update(
            &AssetInfoUnchecked::native("unknown"),
            AssetUpdate::default(),
        ),
    ));
    assert_eq!(
        err,
        ContractError::AssetNotWhitelisted {
            asset: "native:unknown".into()
        }
    );
    assert_eq!(snapshot(&env, &[]), before);

    // the move with a cap that fits, a new ceiling and fees: every field shows in the query
    let res = exec(
        &mut env,
        &owner,
        &update(
            &eth,
            AssetUpdate {
                tier: Some(Tier::DefiBlueChip),
                max_share: Some(bps(1_500)),
                value_ceiling: Some(Uint128::new(whole(5_000_000, 6))),
                mint_fee: Some(bps(40)),
                redeem_fee: Some(bps(60)),
                mint_enabled: Some(true),
                redeem_enabled: Some(false),
            },
        ),
    )
    .unwrap();
    assert_eq!(attr(&res, "action"), "update_asset");
    assert_eq!(attr(&res, "tier"), "defi_blue_chip");
    let stored = asset_query(&env, &eth).params;
    assert_eq!(stored.tier, Tier::DefiBlueChip);
    assert_eq!(stored.max_share, bps(1_500));
    assert_eq!(stored.value_ceiling.u128(), whole(5_000_000, 6));
    assert_eq!((stored.mint_fee, stored.redeem_fee), (bps(40), bps(60)));
    assert!(stored.mint_enabled && !stored.redeem_enabled);
    assert_eq!(stored.decimals, 18, "untouched fields stay");
}

#[test]
fn only_dust_of_an_asset_whose_mint_is_disabled_can_be_written_off() {
    let mut env = MarsEnv::builder().without_share_caps().build();
    let (owner, alice) = (env.owner.clone(), env.addr("alice"));
    let eth_info = env.asset("eth").info.clone();
    let eth: AssetInfoUnchecked = eth_info.clone().into();
    env.mint(&alice, &eth_info, whole(1, 18), None, None)
        .unwrap();
    let set_mint = |enabled| ExecuteMsg::UpdateAsset {
        asset: eth.clone(),
        update: AssetUpdate {
            mint_enabled: Some(enabled),
            ..AssetUpdate::default()
        },
    };
    let remove = ExecuteMsg::RemoveAsset { asset: eth.clone() };

    // disabling minting while the oracle refuses the price still works, with no dust limit
    env.break_price(&eth_info);
    let res = exec(&mut env, &owner, &set_mint(false)).unwrap();
    assert_eq!(attr(&res, "dust_limit"), "0");
    assert_eq!(asset_query(&env, &eth).dust_limit, Uint128::zero());

    // once the price is back, disabling again records $1 worth at the redeem price
    env.set_price(&eth_info, "3000");
    exec(&mut env, &owner, &set_mint(false)).unwrap();
    let dust_limit = Uint128::new(333_333_333_333_333);
    assert_eq!(asset_query(&env, &eth).dust_limit, dust_limit);

    // a whole ETH is not dust
    let before = snapshot(&env, &[]);
    let err = vault_err(exec(&mut env, &owner, &remove));
    assert_eq!(
        err,
        ContractError::AssetStillHeld {
            asset: eth_info.to_string(),
            liquid: Uint128::new(whole(1, 18)),
            deployed: Uint128::zero(),
            dust_limit,
        }
    );
    assert_eq!(snapshot(&env, &[]), before);

    // enabling minting clears the limit: nothing is dust while the asset can be minted
    exec(&mut env, &owner, &set_mint(true)).unwrap();
    assert_eq!(asset_query(&env, &eth).dust_limit, Uint128::zero());
}

#[test]
fn an_asset_the_vault_still_holds_cannot_be_removed_until_redeemed_to_zero() {
    let mut env = MarsEnv::builder()
        .without_share_caps()
        .with_asset_params("usdc", |p| {
            p.mint_fee = Bps::ZERO;
            p.redeem_fee = Bps::ZERO;
        })
        .build();
    let (owner, alice) = (env.owner.clone(), env.addr("alice"));
    let usdc_info = env.asset("usdc").info.clone();
    let usdc: AssetInfoUnchecked = usdc_info.clone().into();
    env.mint(&alice, &usdc_info, 1_000 * USD, None, None)
        .unwrap();
    let remove = ExecuteMsg::RemoveAsset {
        asset: usdc.clone(),
    };

    let before = snapshot(&env, &[]);
    let err = vault_err(exec(&mut env, &owner, &remove));
    assert_eq!(
        err,
        ContractError::AssetStillHeld {
            asset: usdc_info.to_string(),
            liquid: Uint128::new(1_000 * USD),
            deployed: Uint128::zero(),
            dust_limit: Uint128::zero(),
        }
    );
    assert_eq!(snapshot(&env, &[]), before);

    // one base unit left is still held
    env.redeem(&alice, 1_000 * USD - 1, single(&usdc_info), None)
        .unwrap();
    let before = snapshot(&env, &[]);
    let err = vault_err(exec(&mut env, &owner, &remove));
    assert_eq!(
        err,
        ContractError::AssetStillHeld {
            asset: usdc_info.to_string(),
            liquid: Uint128::new(1),
            deployed: Uint128::zero(),
            dust_limit: Uint128::zero(),
        }
    );
    assert_eq!(snapshot(&env, &[]), before);

    // everything redeemed: removed, and no longer mintable
    env.redeem(&alice, 1, single(&usdc_info), None).unwrap();
    assert_eq!(asset_query(&env, &usdc).liquid, Uint128::zero());
    let res = exec(&mut env, &owner, &remove).unwrap();
    assert_eq!(attr(&res, "action"), "remove_asset");
    assert!(env
        .vault_query::<AssetResponse>(&QueryMsg::Asset {
            asset: usdc.clone()
        })
        .is_err());
    let err = vault_err(env.mint(&alice, &usdc_info, USD, None, None));
    assert_eq!(
        err,
        ContractError::AssetNotWhitelisted {
            asset: usdc_info.to_string()
        }
    );
}

#[test]
fn an_asset_never_deposited_can_be_removed_even_after_a_donation() {
    let mut env = MarsEnv::builder().build();
    let (owner, alice) = (env.owner.clone(), env.addr("alice"));
    let xms_info = env.asset("xms").info.clone();
    let xms: AssetInfoUnchecked = xms_info.clone().into();

    // tokens sent to the vault outside Mint are not accounted and cannot block a removal
    let vault = env.vault.to_string();
    let xms_token = env.xms.clone();
    env.cw20_execute(
        &alice,
        &xms_token,
        &Cw20ExecuteMsg::Transfer {
            recipient: vault,
            amount: Uint128::new(whole(5, 6)),
        },
    )
    .unwrap();
    assert_eq!(asset_query(&env, &xms).liquid, Uint128::zero());

    exec(
        &mut env,
        &owner,
        &ExecuteMsg::RemoveAsset { asset: xms.clone() },
    )
    .unwrap();
    assert_eq!(config(&env).asset_count, 5);
    let err = vault_err(env.mint(&alice, &xms_info, whole(1, 6), None, None));
    assert_eq!(
        err,
        ContractError::UnexpectedCw20 {
            token: xms_info.to_string()
        }
    );

    // removing it again: it is not whitelisted
    let err = vault_err(exec(
        &mut env,
        &owner,
        &ExecuteMsg::RemoveAsset { asset: xms.clone() },
    ));
    assert_eq!(
        err,
        ContractError::AssetNotWhitelisted {
            asset: xms_info.to_string()
        }
    );
}

// ---------------------------------------------------------------------------------------------
// SetTierCaps

#[test]
fn tier_caps_that_increase_with_volatility_are_refused() {
    let mut env = MarsEnv::builder().build();
    let owner = env.owner.clone();
    let before = snapshot(&env, &[]);

    for (values, tier, less_volatile) in [
        (
            [10_000, 4_000, 3_000, 2_000, 2_500],
            Tier::Governance,
            Tier::DefiBlueChip,
        ),
        (
            [3_900, 4_000, 3_000, 2_000, 1_000],
            Tier::Btc,
            Tier::Stablecoin,
        ),
    ] {
        let err = vault_err(exec(
            &mut env,
            &owner,
            &ExecuteMsg::SetTierCaps { caps: caps(values) },
        ));
        assert_eq!(
            err,
            ContractError::Params(ParamsError::TierCaps(TierCapsIncreasing {
                tier,
                cap: bps(values[tier.index()]),
                less_volatile,
                less_volatile_cap: bps(values[less_volatile.index()]),
            }))
        );
        assert_eq!(snapshot(&env, &[]), before);
    }

    // equal neighbours are not increasing
    let flat = caps([10_000, 4_000, 3_000, 2_000, 2_000]);
    let res = exec(&mut env, &owner, &ExecuteMsg::SetTierCaps { caps: flat }).unwrap();
    assert_eq!(attr(&res, "action"), "set_tier_caps");
    assert_eq!(attr(&res, "governance"), "2000bps");
    let tiers: TierCaps = env.vault_query(&QueryMsg::Tiers {}).unwrap();
    assert_eq!(tiers, flat);
}

#[test]
fn tier_caps_below_an_existing_asset_cap_are_refused() {
    let mut env = MarsEnv::builder().build();
    let owner = env.owner.clone();
    let before = snapshot(&env, &[]);

    // ETH holds a 30% cap in the layer-1 tier
    let err = vault_err(exec(
        &mut env,
        &owner,
        &ExecuteMsg::SetTierCaps {
            caps: caps([10_000, 4_000, 2_999, 2_000, 1_000]),
        },
    ));
    assert_eq!(
        err,
        ContractError::Params(ParamsError::AssetCapAboveTierCap {
            asset: "native:weth-wei".into(),
            max_share: bps(3_000),
            tier: Tier::Layer1,
            tier_cap: bps(2_999),
        })
    );
    assert_eq!(snapshot(&env, &[]), before);

    // down to the asset's own cap is fine once the asset's cap is lowered first
    let eth: AssetInfoUnchecked = env.asset("eth").info.clone().into();
    exec(
        &mut env,
        &owner,
        &update(
            &eth,
            AssetUpdate {
                max_share: Some(bps(2_500)),
                ..AssetUpdate::default()
            },
        ),
    )
    .unwrap();
    let lowered = caps([10_000, 4_000, 2_500, 2_000, 1_000]);
    exec(&mut env, &owner, &ExecuteMsg::SetTierCaps { caps: lowered }).unwrap();
    let tiers: TierCaps = env.vault_query(&QueryMsg::Tiers {}).unwrap();
    assert_eq!(tiers, lowered);
}

// ---------------------------------------------------------------------------------------------
// UpdateConfig

#[test]
fn max_assets_out_of_range_or_below_the_whitelist_is_refused() {
    let mut env = MarsEnv::builder().build();
    let owner = env.owner.clone();
    let set = |max_assets| {
        ExecuteMsg::UpdateConfig(ConfigUpdate {
            max_assets: Some(max_assets),
            // a valid change in the same message must not be stored either
            cap_floor: Some(Uint128::new(7)),
            ..ConfigUpdate::default()
        })
    };
    let before = snapshot(&env, &[]);

    for max_assets in [0, 33] {
        let err = vault_err(exec(&mut env, &owner, &set(max_assets)));
        assert_eq!(
            err,
            ContractError::Params(ParamsError::MaxAssetsOutOfRange { max_assets })
        );
        assert_eq!(snapshot(&env, &[]), before);
    }
    // six assets are whitelisted
    let err = vault_err(exec(&mut env, &owner, &set(5)));
    assert_eq!(
        err,
        ContractError::MaxAssetsBelowCount {
            max_assets: 5,
            count: 6
        }
    );
    assert_eq!(snapshot(&env, &[]), before);

    for max_assets in [6, 32] {
        exec(&mut env, &owner, &set(max_assets)).unwrap();
        assert_eq!(config(&env).max_assets, max_assets);
    }
    assert_eq!(config(&env).cap_floor, Uint128::new(7));
}

#[test]
fn a_proportional_redeem_fee_above_five_percent_or_a_bad_address_is_refused() {
    let mut env = MarsEnv::builder().build();
    let owner = env.owner.clone();
    let before = snapshot(&env, &[]);

    let err = vault_err(exec(
        &mut env,
        &owner,
        &ExecuteMsg::UpdateConfig(ConfigUpdate {
            proportional_redeem_fee: Some(bps(501)),
            ..ConfigUpdate::default()
        }),
    ));
    assert_eq!(
        err,
        ContractError::Params(ParamsError::FeeTooHigh {
            fee: "proportional redeem".into(),
            value: bps(501),
        })
    );
    assert_eq!(snapshot(&env, &[]), before);

    let upper = env.addr("new_guardian").as_str().to_uppercase();
    for update in [
        ConfigUpdate {
            guardian: Some(GuardianUpdate::Set {
                address: upper.clone(),
            }),
            ..ConfigUpdate::default()
        },
        ConfigUpdate {
            oracle: Some(upper.clone()),
            ..ConfigUpdate::default()
        },
    ] {
        let err = vault_err(exec(&mut env, &owner, &ExecuteMsg::UpdateConfig(update)));
        assert_eq!(
            err,
            ContractError::Std(StdError::generic_err(
                "Invalid input: address not normalized"
            ))
        );
        assert_eq!(snapshot(&env, &[]), before);
    }

    exec(
        &mut env,
        &owner,
        &ExecuteMsg::UpdateConfig(ConfigUpdate {
            proportional_redeem_fee: Some(bps(500)),
            ..ConfigUpdate::default()
        }),
    )
    .unwrap();
    assert_eq!(config(&env).proportional_redeem_fee, bps(500));
}

#[test]
fn the_owner_replaces_the_guardian() {
    let mut env = MarsEnv::builder().build();
    let (owner, old) = (env.owner.clone(), env.guardian.clone());
    let new = env.addr("new_guardian");

    let res = exec(
        &mut env,
        &owner,
        &ExecuteMsg::UpdateConfig(ConfigUpdate {
            guardian: Some(GuardianUpdate::Set {
                address: new.to_string(),
            }),
            ..ConfigUpdate::default()
        }),
    )
    .unwrap();
    assert_eq!(attr(&res, "guardian"), new.to_string());
    assert_eq!(config(&env).guardian, Some(new.clone()));

    // the old guardian is a stranger now
    let before = snapshot(&env, &[]);
    let err = vault_err(exec(&mut env, &old, &pause(PauseTarget::Mint)));
    assert_eq!(err, ContractError::NotGuardian {});
    assert_eq!(snapshot(&env, &[]), before);
    exec(&mut env, &new, &pause(PauseTarget::Mint)).unwrap();
    exec(&mut env, &owner, &unpause(PauseTarget::Mint)).unwrap();

    // an update without the field leaves the guardian as it is
    exec(
        &mut env,
        &owner,
        &ExecuteMsg::UpdateConfig(ConfigUpdate {
            cap_floor: Some(Uint128::new(1)),
            ..ConfigUpdate::default()
        }),
    )
    .unwrap();
    assert_eq!(config(&env).guardian, Some(new));
}

/// Removal is an explicit variant: a nullable optional field could not tell "remove" from
/// "leave as it is" once written as JSON.
#[test]
fn the_owner_removes_the_guardian() {
    let mut env = MarsEnv::builder().build();
    let (owner, guardian) = (env.owner.clone(), env.guardian.clone());
    let remove = ConfigUpdate {
        guardian: Some(GuardianUpdate::Remove {}),
        ..ConfigUpdate::default()
    };
    exec(&mut env, &owner, &ExecuteMsg::UpdateConfig(remove.clone())).unwrap();
    assert_eq!(
        config(&env).guardian,
        None,
        "the guardian is still set after UpdateConfig {{ guardian: remove }}"
    );
    // the message survives JSON, as wallets and proposals send it
    let json = cosmwasm_std::to_json_vec(&remove).unwrap();
    assert_eq!(
        cosmwasm_std::from_json::<ConfigUpdate>(&json)
            .unwrap()
            .guardian,
        Some(GuardianUpdate::Remove {}),
    );

    let before = snapshot(&env, &[]);
    let err = vault_err(exec(&mut env, &guardian, &pause(PauseTarget::Mint)));
    assert_eq!(err, ContractError::NotGuardian {});
    assert_eq!(snapshot(&env, &[]), before);

    // the owner can still pause
    exec(&mut env, &owner, &pause(PauseTarget::Mint)).unwrap();
    assert!(config(&env).pauses.mint);
}

// ---------------------------------------------------------------------------------------------
// pauses

#[test]
fn the_guardian_pauses_every_mint_native_and_cw20_and_only_the_owner_unpauses() {
    let mut env = MarsEnv::builder().build();
    let (owner, guardian, alice) = (env.owner.clone(), env.guardian.clone(), env.addr("alice"));
    let usdc = env.asset("usdc").info.clone();
    let aave = env.asset("aave").info.clone();
    env.mint(&alice, &usdc, 1_000 * USD, None, None).unwrap();

    let res = exec(&mut env, &guardian, &pause(PauseTarget::Mint)).unwrap();
    assert_eq!(attr(&res, "action"), "pause");
    assert_eq!(attr(&res, "target"), "mint");
    assert_eq!(attr(&res, "sender"), guardian.to_string());
    assert!(config(&env).pauses.mint);

    let before = snapshot(&env, &[]);
    for (asset, amount) in [(&usdc, 100 * USD), (&aave, whole(1, 6))] {
        let err = vault_err(env.mint(&alice, asset, amount, None, None));
        assert_eq!(err, ContractError::MintPaused {});
        assert_eq!(snapshot(&env, &[]), before);
    }
    // the guardian cannot lift it
    let err = vault_err(exec(&mut env, &guardian, &unpause(PauseTarget::Mint)));
    assert_eq!(err, NOT_OWNER);
    assert_eq!(snapshot(&env, &[]), before);

    // redemptions stay open
    env.redeem(&alice, 100 * USD, single(&usdc), None).unwrap();

    let res = exec(&mut env, &owner, &unpause(PauseTarget::Mint)).unwrap();
    assert_eq!(attr(&res, "action"), "unpause");
    assert_eq!(attr(&res, "target"), "mint");
    env.mint(&alice, &usdc, 100 * USD, None, None).unwrap();
    env.mint(&alice, &aave, whole(1, 6), None, None).unwrap();
}

#[test]
fn the_guardian_pauses_mints_of_one_asset_only() {
    let mut env = MarsEnv::builder().build();
    let (owner, guardian, alice) = (env.owner.clone(), env.guardian.clone(), env.addr("alice"));
    let usdc = env.asset("usdc").info.clone();
    let atom = env.asset("atom").info.clone();
    let target = PauseTarget::MintAsset {
        asset: atom.clone().into(),
    };

    let res = exec(&mut env, &guardian, &pause(target.clone())).unwrap();
    assert_eq!(attr(&res, "action"), "pause");
    assert_eq!(attr(&res, "target"), "mint_asset");
    assert_eq!(attr(&res, "asset"), atom.to_string());
    assert!(asset_query(&env, &atom.clone().into()).mint_paused);
    assert!(!config(&env).pauses.mint);

    let before = snapshot(&env, &[]);
    let err = vault_err(env.mint(&alice, &atom, whole(10, 6), None, None));
    assert_eq!(
        err,
        ContractError::AssetMintPaused {
            asset: atom.to_string()
        }
    );
    assert_eq!(snapshot(&env, &[]), before);

    // the others still mint
    env.mint(&alice, &usdc, 1_000 * USD, None, None).unwrap();

    // a pause of an asset that is not whitelisted is refused
    let before = snapshot(&env, &[]);
    let err = vault_err(exec(
        &mut env,
        &guardian,
        &pause(PauseTarget::MintAsset {
            asset: AssetInfoUnchecked::native("unknown"),
        }),
    ));
    assert_eq!(
        err,
        ContractError::AssetNotWhitelisted {
            asset: "native:unknown".into()
        }
    );
    assert_eq!(snapshot(&env, &[]), before);

    let err = vault_err(exec(&mut env, &guardian, &unpause(target.clone())));
    assert_eq!(err, NOT_OWNER);
    let res = exec(&mut env, &owner, &unpause(target)).unwrap();
    assert_eq!(attr(&res, "action"), "unpause");
    assert_eq!(attr(&res, "target"), "mint_asset");
    env.mint(&alice, &atom, whole(10, 6), None, None).unwrap();
}

#[test]
fn the_guardian_pauses_single_redemption_and_proportional_stays_open() {
    let mut env = MarsEnv::builder().without_share_caps().build();
    let (owner, guardian, alice) = (env.owner.clone(), env.guardian.clone(), env.addr("alice"));
    let usdc = env.asset("usdc").info.clone();
    env.mint(&alice, &usdc, 10_000 * USD, None, None).unwrap();

    let res = exec(&mut env, &guardian, &pause(PauseTarget::SingleRedeem)).unwrap();
    assert_eq!(attr(&res, "target"), "single_redeem");
    let before = snapshot(&env, &[]);
    let err = vault_err(env.redeem(&alice, 100 * USD, single(&usdc), None));
    assert_eq!(err, ContractError::SingleRedeemPaused {});
    assert_eq!(snapshot(&env, &[]), before);

    let usdc_before = env.balance(&usdc, &alice);
    env.redeem(&alice, 100 * USD, proportional(), None).unwrap();
    assert!(env.balance(&usdc, &alice) > usdc_before);
    // mints are not affected
    env.mint(&alice, &usdc, 100 * USD, None, None).unwrap();

    let err = vault_err(exec(
        &mut env,
        &guardian,
        &unpause(PauseTarget::SingleRedeem),
    ));
    assert_eq!(err, NOT_OWNER);
    exec(&mut env, &owner, &unpause(PauseTarget::SingleRedeem)).unwrap();
    env.redeem(&alice, 100 * USD, single(&usdc), None).unwrap();
}

#[test]
fn only_the_owner_halts_proportional_redemption() {
    let mut env = MarsEnv::builder().without_share_caps().build();
    let (owner, guardian, alice) = (env.owner.clone(), env.guardian.clone(), env.addr("alice"));
    let usdc = env.asset("usdc").info.clone();
    env.mint(&alice, &usdc, 10_000 * USD, None, None).unwrap();

    let before = snapshot(&env, &[]);
    let err = vault_err(exec(
        &mut env,
        &guardian,
        &pause(PauseTarget::ProportionalRedeem),
    ));
    assert_eq!(err, ContractError::ProportionalRedeemOwnerOnly {});
    assert_eq!(snapshot(&env, &[]), before);
    env.redeem(&alice, 100 * USD, proportional(), None).unwrap();

    let res = exec(&mut env, &owner, &pause(PauseTarget::ProportionalRedeem)).unwrap();
    assert_eq!(attr(&res, "action"), "pause");
    assert_eq!(attr(&res, "target"), "proportional_redeem");
    let before = snapshot(&env, &[]);
    let err = vault_err(env.redeem(&alice, 100 * USD, proportional(), None));
    assert_eq!(err, ContractError::ProportionalRedeemHalted {});
    assert_eq!(snapshot(&env, &[]), before);
    // single redemption is a separate switch
    env.redeem(&alice, 100 * USD, single(&usdc), None).unwrap();

    let before = snapshot(&env, &[]);
    let err = vault_err(exec(
        &mut env,
        &guardian,
        &unpause(PauseTarget::ProportionalRedeem),
    ));
    assert_eq!(err, NOT_OWNER);
    assert_eq!(snapshot(&env, &[]), before);
    exec(&mut env, &owner, &unpause(PauseTarget::ProportionalRedeem)).unwrap();
    env.redeem(&alice, 100 * USD, proportional(), None).unwrap();
}

#[test]
fn a_stranger_can_neither_pause_nor_unpause() {
    let mut env = MarsEnv::builder().build();
    let (guardian, stranger) = (env.guardian.clone(), env.addr("eve"));
    let atom = env.asset("atom").info.clone();
    let targets = [
        PauseTarget::Mint,
        PauseTarget::MintAsset { asset: atom.into() },
        PauseTarget::SingleRedeem,
        PauseTarget::ProportionalRedeem,
    ];
    let before = snapshot(&env, &[]);
    for target in &targets {
        let err = vault_err(exec(&mut env, &stranger, &pause(target.clone())));
        assert_eq!(err, ContractError::NotGuardian {}, "{target:?}");
        let err = vault_err(exec(&mut env, &stranger, &unpause(target.clone())));
        assert_eq!(err, NOT_OWNER, "{target:?}");
        assert_eq!(snapshot(&env, &[]), before);
    }
    // the guardian's identical pauses go through
    for target in &targets[..3] {
        exec(&mut env, &guardian, &pause(target.clone())).unwrap();
    }
    let pauses = config(&env).pauses;
    assert!(pauses.mint && pauses.single_redeem && !pauses.proportional_redeem);
}

// ---------------------------------------------------------------------------------------------
// ownership and migration

#[test]
fn ownership_moves_in_two_steps() {
    let mut env = MarsEnv::builder().build();
    let (old, stranger) = (env.owner.clone(), env.addr("eve"));
    let new = env.addr("governance");
    let transfer = ExecuteMsg::UpdateOwnership(Action::TransferOwnership {
        new_owner: new.to_string(),
        expiry: None,
    });

    // only the owner proposes
    let before = snapshot(&env, &[]);
    for sender in [&stranger, &new] {
        assert_eq!(vault_err(exec(&mut env, sender, &transfer)), NOT_OWNER);
        assert_eq!(snapshot(&env, &[]), before);
    }
    exec(&mut env, &old, &transfer).unwrap();
    let o = ownership(&env);
    assert_eq!(o.owner, Some(old.clone()));
    assert_eq!(o.pending_owner, Some(new.clone()));

    // until the new owner accepts, the old one still governs and the new one does not
    let err = vault_err(exec(
        &mut env,
        &new,
        &add(native_params("upending", Tier::Layer1, 1_000)),
    ));
    assert_eq!(err, NOT_OWNER);
    exec(
        &mut env,
        &old,
        &add(native_params("uold", Tier::Layer1, 1_000)),
    )
    .unwrap();

    // nobody else can accept
    let before = snapshot(&env, &[]);
    let err = vault_err(exec(
        &mut env,
        &stranger,
        &ExecuteMsg::UpdateOwnership(Action::AcceptOwnership),
    ));
    assert_eq!(
        err,
        ContractError::Ownership(OwnershipError::NotPendingOwner)
    );
    assert_eq!(snapshot(&env, &[]), before);

    exec(
        &mut env,
        &new,
        &ExecuteMsg::UpdateOwnership(Action::AcceptOwnership),
    )
    .unwrap();
    let o = ownership(&env);
    assert_eq!((o.owner, o.pending_owner), (Some(new.clone()), None));

    let before = snapshot(&env, &[]);
    let err = vault_err(exec(
        &mut env,
        &old,
        &add(native_params("uformer", Tier::Layer1, 1_000)),
    ));
    assert_eq!(err, NOT_OWNER);
    let err = vault_err(exec(&mut env, &old, &unpause(PauseTarget::Mint)));
    assert_eq!(err, NOT_OWNER);
    assert_eq!(snapshot(&env, &[]), before);
    exec(
        &mut env,
        &new,
        &add(native_params("unew", Tier::Layer1, 1_000)),
    )
    .unwrap();
    assert_eq!(config(&env).asset_count, 8);
}

/// Every state change carries `action`, ownership transfers included, so indexers see them.
#[test]
fn ownership_updates_emit_an_action() {
    let mut env = MarsEnv::builder().build();
    let (old, new) = (env.owner.clone(), env.addr("governance"));
    let res = exec(
        &mut env,
        &old,
        &ExecuteMsg::UpdateOwnership(Action::TransferOwnership {
            new_owner: new.to_string(),
            expiry: None,
        }),
    )
    .unwrap();
    assert_eq!(attr(&res, "pending_owner"), new.to_string());
    assert_eq!(attr(&res, "action"), "update_ownership");
}

fn set_stored_version(env: &mut MarsEnv, name: &str, version: &str) {
    let vault = env.vault.clone();
    let mut storage = env.app.contract_storage_mut(&vault);
    cw2::set_contract_version(storage.as_mut(), name, version).unwrap();
}

#[test]
fn migration_accepts_only_a_newer_version_of_the_vault() {
    let mut env = MarsEnv::builder().build();
    let (owner, vault) = (env.owner.clone(), env.vault.clone());
    let code_id = env
        .app
        .wrap()
        .query_wasm_contract_info(vault.to_string())
        .unwrap()
        .code_id;
    let migrate = |env: &mut MarsEnv| {
        env.app
            .migrate_contract(owner.clone(), vault.clone(), &MigrateMsg {}, code_id)
    };

    // the same version: refused
    let before = snapshot(&env, &[]);
    assert_eq!(before.contract_version.contract, CONTRACT_NAME);
    assert_eq!(
        vault_err(migrate(&mut env)),
        ContractError::Migrate(MigrateError::NotNewer {
            stored: CONTRACT_VERSION.into(),
            new: CONTRACT_VERSION.into(),
        })
    );
    assert_eq!(snapshot(&env, &[]), before);

    // another contract's state, even at an older version: refused
    set_stored_version(&mut env, "crates.io:mars-usdm", "0.0.1");
    let before = snapshot(&env, &[]);
    assert_eq!(
        vault_err(migrate(&mut env)),
        ContractError::Migrate(MigrateError::WrongContract {
            expected: CONTRACT_NAME.into(),
            found: "crates.io:mars-usdm".into(),
        })
    );
    assert_eq!(snapshot(&env, &[]), before);

    // a newer version of the vault: accepted and recorded, nothing else touched
    set_stored_version(&mut env, CONTRACT_NAME, "0.0.1");
    let mut before = snapshot(&env, &[]);
    let res = migrate(&mut env).unwrap();
    assert_eq!(attr(&res, "action"), "migrate");
    before.contract_version.version = CONTRACT_VERSION.into();
    assert_eq!(snapshot(&env, &[]), before);

    // only the wasm admin may migrate at all
    set_stored_version(&mut env, CONTRACT_NAME, "0.0.1");
    let stranger = env.addr("eve");
    assert!(env
        .app
        .migrate_contract(stranger, vault, &MigrateMsg {}, code_id)
        .is_err());
}

// ---------------------------------------------------------------------------------------------
// pagination

#[test]
fn assets_are_paginated_ten_by_default_thirty_at_most() {
    let mut env = MarsEnv::builder().with_max_assets(32).build();
    let owner = env.owner.clone();
    for i in 0..26 {
        exec(
            &mut env,
            &owner,
            &add(native_params(
                &format!("ustable{i:02}"),
                Tier::Stablecoin,
                10_000,
            )),
        )
        .unwrap();
    }
    assert_eq!(config(&env).asset_count, 32);
    // full: a 33rd is refused
    let err = vault_err(exec(
        &mut env,
        &owner,
        &add(native_params("ustable26", Tier::Stablecoin, 10_000)),
    ));
    assert_eq!(err, ContractError::TooManyAssets { max_assets: 32 });

    // every asset in storage-key order
    let mut expected: Vec<AssetInfo> = env.basket.iter().map(|a| a.info.clone()).collect();
    expected.extend((0..26).map(|i| AssetInfo::Native {
        denom: format!("ustable{i:02}"),
    }));
    expected.sort_by_key(|a| a.storage_key());

    let page = |env: &MarsEnv, start_after: Option<&AssetInfo>, limit: Option<u32>| {
        env.vault_query::<Vec<AssetResponse>>(&QueryMsg::Assets {
            start_after: start_after.map(|a| a.clone().into()),
            limit,
        })
        .unwrap()
        .into_iter()
        .map(|a| a.params.asset)
        .collect::<Vec<_>>()
    };

    assert_eq!(page(&env, None, None), expected[..10]);
    assert_eq!(page(&env, None, Some(30)), expected[..30]);
    assert_eq!(page(&env, None, Some(31)), expected[..30], "at most 30");
    assert_eq!(page(&env, None, Some(u32::MAX)), expected[..30]);
    assert_eq!(page(&env, None, Some(3)), expected[..3]);
    assert!(page(&env, None, Some(0)).is_empty());

    // start_after is exclusive and walks the whole list in default pages
    assert_eq!(page(&env, Some(&expected[9]), None), expected[10..20]);
    assert_eq!(page(&env, Some(&expected[29]), Some(30)), expected[30..]);
    assert!(page(&env, expected.last(), None).is_empty());
    let mut walked: Vec<AssetInfo> = vec![];
    let mut pages = 0;
    loop {
        let next = page(&env, walked.last(), None);
        if next.is_empty() {
            break;
        }
        pages += 1;
        assert!(pages <= 4, "32 assets take 4 pages of 10");
        walked.extend(next);
    }
    assert_eq!(walked, expected);

    // an asset that is not whitelisted is a valid bound: the next key after it
    let between = AssetInfo::Native {
        denom: "ustable05x".into(),
    };
    let after = page(&env, Some(&between), Some(1));
    assert_eq!(
        after,
        [AssetInfo::Native {
            denom: "ustable06".into()
        }]
    );
}
