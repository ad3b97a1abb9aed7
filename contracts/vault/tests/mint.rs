//! Minting through the harness, with every asset kind of the basket.

mod common;

use common::{attr, vault_err};
use cosmwasm_std::Decimal;
use mars_testing::contracts::oracle_query_count;
use mars_testing::env::whole;
use mars_testing::MarsEnv;
use mars_types::vault::{QueryMsg, SimulateMintResponse};
use mars_vault::ContractError;

const USD: u128 = 1_000_000;

#[test]
fn mint_with_a_native_stablecoin() {
    let mut env = MarsEnv::builder().build();
    let alice = env.addr("alice");
    let usdc = env.asset("usdc").info.clone();
    let before = env.balance(&usdc, &alice);

    let res = env.mint(&alice, &usdc, 1_000 * USD, None, None).unwrap();

    // $1,000 less the 0.1% fee
    assert_eq!(env.usdm_balance(&alice), 999 * USD);
    assert_eq!(env.usdm_supply(), 999 * USD);
    assert_eq!(env.balance(&usdc, &alice), before - 1_000 * USD);
    assert_eq!(env.balance(&usdc, &env.vault), 1_000 * USD);
    assert_eq!(attr(&res, "action"), "mint");
    assert_eq!(attr(&res, "fee"), (USD).to_string());
    assert_eq!(attr(&res, "usdm_out"), (999 * USD).to_string());
    assert_eq!(attr(&res, "recipient"), alice.to_string());

    let state = env.vault_state();
    assert_eq!(state.total_value.u128(), 1_000 * USD);
    assert_eq!(state.surplus.u128(), USD);
}

#[test]
fn mint_with_a_cw20_to_another_recipient() {
    let mut env = MarsEnv::builder().without_share_caps().build();
    let (alice, bob) = (env.addr("alice"), env.addr("bob"));
    let aave = env.asset("aave").info.clone();

    // 3 AAVE at $100, 0.3% fee
    env.mint(&alice, &aave, whole(3, 6), Some(&bob), None)
        .unwrap();
    assert_eq!(env.usdm_balance(&bob), 299_100_000);
    assert_eq!(env.usdm_balance(&alice), 0);
    assert_eq!(env.balance(&aave, &env.vault), whole(3, 6));
}

#[test]
fn a_mint_makes_one_oracle_query_and_one_usdm_execute() {
    let mut env = MarsEnv::builder().without_share_caps().build();
    let alice = env.addr("alice");
    // hold several assets so the vault must price them all
    for name in ["usdc", "btc", "eth", "aave"] {
        let info = env.asset(name).info.clone();
        let decimals = env.asset(name).decimals;
        env.mint(&alice, &info, whole(1, decimals), None, None)
            .unwrap();
    }
    let btc = env.asset("btc").info.clone();
    let queries = oracle_query_count();
    let res = env.mint(&alice, &btc, whole(1, 8), None, None).unwrap();
    assert_eq!(oracle_query_count() - queries, 1);
    let usdm_executes = res
        .events
        .iter()
        .filter(|e| {
            e.ty == "execute"
                && e.attributes
                    .iter()
                    .any(|a| a.key == "_contract_address" && a.value == env.usdm.as_str())
        })
        .count();
    assert_eq!(usdm_executes, 1);
}

/// Prices refreshed onto the oracle's board in this block are read raw: no query into the
/// oracle. They stand for the block of the refresh (a later Pyth update in the same block is
/// not seen), and the next block asks the oracle again.
#[test]
fn a_mint_in_the_block_of_a_refresh_takes_its_prices_from_the_board_and_queries_no_oracle() {
    let mut env = MarsEnv::builder().without_share_caps().build();
    let alice = env.addr("alice");
    let names = ["usdc", "btc", "eth", "aave"];
    for name in names {
        let info = env.asset(name).info.clone();
        let decimals = env.asset(name).decimals;
        env.mint(&alice, &info, whole(1, decimals), None, None)
            .unwrap();
    }
    let infos: Vec<_> = names.iter().map(|n| env.asset(n).info.clone()).collect();
    let btc = env.asset("btc").info.clone();
    let simulate = |env: &MarsEnv| -> SimulateMintResponse {
        env.vault_query(&QueryMsg::SimulateMint {
            asset: btc.clone().into(),
            amount: whole(1, 8).into(),
        })
        .unwrap()
    };
    let at_refresh = simulate(&env);
    env.refresh_prices(&infos.iter().collect::<Vec<_>>())
        .unwrap();
    // BTC published 10% higher after the refresh, in the same block
    env.set_price(&btc, "66000");

    let queries = oracle_query_count();
    let res = env.mint(&alice, &btc, whole(1, 8), None, None).unwrap();
    assert_eq!(
        oracle_query_count() - queries,
        0,
        "every price from the board"
    );
    assert_eq!(attr(&res, "usdm_out"), at_refresh.usdm_out.to_string());

    // the next block: the board's Pyth entries have expired, the oracle answers the new price
    env.app.update_block(|b| {
        b.height += 1;
        b.time = b.time.plus_seconds(5);
    });
    env.set_price(&btc, "66000");
    let queries = oracle_query_count();
    let res = env.mint(&alice, &btc, whole(1, 8), None, None).unwrap();
    assert_eq!(oracle_query_count() - queries, 1);
    assert!(attr(&res, "usdm_out").parse::<u128>().unwrap() > at_refresh.usdm_out.u128());
}

#[test]
fn simulate_mint_matches_mint() {
    let mut env = MarsEnv::builder().without_share_caps().build();
    let alice = env.addr("alice");
    let eth = env.asset("eth").info.clone();
    let amount = 1_234_567_890_123_456_789u128; // 1.23 ETH
    let sim: SimulateMintResponse = env
        .vault_query(&QueryMsg::SimulateMint {
            asset: eth.clone().into(),
            amount: amount.into(),
        })
        .unwrap();
    env.mint(&alice, &eth, amount, None, None).unwrap();
    assert_eq!(env.usdm_balance(&alice), sim.usdm_out.u128());
    // 1.234567890123456789 × $3,000 = $3,703.703670370370367 → down to micro-dollars
    assert_eq!(sim.value.u128(), 3_703_703_670);
    // 0.3% fee rounded up
    assert_eq!(sim.fee.u128(), 11_111_112);
    assert_eq!(sim.usdm_out.u128(), 3_703_703_670 - 11_111_112);
    // the first mint: the deposit backs its own USDm and the fee
    assert_eq!(
        sim.collateral_ratio,
        Decimal::from_ratio(3_703_703_670u128, 3_703_703_670u128 - 11_111_112)
    );
}

#[test]
fn min_out_is_honoured() {
    let mut env = MarsEnv::builder().build();
    let alice = env.addr("alice");
    let usdc = env.asset("usdc").info.clone();
    let err = vault_err(env.mint(&alice, &usdc, 100 * USD, None, Some(99_900_001)));
    assert_eq!(
        err,
        ContractError::MinOutNotMet {
            asset: "usdm".into(),
            amount: 99_900_000u128.into(),
            min_out: 99_900_001u128.into(),
        }
    );
    assert_eq!(env.usdm_supply(), 0);
    env.mint(&alice, &usdc, 100 * USD, None, Some(99_900_000))
        .unwrap();
}
