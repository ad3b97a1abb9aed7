//! The migration guard every contract applies: same contract, strictly newer version.

use cosmwasm_std::{StdError, Storage};
use semver::Version;
use thiserror::Error;

#[derive(Error, Debug, PartialEq)]
pub enum MigrateError {
    #[error("cannot migrate from contract {found} to {expected}")]
    WrongContract { expected: String, found: String },

    #[error("cannot migrate from version {stored} to {new}: the new version must be newer")]
    NotNewer { stored: String, new: String },

    #[error("invalid version {version:?}: {reason}")]
    InvalidVersion { version: String, reason: String },

    #[error(transparent)]
    Std(#[from] StdError),
}

fn parse(version: &str) -> Result<Version, MigrateError> {
    Version::parse(version).map_err(|e| MigrateError::InvalidVersion {
        version: version.to_string(),
        reason: e.to_string(),
    })
}

/// Checks that the stored cw2 info names `contract_name` at a version strictly older than
/// `new_version`, then records `new_version`.
pub fn upgrade_contract_version(
    storage: &mut dyn Storage,
    contract_name: &str,
    new_version: &str,
) -> Result<(), MigrateError> {
    let stored = cw2::get_contract_version(storage)?;
    if stored.contract != contract_name {
        return Err(MigrateError::WrongContract {
            expected: contract_name.to_string(),
            found: stored.contract,
        });
    }
    if parse(&stored.version)? >= parse(new_version)? {
        return Err(MigrateError::NotNewer {
            stored: stored.version,
            new: new_version.to_string(),
        });
    }
    cw2::set_contract_version(storage, contract_name, new_version)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockStorage;

    #[test]
    fn only_newer_versions_of_the_same_contract() {
        let mut store = MockStorage::new();
        cw2::set_contract_version(&mut store, "crates.io:mars-usdm", "1.2.3").unwrap();
        assert_eq!(
            upgrade_contract_version(&mut store, "crates.io:mars-vault", "2.0.0"),
            Err(MigrateError::WrongContract {
                expected: "crates.io:mars-vault".into(),
                found: "crates.io:mars-usdm".into()
            })
        );
        for old in ["1.2.3", "1.2.2", "0.9.0", "1.2.3-rc.1"] {
            assert!(matches!(
                upgrade_contract_version(&mut store, "crates.io:mars-usdm", old),
                Err(MigrateError::NotNewer { .. })
            ));
        }
        assert!(matches!(
            upgrade_contract_version(&mut store, "crates.io:mars-usdm", "one"),
            Err(MigrateError::InvalidVersion { .. })
        ));
        upgrade_contract_version(&mut store, "crates.io:mars-usdm", "1.3.0").unwrap();
        assert_eq!(cw2::get_contract_version(&store).unwrap().version, "1.3.0");
    }
}
