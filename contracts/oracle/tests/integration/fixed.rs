use mars_oracle::ContractError;
use mars_types::AssetInfoUnchecked;

use crate::suite::{attr, dec, err, fixed, Suite};

#[test]
fn a_fixed_price_is_returned_at_the_block_time() {
    let mut s = Suite::new();
    let usdc = AssetInfoUnchecked::native("uusdc");
    let res = s.set_source(&usdc, fixed("1.0001")).unwrap();
    assert_eq!(attr(&res, "action"), "set_price_source");
    assert_eq!(attr(&res, "asset"), "native:uusdc");
    assert_eq!(attr(&res, "source"), "fixed");
    assert_eq!(attr(&res, "price"), "1.0001");

    s.advance(1_000_000);
    let p = s.price(&usdc);
    assert_eq!(p.price, dec("1.0001"));
    assert_eq!(p.publish_time, s.now());
    assert_eq!((p.confidence, p.ema_price), (None, None));
    assert_eq!(p.asset, usdc.check(s.app.api()).unwrap());
}

#[test]
fn a_zero_fixed_price_cannot_be_stored() {
    let mut s = Suite::new();
    let usdc = AssetInfoUnchecked::native("uusdc");
    assert_eq!(
        err(s.set_source(&usdc, fixed("0"))),
        ContractError::NonPositivePrice {
            asset: usdc.check(s.app.api()).unwrap(),
            price: "0".into()
        }
    );
    s.assert_price_err(
        &usdc,
        ContractError::NoPriceSource {
            asset: usdc.check(s.app.api()).unwrap(),
        },
    );
}
