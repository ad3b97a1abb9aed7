//! Arbitrary sequences of mints, redemptions, price moves, waits, rate-limit changes, the
//! treasury's provides to and withdrawals from a USDC/USDm pool and users' swaps on it, and the
//! staking of the vault's ATOM (delegations, undelegations and recalls, claims, reward
//! withdrawals, slashes of the validator), through the whole protocol as the harness deploys it, with the vault's invariants (DESIGN.md §11)
//! checked after every step by the model the property test uses
//! (`contracts/vault/tests/model/mod.rs`). Any panic is a finding.

#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[path = "../../contracts/vault/tests/common/mod.rs"]
mod common;
#[path = "../../contracts/vault/tests/model/mod.rs"]
mod model;

use mars_types::treasury::UNBONDING_GRACE;
use model::{Op, NAMES, USERS};

/// The most operations one input runs: each deploys the protocol afresh, so long inputs only
/// slow the search down.
const MAX_OPS: usize = 32;

/// An operation as the fuzzer writes it; every index wraps and every amount is clamped into the
/// model's ranges.
#[derive(Arbitrary, Debug)]
enum RawOp {
    Mint {
        user: u8,
        asset: u8,
        dollars: u16,
    },
    Redeem {
        user: u8,
        percent: u8,
        single: Option<u8>,
    },
    Price {
        asset: u8,
        percent: u8,
    },
    Wait {
        seconds: u16,
    },
    SetLimits {
        mint: Option<(u16, u16)>,
        redeem: Option<(u16, u16)>,
        supply_cap: Option<u32>,
    },
    Provide {
        percent: u8,
    },
    Withdraw {
        percent: u8,
    },
    Swap {
        user: u8,
        percent: u8,
        sell_usdm: bool,
    },
    /// A wait past the grace after an unbonding's completion, by `hours` more.
    LongWait {
        hours: u8,
    },
    Delegate {
        percent: u8,
    },
    Undelegate {
        percent: u8,
        by_owner: bool,
    },
    ClaimUnbonded,
    WithdrawRewards,
    Slash {
        percent: u8,
    },
}

impl From<RawOp> for Op {
    fn from(raw: RawOp) -> Op {
        let user = |u: u8| usize::from(u) % USERS.len();
        let asset = |a: u8| usize::from(a) % NAMES.len();
        match raw {
            RawOp::Mint {
                user: u,
                asset: a,
                dollars,
            } => Op::Mint {
                user: user(u),
                asset: asset(a),
                dollars: u32::from(dollars.max(1)),
            },
            RawOp::Redeem {
                user: u,
                percent,
                single,
            } => Op::Redeem {
                user: user(u),
                percent: percent % 100 + 1,
                single: single.map(asset),
            },
            // the stablecoin's price stays put; others move by 50% to 150%
            RawOp::Price { asset: a, percent } => Op::Price {
                asset: 1 + usize::from(a) % (NAMES.len() - 1),
                percent: 50 + percent % 101,
            },
            RawOp::Wait { seconds } => Op::Wait {
                seconds: u32::from(seconds),
            },
            RawOp::SetLimits {
                mint,
                redeem,
                supply_cap,
            } => Op::SetLimits {
                mint: mint.map(|(dollars, bps)| (u32::from(dollars), bps % 10_001)),
                redeem: redeem.map(|(dollars, bps)| (u32::from(dollars), bps % 10_001)),
                supply_cap,
            },
            // up to 120% of what the vault holds: beyond 100%, refused
            RawOp::Provide { percent } => Op::Provide {
                percent: percent % 120 + 1,
            },
            RawOp::Withdraw { percent } => Op::Withdraw {
                percent: percent % 120 + 1,
            },
            RawOp::Swap {
                user: u,
                percent,
                sell_usdm,
            } => Op::Swap {
                user: user(u),
                percent: percent % 100 + 1,
                sell_usdm,
            },
            // the grace and up to two days more
            RawOp::LongWait { hours } => Op::Wait {
                seconds: UNBONDING_GRACE as u32 + u32::from(hours % 49) * 3_600,
            },
            RawOp::Delegate { percent } => Op::Delegate {
                percent: percent % 100 + 1,
            },
            // up to 110% of the principal: beyond 100%, refused
            RawOp::Undelegate { percent, by_owner } => Op::Undelegate {
                percent: percent % 110 + 1,
                by_owner,
            },
            RawOp::ClaimUnbonded => Op::ClaimUnbonded,
            RawOp::WithdrawRewards => Op::WithdrawRewards,
            // 1% to 10%
            RawOp::Slash { percent } => Op::Slash {
                percent: percent % 10 + 1,
            },
        }
    }
}

fuzz_target!(|ops: Vec<RawOp>| {
    if ops.len() <= MAX_OPS {
        model::run(ops.into_iter().map(Op::from).collect());
    }
});
