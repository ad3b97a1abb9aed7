//! Version 0.1 of the vault (JSON records, one per asset) with the oracle of that release
//! (`fixtures/v0.1.0/`, the artifacts of that code: fed prices in a JSON map, no price board),
//! holding assets with throttles, a pause, a disabled asset and a dust limit in use, migrated to
//! today's code, the vault first and then the oracle: every query answers the same after each
//! step, and mints and redemptions go on against the migrated state, the vault then reading its
//! prices from the board without a call into the oracle.

use std::path::Path;

use cosmwasm_std::{Addr, Uint128};
use cw_ownable::Ownership;
use mars_types::oracle::{
    BoardEntryResponse, MigrateMsg as OracleMigrateMsg, PriceResponse, QueryMsg as OracleQuery,
};
use mars_types::vault::{
    AssetResponse, AssetUpdate, ConfigResponse, ConfigUpdate, ExecuteMsg, Limits, MigrateMsg,
    PauseTarget, QueryMsg, RedeemMode, SimulateMintResponse, SimulateRedeemResponse, StateResponse,
    Throttle,
};
use mars_types::{AssetInfoUnchecked, Bps, TierCaps};
use mars_vm::deploy::{artifact, Codes, Protocol};

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("fixtures/v0.1.0/{name}.wasm"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Everything the vault answers, for comparison.
#[derive(Debug, PartialEq)]
struct Answers {
    config: ConfigResponse,
    assets: Vec<AssetResponse>,
    each: Vec<AssetResponse>,
    tiers: TierCaps,
    state: StateResponse,
    simulate_mint: SimulateMintResponse,
    single: SimulateRedeemResponse,
    proportional: SimulateRedeemResponse,
    ownership: Ownership<Addr>,
}

fn query<T: serde::de::DeserializeOwned>(p: &Protocol, msg: &QueryMsg) -> T {
    p.chain.query(&p.vault, msg).unwrap()
}

fn answers(p: &Protocol) -> Answers {
    let assets: Vec<AssetResponse> = query(
        p,
        &QueryMsg::Assets {
            start_after: None,
            limit: Some(30),
        },
    );
    let each = assets
        .iter()
        .map(|a| {
            query(
                p,
                &QueryMsg::Asset {
                    asset: a.params.asset.clone().into(),
                },
            )
        })
        .collect();
    Answers {
        config: query(p, &QueryMsg::Config {}),
        each,
        assets,
        tiers: query(p, &QueryMsg::Tiers {}),
        state: query(p, &QueryMsg::State {}),
        simulate_mint: query(
            p,
            &QueryMsg::SimulateMint {
                asset: p.assets[0].info.clone().into(),
                amount: Uint128::new(1_000_000),
            },
        ),
        single: query(
            p,
            &QueryMsg::SimulateRedeem {
                amount: Uint128::new(1_000_000),
                mode: RedeemMode::Single {
                    asset: p.assets[0].info.clone().into(),
                    min_out: None,
                },
            },
        ),
        proportional: query(
            p,
            &QueryMsg::SimulateRedeem {
                amount: Uint128::new(1_000_000),
                mode: RedeemMode::Proportional { min_out: vec![] },
            },
        ),
        ownership: query(p, &QueryMsg::Ownership {}),
    }
}

#[test]
fn a_vault_and_its_oracle_migrate_from_the_json_layout_with_every_answer_unchanged() {
    let old = Codes {
        usdm: artifact("mars_usdm").unwrap(),
        oracle: fixture("mars_oracle"),
        vault: fixture("mars_vault"),
    };
    let p = Protocol::basket_with(&old).unwrap();
    let alice = p.user("alice");
    let throttle = |amount: u128| {
        Some(Throttle {
            amount: Uint128::new(amount),
            supply_bps: Bps::new(1_000).unwrap(),
        })
    };
    let owner_msg = |msg: &ExecuteMsg| p.chain.execute(&p.owner, &p.vault, msg, &[]).unwrap();
    owner_msg(&ExecuteMsg::UpdateConfig(ConfigUpdate {
        limits: Some(Limits {
            mint: throttle(1_000_000_000_000),
            redeem: throttle(500_000_000_000),
            supply_cap: Some(Uint128::new(10_000_000_000_000)),
        }),
        ..ConfigUpdate::default()
    }));
    // USDC, BTC, ATOM and AAVE (cw20) held; part redeemed, so both throttles have run
    for (i, amount) in [
        (0, 5_000_000_000),
        (1, 2_000_000),
        (2, 300_000_000),
        (4, 20_000_000),
    ] {
        p.mint(&alice, &p.assets[i].info, amount).unwrap();
    }
    p.redeem(
        &alice,
        1_000_000_000,
        RedeemMode::Proportional { min_out: vec![] },
    )
    .unwrap();
    // ETH disabled (a dust limit recorded), ATOM's mints paused
    owner_msg(&ExecuteMsg::UpdateAsset {
        asset: p.assets[3].info.clone().into(),
        update: AssetUpdate {
            mint_enabled: Some(false),
            ..AssetUpdate::default()
        },
    });
    owner_msg(&ExecuteMsg::Pause {
        target: PauseTarget::MintAsset {
            asset: p.assets[2].info.clone().into(),
        },
    });
    p.chain.advance(60);
    p.feed_prices().unwrap();

    let before = answers(&p);
    let eth = before
        .each
        .iter()
        .find(|a| a.params.asset == p.assets[3].info)
        .unwrap();
    assert!(eth.dust_limit > Uint128::zero());
    assert!(before.state.mint_throttle.is_some());
    assert!(before.state.total_value > Uint128::new(5_000_000_000));

    let vault_code = p
        .chain
        .store_code(&artifact("mars_vault").unwrap())
        .unwrap();
    let tx = p
        .chain
        .migrate(&p.owner, &p.vault, vault_code, &MigrateMsg {})
        .unwrap();
    assert_eq!(tx.attribute("wasm", "storage_converted"), Some("true"));
    assert_eq!(answers(&p), before);

    // the oracle: its fed prices move to the board, every price answers the same
    let all: Vec<AssetInfoUnchecked> = p.assets.iter().map(|a| a.info.clone().into()).collect();
    let prices = |p: &Protocol| -> Vec<PriceResponse> {
        p.chain
            .query(
                &p.oracle,
                &OracleQuery::Prices {
                    assets: all.clone(),
                },
            )
            .unwrap()
    };
    let prices_before = prices(&p);
    let oracle_code = p
        .chain
        .store_code(&artifact("mars_oracle").unwrap())
        .unwrap();
    let tx = p
        .chain
        .migrate(&p.owner, &p.oracle, oracle_code, &OracleMigrateMsg {})
        .unwrap();
    assert_eq!(
        tx.attribute("wasm", "board_entries"),
        Some(p.assets.len().to_string().as_str())
    );
    assert_eq!(prices(&p), prices_before);
    let board: Vec<BoardEntryResponse> = p.chain.query(&p.oracle, &OracleQuery::Board {}).unwrap();
    assert!(board.iter().all(|e| e.usable));
    assert_eq!(answers(&p), before);

    // the migrated state is the state: mints and redemptions go on from it
    let usdc = &p.assets[0].info;
    let supply = before.state.usdm_supply.u128();
    let mint = p.mint(&alice, usdc, 1_000_000_000).unwrap();
    let called: Vec<&str> = mint
        .gas
        .profile
        .iter()
        .map(|(c, _, _)| c.as_str())
        .collect();
    assert_eq!(
        called,
        ["vault", "usdm"],
        "every price from the board: no oracle call"
    );
    p.redeem(
        &alice,
        500_000_000,
        RedeemMode::Single {
            asset: usdc.clone().into(),
            min_out: None,
        },
    )
    .unwrap();
    let after = answers(&p).state;
    // $1,000 less the 0.3% fee minted, 500 burnt
    assert_eq!(after.usdm_supply.u128(), supply + 997_000_000 - 500_000_000);
    let usdc_liquid =
        |s: &StateResponse| s.assets.iter().find(|a| &a.asset == usdc).unwrap().liquid;
    // 500 USDm less the 0.5% fee paid in USDC
    assert_eq!(
        usdc_liquid(&after).u128(),
        usdc_liquid(&before.state).u128() + 1_000_000_000 - 497_500_000
    );

    // a second migration to the same version is refused
    let err = p
        .chain
        .migrate(&p.owner, &p.vault, vault_code, &MigrateMsg {})
        .unwrap_err();
    assert!(err.to_string().contains("version"), "{err}");
    let err = p
        .chain
        .migrate(&p.owner, &p.oracle, oracle_code, &OracleMigrateMsg {})
        .unwrap_err();
    assert!(err.to_string().contains("version"), "{err}");
}
