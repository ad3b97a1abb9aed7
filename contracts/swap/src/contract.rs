use cosmwasm_std::{
    from_json, Binary, Coin, Deps, DepsMut, Env, MessageInfo, Reply, Response, SubMsg,
};
use cw20::Cw20ReceiveMsg;
use cw_utils::nonpayable;
use mars_types::astroport::{AssetInfo as PairAssetInfo, Cw20HookMsg, ExecuteMsg, QueryMsg};
use mars_types::migrate::upgrade_contract_version;
use mars_types::swap::{
    Curve, Fees, InstantiateMsg, MigrateMsg, MAX_AMP, MAX_DECIMALS, MAX_TOTAL_FEE, MIN_AMP,
};
use mars_types::usdm::{instantiated_address, NewToken};
use mars_types::AssetInfo;

use crate::state::{Config, Pool};
use crate::trade::SwapArgs;
use crate::{provide, query, trade, withdraw, ContractError};

pub const CONTRACT_NAME: &str = "crates.io:mars-swap";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

const INSTANTIATE_LP_REPLY: u64 = 1;

/// An Astroport asset as this protocol's, validated (a cw20's address, a coin's denom).
pub fn checked_asset(deps: Deps, info: &PairAssetInfo) -> Result<AssetInfo, ContractError> {
    Ok(match info {
        PairAssetInfo::NativeToken { denom } => {
            mars_types::asset::validate_denom(denom)
                .map_err(|e| cosmwasm_std::StdError::generic_err(e.to_string()))?;
            AssetInfo::Native {
                denom: denom.clone(),
            }
        }
        PairAssetInfo::Token { contract_addr } => AssetInfo::Cw20 {
            contract_addr: deps.api.addr_validate(contract_addr.as_str())?,
        },
    })
}

pub fn instantiate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    let assets: [PairAssetInfo; 2] = msg
        .asset_infos
        .try_into()
        .map_err(|_| ContractError::InvalidAssetInfos {})?;
    let assets = [
        checked_asset(deps.as_ref(), &assets[0])?,
        checked_asset(deps.as_ref(), &assets[1])?,
    ];
    if assets[0] == assets[1] {
        return Err(ContractError::InvalidAssetInfos {});
    }
    if let Curve::Stable { amp, decimals } = msg.curve {
        if !(MIN_AMP..=MAX_AMP).contains(&amp) {
            return Err(ContractError::AmpOutOfRange {
                amp,
                min: MIN_AMP,
                max: MAX_AMP,
            });
        }
        if let Some(&d) = decimals.iter().find(|&&d| d > MAX_DECIMALS) {
            return Err(ContractError::DecimalsOutOfRange {
                decimals: d,
                max: MAX_DECIMALS,
            });
        }
    }
    if msg.fees.total_fee_bps > MAX_TOTAL_FEE {
        return Err(ContractError::FeeTooHigh {
            fee: msg.fees.total_fee_bps,
            max: MAX_TOTAL_FEE,
        });
    }
    if msg.fees.fee_address.is_none() && !msg.fees.protocol_fee_bps.is_zero() {
        return Err(ContractError::ProtocolFeeWithoutAddress {});
    }
    let config = Config {
        assets,
        lp_token: None,
        curve: msg.curve,
        fees: Fees {
            total_fee_bps: msg.fees.total_fee_bps,
            protocol_fee_bps: msg.fees.protocol_fee_bps,
            fee_address: msg
                .fees
                .fee_address
                .map(|a| deps.api.addr_validate(&a))
                .transpose()?,
        },
    };
    config.save(deps.storage)?;
    Pool {
        block_time_last: env.block.time.seconds(),
        ..Pool::default()
    }
    .save(deps.storage);

    // the LP token: the project's token code, the pair its only minter and no wasm admin
    let lp = NewToken {
        code_id: msg.token_code_id,
        name: "Mars Swap LP".to_string(),
        symbol: "MSLP".to_string(),
        label: format!("Mars Swap LP {}-{}", config.assets[0], config.assets[1]),
        marketing: None,
        admin: None,
    }
    .instantiate_msg(&env.contract.address)?;
    Ok(Response::new()
        .add_submessage(SubMsg::reply_on_success(lp, INSTANTIATE_LP_REPLY))
        .add_attribute("action", "instantiate")
        .add_attribute("asset_0", config.assets[0].to_string())
        .add_attribute("asset_1", config.assets[1].to_string()))
}

pub fn reply(deps: DepsMut, _env: Env, reply: Reply) -> Result<Response, ContractError> {
    if reply.id != INSTANTIATE_LP_REPLY {
        return Err(ContractError::UnknownReply { id: reply.id });
    }
    let lp = instantiated_address(deps.api, reply)?;
    let mut config = Config::load(deps.storage)?;
    config.lp_token = Some(lp.clone());
    config.save(deps.storage)?;
    Ok(Response::new()
        .add_attribute("action", "lp_token_instantiated")
        .add_attribute("liquidity_token", lp))
}

// the entry points are exported by `mars_entry`, which reads what the VM hands them and
// writes their answers without serde (contract messages are read by serde)
#[cfg(not(feature = "library"))]
mars_entry::entry_points!(
    instantiate: instantiate,
    execute: execute,
    query: query,
    migrate: migrate,
    reply: reply,
);

pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    match msg {
        ExecuteMsg::Receive(msg) => {
            nonpayable(&info)?;
            receive(deps, env, info, msg)
        }
        ExecuteMsg::ProvideLiquidity {
            assets,
            slippage_tolerance,
            auto_stake,
            receiver,
            min_lp_to_receive,
        } => {
            if auto_stake == Some(true) {
                return Err(ContractError::AutoStakeUnsupported {});
            }
            provide::provide(
                deps,
                &env,
                info,
                provide::ProvideArgs {
                    assets,
                    slippage_tolerance,
                    receiver,
                    min_lp_to_receive,
                },
            )
        }
        ExecuteMsg::Swap {
            offer_asset,
            ask_asset_info,
            belief_price,
            max_spread,
            to,
        } => {
            let PairAssetInfo::NativeToken { denom } = &offer_asset.info else {
                return Err(ContractError::NativeOfferOnly {});
            };
            match info.funds.as_slice() {
                [Coin {
                    denom: sent,
                    amount,
                }] if sent == denom => {
                    if *amount != offer_asset.amount {
                        return Err(ContractError::FundsMismatch {
                            denom: denom.clone(),
                            named: offer_asset.amount,
                            sent: *amount,
                        });
                    }
                }
                _ => return Err(ContractError::NativeOfferOnly {}),
            }
            let offer = AssetInfo::Native {
                denom: denom.clone(),
            };
            let config = Config::load(deps.storage)?;
            trade::swap(
                deps,
                &env,
                &config,
                info.sender,
                &offer,
                offer_asset.amount,
                SwapArgs {
                    ask_asset_info,
                    belief_price,
                    max_spread,
                    to,
                },
            )
        }
    }
}

/// A cw20 `send` to the pair: a swap of one of its cw20 assets, or a withdrawal of LP tokens.
fn receive(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: Cw20ReceiveMsg,
) -> Result<Response, ContractError> {
    let sender = deps.api.addr_validate(&msg.sender)?;
    match from_json(&msg.msg)? {
        Cw20HookMsg::Swap {
            ask_asset_info,
            belief_price,
            max_spread,
            to,
        } => {
            let offer = AssetInfo::Cw20 {
                contract_addr: info.sender,
            };
            let config = Config::load(deps.storage)?;
            if config.index_of(&offer).is_err() {
                return Err(ContractError::UnknownToken {
                    token: offer.to_string(),
                });
            }
            trade::swap(
                deps,
                &env,
                &config,
                sender,
                &offer,
                msg.amount,
                SwapArgs {
                    ask_asset_info,
                    belief_price,
                    max_spread,
                    to,
                },
            )
        }
        Cw20HookMsg::WithdrawLiquidity {
            assets,
            min_assets_to_receive,
        } => {
            if !assets.is_empty() {
                return Err(ContractError::ImbalancedWithdrawal {});
            }
            withdraw::withdraw(
                deps,
                &env,
                &info.sender,
                sender,
                msg.amount,
                min_assets_to_receive.unwrap_or_default(),
            )
        }
    }
}

pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    query::query(deps, &env, msg)
}

pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> Result<Response, ContractError> {
    upgrade_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    Ok(Response::new()
        .add_attribute("action", "migrate")
        .add_attribute("version", CONTRACT_VERSION))
}
