use cosmwasm_std::StdError;
use mars_types::migrate::MigrateError;
use thiserror::Error;

#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    #[error(transparent)]
    Std(#[from] StdError),

    /// Every cw20 error (unauthorized mint, cap exceeded, insufficient funds, expired allowance,
    /// ...) as cw20-base reports it.
    #[error(transparent)]
    Cw20(#[from] cw20_base::ContractError),

    #[error(transparent)]
    Migrate(#[from] MigrateError),
}
