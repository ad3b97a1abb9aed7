//! What a proposal may carry, checked when it is created: a bounded amount of messages, so
//! that every vote, query and execution reading the proposal stays cheap.

use cosmwasm_std::{to_json_vec, CosmosMsg};
use mars_types::governance::MAX_PROPOSAL_MSGS_BYTES;

use crate::ContractError;

/// Checks the messages of a new proposal: their size.
pub fn check(msgs: &[CosmosMsg]) -> Result<(), ContractError> {
    let mut size = 0usize;
    for msg in msgs {
        size = size.saturating_add(to_json_vec(msg)?.len());
    }
    if size > MAX_PROPOSAL_MSGS_BYTES {
        return Err(ContractError::MsgsTooLarge {
            size,
            max: MAX_PROPOSAL_MSGS_BYTES,
        });
    }
    Ok(())
}
