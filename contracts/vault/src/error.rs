use cosmwasm_std::{
    CheckedFromRatioError, ConversionOverflowError, Decimal, OverflowError, StdError, Uint128,
};
use cw_ownable::OwnershipError;
use cw_utils::PaymentError;
use mars_types::asset::AssetError;
use mars_types::migrate::MigrateError;
use mars_types::value::ValueError;
use mars_types::vault::ParamsError;
use mars_types::{Bps, Tier};
use thiserror::Error;

use crate::limits::Flow;

#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    #[error(transparent)]
    Std(#[from] StdError),

    #[error(transparent)]
    Overflow(#[from] OverflowError),

    #[error(transparent)]
    ConversionOverflow(#[from] ConversionOverflowError),

    #[error(transparent)]
    CheckedFromRatio(#[from] CheckedFromRatioError),

    #[error(transparent)]
    Payment(#[from] PaymentError),

    #[error(transparent)]
    Ownership(#[from] OwnershipError),

    #[error(transparent)]
    Params(#[from] ParamsError),

    #[error(transparent)]
    Asset(#[from] AssetError),

    #[error(transparent)]
    Value(#[from] ValueError),

    #[error(transparent)]
    Migrate(#[from] MigrateError),

    #[error("only the guardian or the owner may pause")]
    NotGuardian {},

    #[error("only the owner may pause or unpause proportional redemption")]
    ProportionalRedeemOwnerOnly {},

    #[error("asset {asset} is not whitelisted")]
    AssetNotWhitelisted { asset: String },

    #[error("asset {asset} is already whitelisted")]
    AssetAlreadyWhitelisted { asset: String },

    #[error("USDm itself cannot be whitelisted as collateral")]
    UsdmAsCollateral {},

    #[error("the whitelist is full: at most {max_assets} assets")]
    TooManyAssets { max_assets: u32 },

    #[error("max_assets {max_assets} is below the {count} assets already whitelisted")]
    MaxAssetsBelowCount { max_assets: u32, count: u32 },

    #[error(
        "cannot remove {asset}: the vault still holds {liquid} liquid and {deployed} deployed, \
         not dust (below {dust_limit} while minting is disabled)"
    )]
    AssetStillHeld {
        asset: String,
        liquid: Uint128,
        deployed: Uint128,
        /// Holdings below this are dust, once minting is disabled; zero while it is enabled.
        dust_limit: Uint128,
    },

    #[error(
        "minting is refused below full collateral: the collateral ratio after this mint would be \
         {collateral_ratio} ({backing} micro-USD of collateral at deposit prices for \
         {supply_after} USDm)"
    )]
    Undercollateralized {
        collateral_ratio: Decimal,
        backing: Uint128,
        supply_after: Uint128,
    },

    #[error("the vault holds no USDm to burn")]
    NoStrayUsdm {},

    #[error("minting is paused")]
    MintPaused {},

    #[error("minting with {asset} is paused")]
    AssetMintPaused { asset: String },

    #[error("minting with {asset} is disabled")]
    MintDisabled { asset: String },

    #[error("single-asset redemption is paused")]
    SingleRedeemPaused {},

    #[error("proportional redemption is halted")]
    ProportionalRedeemHalted {},

    #[error("redemption in {asset} is disabled")]
    RedeemDisabled { asset: String },

    #[error("cannot redeem {amount} USDm: only {supply} exist")]
    AmountAboveSupply { amount: Uint128, supply: Uint128 },

    #[error("amount must not be zero")]
    ZeroAmount {},

    #[error("the oracle's conservative price of {asset} is zero")]
    ZeroPrice { asset: String },

    #[error("the operation would pay out nothing: the amount is too small")]
    ZeroOutput {},

    #[error("{asset} out {amount} is below min_out {min_out}")]
    MinOutNotMet {
        asset: String,
        amount: Uint128,
        min_out: Uint128,
    },

    #[error("{asset} would reach {share} of the vault, above its cap of {cap}")]
    AssetShareCapExceeded { asset: String, share: Bps, cap: Bps },

    #[error("tier {tier} would reach {share} of the vault, above its cap of {cap}")]
    TierShareCapExceeded { tier: Tier, share: Bps, cap: Bps },

    #[error(
        "{asset} would be worth {value} micro-USD in the vault, above its ceiling of {ceiling}"
    )]
    ValueCeilingExceeded {
        asset: String,
        value: Uint128,
        ceiling: Uint128,
    },

    #[error("not enough liquid {asset}: {requested} requested, {available} available")]
    InsufficientLiquidity {
        asset: String,
        requested: Uint128,
        available: Uint128,
    },

    #[error("minting would take the USDm supply to {supply_after}, above its cap of {cap}")]
    SupplyCapExceeded { cap: Uint128, supply_after: Uint128 },

    #[error(
        "{flow} of {requested} USDm is throttled: {available} may pass now, \
         {requested} in {wait_seconds}s"
    )]
    Throttled {
        flow: Flow,
        requested: Uint128,
        available: Uint128,
        wait_seconds: u64,
    },

    #[error(
        "{flow} of {requested} USDm is above the hourly limit of {limit} at the current supply: \
         split it over more than an hour"
    )]
    AboveHourlyLimit {
        flow: Flow,
        requested: Uint128,
        limit: Uint128,
    },

    #[error("cw20 {token} is not a whitelisted asset")]
    UnexpectedCw20 { token: String },

    #[error("redemptions must be paid in USDm, not in {token}")]
    RedeemWithWrongToken { token: String },

    #[error("the oracle returned {got} prices for {asked} assets")]
    OracleMismatch { asked: usize, got: usize },

    #[error("the oracle returned a price for {got} where {expected} was asked")]
    OracleWrongAsset { expected: String, got: String },

    #[error("unknown reply id {id}")]
    UnknownReply { id: u64 },

    #[error("the IBC packet is not an ICS-20 transfer: {error}")]
    IbcPacketUnreadable { error: String },

    #[error("the transfer is to {receiver}, not to the vault: only coins the vault receives mint")]
    IbcWrongReceiver { receiver: String },

    #[error("the transfer's memo cannot be read: {error}")]
    IbcMemoUnreadable { error: String },

    #[error("the transfer's memo has no \"mars\" key naming the beneficiary")]
    IbcNoMintMemo {},

    #[error("the beneficiary {beneficiary} is not an address of this chain: {error}")]
    IbcBeneficiary { beneficiary: String, error: String },

    #[error("{channel} is not a transfer channel of this chain (channel-<n>)")]
    IbcChannelInvalid { channel: String },

    #[error("{receiver:?} is not a receiver an ICS-20 transfer accepts")]
    IbcReceiverInvalid { receiver: String },

    #[error("an IBC payout's timeout must be from 1 to {max} seconds, not {seconds}", max = mars_types::vault::MAX_IBC_TIMEOUT_SECONDS)]
    IbcTimeoutOutOfRange { seconds: u64 },

    #[error("{asset} is a cw20 token: an ICS-20 transfer carries native coins only; redeem it on this chain")]
    IbcPayoutNotNative { asset: String },

    #[error("a redemption paid over IBC names its receiver in `ibc`, not in `recipient`")]
    IbcRecipientConflict {},

    #[error("the vault owes {owner} nothing")]
    NoClaims { owner: String },

    #[error("no pool is registered on pair {pair}")]
    UnknownPool { pair: String },

    #[error("a pool is already registered on pair {pair}")]
    PoolAlreadyRegistered { pair: String },

    #[error("the vault may register at most {max} pools")]
    TooManyPools { max: usize },

    #[error("invalid pool parameters: {reason}")]
    InvalidPoolParams { reason: String },

    #[error("{pair} is not a pool of USDm and a whitelisted asset: {reason}")]
    NotAUsdmPool { pair: String, reason: String },

    #[error("the vault makes no market in {asset}: a tier 5 asset is priced from its own pool")]
    GovernanceTierPool { asset: String },

    #[error("the vault still holds {lp_units} LP tokens of pair {pair}: withdraw them first")]
    PoolStillHeld { pair: String, lp_units: Uint128 },

    #[error("{asset} is paired in the vault's pool on {pair}: remove the pool first")]
    AssetInPool { asset: String, pair: String },

    #[error("the reserves of pair {pair} cannot be read or priced now")]
    PoolUnreadable { pair: String },

    #[error(
        "pair {pair} prices the asset at {pool_price} micro-USD, more than {max_bps} from the oracle's {oracle_price}"
    )]
    PoolOffPeg {
        pair: String,
        pool_price: Uint128,
        oracle_price: Uint128,
        max_bps: Bps,
    },

    #[error("the vault's USDm in pair {pair} would be {usdm}, above its maximum {max}")]
    PoolUsdmAboveMax {
        pair: String,
        usdm: Uint128,
        max: Uint128,
    },

    #[error(
        "{deployed} of the {held} {asset} the vault holds would be deployed, above {max_bps} bps"
    )]
    DeployedAboveMax {
        asset: String,
        deployed: Uint128,
        held: Uint128,
        max_bps: Bps,
    },

    #[error("a treasury operation is waiting for its reply")]
    TreasuryBusy {},

    #[error("pair {pair} moved the vault's balances in a way the operation does not allow")]
    PairMisbehaved { pair: String },

    #[error("pair {pair} minted {lp} LP tokens, fewer than the {min_lp} asked for")]
    MinLpNotMet {
        pair: String,
        lp: Uint128,
        min_lp: Uint128,
    },

    #[error("the vault holds {lp_units} LP tokens of pair {pair}, fewer than {lp_amount}")]
    LpAboveHeld {
        pair: String,
        lp_amount: Uint128,
        lp_units: Uint128,
    },

    #[error("invalid staking parameters: {reason}")]
    InvalidStakingParams { reason: String },

    #[error("staking is not set: governance sets it with `set_staking`")]
    StakingNotSet {},

    #[error("{validator} is not a validator the vault may delegate to")]
    UnknownValidator { validator: String },

    #[error("the vault still has a delegation to {validator}: undelegate it first")]
    ValidatorStillDelegated { validator: String },

    #[error("the vault delegated {delegated} to {validator}, less than {amount}")]
    UndelegateAboveDelegated {
        validator: String,
        amount: Uint128,
        delegated: Uint128,
    },

    #[error(
        "{asset} is liquid enough ({liquid}, with what is unbonding, against a floor of {floor}): only the owner may undelegate"
    )]
    LiquidAboveFloor {
        asset: String,
        liquid: Uint128,
        floor: Uint128,
    },

    #[error(
        "the chain keeps at most 7 unbonding entries for {validator}: wait for one to complete"
    )]
    TooManyUnbondings { validator: String },

    #[error("nothing to claim")]
    NothingToClaim {},

    #[error("the strategy's message moved the vault's balance in a way it does not allow")]
    StrategyMisbehaved {},

    #[error("invalid lending parameters: {reason}")]
    InvalidLendingParams { reason: String },

    #[error("{market} does not answer the red-bank interface's `user_collateral` query")]
    NotALendingMarket { market: String },

    #[error("no lending of {denom} is registered with market {market}")]
    UnknownMarket { market: String, denom: String },

    #[error("the vault may lend in at most {max} markets")]
    TooManyMarkets { max: usize },

    #[error("the vault's deposit in {market} is worth {deposited}, less than {amount}")]
    LendingAboveDeposit {
        market: String,
        amount: Uint128,
        deposited: Uint128,
    },
}
