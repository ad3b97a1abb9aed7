//! The vault's storage: two compact records (see [`mars_types::codec`]) that every operation
//! reads whole, so a mint or a redemption makes two storage reads and one write of its own:
//!
//! - [`Settings`] (`settings`): the oracle and USDm addresses, the guardian, the bootstrap
//!   floor, the asset limit, the proportional fee, the pauses, the tier caps, the rate limits
//!   and the whitelist's parameters in storage-key order. Written only by owner and guardian
//!   messages.
//! - [`Accounts`] (`accounts`): both throttles' accounts and what the vault holds of each
//!   whitelisted asset, in the whitelist's order. Written once by every mint and redemption.
//!
//! Each record starts with its layout version; [`crate::migration`] converts the JSON layout of
//! version 0.1.

use cosmwasm_std::{Addr, StdError, StdResult, Storage, Uint128};
use mars_types::codec::{Reader, Writer};
use mars_types::vault::{AssetParams, Limits, Pauses, Throttle};
use mars_types::{AssetInfo, Bps, Tier, TierCaps};

pub const SETTINGS_KEY: &[u8] = b"settings";
pub const ACCOUNTS_KEY: &[u8] = b"accounts";
const SETTINGS_VERSION: u8 = 1;
const ACCOUNTS_VERSION: u8 = 1;

/// A whitelisted asset's parameters and switches.
#[derive(Clone, Debug, PartialEq)]
pub struct AssetConfig {
    pub params: AssetParams,
    pub mint_paused: bool,
    /// While minting is disabled, holdings below this many base units are dust (see
    /// [`AssetConfig::is_dust`]); zero while minting is enabled.
    pub dust_limit: Uint128,
}

impl AssetConfig {
    /// Whether `held` is dust: minting is disabled and the holdings, more than nothing, are
    /// below the amount worth [`mars_types::vault::DUST_VALUE`] when minting was disabled. Dust
    /// is neither priced nor valued, so its price cannot block anything, and the owner may
    /// remove the asset, writing the dust off.
    pub fn is_dust(&self, held: Uint128) -> bool {
        !self.params.mint_enabled && !held.is_zero() && held < self.dust_limit
    }
}

/// Everything but the balances: what every operation reads and only configuration writes.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub oracle: Addr,
    /// The USDm token, recorded from the reply to its instantiation (in the same transaction
    /// as the vault's own), so always present after instantiation.
    pub usdm: Option<Addr>,
    pub guardian: Option<Addr>,
    pub cap_floor: Uint128,
    pub max_assets: u32,
    pub proportional_redeem_fee: Bps,
    pub pauses: Pauses,
    pub tier_caps: TierCaps,
    pub limits: Limits,
    /// In ascending storage-key order, each asset once.
    pub assets: Vec<AssetConfig>,
}

impl Settings {
    pub fn usdm(&self) -> StdResult<&Addr> {
        self.usdm
            .as_ref()
            .ok_or_else(|| StdError::not_found("the USDm token"))
    }

    /// Index of `asset` in the whitelist.
    pub fn position(&self, asset: &AssetInfo) -> Option<usize> {
        self.assets.iter().position(|a| &a.params.asset == asset)
    }

    /// Where a new asset goes to keep storage-key order, or `None` if it is whitelisted.
    pub fn insertion_point(&self, asset: &AssetInfo) -> Option<usize> {
        let key = asset.storage_key();
        self.assets
            .binary_search_by(|a| a.params.asset.storage_key().cmp(&key))
            .err()
    }

    pub fn load(storage: &dyn Storage) -> StdResult<Self> {
        let raw = storage
            .get(SETTINGS_KEY)
            .ok_or_else(|| StdError::not_found("vault settings"))?;
        Self::decode(&raw)
    }

    pub fn save(&self, storage: &mut dyn Storage) -> StdResult<()> {
        storage.set(SETTINGS_KEY, &self.encode()?);
        Ok(())
    }

    fn encode(&self) -> StdResult<Vec<u8>> {
        let mut w = Writer::with_version(SETTINGS_VERSION);
        w.str(self.oracle.as_str())?;
        write_opt_addr(&mut w, self.usdm.as_ref())?;
        write_opt_addr(&mut w, self.guardian.as_ref())?;
        w.uint128(self.cap_floor)
            .u64(self.max_assets.into())
            .u16(self.proportional_redeem_fee.get())
            .u8(self.pauses.mint as u8
                | (self.pauses.single_redeem as u8) << 1
                | (self.pauses.proportional_redeem as u8) << 2);
        for tier in Tier::ALL {
            w.u16(self.tier_caps.get(tier).get());
        }
        write_throttle(&mut w, self.limits.mint);
        write_throttle(&mut w, self.limits.redeem);
        match self.limits.supply_cap {
            Some(cap) => w.u8(1).uint128(cap),
            None => w.u8(0),
        };
        w.u8(self.assets.len() as u8);
        for a in &self.assets {
            let p = &a.params;
            match &p.asset {
                AssetInfo::Native { denom } => w.u8(0).str(denom)?,
                AssetInfo::Cw20 { contract_addr } => w.u8(1).str(contract_addr.as_str())?,
            };
            w.u8(p.decimals)
                .u8(p.tier.ordinal())
                .u16(p.max_share.get())
                .uint128(p.value_ceiling)
                .u16(p.mint_fee.get())
                .u16(p.redeem_fee.get())
                .u8(p.mint_enabled as u8
                    | (p.redeem_enabled as u8) << 1
                    | (a.mint_paused as u8) << 2)
                .uint128(a.dust_limit);
        }
        Ok(w.finish())
    }

    fn decode(raw: &[u8]) -> StdResult<Self> {
        let mut r = Reader::new(raw, "vault settings", SETTINGS_VERSION)?;
        let oracle = Addr::unchecked(r.str()?);
        let usdm = read_opt_addr(&mut r)?;
        let guardian = read_opt_addr(&mut r)?;
        let cap_floor = r.uint128()?;
        let max_assets = u32::try_from(r.u64()?).map_err(|_| bad("max_assets"))?;
        let proportional_redeem_fee = read_bps(&mut r)?;
        let flags = r.u8()?;
        let pauses = Pauses {
            mint: flags & 1 != 0,
            single_redeem: flags & 2 != 0,
            proportional_redeem: flags & 4 != 0,
        };
        let tier_caps = TierCaps {
            stablecoin: read_bps(&mut r)?,
            btc: read_bps(&mut r)?,
            layer1: read_bps(&mut r)?,
            defi_blue_chip: read_bps(&mut r)?,
            governance: read_bps(&mut r)?,
        };
        let limits = Limits {
            mint: read_throttle(&mut r)?,
            redeem: read_throttle(&mut r)?,
            supply_cap: if r.bool()? { Some(r.uint128()?) } else { None },
        };
        let count = r.u8()?;
        let mut assets = Vec::with_capacity(count.into());
        for _ in 0..count {
            let asset = match r.u8()? {
                0 => AssetInfo::Native {
                    denom: r.str()?.to_string(),
                },
                1 => AssetInfo::Cw20 {
                    contract_addr: Addr::unchecked(r.str()?),
                },
                _ => return Err(bad("asset kind")),
            };
            let decimals = r.u8()?;
            let tier = Tier::from_ordinal(r.u8()?).ok_or_else(|| bad("tier"))?;
            let max_share = read_bps(&mut r)?;
            let value_ceiling = r.uint128()?;
            let mint_fee = read_bps(&mut r)?;
            let redeem_fee = read_bps(&mut r)?;
            let flags = r.u8()?;
            assets.push(AssetConfig {
                params: AssetParams {
                    asset,
                    decimals,
                    tier,
                    max_share,
                    value_ceiling,
                    mint_fee,
                    redeem_fee,
                    mint_enabled: flags & 1 != 0,
                    redeem_enabled: flags & 2 != 0,
                },
                mint_paused: flags & 4 != 0,
                dust_limit: r.uint128()?,
            });
        }
        r.finish()?;
        Ok(Settings {
            oracle,
            usdm,
            guardian,
            cap_floor,
            max_assets,
            proportional_redeem_fee,
            pauses,
            tier_caps,
            limits,
            assets,
        })
    }
}

/// What a throttle had left at `updated` (block time, seconds). The default, nothing left at
/// the epoch, is a full throttle.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ThrottleAccount {
    pub available: Uint128,
    pub updated: u64,
}

/// What the vault holds of an asset.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AssetAccount {
    /// In the vault's balance, available to redemptions.
    pub liquid: Uint128,
    /// Deployed to strategies; not available to redemptions.
    pub deployed: Uint128,
}

impl AssetAccount {
    /// Everything the vault owns of the asset.
    pub fn held(&self) -> Uint128 {
        self.liquid + self.deployed
    }
}

/// The throttles' accounts and the vault's accounts of each asset, index by index with
/// [`Settings::assets`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Accounts {
    pub mint: ThrottleAccount,
    pub redeem: ThrottleAccount,
    pub assets: Vec<AssetAccount>,
}

impl Accounts {
    pub fn load(storage: &dyn Storage) -> StdResult<Self> {
        let raw = storage
            .get(ACCOUNTS_KEY)
            .ok_or_else(|| StdError::not_found("vault accounts"))?;
        let mut r = Reader::new(&raw, "vault accounts", ACCOUNTS_VERSION)?;
        let mut throttle = || -> StdResult<ThrottleAccount> {
            Ok(ThrottleAccount {
                available: r.uint128()?,
                updated: r.u64()?,
            })
        };
        let mint = throttle()?;
        let redeem = throttle()?;
        let mut assets = vec![];
        while !r.is_empty() {
            assets.push(AssetAccount {
                liquid: r.uint128()?,
                deployed: r.uint128()?,
            });
        }
        Ok(Accounts {
            mint,
            redeem,
            assets,
        })
    }

    pub fn save(&self, storage: &mut dyn Storage) -> StdResult<()> {
        let mut w = Writer::with_version(ACCOUNTS_VERSION);
        for t in [&self.mint, &self.redeem] {
            w.uint128(t.available).u64(t.updated);
        }
        for h in &self.assets {
            w.uint128(h.liquid).uint128(h.deployed);
        }
        storage.set(ACCOUNTS_KEY, &w.finish());
        Ok(())
    }
}

fn bad(field: &str) -> StdError {
    StdError::parse_err("vault settings", format!("invalid {field}"))
}

fn read_bps(r: &mut Reader) -> StdResult<Bps> {
    Bps::new(r.u16()?).map_err(|_| bad("basis points"))
}

fn write_opt_addr(w: &mut Writer, addr: Option<&Addr>) -> StdResult<()> {
    match addr {
        Some(a) => w.u8(1).str(a.as_str())?,
        None => w.u8(0),
    };
    Ok(())
}

fn read_opt_addr(r: &mut Reader) -> StdResult<Option<Addr>> {
    Ok(if r.bool()? {
        Some(Addr::unchecked(r.str()?))
    } else {
        None
    })
}

fn write_throttle(w: &mut Writer, throttle: Option<Throttle>) {
    match throttle {
        Some(t) => w.u8(1).uint128(t.amount).u16(t.supply_bps.get()),
        None => w.u8(0),
    };
}

fn read_throttle(r: &mut Reader) -> StdResult<Option<Throttle>> {
    Ok(if r.bool()? {
        Some(Throttle {
            amount: r.uint128()?,
            supply_bps: read_bps(r)?,
        })
    } else {
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockStorage;

    fn bps(v: u16) -> Bps {
        Bps::new(v).unwrap()
    }

    fn settings() -> Settings {
        let asset = |asset: AssetInfo, tier: Tier| AssetConfig {
            params: AssetParams {
                asset,
                decimals: 6,
                tier,
                max_share: bps(5_000),
                value_ceiling: Uint128::new(u128::MAX),
                mint_fee: bps(30),
                redeem_fee: bps(50),
                mint_enabled: true,
                redeem_enabled: false,
            },
            mint_paused: true,
            dust_limit: Uint128::new(1_000_000),
        };
        Settings {
            oracle: Addr::unchecked("wasm1oracle"),
            usdm: Some(Addr::unchecked("wasm1usdm")),
            guardian: None,
            cap_floor: Uint128::new(10_000_000_000),
            max_assets: 32,
            proportional_redeem_fee: bps(25),
            pauses: Pauses {
                mint: false,
                single_redeem: true,
                proportional_redeem: false,
            },
            tier_caps: TierCaps {
                stablecoin: bps(10_000),
                btc: bps(5_000),
                layer1: bps(3_000),
                defi_blue_chip: bps(1_500),
                governance: bps(1_000),
            },
            limits: Limits {
                mint: Some(Throttle {
                    amount: Uint128::new(1_000_000),
                    supply_bps: bps(500),
                }),
                redeem: None,
                supply_cap: Some(Uint128::zero()),
            },
            assets: vec![
                asset(
                    AssetInfo::Cw20 {
                        contract_addr: Addr::unchecked("wasm1aave"),
                    },
                    Tier::DefiBlueChip,
                ),
                asset(
                    AssetInfo::Native {
                        denom: "uusdc".into(),
                    },
                    Tier::Stablecoin,
                ),
            ],
        }
    }

    #[test]
    fn settings_and_accounts_read_back_as_written() {
        let mut storage = MockStorage::new();
        let s = settings();
        s.save(&mut storage).unwrap();
        assert_eq!(Settings::load(&storage).unwrap(), s);
        let a = Accounts {
            mint: ThrottleAccount {
                available: Uint128::new(5),
                updated: 1_700_000_000,
            },
            redeem: ThrottleAccount::default(),
            assets: vec![
                AssetAccount {
                    liquid: Uint128::new(u128::MAX),
                    deployed: Uint128::zero(),
                },
                AssetAccount::default(),
            ],
        };
        a.save(&mut storage).unwrap();
        assert_eq!(Accounts::load(&storage).unwrap(), a);
        // a throttle and six assets' holdings fit in a few dozen bytes
        assert!(storage.get(ACCOUNTS_KEY).unwrap().len() < 40);
    }

    #[test]
    fn new_assets_go_in_storage_key_order() {
        let s = settings();
        let atom = AssetInfo::Native {
            denom: "uatom".into(),
        };
        assert_eq!(s.insertion_point(&atom), Some(1));
        assert_eq!(s.insertion_point(&s.assets[1].params.asset.clone()), None);
        assert_eq!(s.position(&s.assets[1].params.asset.clone()), Some(1));
        assert_eq!(s.position(&atom), None);
    }

    #[test]
    fn a_corrupt_record_is_an_error_not_a_default() {
        let mut storage = MockStorage::new();
        assert!(Settings::load(&storage).is_err());
        let mut raw = settings().encode().unwrap();
        raw.push(0);
        storage.set(SETTINGS_KEY, &raw);
        assert!(Settings::load(&storage).is_err());
        storage.set(SETTINGS_KEY, &[SETTINGS_VERSION + 1]);
        assert!(Settings::load(&storage).is_err());
    }
}
