//! The pair's two records, in the compact encoding of [`mars_types::codec`]: its configuration
//! (written at instantiation) and its pool (reserves and cumulative prices, written by every
//! swap, deposit and withdrawal).

use cosmwasm_std::{Addr, Storage, Uint128};
use mars_types::codec::{Reader, Writer};
use mars_types::swap::{Curve, Fees};
use mars_types::{AssetInfo, Bps};

use crate::ContractError;

const CONFIG_KEY: &[u8] = b"c";
const VERSION: u8 = 1;

/// What the pair is: its assets, LP token, curve and fees.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub assets: [AssetInfo; 2],
    /// Set by the reply to the LP token's instantiation.
    pub lp_token: Option<Addr>,
    pub curve: Curve,
    pub fees: Fees,
}

fn write_asset(w: &mut Writer, asset: &AssetInfo) -> Result<(), ContractError> {
    match asset {
        AssetInfo::Native { denom } => w.u8(0).str(denom)?,
        AssetInfo::Cw20 { contract_addr } => w.u8(1).str(contract_addr.as_str())?,
    };
    Ok(())
}

fn read_asset(r: &mut Reader) -> Result<AssetInfo, ContractError> {
    let kind = r.u8()?;
    let name = r.str()?.to_string();
    match kind {
        0 => Ok(AssetInfo::Native { denom: name }),
        1 => Ok(AssetInfo::Cw20 {
            contract_addr: Addr::unchecked(name),
        }),
        _ => Err(
            cosmwasm_std::StdError::parse_err("pair config", format!("asset kind {kind}")).into(),
        ),
    }
}

fn read_addr(r: &mut Reader) -> Result<Option<Addr>, ContractError> {
    let s = r.str()?;
    Ok((!s.is_empty()).then(|| Addr::unchecked(s)))
}

fn bps(v: u16) -> Result<Bps, ContractError> {
    Bps::new(v).map_err(|e| cosmwasm_std::StdError::parse_err("Bps", e.to_string()).into())
}

impl Config {
    pub fn load(storage: &dyn Storage) -> Result<Self, ContractError> {
        let raw = storage
            .get(CONFIG_KEY)
            .ok_or_else(|| cosmwasm_std::StdError::not_found("pair config"))?;
        let mut r = Reader::new(&raw, "pair config", VERSION)?;
        let assets = [read_asset(&mut r)?, read_asset(&mut r)?];
        let lp_token = read_addr(&mut r)?;
        let curve = match r.u8()? {
            0 => Curve::Xyk {},
            1 => Curve::Stable {
                amp: r.u64()?,
                decimals: [r.u8()?, r.u8()?],
            },
            kind => {
                return Err(cosmwasm_std::StdError::parse_err(
                    "pair config",
                    format!("curve {kind}"),
                )
                .into())
            }
        };
        let fees = Fees {
            total_fee_bps: bps(r.u16()?)?,
            protocol_fee_bps: bps(r.u16()?)?,
            fee_address: read_addr(&mut r)?,
        };
        r.finish()?;
        Ok(Config {
            assets,
            lp_token,
            curve,
            fees,
        })
    }

    pub fn save(&self, storage: &mut dyn Storage) -> Result<(), ContractError> {
        let mut w = Writer::with_version(VERSION);
        write_asset(&mut w, &self.assets[0])?;
        write_asset(&mut w, &self.assets[1])?;
        w.str(self.lp_token.as_ref().map_or("", Addr::as_str))?;
        match self.curve {
            Curve::Xyk {} => w.u8(0),
            Curve::Stable { amp, decimals } => w.u8(1).u64(amp).u8(decimals[0]).u8(decimals[1]),
        };
        w.u16(self.fees.total_fee_bps.get())
            .u16(self.fees.protocol_fee_bps.get())
            .str(self.fees.fee_address.as_ref().map_or("", Addr::as_str))?;
        storage.set(CONFIG_KEY, &w.finish());
        Ok(())
    }

    pub fn lp_token(&self) -> Result<&Addr, ContractError> {
        self.lp_token
            .as_ref()
            .ok_or(ContractError::NoLiquidityToken {})
    }

    /// Amounts of the two assets as events write them: `"{amount} {asset}, {amount} {asset}"`.
    pub fn describe(&self, amounts: [Uint128; 2]) -> String {
        format!(
            "{} {}, {} {}",
            amounts[0], self.assets[0], amounts[1], self.assets[1]
        )
    }

    /// The index of `asset` in the pool.
    pub fn index_of(&self, asset: &AssetInfo) -> Result<usize, ContractError> {
        self.assets
            .iter()
            .position(|a| a == asset)
            .ok_or_else(|| ContractError::AssetNotInPool {
                asset: asset.to_string(),
            })
    }
}

pub use mars_types::swap::{Pool, POOL_KEY};

#[cfg(test)]
mod tests {
    use cosmwasm_std::testing::MockStorage;

    use super::*;

    #[test]
    fn the_records_read_back_what_was_written() {
        let mut storage = MockStorage::new();
        for (curve, lp, fee_address) in [
            (Curve::Xyk {}, None, None),
            (
                Curve::Stable {
                    amp: 10_000,
                    decimals: [6, 18],
                },
                Some(Addr::unchecked("cosmwasm1lp")),
                Some(Addr::unchecked("cosmwasm1fees")),
            ),
        ] {
            let config = Config {
                assets: [
                    AssetInfo::Native {
                        denom:
                            "ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2"
                                .to_string(),
                    },
                    AssetInfo::Cw20 {
                        contract_addr: Addr::unchecked("cosmwasm1usdm"),
                    },
                ],
                lp_token: lp,
                curve,
                fees: Fees {
                    total_fee_bps: Bps::new(30).unwrap(),
                    protocol_fee_bps: Bps::new(10_000).unwrap(),
                    fee_address,
                },
            };
            config.save(&mut storage).unwrap();
            assert_eq!(Config::load(&storage).unwrap(), config);
        }
        assert_eq!(Pool::load(&storage).unwrap(), Pool::default());
        let pool = Pool {
            reserves: [Uint128::MAX, Uint128::one()],
            cumulative: [Uint128::zero(), Uint128::new(u128::MAX - 1)],
            block_time_last: u64::MAX,
        };
        pool.save(&mut storage);
        assert_eq!(Pool::load(&storage).unwrap(), pool);
    }

    #[test]
    fn a_record_of_another_layout_is_refused() {
        let mut storage = MockStorage::new();
        storage.set(POOL_KEY, &[2, 0, 0, 0, 0, 0]);
        let e = Pool::load(&storage).unwrap_err().to_string();
        assert!(e.contains("layout version 2"), "{e}");
        storage.set(POOL_KEY, &[VERSION, 0, 0, 0, 0, 0, 7]);
        assert!(Pool::load(&storage).is_err(), "trailing bytes");
    }

    #[test]
    fn the_cumulative_prices_wrap_at_2_to_the_128() {
        let mut pool = Pool {
            reserves: [Uint128::new(1), Uint128::new(u128::MAX / 1_000_000)],
            cumulative: [Uint128::new(u128::MAX), Uint128::zero()],
            block_time_last: 0,
        };
        pool.accumulate(&Curve::Xyk {}, 10).unwrap();
        let per_second = Uint128::new(u128::MAX / 1_000_000 * 1_000_000);
        let added = per_second.wrapping_mul(Uint128::new(10));
        assert_eq!(
            pool.cumulative[0],
            Uint128::new(u128::MAX).wrapping_add(added)
        );
        assert_eq!(pool.block_time_last, 10);
    }
}
