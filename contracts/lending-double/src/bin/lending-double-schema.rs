use cosmwasm_schema::write_api;
use mars_lending_double::{ExecuteMsg, InstantiateMsg};
use mars_types::red_bank::QueryMsg;

fn main() {
    write_api! {
        instantiate: InstantiateMsg,
        execute: ExecuteMsg,
        query: QueryMsg,
    }
}
