use std::cell::Cell;

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    from_json, to_json_binary, Binary, Deps, DepsMut, Empty, Env, MessageInfo, Querier,
    QuerierResult, QuerierWrapper, Response, StdError, StdResult,
};
use cw_multi_test::{Contract, ContractWrapper, Executor};
use mars_oracle::ContractError;
use mars_testing::mocks::pyth::pyth_price;
use mars_types::astroport::PairType;
use mars_types::oracle::{
    ConfigResponse, ExecuteMsg, PriceResponse, PriceSourceBase, PriceSourceResponse, QueryMsg,
};
use mars_types::AssetInfoUnchecked;

use crate::suite::{
    assert_query_err, attr, dec, err, feeder_source, fixed, pyth_source, twap_source, Suite,
    ATOM_FEED,
};

/// The suite with one asset per kind of source, every price fresh: USDC fixed, OSMO fed,
/// ATOM from Pyth and XMS from a TWAP.
fn every_source() -> (Suite, Vec<AssetInfoUnchecked>) {
    let mut s = Suite::new();
    let usdc = AssetInfoUnchecked::native("uusdc");
    let osmo = AssetInfoUnchecked::native("uosmo");
    let atom = AssetInfoUnchecked::native("uatom");
    let (xms, usdm) = (s.cw20("xms"), s.cw20("usdm"));

    s.set_source(&usdc, fixed("1")).unwrap();
    let feeder = s.addr("feeder");
    s.set_source(&osmo, feeder_source(&[&feeder], 600, 1_000))
        .unwrap();
    let now = s.now();
    s.set_pyth(
        ATOM_FEED,
        pyth_price(812_345, 4_062, -5, now),
        pyth_price(810_000, 0, -5, now),
    );
    let pyth = s.pyth.clone();
    s.set_source(&atom, pyth_source(&pyth, ATOM_FEED, 600, 100, 100))
        .unwrap();
    let pair = s.deploy_pair([&xms, &usdm], PairType::Xyk {}, [4_000_000, 1_000_000]);
    s.set_source(&xms, twap_source(&pair, &usdm, [6, 6], 300))
        .unwrap();

    s.record_snapshot(&xms).unwrap();
    s.advance(300);
    s.feed(&feeder, &[(&osmo, "0.42")]).unwrap();
    let now = s.now();
    s.set_pyth(
        ATOM_FEED,
        pyth_price(812_345, 4_062, -5, now),
        pyth_price(810_000, 0, -5, now),
    );
    (s, vec![usdc, osmo, atom, xms])
}

#[test]
fn prices_agree_with_repeated_price_queries() {
    let (s, mut assets) = every_source();
    assets.push(assets[0].clone());
    let batch: Vec<PriceResponse> = s
        .query(&QueryMsg::Prices {
            assets: assets.clone(),
        })
        .unwrap();
    let one_by_one: Vec<PriceResponse> = assets.iter().map(|a| s.price(a)).collect();
    assert_eq!(batch, one_by_one);
    let prices: Vec<_> = batch.iter().map(|p| p.price).collect();
    assert_eq!(
        prices,
        [dec("1"), dec("0.42"), dec("8.12345"), dec("0.25"), dec("1")]
    );
    let empty: Vec<PriceResponse> = s.query(&QueryMsg::Prices { assets: vec![] }).unwrap();
    assert!(empty.is_empty());
}

#[test]
fn one_bad_price_fails_the_whole_batch() {
    let (mut s, assets) = every_source();
    s.advance(601);
    assert_query_err(
        s.query::<Vec<PriceResponse>>(&QueryMsg::Prices { assets }),
        ContractError::StalePrice {
            asset: AssetInfoUnchecked::native("uosmo")
                .check(s.app.api())
                .unwrap(),
            age: 601,
            max: 600,
        },
    );
}

/// What the vault does: ask for every price it needs in one `Prices` query. The caller counts
/// the queries it sends through a counting querier and returns the prices it got.
#[cw_serde]
struct PriceAll {
    oracle: String,
    assets: Vec<AssetInfoUnchecked>,
}

struct CountingQuerier<'a> {
    inner: &'a dyn Querier,
    count: Cell<u32>,
}

impl Querier for CountingQuerier<'_> {
    fn raw_query(&self, bin_request: &[u8]) -> QuerierResult {
        self.count.set(self.count.get() + 1);
        self.inner.raw_query(bin_request)
    }
}

fn vault_style_caller() -> Box<dyn Contract<Empty>> {
    fn execute(deps: DepsMut, _: Env, _: MessageInfo, msg: PriceAll) -> StdResult<Response> {
        let counting = CountingQuerier {
            inner: &*deps.querier,
            count: Cell::new(0),
        };
        let prices: Vec<PriceResponse> = QuerierWrapper::<Empty>::new(&counting).query_wasm_smart(
            msg.oracle,
            &mars_types::oracle::QueryMsg::Prices { assets: msg.assets },
        )?;
        Ok(Response::new()
            .add_attribute("oracle_queries", counting.count.get().to_string())
            .set_data(to_json_binary(&prices)?))
    }
    fn instantiate(_: DepsMut, _: Env, _: MessageInfo, _: Empty) -> StdResult<Response> {
        Ok(Response::new())
    }
    fn query(_: Deps, _: Env, _: Empty) -> StdResult<Binary> {
        Err(StdError::generic_err("no queries"))
    }
    Box::new(ContractWrapper::new(execute, instantiate, query))
}

#[test]
fn a_vault_style_caller_gets_every_price_with_one_query() {
    let (mut s, assets) = every_source();
    let code = s.app.store_code(vault_style_caller());
    let owner = s.owner.clone();
    let caller = s
        .app
        .instantiate_contract(code, owner.clone(), &Empty {}, &[], "caller", None)
        .unwrap();
    let res = s
        .app
        .execute_contract(
            owner,
            caller,
            &PriceAll {
                oracle: s.oracle.to_string(),
                assets: assets.clone(),
            },
            &[],
        )
        .unwrap();
    assert_eq!(attr(&res, "oracle_queries"), "1");
    let prices: Vec<PriceResponse> = from_json(res.data.unwrap()).unwrap();
    assert_eq!(prices.len(), assets.len());
    let one_by_one: Vec<PriceResponse> = assets.iter().map(|a| s.price(a)).collect();
    assert_eq!(prices, one_by_one);
}

#[test]
fn an_asset_without_a_source_has_no_price() {
    let (s, _) = every_source();
    let juno = AssetInfoUnchecked::native("ujuno");
    s.assert_price_err(
        &juno,
        ContractError::NoPriceSource {
            asset: juno.check(s.app.api()).unwrap(),
        },
    );
    assert_query_err(
        s.query::<PriceSourceResponse>(&QueryMsg::PriceSource {
            asset: juno.clone(),
        }),
        ContractError::NoPriceSource {
            asset: juno.check(s.app.api()).unwrap(),
        },
    );
}

#[test]
fn price_sources_are_paginated() {
    let mut s = Suite::new();
    let mut assets: Vec<AssetInfoUnchecked> = (0..35)
        .map(|i| AssetInfoUnchecked::native(format!("uasset{i:02}")))
        .collect();
    // cw20 keys sort before native ones
    assets.insert(0, s.cw20("token"));
    for a in &assets {
        s.set_source(a, fixed("2")).unwrap();
    }
    let page = |s: &Suite, start_after: Option<AssetInfoUnchecked>, limit| {
        s.query::<Vec<PriceSourceResponse>>(&QueryMsg::PriceSources { start_after, limit })
            .unwrap()
    };
    assert_eq!(page(&s, None, None).len(), 10, "default page");
    assert_eq!(page(&s, None, Some(100)).len(), 30, "largest page");

    let mut seen = vec![];
    let mut start_after = None;
    loop {
        let items = page(&s, start_after, Some(7));
        let Some(last) = items.last() else { break };
        start_after = Some(last.asset.clone().into());
        seen.extend(items.into_iter().map(|r| AssetInfoUnchecked::from(r.asset)));
    }
    assert_eq!(seen, assets);

    let one: PriceSourceResponse = s
        .query(&QueryMsg::PriceSource {
            asset: assets[3].clone(),
        })
        .unwrap();
    assert_eq!(one.source, PriceSourceBase::Fixed { price: dec("2") });
}

#[test]
fn config_counts_sources_and_removal_forgets_an_asset() {
    let (mut s, assets) = every_source();
    let config: ConfigResponse = s.query(&QueryMsg::Config {}).unwrap();
    assert_eq!(config.owner, Some(s.owner.clone()));
    assert_eq!(config.price_source_count, 4);

    // replacing a source does not count twice
    s.set_source(&assets[0], fixed("1.01")).unwrap();
    let config: ConfigResponse = s.query(&QueryMsg::Config {}).unwrap();
    assert_eq!(config.price_source_count, 4);

    let owner = s.owner.clone();
    let remove = |asset: &AssetInfoUnchecked| ExecuteMsg::RemovePriceSource {
        asset: asset.clone(),
    };
    let res = s.execute(&owner, &remove(&assets[3])).unwrap();
    assert_eq!(attr(&res, "action"), "remove_price_source");
    assert_eq!(attr(&res, "source"), "twap");
    let xms = assets[3].check(s.app.api()).unwrap();
    s.assert_price_err(
        &assets[3],
        ContractError::NoPriceSource { asset: xms.clone() },
    );
    assert_eq!(
        err(s.execute(&owner, &remove(&assets[3]))),
        ContractError::NoPriceSource { asset: xms }
    );
    let config: ConfigResponse = s.query(&QueryMsg::Config {}).unwrap();
    assert_eq!(config.price_source_count, 3);
}
