use cosmwasm_std::{coins, Addr};
use cw_multi_test::{BankSudo, Executor, SudoMsg};
use cw_ownable::{Action, Ownership, OwnershipError};
use cw_utils::PaymentError;
use mars_oracle::contract::{CONTRACT_NAME, CONTRACT_VERSION};
use mars_oracle::ContractError;
use mars_types::migrate::MigrateError;
use mars_types::oracle::{ConfigResponse, ExecuteMsg, MigrateMsg, QueryMsg};
use mars_types::AssetInfoUnchecked;

use crate::suite::{attr, err, fixed, Suite};

fn transfer_to(new_owner: &Addr) -> ExecuteMsg {
    ExecuteMsg::UpdateOwnership(Action::TransferOwnership {
        new_owner: new_owner.to_string(),
        expiry: None,
    })
}

#[test]
fn only_the_owner_sets_and_removes_sources() {
    let mut s = Suite::new();
    let usdc = AssetInfoUnchecked::native("uusdc");
    let mallory = s.addr("mallory");
    assert_eq!(
        err(s.set_source_as(&mallory, &usdc, fixed("1"))),
        ContractError::Ownership(OwnershipError::NotOwner)
    );
    s.set_source(&usdc, fixed("1")).unwrap();
    assert_eq!(
        err(s.execute(
            &mallory,
            &ExecuteMsg::RemovePriceSource {
                asset: usdc.clone()
            }
        )),
        ContractError::Ownership(OwnershipError::NotOwner)
    );
    // the price is still there
    s.price(&usdc);
}

#[test]
fn ownership_moves_in_two_steps() {
    let mut s = Suite::new();
    let usdc = AssetInfoUnchecked::native("uusdc");
    let (old, new, mallory) = (s.owner.clone(), s.addr("new_governance"), s.addr("mallory"));

    assert_eq!(
        err(s.execute(&mallory, &transfer_to(&mallory))),
        ContractError::Ownership(OwnershipError::NotOwner)
    );
    let res = s.execute(&old, &transfer_to(&new)).unwrap();
    assert_eq!(attr(&res, "action"), "update_ownership");
    assert_eq!(attr(&res, "pending_owner"), new.as_str());

    // proposed, not yet owner
    let ownership: Ownership<String> = s.query(&QueryMsg::Ownership {}).unwrap();
    assert_eq!(ownership.owner, Some(old.to_string()));
    assert_eq!(ownership.pending_owner, Some(new.to_string()));
    assert_eq!(
        err(s.set_source_as(&new, &usdc, fixed("1"))),
        ContractError::Ownership(OwnershipError::NotOwner)
    );
    assert_eq!(
        err(s.execute(
            &mallory,
            &ExecuteMsg::UpdateOwnership(Action::AcceptOwnership)
        )),
        ContractError::Ownership(OwnershipError::NotPendingOwner)
    );

    s.execute(&new, &ExecuteMsg::UpdateOwnership(Action::AcceptOwnership))
        .unwrap();
    let config: ConfigResponse = s.query(&QueryMsg::Config {}).unwrap();
    assert_eq!(config.owner, Some(new.clone()));
    assert_eq!(
        err(s.set_source_as(&old, &usdc, fixed("1"))),
        ContractError::Ownership(OwnershipError::NotOwner)
    );
    s.set_source_as(&new, &usdc, fixed("1")).unwrap();
}

#[test]
fn funds_are_refused() {
    let mut s = Suite::new();
    let owner = s.owner.clone();
    s.app
        .sudo(SudoMsg::Bank(BankSudo::Mint {
            to_address: owner.to_string(),
            amount: coins(100, "uatom"),
        }))
        .unwrap();
    let res = s.app.execute_contract(
        owner,
        s.oracle.clone(),
        &ExecuteMsg::SetPriceSource {
            asset: AssetInfoUnchecked::native("uusdc"),
            source: fixed("1"),
        },
        &coins(100, "uatom"),
    );
    assert_eq!(
        err(res),
        ContractError::Payment(PaymentError::NonPayable {})
    );
}

#[test]
fn migration_needs_a_newer_version_of_this_contract() {
    let mut s = Suite::new();
    let info = cw2::query_contract_info(&s.app.wrap(), s.oracle.to_string()).unwrap();
    assert_eq!(
        (info.contract.as_str(), info.version.as_str()),
        (CONTRACT_NAME, CONTRACT_VERSION)
    );
    let code_id = s.app.contract_data(&s.oracle).unwrap().code_id;
    let (owner, oracle) = (s.owner.clone(), s.oracle.clone());

    let res = s
        .app
        .migrate_contract(owner.clone(), oracle.clone(), &MigrateMsg {}, code_id);
    assert_eq!(
        err(res),
        ContractError::Migrate(MigrateError::NotNewer {
            stored: CONTRACT_VERSION.into(),
            new: CONTRACT_VERSION.into()
        })
    );

    cw2::set_contract_version(
        &mut *s.app.contract_storage_mut(&oracle),
        CONTRACT_NAME,
        "0.0.1",
    )
    .unwrap();
    let res = s
        .app
        .migrate_contract(owner, oracle, &MigrateMsg {}, code_id)
        .unwrap();
    assert_eq!(attr(&res, "action"), "migrate");
    let info = cw2::query_contract_info(&s.app.wrap(), s.oracle.to_string()).unwrap();
    assert_eq!(info.version, CONTRACT_VERSION);
}
