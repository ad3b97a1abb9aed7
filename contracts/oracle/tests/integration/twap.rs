use cosmwasm_std::{Addr, Order, StdResult, Uint128};
use mars_oracle::state::{TWAP_CHECKPOINTS, TWAP_SNAPSHOTS};
use mars_oracle::twap::Checkpoints;
use mars_oracle::ContractError;
use mars_testing::mocks::pair::MockPairMsg;
use mars_types::astroport::PairType;
use mars_types::{AssetInfo, AssetInfoUnchecked};

use crate::suite::{attr, bps, dec, err, fixed, twap_source, twap_source_within, Suite};

const HOUR: u64 = 3_600;
const XMS: u128 = 1_000_000;
const USDM: u128 = 1_000_000;

struct Twap {
    s: Suite,
    xms: AssetInfoUnchecked,
    usdm: AssetInfoUnchecked,
    checked: AssetInfo,
    pair: Addr,
}

/// XMS priced by a TWAP over at least an hour of an xyk XMS/USDm pair holding 1,000 XMS and
/// 250 USDm ($0.25).
fn xms_twap() -> Twap {
    let mut s = Suite::new();
    let (xms, usdm) = (s.cw20("xms"), s.cw20("usdm"));
    let pair = s.deploy_pair([&xms, &usdm], PairType::Xyk {}, [1_000 * XMS, 250 * USDM]);
    s.set_source(&xms, twap_source(&pair, &usdm, [6, 6], HOUR))
        .unwrap();
    let checked = xms.check(s.app.api()).unwrap();
    Twap {
        s,
        xms,
        usdm,
        checked,
        pair,
    }
}

fn set_reserves(s: &mut Suite, pair: &Addr, reserves: [u128; 2]) {
    s.pair_execute(
        pair,
        &MockPairMsg::SetReserves {
            reserves: reserves.map(Uint128::new),
        },
    );
}

/// Times of the snapshots the oracle stores for `asset`.
fn snapshot_times(s: &Suite, asset: &AssetInfo) -> Vec<u64> {
    let storage = s.app.contract_storage(&s.oracle);
    TWAP_SNAPSHOTS
        .prefix(&asset.storage_key())
        .keys(&*storage, None, None, Order::Ascending)
        .collect::<StdResult<_>>()
        .unwrap()
}

/// The checkpoints the oracle stores for `asset`.
fn checkpoints(s: &Suite, asset: &AssetInfo) -> Option<Checkpoints> {
    let storage = s.app.contract_storage(&s.oracle);
    TWAP_CHECKPOINTS
        .may_load(&*storage, &asset.storage_key())
        .unwrap()
}

#[test]
fn the_twap_averages_the_pair_price_over_the_window() {
    let Twap {
        mut s,
        xms,
        checked,
        pair,
        ..
    } = xms_twap();
    let no_snapshot = || ContractError::NoTwapSnapshot {
        asset: checked.clone(),
        window: HOUR,
    };
    s.assert_price_err(&xms, no_snapshot());

    let t0 = s.now();
    let res = s.record_snapshot(&xms).unwrap();
    assert_eq!(attr(&res, "action"), "record_twap_snapshot");
    assert_eq!(attr(&res, "asset"), checked.to_string());
    assert_eq!(attr(&res, "time"), t0.to_string());
    assert_eq!(attr(&res, "pruned"), "0");
    assert_eq!(
        (attr(&res, "snapshot"), attr(&res, "checkpoint")),
        ("true".into(), "true".into())
    );

    // half an hour at $0.25, then the price doubles
    s.advance(HOUR / 2);
    s.assert_price_err(&xms, no_snapshot());
    set_reserves(&mut s, &pair, [1_000 * XMS, 500 * USDM]);
    s.advance(HOUR / 2);

    let p = s.price(&xms);
    assert_eq!(p.price, dec("0.375"));
    assert_eq!(p.spot_price, Some(dec("0.5")));
    // no snapshot since the one the average starts from: the recent average is the average
    assert_eq!(p.recent_price, Some(p.price));
    assert_eq!(p.publish_time, s.now());
    assert_eq!((p.confidence, p.ema_price), (None, None));
}

#[test]
fn a_same_block_pump_moves_the_spot_but_not_the_recent_average() {
    let Twap {
        mut s, xms, pair, ..
    } = xms_twap();
    s.record_snapshot(&xms).unwrap();
    s.advance(HOUR - 60);
    // XMS falls from $0.25 to $0.15 and a keeper records a snapshot in the same block
    set_reserves(&mut s, &pair, [1_000 * XMS, 150 * USDM]);
    s.record_snapshot(&xms).unwrap();
    s.advance(60);
    let fallen = s.price(&xms);
    // (3,540 × 0.25 + 60 × 0.15) / 3,600
    assert_eq!(fallen.price, dec("0.248333333333333333"));
    assert_eq!(fallen.spot_price, Some(dec("0.15")));
    assert_eq!(fallen.recent_price, Some(dec("0.15")));

    // in one block, the pool is bought back up to the average and past it: the spot follows,
    // neither average moves, and a deposit is still valued at the recent average
    for (usdm, spot) in [(248, "0.248"), (300, "0.3")] {
        set_reserves(&mut s, &pair, [1_000 * XMS, usdm * USDM]);
        let p = s.price(&xms);
        assert_eq!(p.spot_price, Some(dec(spot)));
        assert_eq!(
            (p.price, p.recent_price),
            (fallen.price, fallen.recent_price)
        );
        assert_eq!(p.mint_price(), dec("0.15"));
    }
    assert_eq!(s.price(&xms).redeem_price(), dec("0.3"));

    // from the next block on, the pool's new state counts in the recent average: 10 s at $0.3
    // after 60 s at $0.15
    s.advance(10);
    assert_eq!(
        s.price(&xms).recent_price,
        Some(dec("0.171428571428571428"))
    );
}

#[test]
fn a_snapshot_of_the_current_block_does_not_start_the_recent_average() {
    let Twap {
        mut s, xms, pair, ..
    } = xms_twap();
    s.record_snapshot(&xms).unwrap();
    s.advance(HOUR);
    set_reserves(&mut s, &pair, [1_000 * XMS, 200 * USDM]);
    // recorded now, it would average over no time: the window-old one is the newest usable
    s.record_snapshot(&xms).unwrap();
    let p = s.price(&xms);
    assert_eq!((p.price, p.recent_price), (dec("0.25"), Some(dec("0.25"))));
    assert_eq!(p.spot_price, Some(dec("0.2")));
    s.advance(5);
    assert_eq!(s.price(&xms).recent_price, Some(dec("0.2")));
}

#[test]
fn the_pairs_spot_is_answered_beside_the_twap_and_prices_deposits_and_payouts() {
    let Twap {
        mut s, xms, pair, ..
    } = xms_twap();
    s.record_snapshot(&xms).unwrap();
    s.advance(HOUR - 60);
    // the last minute at $0.20: the average barely moves, the spot follows at once
    set_reserves(&mut s, &pair, [1_000 * XMS, 200 * USDM]);
    s.advance(60);
    let p = s.price(&xms);
    // (3,540 × 0.25 + 60 × 0.2) / 3,600
    assert_eq!(p.price, dec("0.249166666666666666"));
    assert_eq!(p.spot_price, Some(dec("0.2")));
    assert_eq!(p.mint_price(), dec("0.2"), "a deposit at the lower");
    assert_eq!(p.redeem_price(), p.price, "a payout at the higher");

    // a spot above the average: the payout at the spot
    set_reserves(&mut s, &pair, [1_000 * XMS, 300 * USDM]);
    let p = s.price(&xms);
    assert_eq!(p.spot_price, Some(dec("0.3")));
    assert_eq!((p.mint_price(), p.redeem_price()), (p.price, dec("0.3")));
}

#[test]
fn a_crashed_spot_under_a_lagging_twap_beyond_the_bound_is_refused() {
    let Twap {
        mut s,
        xms,
        usdm,
        checked,
        pair,
    } = xms_twap();
    s.set_source(&xms, twap_source_within(&pair, &usdm, [6, 6], HOUR, 2_000))
        .unwrap();
    s.record_snapshot(&xms).unwrap();
    s.advance(HOUR - 10);
    // XMS falls from $0.25 to $0.05 ten seconds before the window closes
    set_reserves(&mut s, &pair, [5_000 * XMS, 250 * USDM]);
    s.advance(10);
    // (3,590 × 0.25 + 10 × 0.05) / 3,600 = 0.24944..; the spot is 79.96% below it
    let twap = dec("0.249444444444444444");
    s.assert_price_err(
        &xms,
        ContractError::SpotDeviationTooLarge {
            asset: checked.clone(),
            spot: dec("0.05"),
            twap,
            deviation_bps: 7_996,
            max_bps: bps(2_000),
        },
    );
    // the same holds for a spot far above the average
    set_reserves(&mut s, &pair, [1_000 * XMS, 500 * USDM]);
    s.assert_price_err(
        &xms,
        ContractError::SpotDeviationTooLarge {
            asset: checked,
            spot: dec("0.5"),
            twap,
            deviation_bps: 10_045,
            max_bps: bps(2_000),
        },
    );
}

#[test]
fn a_spot_within_the_bound_is_accepted_and_one_past_it_is_not() {
    let Twap {
        mut s,
        xms,
        usdm,
        checked,
        pair,
    } = xms_twap();
    s.set_source(&xms, twap_source_within(&pair, &usdm, [6, 6], HOUR, 2_000))
        .unwrap();
    s.record_snapshot(&xms).unwrap();
    s.advance(HOUR);
    // exactly 20% below the $0.25 average is within the bound
    set_reserves(&mut s, &pair, [1_000 * XMS, 200 * USDM]);
    let p = s.price(&xms);
    assert_eq!((p.price, p.spot_price), (dec("0.25"), Some(dec("0.2"))));
    assert_eq!(p.mint_price(), dec("0.2"));
    // one micro-USDm less in the pool is past it
    set_reserves(&mut s, &pair, [1_000 * XMS, 200 * USDM - 1]);
    s.assert_price_err(
        &xms,
        ContractError::SpotDeviationTooLarge {
            asset: checked,
            spot: dec("0.199999999"),
            twap: dec("0.25"),
            deviation_bps: 2_001,
            max_bps: bps(2_000),
        },
    );
}

#[test]
fn snapshots_are_spaced_by_a_quarter_window() {
    let Twap {
        mut s,
        xms,
        checked,
        ..
    } = xms_twap();
    let t0 = s.now();
    s.record_snapshot(&xms).unwrap();
    let nothing_at = |time| ContractError::TwapAlreadyRecorded {
        asset: checked.clone(),
        time,
        last: t0,
        next: t0 + HOUR / 4,
    };
    assert_eq!(err(s.record_snapshot(&xms)), nothing_at(t0));
    // a later block records a checkpoint only, and is then refused for the rest of its block
    s.advance(HOUR / 4 - 1);
    let res = s.record_snapshot(&xms).unwrap();
    assert_eq!(
        (attr(&res, "snapshot"), attr(&res, "checkpoint")),
        ("false".into(), "true".into())
    );
    assert_eq!(attr(&res, "pruned"), "0");
    assert_eq!(snapshot_times(&s, &checked), vec![t0]);
    let e = err(s.record_snapshot(&xms));
    assert_eq!(e, nothing_at(t0 + HOUR / 4 - 1));
    assert_eq!(
        e.to_string(),
        format!(
            "nothing to record for {checked} at {}: its TWAP checkpoint of this block is recorded, and its last snapshot was taken at {t0}; the next may be taken from {}",
            t0 + HOUR / 4 - 1,
            t0 + HOUR / 4
        )
    );
    s.advance(1);
    let res = s.record_snapshot(&xms).unwrap();
    assert_eq!(attr(&res, "snapshot"), "true");
    assert_eq!(snapshot_times(&s, &checked), vec![t0, t0 + HOUR / 4]);
}

/// [`xms_twap`] with snapshots at `t0` and `t1 = t0 + HOUR` and XMS falling from $0.25 to $0.15
/// at `t1 + 600`, 5 s before now: the spacing refuses a snapshot until `t1 + 900`. Returns `t1`.
fn crashed_between_snapshots() -> (Twap, u64) {
    let mut t = xms_twap();
    t.s.record_snapshot(&t.xms).unwrap();
    t.s.advance(HOUR);
    let t1 = t.s.now();
    t.s.record_snapshot(&t.xms).unwrap();
    t.s.advance(600);
    set_reserves(&mut t.s, &t.pair, [1_000 * XMS, 150 * USDM]);
    t.s.advance(5);
    (t, t1)
}

#[test]
fn a_checkpoint_after_a_crash_starts_the_recent_average_though_the_spacing_refuses_a_snapshot() {
    let (
        Twap {
            mut s,
            xms,
            checked,
            ..
        },
        t1,
    ) = crashed_between_snapshots();
    let before = snapshot_times(&s, &checked);
    let res = s.record_snapshot(&xms).unwrap();
    assert_eq!(
        (attr(&res, "snapshot"), attr(&res, "checkpoint")),
        ("false".into(), "true".into())
    );
    assert_eq!(snapshot_times(&s, &checked), before);
    let stored = checkpoints(&s, &checked).unwrap();
    assert_eq!(stored.newest.0, s.now());
    assert_eq!(stored.previous.map(|(t, _)| t), Some(t1));

    s.advance(55);
    let p = s.price(&xms);
    // from t0: (4,200 × 0.25 + 60 × 0.15) / 4,260
    assert_eq!(p.price, dec("0.248591549295774647"));
    // 55 s at $0.15 since the checkpoint; from the snapshot at t1 it would have been
    // (600 × 0.25 + 60 × 0.15) / 660 = 0.2409..
    assert_eq!(p.recent_price, Some(dec("0.15")));
    assert_eq!(p.mint_price(), dec("0.15"));
}

#[test]
fn recording_again_in_the_attack_block_cannot_displace_the_checkpoint_of_an_earlier_block() {
    let (
        Twap {
            mut s,
            xms,
            checked,
            pair,
            ..
        },
        t1,
    ) = crashed_between_snapshots();
    // a keeper's checkpoint in the block after the fall
    s.record_snapshot(&xms).unwrap();
    let keeper = checkpoints(&s, &checked).unwrap().newest;

    // the attack block: the attacker records, records again, then pumps the pool back up
    s.advance(55);
    let attack = s.now();
    assert_eq!(
        attr(&s.record_snapshot(&xms).unwrap(), "checkpoint"),
        "true"
    );
    assert_eq!(
        err(s.record_snapshot(&xms)),
        ContractError::TwapAlreadyRecorded {
            asset: checked.clone(),
            time: attack,
            last: t1,
            next: t1 + HOUR / 4
        }
    );
    let stored = checkpoints(&s, &checked).unwrap();
    assert_eq!((stored.newest.0, stored.previous), (attack, Some(keeper)));
    set_reserves(&mut s, &pair, [1_000 * XMS, 248 * USDM]);
    let p = s.price(&xms);
    assert_eq!(p.spot_price, Some(dec("0.248")));
    // the recent average still runs from the keeper's checkpoint, before this block's trades
    assert_eq!(p.recent_price, Some(dec("0.15")));
    assert_eq!(p.mint_price(), dec("0.15"));
}

#[test]
fn the_newest_snapshot_a_window_old_is_used_and_older_ones_are_pruned() {
    let Twap {
        mut s,
        xms,
        usdm,
        checked,
        pair,
    } = xms_twap();
    s.set_source(&xms, twap_source(&pair, &usdm, [6, 6], 100))
        .unwrap();
    let t0 = s.now();
    s.record_snapshot(&xms).unwrap();
    s.advance(25);
    set_reserves(&mut s, &pair, [1_000 * XMS, 500 * USDM]);
    for _ in 0..4 {
        assert_eq!(attr(&s.record_snapshot(&xms).unwrap(), "pruned"), "0");
        s.advance(25);
    }
    let every_quarter: Vec<u64> = (0..5).map(|i| t0 + 25 * i).collect();
    assert_eq!(snapshot_times(&s, &checked), every_quarter);
    // t0 + 125: the snapshot at t0 + 25 is the newest one 100 s old, and the price has been
    // $0.5 ever since (averaging from t0 would give 0.45)
    assert_eq!(s.price(&xms).price, dec("0.5"));
    assert_eq!(attr(&s.record_snapshot(&xms).unwrap(), "pruned"), "1");
    assert_eq!(
        snapshot_times(&s, &checked),
        (1..6).map(|i| t0 + 25 * i).collect::<Vec<_>>()
    );
    assert_eq!(s.price(&xms).price, dec("0.5"));
    // removing the source forgets its snapshots
    let owner = s.owner.clone();
    s.execute(
        &owner,
        &mars_types::oracle::ExecuteMsg::RemovePriceSource { asset: xms.clone() },
    )
    .unwrap();
    assert!(snapshot_times(&s, &checked).is_empty());
    assert_eq!(checkpoints(&s, &checked), None);
}

#[test]
fn a_twap_whose_snapshot_is_too_old_is_stale() {
    let Twap {
        mut s,
        xms,
        checked,
        ..
    } = xms_twap();
    s.record_snapshot(&xms).unwrap();
    s.advance(2 * HOUR);
    assert_eq!(s.price(&xms).price, dec("0.25"));
    s.advance(1);
    s.assert_price_err(
        &xms,
        ContractError::StalePrice {
            asset: checked,
            age: 2 * HOUR + 1,
            max: 2 * HOUR,
        },
    );
    // a keeper records again and, a window later, the price is back
    s.record_snapshot(&xms).unwrap();
    s.advance(HOUR);
    assert_eq!(s.price(&xms).price, dec("0.25"));
}

#[test]
fn a_wrapping_accumulator_still_gives_the_average() {
    let Twap {
        mut s, xms, pair, ..
    } = xms_twap();
    s.pair_execute(
        &pair,
        &MockPairMsg::SetCumulativePrices {
            price0: Uint128::MAX - Uint128::new(1_000),
            price1: Uint128::zero(),
        },
    );
    s.record_snapshot(&xms).unwrap();
    s.advance(HOUR);
    assert_eq!(s.price(&xms).price, dec("0.25"));
}

#[test]
fn decimals_and_pool_order_are_honoured() {
    let mut s = Suite::new();
    let (btc, usdm) = (AssetInfoUnchecked::native("ibc/BTC"), s.cw20("usdm"));
    // the quote first: the oracle must read the (BTC, USDm) direction, not the pool's first one
    let pair = s.deploy_pair(
        [&usdm, &btc],
        PairType::Xyk {},
        [600_000 * USDM, 10 * 100_000_000],
    );
    s.set_source(&btc, twap_source(&pair, &usdm, [8, 6], 600))
        .unwrap();
    s.record_snapshot(&btc).unwrap();
    s.advance(600);
    assert_eq!(s.price(&btc).price, dec("60000"));
}

#[test]
fn an_empty_pool_gives_no_price() {
    let mut s = Suite::new();
    let (xms, usdm) = (s.cw20("xms"), s.cw20("usdm"));
    let pair = s.deploy_pair([&xms, &usdm], PairType::Xyk {}, [0, 0]);
    s.set_source(&xms, twap_source(&pair, &usdm, [6, 6], HOUR))
        .unwrap();
    s.record_snapshot(&xms).unwrap();
    s.advance(HOUR);
    let checked = xms.check(s.app.api()).unwrap();
    let empty = |asset_reserve: u128, quote_reserve: u128| ContractError::EmptyPool {
        asset: checked.clone(),
        pair: pair.clone(),
        asset_reserve: Uint128::new(asset_reserve),
        quote_reserve: Uint128::new(quote_reserve),
    };
    s.assert_price_err(&xms, empty(0, 0));

    // a pool drained of one side after a good hour: the average alone would still answer, the
    // missing spot refuses it (an error, never a division by zero)
    let Twap {
        mut s,
        xms,
        checked,
        pair,
        ..
    } = xms_twap();
    s.record_snapshot(&xms).unwrap();
    s.advance(HOUR);
    for reserves in [[1_000 * XMS, 0], [0, 250 * USDM]] {
        set_reserves(&mut s, &pair, reserves);
        s.assert_price_err(
            &xms,
            ContractError::EmptyPool {
                asset: checked.clone(),
                pair: pair.clone(),
                asset_reserve: Uint128::new(reserves[0]),
                quote_reserve: Uint128::new(reserves[1]),
            },
        );
    }
    // refilled, it answers again
    set_reserves(&mut s, &pair, [1_000 * XMS, 250 * USDM]);
    assert_eq!(s.price(&xms).spot_price, Some(dec("0.25")));
}

#[test]
fn snapshots_survive_a_new_window_but_not_a_new_pair() {
    let Twap {
        mut s,
        xms,
        usdm,
        checked,
        pair,
    } = xms_twap();
    s.record_snapshot(&xms).unwrap();
    s.advance(HOUR);
    s.set_source(&xms, twap_source(&pair, &usdm, [6, 6], HOUR / 2))
        .unwrap();
    assert_eq!(s.price(&xms).price, dec("0.25"));
    assert!(checkpoints(&s, &checked).is_some());

    let other = s.deploy_pair([&xms, &usdm], PairType::Xyk {}, [1_000 * XMS, 300 * USDM]);
    s.set_source(&xms, twap_source(&other, &usdm, [6, 6], HOUR / 2))
        .unwrap();
    assert_eq!(checkpoints(&s, &checked), None);
    s.assert_price_err(
        &xms,
        ContractError::NoTwapSnapshot {
            asset: checked,
            window: HOUR / 2,
        },
    );
}

#[test]
fn only_twap_assets_take_snapshots() {
    let mut s = Suite::new();
    let usdc = AssetInfoUnchecked::native("uusdc");
    let checked = usdc.check(s.app.api()).unwrap();
    assert_eq!(
        err(s.record_snapshot(&usdc)),
        ContractError::NoPriceSource {
            asset: checked.clone()
        }
    );
    s.set_source(&usdc, fixed("1")).unwrap();
    assert_eq!(
        err(s.record_snapshot(&usdc)),
        ContractError::NotATwap { asset: checked }
    );
}

#[test]
fn twap_sources_are_validated() {
    let Twap {
        mut s,
        xms,
        usdm,
        checked,
        pair,
    } = xms_twap();
    let quote = usdm.check(s.app.api()).unwrap();

    let stable = s.deploy_pair([&xms, &usdm], PairType::Stable {}, [1, 1]);
    assert_eq!(
        err(s.set_source(&xms, twap_source(&stable, &usdm, [6, 6], HOUR))),
        ContractError::UnsupportedPairType {
            pair: stable,
            pair_type: r#"{"stable":{}}"#.into()
        }
    );

    let atom = AssetInfoUnchecked::native("uatom");
    let atom_usdm = s.deploy_pair([&atom, &usdm], PairType::Xyk {}, [1, 1]);
    assert_eq!(
        err(s.set_source(&xms, twap_source(&atom_usdm, &usdm, [6, 6], HOUR))),
        ContractError::PairAssetsMismatch {
            pair: atom_usdm,
            asset: checked.clone(),
            quote: quote.clone()
        }
    );
    assert_eq!(
        err(s.set_source(&xms, twap_source(&pair, &xms, [6, 6], HOUR))),
        ContractError::PairAssetsMismatch {
            pair: pair.clone(),
            asset: checked.clone(),
            quote: checked.clone()
        }
    );

    assert_eq!(
        err(s.set_source(&xms, twap_source(&pair, &usdm, [6, 6], 0))),
        ContractError::ZeroBound {
            asset: checked.clone(),
            field: "window"
        }
    );
    assert_eq!(
        err(s.set_source(&xms, twap_source_within(&pair, &usdm, [6, 6], HOUR, 0))),
        ContractError::ZeroBound {
            asset: checked.clone(),
            field: "max_spot_deviation_bps"
        }
    );
    let res = s
        .set_source(&xms, twap_source_within(&pair, &usdm, [6, 6], HOUR, 1_500))
        .unwrap();
    assert_eq!(attr(&res, "max_spot_deviation_bps"), "1500");
    for (decimals, field) in [([19, 6], "asset_decimals"), ([6, 19], "quote_decimals")] {
        assert_eq!(
            err(s.set_source(&xms, twap_source(&pair, &usdm, decimals, HOUR))),
            ContractError::DecimalsOutOfRange {
                asset: checked.clone(),
                field,
                decimals: 19,
                max: 18
            }
        );
    }
    // not a pair at all, and not an address
    let pyth = s.pyth.clone();
    assert!(s
        .set_source(&xms, twap_source(&pyth, &usdm, [6, 6], HOUR))
        .is_err());
    assert!(s
        .set_source(
            &xms,
            twap_source(&Addr::unchecked("pair"), &usdm, [6, 6], HOUR)
        )
        .is_err());
}
