use std::str::FromStr;

use cosmwasm_schema::serde::de::DeserializeOwned;
use cosmwasm_std::{Addr, Decimal, StdResult, Uint128};
use cw_multi_test::{App, AppResponse, Executor};
use mars_oracle::ContractError;
use mars_testing::contracts::oracle_contract;
use mars_testing::mocks::pair::{mock_pair_contract, MockPairInstantiateMsg, MockPairMsg};
use mars_testing::mocks::pyth::{mock_pyth_contract, price_feed, MockPythMsg};
use mars_types::astroport::{AssetInfo as PairAssetInfo, PairType};
use mars_types::oracle::{
    ExecuteMsg, FeedPrice, FeederSource, InstantiateMsg, PriceResponse, PriceSourceBase,
    PriceSourceUnchecked, PythSource, QueryMsg, TwapSource,
};
use mars_types::pyth::{Price, PriceIdentifier};
use mars_types::{AssetInfoUnchecked, Bps};

pub type AnyResult<T> = anyhow::Result<T>;

/// Pyth's ATOM/USD and BTC/USD feed ids.
pub const ATOM_FEED: &str = "b00b60f88b03a6a625a8d1c048c3f66653edf217439983d037e7222c4e612819";
pub const BTC_FEED: &str = "0xE62DF6C8B4A85FE1A67DB44DC12DE5DB330F7AC66B72DC658AFEDF0F4A415B43";

pub struct Suite {
    pub app: App,
    pub owner: Addr,
    pub oracle: Addr,
    pub pyth: Addr,
    pair_code: u64,
}

impl Suite {
    pub fn new() -> Self {
        let mut app = App::default();
        let owner = app.api().addr_make("governance");
        let oracle_code = app.store_code(oracle_contract());
        let oracle = app
            .instantiate_contract(
                oracle_code,
                owner.clone(),
                &InstantiateMsg {
                    owner: owner.to_string(),
                },
                &[],
                "oracle",
                Some(owner.to_string()),
            )
            .unwrap();
        let pyth_code = app.store_code(mock_pyth_contract());
        let pyth = app
            .instantiate_contract(
                pyth_code,
                owner.clone(),
                &cosmwasm_std::Empty {},
                &[],
                "pyth",
                None,
            )
            .unwrap();
        let pair_code = app.store_code(mock_pair_contract());
        Suite {
            app,
            owner,
            oracle,
            pyth,
            pair_code,
        }
    }

    pub fn addr(&self, name: &str) -> Addr {
        self.app.api().addr_make(name)
    }

    /// A cw20 asset at a valid address (the oracle never calls the token).
    pub fn cw20(&self, name: &str) -> AssetInfoUnchecked {
        AssetInfoUnchecked::cw20(self.addr(name))
    }

    pub fn now(&self) -> u64 {
        self.app.block_info().time.seconds()
    }

    pub fn advance(&mut self, seconds: u64) {
        self.app.update_block(|b| {
            b.time = b.time.plus_seconds(seconds);
            b.height += 1;
        });
    }

    pub fn execute(&mut self, sender: &Addr, msg: &ExecuteMsg) -> AnyResult<AppResponse> {
        let oracle = self.oracle.clone();
        self.app.execute_contract(sender.clone(), oracle, msg, &[])
    }

    pub fn set_source_as(
        &mut self,
        sender: &Addr,
        asset: &AssetInfoUnchecked,
        source: PriceSourceUnchecked,
    ) -> AnyResult<AppResponse> {
        self.execute(
            sender,
            &ExecuteMsg::SetPriceSource {
                asset: asset.clone(),
                source,
            },
        )
    }

    pub fn set_source(
        &mut self,
        asset: &AssetInfoUnchecked,
        source: PriceSourceUnchecked,
    ) -> AnyResult<AppResponse> {
        let owner = self.owner.clone();
        self.set_source_as(&owner, asset, source)
    }

    pub fn feed(
        &mut self,
        feeder: &Addr,
        prices: &[(&AssetInfoUnchecked, &str)],
    ) -> AnyResult<AppResponse> {
        let prices = prices
            .iter()
            .map(|(asset, price)| FeedPrice {
                asset: (*asset).clone(),
                price: dec(price),
            })
            .collect();
        self.execute(feeder, &ExecuteMsg::FeedPrices { prices })
    }

    /// Records a TWAP snapshot as a permissionless keeper.
    pub fn record_snapshot(&mut self, asset: &AssetInfoUnchecked) -> AnyResult<AppResponse> {
        let keeper = self.addr("keeper");
        self.execute(
            &keeper,
            &ExecuteMsg::RecordTwapSnapshot {
                asset: asset.clone(),
            },
        )
    }

    pub fn query<T: DeserializeOwned>(&self, msg: &QueryMsg) -> StdResult<T> {
        self.app.wrap().query_wasm_smart(&self.oracle, msg)
    }

    pub fn try_price(&self, asset: &AssetInfoUnchecked) -> StdResult<PriceResponse> {
        self.query(&QueryMsg::Price {
            asset: asset.clone(),
        })
    }

    pub fn price(&self, asset: &AssetInfoUnchecked) -> PriceResponse {
        self.try_price(asset).unwrap()
    }

    /// Asserts that the price of `asset` fails with exactly `expected`.
    pub fn assert_price_err(&self, asset: &AssetInfoUnchecked, expected: ContractError) {
        assert_query_err(self.try_price(asset), expected);
    }

    pub fn set_pyth(&mut self, id: &str, price: Price, ema_price: Price) {
        let owner = self.owner.clone();
        let pyth = self.pyth.clone();
        self.app
            .execute_contract(
                owner,
                pyth,
                &MockPythMsg::SetPriceFeed {
                    price_feed: price_feed(&feed_id(id), price, ema_price),
                },
                &[],
            )
            .unwrap();
    }

    pub fn pair_asset(&self, asset: &AssetInfoUnchecked) -> PairAssetInfo {
        (&asset.check(self.app.api()).unwrap()).into()
    }

    /// Deploys a mock pair of `assets` with `reserves` (base units) in that order.
    pub fn deploy_pair(
        &mut self,
        assets: [&AssetInfoUnchecked; 2],
        pair_type: PairType,
        reserves: [u128; 2],
    ) -> Addr {
        let msg = MockPairInstantiateMsg {
            asset_infos: [self.pair_asset(assets[0]), self.pair_asset(assets[1])],
            pair_type,
            reserves: reserves.map(Uint128::new),
        };
        let owner = self.owner.clone();
        self.app
            .instantiate_contract(self.pair_code, owner, &msg, &[], "pair", None)
            .unwrap()
    }

    pub fn pair_execute(&mut self, pair: &Addr, msg: &MockPairMsg) {
        let owner = self.owner.clone();
        self.app
            .execute_contract(owner, pair.clone(), msg, &[])
            .unwrap();
    }
}

/// The oracle's error behind a failed execute.
pub fn err(res: AnyResult<AppResponse>) -> ContractError {
    res.unwrap_err()
        .downcast()
        .expect("a mars-oracle ContractError")
}

/// A query error carries the contract's error as text: it must contain `expected` exactly.
pub fn assert_query_err<T: std::fmt::Debug>(res: StdResult<T>, expected: ContractError) {
    let msg = res.unwrap_err().to_string();
    assert!(
        msg.contains(&expected.to_string()),
        "expected {expected:?}\n got {msg}"
    );
}

/// Every value of the wasm attribute `key`, in order.
pub fn attrs(res: &AppResponse, key: &str) -> Vec<String> {
    res.events
        .iter()
        .filter(|e| e.ty == "wasm")
        .flat_map(|e| &e.attributes)
        .filter(|a| a.key == key)
        .map(|a| a.value.clone())
        .collect()
}

pub fn attr(res: &AppResponse, key: &str) -> String {
    let values = attrs(res, key);
    assert_eq!(values.len(), 1, "attribute {key}: {values:?}");
    values[0].clone()
}

pub fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

pub fn bps(n: u16) -> Bps {
    Bps::new(n).unwrap()
}

pub fn feed_id(id: &str) -> PriceIdentifier {
    id.parse().unwrap()
}

pub fn fixed(price: &str) -> PriceSourceUnchecked {
    PriceSourceBase::Fixed { price: dec(price) }
}

pub fn feeder_source(
    feeders: &[&Addr],
    max_staleness: u64,
    max_change_bps: u16,
) -> PriceSourceUnchecked {
    PriceSourceBase::Feeder(FeederSource {
        feeders: feeders.iter().map(|f| f.to_string()).collect(),
        max_staleness,
        max_change_bps: bps(max_change_bps),
    })
}

pub fn pyth_source(
    contract: &Addr,
    id: &str,
    max_staleness: u64,
    max_confidence_bps: u16,
    max_ema_deviation_bps: u16,
) -> PriceSourceUnchecked {
    PriceSourceBase::Pyth(PythSource {
        contract_addr: contract.to_string(),
        price_feed_id: feed_id(id),
        max_staleness,
        max_confidence_bps: bps(max_confidence_bps),
        max_ema_deviation_bps: bps(max_ema_deviation_bps),
    })
}

/// A TWAP source accepting a spot up to 50% from the average.
pub fn twap_source(
    pair: &Addr,
    quote: &AssetInfoUnchecked,
    decimals: [u8; 2],
    window: u64,
) -> PriceSourceUnchecked {
    twap_source_within(pair, quote, decimals, window, 5_000)
}

pub fn twap_source_within(
    pair: &Addr,
    quote: &AssetInfoUnchecked,
    decimals: [u8; 2],
    window: u64,
    max_spot_deviation_bps: u16,
) -> PriceSourceUnchecked {
    PriceSourceBase::Twap(TwapSource {
        pair_addr: pair.to_string(),
        quote: quote.clone(),
        asset_decimals: decimals[0],
        quote_decimals: decimals[1],
        window,
        max_spot_deviation_bps: bps(max_spot_deviation_bps),
    })
}
