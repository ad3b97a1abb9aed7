//! The mission's DAO story, through the real vault: holders stake XMS, one proposes moving
//! ATOM from the layer-1 tier to the DeFi blue-chip tier with a 10% cap, they vote, it passes,
//! waits out its timelock, executes, and the vault enforces the new cap.

mod common;

use common::*;
use cosmwasm_std::Uint128;
use mars_testing::env::whole;
use mars_testing::governance::MIN_DEPOSIT;
use mars_types::governance::{ProposalStatus, QueryMsg, VoteInfo, VoteOption};
use mars_types::vault::{
    AssetResponse, AssetUpdate, QueryMsg as VaultQueryMsg, SimulateMintResponse,
};
use mars_types::{AssetInfoUnchecked, Tier};

#[test]
fn holders_re_tier_atom_and_the_vault_enforces_the_new_cap() {
    let mut dao = dao();
    let atom = dao.env.asset("atom").info.clone();
    let usdc = dao.env.asset("usdc").info.clone();
    let alice = dao.alice.clone();

    // $100,000 of USDC puts the vault well above its $10,000 cap floor
    dao.env
        .mint(&alice, &usdc, whole(100_000, 6), None, None)
        .unwrap();
    // 1,400 ATOM ($14,000) would be 12.3% of the vault: within layer1's 20% asset cap today
    let atom_mint = whole(1_400, 6);
    let simulate = VaultQueryMsg::SimulateMint {
        asset: atom.clone().into(),
        amount: Uint128::new(atom_mint),
    };
    dao.env
        .vault_query::<SimulateMintResponse>(&simulate)
        .expect("allowed under the layer1 cap");

    let move_atom = update_asset(
        &dao,
        "atom",
        AssetUpdate {
            tier: Some(Tier::DefiBlueChip),
            max_share: Some(bps(1_000)),
            ..Default::default()
        },
    );
    let alice_before = dao.xms_balance(&alice);
    let id = dao.propose(vec![move_atom]);
    assert_eq!(dao.xms_balance(&alice), alice_before - MIN_DEPOSIT);
    let proposal = dao.proposal(id).proposal;
    assert_eq!(proposal.total_power.u128(), xms(800_000));

    let (bob, carol) = (dao.bob.clone(), dao.carol.clone());
    dao.vote(&alice, id, VoteOption::Yes);
    dao.vote(&bob, id, VoteOption::Yes);
    dao.vote(&carol, id, VoteOption::No);
    let ballot: Option<VoteInfo> = dao
        .env
        .gov_query(
            &dao.gov,
            &QueryMsg::Ballot {
                id,
                voter: carol.to_string(),
            },
        )
        .unwrap();
    assert_eq!(ballot.unwrap().power.u128(), xms(CAROL_STAKE));

    // not before the vote ends, nor during the timelock
    assert!(matches!(
        gov_err(dao.env.execute_proposal(&dao.gov, &carol, id)),
        mars_governance::ContractError::NotExecutable {
            status: ProposalStatus::Open,
            ..
        }
    ));
    dao.env.pass_time(VOTING);
    assert_eq!(dao.status(id), ProposalStatus::Timelocked);
    assert_eq!(
        gov_err(dao.env.execute_proposal(&dao.gov, &carol, id)),
        mars_governance::ContractError::TimelockNotOver {
            id,
            executable_at: proposal.executable_at
        }
    );
    dao.env.pass_time(TIMELOCK);
    assert_eq!(dao.status(id), ProposalStatus::Executable);

    // anyone executes; the deposit goes back to the proposer
    let res = dao.env.execute_proposal(&dao.gov, &carol, id).unwrap();
    assert_eq!(attr(&res, &dao.gov, "action").unwrap(), "execute");
    assert_eq!(dao.status(id), ProposalStatus::Executed);
    assert_eq!(dao.xms_balance(&alice), alice_before);

    let asset: AssetResponse = dao
        .env
        .vault_query(&VaultQueryMsg::Asset {
            asset: AssetInfoUnchecked::from(atom.clone()),
        })
        .unwrap();
    assert_eq!(asset.params.tier, Tier::DefiBlueChip);
    assert_eq!(asset.params.max_share, bps(1_000));

    // the mint the old cap allowed is now refused by the vault
    match vault_err(dao.env.mint(&alice, &atom, atom_mint, None, None)) {
        mars_vault::ContractError::AssetShareCapExceeded { asset, share, cap } => {
            assert_eq!(asset, atom.to_string());
            assert_eq!(cap, bps(1_000));
            assert!(share > cap);
        }
        err => panic!("expected AssetShareCapExceeded, got {err:?}"),
    }
    // a mint within the new cap still works
    dao.env
        .mint(&alice, &atom, whole(500, 6), None, None)
        .unwrap();
    // and the executed proposal cannot run twice
    assert!(matches!(
        gov_err(dao.env.execute_proposal(&dao.gov, &carol, id)),
        mars_governance::ContractError::NotExecutable {
            status: ProposalStatus::Executed,
            ..
        }
    ));
}
