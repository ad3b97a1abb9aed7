//! Governance owns the vault and itself: the vault's config paths answer only to proposals,
//! governance's own config and code change only through proposals, and ownership reaches
//! governance in two steps.

mod common;

use common::*;
use cosmwasm_std::{to_json_binary, Addr, CosmosMsg, Decimal, Uint128, WasmMsg};
use cw_multi_test::Executor;
use cw_ownable::{Action, OwnershipError};
use mars_governance::ContractError;
use mars_testing::env::whole;
use mars_types::governance::{
    Config, ConfigUpdate, ExecuteMsg, GuardianUpdate, MigrateMsg, QueryMsg,
};
use mars_types::oracle::{ExecuteMsg as OracleExecuteMsg, QueryMsg as OracleQueryMsg};
use mars_types::vault::{
    AssetUpdate, ConfigUpdate as VaultConfigUpdate, ExecuteMsg as VaultExecuteMsg, PauseTarget,
};
use mars_types::{AssetInfoUnchecked, TierCaps};

fn vault_owner(dao: &Dao) -> cw_ownable::Ownership<Addr> {
    dao.env
        .vault_query(&mars_types::vault::QueryMsg::Ownership {})
        .unwrap()
}

fn gov_msg(dao: &Dao, msg: &ExecuteMsg) -> CosmosMsg {
    WasmMsg::Execute {
        contract_addr: dao.gov.to_string(),
        msg: to_json_binary(msg).unwrap(),
        funds: vec![],
    }
    .into()
}

#[test]
fn deployment_hands_the_vault_usdm_and_governance_itself_to_governance() {
    let dao = unstaked_dao();
    let ownership = vault_owner(&dao);
    assert_eq!(ownership.owner, Some(dao.gov.clone()));
    assert_eq!(ownership.pending_owner, None);
    let info = dao
        .env
        .app
        .wrap()
        .query_wasm_contract_info(&dao.gov)
        .unwrap();
    assert_eq!(info.admin, Some(dao.gov.clone()));
    // XMS holds the stakes governance owes: it has no admin, so no migration can move them
    let xms = dao
        .env
        .app
        .wrap()
        .query_wasm_contract_info(&dao.env.xms)
        .unwrap();
    assert_eq!(xms.admin, None);
}

#[test]
fn the_deployer_hands_the_oracle_over_the_same_way() {
    let mut dao = unstaked_dao();
    let (owner, oracle, gov) = (
        dao.env.owner.clone(),
        dao.env.oracle.clone(),
        dao.gov.clone(),
    );
    let offer = OracleExecuteMsg::UpdateOwnership(Action::TransferOwnership {
        new_owner: gov.to_string(),
        expiry: None,
    });
    dao.env
        .app
        .execute_contract(owner, oracle.clone(), &offer, &[])
        .unwrap();
    let anyone = dao.env.addr("anyone");
    let res = dao
        .env
        .gov_execute(
            &gov,
            &anyone,
            &ExecuteMsg::AcceptOwnership {
                contract: oracle.to_string(),
            },
        )
        .unwrap();
    assert_eq!(attr(&res, &gov, "contract").unwrap(), oracle.as_str());
    let ownership: cw_ownable::Ownership<Addr> = dao
        .env
        .app
        .wrap()
        .query_wasm_smart(&oracle, &OracleQueryMsg::Ownership {})
        .unwrap();
    assert_eq!(ownership.owner, Some(gov));
}

#[test]
fn every_vault_config_path_is_refused_to_anyone_but_governance() {
    let mut dao = dao();
    let atom = AssetInfoUnchecked::from(dao.env.asset("atom").info.clone());
    let tier_caps: TierCaps = dao
        .env
        .vault_query(&mars_types::vault::QueryMsg::Tiers {})
        .unwrap();
    let mut new_asset = dao.env.asset("atom").params.clone();
    new_asset.asset = AssetInfoUnchecked::native("uosmo");
    let config_paths = [
        VaultExecuteMsg::AddAsset { params: new_asset },
        VaultExecuteMsg::UpdateAsset {
            asset: atom.clone(),
            update: AssetUpdate {
                max_share: Some(bps(1_000)),
                ..Default::default()
            },
        },
        VaultExecuteMsg::RemoveAsset { asset: atom },
        VaultExecuteMsg::SetTierCaps { caps: tier_caps },
        VaultExecuteMsg::UpdateConfig(VaultConfigUpdate {
            cap_floor: Some(Uint128::zero()),
            ..Default::default()
        }),
        VaultExecuteMsg::Unpause {
            target: PauseTarget::Mint,
        },
        VaultExecuteMsg::UpdateOwnership(Action::TransferOwnership {
            new_owner: dao.alice.to_string(),
            expiry: None,
        }),
    ];
    let former_owner = dao.env.owner.clone();
    let outsiders = [
        former_owner,
        dao.env.guardian.clone(),
        dao.alice.clone(),
        dao.env.addr("mallory"),
    ];
    for msg in &config_paths {
        for sender in &outsiders {
            assert_eq!(
                vault_err(dao.env.vault_execute(sender, msg, &[])),
                mars_vault::ContractError::Ownership(OwnershipError::NotOwner),
                "{msg:?} by {sender}"
            );
        }
    }
    // governance may, through a proposal: the guardian pauses mints, the DAO lifts the pause
    let guardian = dao.env.guardian.clone();
    let pause = VaultExecuteMsg::Pause {
        target: PauseTarget::Mint,
    };
    dao.env.vault_execute(&guardian, &pause, &[]).unwrap();
    let usdc = dao.env.asset("usdc").info.clone();
    let alice = dao.alice.clone();
    vault_err(dao.env.mint(&alice, &usdc, whole(10, 6), None, None));
    let unpause = dao.env.vault_msg(&config_paths[5]);
    dao.enact(vec![unpause]);
    dao.env
        .mint(&alice, &usdc, whole(10, 6), None, None)
        .unwrap();
}

#[test]
fn accepting_ownership_is_permissionless_but_only_completes_offered_transfers() {
    let mut dao = dao();
    let mallory = dao.env.addr("mallory");
    let gov = dao.gov.clone();
    // nothing is pending: the call fails and changes nothing
    let accept_vault = ExecuteMsg::AcceptOwnership {
        contract: dao.env.vault.to_string(),
    };
    vault_err(dao.env.gov_execute(&gov, &mallory, &accept_vault));
    assert!(matches!(
        gov_err(dao.env.gov_execute(
            &gov,
            &mallory,
            &ExecuteMsg::AcceptOwnership {
                contract: "not-an-address".into()
            }
        )),
        ContractError::Std(_)
    ));

    // governance hands the vault to a successor in two steps, by proposal
    let successor = dao.env.addr("successor");
    let offer = dao.env.vault_msg(&VaultExecuteMsg::UpdateOwnership(
        Action::TransferOwnership {
            new_owner: successor.to_string(),
            expiry: None,
        },
    ));
    dao.enact(vec![offer]);
    let ownership = vault_owner(&dao);
    assert_eq!(ownership.owner, Some(gov.clone()));
    assert_eq!(ownership.pending_owner, Some(successor.clone()));
    // an offer to someone else cannot be taken by governance's accept path
    vault_err(dao.env.gov_execute(&gov, &mallory, &accept_vault));
    dao.env
        .vault_execute(
            &successor,
            &VaultExecuteMsg::UpdateOwnership(Action::AcceptOwnership),
            &[],
        )
        .unwrap();
    assert_eq!(vault_owner(&dao).owner, Some(successor));
}

#[test]
fn governance_config_changes_only_through_proposals() {
    let mut dao = dao();
    let (alice, gov) = (dao.alice.clone(), dao.gov.clone());
    let guardian = dao.env.guardian.clone();
    let update = ConfigUpdate {
        guardian: Some(GuardianUpdate::Remove {}),
        min_deposit: Some(Uint128::new(5)),
        ..Default::default()
    };
    for sender in [alice.clone(), guardian, dao.env.owner.clone()] {
        assert_eq!(
            gov_err(
                dao.env
                    .gov_execute(&gov, &sender, &ExecuteMsg::UpdateConfig(update.clone()))
            ),
            ContractError::NotGovernance { sender }
        );
    }
    let before: Config = dao.env.gov_query(&gov, &QueryMsg::Config {}).unwrap();

    // an invalid update fails as a proposal, and changes nothing
    let mut bad_rules = before.rules;
    bad_rules.quorum = Decimal::zero();
    let bad = gov_msg(
        &dao,
        &ExecuteMsg::UpdateConfig(ConfigUpdate {
            rules: Some(bad_rules),
            ..Default::default()
        }),
    );
    let id = dao.executable(vec![bad]);
    dao.env.execute_proposal(&gov, &alice, id).unwrap();
    dao.assert_failed(id);

    let good = gov_msg(&dao, &ExecuteMsg::UpdateConfig(update));
    dao.enact(vec![good]);
    let after: Config = dao.env.gov_query(&gov, &QueryMsg::Config {}).unwrap();
    assert_eq!(after.guardian, None);
    assert_eq!(after.min_deposit, Uint128::new(5));
    assert_eq!(after.rules, before.rules);
    assert_eq!(after.periods, before.periods);
    assert_eq!(after.xms_token, before.xms_token);
}

#[test]
fn governance_migrates_itself_only_by_proposal_and_only_to_a_newer_version() {
    let mut dao = dao();
    let (alice, gov) = (dao.alice.clone(), dao.gov.clone());
    let code_id = dao
        .env
        .app
        .wrap()
        .query_wasm_contract_info(&gov)
        .unwrap()
        .code_id;
    let migrate = WasmMsg::Migrate {
        contract_addr: gov.to_string(),
        new_code_id: code_id,
        msg: to_json_binary(&MigrateMsg {}).unwrap(),
    };
    // the former deployer is no longer admin
    let owner = dao.env.owner.clone();
    assert!(dao.env.app.execute(owner, migrate.clone().into()).is_err());
    // through a proposal the migration reaches the contract, which refuses the same version
    let id = dao.executable(vec![migrate.into()]);
    dao.env.execute_proposal(&gov, &alice, id).unwrap();
    dao.assert_failed(id);
}
