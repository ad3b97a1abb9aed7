//! Staking with snapshots: what counts on which proposal, unbonding and claims.

mod common;

use common::*;
use cosmwasm_std::{Addr, Uint128};
use cw20::{Cw20ExecuteMsg, Expiration};
use mars_governance::ContractError;
use mars_testing::governance::{BLOCK_TIME, DAY, MIN_DEPOSIT};
use mars_types::governance::{
    ClaimsResponse, ExecuteMsg, PowerResponse, QueryMsg, ReceiveMsg, StakedResponse, VoteInfo,
    VoteOption, MAX_CLAIMS,
};
use mars_types::vault::AssetUpdate;
use mars_types::AssetInfo;

fn power(dao: &Dao, who: &Addr, height: Option<u64>) -> u128 {
    let res: PowerResponse = dao
        .env
        .gov_query(
            &dao.gov,
            &QueryMsg::VotingPower {
                address: who.to_string(),
                height,
            },
        )
        .unwrap();
    res.power.u128()
}

fn total(dao: &Dao, height: Option<u64>) -> u128 {
    let res: PowerResponse = dao
        .env
        .gov_query(&dao.gov, &QueryMsg::TotalPower { height })
        .unwrap();
    res.power.u128()
}

fn staked(dao: &Dao, who: &Addr) -> u128 {
    let res: StakedResponse = dao
        .env
        .gov_query(
            &dao.gov,
            &QueryMsg::Staked {
                address: who.to_string(),
            },
        )
        .unwrap();
    res.staked.u128()
}

fn some_msg(dao: &Dao) -> cosmwasm_std::CosmosMsg {
    update_asset(
        dao,
        "atom",
        AssetUpdate {
            mint_enabled: Some(false),
            ..Default::default()
        },
    )
}

#[test]
fn stake_counts_from_the_next_block() {
    let mut dao = unstaked_dao();
    let alice = dao.alice.clone();
    let gov = dao.gov.clone();
    let res = dao.env.stake(&gov, &alice, xms(10)).unwrap();
    assert_eq!(attr(&res, &gov, "action").unwrap(), "stake");
    assert_eq!(attr(&res, &gov, "amount").unwrap(), xms(10).to_string());
    let height = dao.env.app.block_info().height;

    assert_eq!(staked(&dao, &alice), xms(10));
    assert_eq!(
        power(&dao, &alice, None),
        0,
        "not in the block it was staked"
    );
    assert_eq!(total(&dao, None), 0);
    dao.env.pass_time(BLOCK_TIME);
    assert_eq!(power(&dao, &alice, None), xms(10));
    assert_eq!(power(&dao, &alice, Some(height)), 0);
    assert_eq!(power(&dao, &alice, Some(height + 1)), xms(10));
    assert_eq!(total(&dao, None), xms(10));
    assert_eq!(dao.xms_balance(&gov), xms(10));
}

#[test]
fn only_xms_can_be_staked() {
    let mut dao = unstaked_dao();
    let AssetInfo::Cw20 {
        contract_addr: aave,
    } = dao.env.asset("aave").info.clone()
    else {
        panic!("aave is a cw20");
    };
    let msg = Cw20ExecuteMsg::Send {
        contract: dao.gov.to_string(),
        amount: Uint128::new(xms(1)),
        msg: cosmwasm_std::to_json_binary(&ReceiveMsg::Stake {}).unwrap(),
    };
    let alice = dao.alice.clone();
    assert_eq!(
        gov_err(dao.env.cw20_execute(&alice, &aave, &msg)),
        ContractError::WrongToken {
            xms: dao.env.xms.clone(),
            token: aave.clone()
        }
    );
    // nor can anyone fake the hook by calling Receive directly
    let fake = ExecuteMsg::Receive(cw20::Cw20ReceiveMsg {
        sender: alice.to_string(),
        amount: Uint128::new(xms(1_000_000)),
        msg: cosmwasm_std::to_json_binary(&ReceiveMsg::Stake {}).unwrap(),
    });
    assert!(matches!(
        gov_err(dao.env.gov_execute(&dao.gov, &alice, &fake)),
        ContractError::WrongToken { .. }
    ));
}

#[test]
fn tokens_staked_after_a_proposal_starts_do_not_count_on_it() {
    let mut dao = dao();
    let (alice, carol) = (dao.alice.clone(), dao.carol.clone());
    let dave = dao.env.addr("dave");
    let gov = dao.gov.clone();
    // Carol moves her liquid XMS to Dave, who stakes it in the proposal's own block, before it
    dao.env
        .cw20_execute(
            &carol,
            &dao.env.xms.clone(),
            &Cw20ExecuteMsg::Transfer {
                recipient: dave.to_string(),
                amount: Uint128::new(xms(500_000)),
            },
        )
        .unwrap();
    dao.env.stake(&gov, &dave, xms(250_000)).unwrap();
    let msg = some_msg(&dao);
    let id = dao.propose(vec![msg]);
    assert_eq!(dao.proposal(id).proposal.total_power.u128(), xms(800_000));
    // ...and the rest after it
    dao.env.pass_time(BLOCK_TIME);
    dao.env.stake(&gov, &dave, xms(250_000)).unwrap();
    dao.env.pass_time(BLOCK_TIME);
    let height = dao.proposal(id).proposal.start_height;
    assert_eq!(
        gov_err(dao.env.vote(&gov, &dave, id, VoteOption::Yes)),
        ContractError::NoVotingPower {
            id,
            voter: dave.clone(),
            height
        }
    );
    // Alice adds stake after the start: only what she had counts
    dao.env.stake(&gov, &alice, xms(100_000)).unwrap();
    dao.vote(&alice, id, VoteOption::Yes);
    assert_eq!(dao.proposal(id).proposal.tally.yes.u128(), xms(ALICE_STAKE));
    // Dave counts on the next proposal
    let msg = some_msg(&dao);
    let next = dao.propose(vec![msg]);
    dao.vote(&dave, next, VoteOption::No);
    assert_eq!(dao.proposal(next).proposal.tally.no.u128(), xms(500_000));
}

#[test]
fn unstaked_tokens_still_count_on_proposals_that_started_before() {
    let mut dao = dao();
    let bob = dao.bob.clone();
    let gov = dao.gov.clone();
    let msg = some_msg(&dao);
    let id = dao.propose(vec![msg]);
    dao.env.pass_time(BLOCK_TIME);
    let res = dao
        .env
        .gov_execute(
            &gov,
            &bob,
            &ExecuteMsg::Unstake {
                amount: Uint128::new(xms(BOB_STAKE)),
            },
        )
        .unwrap();
    assert_eq!(attr(&res, &gov, "action").unwrap(), "unstake");
    assert_eq!(staked(&dao, &bob), 0);
    dao.env.pass_time(BLOCK_TIME);

    dao.vote(&bob, id, VoteOption::No);
    assert_eq!(dao.proposal(id).proposal.tally.no.u128(), xms(BOB_STAKE));
    // but not on a proposal created after the unstake
    let msg = some_msg(&dao);
    let later = dao.propose(vec![msg]);
    assert_eq!(
        dao.proposal(later).proposal.total_power.u128(),
        xms(ALICE_STAKE + CAROL_STAKE)
    );
    assert!(matches!(
        gov_err(dao.env.vote(&gov, &bob, later, VoteOption::No)),
        ContractError::NoVotingPower { .. }
    ));
}

#[test]
fn double_voting_is_refused_even_after_moving_the_stake() {
    let mut dao = dao();
    let (alice, carol) = (dao.alice.clone(), dao.carol.clone());
    let gov = dao.gov.clone();
    let msg = some_msg(&dao);
    let id = dao.propose(vec![msg]);
    dao.vote(&alice, id, VoteOption::Yes);
    for vote in [VoteOption::Yes, VoteOption::No] {
        assert_eq!(
            gov_err(dao.env.vote(&gov, &alice, id, vote)),
            ContractError::AlreadyVoted {
                id,
                voter: alice.clone()
            }
        );
    }
    // unstaked XMS is locked in unbonding: it cannot be handed to Carol to vote again, and
    // Carol's own extra stake does not count on this proposal either
    dao.env
        .gov_execute(
            &gov,
            &alice,
            &ExecuteMsg::Unstake {
                amount: Uint128::new(xms(ALICE_STAKE)),
            },
        )
        .unwrap();
    dao.env.stake(&gov, &carol, xms(400_000)).unwrap();
    dao.env.pass_time(BLOCK_TIME);
    dao.vote(&carol, id, VoteOption::Yes);
    let tally = dao.proposal(id).proposal.tally;
    assert_eq!(tally.yes.u128(), xms(ALICE_STAKE + CAROL_STAKE));
    let votes: Vec<VoteInfo> = dao
        .env
        .gov_query(
            &gov,
            &QueryMsg::Ballots {
                id,
                start_after: None,
                limit: None,
            },
        )
        .unwrap();
    assert_eq!(votes.len(), 2);
}

#[test]
fn unstake_bounds() {
    let mut dao = dao();
    let (bob, dave) = (dao.bob.clone(), dao.env.addr("dave"));
    let gov = dao.gov.clone();
    let unstake = |amount: u128| ExecuteMsg::Unstake {
        amount: Uint128::new(amount),
    };
    assert_eq!(
        gov_err(dao.env.gov_execute(&gov, &bob, &unstake(0))),
        ContractError::ZeroAmount {}
    );
    assert_eq!(
        gov_err(
            dao.env
                .gov_execute(&gov, &bob, &unstake(xms(BOB_STAKE) + 1))
        ),
        ContractError::InsufficientStake {
            staked: Uint128::new(xms(BOB_STAKE)),
            requested: Uint128::new(xms(BOB_STAKE) + 1)
        }
    );
    assert!(matches!(
        gov_err(dao.env.gov_execute(&gov, &dave, &unstake(1))),
        ContractError::InsufficientStake { .. }
    ));
    for _ in 0..MAX_CLAIMS {
        dao.env.gov_execute(&gov, &bob, &unstake(1)).unwrap();
    }
    assert_eq!(
        gov_err(dao.env.gov_execute(&gov, &bob, &unstake(1))),
        ContractError::TooManyClaims {
            staker: bob.clone(),
            max: MAX_CLAIMS
        }
    );
    dao.env.pass_time(UNBONDING);
    dao.env
        .gov_execute(&gov, &bob, &ExecuteMsg::Claim {})
        .unwrap();
    dao.env.gov_execute(&gov, &bob, &unstake(1)).unwrap();
}

#[test]
fn claims_pay_after_the_unbonding_period() {
    let mut dao = dao();
    let carol = dao.carol.clone();
    let gov = dao.gov.clone();
    let before = dao.xms_balance(&carol);
    dao.env
        .gov_execute(
            &gov,
            &carol,
            &ExecuteMsg::Unstake {
                amount: Uint128::new(xms(60_000)),
            },
        )
        .unwrap();
    let unstaked_at = dao.env.app.block_info().time;
    dao.env.pass_time(DAY);
    dao.env
        .gov_execute(
            &gov,
            &carol,
            &ExecuteMsg::Unstake {
                amount: Uint128::new(xms(40_000)),
            },
        )
        .unwrap();
    let claims: ClaimsResponse = dao
        .env
        .gov_query(
            &gov,
            &QueryMsg::Claims {
                address: carol.to_string(),
            },
        )
        .unwrap();
    assert_eq!(claims.claims.len(), 2);
    assert_eq!(claims.claims[0].amount.u128(), xms(60_000));
    assert_eq!(
        claims.claims[0].release_at,
        Expiration::AtTime(unstaked_at.plus_seconds(UNBONDING))
    );

    assert_eq!(
        gov_err(dao.env.gov_execute(&gov, &carol, &ExecuteMsg::Claim {})),
        ContractError::NothingToClaim {}
    );
    dao.env.pass_time(UNBONDING - DAY);
    let res = dao
        .env
        .gov_execute(&gov, &carol, &ExecuteMsg::Claim {})
        .unwrap();
    assert_eq!(attr(&res, &gov, "amount").unwrap(), xms(60_000).to_string());
    assert_eq!(dao.xms_balance(&carol), before + xms(60_000));
    dao.env.pass_time(DAY);
    dao.env
        .gov_execute(&gov, &carol, &ExecuteMsg::Claim {})
        .unwrap();
    assert_eq!(dao.xms_balance(&carol), before + xms(100_000));
    assert_eq!(staked(&dao, &carol), 0);
    // a deposit is no stake: proposing does not change power
    let alice = dao.alice.clone();
    let msg = some_msg(&dao);
    dao.env
        .propose(&gov, &alice, MIN_DEPOSIT, vec![msg])
        .unwrap();
    assert_eq!(staked(&dao, &alice), xms(ALICE_STAKE));
}
