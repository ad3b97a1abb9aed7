//! An Astroport xyk pair double: answers `pair {}` and `cumulative_prices {}` in Astroport's
//! wire format, accumulating prices from its reserves exactly as the xyk pair does (see
//! [`mars_types::astroport`]), so that time moved with `app.update_block` advances them.
//!
//! The accumulation rule is Astroport's: a trade (and `SetReserves`) first adds the seconds
//! since the last update at the reserves **before** it, then changes the reserves and sets the
//! last update to the block time; `cumulative_prices {}` adds the seconds since the last update
//! at the current reserves, and nothing when the last update is in the current block. So the
//! first trade of a block adds the block's seconds at the reserves the block started with, and
//! no trade of the current block moves the cumulative price a query reads (only the reserves,
//! the spot).
//!
//! The reserves are the pool's price: `SetReserves` moves the spot (accumulating first, as a
//! trade does), `SetCumulativePrices` moves the accumulators alone, and `Swap` (a native coin)
//! or a cw20 `Send` with `Swap` trades against the other asset at the xyk curve, paying from the
//! pair's own balance.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    coins, from_json, to_json_binary, Addr, BankMsg, Binary, CosmosMsg, Deps, DepsMut, Empty, Env,
    MessageInfo, Response, StdError, StdResult, Uint128, WasmMsg,
};
use cw20::{Cw20ExecuteMsg, Cw20ReceiveMsg};
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
    /// Sells the one native coin sent for the other asset at the xyk curve with **no fee** (the
    /// trader's best case): `out = reserve_out × in / (reserve_in + in)`, rounded down. The
    /// reserves move by the trade after accumulating up to the block, as Astroport's do; the
    /// output is paid from the pair's balance (a cw20 transfer or a bank send), which the test
    /// funds.
    Swap {
        /// Refused below this output.
        min_out: Option<Uint128>,
    },
    /// A cw20 `Send` of one of the pair's tokens with a `Swap` message: the same trade, selling
    /// the token sent.
    Receive(Cw20ReceiveMsg),
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
    /// The accumulators brought up to `env`'s block, as Astroport's `accumulate_prices` does: the
    /// seconds since the last update at the current reserves, none if it was in this block.
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

/// Trades `amount` of `offer` for the pair's other asset at the xyk curve, no fee, paying
/// `trader` from the pair's balance.
fn swap(
    state: &mut PairState,
    env: &Env,
    offer: &AssetInfo,
    amount: Uint128,
    trader: &Addr,
    min_out: Option<Uint128>,
) -> StdResult<Response> {
    let i = state
        .asset_infos
        .iter()
        .position(|a| a == offer)
        .ok_or_else(|| StdError::generic_err(format!("the pair does not trade {offer:?}")))?;
    let o = 1 - i;
    (state.price0_cumulative_last, state.price1_cumulative_last) = state.accumulated(env)?;
    let (r_in, r_out) = (state.reserves[i], state.reserves[o]);
    // rounded down
    let out = r_out.multiply_ratio(amount, r_in.checked_add(amount)?);
    if out.is_zero() || min_out.is_some_and(|m| out < m) {
        return Err(StdError::generic_err(format!(
            "swap output {out} too small"
        )));
    }
    state.reserves[i] = r_in.checked_add(amount)?;
    state.reserves[o] = r_out.checked_sub(out)?;
    let pay = match &state.asset_infos[o] {
        AssetInfo::NativeToken { denom } => CosmosMsg::Bank(BankMsg::Send {
            to_address: trader.to_string(),
            amount: coins(out.u128(), denom),
        }),
        AssetInfo::Token { contract_addr } => CosmosMsg::Wasm(WasmMsg::Execute {
            contract_addr: contract_addr.to_string(),
            msg: to_json_binary(&Cw20ExecuteMsg::Transfer {
                recipient: trader.to_string(),
                amount: out,
            })?,
            funds: vec![],
        }),
    };
    Ok(Response::new()
        .add_message(pay)
        .add_attribute("offer_amount", amount)
        .add_attribute("return_amount", out))
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
    fn execute(
        deps: DepsMut,
        env: Env,
        info: MessageInfo,
        msg: MockPairMsg,
    ) -> StdResult<Response> {
        let mut state = STATE.load(deps.storage)?;
        let mut res = Response::new();
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
            MockPairMsg::Swap { min_out } => {
                let [offer] = info.funds.as_slice() else {
                    return Err(StdError::generic_err("a swap takes exactly one coin"));
                };
                let offer_info = AssetInfo::NativeToken {
                    denom: offer.denom.clone(),
                };
                res = swap(
                    &mut state,
                    &env,
                    &offer_info,
                    offer.amount,
                    &info.sender,
                    min_out,
                )?;
            }
            MockPairMsg::Receive(Cw20ReceiveMsg {
                sender,
                amount,
                msg,
            }) => {
                let MockPairMsg::Swap { min_out } = from_json(&msg)? else {
                    return Err(StdError::generic_err("a cw20 send takes a swap message"));
                };
                let offer_info = AssetInfo::Token {
                    contract_addr: info.sender.clone(),
                };
                let trader = deps.api.addr_validate(&sender)?;
                res = swap(&mut state, &env, &offer_info, amount, &trader, min_out)?;
            }
        }
        state.block_time_last = env.block.time.seconds();
        STATE.save(deps.storage, &state)?;
        Ok(res)
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
            _ => Err(StdError::generic_err(
                "the pair double answers pair and cumulative_prices only",
            )),
        }
    }
    Box::new(ContractWrapper::new(execute, instantiate, query))
}
