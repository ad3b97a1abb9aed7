//! The protocol's optimised wasm artifacts running in cosmwasm-vm, with messages and queries
//! routed between contract instances as a chain routes them.

use cosmwasm_std::Uint128;
use cw20::{Cw20QueryMsg, MinterResponse};
use mars_types::vault::{QueryMsg as VaultQueryMsg, RedeemMode, StateResponse};
use mars_vm::Protocol;

const USD: u128 = 1_000_000;

#[test]
fn deployment_makes_the_vault_the_only_minter() {
    let p = Protocol::basket().unwrap();
    let minter: Option<MinterResponse> = p.chain.query(&p.usdm, &Cw20QueryMsg::Minter {}).unwrap();
    assert_eq!(minter.unwrap().minter, p.vault.to_string());
    let state: StateResponse = p.chain.query(&p.vault, &VaultQueryMsg::State {}).unwrap();
    assert_eq!(state.assets.len(), 6);
    assert!(state.total_value.is_zero());
    // nobody can migrate XMS, whose balances will include the stakes governance holds
    assert_eq!(p.chain.admin(&p.xms).unwrap(), None);
}

#[test]
fn mint_and_redeem_across_contracts_in_the_vm() {
    let p = Protocol::basket().unwrap();
    let alice = p.user("alice");
    let usdc = p.assets[0].info.clone();
    let aave = p.assets[4].info.clone();

    // native mint: the vault queries the oracle and executes the token's mint
    let usdc_before = p.balance(&usdc, &alice).unwrap();
    let tx = p.mint(&alice, &usdc, 20_000 * USD).unwrap();
    assert_eq!(tx.attribute("wasm", "action"), Some("mint"));
    assert_eq!(p.cw20_balance(&p.usdm, &alice).unwrap(), 19_940 * USD);
    assert_eq!(
        p.balance(&usdc, &alice).unwrap(),
        usdc_before - 20_000 * USD
    );
    assert_eq!(p.balance(&usdc, &p.vault).unwrap(), 20_000 * USD);

    // cw20 mint: AAVE's Send calls the vault's Receive hook; 10 AAVE = $1,000 less 0.3%
    p.mint(&alice, &aave, 10 * USD).unwrap();
    assert_eq!(p.cw20_balance(&p.usdm, &alice).unwrap(), 20_937 * USD);
    assert_eq!(p.balance(&aave, &p.vault).unwrap(), 10 * USD);

    // single redeem: USDm's Send calls the vault, which burns it and pays USDC
    let supply = |p: &Protocol| p.usdm_supply().unwrap();
    let usdc_before = p.balance(&usdc, &alice).unwrap();
    p.redeem(
        &alice,
        1_000 * USD,
        RedeemMode::Single {
            asset: usdc.clone().into(),
            min_out: Some(Uint128::new(995 * USD)),
        },
    )
    .unwrap();
    assert_eq!(p.balance(&usdc, &alice).unwrap(), usdc_before + 995 * USD);
    assert_eq!(supply(&p), 19_937 * USD);

    // proportional redeem: a slice of USDC and of AAVE
    let aave_before = p.balance(&aave, &alice).unwrap();
    let usdc_before = p.balance(&usdc, &alice).unwrap();
    p.redeem(
        &alice,
        1_000 * USD,
        RedeemMode::Proportional { min_out: vec![] },
    )
    .unwrap();
    assert!(p.balance(&aave, &alice).unwrap() > aave_before);
    assert!(p.balance(&usdc, &alice).unwrap() > usdc_before);
    assert_eq!(supply(&p), 18_937 * USD);
}

#[test]
fn a_failed_submessage_rolls_back_the_whole_transaction() {
    let p = Protocol::basket().unwrap();
    let alice = p.user("alice");
    let usdc = p.assets[0].info.clone();
    p.mint(&alice, &usdc, 20_000 * USD).unwrap();
    let vault_usdc = p.balance(&usdc, &p.vault).unwrap();
    let usdm = p.cw20_balance(&p.usdm, &alice).unwrap();
    // the vault refuses the hook, so the token's transfer to the vault reverts too
    let err = p
        .redeem(
            &alice,
            1_000 * USD,
            RedeemMode::Single {
                asset: usdc.clone().into(),
                min_out: Some(Uint128::new(1_000 * USD)),
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("below min_out"), "{err}");
    assert_eq!(p.cw20_balance(&p.usdm, &alice).unwrap(), usdm);
    assert_eq!(p.cw20_balance(&p.usdm, &p.vault).unwrap(), 0);
    assert_eq!(p.balance(&usdc, &p.vault).unwrap(), vault_usdc);
}

#[test]
fn xms_holders_re_tier_an_asset_through_governance_in_the_vm() {
    use cosmwasm_std::{to_json_binary, CosmosMsg, WasmMsg};
    use mars_types::governance::{ExecuteMsg as Gov, ReceiveMsg as GovReceive, VoteOption};
    use mars_types::vault::{AssetResponse, AssetUpdate, ExecuteMsg as VaultMsg};
    use mars_types::{Bps, Tier};
    use mars_vm::deploy::{DAY, PROPOSAL_DEPOSIT};

    let p = Protocol::basket().unwrap();
    let gov = p.deploy_governance().unwrap();
    // governance holds the stakes in XMS and is not XMS's admin: nobody is
    assert_eq!(p.chain.admin(&p.xms).unwrap(), None);
    let (alice, bob) = (p.user("alice"), p.user("bob"));
    let atom = p.assets[2].info.clone();

    p.send_xms(&gov, &alice, 500_000 * USD, &GovReceive::Stake {})
        .unwrap();
    p.send_xms(&gov, &bob, 300_000 * USD, &GovReceive::Stake {})
        .unwrap();
    p.chain.advance(5);

    let update = VaultMsg::UpdateAsset {
        asset: atom.clone().into(),
        update: AssetUpdate {
            tier: Some(Tier::DefiBlueChip),
            max_share: Some(Bps::new(1_000).unwrap()),
            ..AssetUpdate::default()
        },
    };
    let proposal = GovReceive::Propose {
        title: "Move ATOM to DeFi blue chips at 10%".to_string(),
        description: "Re-tier ATOM and lower its cap.".to_string(),
        msgs: vec![CosmosMsg::Wasm(WasmMsg::Execute {
            contract_addr: p.vault.to_string(),
            msg: to_json_binary(&update).unwrap(),
            funds: vec![],
        })],
    };
    let tx = p
        .send_xms(&gov, &alice, PROPOSAL_DEPOSIT, &proposal)
        .unwrap();
    let id: u64 = tx.attribute("wasm", "id").unwrap().parse().unwrap();
    p.chain.advance(5);
    for voter in [&alice, &bob] {
        p.chain
            .execute(
                voter,
                &gov,
                &Gov::Vote {
                    id,
                    vote: VoteOption::Yes,
                },
                &[],
            )
            .unwrap();
    }

    // passed, but the timelock is not over
    p.chain.advance(DAY + 5);
    let err = p
        .chain
        .execute(&bob, &gov, &Gov::Execute { id }, &[])
        .unwrap_err();
    assert!(err.to_string().contains("timelock"), "{err}");

    p.chain.advance(DAY);
    p.chain
        .execute(&bob, &gov, &Gov::Execute { id }, &[])
        .unwrap();
    let asset: AssetResponse = p
        .chain
        .query(&p.vault, &VaultQueryMsg::Asset { asset: atom.into() })
        .unwrap();
    assert_eq!(asset.params.tier, Tier::DefiBlueChip);
    assert_eq!(asset.params.max_share, Bps::new(1_000).unwrap());
}

/// The contracts' allocator reuses only the most recent block, so a call may allocate in total
/// at most the VM's memory limit. The largest answer the protocol gives, a page of 30 proposals
/// each carrying the most message bytes allowed, is still answered in full.
#[test]
fn a_full_page_of_the_largest_proposals_is_answered_in_the_vm() {
    use cosmwasm_std::{to_json_vec, Binary, CosmosMsg, WasmMsg};
    use mars_types::governance::{
        ProposalsResponse, QueryMsg as GovQuery, ReceiveMsg as GovReceive, MAX_PROPOSAL_MSGS_BYTES,
    };
    use mars_vm::deploy::PROPOSAL_DEPOSIT;

    let p = Protocol::basket().unwrap();
    let gov = p.deploy_governance().unwrap();
    let alice = p.user("alice");
    p.send_xms(&gov, &alice, 500_000 * USD, &GovReceive::Stake {})
        .unwrap();
    p.chain.advance(5);

    let execute = |n: usize| -> CosmosMsg {
        WasmMsg::Execute {
            contract_addr: p.vault.to_string(),
            msg: Binary::new(vec![b'x'; n]),
            funds: vec![],
        }
        .into()
    };
    // base64 writes 4 characters for 3 bytes: as many bytes as the bound lets through
    let n = (MAX_PROPOSAL_MSGS_BYTES - to_json_vec(&execute(0)).unwrap().len()) / 4 * 3;
    let msgs = vec![execute(n)];
    assert!(to_json_vec(&msgs[0]).unwrap().len() > MAX_PROPOSAL_MSGS_BYTES - 4);
    for i in 0..30 {
        let proposal = GovReceive::Propose {
            title: format!("Large proposal {i}"),
            description: "As many message bytes as a proposal may carry.".to_string(),
            msgs: msgs.clone(),
        };
        p.send_xms(&gov, &alice, PROPOSAL_DEPOSIT, &proposal)
            .unwrap();
    }
    let page: ProposalsResponse = p
        .chain
        .query(
            &gov,
            &GovQuery::Proposals {
                start_after: None,
                limit: Some(30),
                status: None,
            },
        )
        .unwrap();
    assert_eq!(page.proposals.len(), 30);
    assert!(page.proposals.iter().all(|r| r.proposal.msgs == msgs));
}
