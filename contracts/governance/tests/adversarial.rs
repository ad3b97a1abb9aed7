//! What an attacker would try against governance, each test named after the attack.

mod common;

use common::*;
use cosmwasm_std::{coins, to_json_vec, BankMsg, Binary, CosmosMsg, WasmMsg};
use mars_governance::ContractError;
use mars_testing::governance::MIN_DEPOSIT;
use mars_types::governance::{QueryMsg, MAX_PROPOSAL_MSGS_BYTES};

/// A wasm execute of `msg` on `contract`.
fn execute_on(contract: &str, msg: Binary) -> CosmosMsg {
    WasmMsg::Execute {
        contract_addr: contract.to_string(),
        msg,
        funds: vec![],
    }
    .into()
}

fn proposal_count(dao: &Dao) -> usize {
    let res: mars_types::governance::ProposalsResponse = dao
        .env
        .gov_query(
            &dao.gov,
            &QueryMsg::Proposals {
                start_after: None,
                limit: Some(30),
                status: None,
            },
        )
        .unwrap();
    res.proposals.len()
}

/// Messages whose JSON is exactly `size` bytes: a wasm execute carrying a payload, and a bank
/// send whose denom fills the last bytes.
fn msgs_of_size(dao: &Dao, size: usize) -> Vec<CosmosMsg> {
    let vault = dao.env.vault.to_string();
    let big = |n: usize| execute_on(&vault, Binary::new(vec![b'x'; n]));
    let bank = |denom_len: usize| -> CosmosMsg {
        BankMsg::Send {
            to_address: dao.bob.to_string(),
            amount: coins(1, "u".repeat(denom_len.max(1))),
        }
        .into()
    };
    let len = |m: &CosmosMsg| to_json_vec(m).unwrap().len();
    // base64 takes 4 bytes per 3; leave a few hundred bytes for the bank message
    let n = (size - len(&big(0)) - len(&bank(1)) - 300) / 4 * 3;
    let fill = size - len(&big(n)) - (len(&bank(1)) - 1);
    let msgs = vec![big(n), bank(fill)];
    assert_eq!(msgs.iter().map(len).sum::<usize>(), size);
    msgs
}

/// A proposal of megabytes of messages would make every vote, query and execution that reads
/// it pay for all of it. Its messages are bounded: up to the bound it is accepted, one byte
/// more is refused with the size and the bound.
#[test]
fn a_proposal_too_large_to_read_cheaply_is_refused_at_creation() {
    let mut dao = dao();
    let (alice, gov) = (dao.alice.clone(), dao.gov.clone());
    let before = dao.xms_balance(&alice);
    assert_eq!(
        gov_err(dao.env.propose(
            &gov,
            &alice,
            MIN_DEPOSIT,
            msgs_of_size(&dao, MAX_PROPOSAL_MSGS_BYTES + 1)
        )),
        ContractError::MsgsTooLarge {
            size: MAX_PROPOSAL_MSGS_BYTES + 1,
            max: MAX_PROPOSAL_MSGS_BYTES
        }
    );
    assert_eq!(dao.xms_balance(&alice), before);
    assert_eq!(proposal_count(&dao), 0);
    let msgs = msgs_of_size(&dao, MAX_PROPOSAL_MSGS_BYTES);
    let id = dao
        .env
        .propose(&gov, &alice, MIN_DEPOSIT, msgs.clone())
        .unwrap();
    assert_eq!(dao.proposal(id).proposal.msgs, msgs);
}
