//! The oracle's query API, shared by the oracle and every contract that reads prices.

use std::cmp::{max, min};

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::Decimal;

use crate::{AssetInfo, AssetInfoUnchecked};

#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// The checked price of one whole unit of `asset` in USD. Errors if the price is stale,
    /// out of bounds or has no source: a bad price is never returned.
    #[returns(PriceResponse)]
    Price { asset: AssetInfoUnchecked },

    /// The checked prices of several assets in one call, in the order asked. Fails as a whole
    /// if any one price fails its checks.
    #[returns(Vec<PriceResponse>)]
    Prices { assets: Vec<AssetInfoUnchecked> },
}

/// A checked price.
#[cw_serde]
pub struct PriceResponse {
    pub asset: AssetInfo,
    /// USD per whole token (`10^decimals` base units).
    pub price: Decimal,
    /// Unix time (seconds) at which the source published the price.
    pub publish_time: u64,
    /// Half-width of the source's confidence interval, in USD, where the source gives one.
    pub confidence: Option<Decimal>,
    /// The source's exponential moving average price, where it gives one.
    pub ema_price: Option<Decimal>,
}

impl PriceResponse {
    /// The price at which the vault values a deposit: the lower of spot and EMA, less the
    /// confidence interval. Never above the spot price.
    pub fn mint_price(&self) -> Decimal {
        let low = min(self.price, self.ema_price.unwrap_or(self.price));
        low.saturating_sub(self.confidence.unwrap_or_default())
    }

    /// The price at which the vault values a single-asset payout: the higher of spot and EMA,
    /// plus the confidence interval. Never below the spot price.
    pub fn redeem_price(&self) -> Decimal {
        let high = max(self.price, self.ema_price.unwrap_or(self.price));
        high.saturating_add(self.confidence.unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::Addr;
    use std::str::FromStr;

    fn p(price: &str, ema: Option<&str>, conf: Option<&str>) -> PriceResponse {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        PriceResponse {
            asset: AssetInfo::Cw20 {
                contract_addr: Addr::unchecked("x"),
            },
            price: d(price),
            publish_time: 0,
            confidence: conf.map(d),
            ema_price: ema.map(d),
        }
    }

    #[test]
    fn conservative_prices_favour_the_vault() {
        let r = p("100", Some("98"), Some("0.5"));
        assert_eq!(r.mint_price(), Decimal::from_str("97.5").unwrap());
        assert_eq!(r.redeem_price(), Decimal::from_str("100.5").unwrap());
        let r = p("100", Some("103"), None);
        assert_eq!(r.mint_price(), Decimal::from_str("100").unwrap());
        assert_eq!(r.redeem_price(), Decimal::from_str("103").unwrap());
        let r = p("1", None, None);
        assert_eq!(
            (r.mint_price(), r.redeem_price()),
            (Decimal::one(), Decimal::one())
        );
        // a confidence wider than the price values a deposit at zero, never negative
        assert_eq!(p("1", None, Some("2")).mint_price(), Decimal::zero());
    }
}
