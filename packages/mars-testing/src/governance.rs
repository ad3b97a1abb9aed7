//! Governance on a [`MarsEnv`]: deploys it over `env.xms`, hands it the vault, and drives it
//! the way XMS holders would (cw20 `Send` to stake and propose, then vote and execute).
//!
//! ```ignore
//! let mut env = MarsEnv::builder().build();
//! let gov = env.deploy_governance(|_| {});
//! env.stake(&gov, &alice, 100_000_000).unwrap();
//! env.pass_time(5);
//! let id = env.propose(&gov, &alice, MIN_DEPOSIT, vec![env.vault_msg(&msg)]).unwrap();
//! ```
//!
//! Default governance: guardian `env.guardian`, quorum 30%, threshold 50%, veto threshold
//! 1/3, voting period 3 days, timelock 2 days, execution window 7 days, unbonding 14 days,
//! deposit at least 1,000 XMS. Governance owns the vault and is the wasm admin of itself, the
//! vault and USDm; XMS has no wasm admin (a migration of XMS could move the stakes).

use cosmwasm_std::{to_json_binary, wasm_execute, Addr, CosmosMsg, Decimal, Uint128, WasmMsg};
use cw20::Cw20ExecuteMsg;
use cw_multi_test::{AppResponse, Executor};
use mars_types::governance::{
    ExecuteMsg, InstantiateMsg, Periods, QueryMsg, ReceiveMsg, VoteOption, VotingRules,
};
use mars_types::vault::ExecuteMsg as VaultExecuteMsg;

use crate::contracts::governance_contract;
use crate::env::{AnyResult, MarsEnv};

/// One day, in seconds.
pub const DAY: u64 = 24 * 60 * 60;
/// The default smallest proposal deposit: 1,000 XMS.
pub const MIN_DEPOSIT: u128 = 1_000_000_000;
/// Seconds per block when time passes.
pub const BLOCK_TIME: u64 = 5;

impl MarsEnv {
    /// Deploys governance with the defaults of the module, changed by `tweak`, and hands it the
    /// vault in two steps: the owner offers the ownership, then governance accepts through its
    /// permissionless `AcceptOwnership`.
    pub fn deploy_governance(&mut self, tweak: impl FnOnce(&mut InstantiateMsg)) -> Addr {
        let mut msg = InstantiateMsg {
            xms_token: self.xms.to_string(),
            guardian: Some(self.guardian.to_string()),
            rules: VotingRules {
                quorum: Decimal::percent(30),
                threshold: Decimal::percent(50),
                veto_threshold: Decimal::from_ratio(1u8, 3u8),
            },
            periods: Periods {
                voting: 3 * DAY,
                timelock: 2 * DAY,
                execution_window: 7 * DAY,
                unbonding: 14 * DAY,
            },
            min_deposit: Uint128::new(MIN_DEPOSIT),
        };
        tweak(&mut msg);
        let code_id = self.app.store_code(governance_contract());
        let owner = self.owner.clone();
        let gov = self
            .app
            .instantiate_contract(
                code_id,
                owner.clone(),
                &msg,
                &[],
                "governance",
                Some(owner.to_string()),
            )
            .expect("instantiate governance");
        // governance becomes the wasm admin of itself, the vault and USDm: code changes only
        // by proposal. Never of XMS, which has none: it holds the stakes governance owes.
        for contract in [gov.clone(), self.vault.clone(), self.usdm.clone()] {
            self.app
                .execute(
                    owner.clone(),
                    WasmMsg::UpdateAdmin {
                        contract_addr: contract.to_string(),
                        admin: gov.to_string(),
                    }
                    .into(),
                )
                .expect("governance becomes the wasm admin");
        }
        let offer = VaultExecuteMsg::UpdateOwnership(cw_ownable::Action::TransferOwnership {
            new_owner: gov.to_string(),
            expiry: None,
        });
        self.vault_execute(&owner, &offer, &[])
            .expect("the owner offers the vault to governance");
        let accept = ExecuteMsg::AcceptOwnership {
            contract: self.vault.to_string(),
        };
        self.gov_execute(&gov, &owner, &accept)
            .expect("governance accepts the vault");
        gov
    }

    /// Executes a governance message as `sender`.
    pub fn gov_execute(
        &mut self,
        gov: &Addr,
        sender: &Addr,
        msg: &ExecuteMsg,
    ) -> AnyResult<AppResponse> {
        self.app
            .execute_contract(sender.clone(), gov.clone(), msg, &[])
    }

    pub fn gov_query<T: serde::de::DeserializeOwned>(
        &self,
        gov: &Addr,
        msg: &QueryMsg,
    ) -> AnyResult<T> {
        Ok(self.app.wrap().query_wasm_smart(gov, msg)?)
    }

    /// Sends `amount` XMS base units from `sender` to governance with `hook`.
    pub fn send_xms(
        &mut self,
        gov: &Addr,
        sender: &Addr,
        amount: u128,
        hook: &ReceiveMsg,
    ) -> AnyResult<AppResponse> {
        let msg = Cw20ExecuteMsg::Send {
            contract: gov.to_string(),
            amount: Uint128::new(amount),
            msg: to_json_binary(hook)?,
        };
        let xms = self.xms.clone();
        self.cw20_execute(sender, &xms, &msg)
    }

    /// Stakes `amount` XMS base units for `staker`.
    pub fn stake(&mut self, gov: &Addr, staker: &Addr, amount: u128) -> AnyResult<AppResponse> {
        self.send_xms(gov, staker, amount, &ReceiveMsg::Stake {})
    }

    /// Proposes `msgs` with a `deposit` (XMS base units) and returns the new proposal's id.
    pub fn propose(
        &mut self,
        gov: &Addr,
        proposer: &Addr,
        deposit: u128,
        msgs: Vec<CosmosMsg>,
    ) -> AnyResult<u64> {
        let hook = ReceiveMsg::Propose {
            title: format!("Proposal with {} messages", msgs.len()),
            description: "Proposed by the test harness.".to_string(),
            msgs,
        };
        let res = self.send_xms(gov, proposer, deposit, &hook)?;
        let id = res
            .events
            .iter()
            .filter(|e| e.ty == "wasm")
            .flat_map(|e| &e.attributes)
            .find(|a| a.key == "id")
            .expect("a proposal id in the events")
            .value
            .parse()?;
        Ok(id)
    }

    pub fn vote(
        &mut self,
        gov: &Addr,
        voter: &Addr,
        id: u64,
        vote: VoteOption,
    ) -> AnyResult<AppResponse> {
        self.gov_execute(gov, voter, &ExecuteMsg::Vote { id, vote })
    }

    pub fn execute_proposal(
        &mut self,
        gov: &Addr,
        sender: &Addr,
        id: u64,
    ) -> AnyResult<AppResponse> {
        self.gov_execute(gov, sender, &ExecuteMsg::Execute { id })
    }

    /// A proposal message executing `msg` on the vault.
    pub fn vault_msg(&self, msg: &VaultExecuteMsg) -> CosmosMsg {
        wasm_execute(&self.vault, msg, vec![])
            .expect("serializable vault message")
            .into()
    }

    /// Lets `seconds` pass (one block every [`BLOCK_TIME`] seconds, at least one block), then
    /// republishes every basket asset's default price so the vault's prices stay fresh.
    pub fn pass_time(&mut self, seconds: u64) {
        self.app.update_block(|block| {
            block.time = block.time.plus_seconds(seconds);
            block.height += (seconds / BLOCK_TIME).max(1);
        });
        let prices: Vec<_> = self
            .basket
            .iter()
            .map(|a| (a.info.clone(), a.price.to_string()))
            .collect();
        for (asset, price) in prices {
            self.set_price(&asset, &price);
        }
    }
}
