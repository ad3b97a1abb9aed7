//! A lending market that speaks Mars Protocol's red-bank interface ([`mars_types::red_bank`]),
//! for the vault's tests and the devnet; not a market anyone should use. Deposits are recorded
//! in scaled units of a per-denom index that its owner sets (`set_index`): raising it is
//! interest, lowering it a loss. Withdrawals are paid from its bank balance and refused when it
//! lacks the cash, as a market whose deposits are lent out would refuse them.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    to_json_binary, Addr, BankMsg, Binary, Coin, Decimal, Deps, DepsMut, Env, MessageInfo,
    Response, StdError, StdResult, Uint128,
};
use cw_storage_plus::{Item, Map};
use mars_types::red_bank::{
    ExecuteMsg as MarketMsg, QueryMsg as MarketQuery, UserCollateralResponse,
};
use thiserror::Error;

#[cw_serde]
pub struct InstantiateMsg {
    /// May set the indexes.
    pub owner: String,
}

/// The owner's control of the double.
#[cw_serde]
pub enum ControlMsg {
    /// Sets the index of `denom` (1 at first): every deposit of it is worth `scaled × index`.
    SetIndex { denom: String, index: Decimal },
}

/// What the double executes: the market's messages and the owner's control.
#[cw_serde]
#[serde(untagged)]
pub enum ExecuteMsg {
    Market(MarketMsg),
    Control(ControlMsg),
}

#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    #[error(transparent)]
    Std(#[from] StdError),
    #[error("deposit exactly one coin")]
    OneCoin {},
    #[error("only the owner may set an index")]
    NotOwner {},
    #[error("{user} has {available} {denom} deposited, less than {amount}")]
    AboveCollateral {
        user: String,
        denom: String,
        amount: Uint128,
        available: Uint128,
    },
    #[error(
        "the market holds {cash} {denom}, less than the {amount} asked: its deposits are lent out"
    )]
    NotEnoughCash {
        denom: String,
        amount: Uint128,
        cash: Uint128,
    },
    #[error("account ids, deposits on behalf of others and other recipients are not supported")]
    Unsupported {},
}

const OWNER: Item<Addr> = Item::new("owner");
const INDEX: Map<&str, Decimal> = Map::new("index");
const SCALED: Map<(&Addr, &str), Uint128> = Map::new("scaled");

fn index(deps: Deps, denom: &str) -> StdResult<Decimal> {
    Ok(INDEX
        .may_load(deps.storage, denom)?
        .unwrap_or(Decimal::one()))
}

fn collateral(deps: Deps, user: &Addr, denom: &str) -> StdResult<(Uint128, Uint128)> {
    let scaled = SCALED
        .may_load(deps.storage, (user, denom))?
        .unwrap_or_default();
    Ok((scaled, scaled.mul_floor(index(deps, denom)?)))
}

#[cfg_attr(not(feature = "library"), cosmwasm_std::entry_point)]
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    _info: MessageInfo,
    msg: InstantiateMsg,
) -> StdResult<Response> {
    OWNER.save(deps.storage, &deps.api.addr_validate(&msg.owner)?)?;
    Ok(Response::new().add_attribute("action", "instantiate"))
}

#[cfg_attr(not(feature = "library"), cosmwasm_std::entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    match msg {
        ExecuteMsg::Market(MarketMsg::Deposit {
            account_id: None,
            on_behalf_of: None,
        }) => {
            let [Coin { denom, amount }] =
                <[Coin; 1]>::try_from(info.funds).map_err(|_| ContractError::OneCoin {})?;
            let scaled = amount.div_floor(index(deps.as_ref(), &denom)?);
            SCALED.update(deps.storage, (&info.sender, &denom), |s| {
                StdResult::Ok(s.unwrap_or_default() + scaled)
            })?;
            Ok(Response::new()
                .add_attribute("action", "deposit")
                .add_attribute("amount", amount))
        }
        ExecuteMsg::Market(MarketMsg::Withdraw {
            denom,
            amount,
            recipient: None,
            account_id: None,
            liquidation_related: None | Some(false),
        }) => {
            let (scaled, available) = collateral(deps.as_ref(), &info.sender, &denom)?;
            let amount = amount.unwrap_or(available);
            if amount > available {
                return Err(ContractError::AboveCollateral {
                    user: info.sender.to_string(),
                    denom,
                    amount,
                    available,
                });
            }
            let cash = deps
                .querier
                .query_balance(&env.contract.address, &denom)?
                .amount;
            if amount > cash {
                return Err(ContractError::NotEnoughCash {
                    denom,
                    amount,
                    cash,
                });
            }
            let burnt = if amount == available {
                scaled
            } else {
                amount.div_ceil(index(deps.as_ref(), &denom)?).min(scaled)
            };
            SCALED.save(deps.storage, (&info.sender, &denom), &(scaled - burnt))?;
            Ok(Response::new()
                .add_message(BankMsg::Send {
                    to_address: info.sender.to_string(),
                    amount: vec![Coin::new(amount, denom)],
                })
                .add_attribute("action", "withdraw")
                .add_attribute("amount", amount))
        }
        ExecuteMsg::Control(ControlMsg::SetIndex { denom, index }) => {
            if info.sender != OWNER.load(deps.storage)? {
                return Err(ContractError::NotOwner {});
            }
            INDEX.save(deps.storage, &denom, &index)?;
            Ok(Response::new()
                .add_attribute("action", "set_index")
                .add_attribute("index", index.to_string()))
        }
        ExecuteMsg::Market(_) => Err(ContractError::Unsupported {}),
    }
}

#[cfg_attr(not(feature = "library"), cosmwasm_std::entry_point)]
pub fn query(deps: Deps, _env: Env, msg: MarketQuery) -> StdResult<Binary> {
    match msg {
        MarketQuery::UserCollateral {
            user,
            account_id: None,
            denom,
        } => {
            let user = deps.api.addr_validate(&user)?;
            let (amount_scaled, amount) = collateral(deps, &user, &denom)?;
            to_json_binary(&UserCollateralResponse {
                denom,
                amount_scaled,
                amount,
                enabled: true,
            })
        }
        MarketQuery::UserCollateral { .. } => {
            Err(StdError::generic_err("account ids are not supported"))
        }
    }
}
