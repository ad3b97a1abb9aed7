//! The VM's side of every entry point, as cosmwasm-std's `do_*` functions do it but with this
//! crate's readers, writers and querier: regions in, regions out, the same imports and the same
//! memory ownership (the VM allocates input regions through cosmwasm-std's `allocate` export and frees
//! output regions through its `deallocate`, both `Box<Region>` over a `Vec<u8>`).

use std::marker::PhantomData;
use std::mem;

use cosmwasm_std::{
    from_json, Binary, Deps, DepsMut, Empty, Env, ExternalApi, ExternalStorage, IbcBasicResponse,
    MessageInfo, OwnedDeps, Reply, Response,
};
use serde::de::DeserializeOwned;

use crate::querier::LeanQuerier;

/// cosmwasm-std's and the VM's `Region`.
#[repr(C)]
struct Region {
    offset: u32,
    capacity: u32,
    length: u32,
}

mod imports {
    extern "C" {
        pub fn query_chain(request: u32) -> u32;
        pub fn abort(message: u32);
    }
}

/// Borrows `data` as a region for the length of a call.
fn borrowed(data: &[u8]) -> Region {
    Region {
        offset: data.as_ptr() as u32,
        capacity: data.len() as u32,
        length: data.len() as u32,
    }
}

/// Reports a panic to the VM with its message and location, as cosmwasm-std's entry points do.
fn install_panic_handler() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        let region = borrowed(message.as_bytes());
        // SAFETY: the region borrows `message`, alive until the VM aborts the call
        unsafe { imports::abort(&region as *const Region as u32) };
    }));
}

/// Takes ownership of a region the VM allocated and filled.
///
/// # Safety
/// `ptr` must be a region from cosmwasm-std's `allocate` that nothing else owns.
unsafe fn consume(ptr: u32) -> Vec<u8> {
    assert!(ptr != 0, "Region pointer is null");
    let region = Box::from_raw(ptr as *mut Region);
    Vec::from_raw_parts(
        region.offset as *mut u8,
        region.length as usize,
        region.capacity as usize,
    )
}

/// Hands `data` to the VM, which frees it.
fn release(data: Vec<u8>) -> u32 {
    let mut data = mem::ManuallyDrop::new(data);
    let region = Box::new(Region {
        offset: data.as_mut_ptr() as u32,
        capacity: data.capacity() as u32,
        length: data.len() as u32,
    });
    Box::into_raw(region) as u32
}

/// The VM's answer to a query request.
pub(crate) fn query_chain(request: &[u8]) -> Vec<u8> {
    let region = borrowed(request);
    // SAFETY: the region borrows `request`, which outlives the call; the answer is a region
    // the VM allocated through `allocate` for us to own.
    unsafe { consume(imports::query_chain(&region as *const Region as u32)) }
}

/// What every entry point is given: the VM's storage and API, and the lean querier.
fn dependencies() -> OwnedDeps<ExternalStorage, ExternalApi, LeanQuerier, Empty> {
    OwnedDeps {
        storage: ExternalStorage::new(),
        api: ExternalApi::new(),
        querier: LeanQuerier,
        custom_query_type: PhantomData,
    }
}

fn message<M: DeserializeOwned>(json: &[u8]) -> Result<M, String> {
    from_json(json).map_err(|e| e.to_string())
}

fn reason(error: impl ToString) -> String {
    error.to_string()
}

/// Hands the VM the JSON of an entry point's result: `Ok`'s as written, or `{"error":…}`.
fn answer(result: Result<Vec<u8>, String>) -> u32 {
    release(match result {
        Ok(json) => json,
        Err(error) => crate::response::err(&error),
    })
}

/// An entry point of the environment and one more input (a message, a reply, a callback).
///
/// # Safety
/// The pointers must be the VM's arguments to the entry point.
unsafe fn with_env<M, R>(
    env_ptr: u32,
    msg_ptr: u32,
    read: impl FnOnce(&[u8]) -> Result<M, String>,
    run: impl FnOnce(Env, M) -> Result<R, String>,
    write: impl FnOnce(&R) -> Vec<u8>,
) -> u32 {
    install_panic_handler();
    let env = consume(env_ptr);
    let msg = consume(msg_ptr);
    answer((|| {
        let env = crate::env::env(&env).map_err(reason)?;
        let msg = read(&msg)?;
        Ok(write(&run(env, msg)?))
    })())
}

pub type WithInfoFn<M, E> = fn(DepsMut, Env, MessageInfo, M) -> Result<Response, E>;

/// The body of a contract's `instantiate` or `execute` export.
///
/// # Safety
/// The pointers must be the VM's arguments to the entry point.
pub unsafe fn do_with_info<M: DeserializeOwned, E: ToString>(
    f: WithInfoFn<M, E>,
    env_ptr: u32,
    info_ptr: u32,
    msg_ptr: u32,
) -> u32 {
    install_panic_handler();
    let env = consume(env_ptr);
    let info = consume(info_ptr);
    let msg = consume(msg_ptr);
    answer((|| {
        let env = crate::env::env(&env).map_err(reason)?;
        let info = crate::env::info(&info).map_err(reason)?;
        let msg = message(&msg)?;
        let response = f(dependencies().as_mut(), env, info, msg).map_err(reason)?;
        Ok(crate::response::ok(&response))
    })())
}

/// The body of a contract's `query` export.
///
/// # Safety
/// The pointers must be the VM's arguments to `query`.
pub unsafe fn do_query<M: DeserializeOwned, E: ToString>(
    f: fn(Deps, Env, M) -> Result<Binary, E>,
    env_ptr: u32,
    msg_ptr: u32,
) -> u32 {
    with_env(
        env_ptr,
        msg_ptr,
        message,
        |env, msg| f(dependencies().as_ref(), env, msg).map_err(reason),
        |data| crate::response::query_ok(data),
    )
}

/// The body of a contract's `migrate` export.
///
/// # Safety
/// The pointers must be the VM's arguments to `migrate`.
pub unsafe fn do_migrate<M: DeserializeOwned, E: ToString>(
    f: fn(DepsMut, Env, M) -> Result<Response, E>,
    env_ptr: u32,
    msg_ptr: u32,
) -> u32 {
    with_env_msg(f, env_ptr, msg_ptr, crate::response::ok)
}

/// The body of a contract's `reply` export; the reply is read by [`crate::reply`].
///
/// # Safety
/// The pointers must be the VM's arguments to `reply`.
pub unsafe fn do_reply<E: ToString>(
    f: fn(DepsMut, Env, Reply) -> Result<Response, E>,
    env_ptr: u32,
    msg_ptr: u32,
) -> u32 {
    with_env(
        env_ptr,
        msg_ptr,
        |json| crate::reply::reply(json).map_err(reason),
        |env, reply| f(dependencies().as_mut(), env, reply).map_err(reason),
        crate::response::ok,
    )
}

/// The body of an IBC callback export (`ibc_source_callback`, `ibc_destination_callback`).
///
/// # Safety
/// The pointers must be the VM's arguments to the callback.
pub unsafe fn do_ibc_callback<M: DeserializeOwned, E: ToString>(
    f: fn(DepsMut, Env, M) -> Result<IbcBasicResponse, E>,
    env_ptr: u32,
    msg_ptr: u32,
) -> u32 {
    with_env_msg(f, env_ptr, msg_ptr, crate::response::ibc_basic_ok)
}

/// An entry point of the environment and a message read by serde, with write access.
///
/// # Safety
/// The pointers must be the VM's arguments to the entry point.
unsafe fn with_env_msg<M: DeserializeOwned, R, E: ToString>(
    f: fn(DepsMut, Env, M) -> Result<R, E>,
    env_ptr: u32,
    msg_ptr: u32,
    write: fn(&R) -> Vec<u8>,
) -> u32 {
    with_env(
        env_ptr,
        msg_ptr,
        message,
        |env, msg| f(dependencies().as_mut(), env, msg).map_err(reason),
        write,
    )
}
