//! An Astroport xyk pair double: answers `pair {}` and `cumulative_prices {}` in Astroport's
//! wire format, accumulating prices from its reserves exactly as the xyk pair does (see
//! [`mars_types::astroport`]), so that time moved with `app.update_block` advances them.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    to_json_binary, Binary, Deps, DepsMut, Empty, Env, MessageInfo, Response, StdResult, Uint128,
};
use cw_multi_test::{Contract, ContractWrapper};
use cw_storage_plus::Item;
use mars_types::astroport::{
    Asset, AssetInfo, CumulativePricesResponse, PairInfo, PairType, QueryMsg, TWAP_PRECISION,
};

#[cw_serde]
pub struct MockPairInstantiateMsg {
    pub asset_infos: [AssetInfo; 2],
    pub pair_type: PairType,
    /// Reserves of `asset_infos[0]` and `asset_infos[1]`, in base units.
    pub reserves: [Uint128; 2],
}

#[cw_serde]
pub enum MockPairMsg {
    /// Accumulates up to the current block at the old reserves, then sets new ones: what a
    /// swap or a liquidity change does.
    SetReserves { reserves: [Uint128; 2] },
    /// Overwrites both accumulators, e.g. close to 2^128 to make them wrap.
    SetCumulativePrices { price0: Uint128, price1: Uint128 },
}

#[cw_serde]
struct PairState {
    asset_infos: [AssetInfo; 2],
    pair_type: PairType,
    reserves: [Uint128; 2],
    price0_cumulative_last: Uint128,
    price1_cumulative_last: Uint128,
    block_time_last: u64,
}

const STATE: Item<PairState> = Item::new("state");

impl PairState {
    /// The accumulators brought up to `env`'s block, as Astroport's `accumulate_prices` does.
    fn accumulated(&self, env: &Env) -> StdResult<(Uint128, Uint128)> {
        let now = env.block.time.seconds();
        let [x, y] = self.reserves;
        if now <= self.block_time_last || x.is_zero() || y.is_zero() {
            return Ok((self.price0_cumulative_last, self.price1_cumulative_last));
        }
        let scaled_time = Uint128::from(now - self.block_time_last)
            .checked_mul(Uint128::from(10u128.pow(TWAP_PRECISION.into())))?;
        Ok((
            self.price0_cumulative_last
                .wrapping_add(scaled_time.multiply_ratio(y, x)),
            self.price1_cumulative_last
                .wrapping_add(scaled_time.multiply_ratio(x, y)),
        ))
    }
}

pub fn mock_pair_contract() -> Box<dyn Contract<Empty>> {
    fn instantiate(
        deps: DepsMut,
        env: Env,
        _: MessageInfo,
        msg: MockPairInstantiateMsg,
    ) -> StdResult<Response> {
        STATE.save(
            deps.storage,
            &PairState {
                asset_infos: msg.asset_infos,
                pair_type: msg.pair_type,
                reserves: msg.reserves,
                price0_cumulative_last: Uint128::zero(),
                price1_cumulative_last: Uint128::zero(),
                block_time_last: env.block.time.seconds(),
            },
        )?;
        Ok(Response::new())
    }
    fn execute(deps: DepsMut, env: Env, _: MessageInfo, msg: MockPairMsg) -> StdResult<Response> {
        let mut state = STATE.load(deps.storage)?;
        match msg {
            MockPairMsg::SetReserves { reserves } => {
                (state.price0_cumulative_last, state.price1_cumulative_last) =
                    state.accumulated(&env)?;
                state.reserves = reserves;
            }
            MockPairMsg::SetCumulativePrices { price0, price1 } => {
                state.price0_cumulative_last = price0;
                state.price1_cumulative_last = price1;
            }
        }
        state.block_time_last = env.block.time.seconds();
        STATE.save(deps.storage, &state)?;
        Ok(Response::new())
    }
    fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
        let state = STATE.load(deps.storage)?;
        let [a0, a1] = state.asset_infos.clone();
        match msg {
            QueryMsg::Pair {} => to_json_binary(&PairInfo {
                asset_infos: vec![a0, a1],
                contract_addr: env.contract.address.clone(),
                liquidity_token: format!("factory/{}/astroport/share", env.contract.address),
                pair_type: state.pair_type,
            }),
            QueryMsg::CumulativePrices {} => {
                let (price0, price1) = state.accumulated(&env)?;
                let [r0, r1] = state.reserves;
                to_json_binary(&CumulativePricesResponse {
                    assets: vec![
                        Asset {
                            info: a0.clone(),
                            amount: r0,
                        },
                        Asset {
                            info: a1.clone(),
                            amount: r1,
                        },
                    ],
                    // LP supply is not modelled
                    total_share: Uint128::zero(),
                    cumulative_prices: vec![(a0.clone(), a1.clone(), price0), (a1, a0, price1)],
                })
            }
        }
    }
    Box::new(ContractWrapper::new(execute, instantiate, query))
}
