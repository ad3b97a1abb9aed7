//! The oracle's TWAP source reading a Mars Swap pool: XMS priced from a real constant-product
//! pool, its cumulative prices accumulated by the pair's own swaps.

use cosmwasm_std::{coin, coins, Addr, Decimal, Uint128};
use cw20::Cw20ExecuteMsg;
use cw_multi_test::{BankSudo, Executor, SudoMsg};
use mars_testing::contracts::swap_contract;
use mars_testing::MarsEnv;
use mars_types::astroport::{Asset, AssetInfo as PairAssetInfo, ExecuteMsg};
use mars_types::oracle::{
    ExecuteMsg as OracleExecuteMsg, PriceResponse, PriceSourceBase, QueryMsg as OracleQueryMsg,
    TwapSource,
};
use mars_types::swap::{Curve, FeesUnchecked, InstantiateMsg};
use mars_types::{AssetInfo, Bps};

const UNIT: u128 = 1_000_000;
const HOUR: u64 = 3_600;

fn pass(env: &mut MarsEnv, seconds: u64) {
    env.app.update_block(|b| {
        b.time = b.time.plus_seconds(seconds);
        b.height += seconds.div_ceil(5);
    });
}

fn price(env: &MarsEnv, xms: &AssetInfo) -> Decimal {
    let p: PriceResponse = env
        .app
        .wrap()
        .query_wasm_smart(
            &env.oracle,
            &OracleQueryMsg::Price {
                asset: xms.clone().into(),
            },
        )
        .unwrap();
    p.price
}

#[test]
fn xms_is_priced_by_the_twap_of_a_mars_swap_pool() {
    let mut env = MarsEnv::builder().build();
    let alice = env.addr("alice");
    let owner = env.owner.clone();
    let xms = AssetInfo::Cw20 {
        contract_addr: env.xms.clone(),
    };
    let usdc = env.asset("usdc").info.clone();
    let AssetInfo::Native { denom } = usdc.clone() else {
        unreachable!("USDC is native")
    };
    env.app
        .sudo(SudoMsg::Bank(BankSudo::Mint {
            to_address: alice.to_string(),
            amount: coins(1_000_000 * UNIT, &denom),
        }))
        .unwrap();

    // a pool of 400,000 XMS and 200,000 USDC: $0.50 an XMS
    let code = env.app.store_code(swap_contract());
    let pair: Addr = env
        .app
        .instantiate_contract(
            code,
            owner.clone(),
            &InstantiateMsg {
                asset_infos: vec![PairAssetInfo::from(&xms), PairAssetInfo::from(&usdc)],
                token_code_id: env.token_code_id,
                curve: Curve::Xyk {},
                fees: FeesUnchecked {
                    total_fee_bps: Bps::new(30).unwrap(),
                    protocol_fee_bps: Bps::ZERO,
                    fee_address: None,
                },
            },
            &[],
            "xms-usdc",
            None,
        )
        .unwrap();
    let xms_token = env.xms.clone();
    env.cw20_execute(
        &alice,
        &xms_token,
        &Cw20ExecuteMsg::IncreaseAllowance {
            spender: pair.to_string(),
            amount: Uint128::new(400_000 * UNIT),
            expires: None,
        },
    )
    .unwrap();
    let provide = ExecuteMsg::ProvideLiquidity {
        assets: vec![
            Asset {
                info: PairAssetInfo::from(&xms),
                amount: Uint128::new(400_000 * UNIT),
            },
            Asset {
                info: PairAssetInfo::from(&usdc),
                amount: Uint128::new(200_000 * UNIT),
            },
        ],
        slippage_tolerance: None,
        auto_stake: None,
        receiver: None,
        min_lp_to_receive: None,
    };
    env.app
        .execute_contract(
            alice.clone(),
            pair.clone(),
            &provide,
            &[coin(200_000 * UNIT, &denom)],
        )
        .unwrap();

    let oracle = env.oracle.clone();
    env.app
        .execute_contract(
            owner,
            oracle.clone(),
            &OracleExecuteMsg::SetPriceSource {
                asset: xms.clone().into(),
                source: PriceSourceBase::Twap(TwapSource {
                    pair_addr: pair.to_string(),
                    quote: usdc.clone().into(),
                    asset_decimals: 6,
                    quote_decimals: 6,
                    window: HOUR,
                    max_spot_deviation_bps: Bps::new(2_000).unwrap(),
                }),
            },
            &[],
        )
        .unwrap();
    let record = OracleExecuteMsg::RecordTwapSnapshot {
        asset: xms.clone().into(),
    };
    env.app
        .execute_contract(alice.clone(), oracle.clone(), &record, &[])
        .unwrap();
    pass(&mut env, HOUR);
    // an hour at $0.50
    assert_eq!(price(&env, &xms), Decimal::percent(50));

    // a buyer takes XMS up to ~$0.53 for the next ten minutes: the average moves by the time
    // weighted part, and the spot stays within the 20% the source allows
    env.app
        .execute_contract(
            alice.clone(),
            pair.clone(),
            &ExecuteMsg::Swap {
                offer_asset: Asset {
                    info: PairAssetInfo::from(&usdc),
                    amount: Uint128::new(6_000 * UNIT),
                },
                ask_asset_info: None,
                belief_price: None,
                max_spread: Some(Decimal::percent(5)),
                to: None,
            },
            &[coin(6_000 * UNIT, &denom)],
        )
        .unwrap();
    env.app
        .execute_contract(alice.clone(), oracle.clone(), &record, &[])
        .unwrap();
    pass(&mut env, 600);
    let pool: mars_types::astroport::PoolResponse = env
        .app
        .wrap()
        .query_wasm_smart(&pair, &mars_types::astroport::QueryMsg::Pool {})
        .unwrap();
    let spot = Decimal::from_ratio(pool.assets[1].amount, pool.assets[0].amount);
    assert!(
        spot > Decimal::percent(52) && spot < Decimal::percent(54),
        "{spot}"
    );
    let twap = price(&env, &xms);
    // the source answers the lowest of its averages and the spot: here the average since the
    // first snapshot, 70 minutes ago (an hour at $0.50, ten minutes at the spot)
    let expected = (Decimal::percent(50) * Decimal::from_ratio(3_600u32, 1u32)
        + spot * Decimal::from_ratio(600u32, 1u32))
        / Decimal::from_ratio(4_200u32, 1u32);
    let diff = twap.abs_diff(expected);
    assert!(
        diff < Decimal::from_ratio(1u32, 1_000_000u32),
        "{twap} vs {expected}"
    );
}
