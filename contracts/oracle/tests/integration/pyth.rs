use cosmwasm_std::{to_json_string, Binary, CosmosMsg, WasmMsg};
use cw_multi_test::Executor;
use mars_oracle::ContractError;
use mars_testing::mocks::pyth::pyth_price;
use mars_types::oracle::{ExecuteMsg, PriceSourceBase};
use mars_types::pyth::Price;
use mars_types::{AssetInfo, AssetInfoUnchecked};

use crate::suite::{attr, bps, dec, err, pyth_source, Suite, ATOM_FEED, BTC_FEED};

/// ATOM at 8.12345 ± 0.04062 (50.004 bps), EMA 8.1 (28.95 bps away), published now, expo −5.
fn atom_prices(publish_time: u64) -> (Price, Price) {
    (
        pyth_price(812_345, 4_062, -5, publish_time),
        pyth_price(810_000, 3_000, -5, publish_time),
    )
}

/// The suite with ATOM priced by Pyth: stale after 60 s, confidence ≤ 51 bps, EMA gap ≤ 29 bps.
fn with_atom() -> (Suite, AssetInfoUnchecked, AssetInfo) {
    let mut s = Suite::new();
    let (price, ema) = atom_prices(s.now());
    s.set_pyth(ATOM_FEED, price, ema);
    let atom = AssetInfoUnchecked::native("uatom");
    let pyth = s.pyth.clone();
    s.set_source(&atom, pyth_source(&pyth, ATOM_FEED, 60, 51, 29))
        .unwrap();
    let checked = atom.check(s.app.api()).unwrap();
    (s, atom, checked)
}

#[test]
fn a_feed_with_expo_minus_8_is_scaled_to_usd_per_token() {
    let mut s = Suite::new();
    let btc = AssetInfoUnchecked::native("ibc/BTC");
    let t = s.now() - 5;
    s.set_pyth(
        BTC_FEED,
        pyth_price(6_432_151_000_000, 3_199_457_710, -8, t),
        pyth_price(6_418_813_600_000, 3_524_612_890, -8, t),
    );
    let pyth = s.pyth.clone();
    let res = s
        .set_source(&btc, pyth_source(&pyth, BTC_FEED, 60, 10, 50))
        .unwrap();
    assert_eq!(attr(&res, "source"), "pyth");
    assert_eq!(
        attr(&res, "price_feed_id"),
        BTC_FEED.trim_start_matches("0x").to_lowercase(),
        "stored in Pyth's wire form"
    );
    assert_eq!(attr(&res, "max_confidence_bps"), "10");

    let p = s.price(&btc);
    assert_eq!(p.price, dec("64321.51"));
    assert_eq!(p.confidence, Some(dec("31.9945771")));
    assert_eq!(p.ema_price, Some(dec("64188.136")));
    assert_eq!(p.publish_time, t);
    assert_eq!(p.mint_price(), dec("64156.1414229"));
}

#[test]
fn a_feed_with_expo_minus_5_is_scaled_to_usd_per_token() {
    let (s, atom, _) = with_atom();
    let p = s.price(&atom);
    assert_eq!(p.price, dec("8.12345"));
    assert_eq!(p.confidence, Some(dec("0.04062")));
    assert_eq!(p.ema_price, Some(dec("8.1")));
    assert_eq!(p.publish_time, s.now());
}

#[test]
fn a_stale_pyth_price_is_refused() {
    let (mut s, atom, checked) = with_atom();
    s.advance(60);
    s.price(&atom);
    s.advance(1);
    s.assert_price_err(
        &atom,
        ContractError::StalePrice {
            asset: checked.clone(),
            age: 61,
            max: 60,
        },
    );
    // a publish time a little ahead of the block (clock skew) is fresh
    let (price, ema) = atom_prices(s.now() + 3);
    s.set_pyth(ATOM_FEED, price, ema);
    assert_eq!(s.price(&atom).publish_time, s.now() + 3);
    // a negative publish time is older than anything
    let (mut price, ema) = atom_prices(0);
    price.publish_time = -1;
    s.set_pyth(ATOM_FEED, price, ema);
    s.assert_price_err(
        &atom,
        ContractError::StalePrice {
            asset: checked,
            age: s.now(),
            max: 60,
        },
    );
}

#[test]
fn a_wide_confidence_interval_is_refused() {
    let (mut s, atom, checked) = with_atom();
    // 0.04062 / 8.12345 = 50.004 bps: within 51, not within 50
    let pyth = s.pyth.clone();
    s.set_source(&atom, pyth_source(&pyth, ATOM_FEED, 60, 50, 29))
        .unwrap();
    s.assert_price_err(
        &atom,
        ContractError::ConfidenceTooWide {
            asset: checked,
            conf_bps: 51,
            max_bps: bps(50),
        },
    );
}

#[test]
fn a_price_far_from_its_ema_is_refused() {
    let (mut s, atom, checked) = with_atom();
    // |8.12345 − 8.1| / 8.1 = 28.95 bps: within 29, not within 28
    let pyth = s.pyth.clone();
    s.set_source(&atom, pyth_source(&pyth, ATOM_FEED, 60, 51, 28))
        .unwrap();
    s.assert_price_err(
        &atom,
        ContractError::EmaDeviationTooLarge {
            asset: checked.clone(),
            deviation_bps: 29,
            max_bps: bps(28),
        },
    );
    // below the EMA counts the same way
    s.set_pyth(
        ATOM_FEED,
        pyth_price(787_500, 0, -5, s.now()),
        pyth_price(810_000, 0, -5, s.now()),
    );
    s.assert_price_err(
        &atom,
        ContractError::EmaDeviationTooLarge {
            asset: checked,
            deviation_bps: 278,
            max_bps: bps(28),
        },
    );
}

#[test]
fn zero_and_negative_pyth_prices_are_refused() {
    let (mut s, atom, checked) = with_atom();
    let now = s.now();
    for (price, ema, shown) in [
        (0, 810_000, "0e-5"),
        (-812_345, 810_000, "-812345e-5"),
        (812_345, 0, "EMA 0e-5"),
        (812_345, -810_000, "EMA -810000e-5"),
    ] {
        s.set_pyth(
            ATOM_FEED,
            pyth_price(price, 0, -5, now),
            pyth_price(ema, 0, -5, now),
        );
        s.assert_price_err(
            &atom,
            ContractError::NonPositivePrice {
                asset: checked.clone(),
                price: shown.into(),
            },
        );
    }
}

#[test]
fn an_exponent_finer_than_a_decimal_is_refused() {
    let (mut s, atom, checked) = with_atom();
    let now = s.now();
    s.set_pyth(
        ATOM_FEED,
        pyth_price(812_345, 0, -19, now),
        pyth_price(812_345, 0, -19, now),
    );
    s.assert_price_err(
        &atom,
        ContractError::PriceOutOfRange {
            asset: checked,
            price: "812345e-19".into(),
        },
    );
}

#[test]
fn pyth_sources_are_validated() {
    let (mut s, atom, checked) = with_atom();
    let pyth = s.pyth.clone();
    for (source, field) in [
        (pyth_source(&pyth, ATOM_FEED, 0, 50, 50), "max_staleness"),
        (
            pyth_source(&pyth, ATOM_FEED, 60, 0, 50),
            "max_confidence_bps",
        ),
        (
            pyth_source(&pyth, ATOM_FEED, 60, 50, 0),
            "max_ema_deviation_bps",
        ),
    ] {
        assert_eq!(
            err(s.set_source(&atom, source)),
            ContractError::ZeroBound {
                asset: checked.clone(),
                field
            }
        );
    }
    // a feed the Pyth contract does not know, or a contract that is not Pyth
    let unknown = "11".repeat(32);
    let msg = s
        .set_source(&atom, pyth_source(&pyth, &unknown, 60, 50, 50))
        .unwrap_err()
        .root_cause()
        .to_string();
    assert!(msg.contains("not found"), "{msg}");
    let not_pyth = s.oracle.clone();
    assert!(s
        .set_source(&atom, pyth_source(&not_pyth, ATOM_FEED, 60, 50, 50))
        .is_err());
    let PriceSourceBase::Pyth(mut bad) = pyth_source(&pyth, ATOM_FEED, 60, 50, 50) else {
        unreachable!()
    };
    bad.contract_addr = "pyth".into();
    assert!(s.set_source(&atom, PriceSourceBase::Pyth(bad)).is_err());
}

#[test]
fn malformed_feed_ids_and_bps_above_10000_cannot_be_sent() {
    let (mut s, atom, _) = with_atom();
    let pyth = s.pyth.clone();
    let good = to_json_string(&ExecuteMsg::SetPriceSource {
        asset: atom.clone(),
        source: pyth_source(&pyth, ATOM_FEED, 60, 50, 50),
    })
    .unwrap();
    let send = |s: &mut crate::suite::Suite, json: String| {
        let msg = CosmosMsg::Wasm(WasmMsg::Execute {
            contract_addr: s.oracle.to_string(),
            msg: Binary::from(json.into_bytes()),
            funds: vec![],
        });
        let owner = s.owner.clone();
        s.app.execute(owner, msg)
    };
    for bad in [
        good.replace(ATOM_FEED, &ATOM_FEED[2..]),
        good.replace(ATOM_FEED, &format!("{}zz", &ATOM_FEED[2..])),
        good.replace("\"max_confidence_bps\":50", "\"max_confidence_bps\":10001"),
        good.replace(
            "\"max_ema_deviation_bps\":50",
            "\"max_ema_deviation_bps\":65535",
        ),
    ] {
        assert_ne!(bad, good);
        assert!(send(&mut s, bad.clone()).is_err(), "{bad}");
    }
    send(&mut s, good).unwrap();
}
