//! A settable oracle answering the real oracle's `Price`/`Prices` queries, for tests that need
//! to set a spot price, an EMA and a confidence directly, or make one asset's price fail.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    to_json_binary, Binary, Decimal, Deps, DepsMut, Empty, Env, MessageInfo, Response, StdError,
    StdResult,
};
use cw_multi_test::{Contract, ContractWrapper};
use cw_storage_plus::Map;
use mars_types::oracle::{PriceResponse, QueryMsg};
use mars_types::{AssetInfo, AssetInfoUnchecked};

#[cw_serde]
pub enum MockOracleMsg {
    /// Sets the answer for `asset`; `None` makes its price fail as a stale one would.
    SetPrice {
        asset: AssetInfoUnchecked,
        price: Option<MockPrice>,
    },
}

#[cw_serde]
pub struct MockPrice {
    pub price: Decimal,
    pub ema_price: Option<Decimal>,
    pub confidence: Option<Decimal>,
}

const PRICES: Map<&str, MockPrice> = Map::new("prices");

thread_local! {
    static QUERIES: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Queries this thread's mock oracles have answered; each test runs on its own thread.
pub fn oracle_query_count() -> u32 {
    QUERIES.with(|q| q.get())
}

fn price(deps: Deps, env: &Env, asset: AssetInfoUnchecked) -> StdResult<PriceResponse> {
    let asset: AssetInfo = asset
        .check(deps.api)
        .map_err(|e| StdError::generic_err(e.to_string()))?;
    let p = PRICES
        .may_load(deps.storage, &asset.storage_key())?
        .ok_or_else(|| StdError::generic_err(format!("price of {asset} is stale")))?;
    Ok(PriceResponse {
        asset,
        price: p.price,
        publish_time: env.block.time.seconds(),
        confidence: p.confidence,
        ema_price: p.ema_price,
    })
}

pub fn mock_oracle_contract() -> Box<dyn Contract<Empty>> {
    fn instantiate(_: DepsMut, _: Env, _: MessageInfo, _: Empty) -> StdResult<Response> {
        Ok(Response::new())
    }
    fn execute(deps: DepsMut, _: Env, _: MessageInfo, msg: MockOracleMsg) -> StdResult<Response> {
        let MockOracleMsg::SetPrice { asset, price } = msg;
        let key = asset
            .check(deps.api)
            .map_err(|e| StdError::generic_err(e.to_string()))?
            .storage_key();
        match price {
            Some(p) => PRICES.save(deps.storage, &key, &p)?,
            None => PRICES.remove(deps.storage, &key),
        }
        Ok(Response::new())
    }
    fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
        QUERIES.with(|q| q.set(q.get() + 1));
        match msg {
            QueryMsg::Price { asset } => to_json_binary(&price(deps, &env, asset)?),
            QueryMsg::Prices { assets } => to_json_binary(
                &assets
                    .into_iter()
                    .map(|a| price(deps, &env, a))
                    .collect::<StdResult<Vec<_>>>()?,
            ),
            #[allow(unreachable_patterns)]
            _ => Err(StdError::generic_err("not supported by the mock oracle")),
        }
    }
    Box::new(ContractWrapper::new(execute, instantiate, query))
}
