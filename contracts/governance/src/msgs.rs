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

use std::collections::BTreeMap;

use cosmwasm_schema::cw_serde;
use cosmwasm_schema::serde::de::IgnoredAny;
use cosmwasm_std::{
    from_json, to_json_vec, Addr, Api, Binary, CanonicalAddr, CosmosMsg, Uint128, WasmMsg,
};
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
        WasmMsg::Execute { msg, .. } => {
            // the three allowed messages read exactly as cw20-base reads them
            let error = match from_json::<AllowedXmsMsg>(msg) {
                Ok(_) => return Ok(()),
                Err(error) => error,
            };
            match refused_cw20_action(msg) {
                Some(action) => action,
                None => {
                    return Err(ContractError::XmsMsgUnreadable {
                        index,
                        error: error.to_string(),
                    })
                }
            }
        }
        WasmMsg::Migrate { .. } => "migrate".to_string(),
        _ => "update_admin".to_string(),
    };
    Err(ContractError::XmsMsgRefused { index, action })
}

/// The cw20 messages a proposal may send XMS, with cw20's own field names and types (so that
/// a body reads as one of these exactly when cw20-base reads it as the same message).
#[cw_serde]
enum AllowedXmsMsg {
    Transfer {
        recipient: String,
        amount: Uint128,
    },
    Send {
        contract: String,
        amount: Uint128,
        msg: Binary,
    },
    Burn {
        amount: Uint128,
    },
}

/// cw20's other messages, by the name their JSON spells (`{"<name>":{...}}`).
const REFUSED_CW20_ACTIONS: [&str; 9] = [
    "increase_allowance",
    "decrease_allowance",
    "transfer_from",
    "send_from",
    "burn_from",
    "mint",
    "update_minter",
    "update_marketing",
    "upload_logo",
];

/// The name of the cw20 message `body` is, when it is one message (one key) of cw20's others.
fn refused_cw20_action(body: &[u8]) -> Option<String> {
    let keys = from_json::<BTreeMap<String, IgnoredAny>>(body).ok()?;
    match keys.keys().collect::<Vec<_>>().as_slice() {
        [name] if REFUSED_CW20_ACTIONS.contains(&name.as_str()) => Some(name.to_string()),
        _ => None,
    }
}
