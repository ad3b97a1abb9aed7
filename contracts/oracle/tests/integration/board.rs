//! The price board: what a feed, a source change and a refresh write, for how long a reader
//! may use it, and that a refresh refuses exactly what a query refuses.

use cosmwasm_std::Addr;
use mars_oracle::ContractError;
use mars_testing::mocks::pyth::pyth_price;
use mars_types::astroport::PairType;
use mars_types::board::{read_board, usable_prices, BoardPrice, PriceBoard};
use mars_types::oracle::{BoardEntryResponse, ExecuteMsg, QueryMsg, MAX_REFRESH_ASSETS};
use mars_types::{AssetInfo, AssetInfoUnchecked};

use crate::suite::{
    attr, attrs, dec, err, feeder_source, fixed, pyth_source, twap_source, AnyResult, Suite,
    ATOM_FEED,
};

/// The board as a reader in another contract sees it: one raw read.
fn board(s: &Suite) -> PriceBoard {
    read_board(&s.app.wrap(), &s.oracle)
        .unwrap()
        .map_or_else(PriceBoard::default, |raw| PriceBoard::decode(&raw).unwrap())
}

/// The entry a reader may use now for `asset`, if any.
fn usable(s: &Suite, asset: &AssetInfoUnchecked) -> Option<BoardPrice> {
    let key = checked(s, asset).storage_key();
    let raw = read_board(&s.app.wrap(), &s.oracle).unwrap()?;
    usable_prices(&raw, &[key.as_str()], s.now()).unwrap()[0].clone()
}

fn checked(s: &Suite, asset: &AssetInfoUnchecked) -> AssetInfo {
    asset.check(s.app.api()).unwrap()
}

fn refresh(s: &mut Suite, assets: &[&AssetInfoUnchecked]) -> AnyResult<cw_multi_test::AppResponse> {
    let keeper = s.addr("keeper");
    s.execute(
        &keeper,
        &ExecuteMsg::RefreshPrices {
            assets: assets.iter().map(|a| (*a).clone()).collect(),
        },
    )
}

fn entries(s: &Suite) -> Vec<BoardEntryResponse> {
    s.query(&QueryMsg::Board {}).unwrap()
}

/// USDC fed by one feeder, stale after an hour, moves up to 2% a push.
fn with_fed_usdc() -> (Suite, AssetInfoUnchecked, Addr) {
    let mut s = Suite::new();
    let feeder = s.addr("feeder");
    let usdc = AssetInfoUnchecked::native("uusdc");
    s.set_source(&usdc, feeder_source(&[&feeder], 3_600, 200))
        .unwrap();
    (s, usdc, feeder)
}

#[test]
fn a_fed_price_is_on_the_board_until_its_staleness_runs_out() {
    let (mut s, usdc, feeder) = with_fed_usdc();
    assert!(board(&s).is_empty(), "nothing fed yet");
    s.feed(&feeder, &[(&usdc, "0.999")]).unwrap();
    let fed_at = s.now();
    let entry = usable(&s, &usdc).unwrap();
    assert_eq!(
        (entry.price, entry.publish_time, entry.valid_until),
        (dec("0.999"), fed_at, fed_at + 3_600)
    );
    assert_eq!(entry.into_response(checked(&s, &usdc)), s.price(&usdc));

    // the last second the query accepts the price is the last second the board holds it
    s.advance(3_600);
    assert!(usable(&s, &usdc).is_some());
    s.price(&usdc);
    s.advance(1);
    assert_eq!(usable(&s, &usdc), None);
    s.assert_price_err(
        &usdc,
        ContractError::StalePrice {
            asset: checked(&s, &usdc),
            age: 3_601,
            max: 3_600,
        },
    );
    let listed = entries(&s);
    assert_eq!(listed.len(), 1);
    assert!(!listed[0].usable);
    assert_eq!(listed[0].valid_until, fed_at + 3_600);

    // the stale price still bounds the next push's move
    assert_eq!(
        err(s.feed(&feeder, &[(&usdc, "1.03")])),
        ContractError::MoveTooLarge {
            asset: checked(&s, &usdc),
            last: dec("0.999"),
            new: dec("1.03"),
            move_bps: 311,
            max_bps: crate::suite::bps(200),
        }
    );
    s.feed(&feeder, &[(&usdc, "1.01")]).unwrap();
    assert_eq!(usable(&s, &usdc).unwrap().price, dec("1.01"));
}

#[test]
fn a_fixed_price_is_on_the_board_while_its_source_stands_and_a_new_source_drops_it() {
    let (mut s, usdc, feeder) = with_fed_usdc();
    s.feed(&feeder, &[(&usdc, "1")]).unwrap();
    let dai = AssetInfoUnchecked::native("udai");
    s.set_source(&dai, fixed("1.0002")).unwrap();
    let set_at = s.now();
    assert_eq!(
        usable(&s, &dai).unwrap(),
        BoardPrice {
            valid_until: u64::MAX,
            price: dec("1.0002"),
            publish_time: set_at,
            confidence: None,
            ema_price: None,
            spot_price: None,
            recent_price: None,
        }
    );
    s.advance(10_000_000);
    assert_eq!(usable(&s, &dai).unwrap().price, dec("1.0002"));

    // a new source: the fed price of the old one must not outlive it
    s.set_source(&usdc, feeder_source(&[&s.addr("other")], 3_600, 200))
        .unwrap();
    assert_eq!(usable(&s, &usdc), None);
    assert_eq!(board(&s).len(), 1);
    s.assert_price_err(
        &usdc,
        ContractError::NoPriceFed {
            asset: checked(&s, &usdc),
        },
    );
    // removing the source drops the entry; the last one leaves no record at all
    s.execute(
        &s.owner.clone(),
        &ExecuteMsg::RemovePriceSource { asset: dai.clone() },
    )
    .unwrap();
    assert_eq!(read_board(&s.app.wrap(), &s.oracle).unwrap(), None);
}

#[test]
fn a_refreshed_pyth_price_is_on_the_board_for_its_block_only() {
    let mut s = Suite::new();
    let now = s.now();
    s.set_pyth(
        ATOM_FEED,
        pyth_price(812_345, 4_062, -5, now - 5),
        pyth_price(810_000, 3_000, -5, now - 5),
    );
    let atom = AssetInfoUnchecked::native("uatom");
    let pyth = s.pyth.clone();
    s.set_source(&atom, pyth_source(&pyth, ATOM_FEED, 60, 51, 29))
        .unwrap();
    assert_eq!(
        usable(&s, &atom),
        None,
        "a Pyth price is on the board only once refreshed"
    );

    let res = refresh(&mut s, &[&atom]).unwrap();
    assert_eq!(attr(&res, "action"), "refresh_prices");
    assert_eq!(attr(&res, "asset"), "native:uatom");
    assert_eq!(attr(&res, "price"), "8.12345");
    assert_eq!(attr(&res, "valid_until"), now.to_string());
    let entry = usable(&s, &atom).unwrap();
    assert_eq!(
        (entry.valid_until, entry.publish_time),
        (now, now - 5),
        "published by Pyth 5 s ago, valid in this block"
    );
    assert_eq!(
        entry.clone().into_response(checked(&s, &atom)),
        s.price(&atom)
    );
    assert_eq!(
        entry.mint_price(),
        dec("8.05938"),
        "the EMA less the confidence"
    );

    s.advance(1);
    assert_eq!(usable(&s, &atom), None);
    assert!(s.try_price(&atom).is_ok(), "the query still answers live");
}

#[test]
fn a_refresh_refuses_what_a_query_refuses_and_writes_nothing() {
    let (mut s, usdc, feeder) = with_fed_usdc();
    let dai = AssetInfoUnchecked::native("udai");
    s.set_source(&dai, fixed("1")).unwrap();
    let before = board(&s);
    // USDC has never been fed: the whole refresh fails, DAI's entry included
    assert_eq!(
        err(refresh(&mut s, &[&dai, &usdc])),
        ContractError::NoPriceFed {
            asset: checked(&s, &usdc),
        }
    );
    assert_eq!(board(&s), before);

    // a stale feed fails a refresh with the query's own error
    s.feed(&feeder, &[(&usdc, "1")]).unwrap();
    s.advance(3_601);
    assert_eq!(
        err(refresh(&mut s, &[&usdc])),
        ContractError::StalePrice {
            asset: checked(&s, &usdc),
            age: 3_601,
            max: 3_600,
        }
    );
    let none = AssetInfoUnchecked::native("unone");
    assert_eq!(
        err(refresh(&mut s, &[&none])),
        ContractError::NoPriceSource {
            asset: checked(&s, &none),
        }
    );
}

#[test]
fn a_refresh_lists_each_asset_once_and_a_bounded_number() {
    let mut s = Suite::new();
    let dai = AssetInfoUnchecked::native("udai");
    s.set_source(&dai, fixed("1")).unwrap();
    assert_eq!(
        err(refresh(&mut s, &[&dai, &dai])),
        ContractError::DuplicateRefreshAsset {
            asset: checked(&s, &dai),
        }
    );
    assert_eq!(
        err(refresh(&mut s, &[])),
        ContractError::RefreshCount {
            count: 0,
            max: MAX_REFRESH_ASSETS,
        }
    );
    let many = vec![&dai; MAX_REFRESH_ASSETS + 1];
    assert_eq!(
        err(refresh(&mut s, &many)),
        ContractError::RefreshCount {
            count: MAX_REFRESH_ASSETS + 1,
            max: MAX_REFRESH_ASSETS,
        }
    );
    // a fixed price refreshed stays valid for as long as its source
    let res = refresh(&mut s, &[&dai]).unwrap();
    assert_eq!(attrs(&res, "valid_until"), vec![u64::MAX.to_string()]);
}

#[test]
fn a_refreshed_twap_keeps_the_spot_and_recent_average_for_its_block() {
    let mut s = Suite::new();
    let (xms, usdm) = (s.cw20("xms"), s.cw20("usdm"));
    let pair = s.deploy_pair(
        [&xms, &usdm],
        PairType::Xyk {},
        [1_000_000_000, 250_000_000],
    );
    s.set_source(&xms, twap_source(&pair, &usdm, [6, 6], 3_600))
        .unwrap();
    assert_eq!(
        err(refresh(&mut s, &[&xms])),
        ContractError::NoTwapSnapshot {
            asset: checked(&s, &xms),
            window: 3_600,
        }
    );
    s.record_snapshot(&xms).unwrap();
    s.advance(3_600);
    refresh(&mut s, &[&xms]).unwrap();
    let entry = usable(&s, &xms).unwrap();
    assert_eq!(entry.valid_until, s.now());
    assert_eq!(entry.spot_price, Some(dec("0.25")));
    assert_eq!(entry.recent_price, Some(dec("0.25")));
    assert_eq!(entry.into_response(checked(&s, &xms)), s.price(&xms));
    s.advance(1);
    assert_eq!(usable(&s, &xms), None);
}
