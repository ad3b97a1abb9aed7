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
//! - [`querier`]: the querier every entry point is given, the VM's answers read by hand;
//! - [`raw`]: raw storage reads and smart queries of other contracts, requests written by hand;
//! - [`reply`]: the `Reply` a contract's `reply` entry point is given;
//! - [`entry_points!`]: a contract's exports built from these;
//! - [`alloc`]: the global allocator on wasm32, a bump allocator (each call has a fresh instance);
//! - `mars_mem` (wasm32): `memcpy` and its kin, eight bytes a step.
//!
//! Every reader gives what cosmwasm-std's deserialisation gives and refuses what it refuses
//! (tested against serde on any input, escapes included; the error for JSON the VM never writes
//! names the type but not serde's reason); every writer is tested byte for byte against serde's
//! output. Contract messages themselves are still read by serde.

pub mod base64;
pub mod env;
pub mod json;
pub mod querier;
pub mod raw;
pub mod reply;
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

/// Exports a contract's entry points, in place of cosmwasm-std's `#[entry_point]`: each
/// `kind: function` pair names an entry point (`instantiate`, `execute`, `query`, `migrate`,
/// `reply`, `ibc_source_callback`, `ibc_destination_callback`) and the function, with
/// cosmwasm-std's signature for it, that serves it.
///
/// ```ignore
/// #[cfg(not(feature = "library"))]
/// mars_entry::entry_points!(instantiate: instantiate, execute: execute, query: query);
/// ```
#[macro_export]
macro_rules! entry_points {
    ($($kind:ident: $function:ident),* $(,)?) => {
        #[cfg(target_arch = "wasm32")]
        mod __mars_entry_points {
            $($crate::__entry_point!($kind, super::$function);)*
        }
    };
}

// SAFETY (every arm): the VM calls each export with the regions of its arguments.
#[doc(hidden)]
#[macro_export]
macro_rules! __entry_point {
    (instantiate, $f:path) => {
        #[no_mangle]
        extern "C" fn instantiate(env: u32, info: u32, msg: u32) -> u32 {
            unsafe { $crate::export::do_with_info($f, env, info, msg) }
        }
    };
    (execute, $f:path) => {
        #[no_mangle]
        extern "C" fn execute(env: u32, info: u32, msg: u32) -> u32 {
            unsafe { $crate::export::do_with_info($f, env, info, msg) }
        }
    };
    (query, $f:path) => {
        #[no_mangle]
        extern "C" fn query(env: u32, msg: u32) -> u32 {
            unsafe { $crate::export::do_query($f, env, msg) }
        }
    };
    (migrate, $f:path) => {
        #[no_mangle]
        extern "C" fn migrate(env: u32, msg: u32) -> u32 {
            unsafe { $crate::export::do_migrate($f, env, msg) }
        }
    };
    (reply, $f:path) => {
        #[no_mangle]
        extern "C" fn reply(env: u32, msg: u32) -> u32 {
            unsafe { $crate::export::do_reply($f, env, msg) }
        }
    };
    (ibc_source_callback, $f:path) => {
        #[no_mangle]
        extern "C" fn ibc_source_callback(env: u32, msg: u32) -> u32 {
            unsafe { $crate::export::do_ibc_callback($f, env, msg) }
        }
    };
    (ibc_destination_callback, $f:path) => {
        #[no_mangle]
        extern "C" fn ibc_destination_callback(env: u32, msg: u32) -> u32 {
            unsafe { $crate::export::do_ibc_callback($f, env, msg) }
        }
    };
}
