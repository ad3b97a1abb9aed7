//! Proposals: deposits, bounds, the voting rules, the timelock and the guardian, execution
//! windows, failures, closing and the queries.

mod common;

use common::*;
use cosmwasm_std::{to_json_binary, CosmosMsg, Uint128, WasmMsg};
use cw20::Cw20ExecuteMsg;
use mars_governance::ContractError;
use mars_testing::governance::MIN_DEPOSIT;
use mars_types::governance::{
    ExecuteMsg, InternalMsg, ProposalResponse, ProposalStatus, ProposalsResponse, QueryMsg,
    ReceiveMsg, Resolution, VoteOption, MAX_DESCRIPTION_LENGTH, MAX_PROPOSAL_MSGS,
    MAX_TITLE_LENGTH,
};
use mars_types::vault::{AssetResponse, AssetUpdate, QueryMsg as VaultQueryMsg};
use mars_types::AssetInfoUnchecked;

/// A vault message that sets ATOM's max share to `max_share` bps (layer1 allows up to 3,000).
fn atom_cap(dao: &Dao, max_share: u16) -> CosmosMsg {
    update_asset(
        dao,
        "atom",
        AssetUpdate {
            max_share: Some(bps(max_share)),
            ..Default::default()
        },
    )
}

fn atom_max_share(dao: &Dao) -> u16 {
    let asset: AssetResponse = dao
        .env
        .vault_query(&VaultQueryMsg::Asset {
            asset: AssetInfoUnchecked::from(dao.env.asset("atom").info.clone()),
        })
        .unwrap();
    asset.params.max_share.get()
}

fn close(dao: &mut Dao, id: u64) -> anyhow::Result<cw_multi_test::AppResponse> {
    let carol = dao.carol.clone();
    dao.env
        .gov_execute(&dao.gov.clone(), &carol, &ExecuteMsg::Close { id })
}

#[test]
fn proposing_needs_stake_a_deposit_and_bounded_content() {
    let mut dao = unstaked_dao();
    let (alice, gov) = (dao.alice.clone(), dao.gov.clone());
    let msg = atom_cap(&dao, 1_500);
    assert_eq!(
        gov_err(
            dao.env
                .propose(&gov, &alice, MIN_DEPOSIT, vec![msg.clone()])
        ),
        ContractError::NoStake {}
    );
    dao.env.stake(&gov, &alice, xms(1)).unwrap();
    dao.env.pass_time(5);

    assert_eq!(
        gov_err(
            dao.env
                .propose(&gov, &alice, MIN_DEPOSIT - 1, vec![msg.clone()])
        ),
        ContractError::DepositTooLow {
            deposit: Uint128::new(MIN_DEPOSIT - 1),
            min_deposit: Uint128::new(MIN_DEPOSIT)
        }
    );
    assert_eq!(
        gov_err(
            dao.env
                .propose(&gov, &alice, MIN_DEPOSIT, vec![msg.clone(); 11])
        ),
        ContractError::MsgCount {
            count: 11,
            max: MAX_PROPOSAL_MSGS
        }
    );
    assert_eq!(
        gov_err(dao.env.propose(&gov, &alice, MIN_DEPOSIT, vec![])),
        ContractError::MsgCount {
            count: 0,
            max: MAX_PROPOSAL_MSGS
        }
    );
    let with_text = |title: String, description: String| ReceiveMsg::Propose {
        title,
        description,
        msgs: vec![msg.clone()],
    };
    for (hook, field) in [
        (with_text(" ".into(), "d".into()), "title"),
        (
            with_text("t".repeat(MAX_TITLE_LENGTH + 1), "d".into()),
            "title",
        ),
        (with_text("t".into(), "".into()), "description"),
        (
            with_text("t".into(), "d".repeat(MAX_DESCRIPTION_LENGTH + 1)),
            "description",
        ),
    ] {
        assert!(matches!(
            gov_err(dao.env.send_xms(&gov, &alice, MIN_DEPOSIT, &hook)),
            ContractError::TextLength { field: f, .. } if f == field
        ));
    }
    // the bounds themselves are accepted; a larger deposit is all deposit
    let hook = with_text(
        "t".repeat(MAX_TITLE_LENGTH),
        "d".repeat(MAX_DESCRIPTION_LENGTH),
    );
    let res = dao
        .env
        .send_xms(&gov, &alice, MIN_DEPOSIT + 1, &hook)
        .unwrap();
    assert_eq!(
        attr(&res, &gov, "deposit").unwrap(),
        (MIN_DEPOSIT + 1).to_string()
    );
    let id = dao
        .env
        .propose(&gov, &alice, MIN_DEPOSIT, vec![msg; MAX_PROPOSAL_MSGS])
        .unwrap();
    assert_eq!(id, 2);
}

#[test]
fn quorum_not_met_is_rejected_and_the_deposit_refunded_on_close() {
    let mut dao = dao();
    let (alice, carol) = (dao.alice.clone(), dao.carol.clone());
    let msg = atom_cap(&dao, 1_500);
    let before = dao.xms_balance(&alice);
    let id = dao.propose(vec![msg]);
    // 100,000 of 800,000 voted: 12.5% < 30%
    dao.vote(&carol, id, VoteOption::Yes);
    assert_eq!(
        gov_err(close(&mut dao, id)),
        ContractError::NotClosable {
            id,
            status: ProposalStatus::Open
        }
    );
    dao.env.pass_time(VOTING);
    assert_eq!(dao.status(id), ProposalStatus::Rejected);
    assert!(matches!(
        gov_err(dao.env.execute_proposal(&dao.gov.clone(), &carol, id)),
        ContractError::NotExecutable {
            status: ProposalStatus::Rejected,
            ..
        }
    ));
    assert!(matches!(
        gov_err(dao.env.vote(&dao.gov.clone(), &alice, id, VoteOption::Yes)),
        ContractError::VotingClosed {
            status: ProposalStatus::Rejected,
            ..
        }
    ));
    let res = close(&mut dao, id).unwrap();
    assert_eq!(attr(&res, &dao.gov, "deposit_refunded").unwrap(), "true");
    assert_eq!(dao.xms_balance(&alice), before);
    let p = dao.proposal(id);
    assert_eq!(p.status, ProposalStatus::Rejected);
    assert_eq!(p.proposal.resolution, Some(Resolution::Closed));
    assert_eq!(
        gov_err(close(&mut dao, id)),
        ContractError::AlreadyClosed { id }
    );
}

#[test]
fn a_majority_against_rejects() {
    let mut dao = dao();
    let (alice, bob, carol) = (dao.alice.clone(), dao.bob.clone(), dao.carol.clone());
    let msg = atom_cap(&dao, 1_500);
    let id = dao.propose(vec![msg]);
    dao.vote(&alice, id, VoteOption::No);
    dao.vote(&bob, id, VoteOption::Yes);
    dao.vote(&carol, id, VoteOption::Abstain);
    dao.env.pass_time(VOTING);
    assert_eq!(dao.status(id), ProposalStatus::Rejected);
}

#[test]
fn the_voters_veto_keeps_the_deposit() {
    let mut dao = dao();
    let (alice, bob, gov) = (dao.alice.clone(), dao.bob.clone(), dao.gov.clone());
    let msg = atom_cap(&dao, 1_500);
    let alice_before = dao.xms_balance(&alice);
    let gov_before = dao.xms_balance(&gov);
    let id = dao.propose(vec![msg]);
    // 300,000 veto of 700,000 votes: 42.9% > 33.3%, though yes is the majority
    dao.vote(&alice, id, VoteOption::Yes);
    dao.vote(&bob, id, VoteOption::Veto);
    dao.env.pass_time(VOTING);
    assert_eq!(dao.status(id), ProposalStatus::Vetoed);
    assert!(matches!(
        gov_err(dao.env.execute_proposal(&gov, &alice, id)),
        ContractError::NotExecutable {
            status: ProposalStatus::Vetoed,
            ..
        }
    ));
    let res = close(&mut dao, id).unwrap();
    assert_eq!(attr(&res, &gov, "deposit_refunded").unwrap(), "false");
    assert_eq!(dao.xms_balance(&alice), alice_before - MIN_DEPOSIT);
    assert_eq!(dao.xms_balance(&gov), gov_before + MIN_DEPOSIT);
    assert_eq!(atom_max_share(&dao), 2_000);
}

#[test]
fn execute_after_expiry_is_refused_and_the_proposal_closed_with_a_refund() {
    let mut dao = dao();
    let (alice, carol, gov) = (dao.alice.clone(), dao.carol.clone(), dao.gov.clone());
    let msg = atom_cap(&dao, 1_500);
    let before = dao.xms_balance(&alice);
    let id = dao.executable(vec![msg]);
    dao.env.pass_time(WINDOW - 1);
    assert_eq!(dao.status(id), ProposalStatus::Executable);
    dao.env.pass_time(1);
    assert_eq!(dao.status(id), ProposalStatus::Expired);
    assert_eq!(
        gov_err(dao.env.execute_proposal(&gov, &carol, id)),
        ContractError::ExecutionExpired {
            id,
            expired_at: dao.proposal(id).proposal.expires_at
        }
    );
    close(&mut dao, id).unwrap();
    assert_eq!(dao.xms_balance(&alice), before);
    assert_eq!(dao.status(id), ProposalStatus::Expired);
    assert_eq!(atom_max_share(&dao), 2_000);
}

#[test]
fn a_failing_message_marks_the_proposal_failed_and_none_of_its_messages_apply() {
    let mut dao = dao();
    let (alice, carol, gov) = (dao.alice.clone(), dao.carol.clone(), dao.gov.clone());
    // the first message is valid, the second breaks the layer1 tier cap of 30%
    let msgs = vec![atom_cap(&dao, 1_500), atom_cap(&dao, 5_000)];
    let before = dao.xms_balance(&alice);
    let id = dao.executable(msgs);
    let res = dao.env.execute_proposal(&gov, &carol, id).unwrap();
    assert!(
        attr(&res, &gov, "error").is_some(),
        "the failure is reported"
    );
    assert!(res
        .events
        .iter()
        .flat_map(|e| &e.attributes)
        .any(|a| a.key == "action" && a.value == "execution_failed"));
    dao.assert_failed(id);
    assert_eq!(atom_max_share(&dao), 2_000, "the valid message was undone");
    assert_eq!(dao.xms_balance(&alice), before, "the deposit is refunded");
    // not stuck in limbo: it may be executed again, which fails the same way and refunds
    // nothing more
    assert!(matches!(
        gov_err(close(&mut dao, id)),
        ContractError::NotClosable {
            status: ProposalStatus::Executable,
            ..
        }
    ));
    let res = dao.env.execute_proposal(&gov, &carol, id).unwrap();
    assert_eq!(attr(&res, &gov, "attempt").unwrap(), "2");
    assert_eq!(attr(&res, &gov, "deposit_refunded").unwrap(), "false");
    dao.assert_failed(id);
    assert_eq!(dao.xms_balance(&alice), before);
    // once the window closes it has failed for good
    dao.env.pass_time(WINDOW);
    assert_eq!(dao.status(id), ProposalStatus::ExecutionFailed);
    assert!(matches!(
        gov_err(dao.env.execute_proposal(&gov, &carol, id)),
        ContractError::NotExecutable {
            status: ProposalStatus::ExecutionFailed,
            ..
        }
    ));
    assert!(matches!(
        gov_err(close(&mut dao, id)),
        ContractError::NotClosable {
            status: ProposalStatus::ExecutionFailed,
            ..
        }
    ));
    assert_eq!(dao.xms_balance(&alice), before);
    assert_eq!(atom_max_share(&dao), 2_000);
}

#[test]
fn the_guardian_vetoes_only_during_the_timelock_and_never_executes() {
    let mut dao = dao();
    let (alice, gov) = (dao.alice.clone(), dao.gov.clone());
    let guardian = dao.env.guardian.clone();
    let msg = atom_cap(&dao, 1_500);
    let before = dao.xms_balance(&alice);
    let id = dao.propose(vec![msg.clone()]);
    let veto = ExecuteMsg::Veto { id };
    assert_eq!(
        gov_err(dao.env.gov_execute(&gov, &guardian, &veto)),
        ContractError::NotInTimelock {
            id,
            status: ProposalStatus::Open
        }
    );
    dao.pass(id);
    // the guardian has no way to execute a queued proposal
    assert!(matches!(
        gov_err(dao.env.execute_proposal(&gov, &guardian, id)),
        ContractError::TimelockNotOver { .. }
    ));
    assert_eq!(
        gov_err(dao.env.gov_execute(&gov, &alice, &veto)),
        ContractError::NotGuardian {
            sender: alice.clone()
        }
    );
    let res = dao.env.gov_execute(&gov, &guardian, &veto).unwrap();
    assert_eq!(attr(&res, &gov, "action").unwrap(), "veto");
    assert_eq!(dao.status(id), ProposalStatus::Vetoed);
    dao.env.pass_time(TIMELOCK);
    assert!(matches!(
        gov_err(dao.env.execute_proposal(&gov, &alice, id)),
        ContractError::NotExecutable {
            status: ProposalStatus::Vetoed,
            ..
        }
    ));
    assert!(matches!(
        gov_err(close(&mut dao, id)),
        ContractError::NotClosable { .. }
    ));
    assert_eq!(
        dao.xms_balance(&alice),
        before - MIN_DEPOSIT,
        "deposit kept"
    );
    assert_eq!(atom_max_share(&dao), 2_000);

    // once executable, it is too late for the guardian
    let late = dao.executable(vec![msg]);
    assert_eq!(
        gov_err(
            dao.env
                .gov_execute(&gov, &guardian, &ExecuteMsg::Veto { id: late })
        ),
        ContractError::NotInTimelock {
            id: late,
            status: ProposalStatus::Executable
        }
    );
    // anyone may execute it, the guardian included, like any account
    dao.env.execute_proposal(&gov, &guardian, late).unwrap();
    assert_eq!(atom_max_share(&dao), 1_500);
}

#[test]
fn proposals_cannot_spend_staked_xms_but_can_spend_kept_deposits() {
    let mut dao = dao();
    let (alice, bob, gov) = (dao.alice.clone(), dao.bob.clone(), dao.gov.clone());
    let xms_token = dao.env.xms.clone();
    let grant = |amount: u128| -> CosmosMsg {
        WasmMsg::Execute {
            contract_addr: xms_token.to_string(),
            msg: to_json_binary(&Cw20ExecuteMsg::Transfer {
                recipient: bob.to_string(),
                amount: Uint128::new(amount),
            })
            .unwrap(),
            funds: vec![],
        }
        .into()
    };
    // governance holds 800,000 staked XMS, all owed to stakers
    let id = dao.executable(vec![grant(xms(1_000))]);
    let res = dao.env.execute_proposal(&gov, &alice, id).unwrap();
    assert!(attr(&res, &gov, "error").is_some());
    dao.assert_failed(id);

    // a vetoed proposal's deposit becomes the DAO's to spend
    let vetoed = dao.propose(vec![grant(1)]);
    dao.vote(&bob, vetoed, VoteOption::Veto);
    dao.vote(&alice, vetoed, VoteOption::Yes);
    dao.env.pass_time(VOTING);
    close(&mut dao, vetoed).unwrap();
    let bob_before = dao.xms_balance(&bob);
    dao.enact(vec![grant(MIN_DEPOSIT)]);
    assert_eq!(dao.xms_balance(&bob), bob_before + MIN_DEPOSIT);
}

#[test]
fn internal_steps_are_governance_only_and_bound_to_the_executing_proposal() {
    let mut dao = dao();
    let (alice, gov) = (dao.alice.clone(), dao.gov.clone());
    for msg in [
        InternalMsg::RunProposal { id: 1 },
        InternalMsg::CheckReserves {},
    ] {
        assert_eq!(
            gov_err(
                dao.env
                    .gov_execute(&gov, &alice, &ExecuteMsg::Internal(msg))
            ),
            ContractError::NotGovernance {
                sender: alice.clone()
            }
        );
    }
    // a proposal cannot run another proposal's messages without its vote
    let target = dao.propose(vec![atom_cap(&dao, 1_500)]);
    let hijack: CosmosMsg = WasmMsg::Execute {
        contract_addr: gov.to_string(),
        msg: to_json_binary(&ExecuteMsg::Internal(InternalMsg::RunProposal {
            id: target,
        }))
        .unwrap(),
        funds: vec![],
    }
    .into();
    let id = dao.executable(vec![hijack]);
    dao.env.execute_proposal(&gov, &alice, id).unwrap();
    dao.assert_failed(id);
    assert_eq!(atom_max_share(&dao), 2_000);
}

#[test]
fn proposals_query_filters_by_status_and_paginates() {
    let mut dao = dao();
    let gov = dao.gov.clone();
    let carol = dao.carol.clone();
    let msg = atom_cap(&dao, 1_500);
    let rejected = dao.propose(vec![msg.clone()]);
    let passed = dao.propose(vec![msg.clone()]);
    dao.pass(passed);
    let open = dao.propose(vec![msg]);
    assert_eq!((rejected, passed, open), (1, 2, 3));
    dao.env.vote(&gov, &carol, open, VoteOption::No).unwrap();

    let query = |dao: &Dao, start_after, limit, status| -> ProposalsResponse {
        dao.env
            .gov_query(
                &gov,
                &QueryMsg::Proposals {
                    start_after,
                    limit,
                    status,
                },
            )
            .unwrap()
    };
    let ids = |res: &ProposalsResponse| -> Vec<u64> {
        res.proposals.iter().map(|p| p.proposal.id).collect()
    };
    let all = query(&dao, None, None, None);
    assert_eq!(ids(&all), vec![1, 2, 3]);
    assert_eq!(all.next_start_after, None);
    let statuses: Vec<_> = all.proposals.iter().map(|p| p.status).collect();
    assert_eq!(
        statuses,
        vec![
            ProposalStatus::Rejected,
            ProposalStatus::Timelocked,
            ProposalStatus::Open
        ]
    );
    let page = query(&dao, None, Some(2), None);
    assert_eq!(ids(&page), vec![1, 2]);
    assert_eq!(page.next_start_after, Some(2));
    let rest = query(&dao, page.next_start_after, Some(2), None);
    assert_eq!(ids(&rest), vec![3]);
    assert_eq!(rest.next_start_after, None);

    let timelocked = query(&dao, None, None, Some(ProposalStatus::Timelocked));
    assert_eq!(ids(&timelocked), vec![2]);
    assert_eq!(timelocked.next_start_after, None);
    let first_rejected = query(&dao, None, Some(1), Some(ProposalStatus::Rejected));
    assert_eq!(ids(&first_rejected), vec![1]);
    assert_eq!(first_rejected.next_start_after, Some(1));
    assert!(query(&dao, None, None, Some(ProposalStatus::Executed))
        .proposals
        .is_empty());

    // the default page is 10 and the largest 30
    for _ in 0..32 {
        let msg = atom_cap(&dao, 1_500);
        dao.propose(vec![msg]);
    }
    assert_eq!(query(&dao, None, None, None).proposals.len(), 10);
    let max = query(&dao, None, Some(100), None);
    assert_eq!(max.proposals.len(), 30);
    assert_eq!(max.next_start_after, Some(30));
    let missing = dao
        .env
        .gov_query::<ProposalResponse>(&gov, &QueryMsg::Proposal { id: 99 })
        .unwrap_err();
    assert!(missing.to_string().contains("proposal 99 does not exist"));
}
