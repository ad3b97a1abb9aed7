use mars_oracle::sources::MAX_FEEDERS;
use mars_oracle::ContractError;
use mars_types::oracle::{PriceSourceBase, PriceSourceResponse, QueryMsg};
use mars_types::{AssetInfo, AssetInfoUnchecked};

use crate::suite::{attr, attrs, bps, dec, err, feeder_source, fixed, Suite};

struct Fed {
    s: Suite,
    atom: AssetInfoUnchecked,
    checked: AssetInfo,
    alice: cosmwasm_std::Addr,
    bob: cosmwasm_std::Addr,
}

/// ATOM priced by feeders alice and bob: stale after 60 s, moves bounded to 5%.
fn fed() -> Fed {
    let mut s = Suite::new();
    let atom = AssetInfoUnchecked::native("uatom");
    let (alice, bob) = (s.addr("alice"), s.addr("bob"));
    s.set_source(&atom, feeder_source(&[&alice, &bob], 60, 500))
        .unwrap();
    let checked = atom.check(s.app.api()).unwrap();
    Fed {
        s,
        atom,
        checked,
        alice,
        bob,
    }
}

#[test]
fn feeders_push_prices_that_are_read_back() {
    let Fed {
        mut s,
        atom,
        checked,
        alice,
        bob,
    } = fed();
    s.assert_price_err(&atom, ContractError::NoPriceFed { asset: checked });

    let res = s.feed(&alice, &[(&atom, "10.5")]).unwrap();
    assert_eq!(attr(&res, "action"), "feed_prices");
    assert_eq!(attr(&res, "feeder"), alice.as_str());
    assert_eq!(attr(&res, "price"), "10.5");
    assert_eq!(attr(&res, "move_bps"), "none");
    let fed_at = s.now();

    s.advance(30);
    let p = s.price(&atom);
    assert_eq!((p.price, p.publish_time), (dec("10.5"), fed_at));
    assert_eq!((p.confidence, p.ema_price), (None, None));

    // a second feeder moves it by 2%
    let res = s.feed(&bob, &[(&atom, "10.71")]).unwrap();
    assert_eq!(attr(&res, "move_bps"), "200");
    assert_eq!(s.price(&atom).price, dec("10.71"));
}

#[test]
fn a_fed_price_goes_stale() {
    let Fed {
        mut s,
        atom,
        checked,
        alice,
        ..
    } = fed();
    s.feed(&alice, &[(&atom, "10")]).unwrap();
    s.advance(60);
    assert_eq!(s.price(&atom).price, dec("10"), "exactly max_staleness old");
    s.advance(1);
    s.assert_price_err(
        &atom,
        ContractError::StalePrice {
            asset: checked,
            age: 61,
            max: 60,
        },
    );
    // a fresh push brings it back
    s.feed(&alice, &[(&atom, "10")]).unwrap();
    assert_eq!(s.price(&atom).publish_time, s.now());
}

#[test]
fn only_listed_feeders_feed() {
    let Fed {
        mut s,
        atom,
        checked,
        ..
    } = fed();
    for name in ["mallory", "governance"] {
        let sender = s.addr(name);
        assert_eq!(
            err(s.feed(&sender, &[(&atom, "10")])),
            ContractError::UnknownFeeder {
                asset: checked.clone(),
                sender
            }
        );
    }
    s.assert_price_err(&atom, ContractError::NoPriceFed { asset: checked });
}

#[test]
fn a_move_above_the_bound_is_refused_and_reverts_the_whole_push() {
    let Fed {
        mut s,
        atom,
        checked,
        alice,
        ..
    } = fed();
    let osmo = AssetInfoUnchecked::native("uosmo");
    s.set_source(&osmo, feeder_source(&[&alice], 60, 1_000))
        .unwrap();
    s.feed(&alice, &[(&atom, "10"), (&osmo, "0.5")]).unwrap();

    // +5% exactly is within the bound, −5% from there too (each push in its own block)
    s.advance(6);
    s.feed(&alice, &[(&atom, "10.5")]).unwrap();
    s.advance(6);
    s.feed(&alice, &[(&atom, "9.975")]).unwrap();
    s.advance(6);
    // 9.975 → 10.474 is 5.0025%
    assert_eq!(
        err(s.feed(&alice, &[(&osmo, "0.51"), (&atom, "10.474")])),
        ContractError::MoveTooLarge {
            asset: checked.clone(),
            last: dec("9.975"),
            new: dec("10.474"),
            move_bps: 501,
            max_bps: bps(500),
        }
    );
    assert_eq!(s.price(&atom).price, dec("9.975"));
    assert_eq!(
        s.price(&osmo).price,
        dec("0.5"),
        "the earlier entry reverted too"
    );

    // a real move larger than the bound is followed in steps, one per block
    for step in ["10.4", "10.9", "11.4"] {
        let res = s.feed(&alice, &[(&atom, step)]).unwrap();
        assert_eq!(attrs(&res, "price"), [step]);
        s.advance(6);
    }
    assert_eq!(s.price(&atom).price, dec("11.4"));
}

#[test]
fn one_message_listing_an_asset_49_times_at_plus_10_percent_cannot_walk_it_100x() {
    let Fed {
        mut s,
        atom,
        checked,
        alice,
        ..
    } = fed();
    s.set_source(&atom, feeder_source(&[&alice], 60, 1_000))
        .unwrap();
    s.feed(&alice, &[(&atom, "10")]).unwrap();
    s.advance(6);

    // each entry +10% from the one before: 10 × 1.1^49 ≈ 1,067
    let mut walk = vec![];
    let mut price = dec("10");
    for _ in 0..49 {
        price *= dec("1.1");
        walk.push(price.to_string());
    }
    let entries: Vec<_> = walk.iter().map(|p| (&atom, p.as_str())).collect();
    assert_eq!(
        err(s.feed(&alice, &entries)),
        ContractError::DuplicateFeedAsset {
            asset: checked.clone()
        }
    );
    assert_eq!(
        s.price(&atom).price,
        dec("10"),
        "the stored price is unchanged"
    );

    // the bound is against the price stored before the message, whatever the entries say
    assert_eq!(
        err(s.feed(&alice, &[(&atom, walk[1].as_str())])),
        ContractError::MoveTooLarge {
            asset: checked,
            last: dec("10"),
            new: dec(&walk[1]),
            move_bps: 2_100,
            max_bps: bps(1_000),
        }
    );
    s.feed(&alice, &[(&atom, walk[0].as_str())]).unwrap();
    assert_eq!(s.price(&atom).price, dec("11"));
}

#[test]
fn a_second_push_in_the_same_block_is_refused() {
    let Fed {
        mut s,
        atom,
        checked,
        alice,
        bob,
    } = fed();
    s.feed(&alice, &[(&atom, "10")]).unwrap();
    let fed_at = s.now();
    // the same feeder, or another one, in the same block: refused, the first push stands
    for feeder in [&alice, &bob] {
        assert_eq!(
            err(s.feed(feeder, &[(&atom, "10.5")])),
            ContractError::AlreadyFedThisBlock {
                asset: checked.clone(),
                publish_time: fed_at,
            }
        );
    }
    let p = s.price(&atom);
    assert_eq!((p.price, p.publish_time), (dec("10"), fed_at));
    // the next block takes one more step within the bound
    s.advance(6);
    s.feed(&bob, &[(&atom, "10.5")]).unwrap();
    assert_eq!(s.price(&atom).price, dec("10.5"));
}

#[test]
fn a_zero_price_cannot_be_fed() {
    let Fed {
        mut s,
        atom,
        checked,
        alice,
        ..
    } = fed();
    assert_eq!(
        err(s.feed(&alice, &[(&atom, "0")])),
        ContractError::NonPositivePrice {
            asset: checked,
            price: "0".into()
        }
    );
}

#[test]
fn only_assets_priced_by_feeders_can_be_fed() {
    let Fed { mut s, alice, .. } = fed();
    let usdc = AssetInfoUnchecked::native("uusdc");
    let checked = usdc.check(s.app.api()).unwrap();
    assert_eq!(
        err(s.feed(&alice, &[(&usdc, "1")])),
        ContractError::NoPriceSource {
            asset: checked.clone()
        }
    );
    s.set_source(&usdc, fixed("1")).unwrap();
    assert_eq!(
        err(s.feed(&alice, &[(&usdc, "1")])),
        ContractError::NotFedByFeeders { asset: checked }
    );
}

#[test]
fn setting_the_source_again_drops_the_last_price() {
    let Fed {
        mut s,
        atom,
        checked,
        alice,
        bob,
    } = fed();
    s.feed(&alice, &[(&atom, "10")]).unwrap();
    // alice is removed for cause: her price must not outlive her
    s.set_source(&atom, feeder_source(&[&bob], 60, 500))
        .unwrap();
    s.assert_price_err(
        &atom,
        ContractError::NoPriceFed {
            asset: checked.clone(),
        },
    );
    assert_eq!(
        err(s.feed(&alice, &[(&atom, "10")])),
        ContractError::UnknownFeeder {
            asset: checked,
            sender: alice
        }
    );
    // the first push after a reset has nothing to be bounded by
    s.feed(&bob, &[(&atom, "20")]).unwrap();
    assert_eq!(s.price(&atom).price, dec("20"));
}

#[test]
fn feeder_sources_are_validated() {
    let mut s = Suite::new();
    let atom = AssetInfoUnchecked::native("uatom");
    let asset = atom.check(s.app.api()).unwrap();
    let alice = s.addr("alice");

    assert_eq!(
        err(s.set_source(&atom, feeder_source(&[], 60, 500))),
        ContractError::NoFeeders {
            asset: asset.clone()
        }
    );
    assert_eq!(
        err(s.set_source(
            &atom,
            feeder_source(&[&alice, &s.addr("bob"), &alice], 60, 500)
        )),
        ContractError::DuplicateFeeder {
            asset: asset.clone(),
            feeder: alice.clone()
        }
    );
    let many: Vec<_> = (0..=MAX_FEEDERS)
        .map(|i| s.addr(&format!("f{i}")))
        .collect();
    let many_refs: Vec<_> = many.iter().collect();
    assert_eq!(
        err(s.set_source(&atom, feeder_source(&many_refs, 60, 500))),
        ContractError::TooManyFeeders {
            asset: asset.clone(),
            count: MAX_FEEDERS + 1,
            max: MAX_FEEDERS
        }
    );
    s.set_source(&atom, feeder_source(&many_refs[..MAX_FEEDERS], 60, 500))
        .unwrap();
    for (source, field) in [
        (feeder_source(&[&alice], 0, 500), "max_staleness"),
        (feeder_source(&[&alice], 60, 0), "max_change_bps"),
    ] {
        assert_eq!(
            err(s.set_source(&atom, source)),
            ContractError::ZeroBound {
                asset: asset.clone(),
                field
            }
        );
    }
    // addresses are validated, including their case
    let PriceSourceBase::Feeder(mut bad) = feeder_source(&[&alice], 60, 500) else {
        unreachable!()
    };
    bad.feeders = vec![alice.as_str().to_uppercase()];
    assert!(s.set_source(&atom, PriceSourceBase::Feeder(bad)).is_err());

    let stored: PriceSourceResponse = s
        .query(&QueryMsg::PriceSource {
            asset: atom.clone(),
        })
        .unwrap();
    let PriceSourceBase::Feeder(f) = stored.source else {
        panic!("a feeder source")
    };
    assert_eq!(
        f.feeders.len(),
        MAX_FEEDERS,
        "refused sources left the stored one alone"
    );
}
