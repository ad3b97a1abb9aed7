//! Every bad input a wallet (or an attacker posing as one) can send to the vault's user entry
//! points. Each refusal asserts the exact error and that nothing moved: no balance of any
//! holder, no USDm, no account of the vault. Each also shows the accepted side of its boundary,
//! so that removing the check from the contract makes the test fail.

mod common;

use common::{fund, proportional, single, snapshot, vault_err};
use cosmwasm_std::{coin, to_json_binary, Addr, StdError, Uint128};
use cw20::{Cw20Coin, Cw20ExecuteMsg, Cw20ReceiveMsg};
use cw_multi_test::Executor;
use cw_utils::PaymentError;
use mars_testing::env::whole;
use mars_testing::MarsEnv;
use mars_types::usdm::InstantiateMsg as TokenInstantiateMsg;
use mars_types::vault::{
    AssetUpdate, ConfigResponse, ConfigUpdate, ExecuteMsg, PauseTarget, QueryMsg, ReceiveMsg,
    RedeemMode,
};
use mars_types::{AssetInfo, AssetInfoUnchecked, Bps, TierCaps};
use mars_vault::ContractError;

const USD: u128 = 1_000_000;

// ---------------------------------------------------------------------------------------------
// helpers

/// A cw20 from the USDm code that the vault does not know, with `amount` held by `holder`.
fn fake_cw20(env: &mut MarsEnv, holder: &Addr, amount: u128) -> Addr {
    let (code_id, owner) = (env.token_code_id, env.owner.clone());
    env.app
        .instantiate_contract(
            code_id,
            owner,
            &TokenInstantiateMsg {
                name: "Fake Dollar".to_string(),
                symbol: "FAKE".to_string(),
                decimals: 6,
                initial_balances: vec![Cw20Coin {
                    address: holder.to_string(),
                    amount: Uint128::new(amount),
                }],
                mint: None,
                marketing: None,
            },
            &[],
            "fake",
            None,
        )
        .unwrap()
}

fn cw20_info(token: &Addr) -> AssetInfo {
    AssetInfo::Cw20 {
        contract_addr: token.clone(),
    }
}

/// `Send` of `amount` of `token` to the vault with `hook`, as `sender`.
fn send(
    env: &mut MarsEnv,
    sender: &Addr,
    token: &Addr,
    amount: u128,
    hook: &ReceiveMsg,
) -> anyhow::Result<cw_multi_test::AppResponse> {
    let msg = Cw20ExecuteMsg::Send {
        contract: env.vault.to_string(),
        amount: Uint128::new(amount),
        msg: to_json_binary(hook).unwrap(),
    };
    env.cw20_execute(sender, token, &msg)
}

fn mint_hook() -> ReceiveMsg {
    ReceiveMsg::Mint {
        recipient: None,
        min_out: None,
    }
}

fn redeem_hook(mode: RedeemMode) -> ReceiveMsg {
    ReceiveMsg::Redeem {
        mode,
        recipient: None,
        ibc: None,
    }
}

/// A `Receive` that a wallet sends straight to the vault, posing as a cw20 token.
fn forged_receive(sender: &Addr, amount: u128, hook: &ReceiveMsg) -> ExecuteMsg {
    ExecuteMsg::Receive(Cw20ReceiveMsg {
        sender: sender.to_string(),
        amount: Uint128::new(amount),
        msg: to_json_binary(hook).unwrap(),
    })
}

/// The error the vault passes on when the oracle refuses the stale price of `asset` (published
/// `PRICE_MAX_STALENESS + 1` seconds ago by `MarsEnv::break_price`).
fn stale_price_err(asset: &AssetInfo) -> ContractError {
    ContractError::Std(StdError::generic_err(format!(
        "Querier contract error: the price of {asset} is stale: 3601s old, the maximum is 3600s"
    )))
}

/// A vault with no share caps holding $10,000 of USDC and 0.1 BTC ($6,000), minted by alice with
/// the basket's fees: 9,990 + 5,982 USDm, $28 of surplus.
fn funded_env() -> MarsEnv {
    let mut env = MarsEnv::builder().without_share_caps().build();
    let alice = env.addr("alice");
    let usdc = env.asset("usdc").info.clone();
    let btc = env.asset("btc").info.clone();
    env.mint(&alice, &usdc, 10_000 * USD, None, None).unwrap();
    env.mint(&alice, &btc, whole(1, 7), None, None).unwrap();
    assert_eq!(env.usdm_supply(), 15_972 * USD);
    env
}

// ---------------------------------------------------------------------------------------------
// native funds

#[test]
fn native_mint_without_funds_is_refused() {
    let mut env = MarsEnv::builder().build();
    let alice = env.addr("alice");
    let usdc = env.asset("usdc").info.clone();
    let before = snapshot(&env, &[]);

    let msg = ExecuteMsg::Mint {
        recipient: None,
        min_out: None,
    };
    let err = vault_err(env.vault_execute(&alice, &msg, &[]));
    assert_eq!(err, ContractError::Payment(PaymentError::NoFunds {}));
    assert_eq!(snapshot(&env, &[]), before);

    // the same message with one coin mints
    env.mint(&alice, &usdc, 100 * USD, None, None).unwrap();
    assert_eq!(env.usdm_balance(&alice), 99_900_000);
}

#[test]
fn native_mint_with_two_coins_is_refused_even_if_both_are_whitelisted() {
    let mut env = MarsEnv::builder().build();
    let alice = env.addr("alice");
    let (usdc, atom) = (
        env.asset("usdc").info.clone(),
        env.asset("atom").info.clone(),
    );
    let (usdc_denom, atom_denom) = match (&usdc, &atom) {
        (AssetInfo::Native { denom: u }, AssetInfo::Native { denom: a }) => (u.clone(), a.clone()),
        _ => unreachable!("native basket assets"),
    };
    let before = snapshot(&env, &[]);

    let msg = ExecuteMsg::Mint {
        recipient: None,
        min_out: None,
    };
    let funds = [coin(100 * USD, &usdc_denom), coin(whole(1, 6), &atom_denom)];
    let err = vault_err(env.vault_execute(&alice, &msg, &funds));
    assert_eq!(err, ContractError::Payment(PaymentError::MultipleDenoms {}));
    // neither coin stays in the vault
    assert_eq!(snapshot(&env, &[]), before);

    // each coin alone is accepted
    env.mint(&alice, &usdc, 100 * USD, None, None).unwrap();
    env.mint(&alice, &atom, whole(1, 6), None, None).unwrap();
    assert_eq!(env.balance(&atom, &env.vault), whole(1, 6));
}

#[test]
fn native_mint_with_a_zero_coin_is_refused_by_the_bank_before_the_vault_runs() {
    let mut env = MarsEnv::builder().build();
    let alice = env.addr("alice");
    let usdc = env.asset("usdc").info.clone();
    let atom = env.asset("atom").info.clone();
    let denom = |a: &AssetInfo| match a {
        AssetInfo::Native { denom } => denom.clone(),
        AssetInfo::Cw20 { .. } => unreachable!("native basket asset"),
    };
    let msg = ExecuteMsg::Mint {
        recipient: None,
        min_out: None,
    };
    let before = snapshot(&env, &[]);

    // a lone zero coin: the bank refuses to move it, so the vault never sees the message (a
    // chain refuses it earlier still: zero coins fail `sdk.Coins.Validate`); the vault's own
    // guard (`one_coin` treats a zero coin as no funds) is the second line
    let err = env
        .vault_execute(&alice, &msg, &[coin(0, denom(&usdc))])
        .unwrap_err();
    assert!(
        err.downcast_ref::<ContractError>().is_none(),
        "the vault ran: {err:?}"
    );
    assert_eq!(
        err.root_cause().to_string(),
        "Cannot transfer empty coins amount"
    );
    assert_eq!(snapshot(&env, &[]), before);

    // a zero coin beside a real one: the bank moves the real one, the vault sees two coins
    let funds = [coin(0, denom(&usdc)), coin(whole(1, 6), denom(&atom))];
    let err = vault_err(env.vault_execute(&alice, &msg, &funds));
    assert_eq!(err, ContractError::Payment(PaymentError::MultipleDenoms {}));
    assert_eq!(snapshot(&env, &[]), before);
}

#[test]
fn a_zero_cw20_send_reaches_the_vault_and_is_refused() {
    // cw20-base 2.0 lets a `Send` of zero through to the hook: the vault's own check is the
    // only one, for mints and redemptions alike
    let mut env = funded_env();
    let alice = env.addr("alice");
    let usdc = env.asset("usdc").info.clone();
    let AssetInfo::Cw20 {
        contract_addr: aave,
    } = env.asset("aave").info.clone()
    else {
        unreachable!("cw20 basket asset")
    };
    let usdm = env.usdm.clone();
    let before = snapshot(&env, &[]);

    let err = vault_err(send(&mut env, &alice, &aave, 0, &mint_hook()));
    assert_eq!(err, ContractError::ZeroAmount {});
    assert_eq!(snapshot(&env, &[]), before);
    for mode in [single(&usdc), proportional()] {
        let err = vault_err(send(&mut env, &alice, &usdm, 0, &redeem_hook(mode)));
        assert_eq!(err, ContractError::ZeroAmount {});
        assert_eq!(snapshot(&env, &[]), before);
    }

    // one base unit of AAVE is worth 100 micro-dollars: 99 USDm base units after the fee
    let usdm_before = env.usdm_balance(&alice);
    send(&mut env, &alice, &aave, 1, &mint_hook()).unwrap();
    assert_eq!(env.usdm_balance(&alice), usdm_before + 99);
}

#[test]
fn native_mint_with_an_unknown_denom_is_refused_and_the_coin_returned() {
    let mut env = MarsEnv::builder().build();
    let alice = env.addr("alice");
    let usdc = env.asset("usdc").info.clone();
    // something in the vault, so the refusal happens after the oracle was asked
    env.mint(&alice, &usdc, 100 * USD, None, None).unwrap();

    // a denom nobody whitelisted, and ATOM over IBC: the same token as the whitelisted
    // `uatom`, but another denom and so another asset
    let unknown = [
        "ufoo",
        "ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2",
    ];
    let extra: Vec<AssetInfo> = unknown
        .iter()
        .map(|d| AssetInfo::Native {
            denom: d.to_string(),
        })
        .collect();
    for denom in unknown {
        fund(&mut env, &alice, whole(1_000, 6), denom);
    }
    let before = snapshot(&env, &extra);

    for (denom, info) in unknown.iter().zip(&extra) {
        let msg = ExecuteMsg::Mint {
            recipient: None,
            min_out: None,
        };
        let err = vault_err(env.vault_execute(&alice, &msg, &[coin(whole(10, 6), *denom)]));
        assert_eq!(
            err,
            ContractError::AssetNotWhitelisted {
                asset: info.to_string()
            }
        );
        assert_eq!(snapshot(&env, &extra), before);
    }
    assert_eq!(env.balance(&extra[0], &alice), whole(1_000, 6));
    assert_eq!(env.balance(&extra[0], &env.vault), 0);
}

#[test]
fn mint_to_an_invalid_or_upper_case_recipient_is_refused() {
    let mut env = MarsEnv::builder().build();
    let (alice, bob) = (env.addr("alice"), env.addr("bob"));
    let usdc = env.asset("usdc").info.clone();
    let aave = env.asset("aave").info.clone();
    let before = snapshot(&env, &[]);

    let cases = [
        ("bob".to_string(), "Error decoding bech32"),
        (
            bob.as_str().to_uppercase(),
            "Invalid input: address not normalized",
        ),
    ];
    for (recipient, msg) in &cases {
        for asset in [&usdc, &aave] {
            let res = match asset {
                AssetInfo::Native { denom } => env.vault_execute(
                    &alice,
                    &ExecuteMsg::Mint {
                        recipient: Some(recipient.clone()),
                        min_out: None,
                    },
                    &[coin(100 * USD, denom)],
                ),
                AssetInfo::Cw20 { contract_addr } => {
                    let token = contract_addr.clone();
                    send(
                        &mut env,
                        &alice,
                        &token,
                        whole(1, 6),
                        &ReceiveMsg::Mint {
                            recipient: Some(recipient.clone()),
                            min_out: None,
                        },
                    )
                }
            };
            assert_eq!(
                vault_err(res),
                ContractError::Std(StdError::generic_err(*msg)),
                "{recipient} with {asset}"
            );
            assert_eq!(snapshot(&env, &[]), before);
        }
    }

    // the canonical address is accepted and bob receives
    env.mint(&alice, &usdc, 100 * USD, Some(&bob), None)
        .unwrap();
    assert_eq!(env.usdm_balance(&bob), 99_900_000);
    assert_eq!(env.usdm_balance(&alice), 0);
}

#[test]
fn redeem_to_an_invalid_or_upper_case_recipient_is_refused() {
    let mut env = funded_env();
    let (alice, bob) = (env.addr("alice"), env.addr("bob"));
    let usdc = env.asset("usdc").info.clone();
    let usdm = env.usdm.clone();
    let before = snapshot(&env, &[]);

    let cases = [
        ("bob".to_string(), "Error decoding bech32"),
        (
            bob.as_str().to_uppercase(),
            "Invalid input: address not normalized",
        ),
    ];
    for (recipient, msg) in &cases {
        for mode in [single(&usdc), proportional()] {
            let hook = ReceiveMsg::Redeem {
                mode,
                recipient: Some(recipient.clone()),
                ibc: None,
            };
            let err = vault_err(send(&mut env, &alice, &usdm, 100 * USD, &hook));
            assert_eq!(err, ContractError::Std(StdError::generic_err(*msg)));
            assert_eq!(snapshot(&env, &[]), before);
        }
    }

    let usdc_before = env.balance(&usdc, &bob);
    env.redeem(&alice, 100 * USD, single(&usdc), Some(&bob))
        .unwrap();
    assert_eq!(env.balance(&usdc, &bob), usdc_before + 99_900_000);
}

#[test]
fn single_redeem_in_an_unknown_or_malformed_asset_is_refused() {
    let mut env = funded_env();
    let alice = env.addr("alice");
    let usdc = env.asset("usdc").info.clone();
    let atom = env.asset("atom").info.clone();
    let before = snapshot(&env, &[]);

    // not whitelisted
    let unknown = AssetInfo::Native {
        denom: "ufoo".into(),
    };
    let err = vault_err(env.redeem(&alice, 100 * USD, single(&unknown), None));
    assert_eq!(
        err,
        ContractError::AssetNotWhitelisted {
            asset: unknown.to_string()
        }
    );
    assert_eq!(snapshot(&env, &[]), before);

    // whitelisted but not held: nothing to pay
    let err = vault_err(env.redeem(&alice, 100 * USD, single(&atom), None));
    assert_eq!(
        err,
        ContractError::InsufficientLiquidity {
            asset: atom.to_string(),
            requested: Uint128::new(9_950_000),
            available: Uint128::zero(),
        }
    );
    assert_eq!(snapshot(&env, &[]), before);

    // malformed denom and cw20 address
    let mode = RedeemMode::Single {
        asset: AssetInfoUnchecked::native("x"),
        min_out: None,
    };
    let err = vault_err(env.redeem(&alice, 100 * USD, mode, None));
    assert_eq!(
        err,
        ContractError::Asset(mars_types::asset::AssetError::InvalidDenom {
            denom: "x".into(),
            reason: "length must be 3 to 128 characters",
        })
    );
    assert_eq!(snapshot(&env, &[]), before);
    let upper = env.usdm.as_str().to_uppercase();
    let mode = RedeemMode::Single {
        asset: AssetInfoUnchecked::cw20(upper),
        min_out: None,
    };
    let err = vault_err(env.redeem(&alice, 100 * USD, mode, None));
    assert_eq!(
        err,
        ContractError::Asset(mars_types::asset::AssetError::Std(StdError::generic_err(
            "Invalid input: address not normalized"
        )))
    );
    assert_eq!(snapshot(&env, &[]), before);

    env.redeem(&alice, 100 * USD, single(&usdc), None).unwrap();
}

#[test]
fn native_funds_on_a_message_that_is_not_payable_are_refused() {
    let mut env = MarsEnv::builder().build();
    let alice = env.addr("alice");
    let (owner, guardian) = (env.owner.clone(), env.guardian.clone());
    let usdc = env.asset("usdc").info.clone();
    let AssetInfo::Native { denom } = usdc.clone() else {
        unreachable!("native basket asset")
    };
    for who in [&owner, &guardian] {
        fund(&mut env, who, 1_000 * USD, &denom);
    }
    let atom: AssetInfoUnchecked = env.asset("atom").info.clone().into();
    let xms: AssetInfoUnchecked = env.asset("xms").info.clone().into();
    let new_params = {
        let mut p = env.asset("atom").params.clone();
        p.asset = AssetInfoUnchecked::native("unew");
        p
    };
    let tier_caps = TierCaps {
        stablecoin: Bps::MAX,
        btc: Bps::new(5_000).unwrap(),
        layer1: Bps::new(3_000).unwrap(),
        defi_blue_chip: Bps::new(2_000).unwrap(),
        governance: Bps::new(1_000).unwrap(),
    };
    let new_owner = env.addr("new_owner");

    // every message but Mint, each one valid for its sender: only the funds are wrong
    let cases: Vec<(Addr, ExecuteMsg)> = vec![
        (
            alice.clone(),
            forged_receive(&alice, 100 * USD, &mint_hook()),
        ),
        (
            owner.clone(),
            ExecuteMsg::AddAsset {
                params: new_params.clone(),
            },
        ),
        (
            owner.clone(),
            ExecuteMsg::UpdateAsset {
                asset: atom.clone(),
                update: AssetUpdate {
                    mint_fee: Some(Bps::new(40).unwrap()),
                    ..AssetUpdate::default()
                },
            },
        ),
        (
            owner.clone(),
            ExecuteMsg::RemoveAsset { asset: xms.clone() },
        ),
        (owner.clone(), ExecuteMsg::SetTierCaps { caps: tier_caps }),
        (
            owner.clone(),
            ExecuteMsg::UpdateConfig(ConfigUpdate {
                cap_floor: Some(Uint128::new(1)),
                ..ConfigUpdate::default()
            }),
        ),
        (
            guardian.clone(),
            ExecuteMsg::Pause {
                target: PauseTarget::Mint,
            },
        ),
        (
            owner.clone(),
            ExecuteMsg::Unpause {
                target: PauseTarget::Mint,
            },
        ),
        (
            owner.clone(),
            ExecuteMsg::UpdateOwnership(cw_ownable::Action::TransferOwnership {
                new_owner: new_owner.to_string(),
                expiry: None,
            }),
        ),
    ];
    let before = snapshot(&env, &[]);
    for (sender, msg) in &cases {
        let err = vault_err(env.vault_execute(sender, msg, &[coin(USD, &denom)]));
        assert_eq!(
            err,
            ContractError::Payment(PaymentError::NonPayable {}),
            "{msg:?}"
        );
        assert_eq!(snapshot(&env, &[]), before, "{msg:?}");
    }

    // without funds every owner and guardian message goes through (the forged Receive fails
    // for what it is: a wallet is not a whitelisted cw20)
    for (sender, msg) in &cases[1..] {
        env.vault_execute(sender, msg, &[])
            .unwrap_or_else(|e| panic!("{msg:?}: {e:?}"));
    }
    let config: ConfigResponse = env.vault_query(&QueryMsg::Config {}).unwrap();
    assert_eq!(config.cap_floor, Uint128::new(1));
    assert_eq!(config.asset_count, 6, "unew added, xms removed");
    let ownership: cw_ownable::Ownership<Addr> = env.vault_query(&QueryMsg::Ownership {}).unwrap();
    assert_eq!(ownership.pending_owner, Some(new_owner));
    assert_eq!(
        vault_err(env.vault_execute(&alice, &cases[0].1, &[])),
        ContractError::UnexpectedCw20 {
            token: cw20_info(&alice).to_string()
        }
    );
}

// ---------------------------------------------------------------------------------------------
// cw20 entry

#[test]
fn a_cw20_that_is_not_whitelisted_cannot_mint() {
    let mut env = MarsEnv::builder().build();
    let alice = env.addr("alice");
    let fake = fake_cw20(&mut env, &alice, whole(1_000, 6));
    let extra = [cw20_info(&fake)];
    let before = snapshot(&env, &extra);

    let err = vault_err(send(&mut env, &alice, &fake, whole(100, 6), &mint_hook()));
    assert_eq!(
        err,
        ContractError::UnexpectedCw20 {
            token: cw20_info(&fake).to_string()
        }
    );
    assert_eq!(snapshot(&env, &extra), before);
    assert_eq!(env.cw20_balance(&fake, &alice), whole(1_000, 6));
    assert_eq!(env.cw20_balance(&fake, &env.vault), 0);

    // the same hook from a whitelisted cw20 mints
    let aave = env.asset("aave").info.clone();
    env.mint(&alice, &aave, whole(1, 6), None, None).unwrap();
    assert_eq!(env.usdm_balance(&alice), 99_700_000);

    // USDm itself is never collateral: minting USDm with USDm is refused
    let usdm = env.usdm.clone();
    let before = snapshot(&env, &extra);
    let err = vault_err(send(&mut env, &alice, &usdm, 50 * USD, &mint_hook()));
    assert_eq!(
        err,
        ContractError::UnexpectedCw20 {
            token: cw20_info(&usdm).to_string()
        }
    );
    assert_eq!(snapshot(&env, &extra), before);
}

#[test]
fn a_redeem_hook_from_any_token_but_usdm_is_refused() {
    let mut env = funded_env();
    let alice = env.addr("alice");
    let usdc = env.asset("usdc").info.clone();
    let aave_info = env.asset("aave").info.clone();
    let AssetInfo::Cw20 {
        contract_addr: aave,
    } = aave_info.clone()
    else {
        unreachable!("cw20 basket asset")
    };
    let fake = fake_cw20(&mut env, &alice, whole(1_000, 6));
    let extra = [cw20_info(&fake)];
    let before = snapshot(&env, &extra);

    // alice holds USDm and the vault holds USDC: if the vault accepted any token as USDm,
    // these would pay out
    for token in [&aave, &fake] {
        for mode in [single(&usdc), proportional()] {
            let err = vault_err(send(
                &mut env,
                &alice,
                token,
                whole(10, 6),
                &redeem_hook(mode),
            ));
            assert_eq!(
                err,
                ContractError::RedeemWithWrongToken {
                    token: token.to_string()
                }
            );
            assert_eq!(snapshot(&env, &extra), before);
        }
    }

    // the same hook from USDm redeems
    let usdc_before = env.balance(&usdc, &alice);
    env.redeem(&alice, 100 * USD, single(&usdc), None).unwrap();
    assert_eq!(env.balance(&usdc, &alice), usdc_before + 99_900_000);
}

#[test]
fn a_receive_sent_by_a_wallet_posing_as_a_token_is_refused() {
    let mut env = funded_env();
    let alice = env.addr("alice");
    let usdc = env.asset("usdc").info.clone();
    let AssetInfo::Cw20 {
        contract_addr: aave,
    } = env.asset("aave").info.clone()
    else {
        unreachable!("cw20 basket asset")
    };
    let usdm = env.usdm.clone();
    let before = snapshot(&env, &[]);

    // the vault knows the token only from who calls it, never from the message: naming
    // AAVE or USDm as the `sender` of the forged message changes nothing
    for claimed in [&alice, &aave, &usdm] {
        let msg = forged_receive(claimed, whole(100, 6), &mint_hook());
        let err = vault_err(env.vault_execute(&alice, &msg, &[]));
        assert_eq!(
            err,
            ContractError::UnexpectedCw20 {
                token: cw20_info(&alice).to_string()
            }
        );
        assert_eq!(snapshot(&env, &[]), before);

        for mode in [single(&usdc), proportional()] {
            let msg = forged_receive(claimed, 1_000 * USD, &redeem_hook(mode));
            let err = vault_err(env.vault_execute(&alice, &msg, &[]));
            assert_eq!(
                err,
                ContractError::RedeemWithWrongToken {
                    token: alice.to_string()
                }
            );
            assert_eq!(snapshot(&env, &[]), before);
        }
    }

    // and a forged Receive from a whitelisted cw20 is impossible: only the token contract
    // itself can be the caller, which is the real Send path
    env.mint(&alice, &cw20_info(&aave), whole(1, 6), None, None)
        .unwrap();
}

// ---------------------------------------------------------------------------------------------
// prices

#[test]
fn a_stale_price_refuses_a_mint_with_that_asset() {
    let mut env = MarsEnv::builder().build();
    let alice = env.addr("alice");
    let usdc = env.asset("usdc").info.clone();
    let eth = env.asset("eth").info.clone();
    env.mint(&alice, &usdc, 100 * USD, None, None).unwrap();
    env.break_price(&eth);
    let before = snapshot(&env, &[]);

    let err = vault_err(env.mint(&alice, &eth, whole(1, 18), None, None));
    assert_eq!(err, stale_price_err(&eth));
    assert_eq!(snapshot(&env, &[]), before);

    // a fresh price lets it through
    env.set_price(&eth, "3000");
    env.mint(&alice, &eth, whole(1, 18), None, None).unwrap();
    assert_eq!(env.balance(&eth, &env.vault), whole(1, 18));
}

/// A price refreshed onto the board does not outlive its block: once the source's price is
/// stale, the mint is refused with the oracle's own error, as without the board.
#[test]
fn a_refreshed_price_does_not_outlive_its_block_and_a_stale_price_still_refuses_the_mint() {
    let mut env = MarsEnv::builder().build();
    let alice = env.addr("alice");
    let usdc = env.asset("usdc").info.clone();
    let eth = env.asset("eth").info.clone();
    env.mint(&alice, &usdc, 100 * USD, None, None).unwrap();
    env.refresh_prices(&[&usdc, &eth]).unwrap();
    env.app.update_block(|b| {
        b.height += 1;
        b.time = b.time.plus_seconds(5);
    });
    env.set_price(&usdc, "1");
    env.break_price(&eth);
    let before = snapshot(&env, &[]);

    let err = vault_err(env.mint(&alice, &eth, whole(1, 18), None, None));
    assert_eq!(err, stale_price_err(&eth));
    assert_eq!(snapshot(&env, &[]), before);
    // nor can the stale price be put on the board
    assert!(env.refresh_prices(&[&eth]).is_err());
}

#[test]
fn a_stale_price_refuses_a_single_redeem_in_that_asset() {
    let mut env = funded_env();
    let alice = env.addr("alice");
    let btc = env.asset("btc").info.clone();
    env.break_price(&btc);
    let before = snapshot(&env, &[]);
    assert!(
        before.state.is_none(),
        "btc is held: no valuation without it"
    );

    let err = vault_err(env.redeem(&alice, 600 * USD, single(&btc), None));
    assert_eq!(err, stale_price_err(&btc));
    assert_eq!(snapshot(&env, &[]), before);

    env.set_price(&btc, "60000");
    let btc_before = env.balance(&btc, &alice);
    env.redeem(&alice, 600 * USD, single(&btc), None).unwrap();
    // $600 less 0.5% at $60,000
    assert_eq!(env.balance(&btc, &alice), btc_before + 995_000);
}

#[test]
fn a_stale_price_of_an_asset_the_vault_does_not_hold_and_nobody_mints_blocks_nothing() {
    let mut env = MarsEnv::builder().build();
    let alice = env.addr("alice");
    let usdc = env.asset("usdc").info.clone();
    let atom = env.asset("atom").info.clone();
    let btc = env.asset("btc").info.clone();
    env.mint(&alice, &usdc, 1_000 * USD, None, None).unwrap();

    // BTC is whitelisted but the vault holds none: its broken price is never asked for
    env.break_price(&btc);
    env.mint(&alice, &usdc, 1_000 * USD, None, None).unwrap();
    env.mint(&alice, &atom, whole(10, 6), None, None).unwrap();
    env.redeem(&alice, 100 * USD, single(&usdc), None).unwrap();
    let state = env.vault_state();
    assert_eq!(state.total_value.u128(), 2_100 * USD - 99_900_000);

    // but a mint with BTC itself is refused, and nothing moves
    let before = snapshot(&env, &[]);
    let err = vault_err(env.mint(&alice, &btc, whole(1, 6), None, None));
    assert_eq!(err, stale_price_err(&btc));
    assert_eq!(snapshot(&env, &[]), before);
}

#[test]
fn a_stale_price_of_an_asset_the_vault_holds_blocks_mints_of_every_asset() {
    // the other side of the rule above: shares need the value of everything held
    let mut env = MarsEnv::builder().build();
    let alice = env.addr("alice");
    let usdc = env.asset("usdc").info.clone();
    let atom = env.asset("atom").info.clone();
    env.mint(&alice, &usdc, 1_000 * USD, None, None).unwrap();
    env.mint(&alice, &atom, whole(10, 6), None, None).unwrap();
    env.break_price(&atom);
    let before = snapshot(&env, &[]);

    let err = vault_err(env.mint(&alice, &usdc, 1_000 * USD, None, None));
    assert_eq!(err, stale_price_err(&atom));
    assert_eq!(snapshot(&env, &[]), before);

    env.set_price(&atom, "10");
    env.mint(&alice, &usdc, 1_000 * USD, None, None).unwrap();
}

// ---------------------------------------------------------------------------------------------
// switches

#[test]
fn minting_with_a_disabled_asset_is_refused_for_native_and_cw20() {
    let mut env = MarsEnv::builder().build();
    let (alice, owner) = (env.addr("alice"), env.owner.clone());
    let usdc = env.asset("usdc").info.clone();
    let atom = env.asset("atom").info.clone();
    let aave = env.asset("aave").info.clone();
    let switch = |asset: &AssetInfo, enabled: bool| ExecuteMsg::UpdateAsset {
        asset: asset.clone().into(),
        update: AssetUpdate {
            mint_enabled: Some(enabled),
            ..AssetUpdate::default()
        },
    };
    for asset in [&atom, &aave] {
        env.vault_execute(&owner, &switch(asset, false), &[])
            .unwrap();
    }
    let before = snapshot(&env, &[]);

    for (asset, amount) in [(&atom, whole(10, 6)), (&aave, whole(1, 6))] {
        let err = vault_err(env.mint(&alice, asset, amount, None, None));
        assert_eq!(
            err,
            ContractError::MintDisabled {
                asset: asset.to_string()
            }
        );
        assert_eq!(snapshot(&env, &[]), before);
    }

    // the other assets still mint, and the switched ones again once enabled
    env.mint(&alice, &usdc, 100 * USD, None, None).unwrap();
    for asset in [&atom, &aave] {
        env.vault_execute(&owner, &switch(asset, true), &[])
            .unwrap();
    }
    env.mint(&alice, &atom, whole(10, 6), None, None).unwrap();
    env.mint(&alice, &aave, whole(1, 6), None, None).unwrap();
    assert_eq!(env.balance(&atom, &env.vault), whole(10, 6));
    assert_eq!(env.balance(&aave, &env.vault), whole(1, 6));
}

#[test]
fn single_redeem_in_a_disabled_asset_is_refused_proportional_still_pays_it() {
    let mut env = funded_env();
    let (alice, owner) = (env.addr("alice"), env.owner.clone());
    let usdc = env.asset("usdc").info.clone();
    let btc = env.asset("btc").info.clone();
    let switch = |enabled: bool| ExecuteMsg::UpdateAsset {
        asset: usdc.clone().into(),
        update: AssetUpdate {
            redeem_enabled: Some(enabled),
            ..AssetUpdate::default()
        },
    };
    env.vault_execute(&owner, &switch(false), &[]).unwrap();
    let before = snapshot(&env, &[]);

    let err = vault_err(env.redeem(&alice, 100 * USD, single(&usdc), None));
    assert_eq!(
        err,
        ContractError::RedeemDisabled {
            asset: usdc.to_string()
        }
    );
    assert_eq!(snapshot(&env, &[]), before);

    // another asset and the proportional slice are still open
    env.redeem(&alice, 600 * USD, single(&btc), None).unwrap();
    let usdc_before = env.balance(&usdc, &alice);
    env.redeem(&alice, 100 * USD, proportional(), None).unwrap();
    assert!(env.balance(&usdc, &alice) > usdc_before);

    // enabled again, single redemption in USDC pays
    env.vault_execute(&owner, &switch(true), &[]).unwrap();
    let usdc_before = env.balance(&usdc, &alice);
    env.redeem(&alice, 100 * USD, single(&usdc), None).unwrap();
    assert_eq!(env.balance(&usdc, &alice), usdc_before + 99_900_000);
}

// ---------------------------------------------------------------------------------------------
// dust

#[test]
fn minting_dust_of_an_18_decimal_asset_is_refused() {
    let mut env = MarsEnv::builder().build();
    let alice = env.addr("alice");
    let eth = env.asset("eth").info.clone();
    let before = snapshot(&env, &[]);

    // 1 wei at $3,000 is worth 3·10⁻¹⁵ USD: nothing. 666,666,666 wei is worth $0.000001999…,
    // 1 micro-dollar rounded down, all of it taken by the fee rounded up
    for wei in [1, 666_666_666] {
        let err = vault_err(env.mint(&alice, &eth, wei, None, None));
        assert_eq!(err, ContractError::ZeroOutput {}, "{wei} wei");
        assert_eq!(snapshot(&env, &[]), before);
    }

    // one wei more is worth 2 micro-dollars: 1 for the fee, 1 USDm base unit out
    env.mint(&alice, &eth, 666_666_667, None, None).unwrap();
    assert_eq!(env.usdm_balance(&alice), 1);
    assert_eq!(env.balance(&eth, &env.vault), 666_666_667);
}

#[test]
fn redeeming_dust_that_would_pay_nothing_is_refused() {
    let mut env = funded_env();
    let alice = env.addr("alice");
    let usdc = env.asset("usdc").info.clone();
    let btc = env.asset("btc").info.clone();
    let before = snapshot(&env, &[]);

    // single in BTC ($60,000, fee 0.5% rounded up): 1 sat is worth 600 micro-dollars, so 603
    // uusdm (fee 4, net 599) pays nothing and 604 (fee 4, net 600) pays 1 sat
    for amount in [1, 603] {
        let err = vault_err(env.redeem(&alice, amount, single(&btc), None));
        assert_eq!(err, ContractError::ZeroOutput {}, "{amount} uusdm");
        assert_eq!(snapshot(&env, &[]), before);
    }
    // proportional (0.5% fee rounded up): 3 uusdm buys 1 uusdc gross (10,000 of 16,000 USD),
    // all fee; 4 buys 2 gross, 1 net
    for amount in [1, 3] {
        let err = vault_err(env.redeem(&alice, amount, proportional(), None));
        assert_eq!(err, ContractError::ZeroOutput {}, "{amount} uusdm");
        assert_eq!(snapshot(&env, &[]), before);
    }

    let (btc_before, usdc_before) = (env.balance(&btc, &alice), env.balance(&usdc, &alice));
    env.redeem(&alice, 604, single(&btc), None).unwrap();
    assert_eq!(env.balance(&btc, &alice), btc_before + 1);
    env.redeem(&alice, 4, proportional(), None).unwrap();
    assert_eq!(env.balance(&usdc, &alice), usdc_before + 1);
    assert_eq!(env.usdm_supply(), 15_972 * USD - 608);
}
