//! What an attacker would try against governance, each test named after the attack.

mod common;

use common::*;
use cosmwasm_std::{
    coins, to_json_binary, to_json_vec, AnyMsg, BankMsg, Binary, CosmosMsg, Uint128, WasmMsg,
};
use cw20::{AllowanceResponse, Cw20ExecuteMsg, Cw20QueryMsg, Expiration};
use cw_multi_test::Executor;
use mars_governance::state::PROPOSALS;
use mars_governance::voting::{self, VotingRecord};
use mars_governance::ContractError;
use mars_testing::contracts::governance_contract;
use mars_testing::governance::{DAY, MIN_DEPOSIT};
use mars_types::governance::{
    Config, ConfigUpdate, ExecuteMsg, InstantiateMsg, Periods, ProposalStatus, QueryMsg,
    Resolution, Tally, VoteOption, MAX_PROPOSAL_MSGS_BYTES,
};
use mars_types::vault::ReceiveMsg as VaultReceiveMsg;

/// A wasm execute of `msg` on `contract`.
fn execute_on(contract: &str, msg: Binary) -> CosmosMsg {
    WasmMsg::Execute {
        contract_addr: contract.to_string(),
        msg,
        funds: vec![],
    }
    .into()
}

fn xms_msg(dao: &Dao, msg: &Cw20ExecuteMsg) -> CosmosMsg {
    execute_on(dao.env.xms.as_str(), to_json_binary(msg).unwrap())
}

/// A harmless first message, so that the refused one sits at index 1.
fn harmless(dao: &Dao) -> CosmosMsg {
    BankMsg::Send {
        to_address: dao.bob.to_string(),
        amount: coins(1, "uatom"),
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

/// Every staked XMS is in governance's balance; a `TransferFrom` spending an allowance from
/// governance would take all of it, and the reserves check (a balance comparison after the
/// execution) would never see the allowance. The grant is refused when it is proposed.
#[test]
fn an_xms_allowance_proposed_so_that_a_later_transfer_from_takes_every_stake_is_refused_at_creation(
) {
    let mut dao = dao();
    let (gov, mallory) = (dao.gov.clone(), dao.carol.clone());
    let staked = dao.xms_balance(&gov);
    assert_eq!(staked, xms(800_000));
    let grant = xms_msg(
        &dao,
        &Cw20ExecuteMsg::IncreaseAllowance {
            spender: mallory.to_string(),
            amount: Uint128::new(staked),
            expires: None,
        },
    );
    let mallory_before = dao.xms_balance(&mallory);
    assert_eq!(
        gov_err(
            dao.env
                .propose(&gov, &mallory, MIN_DEPOSIT, vec![harmless(&dao), grant])
        ),
        ContractError::XmsMsgRefused {
            index: 1,
            action: "increase_allowance".to_string()
        }
    );
    assert_eq!(proposal_count(&dao), 0, "no proposal was created");
    assert_eq!(
        dao.xms_balance(&mallory),
        mallory_before,
        "deposit returned"
    );

    // so there is never an allowance to spend, and the stakes stay where they are
    let allowance: AllowanceResponse = dao
        .env
        .app
        .wrap()
        .query_wasm_smart(
            &dao.env.xms,
            &Cw20QueryMsg::Allowance {
                owner: gov.to_string(),
                spender: mallory.to_string(),
            },
        )
        .unwrap();
    assert!(allowance.allowance.is_zero());
    let take = Cw20ExecuteMsg::TransferFrom {
        owner: gov.to_string(),
        recipient: mallory.to_string(),
        amount: Uint128::new(staked),
    };
    let xms_token = dao.env.xms.clone();
    assert!(dao.env.cw20_execute(&mallory, &xms_token, &take).is_err());
    assert_eq!(dao.xms_balance(&gov), staked);
}

/// Every message that reaches XMS other than a transfer, send or burn of governance's own XMS
/// (or giving up XMS's admin) is refused when proposed, with its index: the other cw20
/// messages, a body XMS would not read as one of the three, a migration or a new admin of XMS,
/// XMS's address spelled in upper case, and protobuf wasm or authz messages, which can reach
/// XMS without naming it where governance can read it.
#[test]
fn reaching_xms_by_any_other_message_spelling_or_protobuf_is_refused_at_creation_with_the_index() {
    let mut dao = dao();
    let (gov, mallory) = (dao.gov.clone(), dao.carol.clone());
    let xms_addr = dao.env.xms.to_string();
    let m = mallory.to_string();
    let amount = Uint128::new(xms(1));
    let refused = |action: &str| ContractError::XmsMsgRefused {
        index: 1,
        action: action.to_string(),
    };
    let mut cases: Vec<(CosmosMsg, ContractError)> = [
        Cw20ExecuteMsg::IncreaseAllowance {
            spender: m.clone(),
            amount,
            expires: Some(Expiration::Never {}),
        },
        Cw20ExecuteMsg::DecreaseAllowance {
            spender: m.clone(),
            amount,
            expires: None,
        },
        Cw20ExecuteMsg::TransferFrom {
            owner: m.clone(),
            recipient: gov.to_string(),
            amount,
        },
        Cw20ExecuteMsg::SendFrom {
            owner: m.clone(),
            contract: gov.to_string(),
            amount,
            msg: Binary::default(),
        },
        Cw20ExecuteMsg::BurnFrom {
            owner: m.clone(),
            amount,
        },
        Cw20ExecuteMsg::Mint {
            recipient: m.clone(),
            amount,
        },
        Cw20ExecuteMsg::UpdateMinter {
            new_minter: Some(m.clone()),
        },
        Cw20ExecuteMsg::UpdateMarketing {
            project: None,
            description: None,
            marketing: Some(m.clone()),
        },
    ]
    .into_iter()
    .map(|msg| {
        let json = String::from_utf8(to_json_vec(&msg).unwrap()).unwrap();
        let action = json[2..].split('"').next().unwrap().to_string();
        (xms_msg(&dao, &msg), refused(&action))
    })
    .collect();
    cases.push((
        WasmMsg::Migrate {
            contract_addr: xms_addr.clone(),
            new_code_id: dao.env.token_code_id,
            msg: Binary::from(b"{}"),
        }
        .into(),
        refused("migrate"),
    ));
    cases.push((
        WasmMsg::UpdateAdmin {
            contract_addr: xms_addr.clone(),
            admin: m.clone(),
        }
        .into(),
        refused("update_admin"),
    ));
    // the same allowance with XMS's address in upper case, which bech32 (and the chain) accept
    cases.push((
        execute_on(
            &xms_addr.to_uppercase(),
            to_json_binary(&Cw20ExecuteMsg::IncreaseAllowance {
                spender: m.clone(),
                amount,
                expires: None,
            })
            .unwrap(),
        ),
        refused("increase_allowance"),
    ));
    for (body, reads_as) in [
        (&b"not json"[..], "not json"),
        (br#"{"steal":{}}"#, "an unknown message"),
        (
            br#"{"transfer":{"recipient":"x"}}"#,
            "a transfer without an amount",
        ),
        (
            br#"{"transfer":{"recipient":"x","amount":"1"},"increase_allowance":{}}"#,
            "two messages in one",
        ),
    ] {
        let msg = execute_on(&xms_addr, Binary::from(body));
        let res = dao
            .env
            .propose(&gov, &mallory, MIN_DEPOSIT, vec![harmless(&dao), msg]);
        assert!(
            matches!(
                gov_err(res),
                ContractError::XmsMsgUnreadable { index: 1, .. }
            ),
            "{reads_as}"
        );
    }
    for type_url in [
        "/cosmwasm.wasm.v1.MsgExecuteContract",
        "/cosmwasm.wasm.v1.MsgMigrateContract",
        "/cosmos.authz.v1beta1.MsgGrant",
        "/cosmos.authz.v1beta1.MsgExec",
        "type.googleapis.com/cosmwasm.wasm.v1.MsgUpdateAdmin",
    ] {
        cases.push((
            CosmosMsg::Any(AnyMsg {
                type_url: type_url.to_string(),
                value: Binary::from(b"any bytes"),
            }),
            ContractError::ProtobufMsgRefused {
                index: 1,
                type_url: type_url.to_string(),
            },
        ));
    }
    cases.push((
        execute_on("not-an-address", Binary::from(b"{}")),
        ContractError::MsgAddress {
            index: 1,
            address: "not-an-address".to_string(),
        },
    ));
    let before = dao.xms_balance(&mallory);
    for (msg, expected) in cases {
        let res = dao
            .env
            .propose(&gov, &mallory, MIN_DEPOSIT, vec![harmless(&dao), msg]);
        assert_eq!(gov_err(res), expected);
    }
    assert_eq!(proposal_count(&dao), 0);
    assert_eq!(dao.xms_balance(&mallory), before);

    // what stays open: transfer, send and burn of governance's XMS (bounded by the reserves
    // check when executed), giving up XMS's admin, and other protobuf messages
    let allowed = vec![
        xms_msg(
            &dao,
            &Cw20ExecuteMsg::Transfer {
                recipient: m.clone(),
                amount,
            },
        ),
        xms_msg(
            &dao,
            &Cw20ExecuteMsg::Send {
                contract: dao.env.vault.to_string(),
                amount,
                msg: Binary::default(),
            },
        ),
        xms_msg(&dao, &Cw20ExecuteMsg::Burn { amount }),
        WasmMsg::ClearAdmin {
            contract_addr: xms_addr.clone(),
        }
        .into(),
        CosmosMsg::Any(AnyMsg {
            type_url: "/cosmos.bank.v1beta1.MsgSend".to_string(),
            value: Binary::default(),
        }),
    ];
    dao.env
        .propose(&gov, &mallory, MIN_DEPOSIT, allowed)
        .unwrap();
}

/// Whoever executes a passed proposal chooses the moment. Executed while one message fails
/// (here: the DAO mints USDm with the XMS it kept from a vetoed proposal, at a moment the XMS
/// price is refused), the proposal is not dead: anyone executes it again later in the window,
/// it takes effect, and its deposit was refunded once.
#[test]
fn executing_a_passed_proposal_at_a_moment_its_message_fails_cannot_kill_it_a_retry_in_the_window_succeeds(
) {
    let mut dao = dao();
    let (alice, bob, carol, gov) = (
        dao.alice.clone(),
        dao.bob.clone(),
        dao.carol.clone(),
        dao.gov.clone(),
    );
    let mallory = dao.env.addr("mallory");
    let xms_info = dao.env.asset("xms").info.clone();
    // the DAO keeps a vetoed proposal's deposit: 1,000 XMS of its own
    let vetoed = dao.propose(vec![harmless(&dao)]);
    dao.vote(&bob, vetoed, VoteOption::Veto);
    dao.vote(&alice, vetoed, VoteOption::Yes);
    dao.env.pass_time(VOTING);
    dao.env
        .gov_execute(&gov, &carol, &ExecuteMsg::Close { id: vetoed })
        .unwrap();

    let mint = xms_msg(
        &dao,
        &Cw20ExecuteMsg::Send {
            contract: dao.env.vault.to_string(),
            amount: Uint128::new(MIN_DEPOSIT),
            msg: to_json_binary(&VaultReceiveMsg::Mint {
                recipient: None,
                min_out: None,
            })
            .unwrap(),
        },
    );
    let alice_before = dao.xms_balance(&alice);
    let id = dao.executable(vec![mint]);
    assert_eq!(dao.xms_balance(&alice), alice_before - MIN_DEPOSIT);

    // Mallory executes while the XMS price is refused: the mint fails, nothing is minted
    dao.env.break_price(&xms_info);
    let res = dao.env.execute_proposal(&gov, &mallory, id).unwrap();
    assert_eq!(attr(&res, &gov, "action").unwrap(), "execute");
    assert_eq!(attr(&res, &gov, "deposit_refunded").unwrap(), "true");
    let failed = res
        .events
        .iter()
        .find(|e| {
            e.attributes
                .iter()
                .any(|a| a.key == "action" && a.value == "execution_failed")
        })
        .expect("an execution_failed event");
    let failed_attr = |key: &str| {
        failed
            .attributes
            .iter()
            .find(|a| a.key == key)
            .map(|a| a.value.clone())
    };
    assert_eq!(failed_attr("attempt").unwrap(), "1");
    assert_eq!(
        failed_attr("retry_until").unwrap(),
        dao.proposal(id).proposal.expires_at.seconds().to_string()
    );
    assert_eq!(dao.env.usdm_balance(&gov), 0);
    assert_eq!(dao.xms_balance(&alice), alice_before, "deposit refunded");
    dao.assert_failed(id);
    assert_eq!(dao.proposal(id).proposal.execution_attempts, 1);

    // a day later, prices fresh again, anyone executes it once more and it takes effect
    dao.env.pass_time(DAY);
    let res = dao.env.execute_proposal(&gov, &carol, id).unwrap();
    assert_eq!(attr(&res, &gov, "action").unwrap(), "execute");
    assert_eq!(attr(&res, &gov, "attempt").unwrap(), "2");
    assert_eq!(attr(&res, &gov, "deposit_refunded").unwrap(), "false");
    assert!(attr(&res, &gov, "error").is_none());
    assert!(dao.env.usdm_balance(&gov) > 0, "the DAO minted USDm");
    let p = dao.proposal(id);
    assert_eq!(p.status, ProposalStatus::Executed);
    assert_eq!(p.proposal.resolution, Some(Resolution::Executed));
    assert_eq!(p.proposal.execution_attempts, 2);
    // the deposit was refunded exactly once, and an executed proposal runs only once
    assert_eq!(dao.xms_balance(&alice), alice_before);
    assert!(matches!(
        gov_err(dao.env.execute_proposal(&gov, &carol, id)),
        ContractError::NotExecutable {
            status: ProposalStatus::Executed,
            ..
        }
    ));
    assert!(matches!(
        gov_err(dao.env.gov_execute(&gov, &carol, &ExecuteMsg::Close { id })),
        ContractError::NotClosable { .. }
    ));
    // governance still holds exactly the stakes it owes
    assert_eq!(dao.xms_balance(&gov), xms(800_000));
}

/// The retry lasts as long as the execution window, not longer, and never pays the deposit a
/// second time: neither a retry nor a close after the window refunds it again.
#[test]
fn a_failed_proposal_cannot_be_retried_after_its_window_nor_closed_for_a_second_refund() {
    let mut dao = dao();
    let (alice, carol, gov) = (dao.alice.clone(), dao.carol.clone(), dao.gov.clone());
    // governance owns no XMS of its own: a grant of 1 XMS always fails the reserves check
    let grant = xms_msg(
        &dao,
        &Cw20ExecuteMsg::Transfer {
            recipient: carol.to_string(),
            amount: Uint128::one(),
        },
    );
    let alice_before = dao.xms_balance(&alice);
    let id = dao.executable(vec![grant]);
    let first = dao.env.execute_proposal(&gov, &carol, id).unwrap();
    assert_eq!(attr(&first, &gov, "deposit_refunded").unwrap(), "true");
    dao.env.pass_time(WINDOW - BLOCK_TIME_SECONDS);
    let second = dao.env.execute_proposal(&gov, &carol, id).unwrap();
    assert_eq!(attr(&second, &gov, "attempt").unwrap(), "2");
    assert_eq!(attr(&second, &gov, "deposit_refunded").unwrap(), "false");
    dao.assert_failed(id);

    dao.env.pass_time(BLOCK_TIME_SECONDS);
    let p = dao.proposal(id);
    assert_eq!(p.status, ProposalStatus::ExecutionFailed);
    assert_eq!(p.proposal.execution_attempts, 2);
    assert!(matches!(
        gov_err(dao.env.execute_proposal(&gov, &carol, id)),
        ContractError::NotExecutable {
            status: ProposalStatus::ExecutionFailed,
            ..
        }
    ));
    assert!(matches!(
        gov_err(dao.env.gov_execute(&gov, &carol, &ExecuteMsg::Close { id })),
        ContractError::NotClosable {
            status: ProposalStatus::ExecutionFailed,
            ..
        }
    ));
    assert_eq!(
        dao.xms_balance(&alice),
        alice_before,
        "refunded exactly once"
    );
    assert_eq!(dao.xms_balance(&gov), xms(800_000));
}

const BLOCK_TIME_SECONDS: u64 = mars_testing::governance::BLOCK_TIME;

fn periods(voting: u64, timelock: u64, unbonding: u64) -> Periods {
    Periods {
        voting,
        timelock,
        execution_window: WINDOW,
        unbonding,
    }
}

/// With an unbonding period shorter than the voting period plus the timelock, stakers could
/// vote for a proposal, unstake at once and claim their XMS before it executes, bearing
/// nothing of what they voted for. Such a configuration cannot be instantiated or proposed.
#[test]
fn periods_that_let_voters_unbond_and_leave_before_execution_are_refused() {
    let mut dao = dao();
    let (alice, gov) = (dao.alice.clone(), dao.gov.clone());
    let code_id = dao.env.app.store_code(governance_contract());
    let owner = dao.env.owner.clone();
    let instantiate = |dao: &mut Dao, periods: Periods| {
        let before: Config = dao.env.gov_query(&dao.gov, &QueryMsg::Config {}).unwrap();
        let msg = InstantiateMsg {
            xms_token: dao.env.xms.to_string(),
            guardian: None,
            rules: before.rules,
            periods,
            min_deposit: Uint128::new(MIN_DEPOSIT),
        };
        dao.env
            .app
            .instantiate_contract(code_id, owner.clone(), &msg, &[], "governance", None)
    };
    assert_eq!(
        gov_err(instantiate(
            &mut dao,
            periods(VOTING, TIMELOCK, VOTING + TIMELOCK - 1)
        )),
        ContractError::UnbondingTooShort {
            unbonding: VOTING + TIMELOCK - 1,
            voting: VOTING,
            timelock: TIMELOCK
        }
    );
    instantiate(&mut dao, periods(VOTING, TIMELOCK, VOTING + TIMELOCK)).unwrap();

    // by proposal: the update fails when executed and changes nothing
    let before: Config = dao.env.gov_query(&gov, &QueryMsg::Config {}).unwrap();
    let update = |p: Periods| {
        execute_on(
            gov.as_str(),
            to_json_binary(&ExecuteMsg::UpdateConfig(ConfigUpdate {
                periods: Some(p),
                ..Default::default()
            }))
            .unwrap(),
        )
    };
    let id = dao.executable(vec![update(periods(VOTING, TIMELOCK, DAY))]);
    let res = dao.env.execute_proposal(&gov, &alice, id).unwrap();
    let error = attr(&res, &gov, "error").unwrap();
    let expected = ContractError::UnbondingTooShort {
        unbonding: DAY,
        voting: VOTING,
        timelock: TIMELOCK,
    };
    assert!(error.contains(&expected.to_string()), "{error}");
    let after: Config = dao.env.gov_query(&gov, &QueryMsg::Config {}).unwrap();
    assert_eq!(after.periods, before.periods);
    // at equality it is accepted
    dao.enact(vec![update(periods(DAY, DAY, 2 * DAY))]);
    let after: Config = dao.env.gov_query(&gov, &QueryMsg::Config {}).unwrap();
    assert_eq!(after.periods, periods(DAY, DAY, 2 * DAY));
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

/// The largest proposal does not make each vote read or rewrite its 64 KiB of messages: a vote
/// writes the proposal's compact voting record alone, kept apart from the body, and the query
/// still answers the proposal with its tally.
#[test]
fn a_large_proposal_cannot_make_every_vote_rewrite_its_messages() {
    let mut dao = dao();
    let (alice, bob, carol, gov) = (
        dao.alice.clone(),
        dao.bob.clone(),
        dao.carol.clone(),
        dao.gov.clone(),
    );
    let msgs = msgs_of_size(&dao, MAX_PROPOSAL_MSGS_BYTES);
    let id = dao.propose(msgs);
    let raw = |dao: &Dao, key: &[u8]| dao.env.app.wrap().query_wasm_raw(&gov, key).unwrap();
    let body_key = PROPOSALS.key(id).to_vec();
    let record_key = voting::key(id);
    let body = raw(&dao, &body_key).expect("the proposal is stored");
    assert!(body.len() > MAX_PROPOSAL_MSGS_BYTES);
    let record = |dao: &Dao| VotingRecord::decode(&raw(dao, &record_key).unwrap()).unwrap();
    assert_eq!(record(&dao).tally, Tally::default(), "no vote yet");

    dao.vote(&alice, id, VoteOption::Yes);
    dao.vote(&bob, id, VoteOption::No);
    dao.vote(&carol, id, VoteOption::Abstain);
    assert_eq!(
        raw(&dao, &body_key).unwrap(),
        body,
        "the votes left it untouched"
    );
    let tally = Tally {
        yes: Uint128::new(xms(ALICE_STAKE)),
        no: Uint128::new(xms(BOB_STAKE)),
        abstain: Uint128::new(xms(CAROL_STAKE)),
        veto: Uint128::zero(),
    };
    assert_eq!(record(&dao).tally, tally);
    assert!(
        raw(&dao, &record_key).unwrap().len() < 64,
        "a compact record"
    );
    assert_eq!(dao.proposal(id).proposal.tally, tally);
}
