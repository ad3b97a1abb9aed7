//! `MarsEnv`: the deployed protocol and helpers to drive and read it.
//!
//! The default deployment (`MarsEnv::builder().build()`):
//! - a USDm token instantiated by the vault, with the vault as its only minter, and XMS, both
//!   from the `mars-usdm` code; XMS has no wasm admin;
//! - the oracle, owned by `owner`, pricing every basket asset from a feed of a mock Pyth
//!   contract (expo −8, staleness bound one hour, confidence bound 5%, EMA deviation bound 20%);
//!   `set_price` publishes a new price at the current block time;
//! - the vault, owned by `owner`, with guardian `guardian`, tier caps 100% / 40% / 30% / 20% /
//!   10%, a bootstrap floor of $10,000, at most 32 assets, and no throttle or supply cap;
//! - the basket below, each asset with a $1bn ceiling, mint fee 0.3% and redeem fee 0.5%
//!   (the stablecoin: 0.1% and 0.1%), and a proportional redemption fee of 0.5%;
//! - the chain's staking: one validator (`VALIDATOR`), ATOM's `uatom` the bonded denom, an
//!   unbonding time of `UNBONDING_TIME` (60 s);
//! - `alice`, `bob` and `carol`, each with 10^12 whole tokens' worth of every native asset and
//!   1,000,000 whole AAVE and XMS.
//!
//! | name | asset | decimals | tier | max share | price |
//! | --- | --- | --- | --- | --- | --- |
//! | usdc | native `ibc/…` | 6 | stablecoin | 100% | $1 |
//! | btc | native `ibc/…` | 8 | btc | 40% | $60,000 |
//! | atom | native `uatom` | 6 | layer1 | 20% | $10 |
//! | eth | native `weth-wei` | 18 | layer1 | 30% | $3,000 |
//! | aave | cw20 | 6 | defi_blue_chip | 20% | $100 |
//! | xms | cw20 (XMS) | 6 | governance | 10% | $0.50 |

use std::str::FromStr;

use cosmwasm_std::{coin, to_json_binary, Addr, Coin, Decimal, Uint128, Validator};
use cw20::{BalanceResponse, Cw20Coin, Cw20ExecuteMsg, Cw20QueryMsg, TokenInfoResponse};
use cw_multi_test::{App, AppBuilder, AppResponse, Executor, StakingInfo};
use mars_types::usdm::InstantiateMsg as TokenInstantiateMsg;
use mars_types::vault::{
    AssetParamsUnchecked, ExecuteMsg as VaultExecuteMsg, InstantiateMsg as VaultInstantiateMsg,
    Limits, QueryMsg as VaultQueryMsg, ReceiveMsg, RedeemMode, StateResponse, UsdmInstantiate,
};
use mars_types::{AssetInfo, AssetInfoUnchecked, Bps, Tier, TierCaps};

use mars_types::oracle::{
    ExecuteMsg as OracleExecuteMsg, InstantiateMsg as OracleInstantiateMsg, PriceSourceUnchecked,
    PythSource,
};
use mars_types::pyth::PriceIdentifier;
use mars_types::swap::{Curve, FeesUnchecked, InstantiateMsg as SwapInstantiateMsg};

use crate::contracts::{oracle_contract, swap_contract, usdm_contract, vault_contract};
use crate::mocks::pyth::{mock_pyth_contract, price_feed, pyth_price, MockPythMsg};

/// Staleness bound of the basket's price feeds, seconds.
pub const PRICE_MAX_STALENESS: u64 = 3_600;
/// Exponent of the basket's Pyth feeds.
const PYTH_EXPO: i32 = -8;

pub type AnyResult<T> = anyhow::Result<T>;

/// The chain's one validator; its bonded denom is ATOM's (`uatom`), staked for 10% a year.
pub const VALIDATOR: &str = "validator";
/// The chain's unbonding time, seconds.
pub const UNBONDING_TIME: u64 = 60;

/// The users funded at genesis.
pub const USERS: [&str; 3] = ["alice", "bob", "carol"];

/// One asset of the test basket.
#[derive(Clone, Debug)]
pub struct BasketAsset {
    pub name: &'static str,
    /// Its Pyth feed.
    pub feed_id: PriceIdentifier,
    pub info: AssetInfo,
    pub decimals: u8,
    pub tier: Tier,
    pub price: Decimal,
    pub params: AssetParamsUnchecked,
}

/// The deployed protocol.
pub struct MarsEnv {
    pub app: App,
    /// Owns the vault (the stand-in for governance until it exists) and is the wasm admin.
    pub owner: Addr,
    pub guardian: Addr,
    pub token_code_id: u64,
    pub vault: Addr,
    pub usdm: Addr,
    pub xms: Addr,
    pub oracle: Addr,
    /// The mock Pyth contract behind the basket's prices.
    pub pyth: Addr,
    pub basket: Vec<BasketAsset>,
}

/// Builds a [`MarsEnv`]; every parameter has the default documented on the module.
pub struct MarsEnvBuilder {
    tier_caps: TierCaps,
    cap_floor: u128,
    max_assets: u32,
    proportional_redeem_fee: Bps,
    limits: Limits,
    whitelist: bool,
    /// Whether basket assets keep their own share caps.
    share_caps: bool,
    tweaks: Vec<(&'static str, ParamsTweak)>,
}

/// A change to a basket asset's whitelisting parameters.
type ParamsTweak = Box<dyn FnOnce(&mut AssetParamsUnchecked)>;

fn bps(v: u16) -> Bps {
    Bps::new(v).expect("valid bps")
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).expect("valid decimal")
}

/// `amount` whole tokens in base units.
pub fn whole(amount: u128, decimals: u8) -> u128 {
    amount * 10u128.pow(decimals as u32)
}

impl MarsEnvBuilder {
    pub fn with_tier_caps(mut self, caps: TierCaps) -> Self {
        self.tier_caps = caps;
        self
    }

    /// Every tier cap and every basket asset's share cap at 100%, so that only ceilings, prices
    /// and limits bind (the bootstrap floor alone would exempt deposits, not withdrawals).
    pub fn without_share_caps(mut self) -> Self {
        self.tier_caps = TierCaps {
            stablecoin: Bps::MAX,
            btc: Bps::MAX,
            layer1: Bps::MAX,
            defi_blue_chip: Bps::MAX,
            governance: Bps::MAX,
        };
        self.share_caps = false;
        self
    }

    pub fn with_max_assets(mut self, max_assets: u32) -> Self {
        self.max_assets = max_assets;
        self
    }

    pub fn with_proportional_redeem_fee(mut self, fee: Bps) -> Self {
        self.proportional_redeem_fee = fee;
        self
    }

    /// The vault's throttles and supply cap (default: none).
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Changes the whitelisting parameters of basket asset `name` before it is added.
    pub fn with_asset_params(
        mut self,
        name: &'static str,
        tweak: impl FnOnce(&mut AssetParamsUnchecked) + 'static,
    ) -> Self {
        self.tweaks.push((name, Box::new(tweak)));
        self
    }

    /// Deploys without whitelisting the basket (its tokens and prices still exist).
    pub fn without_whitelist(mut self) -> Self {
        self.whitelist = false;
        self
    }

    pub fn build(self) -> MarsEnv {
        let natives = [
            (
                "usdc",
                "ibc/498A0751C798A0D9A389AA3691123DADA57DAA4FE165D5C75894505B876BA6E4",
                6,
            ),
            (
                "btc",
                "ibc/D1542AA8762DB13087D8364F3EA6509FD6F009A34F00426AF9E4F9FA85CBBF1F",
                8,
            ),
            ("atom", "uatom", 6),
            ("eth", "weth-wei", 18),
        ];
        let mut app = AppBuilder::new().build(|router, api, storage| {
            for user in USERS {
                let funds: Vec<Coin> = natives
                    .iter()
                    .map(|(_, denom, decimals)| coin(whole(1_000_000_000_000, *decimals), *denom))
                    .collect();
                router
                    .bank
                    .init_balance(storage, &api.addr_make(user), funds)
                    .expect("genesis balances");
            }
        });
        let block = app.block_info();
        app.init_modules(|router, api, storage| -> AnyResult<()> {
            router.staking.setup(
                storage,
                StakingInfo {
                    bonded_denom: "uatom".to_string(),
                    unbonding_time: UNBONDING_TIME,
                    apr: Decimal::percent(10),
                },
            )?;
            router.staking.add_validator(
                api,
                storage,
                &block,
                Validator::create(
                    VALIDATOR.to_string(),
                    Decimal::percent(5),
                    Decimal::one(),
                    Decimal::one(),
                ),
            )
        })
        .expect("the chain's staking");
        let api = app.api();
        let owner = api.addr_make("owner");
        let guardian = api.addr_make("guardian");
        let holders: Vec<Cw20Coin> = USERS
            .iter()
            .map(|u| Cw20Coin {
                address: api.addr_make(u).to_string(),
                amount: Uint128::new(whole(1_000_000, 6)),
            })
            .collect();

        let token_code_id = app.store_code(usdm_contract());
        let vault_code_id = app.store_code(vault_contract());
        let oracle_code_id = app.store_code(oracle_contract());
        let pyth_code_id = app.store_code(mock_pyth_contract());

        let cw20 = |app: &mut App, name: &str, symbol: &str, admin: Option<String>| {
            app.instantiate_contract(
                token_code_id,
                owner.clone(),
                &TokenInstantiateMsg {
                    name: name.to_string(),
                    symbol: symbol.to_string(),
                    decimals: 6,
                    initial_balances: holders.clone(),
                    mint: None,
                    marketing: None,
                },
                &[],
                symbol,
                admin,
            )
            .expect("instantiate cw20")
        };
        // XMS has no wasm admin: governance holds the stakes in XMS, and a migration of XMS
        // could move them
        let xms = cw20(&mut app, "Mars Ecosystem Token", "XMS", None);
        let aave = cw20(&mut app, "Aave", "AAVE", Some(owner.to_string()));

        let pyth = app
            .instantiate_contract(
                pyth_code_id,
                owner.clone(),
                &cosmwasm_std::Empty {},
                &[],
                "pyth",
                None,
            )
            .expect("instantiate pyth");
        let oracle = app
            .instantiate_contract(
                oracle_code_id,
                owner.clone(),
                &OracleInstantiateMsg {
                    owner: owner.to_string(),
                },
                &[],
                "oracle",
                Some(owner.to_string()),
            )
            .expect("instantiate oracle");

        let vault = app
            .instantiate_contract(
                vault_code_id,
                owner.clone(),
                &VaultInstantiateMsg {
                    owner: owner.to_string(),
                    guardian: Some(guardian.to_string()),
                    oracle: oracle.to_string(),
                    usdm: UsdmInstantiate {
                        code_id: token_code_id,
                        name: "USD-Mars".to_string(),
                        symbol: "USDm".to_string(),
                        label: "usdm".to_string(),
                        marketing: None,
                    },
                    cap_floor: Uint128::new(self.cap_floor),
                    max_assets: self.max_assets,
                    tier_caps: self.tier_caps,
                    proportional_redeem_fee: self.proportional_redeem_fee,
                    limits: self.limits,
                },
                &[],
                "vault",
                Some(owner.to_string()),
            )
            .expect("instantiate vault");
        let config: mars_types::vault::ConfigResponse = app
            .wrap()
            .query_wasm_smart(&vault, &VaultQueryMsg::Config {})
            .expect("vault config");

        let spec =
            |name, info: AssetInfoUnchecked, decimals, tier, max_share, price, fees: (u16, u16)| {
                (name, info, decimals, tier, bps(max_share), dec(price), fees)
            };
        let specs = [
            spec(
                "usdc",
                AssetInfoUnchecked::native(natives[0].1),
                6,
                Tier::Stablecoin,
                10_000,
                "1",
                (10, 10),
            ),
            spec(
                "btc",
                AssetInfoUnchecked::native(natives[1].1),
                8,
                Tier::Btc,
                4_000,
                "60000",
                (30, 50),
            ),
            spec(
                "atom",
                AssetInfoUnchecked::native(natives[2].1),
                6,
                Tier::Layer1,
                2_000,
                "10",
                (30, 50),
            ),
            spec(
                "eth",
                AssetInfoUnchecked::native(natives[3].1),
                18,
                Tier::Layer1,
                3_000,
                "3000",
                (30, 50),
            ),
            spec(
                "aave",
                AssetInfoUnchecked::cw20(aave.as_str()),
                6,
                Tier::DefiBlueChip,
                2_000,
                "100",
                (30, 50),
            ),
            spec(
                "xms",
                AssetInfoUnchecked::cw20(xms.as_str()),
                6,
                Tier::Governance,
                1_000,
                "0.5",
                (30, 50),
            ),
        ];
        let mut tweaks = self.tweaks;
        let mut basket = vec![];
        for (i, (name, info, decimals, tier, max_share, price, (mint_fee, redeem_fee))) in
            specs.into_iter().enumerate()
        {
            let feed_id: PriceIdentifier = format!("{:064x}", i + 1).parse().expect("feed id");
            let mut params = AssetParamsUnchecked {
                asset: info.clone(),
                decimals,
                tier,
                max_share,
                value_ceiling: Uint128::new(whole(1_000_000_000, 6)),
                mint_fee: bps(mint_fee),
                redeem_fee: bps(redeem_fee),
                mint_enabled: true,
                redeem_enabled: true,
            };
            if !self.share_caps {
                params.max_share = Bps::MAX;
            }
            for (_, tweak) in tweaks.extract_if(.., |(n, _)| *n == name) {
                tweak(&mut params);
            }
            publish(
                &mut app,
                &owner,
                &pyth,
                &feed_id,
                price,
                price,
                Decimal::zero(),
                0,
            );
            app.execute_contract(
                owner.clone(),
                oracle.clone(),
                &OracleExecuteMsg::SetPriceSource {
                    asset: info.clone(),
                    source: PriceSourceUnchecked::Pyth(PythSource {
                        contract_addr: pyth.to_string(),
                        price_feed_id: feed_id.clone(),
                        max_staleness: PRICE_MAX_STALENESS,
                        max_confidence_bps: bps(500),
                        max_ema_deviation_bps: bps(2_000),
                    }),
                },
                &[],
            )
            .expect("set price source");
            if self.whitelist {
                app.execute_contract(
                    owner.clone(),
                    vault.clone(),
                    &VaultExecuteMsg::AddAsset {
                        params: params.clone(),
                    },
                    &[],
                )
                .expect("whitelist basket asset");
            }
            basket.push(BasketAsset {
                name,
                feed_id,
                info: info.check(app.api()).expect("valid asset"),
                decimals,
                tier,
                price,
                params,
            });
        }
        assert!(tweaks.is_empty(), "tweaks for unknown assets");

        MarsEnv {
            app,
            owner,
            guardian,
            token_code_id,
            vault,
            usdm: config.usdm,
            xms,
            oracle,
            pyth,
            basket,
        }
    }
}

/// A Pyth price (expo −8) of a USD `Decimal`, rounded down to 10^-8.
fn to_pyth(value: Decimal) -> i64 {
    let units = value.atomics() / Uint128::new(10u128.pow((18 + PYTH_EXPO) as u32));
    i64::try_from(units.u128()).expect("price fits a Pyth price")
}

/// Publishes a feed on the mock Pyth contract, `age` seconds before the current block.
#[allow(clippy::too_many_arguments)]
fn publish(
    app: &mut App,
    owner: &Addr,
    pyth: &Addr,
    feed_id: &PriceIdentifier,
    price: Decimal,
    ema_price: Decimal,
    confidence: Decimal,
    age: u64,
) {
    let time = app.block_info().time.seconds() - age;
    let conf = to_pyth(confidence) as u64;
    let msg = MockPythMsg::SetPriceFeed {
        price_feed: price_feed(
            feed_id,
            pyth_price(to_pyth(price), conf, PYTH_EXPO, time),
            pyth_price(to_pyth(ema_price), conf, PYTH_EXPO, time),
        ),
    };
    app.execute_contract(owner.clone(), pyth.clone(), &msg, &[])
        .expect("publish a pyth price");
}

impl MarsEnv {
    pub fn builder() -> MarsEnvBuilder {
        MarsEnvBuilder {
            tier_caps: TierCaps {
                stablecoin: bps(10_000),
                btc: bps(4_000),
                layer1: bps(3_000),
                defi_blue_chip: bps(2_000),
                governance: bps(1_000),
            },
            cap_floor: whole(10_000, 6),
            max_assets: 32,
            proportional_redeem_fee: bps(50),
            limits: Limits::default(),
            whitelist: true,
            share_caps: true,
            tweaks: vec![],
        }
    }

    /// A valid bech32 address derived from `name`.
    pub fn addr(&self, name: &str) -> Addr {
        self.app.api().addr_make(name)
    }

    /// The basket asset called `name`.
    pub fn asset(&self, name: &str) -> &BasketAsset {
        self.basket
            .iter()
            .find(|a| a.name == name)
            .unwrap_or_else(|| panic!("no basket asset {name}"))
    }

    /// What `holder` holds of `asset`.
    pub fn balance(&self, asset: &AssetInfo, holder: &Addr) -> u128 {
        asset
            .query_balance(&self.app.wrap(), holder)
            .expect("balance query")
            .u128()
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

    /// Executes a vault message as `sender` with `funds`.
    pub fn vault_execute(
        &mut self,
        sender: &Addr,
        msg: &VaultExecuteMsg,
        funds: &[Coin],
    ) -> AnyResult<AppResponse> {
        self.app
            .execute_contract(sender.clone(), self.vault.clone(), msg, funds)
    }

    /// Mints USDm with `amount` base units of `asset`, native funds or cw20 `Send` as a wallet
    /// would.
    pub fn mint(
        &mut self,
        sender: &Addr,
        asset: &AssetInfo,
        amount: u128,
        recipient: Option<&Addr>,
        min_out: Option<u128>,
    ) -> AnyResult<AppResponse> {
        let recipient = recipient.map(|r| r.to_string());
        let min_out = min_out.map(Uint128::new);
        match asset {
            AssetInfo::Native { denom } => self.vault_execute(
                sender,
                &VaultExecuteMsg::Mint { recipient, min_out },
                &[coin(amount, denom)],
            ),
            AssetInfo::Cw20 { contract_addr } => {
                let msg = Cw20ExecuteMsg::Send {
                    contract: self.vault.to_string(),
                    amount: Uint128::new(amount),
                    msg: to_json_binary(&ReceiveMsg::Mint { recipient, min_out })?,
                };
                let token = contract_addr.clone();
                self.cw20_execute(sender, &token, &msg)
            }
        }
    }

    /// Redeems `amount` USDm by cw20 `Send` to the vault.
    pub fn redeem(
        &mut self,
        sender: &Addr,
        amount: u128,
        mode: RedeemMode,
        recipient: Option<&Addr>,
    ) -> AnyResult<AppResponse> {
        let msg = Cw20ExecuteMsg::Send {
            contract: self.vault.to_string(),
            amount: Uint128::new(amount),
            msg: to_json_binary(&ReceiveMsg::Redeem {
                mode,
                recipient: recipient.map(|r| r.to_string()),
                ibc: None,
            })?,
        };
        let usdm = self.usdm.clone();
        self.cw20_execute(sender, &usdm, &msg)
    }

    /// Publishes a price of `asset` now: spot, EMA (default: spot) and confidence (default:
    /// zero), in USD per whole token.
    pub fn set_price_full(
        &mut self,
        asset: &AssetInfo,
        price: &str,
        ema_price: Option<&str>,
        confidence: Option<&str>,
    ) {
        let feed_id = self.feed_of(asset);
        let (owner, pyth) = (self.owner.clone(), self.pyth.clone());
        publish(
            &mut self.app,
            &owner,
            &pyth,
            &feed_id,
            dec(price),
            dec(ema_price.unwrap_or(price)),
            confidence.map(dec).unwrap_or_default(),
            0,
        );
    }

    /// Publishes a spot price of `asset` now.
    pub fn set_price(&mut self, asset: &AssetInfo, price: &str) {
        self.set_price_full(asset, price, None, None);
    }

    /// A keeper's `RefreshPrices` of `assets`: their checked prices go on the oracle's board,
    /// where the vault reads them in this block without a query into the oracle.
    pub fn refresh_prices(&mut self, assets: &[&AssetInfo]) -> AnyResult<AppResponse> {
        let keeper = self.addr("keeper");
        let msg = OracleExecuteMsg::RefreshPrices {
            assets: assets.iter().map(|a| (*a).clone().into()).collect(),
        };
        let oracle = self.oracle.clone();
        self.app.execute_contract(keeper, oracle, &msg, &[])
    }

    /// Makes the price of `asset` stale: its last publication is older than the bound.
    pub fn break_price(&mut self, asset: &AssetInfo) {
        let feed_id = self.feed_of(asset);
        let price = self
            .basket
            .iter()
            .find(|a| &a.info == asset)
            .map(|a| a.price);
        let price = price.expect("a basket asset");
        let (owner, pyth) = (self.owner.clone(), self.pyth.clone());
        publish(
            &mut self.app,
            &owner,
            &pyth,
            &feed_id,
            price,
            price,
            Decimal::zero(),
            PRICE_MAX_STALENESS + 1,
        );
    }

    fn feed_of(&self, asset: &AssetInfo) -> PriceIdentifier {
        self.basket
            .iter()
            .find(|a| &a.info == asset)
            .map(|a| a.feed_id.clone())
            .unwrap_or_else(|| panic!("{asset} is not a basket asset"))
    }

    /// A Mars Swap pair of `asset` (first) and USDm, LP tokens of the project's token code, a
    /// 0.05% fee and no protocol share, the owner its wasm admin.
    pub fn usdm_pair(&mut self, asset: &AssetInfo, curve: Curve) -> Addr {
        let code = self.app.store_code(swap_contract());
        let usdm = AssetInfo::Cw20 {
            contract_addr: self.usdm.clone(),
        };
        let msg = SwapInstantiateMsg {
            asset_infos: vec![asset.into(), (&usdm).into()],
            token_code_id: self.token_code_id,
            curve,
            fees: FeesUnchecked {
                total_fee_bps: bps(5),
                protocol_fee_bps: Bps::ZERO,
                fee_address: None,
            },
        };
        let owner = self.owner.clone();
        self.app
            .instantiate_contract(
                code,
                owner.clone(),
                &msg,
                &[],
                "pair",
                Some(owner.to_string()),
            )
            .expect("a Mars Swap pair")
    }

    pub fn vault_query<T: serde::de::DeserializeOwned>(&self, msg: &VaultQueryMsg) -> AnyResult<T> {
        Ok(self.app.wrap().query_wasm_smart(&self.vault, msg)?)
    }

    pub fn vault_state(&self) -> StateResponse {
        self.vault_query(&VaultQueryMsg::State {})
            .expect("vault state")
    }
}
