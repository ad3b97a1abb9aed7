#![allow(dead_code)]
//! Helpers shared by the governance integration tests: a DAO whose holders have staked.

use cosmwasm_std::{Addr, CosmosMsg};
use cw_multi_test::AppResponse;
use mars_governance::ContractError;
use mars_testing::env::whole;
use mars_testing::governance::{BLOCK_TIME, DAY, MIN_DEPOSIT};
use mars_testing::MarsEnv;
use mars_types::governance::{ProposalResponse, ProposalStatus, QueryMsg, Resolution, VoteOption};
use mars_types::vault::AssetUpdate;
use mars_types::{AssetInfoUnchecked, Bps};

/// Default periods of the harness, seconds.
pub const VOTING: u64 = 3 * DAY;
pub const TIMELOCK: u64 = 2 * DAY;
pub const WINDOW: u64 = 7 * DAY;
pub const UNBONDING: u64 = 14 * DAY;

/// Stakes of the DAO: 800,000 XMS in all, so quorum (30%) is 240,000 XMS.
pub const ALICE_STAKE: u128 = 400_000;
pub const BOB_STAKE: u128 = 300_000;
pub const CAROL_STAKE: u128 = 100_000;

/// `amount` whole XMS in base units.
pub fn xms(amount: u128) -> u128 {
    whole(amount, 6)
}

pub fn bps(v: u16) -> Bps {
    Bps::new(v).unwrap()
}

pub struct Dao {
    pub env: MarsEnv,
    pub gov: Addr,
    pub alice: Addr,
    pub bob: Addr,
    pub carol: Addr,
}

/// The protocol with governance owning the vault, nothing staked yet.
pub fn unstaked_dao() -> Dao {
    let mut env = MarsEnv::builder().build();
    let gov = env.deploy_governance(|_| {});
    let [alice, bob, carol] = ["alice", "bob", "carol"].map(|n| env.addr(n));
    Dao {
        env,
        gov,
        alice,
        bob,
        carol,
    }
}

/// Alice, Bob and Carol have staked, a block ago.
pub fn dao() -> Dao {
    let mut dao = unstaked_dao();
    for (who, amount) in [
        (dao.alice.clone(), ALICE_STAKE),
        (dao.bob.clone(), BOB_STAKE),
        (dao.carol.clone(), CAROL_STAKE),
    ] {
        dao.env.stake(&dao.gov, &who, xms(amount)).unwrap();
    }
    dao.env.pass_time(BLOCK_TIME);
    dao
}

/// Governance's `ContractError` inside a failed execution.
pub fn gov_err(res: anyhow::Result<impl std::fmt::Debug>) -> ContractError {
    res.expect_err("the call should fail")
        .downcast::<ContractError>()
        .unwrap_or_else(|err| panic!("expected a governance ContractError, got: {err:?}"))
}

/// The vault's `ContractError` inside a failed execution.
pub fn vault_err(res: anyhow::Result<AppResponse>) -> mars_vault::ContractError {
    res.expect_err("the call should fail")
        .downcast::<mars_vault::ContractError>()
        .unwrap_or_else(|err| panic!("expected a vault ContractError, got: {err:?}"))
}

/// The value of attribute `key` in governance's wasm events.
pub fn attr(res: &AppResponse, gov: &Addr, key: &str) -> Option<String> {
    res.events
        .iter()
        .filter(|e| {
            e.ty == "wasm"
                && e.attributes
                    .iter()
                    .any(|a| a.key == "_contract_address" && a.value == gov.as_str())
        })
        .flat_map(|e| &e.attributes)
        .find(|a| a.key == key)
        .map(|a| a.value.clone())
}

/// A vault message that moves `asset` to `update`.
pub fn update_asset(dao: &Dao, asset: &str, update: AssetUpdate) -> CosmosMsg {
    let asset = AssetInfoUnchecked::from(dao.env.asset(asset).info.clone());
    dao.env
        .vault_msg(&mars_types::vault::ExecuteMsg::UpdateAsset { asset, update })
}

impl Dao {
    pub fn proposal(&self, id: u64) -> ProposalResponse {
        self.env
            .gov_query(&self.gov, &QueryMsg::Proposal { id })
            .unwrap()
    }

    pub fn status(&self, id: u64) -> ProposalStatus {
        self.proposal(id).status
    }

    /// The last execution of proposal `id` failed; it may be executed again until it expires.
    pub fn assert_failed(&self, id: u64) {
        let p = self.proposal(id);
        assert_eq!(p.proposal.resolution, Some(Resolution::ExecutionFailed));
        assert_eq!(p.status, ProposalStatus::Executable);
    }

    /// Alice proposes `msgs` with the minimum deposit.
    pub fn propose(&mut self, msgs: Vec<CosmosMsg>) -> u64 {
        let alice = self.alice.clone();
        self.env
            .propose(&self.gov, &alice, MIN_DEPOSIT, msgs)
            .unwrap()
    }

    pub fn vote(&mut self, voter: &Addr, id: u64, vote: VoteOption) {
        self.env.vote(&self.gov, voter, id, vote).unwrap();
    }

    /// Alice and Bob vote yes, then the voting period ends: the proposal is in its timelock.
    pub fn pass(&mut self, id: u64) {
        let (alice, bob) = (self.alice.clone(), self.bob.clone());
        self.vote(&alice, id, VoteOption::Yes);
        self.vote(&bob, id, VoteOption::Yes);
        self.env.pass_time(VOTING);
        assert_eq!(self.status(id), ProposalStatus::Timelocked);
    }

    /// Proposes, passes and waits out the timelock: anyone may execute.
    pub fn executable(&mut self, msgs: Vec<CosmosMsg>) -> u64 {
        let id = self.propose(msgs);
        self.pass(id);
        self.env.pass_time(TIMELOCK);
        assert_eq!(self.status(id), ProposalStatus::Executable);
        id
    }

    /// Proposes, passes, waits and executes `msgs`, as Carol.
    pub fn enact(&mut self, msgs: Vec<CosmosMsg>) -> AppResponse {
        let id = self.executable(msgs);
        let carol = self.carol.clone();
        self.env.execute_proposal(&self.gov, &carol, id).unwrap()
    }

    pub fn xms_balance(&self, holder: &Addr) -> u128 {
        self.env.cw20_balance(&self.env.xms, holder)
    }
}
