//! The guardian role shared by the vault and governance.

use cosmwasm_schema::cw_serde;

/// A change of guardian. An explicit enum, because JSON cannot tell "remove" from "leave as it
/// is" in a nullable optional field.
#[cw_serde]
pub enum GuardianUpdate {
    /// The new guardian.
    Set {
        /// Its address.
        address: String,
    },
    /// No guardian: only the owner (governance) holds the guardian's emergency powers.
    Remove {},
}
