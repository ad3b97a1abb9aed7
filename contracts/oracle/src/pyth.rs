//! Prices from the Pyth contract, checked for staleness, confidence and distance from the EMA.

use cosmwasm_std::{Addr, Decimal, QuerierWrapper, Uint128};
use mars_types::oracle::{PriceResponse, PythSource};
use mars_types::pyth::{Price, PriceFeedResponse, QueryMsg as PythQueryMsg};
use mars_types::AssetInfo;

use crate::checks::{abs_diff, bps_of, check_age};
use crate::ContractError;

pub fn price(
    querier: QuerierWrapper,
    asset: &AssetInfo,
    now: u64,
    source: &PythSource<Addr>,
) -> Result<PriceResponse, ContractError> {
    let PriceFeedResponse { price_feed: feed } = mars_entry::raw::query_wasm_smart(
        &querier,
        source.contract_addr.as_str(),
        &PythQueryMsg::PriceFeed {
            id: source.price_feed_id.clone(),
        },
    )?;

    let spot = positive(asset, &feed.price, "")?;
    // a negative publish time is older than any bound
    let publish_time = u64::try_from(feed.price.publish_time).unwrap_or(0);
    check_age(asset, now, publish_time, source.max_staleness)?;

    let conf = to_decimal(asset, feed.price.conf.u64(), feed.price.expo)?;
    let conf_bps = bps_of(conf, spot);
    if conf_bps > u128::from(source.max_confidence_bps.get()) {
        return Err(ContractError::ConfidenceTooWide {
            asset: asset.clone(),
            conf_bps,
            max_bps: source.max_confidence_bps,
        });
    }

    let ema = positive(asset, &feed.ema_price, "EMA ")?;
    let deviation_bps = bps_of(abs_diff(spot, ema), ema);
    if deviation_bps > u128::from(source.max_ema_deviation_bps.get()) {
        return Err(ContractError::EmaDeviationTooLarge {
            asset: asset.clone(),
            deviation_bps,
            max_bps: source.max_ema_deviation_bps,
        });
    }

    Ok(PriceResponse {
        asset: asset.clone(),
        price: spot,
        publish_time,
        confidence: Some(conf),
        ema_price: Some(ema),
        spot_price: None,
        recent_price: None,
    })
}

/// `price × 10^expo` of a Pyth price, refused unless positive. `label` marks which price of
/// the feed failed in the error.
fn positive(asset: &AssetInfo, p: &Price, label: &str) -> Result<Decimal, ContractError> {
    let mantissa = p.price.i64();
    if mantissa <= 0 {
        return Err(ContractError::NonPositivePrice {
            asset: asset.clone(),
            price: format!("{label}{mantissa}e{}", p.expo),
        });
    }
    to_decimal(asset, mantissa.unsigned_abs(), p.expo)
}

/// `mantissa × 10^expo` exactly. Exponents below −18 (finer than a `Decimal`) and results
/// above `Decimal::MAX` are refused rather than rounded.
fn to_decimal(asset: &AssetInfo, mantissa: u64, expo: i32) -> Result<Decimal, ContractError> {
    let out_of_range = || ContractError::PriceOutOfRange {
        asset: asset.clone(),
        price: format!("{mantissa}e{expo}"),
    };
    let places = expo.unsigned_abs();
    if expo < 0 {
        if places > Decimal::DECIMAL_PLACES {
            return Err(out_of_range());
        }
        return Decimal::from_atomics(mantissa, places).map_err(|_| out_of_range());
    }
    Uint128::new(10)
        .checked_pow(places)
        .and_then(|scale| scale.checked_mul(Uint128::from(mantissa)))
        .map_err(|_| out_of_range())
        .and_then(|whole| Decimal::from_atomics(whole, 0).map_err(|_| out_of_range()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn asset() -> AssetInfo {
        AssetInfo::Native {
            denom: "uatom".into(),
        }
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn exponents_scale_exactly() {
        let a = asset();
        assert_eq!(
            to_decimal(&a, 6_432_151_000_000, -8).unwrap(),
            d("64321.51")
        );
        assert_eq!(to_decimal(&a, 99_987, -5).unwrap(), d("0.99987"));
        assert_eq!(to_decimal(&a, 1, -18).unwrap(), Decimal::raw(1));
        assert_eq!(to_decimal(&a, 12, 0).unwrap(), d("12"));
        assert_eq!(to_decimal(&a, 123, 2).unwrap(), d("12300"));
        assert_eq!(to_decimal(&a, 0, -8).unwrap(), Decimal::zero());
    }

    #[test]
    fn unrepresentable_exponents_are_refused_not_rounded() {
        let a = asset();
        assert_eq!(
            to_decimal(&a, 1, -19),
            Err(ContractError::PriceOutOfRange {
                asset: a.clone(),
                price: "1e-19".into()
            })
        );
        // 10^21 × 10^18 atomics does not fit a Decimal
        assert!(to_decimal(&a, 1, 21).is_err());
        assert!(to_decimal(&a, 1, 39).is_err(), "10^39 overflows u128");
        assert!(to_decimal(&a, u64::MAX, 20).is_err());
        assert!(to_decimal(&a, 1, 20).is_ok());
    }

    #[test]
    fn zero_and_negative_mantissas_are_refused() {
        let a = asset();
        let p = |price: i64| Price {
            price: price.into(),
            conf: 0u64.into(),
            expo: -8,
            publish_time: 0,
        };
        assert_eq!(
            positive(&a, &p(-5), "EMA "),
            Err(ContractError::NonPositivePrice {
                asset: a.clone(),
                price: "EMA -5e-8".into()
            })
        );
        assert!(positive(&a, &p(0), "").is_err());
        assert_eq!(positive(&a, &p(1), "").unwrap(), d("0.00000001"));
        assert!(positive(&a, &p(i64::MIN), "").is_err());
    }
}
