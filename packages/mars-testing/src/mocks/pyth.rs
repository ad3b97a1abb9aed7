//! A Pyth contract double: answers the real `price_feed { id }` query in Pyth's wire format,
//! with each feed's price, confidence, EMA and publish time set by the test.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    to_json_binary, Binary, Deps, DepsMut, Empty, Env, MessageInfo, Response, StdError, StdResult,
};
use cw_multi_test::{Contract, ContractWrapper};
use cw_storage_plus::Map;
use mars_types::pyth::{Price, PriceFeed, PriceFeedResponse, PriceIdentifier, QueryMsg};

#[cw_serde]
pub enum MockPythMsg {
    /// Sets or replaces the feed `price_feed.id`.
    SetPriceFeed { price_feed: PriceFeed },
}

const FEEDS: Map<&str, PriceFeed> = Map::new("feeds");

/// A Pyth price `price × 10^expo ± conf × 10^expo` published at `publish_time`.
pub fn pyth_price(price: i64, conf: u64, expo: i32, publish_time: u64) -> Price {
    Price {
        price: price.into(),
        conf: conf.into(),
        expo,
        publish_time: publish_time as i64,
    }
}

/// The feed `id` with `price` and `ema_price`.
pub fn price_feed(id: &PriceIdentifier, price: Price, ema_price: Price) -> PriceFeed {
    PriceFeed {
        id: id.clone(),
        price,
        ema_price,
    }
}

pub fn mock_pyth_contract() -> Box<dyn Contract<Empty>> {
    fn instantiate(_: DepsMut, _: Env, _: MessageInfo, _: Empty) -> StdResult<Response> {
        Ok(Response::new())
    }
    fn execute(deps: DepsMut, _: Env, _: MessageInfo, msg: MockPythMsg) -> StdResult<Response> {
        let MockPythMsg::SetPriceFeed { price_feed } = msg;
        FEEDS.save(deps.storage, price_feed.id.as_str(), &price_feed)?;
        Ok(Response::new())
    }
    fn query(deps: Deps, _: Env, msg: QueryMsg) -> StdResult<Binary> {
        let QueryMsg::PriceFeed { id } = msg;
        let price_feed = FEEDS
            .may_load(deps.storage, id.as_str())?
            .ok_or_else(|| StdError::generic_err(format!("price feed {id} not found")))?;
        to_json_binary(&PriceFeedResponse { price_feed })
    }
    Box::new(ContractWrapper::new(execute, instantiate, query))
}
