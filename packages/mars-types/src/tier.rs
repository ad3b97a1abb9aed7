//! The five volatility tiers of the seed, and their share caps.

use std::fmt;

use cosmwasm_schema::cw_serde;
use thiserror::Error;

use crate::Bps;

/// A volatility tier, in the seed's order: the higher the ordinal, the more volatile the asset
/// and the lower the largest share of the vault it may hold.
///
/// The JSON names (`stablecoin`, `btc`, `layer1`, `defi_blue_chip`, `governance`) are stable.
#[cw_serde]
#[derive(Copy, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    /// 1: USD stablecoins.
    Stablecoin,
    /// 2: BTC, "digital gold".
    Btc,
    /// 3: layer-1 majors (ETH, BNB, ATOM, ...).
    Layer1,
    /// 4: DeFi blue chips (UNI, AAVE, ...).
    DefiBlueChip,
    /// 5: XMS, the protocol's own governance token.
    Governance,
}

impl Tier {
    /// All five tiers from the least to the most volatile.
    pub const ALL: [Tier; 5] = [
        Tier::Stablecoin,
        Tier::Btc,
        Tier::Layer1,
        Tier::DefiBlueChip,
        Tier::Governance,
    ];

    /// The seed's number for the tier, 1..=5.
    pub const fn ordinal(self) -> u8 {
        self as u8 + 1
    }

    /// The tier with the seed's number `ordinal`, if it is 1..=5.
    pub fn from_ordinal(ordinal: u8) -> Option<Tier> {
        Tier::ALL.get(usize::from(ordinal).checked_sub(1)?).copied()
    }

    /// Position in [`Tier::ALL`], 0..=4, for per-tier arrays.
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The stable JSON name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Tier::Stablecoin => "stablecoin",
            Tier::Btc => "btc",
            Tier::Layer1 => "layer1",
            Tier::DefiBlueChip => "defi_blue_chip",
            Tier::Governance => "governance",
        }
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The largest share of total vault value each tier may hold.
#[cw_serde]
#[derive(Copy, Eq)]
pub struct TierCaps {
    pub stablecoin: Bps,
    pub btc: Bps,
    pub layer1: Bps,
    pub defi_blue_chip: Bps,
    pub governance: Bps,
}

#[derive(Error, Debug, PartialEq, Eq)]
#[error("tier caps must not increase with volatility: {tier} cap {cap} is above {less_volatile} cap {less_volatile_cap}")]
pub struct TierCapsIncreasing {
    pub tier: Tier,
    pub cap: Bps,
    pub less_volatile: Tier,
    pub less_volatile_cap: Bps,
}

impl TierCaps {
    pub fn get(&self, tier: Tier) -> Bps {
        match tier {
            Tier::Stablecoin => self.stablecoin,
            Tier::Btc => self.btc,
            Tier::Layer1 => self.layer1,
            Tier::DefiBlueChip => self.defi_blue_chip,
            Tier::Governance => self.governance,
        }
    }

    /// The seed's rule: a more volatile tier never has a larger cap than a less volatile one.
    pub fn validate(&self) -> Result<(), TierCapsIncreasing> {
        for pair in Tier::ALL.windows(2) {
            let (less_volatile, tier) = (pair[0], pair[1]);
            if self.get(tier) > self.get(less_volatile) {
                return Err(TierCapsIncreasing {
                    tier,
                    cap: self.get(tier),
                    less_volatile,
                    less_volatile_cap: self.get(less_volatile),
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::{from_json, to_json_string};

    fn bps(v: u16) -> Bps {
        Bps::new(v).unwrap()
    }

    fn caps(v: [u16; 5]) -> TierCaps {
        TierCaps {
            stablecoin: bps(v[0]),
            btc: bps(v[1]),
            layer1: bps(v[2]),
            defi_blue_chip: bps(v[3]),
            governance: bps(v[4]),
        }
    }

    #[test]
    fn ordinals_and_names_are_stable() {
        let names: Vec<_> = Tier::ALL
            .iter()
            .map(|t| (t.ordinal(), t.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                (1, "stablecoin"),
                (2, "btc"),
                (3, "layer1"),
                (4, "defi_blue_chip"),
                (5, "governance")
            ]
        );
        for t in Tier::ALL {
            assert_eq!(Tier::from_ordinal(t.ordinal()), Some(t));
            assert_eq!(to_json_string(&t).unwrap(), format!("\"{t}\""));
            assert_eq!(from_json::<Tier>(format!("\"{t}\"")).unwrap(), t);
            assert_eq!(Tier::ALL[t.index()], t);
        }
        assert_eq!(Tier::from_ordinal(0), None);
        assert_eq!(Tier::from_ordinal(6), None);
        assert!(Tier::Stablecoin < Tier::Governance);
    }

    #[test]
    fn caps_must_not_increase_with_volatility() {
        assert_eq!(
            caps([10_000, 5_000, 3_000, 2_000, 1_000]).validate(),
            Ok(())
        );
        assert_eq!(caps([5_000, 5_000, 5_000, 5_000, 5_000]).validate(), Ok(()));
        assert_eq!(
            caps([10_000, 5_000, 3_000, 2_000, 2_500]).validate(),
            Err(TierCapsIncreasing {
                tier: Tier::Governance,
                cap: bps(2_500),
                less_volatile: Tier::DefiBlueChip,
                less_volatile_cap: bps(2_000),
            })
        );
        assert_eq!(
            caps([4_000, 5_000, 3_000, 2_000, 1_000])
                .validate()
                .unwrap_err()
                .tier,
            Tier::Btc
        );
    }
}
