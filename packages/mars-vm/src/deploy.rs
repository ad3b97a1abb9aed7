//! Deploys the protocol from the optimised artifacts onto a [`Chain`], the way a deployer
//! would on wasmd: store codes, instantiate XMS (without a wasm admin), the oracle and the vault
//! (which instantiates USDm), set feeder prices and whitelist a basket.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use anyhow::Context;
use cosmwasm_std::{coin, to_json_binary, Addr, Decimal, Uint128};
use cw20::{Cw20Coin, Cw20ExecuteMsg};
use mars_types::governance::{
    ExecuteMsg as GovExecuteMsg, InstantiateMsg as GovInstantiate, Periods,
    ReceiveMsg as GovReceiveMsg, VotingRules,
};
use mars_types::oracle::{
    ExecuteMsg as OracleExecuteMsg, FeedPrice, FeederSource, InstantiateMsg as OracleInstantiate,
    PriceSourceUnchecked,
};
use mars_types::usdm::InstantiateMsg as TokenInstantiate;
use mars_types::vault::{
    AssetParamsUnchecked, ConfigResponse, ExecuteMsg as VaultExecuteMsg, IbcDestination,
    InstantiateMsg as VaultInstantiate, QueryMsg as VaultQueryMsg, ReceiveMsg, RedeemMode,
    UsdmInstantiate,
};
use mars_types::{AssetInfo, AssetInfoUnchecked, Bps, Tier, TierCaps};

use crate::chain::{Chain, TxResult};

/// Seconds in a day.
pub const DAY: u64 = 86_400;
/// The deposit of a proposal, XMS base units.
pub const PROPOSAL_DEPOSIT: u128 = 1_000_000_000;

/// Where `ci/artifacts.sh` writes the optimised contracts.
pub fn artifacts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../artifacts")
}

/// Reads `artifacts/<name>.wasm`.
pub fn artifact(name: &str) -> anyhow::Result<Vec<u8>> {
    let path = artifacts_dir().join(format!("{name}.wasm"));
    std::fs::read(&path).with_context(|| {
        format!(
            "{} is missing: run `bash ci/artifacts.sh` first",
            path.display()
        )
    })
}

/// The codes a deployment stores: today's artifacts, or an earlier release's.
pub struct Codes {
    pub usdm: Vec<u8>,
    pub oracle: Vec<u8>,
    pub vault: Vec<u8>,
}

impl Codes {
    /// The artifacts `ci/artifacts.sh` built.
    pub fn current() -> anyhow::Result<Codes> {
        Ok(Codes {
            usdm: artifact("mars_usdm")?,
            oracle: artifact("mars_oracle")?,
            vault: artifact("mars_vault")?,
        })
    }
}

/// One whitelisted asset of a deployment.
#[derive(Clone, Debug)]
pub struct Collateral {
    pub info: AssetInfo,
    pub decimals: u8,
    pub tier: Tier,
    pub price: Decimal,
}

/// The deployed protocol.
pub struct Protocol {
    pub chain: Chain,
    pub owner: Addr,
    pub feeder: Addr,
    pub token_code_id: u64,
    pub usdm: Addr,
    pub xms: Addr,
    pub oracle: Addr,
    pub vault: Addr,
    pub assets: Vec<Collateral>,
}

/// Users funded at deployment.
pub const USERS: [&str; 2] = ["alice", "bob"];

fn bps(v: u16) -> Bps {
    Bps::new(v).expect("valid bps")
}

impl Protocol {
    /// The harness's six-asset basket: USDC, BTC, ATOM, ETH (18 decimals), AAVE (cw20) and XMS
    /// (cw20), with tier caps 100/40/30/20/10% and a $10,000 bootstrap floor.
    pub fn basket() -> anyhow::Result<Protocol> {
        Protocol::basket_with(&Codes::current()?)
    }

    /// The basket deployed with `codes`.
    pub fn basket_with(codes: &Codes) -> anyhow::Result<Protocol> {
        let natives = [
            (
                "ibc/498A0751C798A0D9A389AA3691123DADA57DAA4FE165D5C75894505B876BA6E4",
                6,
                Tier::Stablecoin,
                "1",
            ),
            (
                "ibc/D1542AA8762DB13087D8364F3EA6509FD6F009A34F00426AF9E4F9FA85CBBF1F",
                8,
                Tier::Btc,
                "60000",
            ),
            ("uatom", 6, Tier::Layer1, "10"),
            ("weth-wei", 18, Tier::Layer1, "3000"),
        ];
        let caps = TierCaps {
            stablecoin: bps(10_000),
            btc: bps(4_000),
            layer1: bps(3_000),
            defi_blue_chip: bps(2_000),
            governance: bps(1_000),
        };
        Protocol::deploy(codes, &natives, true, caps, 10_000_000_000)
    }

    /// `n` native 6-decimal stablecoins at $1, with no share caps: for measuring how costs grow
    /// with the number of assets.
    pub fn stables(n: usize) -> anyhow::Result<Protocol> {
        let denoms: Vec<String> = (0..n).map(|i| format!("ustable{i:02}")).collect();
        let natives: Vec<_> = denoms
            .iter()
            .map(|d| (d.as_str(), 6, Tier::Stablecoin, "1"))
            .collect();
        let caps = TierCaps {
            stablecoin: Bps::MAX,
            btc: Bps::MAX,
            layer1: Bps::MAX,
            defi_blue_chip: Bps::MAX,
            governance: Bps::MAX,
        };
        Protocol::deploy(&Codes::current()?, &natives, false, caps, u128::MAX)
    }

    fn deploy(
        codes: &Codes,
        natives: &[(&str, u8, Tier, &str)],
        with_cw20s: bool,
        tier_caps: TierCaps,
        cap_floor: u128,
    ) -> anyhow::Result<Protocol> {
        let chain = Chain::new()?;
        let owner = chain.addr("owner");
        let feeder = chain.addr("feeder");
        let token_code_id = chain.store_code(&codes.usdm)?;
        let oracle_code_id = chain.store_code(&codes.oracle)?;
        let vault_code_id = chain.store_code(&codes.vault)?;

        let users: Vec<Addr> = USERS.iter().map(|u| chain.addr(u)).collect();
        let holders: Vec<Cw20Coin> = users
            .iter()
            .map(|u| Cw20Coin {
                address: u.to_string(),
                amount: Uint128::new(1_000_000_000_000),
            })
            .collect();
        let cw20 = |symbol: &str, admin: Option<&Addr>| -> anyhow::Result<Addr> {
            let msg = TokenInstantiate {
                name: symbol.to_string(),
                symbol: symbol.to_string(),
                decimals: 6,
                initial_balances: holders.clone(),
                mint: None,
                marketing: None,
            };
            Ok(chain
                .instantiate(&owner, token_code_id, &msg, &[], symbol, admin)?
                .0)
        };
        // no wasm admin: governance will hold the stakes in XMS, and a migration could move them
        let xms = cw20("XMS", None)?;
        let (oracle, _) = chain.instantiate(
            &owner,
            oracle_code_id,
            &OracleInstantiate {
                owner: owner.to_string(),
            },
            &[],
            "oracle",
            Some(&owner),
        )?;
        let (vault, _) = chain.instantiate(
            &owner,
            vault_code_id,
            &VaultInstantiate {
                owner: owner.to_string(),
                guardian: Some(chain.addr("guardian").to_string()),
                oracle: oracle.to_string(),
                usdm: UsdmInstantiate {
                    code_id: token_code_id,
                    name: "USD-Mars".to_string(),
                    symbol: "USDm".to_string(),
                    label: "usdm".to_string(),
                    marketing: None,
                },
                cap_floor: Uint128::new(cap_floor),
                max_assets: 32,
                tier_caps,
                proportional_redeem_fee: bps(50),
                limits: Default::default(),
            },
            &[],
            "vault",
            Some(&owner),
        )?;
        let config: ConfigResponse = chain.query(&vault, &VaultQueryMsg::Config {})?;

        let mut assets: Vec<Collateral> = natives
            .iter()
            .map(|(denom, decimals, tier, price)| Collateral {
                info: AssetInfo::Native {
                    denom: denom.to_string(),
                },
                decimals: *decimals,
                tier: *tier,
                price: Decimal::from_str(price).expect("price"),
            })
            .collect();
        if with_cw20s {
            assets.push(Collateral {
                info: AssetInfo::Cw20 {
                    contract_addr: cw20("AAVE", Some(&owner))?,
                },
                decimals: 6,
                tier: Tier::DefiBlueChip,
                price: Decimal::from_str("100")?,
            });
            assets.push(Collateral {
                info: AssetInfo::Cw20 {
                    contract_addr: xms.clone(),
                },
                decimals: 6,
                tier: Tier::Governance,
                price: Decimal::from_str("0.5")?,
            });
        }

        for user in &users {
            for a in &assets {
                if let AssetInfo::Native { denom } = &a.info {
                    chain.fund(user, &[coin(10u128.pow(a.decimals as u32 + 9), denom)]);
                }
            }
        }
        for a in &assets {
            let asset: AssetInfoUnchecked = a.info.clone().into();
            chain.execute(
                &owner,
                &oracle,
                &OracleExecuteMsg::SetPriceSource {
                    asset: asset.clone(),
                    source: PriceSourceUnchecked::Feeder(FeederSource {
                        feeders: vec![feeder.to_string()],
                        max_staleness: 3_600,
                        max_change_bps: bps(5_000),
                    }),
                },
                &[],
            )?;
            chain.execute(
                &owner,
                &vault,
                &VaultExecuteMsg::AddAsset {
                    params: AssetParamsUnchecked {
                        asset,
                        decimals: a.decimals,
                        tier: a.tier,
                        max_share: tier_caps.get(a.tier),
                        value_ceiling: Uint128::new(1_000_000_000_000_000),
                        mint_fee: bps(30),
                        redeem_fee: bps(50),
                        mint_enabled: true,
                        redeem_enabled: true,
                    },
                },
                &[],
            )?;
        }
        let protocol = Protocol {
            chain,
            owner,
            feeder,
            token_code_id,
            usdm: config.usdm,
            xms,
            oracle,
            vault,
            assets,
        };
        protocol.feed_prices()?;
        Ok(protocol)
    }

    /// The feeder pushes every asset's current price.
    pub fn feed_prices(&self) -> anyhow::Result<TxResult> {
        let prices = self
            .assets
            .iter()
            .map(|a| FeedPrice {
                asset: a.info.clone().into(),
                price: a.price,
            })
            .collect();
        self.chain.execute(
            &self.feeder,
            &self.oracle,
            &OracleExecuteMsg::FeedPrices { prices },
            &[],
        )
    }

    pub fn user(&self, name: &str) -> Addr {
        self.chain.addr(name)
    }

    /// What `holder` holds of `asset`.
    pub fn balance(&self, asset: &AssetInfo, holder: &Addr) -> anyhow::Result<u128> {
        Ok(match asset {
            AssetInfo::Native { denom } => self.chain.balance(holder, denom),
            AssetInfo::Cw20 { contract_addr } => self.cw20_balance(contract_addr, holder)?,
        })
    }

    pub fn cw20_balance(&self, token: &Addr, holder: &Addr) -> anyhow::Result<u128> {
        let res: cw20::BalanceResponse = self.chain.query(
            token,
            &cw20::Cw20QueryMsg::Balance {
                address: holder.to_string(),
            },
        )?;
        Ok(res.balance.u128())
    }

    /// The vault's `State`, and its entry for the native coin `denom`.
    pub fn native_state(
        &self,
        denom: &str,
    ) -> anyhow::Result<(
        mars_types::vault::StateResponse,
        mars_types::vault::AssetState,
    )> {
        let state: mars_types::vault::StateResponse =
            self.chain.query(&self.vault, &VaultQueryMsg::State {})?;
        let asset = AssetInfo::Native {
            denom: denom.into(),
        };
        let entry = state
            .assets
            .iter()
            .find(|a| a.asset == asset)
            .cloned()
            .ok_or_else(|| anyhow::anyhow!("{denom} is not in the vault's state"))?;
        Ok((state, entry))
    }

    /// The USDm supply, from the token's `token_info`.
    pub fn usdm_supply(&self) -> anyhow::Result<u128> {
        let info: cw20::TokenInfoResponse = self
            .chain
            .query(&self.usdm, &cw20::Cw20QueryMsg::TokenInfo {})?;
        Ok(info.total_supply.u128())
    }

    /// Mints with `amount` of `asset`: native funds or a cw20 `Send` with the mint hook.
    pub fn mint(&self, sender: &Addr, asset: &AssetInfo, amount: u128) -> anyhow::Result<TxResult> {
        match asset {
            AssetInfo::Native { denom } => self.chain.execute(
                sender,
                &self.vault,
                &VaultExecuteMsg::Mint {
                    recipient: None,
                    min_out: None,
                },
                &[coin(amount, denom)],
            ),
            AssetInfo::Cw20 { contract_addr } => self.chain.execute(
                sender,
                contract_addr,
                &Cw20ExecuteMsg::Send {
                    contract: self.vault.to_string(),
                    amount: Uint128::new(amount),
                    msg: to_json_binary(&ReceiveMsg::Mint {
                        recipient: None,
                        min_out: None,
                    })?,
                },
                &[],
            ),
        }
    }

    /// Deploys governance over XMS and hands it the vault: the owner offers ownership, anyone
    /// has governance accept it. Voting 1 day, timelock 1 day, execution window 7 days,
    /// unbonding 14 days, quorum 30%, threshold 50%, veto 1/3, deposit 1,000 XMS.
    pub fn deploy_governance(&self) -> anyhow::Result<Addr> {
        let code_id = self.chain.store_code(&artifact("mars_governance")?)?;
        let (gov, _) = self.chain.instantiate(
            &self.owner,
            code_id,
            &GovInstantiate {
                xms_token: self.xms.to_string(),
                guardian: Some(self.chain.addr("guardian").to_string()),
                rules: VotingRules {
                    quorum: Decimal::percent(30),
                    threshold: Decimal::percent(50),
                    veto_threshold: Decimal::from_ratio(1u8, 3u8),
                },
                periods: Periods {
                    voting: DAY,
                    timelock: DAY,
                    execution_window: 7 * DAY,
                    unbonding: 14 * DAY,
                },
                min_deposit: Uint128::new(PROPOSAL_DEPOSIT),
            },
            &[],
            "governance",
            None,
        )?;
        self.chain.execute(
            &self.owner,
            &self.vault,
            &VaultExecuteMsg::UpdateOwnership(cw_ownable::Action::TransferOwnership {
                new_owner: gov.to_string(),
                expiry: None,
            }),
            &[],
        )?;
        self.chain.execute(
            &self.owner,
            &gov,
            &GovExecuteMsg::AcceptOwnership {
                contract: self.vault.to_string(),
            },
            &[],
        )?;
        Ok(gov)
    }

    /// Sends XMS to governance with a hook.
    pub fn send_xms(
        &self,
        gov: &Addr,
        sender: &Addr,
        amount: u128,
        hook: &GovReceiveMsg,
    ) -> anyhow::Result<TxResult> {
        self.chain.execute(
            sender,
            &self.xms,
            &Cw20ExecuteMsg::Send {
                contract: gov.to_string(),
                amount: Uint128::new(amount),
                msg: to_json_binary(hook)?,
            },
            &[],
        )
    }

    /// Redeems `amount` USDm with a USDm `Send` carrying the redeem hook.
    pub fn redeem(
        &self,
        sender: &Addr,
        amount: u128,
        mode: RedeemMode,
    ) -> anyhow::Result<TxResult> {
        self.redeem_to(sender, amount, mode, None)
    }

    /// Redeems `amount` USDm, paid to another chain when `ibc` names it.
    pub fn redeem_to(
        &self,
        sender: &Addr,
        amount: u128,
        mode: RedeemMode,
        ibc: Option<IbcDestination>,
    ) -> anyhow::Result<TxResult> {
        self.chain.execute(
            sender,
            &self.usdm,
            &Cw20ExecuteMsg::Send {
                contract: self.vault.to_string(),
                amount: Uint128::new(amount),
                msg: to_json_binary(&ReceiveMsg::Redeem {
                    mode,
                    recipient: None,
                    ibc,
                })?,
            },
            &[],
        )
    }
}
