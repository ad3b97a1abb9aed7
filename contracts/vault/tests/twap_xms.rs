//! XMS priced by a TWAP over an XMS/USDC xyk pair, against the round trip a lagging average
//! invites: XMS falls fast on its pair, the average is still high, an attacker buys XMS at the
//! new spot, mints USDm with it and redeems the USDm for USDC at once. A proof of concept on a
//! TWAP that answered only the average took $73k out of a $1M vault (spot $0.10, TWAP $0.47);
//! buying the pool back up to the average in the same block, so that the spot agrees with it,
//! took $71k while the oracle answered only the average and the spot, and takes as much still
//! when no one has recorded a snapshot or a checkpoint since the fall.

mod common;

use cosmwasm_std::{coins, Addr, StdError, Uint128};
use cw20::Cw20ExecuteMsg;
use cw_multi_test::Executor;
use mars_testing::mocks::pair::{mock_pair_contract, MockPairInstantiateMsg, MockPairMsg};
use mars_testing::MarsEnv;
use mars_types::astroport::{AssetInfo as PairAssetInfo, PairType};
use mars_types::oracle::{
    ExecuteMsg as OracleExecuteMsg, PriceResponse, PriceSourceBase, QueryMsg as OracleQueryMsg,
    TwapSource,
};
use mars_types::{AssetInfo, Bps};
use mars_vault::ContractError;

use common::{fund, pass_time, single, snapshot, vault_err};

const USD: u128 = 1_000_000;
const XMS: u128 = 1_000_000;
const HOUR: u64 = 3_600;

struct Crashed {
    env: MarsEnv,
    xms: AssetInfo,
    usdc: AssetInfo,
    pair: Addr,
    attacker: Addr,
}

/// A $1M vault (bob minted it with USDC) whitelisting XMS at the default 10% cap, XMS priced by
/// a one-hour TWAP of an XMS/USDC pair with `max_spot_deviation_bps`. XMS traded at $0.47 for
/// the hour, then fell to $0.10 ten seconds before now: the TWAP is $0.468972.., the spot $0.10.
/// The attacker holds $20,000 of USDC.
fn crashed(max_spot_deviation_bps: u16) -> Crashed {
    crashed_pool(
        max_spot_deviation_bps,
        [100_000_000 * XMS, 47_000_000 * USD],
        [200_000_000 * XMS, 20_000_000 * USD],
        Keeper::Idle,
    )
}

/// What keepers record around the fall, besides the window-old snapshot.
#[derive(Clone, Copy)]
enum Keeper {
    /// Nothing: the window-old snapshot is the newest record of an earlier block, and the recent
    /// average starts before the fall.
    Idle,
    /// A snapshot in the block of the fall, after it.
    SnapshotInTheBlockOfTheFall,
    /// A snapshot 300 s before the fall, and a checkpoint in the block 5 s after it, when the
    /// spacing refuses a snapshot.
    CheckpointInTheNextBlock,
}

/// [`crashed`] with the pool's reserves of XMS and USDC before and after the fall, and what the
/// keepers record around it.
fn crashed_pool(
    max_spot_deviation_bps: u16,
    before: [u128; 2],
    after: [u128; 2],
    keeper_records: Keeper,
) -> Crashed {
    let mut env = MarsEnv::builder().build();
    let (alice, bob, carol) = (env.addr("alice"), env.addr("bob"), env.addr("carol"));
    let owner = env.owner.clone();
    let xms = env.asset("xms").info.clone();
    let usdc = env.asset("usdc").info.clone();
    env.mint(&bob, &usdc, 1_000_000 * USD, None, None).unwrap();

    let AssetInfo::Native { denom } = &usdc else {
        unreachable!("USDC is native")
    };
    let code = env.app.store_code(mock_pair_contract());
    let pair = env
        .app
        .instantiate_contract(
            code,
            owner.clone(),
            &MockPairInstantiateMsg {
                asset_infos: [
                    PairAssetInfo::from(&xms),
                    PairAssetInfo::NativeToken {
                        denom: denom.clone(),
                    },
                ],
                pair_type: PairType::Xyk {},
                reserves: before.map(Uint128::new),
            },
            &[],
            "xms-usdc",
            None,
        )
        .unwrap();
    // the XMS the pair pays out of its swaps
    let xms_token = env.xms.clone();
    for holder in [&alice, &carol] {
        env.cw20_execute(
            holder,
            &xms_token,
            &Cw20ExecuteMsg::Transfer {
                recipient: pair.to_string(),
                amount: Uint128::new(1_000_000 * XMS),
            },
        )
        .unwrap();
    }

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
                    max_spot_deviation_bps: Bps::new(max_spot_deviation_bps).unwrap(),
                }),
            },
            &[],
        )
        .unwrap();
    let keeper = env.addr("keeper");
    let record = OracleExecuteMsg::RecordTwapSnapshot {
        asset: xms.clone().into(),
    };
    let keeper_record = |env: &mut MarsEnv| {
        env.app
            .execute_contract(keeper.clone(), oracle.clone(), &record, &[])
            .unwrap()
    };
    keeper_record(&mut env);

    if let Keeper::CheckpointInTheNextBlock = keeper_records {
        pass_time(&mut env, HOUR - 310);
        keeper_record(&mut env);
        pass_time(&mut env, 300);
    } else {
        pass_time(&mut env, HOUR - 10);
    }
    // XMS is dumped on the pair
    env.app
        .execute_contract(
            env.owner.clone(),
            pair.clone(),
            &MockPairMsg::SetReserves {
                reserves: after.map(Uint128::new),
            },
            &[],
        )
        .unwrap();
    match keeper_records {
        Keeper::Idle => pass_time(&mut env, 10),
        Keeper::SnapshotInTheBlockOfTheFall => {
            assert_eq!(common::attr(&keeper_record(&mut env), "snapshot"), "true");
            pass_time(&mut env, 10);
        }
        Keeper::CheckpointInTheNextBlock => {
            pass_time(&mut env, 5);
            let res = keeper_record(&mut env);
            assert_eq!(
                (
                    common::attr(&res, "snapshot"),
                    common::attr(&res, "checkpoint")
                ),
                ("false".to_string(), "true".to_string())
            );
            pass_time(&mut env, 5);
        }
    }

    let attacker = env.addr("attacker");
    fund(&mut env, &attacker, 20_000 * USD, denom);
    Crashed {
        env,
        xms,
        usdc,
        pair,
        attacker,
    }
}

fn xms_price(env: &MarsEnv, xms: &AssetInfo) -> anyhow::Result<PriceResponse> {
    Ok(env.app.wrap().query_wasm_smart(
        &env.oracle,
        &OracleQueryMsg::Price {
            asset: xms.clone().into(),
        },
    )?)
}

/// The attacker spends all its USDC on XMS at the pair.
fn buy_xms(env: &mut MarsEnv, pair: &Addr, attacker: &Addr, usdc: &AssetInfo) -> u128 {
    let AssetInfo::Native { denom } = usdc else {
        unreachable!("USDC is native")
    };
    let spend = env.balance(usdc, attacker);
    env.app
        .execute_contract(
            attacker.clone(),
            pair.clone(),
            &MockPairMsg::Swap { min_out: None },
            &coins(spend, denom),
        )
        .unwrap();
    env.cw20_balance(&env.xms.clone(), attacker)
}

#[test]
fn buying_xms_at_a_crashed_spot_to_mint_at_the_lagging_twap_and_redeem_usdc_gains_nothing() {
    // a bound wide enough to let the crashed spot through: the mint must be valued at the spot
    let Crashed {
        mut env,
        xms,
        usdc,
        pair,
        attacker,
    } = crashed(9_000);
    let p = xms_price(&env, &xms).unwrap();
    // (3,590 × 0.47 + 10 × 0.10) / 3,600
    assert_eq!(p.price.to_string(), "0.468972222222222222");
    assert_eq!(p.spot_price.unwrap().to_string(), "0.1");
    let start = env.balance(&usdc, &attacker);
    assert_eq!(start, 20_000 * USD);

    // 20,000 USDC buy 199,800.1998 XMS at the pair (no swap fee: the attacker's best case)
    let bought = buy_xms(&mut env, &pair, &attacker, &usdc);
    assert_eq!(bought, 199_800_199_800);
    let p = xms_price(&env, &xms).unwrap();
    let spot = p.spot_price.unwrap();
    assert!(spot < p.price && p.mint_price() == spot, "{p:?}");

    let price = common::simulate_mint(&env, &xms, bought).price;
    env.mint(&attacker, &xms, bought, None, None).unwrap();
    let minted = env.usdm_balance(&attacker);
    assert_eq!(price, spot);
    // valued at the post-trade spot ($0.1002), not the TWAP ($0.469): $19,959.94 after the
    // 0.3% fee, against $93,421 at the TWAP
    assert_eq!(spot.to_string(), "0.100200099999999899");
    assert_eq!(minted, 19_959_939_999);
    assert!(minted < 20_000 * USD);

    env.redeem(&attacker, minted, single(&usdc), None).unwrap();
    let end = env.balance(&usdc, &attacker);
    assert_eq!(env.usdm_balance(&attacker), 0);
    assert!(
        end < start,
        "the round trip gained {} micro-USDC",
        end - start
    );
    // less the 0.1% USDC redemption fee: the attacker lost $60, the fees
    assert_eq!(end, 19_939_980_059);
    // the vault holds the XMS valued at the TWAP for its caps and collateral ratio, and paid out
    // less than it took in at the spot
    assert_eq!(env.balance(&xms, &env.vault), bought);
}

#[test]
fn a_spot_crashed_beyond_the_bound_refuses_the_xms_mint_of_the_round_trip() {
    let Crashed {
        mut env,
        xms,
        usdc,
        pair,
        attacker,
    } = crashed(2_000);
    let bought = buy_xms(&mut env, &pair, &attacker, &usdc);
    let before = snapshot(&env, &[]);

    let err = vault_err(env.mint(&attacker, &xms, bought, None, None));
    let ContractError::Std(StdError::GenericErr { msg, .. }) = &err else {
        panic!("an oracle error, got {err:?}")
    };
    assert!(
        msg.contains(&format!(
            "the spot price 0.100200099999999899 of {xms} is 7864bps from its TWAP 0.468972222222222222, above the maximum of 2000"
        )),
        "{msg}"
    );
    assert_eq!(snapshot(&env, &[]), before);
    assert_eq!(env.cw20_balance(&env.xms.clone(), &attacker), bought);
    assert_eq!(env.usdm_balance(&attacker), 0);
}

/// The attacker's round trip of one block: buy the pool back up to just under the lagging
/// average, mint USDm with `minted_xms` of the XMS bought, redeem the USDm for USDC while the
/// spot is up (the vault then holds XMS, and a redemption needs its price: after the sale, the
/// deviation bound would refuse it), sell the rest back. Returns the oracle's price once the
/// pool is pumped, the price the mint was valued at and the USDm it minted.
fn pump_mint_redeem_dump(
    env: &mut MarsEnv,
    xms: &AssetInfo,
    usdc: &AssetInfo,
    pair: &Addr,
    attacker: &Addr,
    minted_xms: u128,
) -> (PriceResponse, String, u128) {
    // 1. buy the spot from $0.10 back up to just under the $0.469 average
    let bought = buy_xms(env, pair, attacker, usdc);
    let p = xms_price(env, xms).unwrap();
    let spot = p.spot_price.unwrap();
    assert!(
        spot <= p.price && spot.to_string().starts_with("0.4687"),
        "{p:?}"
    );
    // 2. mint, valued at the mint price, and 3. redeem the USDm for USDC at once
    let price = common::simulate_mint(env, xms, minted_xms)
        .price
        .to_string();
    env.mint(attacker, xms, minted_xms, None, None).unwrap();
    let usdm = env.usdm_balance(attacker);
    env.redeem(attacker, usdm, single(usdc), None).unwrap();
    assert_eq!(env.usdm_balance(attacker), 0);
    // 4. sell the rest back to the pool
    let xms_token = env.xms.clone();
    env.cw20_execute(
        attacker,
        &xms_token,
        &Cw20ExecuteMsg::Send {
            contract: pair.to_string(),
            amount: Uint128::new(bought - minted_xms),
            msg: cosmwasm_std::to_json_binary(&MockPairMsg::Swap { min_out: None }).unwrap(),
        },
    )
    .unwrap();
    (p, price, usdm)
}

/// A thin pool (2M XMS, $200k after the fall), the tight bound that refused the plain round
/// trip, no swap fee, and an attacker holding $233k of USDC.
fn thin_pool(keeper_records: Keeper) -> (Crashed, u128) {
    let mut c = crashed_pool(
        2_000,
        [1_000_000 * XMS, 470_000 * USD],
        [2_000_000 * XMS, 200_000 * USD],
        keeper_records,
    );
    let AssetInfo::Native { denom } = &c.usdc else {
        unreachable!("USDC is native")
    };
    fund(&mut c.env, &c.attacker, 213_000 * USD, &denom.clone());
    let start = c.env.balance(&c.usdc, &c.attacker);
    assert_eq!(start, 233_000 * USD);
    (c, start)
}

/// The pump round trip with 200,000 XMS once a record after the fall starts the recent average:
/// the pumped spot and the average are near $0.469, but the mint is valued at the recent $0.10
/// ($19,940 of USDm after the 0.3% fee, not $93,463), and the 200,000 XMS the vault took cost
/// $22,222 on the crashed curve and brought back $19,920 after the mint and redemption fees: the
/// attacker loses $2,302.
fn pump_at_the_recent_average_loses(c: Crashed, start: u128) {
    let Crashed {
        mut env,
        xms,
        usdc,
        pair,
        attacker,
    } = c;
    let minted_xms = 200_000 * XMS;
    let (p, price, minted) =
        pump_mint_redeem_dump(&mut env, &xms, &usdc, &pair, &attacker, minted_xms);
    assert_eq!(p.price.to_string(), "0.468972222222222222");
    assert_eq!(p.recent_price.unwrap().to_string(), "0.1");
    assert_eq!(price, "0.1");
    assert_eq!(minted, 19_940_000_000);
    let end = env.balance(&usdc, &attacker);
    assert!(
        end <= start,
        "the round trip gained {} micro-USDC",
        end - start
    );
    assert_eq!(start - end, 2_302_162_223);
    assert_eq!(env.balance(&xms, &env.vault), minted_xms);
}

#[test]
fn pumping_the_spot_back_to_the_twap_in_the_same_block_mints_at_the_recent_average_and_gains_nothing(
) {
    // The spot is the pool's state in the current block: buying the pool back up to the lagging
    // average makes it agree with the average, and the deviation bound lets it through. The
    // recent average, from the keeper's snapshot of the block of the fall to now, is the price of
    // the crashed pool before this block's trades, and no trade of this block moves it.
    let (c, start) = thin_pool(Keeper::SnapshotInTheBlockOfTheFall);
    pump_at_the_recent_average_loses(c, start);
}

#[test]
fn pumping_the_spot_back_after_a_keeper_checkpoint_gains_nothing() {
    // The spacing refuses a snapshot for 15 minutes after the last one, but a checkpoint may be
    // recorded in any block: a keeper's, in the block after the fall, starts the recent average
    // at the crashed price. Recording again in the attack block leaves it in force.
    let (mut c, start) = thin_pool(Keeper::CheckpointInTheNextBlock);
    let oracle = c.env.oracle.clone();
    let record = OracleExecuteMsg::RecordTwapSnapshot {
        asset: c.xms.clone().into(),
    };
    c.env
        .app
        .execute_contract(c.attacker.clone(), oracle.clone(), &record, &[])
        .unwrap();
    let err = c
        .env
        .app
        .execute_contract(c.attacker.clone(), oracle, &record, &[])
        .unwrap_err();
    assert!(format!("{err:#}").contains("nothing to record"), "{err:#}");
    pump_at_the_recent_average_loses(c, start);
}

#[test]
fn pumping_the_spot_back_with_no_record_since_the_fall_still_mints_at_the_lagging_average() {
    // What is left open, measured: with no snapshot or checkpoint since the window-old snapshot,
    // the recent average starts before the fall (it is then the average), and the same round
    // trip mints at about the average, up to the XMS cap.
    let (
        Crashed {
            mut env,
            xms,
            usdc,
            pair,
            attacker,
        },
        start,
    ) = thin_pool(Keeper::Idle);
    // about as much XMS as the 10% cap leaves room for once the USDC is paid out
    let minted_xms = 200_000 * XMS;
    let (p, ..) = pump_mint_redeem_dump(&mut env, &xms, &usdc, &pair, &attacker, minted_xms);
    assert_eq!(p.recent_price, Some(p.price));
    let gain = env.balance(&usdc, &attacker) - start;
    // the 200,000 XMS the vault took cost their xyk price at the crashed pool, $22,222, and
    // minted $93,463 of USDm: a gain of $71,148 (the plain round trip took $73,326), bounded by
    // the XMS share cap (10% of the vault, valued at the average), its ceiling and the
    // throttles, and closed once a keeper records a checkpoint in a block after the fall
    assert_eq!(gain, 71_147_581_009);
    assert_eq!(env.balance(&xms, &env.vault), minted_xms);
}
