use cosmwasm_std::{Addr, Decimal, OverflowError, StdError, Timestamp, Uint128};
use cw_utils::PaymentError;
use mars_types::governance::ProposalStatus;
use mars_types::migrate::MigrateError;
use thiserror::Error;

#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    #[error(transparent)]
    Std(#[from] StdError),

    #[error(transparent)]
    Overflow(#[from] OverflowError),

    #[error(transparent)]
    Payment(#[from] PaymentError),

    #[error(transparent)]
    Migrate(#[from] MigrateError),

    #[error("{name} {value} must be above 0 and at most 1")]
    RatioOutOfRange { name: &'static str, value: Decimal },

    #[error("{name} period of {seconds} seconds must be from 1 to {max} seconds")]
    PeriodOutOfRange {
        name: &'static str,
        seconds: u64,
        max: u64,
    },

    #[error(
        "an unbonding period of {unbonding} seconds is shorter than the voting period \
         ({voting} seconds) plus the timelock ({timelock} seconds): stakers could vote and \
         claim their XMS before the proposal executes"
    )]
    UnbondingTooShort {
        unbonding: u64,
        voting: u64,
        timelock: u64,
    },

    #[error("min_deposit must be positive")]
    ZeroMinDeposit {},

    #[error("governance accepts only XMS ({xms}), not {token}")]
    WrongToken { xms: Addr, token: Addr },

    #[error("only governance itself may do this, not {sender}")]
    NotGovernance { sender: Addr },

    #[error("only the guardian may veto, not {sender}")]
    NotGuardian { sender: Addr },

    #[error("amount must not be zero")]
    ZeroAmount {},

    #[error("cannot unstake {requested}: {staked} staked")]
    InsufficientStake { staked: Uint128, requested: Uint128 },

    #[error("{staker} already has {max} unbonding claims; claim matured ones first")]
    TooManyClaims { staker: Addr, max: usize },

    #[error("no matured claim to pay")]
    NothingToClaim {},

    #[error("deposit {deposit} is below the minimum of {min_deposit}")]
    DepositTooLow {
        deposit: Uint128,
        min_deposit: Uint128,
    },

    #[error("{field} is {length} bytes; it must be 1 to {max} bytes and not blank")]
    TextLength {
        field: &'static str,
        length: usize,
        max: usize,
    },

    #[error("a proposal carries 1 to {max} messages, not {count}")]
    MsgCount { count: usize, max: usize },

    #[error("a proposal's messages are {size} bytes of JSON; at most {max} are allowed")]
    MsgsTooLarge { size: usize, max: usize },

    #[error(
        "message {index} would {action} on XMS, which holds the stakes: a proposal may only \
         transfer, send or burn governance's XMS"
    )]
    XmsMsgRefused { index: usize, action: String },

    #[error("message {index} to XMS is not a cw20 transfer, send or burn: {error}")]
    XmsMsgUnreadable { index: usize, error: String },

    #[error(
        "message {index} is a protobuf {type_url}: wasm and authz messages must be written as \
         wasm messages, which governance checks"
    )]
    ProtobufMsgRefused { index: usize, type_url: String },

    #[error("message {index} addresses {address}, which is not a valid address")]
    MsgAddress { index: usize, address: String },

    #[error("nothing is staked: nobody could vote on a proposal")]
    NoStake {},

    #[error("proposal {id} does not exist")]
    ProposalNotFound { id: u64 },

    #[error("voting on proposal {id} is over (status: {status})")]
    VotingClosed { id: u64, status: ProposalStatus },

    #[error("{voter} already voted on proposal {id}")]
    AlreadyVoted { id: u64, voter: Addr },

    #[error("{voter} had no staked power at proposal {id}'s start height {height}")]
    NoVotingPower { id: u64, voter: Addr, height: u64 },

    #[error("proposal {id} is in its timelock until {executable_at}")]
    TimelockNotOver { id: u64, executable_at: Timestamp },

    #[error("proposal {id} expired at {expired_at}")]
    ExecutionExpired { id: u64, expired_at: Timestamp },

    #[error("proposal {id} cannot be executed: it is {status}")]
    NotExecutable { id: u64, status: ProposalStatus },

    #[error("proposal {id} can be vetoed only during its timelock; it is {status}")]
    NotInTimelock { id: u64, status: ProposalStatus },

    #[error("proposal {id} cannot be closed: it is {status}")]
    NotClosable { id: u64, status: ProposalStatus },

    #[error("proposal {id} is already closed")]
    AlreadyClosed { id: u64 },

    #[error("proposal {id} is not being executed")]
    NotExecuting { id: u64 },

    #[error("governance holds {balance} XMS but owes {required} to stakers, claims and deposits")]
    ReservesShortfall { balance: Uint128, required: Uint128 },

    #[error("unexpected reply {id}")]
    UnexpectedReply { id: u64 },
}
