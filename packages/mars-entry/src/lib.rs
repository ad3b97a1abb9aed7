//! Lean entry points for the Mars contracts.
//!
//! cosmwasm-std parses the environment, the message info and every raw query's answer, and
//! writes every response, with serde-json-wasm, which costs a contract 20–35k VM gas for each
//! byte: the VM charges every branch and call fourteen times an ordinary instruction, and serde
//! branches on every byte. On a mint that is more than half of what the vault spends. This crate
//! speaks the same wire format with word-at-a-time scans and table lookups:
//!
//! - [`env`]: `Env` and `MessageInfo` from the VM's JSON;
//! - [`response`]: `ContractResult<Response>` to JSON, byte for byte as cosmwasm-std writes it;
//! - [`raw`]: raw storage reads of other contracts, request and answer by hand;
//! - [`execute_export!`]: a contract's `execute` export built from these;
//! - [`alloc`]: the global allocator on wasm32, a bump allocator (each call has a fresh instance);
//! - `mars_mem` (wasm32): `memcpy` and its kin, eight bytes a step.
//!
//! Every reader takes only the exact, common form and falls back to cosmwasm-std's own
//! deserialisation for anything else, so values and errors are cosmwasm-std's; every writer is
//! tested byte for byte against serde's output.

pub mod base64;
pub mod env;
pub mod json;
pub mod raw;
pub mod response;

pub mod alloc;
#[cfg(target_arch = "wasm32")]
pub mod export;

// the contracts' memcpy, memmove, memset, memcmp and bcmp (see `mars_mem`)
#[cfg(target_arch = "wasm32")]
use mars_mem as _;

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: alloc::Bump<alloc::WasmMemory> = alloc::Bump::new(alloc::WasmMemory);

/// Exports `execute` for a contract whose `execute` function has cosmwasm-std's signature,
/// in place of `#[entry_point]`.
#[macro_export]
macro_rules! execute_export {
    ($execute:ident) => {
        #[cfg(target_arch = "wasm32")]
        mod __mars_execute_export {
            #[no_mangle]
            extern "C" fn execute(env_ptr: u32, info_ptr: u32, msg_ptr: u32) -> u32 {
                // SAFETY: the VM calls `execute` with the regions of env, info and message
                unsafe { $crate::export::do_execute(super::$execute, env_ptr, info_ptr, msg_ptr) }
            }
        }
    };
}
