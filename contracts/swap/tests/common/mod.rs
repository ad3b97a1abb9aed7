//! A chain with Mars Swap pairs, traders holding bank coins and a cw20, and helpers that send
//! the messages a wallet sends.
#![allow(dead_code)]

use anyhow::Result as AnyResult;
use cosmwasm_std::{coin, to_json_binary, Addr, Decimal, Uint128};
use cw20::{Cw20Coin, Cw20ExecuteMsg, MinterResponse};
use cw_multi_test::{App, AppResponse, Executor};
use mars_testing::contracts::{swap_contract, usdm_contract};
use mars_types::astroport::{
    Asset, AssetInfo, Cw20HookMsg, ExecuteMsg, PoolResponse, QueryMsg, SimulationResponse,
};
use mars_types::swap::{Curve, FeesUnchecked, InstantiateMsg};
use mars_types::Bps;

pub const USDC: &str = "uusdc";
pub const USDM: &str = "uusdm";
pub const ATOM: &str = "uatom";
/// Each trader's balance of each coin and of the cw20.
pub const FUNDS: u128 = 1_000_000_000_000_000;

pub struct Chain {
    pub app: App,
    pub token_code: u64,
    pub pair_code: u64,
    /// A cw20 every trader holds.
    pub cw20: Addr,
    pub alice: Addr,
    pub bob: Addr,
    pub fee_address: Addr,
}

pub fn native(denom: &str) -> AssetInfo {
    AssetInfo::NativeToken {
        denom: denom.to_string(),
    }
}

pub fn asset(info: &AssetInfo, amount: u128) -> Asset {
    Asset {
        info: info.clone(),
        amount: Uint128::new(amount),
    }
}

pub fn bps(v: u16) -> Bps {
    Bps::new(v).unwrap()
}

/// A 0.3% fee, a third of it to the fee address.
pub fn fees(fee_address: &Addr) -> FeesUnchecked {
    FeesUnchecked {
        total_fee_bps: bps(30),
        protocol_fee_bps: bps(3_333),
        fee_address: Some(fee_address.to_string()),
    }
}

/// The attribute `key` of the `wasm` event `contract` emitted.
pub fn attr(res: &AppResponse, contract: &Addr, key: &str) -> Option<String> {
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
}

impl Chain {
    pub fn new() -> Self {
        let mut app = App::default();
        let alice = app.api().addr_make("alice");
        let bob = app.api().addr_make("bob");
        let fee_address = app.api().addr_make("fees");
        app.init_modules(|router, _, storage| {
            for user in [&alice, &bob] {
                router
                    .bank
                    .init_balance(
                        storage,
                        user,
                        vec![coin(FUNDS, USDC), coin(FUNDS, USDM), coin(FUNDS, ATOM)],
                    )
                    .unwrap();
            }
        });
        let token_code = app.store_code(usdm_contract());
        let pair_code = app.store_code(swap_contract());
        let cw20 = app
            .instantiate_contract(
                token_code,
                alice.clone(),
                &mars_types::usdm::InstantiateMsg {
                    name: "Mars".to_string(),
                    symbol: "XMS".to_string(),
                    decimals: 6,
                    initial_balances: vec![
                        Cw20Coin {
                            address: alice.to_string(),
                            amount: Uint128::new(FUNDS),
                        },
                        Cw20Coin {
                            address: bob.to_string(),
                            amount: Uint128::new(FUNDS),
                        },
                    ],
                    mint: Some(MinterResponse {
                        minter: alice.to_string(),
                        cap: None,
                    }),
                    marketing: None,
                },
                &[],
                "xms",
                None,
            )
            .unwrap();
        Chain {
            app,
            token_code,
            pair_code,
            cw20,
            alice,
            bob,
            fee_address,
        }
    }

    pub fn cw20_info(&self) -> AssetInfo {
        AssetInfo::Token {
            contract_addr: self.cw20.clone(),
        }
    }

    pub fn instantiate(
        &mut self,
        assets: [AssetInfo; 2],
        curve: Curve,
        fees: FeesUnchecked,
    ) -> AnyResult<Addr> {
        let msg = InstantiateMsg {
            asset_infos: assets.to_vec(),
            token_code_id: self.token_code,
            curve,
            fees,
        };
        self.app
            .instantiate_contract(self.pair_code, self.alice.clone(), &msg, &[], "pair", None)
    }

    /// A pair of two bank coins.
    pub fn pair(&mut self, a: &str, b: &str, curve: Curve) -> Addr {
        let fees = fees(&self.fee_address.clone());
        self.instantiate([native(a), native(b)], curve, fees)
            .unwrap()
    }

    pub fn lp_token(&self, pair: &Addr) -> Addr {
        let info: mars_types::astroport::PairInfo = self
            .app
            .wrap()
            .query_wasm_smart(pair, &QueryMsg::Pair {})
            .unwrap();
        Addr::unchecked(info.liquidity_token)
    }

    pub fn balance(&self, who: &Addr, denom: &str) -> u128 {
        self.app
            .wrap()
            .query_balance(who, denom)
            .unwrap()
            .amount
            .u128()
    }

    pub fn cw20_balance(&self, token: &Addr, who: &Addr) -> u128 {
        let b: cw20::BalanceResponse = self
            .app
            .wrap()
            .query_wasm_smart(
                token,
                &cw20::Cw20QueryMsg::Balance {
                    address: who.to_string(),
                },
            )
            .unwrap();
        b.balance.u128()
    }

    pub fn lp_supply(&self, pair: &Addr) -> u128 {
        let info: cw20::TokenInfoResponse = self
            .app
            .wrap()
            .query_wasm_smart(self.lp_token(pair), &cw20::Cw20QueryMsg::TokenInfo {})
            .unwrap();
        info.total_supply.u128()
    }

    pub fn pool(&self, pair: &Addr) -> PoolResponse {
        self.app
            .wrap()
            .query_wasm_smart(pair, &QueryMsg::Pool {})
            .unwrap()
    }

    pub fn reserves(&self, pair: &Addr) -> [u128; 2] {
        let p = self.pool(pair);
        [p.assets[0].amount.u128(), p.assets[1].amount.u128()]
    }

    /// Provides bank coins `(denom, amount)`.
    pub fn provide(
        &mut self,
        who: &Addr,
        pair: &Addr,
        deposit: &[(&str, u128)],
        slippage_tolerance: Option<Decimal>,
    ) -> AnyResult<AppResponse> {
        let mut funds: Vec<_> = deposit
            .iter()
            .filter(|(_, a)| *a > 0)
            .map(|(d, a)| coin(*a, *d))
            .collect();
        funds.sort_by(|a, b| a.denom.cmp(&b.denom));
        self.app.execute_contract(
            who.clone(),
            pair.clone(),
            &ExecuteMsg::ProvideLiquidity {
                assets: deposit.iter().map(|(d, a)| asset(&native(d), *a)).collect(),
                slippage_tolerance,
                auto_stake: None,
                receiver: None,
                min_lp_to_receive: None,
            },
            &funds,
        )
    }

    pub fn swap(
        &mut self,
        who: &Addr,
        pair: &Addr,
        denom: &str,
        amount: u128,
        max_spread: Option<Decimal>,
    ) -> AnyResult<AppResponse> {
        self.app.execute_contract(
            who.clone(),
            pair.clone(),
            &ExecuteMsg::Swap {
                offer_asset: asset(&native(denom), amount),
                ask_asset_info: None,
                belief_price: None,
                max_spread,
                to: None,
            },
            &[coin(amount, denom)],
        )
    }

    pub fn simulate(&self, pair: &Addr, offer: &AssetInfo, amount: u128) -> SimulationResponse {
        self.app
            .wrap()
            .query_wasm_smart(
                pair,
                &QueryMsg::Simulation {
                    offer_asset: asset(offer, amount),
                    ask_asset_info: None,
                },
            )
            .unwrap()
    }

    /// Sends LP tokens back to the pair to withdraw.
    pub fn withdraw(&mut self, who: &Addr, pair: &Addr, amount: u128) -> AnyResult<AppResponse> {
        let lp = self.lp_token(pair);
        self.cw20_send(
            who,
            &lp,
            pair,
            amount,
            &Cw20HookMsg::WithdrawLiquidity {
                assets: vec![],
                min_assets_to_receive: None,
            },
        )
    }

    pub fn cw20_send(
        &mut self,
        who: &Addr,
        token: &Addr,
        to: &Addr,
        amount: u128,
        hook: &Cw20HookMsg,
    ) -> AnyResult<AppResponse> {
        self.app.execute_contract(
            who.clone(),
            token.clone(),
            &Cw20ExecuteMsg::Send {
                contract: to.to_string(),
                amount: Uint128::new(amount),
                msg: to_json_binary(hook).unwrap(),
            },
            &[],
        )
    }

    pub fn advance(&mut self, seconds: u64) {
        self.app.update_block(|b| {
            b.time = b.time.plus_seconds(seconds);
            b.height += 1;
        });
    }
}

/// The error a failed message returned, as its text.
pub fn err(res: AnyResult<AppResponse>) -> String {
    res.unwrap_err().root_cause().to_string()
}
