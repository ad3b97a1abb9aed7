//! Assets: bank coins (including IBC and token-factory denoms) and cw20 tokens.
//!
//! Whitelisting compares the exact denom or the validated contract address, never metadata: the
//! same stablecoin over two bridges is two assets.

use std::fmt;

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    Addr, Api, BankMsg, Coin, CosmosMsg, QuerierWrapper, StdError, StdResult, Uint128, WasmMsg,
};
use cw20::{BalanceResponse, Cw20QueryMsg};
use mars_entry::json::owned;
use thiserror::Error;

/// An asset, with the cw20 address as `T`: `String` in messages, `Addr` once validated.
#[cw_serde]
#[derive(Eq, PartialOrd, Ord, Hash)]
pub enum AssetInfoBase<T> {
    /// A bank coin: a chain denom, `ibc/<HASH>` or `factory/<creator>/<subdenom>`.
    Native { denom: String },
    /// A cw20 token contract.
    Cw20 { contract_addr: T },
}

/// An asset as a message carries it: cw20 addresses not yet validated.
pub type AssetInfoUnchecked = AssetInfoBase<String>;
/// A validated asset, as contracts store it.
pub type AssetInfo = AssetInfoBase<Addr>;

#[derive(Error, Debug, PartialEq)]
pub enum AssetError {
    #[error("invalid denom {denom:?}: {reason}")]
    InvalidDenom { denom: String, reason: &'static str },

    #[error(transparent)]
    Std(#[from] StdError),
}

/// The Cosmos SDK's denom rule: `[a-zA-Z][a-zA-Z0-9/:._-]{2,127}`.
pub fn validate_denom(denom: &str) -> Result<(), AssetError> {
    let invalid = |reason| {
        Err(AssetError::InvalidDenom {
            denom: denom.to_string(),
            reason,
        })
    };
    if !(3..=128).contains(&denom.len()) {
        return invalid("length must be 3 to 128 characters");
    }
    let mut chars = denom.chars();
    if !chars.next().is_some_and(|c| c.is_ascii_alphabetic()) {
        return invalid("must start with a letter");
    }
    if !chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | ':' | '.' | '_' | '-')) {
        return invalid("only letters, digits and / : . _ - are allowed");
    }
    Ok(())
}

impl AssetInfoUnchecked {
    pub fn native(denom: impl Into<String>) -> Self {
        AssetInfoBase::Native {
            denom: denom.into(),
        }
    }

    pub fn cw20(contract_addr: impl Into<String>) -> Self {
        AssetInfoBase::Cw20 {
            contract_addr: contract_addr.into(),
        }
    }

    /// Validates the denom syntax or the cw20 address (which must be in canonical lower case).
    pub fn check(&self, api: &dyn Api) -> Result<AssetInfo, AssetError> {
        Ok(match self {
            AssetInfoBase::Native { denom } => {
                validate_denom(denom)?;
                AssetInfoBase::Native {
                    denom: owned(denom),
                }
            }
            AssetInfoBase::Cw20 { contract_addr } => AssetInfoBase::Cw20 {
                contract_addr: api.addr_validate(contract_addr)?,
            },
        })
    }
}

impl AssetInfo {
    /// The canonical storage key: `native:<denom>` or `cw20:<address>`. The prefix keeps a denom
    /// and an address with the same text apart.
    /// The same text as `Display` writes, built without `fmt` (see [`mars_entry::json::owned`]).
    pub fn storage_key(&self) -> String {
        let (prefix, name) = self.key_parts();
        let mut key = String::with_capacity(prefix.len() + name.len());
        key.push_str(prefix);
        key.push_str(name);
        key
    }

    /// A clone, made with the contract's `memcpy`: the derived `Clone` calls `String::clone`,
    /// which is compiled into the prebuilt standard library and copies a byte a step.
    pub fn copied(&self) -> AssetInfo {
        match self {
            AssetInfoBase::Native { denom } => AssetInfoBase::Native {
                denom: owned(denom),
            },
            AssetInfoBase::Cw20 { contract_addr } => AssetInfoBase::Cw20 {
                contract_addr: Addr::unchecked(owned(contract_addr.as_str())),
            },
        }
    }

    /// [`AssetInfo::storage_key`] in its two parts: the kind's prefix and the denom or address.
    pub fn key_parts(&self) -> (&'static str, &str) {
        match self {
            AssetInfoBase::Native { denom } => ("native:", denom.as_str()),
            AssetInfoBase::Cw20 { contract_addr } => ("cw20:", contract_addr.as_str()),
        }
    }

    /// The message that sends `amount` of this asset from the calling contract to `recipient`.
    pub fn transfer_msg(&self, recipient: &Addr, amount: Uint128) -> CosmosMsg {
        match self {
            AssetInfoBase::Native { denom } => BankMsg::Send {
                to_address: owned(recipient.as_str()),
                amount: vec![Coin {
                    denom: owned(denom),
                    amount,
                }],
            }
            .into(),
            AssetInfoBase::Cw20 { contract_addr } => WasmMsg::Execute {
                contract_addr: owned(contract_addr.as_str()),
                msg: crate::usdm::transfer_msg(recipient.as_str(), amount),
                funds: vec![],
            }
            .into(),
        }
    }

    /// What `holder` holds of this asset.
    pub fn query_balance(&self, querier: &QuerierWrapper, holder: &Addr) -> StdResult<Uint128> {
        match self {
            AssetInfoBase::Native { denom } => {
                mars_entry::raw::bank_balance(querier, holder.as_str(), denom)
            }
            AssetInfoBase::Cw20 { contract_addr } => {
                let res: BalanceResponse = mars_entry::raw::query_wasm_smart(
                    querier,
                    contract_addr.as_str(),
                    &Cw20QueryMsg::Balance {
                        address: holder.to_string(),
                    },
                )?;
                Ok(res.balance)
            }
        }
    }
}

impl From<AssetInfo> for AssetInfoUnchecked {
    fn from(info: AssetInfo) -> Self {
        match info {
            AssetInfoBase::Native { denom } => AssetInfoBase::Native { denom },
            AssetInfoBase::Cw20 { contract_addr } => AssetInfoBase::Cw20 {
                contract_addr: contract_addr.into_string(),
            },
        }
    }
}

impl<T: fmt::Display> fmt::Display for AssetInfoBase<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AssetInfoBase::Native { denom } => write!(f, "native:{denom}"),
            AssetInfoBase::Cw20 { contract_addr } => write!(f, "cw20:{contract_addr}"),
        }
    }
}

/// An amount of an asset.
#[cw_serde]
pub struct Asset {
    pub info: AssetInfo,
    pub amount: Uint128,
}

impl fmt::Display for Asset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.info)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockApi;

    #[test]
    fn sdk_denom_rules() {
        for ok in [
            "uatom",
            "ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2",
            "factory/osmo1abc/umars",
            "gravity0xA0b8:usdc.e_x-y",
        ] {
            assert_eq!(validate_denom(ok), Ok(()), "{ok}");
        }
        for bad in [
            "",
            "ab",
            "1atom",
            "/uatom",
            "u atom",
            "uatom!",
            &"a".repeat(129),
        ] {
            assert!(validate_denom(bad).is_err(), "{bad}");
        }
        assert!(validate_denom(&"a".repeat(128)).is_ok());
    }

    #[test]
    fn check_validates_addresses_exactly() {
        let api = MockApi::default();
        let addr = api.addr_make("token");
        let checked = AssetInfoUnchecked::cw20(addr.as_str()).check(&api).unwrap();
        assert_eq!(
            checked,
            AssetInfo::Cw20 {
                contract_addr: addr.clone()
            }
        );
        assert!(AssetInfoUnchecked::cw20(addr.as_str().to_uppercase())
            .check(&api)
            .is_err());
        assert!(AssetInfoUnchecked::cw20("not-an-address")
            .check(&api)
            .is_err());
        assert!(AssetInfoUnchecked::native("x").check(&api).is_err());
        assert_eq!(
            AssetInfoUnchecked::native("uatom").check(&api).unwrap(),
            AssetInfo::Native {
                denom: "uatom".into()
            }
        );
    }

    #[test]
    fn storage_keys_keep_kinds_apart() {
        let api = MockApi::default();
        let addr = api.addr_make("token");
        let native = AssetInfo::Native {
            denom: addr.to_string(),
        };
        let cw20 = AssetInfo::Cw20 {
            contract_addr: addr.clone(),
        };
        assert_ne!(native.storage_key(), cw20.storage_key());
        assert_eq!(cw20.storage_key(), format!("cw20:{addr}"));
    }
}
