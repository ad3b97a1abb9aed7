//! What a proposal may carry, checked when it is created: a bounded amount of messages, and
//! none that could reach the stakes.
//!
//! Governance holds every stake, claim and deposit in XMS, and the reserves check after an
//! execution only compares balances. A message that hands XMS to someone later (an allowance
//! spent with `TransferFrom`, new code for XMS through a migration or a new admin) leaves the
//! balance whole at that check and takes the stakes afterwards. So a proposal may send XMS the
//! three messages whose whole effect is on governance's balance at once (`transfer`, `send`,
//! `burn`, which the reserves check then bounds) and `ClearAdmin` (which can only give power
//! up); anything else addressed to XMS, or a body XMS would read as something else, is refused.
//! Protobuf messages of the wasm and authz modules are refused whatever they address: the
//! first can execute or migrate XMS as a `WasmMsg` can, the second can make governance its
//! own granter or another account its grantee, and neither can be read here. Written as
//! `WasmMsg`s, the same calls are checked.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{from_json, to_json_vec, Addr, Api, Binary, CanonicalAddr, CosmosMsg, WasmMsg};
use cw20::Cw20ExecuteMsg;
use mars_types::governance::MAX_PROPOSAL_MSGS_BYTES;

use crate::ContractError;

/// Protobuf packages whose messages are refused in `Any` and `Stargate` messages, matched on
/// the type name after the URL's last `/` (so `type.googleapis.com/...` spellings too).
const REFUSED_PROTOBUF_PACKAGES: [&str; 2] = ["cosmwasm.wasm.", "cosmos.authz."];

/// A protobuf message, whichever of `any` and the older `stargate` carries it (the latter
/// exists only in builds with cosmwasm-std's `stargate` feature, so it is read from the JSON
/// rather than matched).
#[cw_serde]
enum ProtobufMsg {
    Any { type_url: String, value: Binary },
    Stargate { type_url: String, value: Binary },
}

/// Checks the messages of a new proposal over the XMS token `xms`: their size, and that none
/// can reach the stakes.
pub fn check(api: &dyn Api, xms: &Addr, msgs: &[CosmosMsg]) -> Result<(), ContractError> {
    let xms = api.addr_canonicalize(xms.as_str())?;
    let mut size = 0usize;
    for (index, msg) in msgs.iter().enumerate() {
        let json = to_json_vec(msg)?;
        size = size.saturating_add(json.len());
        if let Ok(ProtobufMsg::Any { type_url, .. } | ProtobufMsg::Stargate { type_url, .. }) =
            from_json::<ProtobufMsg>(&json)
        {
            let type_name = type_url.rsplit('/').next().unwrap_or_default();
            if REFUSED_PROTOBUF_PACKAGES
                .iter()
                .any(|package| type_name.starts_with(package))
            {
                return Err(ContractError::ProtobufMsgRefused { index, type_url });
            }
        }
        if let CosmosMsg::Wasm(wasm) = msg {
            check_wasm(api, &xms, index, wasm)?;
        }
    }
    if size > MAX_PROPOSAL_MSGS_BYTES {
        return Err(ContractError::MsgsTooLarge {
            size,
            max: MAX_PROPOSAL_MSGS_BYTES,
        });
    }
    Ok(())
}

/// A wasm message to XMS may only `transfer`, `send` or `burn` governance's own XMS, or clear
/// XMS's admin.
fn check_wasm(
    api: &dyn Api,
    xms: &CanonicalAddr,
    index: usize,
    msg: &WasmMsg,
) -> Result<(), ContractError> {
    let contract = match msg {
        WasmMsg::Execute { contract_addr, .. }
        | WasmMsg::Migrate { contract_addr, .. }
        | WasmMsg::UpdateAdmin { contract_addr, .. } => contract_addr,
        // `ClearAdmin` can only give power up; a contract a proposal instantiates acts with its
        // own address, never governance's
        _ => return Ok(()),
    };
    // the chain resolves an address in any spelling bech32 accepts (upper case too), so the
    // canonical forms are compared
    let canonical = api
        .addr_canonicalize(contract)
        .map_err(|_| ContractError::MsgAddress {
            index,
            address: contract.clone(),
        })?;
    if &canonical != xms {
        return Ok(());
    }
    let action = match msg {
        WasmMsg::Execute { msg, .. } => match from_json::<Cw20ExecuteMsg>(msg) {
            Ok(
                Cw20ExecuteMsg::Transfer { .. }
                | Cw20ExecuteMsg::Send { .. }
                | Cw20ExecuteMsg::Burn { .. },
            ) => return Ok(()),
            Ok(other) => cw20_action(&other)?,
            Err(error) => {
                return Err(ContractError::XmsMsgUnreadable {
                    index,
                    error: error.to_string(),
                })
            }
        },
        WasmMsg::Migrate { .. } => "migrate".to_string(),
        _ => "update_admin".to_string(),
    };
    Err(ContractError::XmsMsgRefused { index, action })
}

/// The name of a cw20 message as its JSON spells it (`increase_allowance`, ...): every
/// variant serialises as `{"<name>":{...}}`.
fn cw20_action(msg: &Cw20ExecuteMsg) -> Result<String, ContractError> {
    let json = String::from_utf8(to_json_vec(msg)?).unwrap_or_default();
    Ok(json
        .strip_prefix("{\"")
        .and_then(|rest| rest.split('"').next())
        .unwrap_or("unknown")
        .to_string())
}
