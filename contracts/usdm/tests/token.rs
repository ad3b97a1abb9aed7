//! USDm through the harness: the messages a wallet and the vault send.

use cosmwasm_std::{
    to_json_binary, Addr, Binary, Deps, DepsMut, Empty, Env, MessageInfo, Response, StdError,
    StdResult, Uint128,
};
use cw20::{
    AllowanceResponse, Cw20ExecuteMsg, Cw20QueryMsg, Cw20ReceiveMsg, Expiration, Logo,
    MarketingInfoResponse, MinterResponse,
};
use cw_multi_test::{ContractWrapper, Executor};
use mars_testing::MarsEnv;
use mars_types::migrate::MigrateError;
use mars_types::usdm::MigrateMsg;
use mars_usdm::ContractError;

const USDM: u128 = 1_000_000;

fn err(res: anyhow::Result<cw_multi_test::AppResponse>) -> ContractError {
    res.unwrap_err()
        .downcast()
        .expect("a mars-usdm ContractError")
}

fn cw20_err(res: anyhow::Result<cw_multi_test::AppResponse>) -> cw20_base::ContractError {
    match err(res) {
        ContractError::Cw20(e) => e,
        other => panic!("expected a cw20 error, got {other:?}"),
    }
}

/// Mints as `sender` directly on the token (the vault is the minter).
fn mint(
    env: &mut MarsEnv,
    sender: &Addr,
    recipient: &Addr,
    amount: u128,
) -> anyhow::Result<cw_multi_test::AppResponse> {
    let usdm = env.usdm.clone();
    env.cw20_execute(
        sender,
        &usdm,
        &Cw20ExecuteMsg::Mint {
            recipient: recipient.to_string(),
            amount: Uint128::new(amount),
        },
    )
}

/// A contract that accepts cw20 `Send` and reports what it received.
fn receiver() -> Box<dyn cw_multi_test::Contract<Empty>> {
    #[cosmwasm_schema::cw_serde]
    enum ReceiverMsg {
        Receive(Cw20ReceiveMsg),
    }
    fn execute(_: DepsMut, _: Env, info: MessageInfo, msg: ReceiverMsg) -> StdResult<Response> {
        let ReceiverMsg::Receive(msg) = msg;
        Ok(Response::new()
            .add_attribute("received_from_token", info.sender)
            .add_attribute("received_amount", msg.amount)
            .add_attribute("received_sender", msg.sender)
            .add_attribute("received_msg", msg.msg.to_base64()))
    }
    fn instantiate(_: DepsMut, _: Env, _: MessageInfo, _: Empty) -> StdResult<Response> {
        Ok(Response::new())
    }
    fn query(_: Deps, _: Env, _: Empty) -> StdResult<Binary> {
        Err(StdError::generic_err("no queries"))
    }
    Box::new(ContractWrapper::new(execute, instantiate, query))
}

#[test]
fn only_the_minter_mints() {
    let mut env = MarsEnv::builder().build();
    let alice = env.addr("alice");
    let minter = env.vault.clone();

    let res = mint(&mut env, &alice, &alice, 5 * USDM);
    assert_eq!(cw20_err(res), cw20_base::ContractError::Unauthorized {});
    let owner = env.owner.clone();
    let res = mint(&mut env, &owner, &alice, 5 * USDM);
    assert_eq!(cw20_err(res), cw20_base::ContractError::Unauthorized {});
    assert_eq!(env.usdm_balance(&alice), 0);
    assert_eq!(env.usdm_supply(), 0);

    mint(&mut env, &minter, &alice, 5 * USDM).unwrap();
    assert_eq!(env.usdm_balance(&alice), 5 * USDM);
    assert_eq!(env.usdm_supply(), 5 * USDM);
}

#[test]
fn the_vault_is_the_only_minter_of_usdm() {
    let env = MarsEnv::builder().build();
    let minter_info: Option<MinterResponse> = env
        .app
        .wrap()
        .query_wasm_smart(&env.usdm, &Cw20QueryMsg::Minter {})
        .unwrap();
    assert_eq!(
        minter_info,
        Some(MinterResponse {
            minter: env.vault.to_string(),
            cap: None,
        })
    );
}

#[test]
fn minter_cap_is_enforced() {
    let mut env = MarsEnv::builder().build();
    let (alice, minter) = (env.addr("alice"), env.addr("minter"));
    let code = env.token_code_id;
    let token = env
        .app
        .instantiate_contract(
            code,
            minter.clone(),
            &mars_types::usdm::InstantiateMsg {
                name: "Capped".into(),
                symbol: "CAP".into(),
                decimals: 6,
                initial_balances: vec![],
                mint: Some(MinterResponse {
                    minter: minter.to_string(),
                    cap: Some(Uint128::new(10 * USDM)),
                }),
                marketing: None,
            },
            &[],
            "capped",
            None,
        )
        .unwrap();
    let mint_to = |amount: u128| Cw20ExecuteMsg::Mint {
        recipient: alice.to_string(),
        amount: Uint128::new(amount),
    };
    env.cw20_execute(&minter, &token, &mint_to(10 * USDM))
        .unwrap();
    let res = env.cw20_execute(&minter, &token, &mint_to(1));
    assert_eq!(cw20_err(res), cw20_base::ContractError::CannotExceedCap {});
    assert_eq!(env.cw20_supply(&token), 10 * USDM);

    let minter_info: Option<MinterResponse> = env
        .app
        .wrap()
        .query_wasm_smart(&token, &Cw20QueryMsg::Minter {})
        .unwrap();
    assert_eq!(
        minter_info,
        Some(MinterResponse {
            minter: minter.to_string(),
            cap: Some(Uint128::new(10 * USDM)),
        })
    );
}

#[test]
fn transfer_burn_and_send_move_balances_and_supply() {
    let mut env = MarsEnv::builder().build();
    let (alice, bob) = (env.addr("alice"), env.addr("bob"));
    let minter = env.vault.clone();
    let usdm = env.usdm.clone();
    mint(&mut env, &minter, &alice, 100 * USDM).unwrap();

    env.cw20_execute(
        &alice,
        &usdm,
        &Cw20ExecuteMsg::Transfer {
            recipient: bob.to_string(),
            amount: Uint128::new(30 * USDM),
        },
    )
    .unwrap();
    assert_eq!(env.usdm_balance(&alice), 70 * USDM);
    assert_eq!(env.usdm_balance(&bob), 30 * USDM);

    let res = env.cw20_execute(
        &bob,
        &usdm,
        &Cw20ExecuteMsg::Transfer {
            recipient: alice.to_string(),
            amount: Uint128::new(31 * USDM),
        },
    );
    assert!(matches!(
        cw20_err(res),
        cw20_base::ContractError::Std(StdError::Overflow { .. })
    ));
    assert_eq!(env.usdm_balance(&bob), 30 * USDM);

    env.cw20_execute(
        &bob,
        &usdm,
        &Cw20ExecuteMsg::Burn {
            amount: Uint128::new(10 * USDM),
        },
    )
    .unwrap();
    assert_eq!(env.usdm_balance(&bob), 20 * USDM);
    assert_eq!(env.usdm_supply(), 90 * USDM);

    let code = env.app.store_code(receiver());
    let contract = env
        .app
        .instantiate_contract(code, alice.clone(), &Empty {}, &[], "receiver", None)
        .unwrap();
    let hook = to_json_binary(&"hello").unwrap();
    let res = env
        .cw20_execute(
            &alice,
            &usdm,
            &Cw20ExecuteMsg::Send {
                contract: contract.to_string(),
                amount: Uint128::new(7 * USDM),
                msg: hook.clone(),
            },
        )
        .unwrap();
    assert_eq!(env.usdm_balance(&contract), 7 * USDM);
    assert_eq!(env.usdm_balance(&alice), 63 * USDM);
    assert_eq!(env.usdm_supply(), 90 * USDM);
    let wasm = res
        .events
        .iter()
        .find(|e| e.ty == "wasm" && e.attributes.iter().any(|a| a.key == "received_amount"))
        .expect("the receiver's hook ran");
    let attr = |k: &str| {
        wasm.attributes
            .iter()
            .find(|a| a.key == k)
            .map(|a| a.value.clone())
            .unwrap()
    };
    assert_eq!(attr("received_from_token"), usdm.to_string());
    assert_eq!(attr("received_amount"), (7 * USDM).to_string());
    assert_eq!(attr("received_sender"), alice.to_string());
    assert_eq!(attr("received_msg"), hook.to_base64());
}

#[test]
fn the_supply_read_raw_from_storage_is_the_token_info_supply() {
    let mut env = MarsEnv::builder().build();
    let alice = env.addr("alice");
    let (minter, usdm, xms) = (env.vault.clone(), env.usdm.clone(), env.xms.clone());
    let raw = |env: &MarsEnv, token: &Addr| {
        mars_types::usdm::total_supply(&env.app.wrap(), token)
            .unwrap()
            .u128()
    };
    let info = |env: &MarsEnv, token: &Addr| {
        env.app
            .wrap()
            .query_wasm_smart::<cw20::TokenInfoResponse>(token, &Cw20QueryMsg::TokenInfo {})
            .unwrap()
            .total_supply
            .u128()
    };
    // a token with a minter and none minted yet, then after a mint and a burn
    assert_eq!((raw(&env, &usdm), info(&env, &usdm)), (0, 0));
    mint(&mut env, &minter, &alice, 100 * USDM).unwrap();
    let burn = Cw20ExecuteMsg::Burn {
        amount: Uint128::new(40 * USDM),
    };
    env.cw20_execute(&alice, &usdm, &burn).unwrap();
    assert_eq!(raw(&env, &usdm), 60 * USDM);
    assert_eq!(raw(&env, &usdm), info(&env, &usdm));
    // a token without a minter (XMS), with initial balances
    assert!(raw(&env, &xms) > 0);
    assert_eq!(raw(&env, &xms), info(&env, &xms));
    // an address that is no token has no token info
    let err = mars_types::usdm::total_supply(&env.app.wrap(), &alice).unwrap_err();
    assert!(matches!(err, StdError::NotFound { .. }), "{err:?}");
}

#[test]
fn allowances_bound_what_a_spender_can_move() {
    let mut env = MarsEnv::builder().build();
    let (alice, spender, carol) = (env.addr("alice"), env.addr("spender"), env.addr("carol"));
    let minter = env.vault.clone();
    let usdm = env.usdm.clone();
    mint(&mut env, &minter, &alice, 100 * USDM).unwrap();

    let allowance = |env: &MarsEnv| -> AllowanceResponse {
        env.app
            .wrap()
            .query_wasm_smart(
                &env.usdm,
                &Cw20QueryMsg::Allowance {
                    owner: env.addr("alice").to_string(),
                    spender: env.addr("spender").to_string(),
                },
            )
            .unwrap()
    };

    // no allowance: nothing moves
    let res = env.cw20_execute(
        &spender,
        &usdm,
        &Cw20ExecuteMsg::TransferFrom {
            owner: alice.to_string(),
            recipient: carol.to_string(),
            amount: Uint128::one(),
        },
    );
    assert_eq!(cw20_err(res), cw20_base::ContractError::NoAllowance {});

    env.cw20_execute(
        &alice,
        &usdm,
        &Cw20ExecuteMsg::IncreaseAllowance {
            spender: spender.to_string(),
            amount: Uint128::new(20 * USDM),
            expires: None,
        },
    )
    .unwrap();
    env.cw20_execute(
        &spender,
        &usdm,
        &Cw20ExecuteMsg::TransferFrom {
            owner: alice.to_string(),
            recipient: carol.to_string(),
            amount: Uint128::new(15 * USDM),
        },
    )
    .unwrap();
    assert_eq!(env.usdm_balance(&carol), 15 * USDM);
    assert_eq!(allowance(&env).allowance, Uint128::new(5 * USDM));

    // beyond the allowance
    let res = env.cw20_execute(
        &spender,
        &usdm,
        &Cw20ExecuteMsg::BurnFrom {
            owner: alice.to_string(),
            amount: Uint128::new(6 * USDM),
        },
    );
    assert!(matches!(
        cw20_err(res),
        cw20_base::ContractError::Std(StdError::Overflow { .. })
    ));
    env.cw20_execute(
        &spender,
        &usdm,
        &Cw20ExecuteMsg::BurnFrom {
            owner: alice.to_string(),
            amount: Uint128::new(5 * USDM),
        },
    )
    .unwrap();
    assert_eq!(env.usdm_balance(&alice), 80 * USDM);
    assert_eq!(env.usdm_supply(), 95 * USDM);
    assert_eq!(allowance(&env).allowance, Uint128::zero());

    // an expired allowance is worthless
    let height = env.app.block_info().height;
    env.cw20_execute(
        &alice,
        &usdm,
        &Cw20ExecuteMsg::IncreaseAllowance {
            spender: spender.to_string(),
            amount: Uint128::new(10 * USDM),
            expires: Some(Expiration::AtHeight(height + 1)),
        },
    )
    .unwrap();
    env.app.update_block(|b| b.height += 1);
    let res = env.cw20_execute(
        &spender,
        &usdm,
        &Cw20ExecuteMsg::TransferFrom {
            owner: alice.to_string(),
            recipient: carol.to_string(),
            amount: Uint128::one(),
        },
    );
    assert_eq!(cw20_err(res), cw20_base::ContractError::Expired {});
    assert_eq!(env.usdm_balance(&alice), 80 * USDM);

    // decreasing below zero removes the allowance
    env.cw20_execute(
        &alice,
        &usdm,
        &Cw20ExecuteMsg::DecreaseAllowance {
            spender: spender.to_string(),
            amount: Uint128::new(100 * USDM),
            expires: None,
        },
    )
    .unwrap();
    assert_eq!(allowance(&env).allowance, Uint128::zero());
}

#[test]
fn marketing_and_logo_belong_to_the_marketing_address() {
    let mut env = MarsEnv::builder().build();
    let owner = env.owner.clone();
    let marketing = env.addr("marketing");
    let admin = env.addr("admin");
    let code = env.token_code_id;
    let token = env
        .app
        .instantiate_contract(
            code,
            owner.clone(),
            &mars_types::usdm::InstantiateMsg {
                name: "USD-Mars".into(),
                symbol: "USDm".into(),
                decimals: 6,
                initial_balances: vec![],
                mint: None,
                marketing: Some(mars_types::usdm::InstantiateMarketingInfo {
                    project: Some("Mars Ecosystem".into()),
                    description: Some("USD stablecoin".into()),
                    marketing: Some(marketing.to_string()),
                    logo: Some(Logo::Url("https://example.com/usdm.png".into())),
                }),
            },
            &[],
            "usdm-marketing",
            Some(admin.to_string()),
        )
        .unwrap();

    let update = Cw20ExecuteMsg::UpdateMarketing {
        project: None,
        description: Some("The Mars vault's USD".into()),
        marketing: None,
    };
    let res = env.cw20_execute(&owner, &token, &update);
    assert_eq!(cw20_err(res), cw20_base::ContractError::Unauthorized {});
    env.cw20_execute(&marketing, &token, &update).unwrap();

    let res = env.cw20_execute(
        &owner,
        &token,
        &Cw20ExecuteMsg::UploadLogo(Logo::Url("https://evil.example/x.png".into())),
    );
    assert_eq!(cw20_err(res), cw20_base::ContractError::Unauthorized {});

    let info: MarketingInfoResponse = env
        .app
        .wrap()
        .query_wasm_smart(&token, &Cw20QueryMsg::MarketingInfo {})
        .unwrap();
    assert_eq!(info.description.as_deref(), Some("The Mars vault's USD"));
    assert_eq!(info.marketing, Some(marketing));
    assert_eq!(
        info.logo,
        Some(cw20::LogoInfo::Url("https://example.com/usdm.png".into()))
    );
}

fn set_stored_version(env: &mut MarsEnv, contract: &Addr, name: &str, version: &str) {
    let mut storage = env.app.contract_storage_mut(contract);
    cw2::set_contract_version(storage.as_mut(), name, version).unwrap();
}

#[test]
fn migration_accepts_only_a_newer_version_of_this_contract() {
    let mut env = MarsEnv::builder().build();
    let owner = env.owner.clone();
    let usdm = env.usdm.clone();
    let code = env.token_code_id;

    // same version: refused
    let res = env
        .app
        .migrate_contract(owner.clone(), usdm.clone(), &MigrateMsg {}, code);
    assert!(matches!(
        err(res),
        ContractError::Migrate(MigrateError::NotNewer { .. })
    ));

    // another contract's state: refused
    set_stored_version(&mut env, &usdm, "crates.io:cw20-base", "0.1.0");
    let res = env
        .app
        .migrate_contract(owner.clone(), usdm.clone(), &MigrateMsg {}, code);
    assert_eq!(
        err(res),
        ContractError::Migrate(MigrateError::WrongContract {
            expected: "crates.io:mars-usdm".into(),
            found: "crates.io:cw20-base".into(),
        })
    );

    // a newer version of this contract: accepted and recorded
    set_stored_version(&mut env, &usdm, "crates.io:mars-usdm", "0.0.1");
    env.app
        .migrate_contract(owner.clone(), usdm.clone(), &MigrateMsg {}, code)
        .unwrap();
    let version = cw2::query_contract_info(&env.app.wrap(), usdm.to_string()).unwrap();
    assert_eq!(version.contract, "crates.io:mars-usdm");
    assert_eq!(version.version, env!("CARGO_PKG_VERSION"));

    // only the admin may migrate at all
    let stranger = env.addr("stranger");
    assert!(env
        .app
        .migrate_contract(stranger, usdm, &MigrateMsg {}, code)
        .is_err());
}
