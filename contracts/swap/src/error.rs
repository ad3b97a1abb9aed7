use cosmwasm_std::{Decimal, OverflowError, StdError, Uint128};
use cw_utils::PaymentError;
use mars_types::asset::AssetError;
use mars_types::curve::CurveError;
use mars_types::migrate::MigrateError;
use mars_types::Bps;
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
    Curve(#[from] CurveError),

    #[error(transparent)]
    Asset(#[from] AssetError),

    #[error(transparent)]
    Migrate(#[from] MigrateError),

    #[error("a pool has exactly two distinct assets")]
    InvalidAssetInfos {},

    #[error("{asset} is not an asset of this pool")]
    AssetNotInPool { asset: String },

    #[error("the swap fee {fee} is above the maximum of {max}")]
    FeeTooHigh { fee: Bps, max: Bps },

    #[error("a protocol fee share needs a fee address")]
    ProtocolFeeWithoutAddress {},

    #[error("amplification {amp} must be from {min} to {max}")]
    AmpOutOfRange { amp: u64, min: u64, max: u64 },

    #[error("decimals {decimals} are above the maximum of {max}")]
    DecimalsOutOfRange { decimals: u8, max: u8 },

    #[error("the pair's LP token is not instantiated yet")]
    NoLiquidityToken {},

    #[error("unknown reply id {id}")]
    UnknownReply { id: u64 },

    #[error("{token} is no cw20 of this pool")]
    UnknownToken { token: String },

    #[error("a deposit names each of the pool's two assets once")]
    DepositAssets {},

    #[error("{denom}: the message names {named} but {sent} was sent")]
    FundsMismatch {
        denom: String,
        named: Uint128,
        sent: Uint128,
    },

    #[error("{denom} was sent but is not named by the message")]
    UnexpectedFunds { denom: String },

    #[error("a swap with a bank coin offers that coin, sent as the message's only fund")]
    NativeOfferOnly {},

    #[error("Mars Swap has no incentives contract: auto_stake must not be true")]
    AutoStakeUnsupported {},

    #[error("{what} {value} is above the maximum of {max}")]
    ToleranceTooHigh {
        what: String,
        value: Decimal,
        max: Decimal,
    },

    #[error("the belief price must be positive")]
    ZeroBeliefPrice {},

    #[error("the spread is above the maximum the swap accepts")]
    MaxSpreadAssertion {},

    #[error("the deposit's ratio is further from the pool's than the slippage tolerance")]
    MaxSlippageAssertion {},

    #[error("the swap pays nothing")]
    NothingReturned {},

    #[error("the deposit mints {minted} LP tokens, fewer than the {min} asked")]
    MinLpNotReached { minted: Uint128, min: Uint128 },

    #[error("the withdrawal pays {paid} of {asset}, less than the {min} asked")]
    MinAssetNotReached {
        asset: String,
        paid: Uint128,
        min: Uint128,
    },

    #[error("imbalanced withdrawal is not supported: send the LP tokens with empty assets")]
    ImbalancedWithdrawal {},
}
