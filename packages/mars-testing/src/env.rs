//! `MarsEnv`: the deployed protocol and helpers to drive and read it.

use cosmwasm_std::{Addr, Uint128};
use cw20::{BalanceResponse, Cw20ExecuteMsg, Cw20QueryMsg, MinterResponse, TokenInfoResponse};
use cw_multi_test::{App, AppResponse, Executor};
use mars_types::usdm::InstantiateMsg as TokenInstantiateMsg;

use crate::contracts::usdm_contract;

pub type AnyResult<T> = anyhow::Result<T>;

/// The deployed protocol.
pub struct MarsEnv {
    pub app: App,
    /// Deploys and administers the contracts (the stand-in for governance until it exists).
    pub owner: Addr,
    /// The only address allowed to mint USDm.
    pub usdm_minter: Addr,
    pub token_code_id: u64,
    pub usdm: Addr,
    pub xms: Addr,
}

/// Builds a [`MarsEnv`]; every parameter has a documented default.
pub struct MarsEnvBuilder {
    usdm_cap: Option<u128>,
    xms_holders: Vec<(String, u128)>,
}

impl MarsEnv {
    pub fn builder() -> MarsEnvBuilder {
        MarsEnvBuilder {
            usdm_cap: None,
            xms_holders: vec![],
        }
    }

    /// A valid bech32 address derived from `name`.
    pub fn addr(&self, name: &str) -> Addr {
        self.app.api().addr_make(name)
    }

    pub fn cw20_balance(&self, token: &Addr, holder: &Addr) -> u128 {
        let res: BalanceResponse = self
            .app
            .wrap()
            .query_wasm_smart(
                token,
                &Cw20QueryMsg::Balance {
                    address: holder.to_string(),
                },
            )
            .expect("cw20 balance query");
        res.balance.u128()
    }

    pub fn cw20_supply(&self, token: &Addr) -> u128 {
        let res: TokenInfoResponse = self
            .app
            .wrap()
            .query_wasm_smart(token, &Cw20QueryMsg::TokenInfo {})
            .expect("cw20 token info query");
        res.total_supply.u128()
    }

    pub fn usdm_balance(&self, holder: &Addr) -> u128 {
        self.cw20_balance(&self.usdm, holder)
    }

    pub fn usdm_supply(&self) -> u128 {
        self.cw20_supply(&self.usdm)
    }

    pub fn bank_balance(&self, holder: &Addr, denom: &str) -> u128 {
        self.app
            .wrap()
            .query_balance(holder, denom)
            .expect("bank balance query")
            .amount
            .u128()
    }

    /// Executes a cw20 message on `token` as `sender`.
    pub fn cw20_execute(
        &mut self,
        sender: &Addr,
        token: &Addr,
        msg: &Cw20ExecuteMsg,
    ) -> AnyResult<AppResponse> {
        self.app
            .execute_contract(sender.clone(), token.clone(), msg, &[])
    }

    /// Mints `amount` USDm to `recipient`, signed by `sender`.
    pub fn usdm_mint(
        &mut self,
        sender: &Addr,
        recipient: &Addr,
        amount: u128,
    ) -> AnyResult<AppResponse> {
        let usdm = self.usdm.clone();
        self.cw20_execute(
            sender,
            &usdm,
            &Cw20ExecuteMsg::Mint {
                recipient: recipient.to_string(),
                amount: Uint128::new(amount),
            },
        )
    }
}

impl MarsEnvBuilder {
    /// A USDm supply cap (default: none).
    pub fn with_usdm_cap(mut self, cap: u128) -> Self {
        self.usdm_cap = Some(cap);
        self
    }

    /// Gives `name` an initial XMS balance (default: no holders).
    pub fn with_xms_holder(mut self, name: &str, amount: u128) -> Self {
        self.xms_holders.push((name.to_string(), amount));
        self
    }

    pub fn build(self) -> MarsEnv {
        let mut app = App::default();
        let owner = app.api().addr_make("owner");
        let usdm_minter = app.api().addr_make("usdm_minter");
        let token_code_id = app.store_code(usdm_contract());

        let usdm = app
            .instantiate_contract(
                token_code_id,
                owner.clone(),
                &TokenInstantiateMsg {
                    name: "USD-Mars".to_string(),
                    symbol: "USDm".to_string(),
                    decimals: 6,
                    initial_balances: vec![],
                    mint: Some(MinterResponse {
                        minter: usdm_minter.to_string(),
                        cap: self.usdm_cap.map(Uint128::new),
                    }),
                    marketing: None,
                },
                &[],
                "usdm",
                Some(owner.to_string()),
            )
            .expect("instantiate usdm");

        let initial_balances = self
            .xms_holders
            .iter()
            .map(|(name, amount)| cw20::Cw20Coin {
                address: app.api().addr_make(name).to_string(),
                amount: Uint128::new(*amount),
            })
            .collect();
        let xms = app
            .instantiate_contract(
                token_code_id,
                owner.clone(),
                &TokenInstantiateMsg {
                    name: "Mars Ecosystem Token".to_string(),
                    symbol: "XMS".to_string(),
                    decimals: 6,
                    initial_balances,
                    mint: None,
                    marketing: None,
                },
                &[],
                "xms",
                Some(owner.to_string()),
            )
            .expect("instantiate xms");

        MarsEnv {
            app,
            owner,
            usdm_minter,
            token_code_id,
            usdm,
            xms,
        }
    }
}
