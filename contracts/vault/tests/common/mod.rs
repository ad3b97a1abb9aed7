#![allow(dead_code)]
//! Helpers shared by the vault's integration tests.

use cosmwasm_std::{coins, Addr};
use cw_multi_test::{AppResponse, BankSudo, SudoMsg};
use cw_ownable::Ownership;
use mars_testing::MarsEnv;
use mars_types::vault::{
    AssetResponse, ConfigResponse, QueryMsg, RedeemMode, SimulateMintResponse, StateResponse,
};
use mars_types::{AssetInfo, TierCaps};
use mars_vault::ContractError;

/// The vault's `ContractError` inside a failed execution.
pub fn vault_err(res: anyhow::Result<AppResponse>) -> ContractError {
    res.expect_err("the call should fail")
        .downcast::<ContractError>()
        .unwrap_or_else(|err| panic!("expected a vault ContractError, got: {err:?}"))
}

/// The value of attribute `key` in the vault's wasm event.
pub fn attr(res: &AppResponse, key: &str) -> String {
    res.events
        .iter()
        .filter(|e| e.ty == "wasm")
        .flat_map(|e| &e.attributes)
        .find(|a| a.key == key)
        .map(|a| a.value.clone())
        .unwrap_or_else(|| panic!("no attribute {key}"))
}

/// The value of attribute `key` in the wasm event emitted by `contract`.
pub fn contract_attr(res: &AppResponse, contract: &cosmwasm_std::Addr, key: &str) -> String {
    res.events
        .iter()
        .filter(|e| {
            e.ty == "wasm"
                && e.attributes
                    .iter()
                    .any(|a| a.key == "_contract_address" && a.value == contract.as_str())
        })
        .flat_map(|e| &e.attributes)
        .find(|a| a.key == key)
        .map(|a| a.value.clone())
        .unwrap_or_else(|| panic!("no attribute {key} from {contract}"))
}

/// Everything a refused call must leave as it was.
#[derive(Debug, PartialEq)]
pub struct Snapshot {
    /// (holder, asset, balance) for alice, bob, carol, the owner, the guardian and the vault, over
    /// the basket, USDm and any extra asset of the test.
    pub balances: Vec<(Addr, AssetInfo, u128)>,
    pub usdm_supply: u128,
    /// The vault's own records: parameters, liquid and deployed accounts, per-asset pauses.
    pub assets: Vec<AssetResponse>,
    pub config: ConfigResponse,
    pub tiers: TierCaps,
    pub ownership: Ownership<Addr>,
    pub contract_version: cw2::ContractVersion,
    /// `None` while a held asset has no valid price (the state query needs every held price);
    /// it holds the throttles' state too.
    pub state: Option<StateResponse>,
}

/// Every whitelisted asset, page by page.
pub fn all_assets(env: &MarsEnv) -> Vec<AssetResponse> {
    let mut all: Vec<AssetResponse> = vec![];
    // at most 32 assets: a page loop that runs longer does not advance
    for _ in 0..=32 {
        let page: Vec<AssetResponse> = env
            .vault_query(&QueryMsg::Assets {
                start_after: all.last().map(|a| a.params.asset.clone().into()),
                limit: Some(30),
            })
            .unwrap();
        if page.is_empty() {
            return all;
        }
        all.extend(page);
    }
    panic!("the Assets pages never end");
}

pub fn snapshot(env: &MarsEnv, extra: &[AssetInfo]) -> Snapshot {
    let holders = [
        env.addr("alice"),
        env.addr("bob"),
        env.addr("carol"),
        env.owner.clone(),
        env.guardian.clone(),
        env.vault.clone(),
    ];
    let mut assets: Vec<AssetInfo> = env.basket.iter().map(|a| a.info.clone()).collect();
    assets.push(AssetInfo::Cw20 {
        contract_addr: env.usdm.clone(),
    });
    assets.extend_from_slice(extra);
    let mut balances = vec![];
    for holder in &holders {
        for asset in &assets {
            balances.push((holder.clone(), asset.clone(), env.balance(asset, holder)));
        }
    }
    Snapshot {
        balances,
        usdm_supply: env.usdm_supply(),
        assets: all_assets(env),
        config: env.vault_query(&QueryMsg::Config {}).unwrap(),
        tiers: env.vault_query(&QueryMsg::Tiers {}).unwrap(),
        ownership: env.vault_query(&QueryMsg::Ownership {}).unwrap(),
        contract_version: cw2::query_contract_info(&env.app.wrap(), env.vault.to_string()).unwrap(),
        state: env.vault_query(&QueryMsg::State {}).ok(),
    }
}

/// Single-asset redemption in `asset`, no minimum.
/// What a mint of `amount` of `asset` would do now (events carry amounts, not prices).
pub fn simulate_mint(env: &MarsEnv, asset: &AssetInfo, amount: u128) -> SimulateMintResponse {
    env.vault_query(&QueryMsg::SimulateMint {
        asset: asset.clone().into(),
        amount: amount.into(),
    })
    .unwrap()
}

pub fn single(asset: &AssetInfo) -> RedeemMode {
    RedeemMode::Single {
        asset: asset.clone().into(),
        min_out: None,
    }
}

/// Proportional redemption, no minimum.
pub fn proportional() -> RedeemMode {
    RedeemMode::Proportional { min_out: vec![] }
}

/// Moves the chain `seconds` forward (one block per 5 s) and republishes every basket price at
/// its genesis value, so that no price goes stale on the way.
pub fn pass_time(env: &mut MarsEnv, seconds: u64) {
    env.app.update_block(|block| {
        block.time = block.time.plus_seconds(seconds);
        block.height += seconds.div_ceil(5);
    });
    for asset in env.basket.clone() {
        env.set_price(&asset.info, &asset.price.to_string());
    }
}

/// Creates `amount` of a bank coin for `to`.
pub fn fund(env: &mut MarsEnv, to: &Addr, amount: u128, denom: &str) {
    env.app
        .sudo(SudoMsg::Bank(BankSudo::Mint {
            to_address: to.to_string(),
            amount: coins(amount, denom),
        }))
        .unwrap();
}
