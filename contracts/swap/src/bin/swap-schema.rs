use cosmwasm_schema::write_api;
use mars_types::astroport::{ExecuteMsg, QueryMsg};
use mars_types::swap::{InstantiateMsg, MigrateMsg};

fn main() {
    write_api! {
        instantiate: InstantiateMsg,
        execute: ExecuteMsg,
        query: QueryMsg,
        migrate: MigrateMsg,
    }
}
