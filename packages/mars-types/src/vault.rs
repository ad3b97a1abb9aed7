//! Messages of the vault: whitelist, tiers and caps, mint, redeem, pause, and the queries a front
//! end needs.

use std::fmt;

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Api, Coin, Decimal, StdError, Uint128};
use cw20::Cw20ReceiveMsg;
use cw_ownable::{cw_ownable_execute, cw_ownable_query};

use crate::asset::AssetError;
pub use crate::guardian::GuardianUpdate;
use crate::treasury::{LendingParams, PoolParams, StakingParams};
use crate::value::MAX_DECIMALS;
use crate::{AssetInfo, AssetInfoUnchecked, Bps, Rounding, Tier, TierCaps};

/// The largest mint or redeem fee governance may set: 5%.
pub const MAX_FEE: Bps = match Bps::new(500) {
    Ok(bps) => bps,
    Err(_) => panic!("valid"),
};

/// What counts as dust, micro-USD ($1). When the owner disables minting with an asset, the vault
/// records how much of it this buys at the asset's redeem price then; once redemptions have
/// taken the holdings below that amount they are dust: the vault stops pricing and valuing them
/// (so a stale price of dust blocks nothing) and the owner may remove the asset, writing the
/// dust off (it stays in the vault's balance, unaccounted).
pub const DUST_VALUE: Uint128 = Uint128::new(1_000_000);

/// The largest number of whitelisted assets any configuration may allow, so that every loop over
/// the assets is bounded in gas.
pub const MAX_ASSETS_LIMIT: u32 = 32;

/// How the vault creates its USDm token: it instantiates the token itself with itself as the only
/// minter, so no other minter can ever exist.
#[cw_serde]
pub struct UsdmInstantiate {
    /// Code id of the `mars-usdm` code stored on chain.
    pub code_id: u64,
    pub name: String,
    pub symbol: String,
    /// Label of the token contract on chain.
    pub label: String,
    pub marketing: Option<crate::usdm::InstantiateMarketingInfo>,
}

#[cw_serde]
pub struct InstantiateMsg {
    /// The owner: governance (or the deployer, who hands ownership to governance).
    pub owner: String,
    /// May pause minting and single-asset redemption; may not move funds or unpause.
    pub guardian: Option<String>,
    pub oracle: String,
    /// The USDm token the vault instantiates; the token's wasm admin is the owner.
    pub usdm: UsdmInstantiate,
    /// While a mint leaves the vault's total value (micro-USD) below this, share caps do not
    /// bind it (bootstrap). Single redemptions keep the caps whatever the total, and absolute
    /// ceilings always apply.
    pub cap_floor: Uint128,
    /// The largest number of whitelisted assets, at most 32.
    pub max_assets: u32,
    pub tier_caps: TierCaps,
    /// Fee on proportional redemptions, the same for every asset so the slice keeps the
    /// vault's composition; at most [`MAX_FEE`].
    pub proportional_redeem_fee: Bps,
    /// Hourly throttles on minting and redemption, and the USDm supply cap.
    pub limits: Limits,
}

/// The length of a throttle's period: its limit refills over one hour.
pub const THROTTLE_PERIOD_SECONDS: u64 = 3_600;

/// A throttle in the style of Reserve Protocol's: at most `max(amount, supply_bps × USDm supply)`
/// USDm per hour, refilled linearly, so a large flow slows down instead of passing in one block.
#[cw_serde]
#[derive(Copy)]
pub struct Throttle {
    /// The hourly limit's floor, in USDm base units. Must be positive, so an empty vault can
    /// start.
    pub amount: Uint128,
    /// The hourly limit as a share of the USDm supply, where that is above `amount`.
    pub supply_bps: Bps,
}

impl Throttle {
    /// The hourly limit at `supply`: `max(amount, supply_bps × supply)`, rounded down.
    pub fn limit(&self, supply: Uint128) -> Uint128 {
        self.amount
            .max(self.supply_bps.apply(supply, Rounding::Down))
    }
}

impl fmt::Display for Throttle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "max({}, {} of supply)", self.amount, self.supply_bps)
    }
}

/// The vault's rate limits and supply cap; `None` turns each off.
#[cw_serde]
#[derive(Default)]
pub struct Limits {
    /// Hourly throttle on the USDm that mints create, native and cw20 alike.
    pub mint: Option<Throttle>,
    /// Hourly throttle on the USDm that redemptions burn, both modes together.
    pub redeem: Option<Throttle>,
    /// The largest USDm supply (base units) a mint may reach. Below the current supply it stops
    /// every mint; redemptions are never capped.
    pub supply_cap: Option<Uint128>,
}

impl Limits {
    /// Every throttle's floor must be positive: a zero floor would stop the flow for good
    /// while the supply is zero (pausing is the guardian's tool, not a throttle's).
    pub fn validate(&self) -> Result<(), ParamsError> {
        for (throttle, params) in [("mint", &self.mint), ("redeem", &self.redeem)] {
            if params.is_some_and(|t| t.amount.is_zero()) {
                return Err(ParamsError::ZeroThrottle {
                    throttle: throttle.to_string(),
                });
            }
        }
        Ok(())
    }
}

/// The parameters of a whitelisted asset, as a message carries them.
#[cw_serde]
pub struct AssetParamsBase<T> {
    pub asset: T,
    /// Decimals of the token (6 for most Cosmos coins, 8 for BTC, 18 for EVM tokens); at most 18.
    pub decimals: u8,
    pub tier: Tier,
    /// Largest share of the total vault value this asset may hold; at most its tier's cap.
    pub max_share: Bps,
    /// Absolute ceiling on the value of this asset in the vault, in micro-USD.
    pub value_ceiling: Uint128,
    /// Fee on mints with this asset, at most [`MAX_FEE`]; stays in the vault as surplus.
    pub mint_fee: Bps,
    /// Fee on single-asset redemptions paid in this asset, at most [`MAX_FEE`].
    pub redeem_fee: Bps,
    pub mint_enabled: bool,
    pub redeem_enabled: bool,
}

pub type AssetParamsUnchecked = AssetParamsBase<AssetInfoUnchecked>;
pub type AssetParams = AssetParamsBase<AssetInfo>;

/// Why a configuration was refused.
#[derive(thiserror::Error, Debug, PartialEq)]
pub enum ParamsError {
    #[error(transparent)]
    Asset(#[from] AssetError),

    #[error("decimals {decimals} of {asset} is above the maximum of {MAX_DECIMALS}")]
    DecimalsOutOfRange { asset: String, decimals: u8 },

    #[error("{asset} max share {max_share} is above its tier {tier} cap {tier_cap}")]
    AssetCapAboveTierCap {
        asset: String,
        max_share: Bps,
        tier: Tier,
        tier_cap: Bps,
    },

    #[error("{fee} fee {value} is above the maximum of {MAX_FEE}")]
    FeeTooHigh { fee: String, value: Bps },

    #[error(transparent)]
    TierCaps(#[from] crate::tier::TierCapsIncreasing),

    #[error("max_assets {max_assets} must be from 1 to {MAX_ASSETS_LIMIT}")]
    MaxAssetsOutOfRange { max_assets: u32 },

    #[error("the {throttle} throttle's amount must be positive")]
    ZeroThrottle { throttle: String },

    #[error(transparent)]
    Std(#[from] StdError),
}

impl AssetParamsUnchecked {
    /// Validates the asset and every bound that does not depend on other state; the tier cap
    /// bound is checked against `tier_caps`.
    pub fn check(&self, api: &dyn Api, tier_caps: &TierCaps) -> Result<AssetParams, ParamsError> {
        let asset = self.asset.check(api)?;
        let params = AssetParams {
            asset,
            decimals: self.decimals,
            tier: self.tier,
            max_share: self.max_share,
            value_ceiling: self.value_ceiling,
            mint_fee: self.mint_fee,
            redeem_fee: self.redeem_fee,
            mint_enabled: self.mint_enabled,
            redeem_enabled: self.redeem_enabled,
        };
        params.validate(tier_caps)?;
        Ok(params)
    }
}

impl AssetParams {
    /// The bounds every stored asset satisfies.
    pub fn validate(&self, tier_caps: &TierCaps) -> Result<(), ParamsError> {
        let asset = self.asset.to_string();
        if self.decimals > MAX_DECIMALS {
            return Err(ParamsError::DecimalsOutOfRange {
                asset,
                decimals: self.decimals,
            });
        }
        let tier_cap = tier_caps.get(self.tier);
        if self.max_share > tier_cap {
            return Err(ParamsError::AssetCapAboveTierCap {
                asset,
                max_share: self.max_share,
                tier: self.tier,
                tier_cap,
            });
        }
        validate_fee(&format!("{asset} mint"), self.mint_fee)?;
        validate_fee(&format!("{asset} redeem"), self.redeem_fee)
    }
}

/// A fee must not exceed [`MAX_FEE`]; `fee` names it in the error.
pub fn validate_fee(fee: &str, value: Bps) -> Result<(), ParamsError> {
    if value > MAX_FEE {
        return Err(ParamsError::FeeTooHigh {
            fee: fee.to_string(),
            value,
        });
    }
    Ok(())
}

/// Changes to a whitelisted asset; absent fields stay as they are.
#[cw_serde]
#[derive(Default)]
pub struct AssetUpdate {
    pub tier: Option<Tier>,
    pub max_share: Option<Bps>,
    pub value_ceiling: Option<Uint128>,
    pub mint_fee: Option<Bps>,
    pub redeem_fee: Option<Bps>,
    /// `false` disables minting with the asset and records its dust limit (what `DUST_VALUE`
    /// buys at its redeem price, zero if the oracle refuses the price then: disable it again
    /// later to record one); `true` enables minting and clears the limit.
    pub mint_enabled: Option<bool>,
    pub redeem_enabled: Option<bool>,
}

/// What the guardian may pause (and the owner unpause).
#[cw_serde]
pub enum PauseTarget {
    /// Every mint.
    Mint,
    /// Mints with one asset.
    MintAsset { asset: AssetInfoUnchecked },
    /// Single-asset redemptions.
    SingleRedeem,
    /// Proportional redemptions: owner only, in both directions.
    ProportionalRedeem,
}

#[cw_ownable_execute]
#[cw_serde]
pub enum ExecuteMsg {
    /// Mints USDm with exactly one whitelisted native coin sent as funds.
    Mint {
        /// Who receives the USDm (default: the sender). Name the real beneficiary when the
        /// sender is an IBC-hooks intermediary address.
        recipient: Option<String>,
        /// Refuse the mint if it would give less USDm than this (base units).
        min_out: Option<Uint128>,
    },
    /// cw20 entry point: a whitelisted cw20 sends a [`ReceiveMsg::Mint`], or the USDm token sends
    /// a [`ReceiveMsg::Redeem`].
    Receive(Cw20ReceiveMsg),

    /// Owner: whitelists an asset.
    AddAsset { params: AssetParamsUnchecked },
    /// Owner: changes a whitelisted asset's tier, caps, ceiling, fees or switches.
    UpdateAsset {
        asset: AssetInfoUnchecked,
        update: AssetUpdate,
    },
    /// Owner: removes an asset the vault no longer holds, or holds only dust of (disable minting
    /// first, which records the dust limit, and let redemptions drain it); dust is written off,
    /// left in the vault's balance and no longer counted.
    RemoveAsset { asset: AssetInfoUnchecked },
    /// Owner: sets the five tier caps (non-increasing from tier 1 to 5, each at least the cap of
    /// every asset in the tier).
    SetTierCaps { caps: TierCaps },
    /// Owner: changes the oracle, the guardian, the bootstrap floor, the asset limit, the
    /// proportional redemption fee or the rate limits.
    UpdateConfig(ConfigUpdate),

    /// Anyone: burns the USDm the vault holds. USDm reaches the vault's balance only by a
    /// plain cw20 `Transfer` (a redemption's USDm is burnt in the same transaction), so it is
    /// sent by mistake; burnt, it stops counting in the supply, the supply cap and the
    /// throttles. Refused when the vault holds none.
    BurnStrayUsdm {},

    /// Anyone with claims: pays the sender every coin the vault owes it, in one bank send.
    /// Claims arise when a redemption paid to another chain comes back (an error
    /// acknowledgement or a timeout refunds the coins to the vault). Refused when there are none.
    WithdrawClaims {},

    /// Owner: registers a pool of the paired asset (whitelisted, not tier 5) against USDm on a
    /// pair that speaks the Astroport pair interface; the assets, the LP token and the curve
    /// are read from the pair (`pair`, `config`). At most [`crate::treasury::MAX_POOLS`].
    RegisterPool { pair: String, params: PoolParams },
    /// Owner: replaces a registered pool's bounds; they apply to the next provide.
    UpdatePool { pair: String, params: PoolParams },
    /// Owner: forgets a pool in which the vault holds no LP tokens.
    RemovePool { pair: String },
    /// Owner: deploys `asset_amount` of the pool's liquid paired asset and USDm minted in the
    /// pool's ratio (at the oracle price into an empty pool) into the pool. Refused when the
    /// pool's price is further from the oracle's than the pool's bound, when the vault's USDm
    /// in the pool would pass `max_usdm` or the asset's deployed share `max_deployed_bps`, when
    /// the asset's share caps would not hold were all the vault's USDm in the pool bought with
    /// the asset, or when fewer than `min_lp` LP tokens come back (counted by the vault's
    /// balance). What the pool does not take comes back: the asset stays liquid, USDm is burnt.
    ProvideLiquidity {
        pair: String,
        asset_amount: Uint128,
        min_lp: Uint128,
    },
    /// Owner: withdraws `lp_amount` LP tokens from the pool: the paired asset that comes back
    /// is liquid again, the USDm burnt; refused below `min_asset` or `min_usdm` (counted by the
    /// vault's balances).
    WithdrawLiquidity {
        pair: String,
        lp_amount: Uint128,
        min_asset: Uint128,
        min_usdm: Uint128,
    },

    /// Owner: sets the bounds of staking the chain's bonded denom (read from the chain; it must
    /// be whitelisted and not tier 5). A validator with a delegation cannot be dropped.
    SetStaking { params: StakingParams },
    /// Owner: delegates `amount` of the liquid bonded denom to a listed validator, within
    /// `max_deployed_bps`; rewards the chain pays out with it are credited as surplus.
    Delegate { validator: String, amount: Uint128 },
    /// Owner, or anyone while the bonded asset's liquid share is below `min_liquid_bps`
    /// (then at most what brings it back, counting what is already unbonding): undelegates
    /// `amount`; the coins are expected back after `unbonding_period`.
    Undelegate { validator: String, amount: Uint128 },
    /// Anyone: credits the completed unbondings by what has arrived in the vault's balance;
    /// what has not arrived a day after completion is written off (a slash).
    ClaimUnbonded {},
    /// Anyone: withdraws the staking rewards, credited as surplus by the balance they add.
    WithdrawRewards {},

    /// Owner: registers (or updates the bounds of) deposits of the whitelisted native `denom`
    /// into `market`, a lending market on Mars Protocol's red-bank interface. At most
    /// [`crate::treasury::MAX_MARKETS`].
    SetLending {
        market: String,
        denom: String,
        params: LendingParams,
    },
    /// Owner: deposits `amount` of the liquid asset into the market, within `max_deployed_bps`.
    LendingDeposit {
        market: String,
        denom: String,
        amount: Uint128,
    },
    /// Owner, or anyone while the asset's liquid share is below `min_liquid_bps` (then at most
    /// what brings it back): withdraws `amount` from the market. What arrives, counted by the
    /// vault's balance, is liquid; the principal falls by the withdrawn share of the deposit,
    /// so interest is surplus and a shortfall a loss.
    LendingWithdraw {
        market: String,
        denom: String,
        amount: Uint128,
    },

    /// Guardian or owner: pauses. `ProportionalRedeem` is owner only.
    Pause { target: PauseTarget },
    /// Owner: lifts a pause.
    Unpause { target: PauseTarget },
}

/// Changes to the configuration; absent fields stay as they are.
#[cw_serde]
#[derive(Default)]
pub struct ConfigUpdate {
    pub oracle: Option<String>,
    pub guardian: Option<GuardianUpdate>,
    pub cap_floor: Option<Uint128>,
    pub max_assets: Option<u32>,
    pub proportional_redeem_fee: Option<Bps>,
    /// The throttles and supply cap, replaced as a whole (`None` inside turns one off). What
    /// each throttle has used in the last hour is kept: a new limit applies to it at once.
    pub limits: Option<Limits>,
}

/// The hook carried by a cw20 `Send` to the vault.
#[cw_serde]
pub enum ReceiveMsg {
    /// Mint USDm with the cw20 tokens sent (whitelisted cw20s only).
    Mint {
        recipient: Option<String>,
        min_out: Option<Uint128>,
    },
    /// Redeem the USDm sent (from the USDm token only) for vault assets.
    Redeem {
        mode: RedeemMode,
        /// Who receives the assets on this chain (default: the USDm holder who sent them). Not
        /// with `ibc`.
        recipient: Option<String>,
        /// Pay the assets to another chain instead: each native coin of the payout in an ICS-20
        /// transfer from the vault. Refused when the payout holds a cw20 token. If a transfer
        /// fails on the other chain or times out, its coins come back to the vault and become
        /// the USDm holder's claim on this chain (`claims`, `withdraw_claims`).
        ibc: Option<IbcDestination>,
    },
}

/// The longest an IBC payout may wait for its receipt: one week.
pub const MAX_IBC_TIMEOUT_SECONDS: u64 = 604_800;
/// The timeout of an IBC payout that names none: ten minutes.
pub const DEFAULT_IBC_TIMEOUT_SECONDS: u64 = 600;
/// The longest remote receiver ICS-20 accepts.
pub const MAX_IBC_RECEIVER_LENGTH: usize = 2_048;

/// Where on another chain a redemption is paid.
#[cw_serde]
pub struct IbcDestination {
    /// The transfer channel on this chain (`channel-<n>`) that leads to the other chain.
    pub channel: String,
    /// The receiver on the other chain, as that chain writes addresses.
    pub receiver: String,
    /// Seconds from this block after which the transfer times out if it was not received
    /// (from 1 to [`MAX_IBC_TIMEOUT_SECONDS`], default [`DEFAULT_IBC_TIMEOUT_SECONDS`]).
    pub timeout_seconds: Option<u64>,
}

/// How a redemption is paid.
#[cw_serde]
pub enum RedeemMode {
    /// A pro-rata slice of every liquid vault asset. Keeps the vault's composition.
    Proportional {
        /// Refuse if any listed asset would pay less than its amount.
        min_out: Vec<AssetAmountUnchecked>,
    },
    /// One asset at the conservative redeem price; refused if any other asset or tier would end
    /// above its cap.
    Single {
        asset: AssetInfoUnchecked,
        /// Refuse if the payout would be less than this (base units of `asset`).
        min_out: Option<Uint128>,
    },
}

/// An amount of an asset, as a message carries it.
#[cw_serde]
pub struct AssetAmountUnchecked {
    pub info: AssetInfoUnchecked,
    pub amount: Uint128,
}

#[cw_ownable_query]
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    #[returns(ConfigResponse)]
    Config {},
    #[returns(AssetResponse)]
    Asset { asset: AssetInfoUnchecked },
    /// Whitelisted assets in storage-key order; default limit 10, at most 30.
    #[returns(Vec<AssetResponse>)]
    Assets {
        start_after: Option<AssetInfoUnchecked>,
        limit: Option<u32>,
    },
    /// The five tier caps.
    #[returns(TierCaps)]
    Tiers {},
    /// The vault at current oracle prices: values, shares, collateral ratio, surplus.
    #[returns(StateResponse)]
    State {},
    /// What `Mint` with `amount` of `asset` would do now, or the error it would return.
    #[returns(SimulateMintResponse)]
    SimulateMint {
        asset: AssetInfoUnchecked,
        amount: Uint128,
    },
    /// What redeeming `amount` USDm in `mode` would pay now, or the error it would return.
    #[returns(SimulateRedeemResponse)]
    SimulateRedeem { amount: Uint128, mode: RedeemMode },
    /// Every registered pool with the vault's position, valued now.
    #[returns(Vec<crate::treasury::PoolResponse>)]
    Pools {},
    /// One registered pool with the vault's position, valued now.
    #[returns(crate::treasury::PoolResponse)]
    Pool { pair: String },
    /// The lending markets the vault deposits into, with each position's principal and worth.
    #[returns(Vec<crate::treasury::LendingResponse>)]
    Lending {},
    /// The vault's delegations, unbonding entries and what it can claim now.
    #[returns(crate::treasury::StakingResponse)]
    Staking {},
    /// The coins the vault owes `owner` from IBC payouts that came back.
    #[returns(ClaimsResponse)]
    Claims { owner: String },
    /// IBC payouts sent and not yet acknowledged or timed out, by id; only `redeemer`'s when
    /// named. Default limit 10, at most 30.
    #[returns(Vec<IbcPayoutResponse>)]
    IbcPayouts {
        redeemer: Option<String>,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
}

#[cw_serde]
pub struct ClaimsResponse {
    pub owner: Addr,
    /// Sorted by denom; empty when nothing is owed.
    pub claims: Vec<Coin>,
}

/// A redemption's coin on its way to another chain.
#[cw_serde]
pub struct IbcPayoutResponse {
    /// Named in the transfer's memo; the source callback finds the payout by it.
    pub id: u64,
    /// The USDm holder who redeemed: the coin becomes their claim if it comes back.
    pub redeemer: Addr,
    pub channel: String,
    pub receiver: String,
    pub coin: Coin,
    /// Block time (seconds since the epoch) at which the transfer times out.
    pub timeout: u64,
}

#[cw_serde]
pub struct ConfigResponse {
    pub usdm: Addr,
    pub oracle: Addr,
    pub guardian: Option<Addr>,
    pub cap_floor: Uint128,
    pub max_assets: u32,
    pub proportional_redeem_fee: Bps,
    pub asset_count: u32,
    pub pauses: Pauses,
    /// The hourly throttles and the USDm supply cap.
    pub limits: Limits,
}

/// The vault-wide pause switches.
#[cw_serde]
#[derive(Default, Copy)]
pub struct Pauses {
    pub mint: bool,
    pub single_redeem: bool,
    pub proportional_redeem: bool,
}

#[cw_serde]
pub struct AssetResponse {
    pub params: AssetParams,
    /// Held by the vault and available to redemptions.
    pub liquid: Uint128,
    /// Deployed to strategies (treasury operations); not available to redemptions.
    pub deployed: Uint128,
    /// Minting with this asset is paused by the guardian.
    pub mint_paused: bool,
    /// While minting is disabled: holdings below this many base units (worth `DUST_VALUE` when
    /// minting was disabled) are dust, neither priced nor valued, and the owner may remove the
    /// asset, writing them off. Zero while minting is enabled.
    pub dust_limit: Uint128,
}

#[cw_serde]
pub struct StateResponse {
    /// Total value of accounted vault assets (liquid, deployed and the paired-asset side of
    /// its pool positions) at oracle prices, micro-USD.
    pub total_value: Uint128,
    pub usdm_supply: Uint128,
    /// The USDm side of the vault's pool positions (conservatively valued): protocol-owned,
    /// not circulating. (Absent from the answers of vaults before 0.3, which read as zero.)
    #[serde(default)]
    pub protocol_usdm: Uint128,
    /// total_value / circulating USDm (usdm_supply − protocol_usdm); `None` while no USDm
    /// circulates (or beyond `Decimal` range).
    pub collateral_ratio: Option<Decimal>,
    /// total_value − circulating USDm when positive: fees and gains that back XMS.
    pub surplus: Uint128,
    /// Circulating USDm − total_value when positive.
    pub deficit: Uint128,
    /// USDm the vault holds, transferred to it by mistake; anyone may burn it with
    /// `BurnStrayUsdm`.
    pub stray_usdm: Uint128,
    pub assets: Vec<AssetState>,
    pub tiers: Vec<TierState>,
    /// The mint throttle now; `None` while minting is not throttled.
    pub mint_throttle: Option<ThrottleStatus>,
    /// The redemption throttle now; `None` while redemption is not throttled.
    pub redeem_throttle: Option<ThrottleStatus>,
}

/// Where a throttle stands now.
#[cw_serde]
pub struct ThrottleStatus {
    /// The hourly limit at the current USDm supply.
    pub limit: Uint128,
    /// USDm that may pass now, in base units; it refills by `limit` per hour, up to `limit`.
    pub available: Uint128,
}

#[cw_serde]
pub struct AssetState {
    pub asset: AssetInfo,
    pub tier: Tier,
    pub liquid: Uint128,
    pub deployed: Uint128,
    /// The asset's side of the vault's pool positions, conservatively valued (see
    /// [`crate::treasury`]). (Absent from the answers of vaults before 0.3, which read as zero.)
    #[serde(default)]
    pub pooled: Uint128,
    /// Tokens the vault holds beyond its accounts and its claims (sent outside `Mint`); they
    /// count for nothing.
    pub unaccounted: Uint128,
    /// Coins of IBC payouts that came back, owed to their redeemers: held, but not collateral.
    /// (Absent from the answers of vaults before 0.2, which read as zero.)
    #[serde(default)]
    pub claims: Uint128,
    /// Oracle price; `None` when the asset has no balance and was not priced.
    pub price: Option<Decimal>,
    pub value: Uint128,
    /// Share of total value (rounded up).
    pub share: Bps,
    pub max_share: Bps,
}

#[cw_serde]
pub struct TierState {
    pub tier: Tier,
    pub value: Uint128,
    /// Share of total value (rounded up).
    pub share: Bps,
    pub max_share: Bps,
}

#[cw_serde]
pub struct SimulateMintResponse {
    /// Conservative price used to value the deposit.
    pub price: Decimal,
    /// Value of the deposit at that price, micro-USD.
    pub value: Uint128,
    /// Fee kept by the vault, in USDm base units.
    pub fee: Uint128,
    /// USDm the recipient would receive.
    pub usdm_out: Uint128,
    /// The collateral ratio after the mint: every held asset, the deposit included, at its
    /// deposit (conservative) price, over the USDm supply after the mint. A mint that would
    /// leave it below 1 is refused.
    pub collateral_ratio: Decimal,
}

#[cw_serde]
pub struct SimulateRedeemResponse {
    /// What would be paid, per asset.
    pub payouts: Vec<Payout>,
    /// min(1, collateral ratio) applied to every redeemer alike.
    pub collateral_factor: Decimal,
}

#[cw_serde]
pub struct Payout {
    pub asset: AssetInfo,
    pub amount: Uint128,
    /// Fee withheld, in base units of the asset.
    pub fee: Uint128,
    /// Price used: the conservative redeem price for single redemptions, spot for proportional.
    pub price: Decimal,
}

/// Migrates the vault to a newer version of its code.
#[cw_serde]
pub struct MigrateMsg {}

#[cfg(test)]
mod tests {
    use super::*;

    fn throttle(amount: u128, supply_bps: u16) -> Throttle {
        Throttle {
            amount: Uint128::new(amount),
            supply_bps: Bps::new(supply_bps).unwrap(),
        }
    }

    #[test]
    fn a_throttle_limit_is_the_larger_of_its_amount_and_its_share_of_supply() {
        let t = throttle(1_000, 250);
        assert_eq!(t.limit(Uint128::zero()), Uint128::new(1_000));
        assert_eq!(t.limit(Uint128::new(40_000)), Uint128::new(1_000));
        assert_eq!(t.limit(Uint128::new(40_040)), Uint128::new(1_001));
        // rounded down
        assert_eq!(t.limit(Uint128::new(40_079)), Uint128::new(1_001));
        assert_eq!(t.to_string(), "max(1000, 250bps of supply)");
    }

    #[test]
    fn a_throttle_with_a_zero_amount_is_refused() {
        assert_eq!(Limits::default().validate(), Ok(()));
        let ok = Limits {
            mint: Some(throttle(1, 0)),
            redeem: Some(throttle(1, 10_000)),
            supply_cap: Some(Uint128::zero()),
        };
        assert_eq!(ok.validate(), Ok(()));
        for (limits, name) in [
            (
                Limits {
                    mint: Some(throttle(0, 100)),
                    ..ok.clone()
                },
                "mint",
            ),
            (
                Limits {
                    redeem: Some(throttle(0, 0)),
                    ..ok.clone()
                },
                "redeem",
            ),
        ] {
            assert_eq!(
                limits.validate(),
                Err(ParamsError::ZeroThrottle {
                    throttle: name.to_string()
                })
            );
        }
    }
}
