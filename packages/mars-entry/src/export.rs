//! The VM's side of an entry point, as cosmwasm-std's `do_execute` does it but with this
//! crate's readers and writer: regions in, regions out, the same imports and the same memory
//! ownership (the VM allocates input regions through cosmwasm-std's `allocate` export and frees
//! output regions through its `deallocate`, both `Box<Region>` over a `Vec<u8>`).

use std::mem;

use cosmwasm_std::{
    from_json, DepsMut, Empty, Env, ExternalApi, ExternalQuerier, ExternalStorage, MessageInfo,
    OwnedDeps, Response,
};
use serde::de::DeserializeOwned;

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
pub fn query_chain(request: &[u8]) -> Vec<u8> {
    let region = borrowed(request);
    // SAFETY: the region borrows `request`, which outlives the call; the answer is a region
    // the VM allocated through `allocate` for us to own.
    unsafe { consume(imports::query_chain(&region as *const Region as u32)) }
}

type ExecuteFn<M, E> = fn(DepsMut, Env, MessageInfo, M) -> Result<Response, E>;

/// The body of a contract's `execute` export.
///
/// # Safety
/// The pointers must be the VM's arguments to `execute`.
pub unsafe fn do_execute<M: DeserializeOwned, E: ToString>(
    execute: ExecuteFn<M, E>,
    env_ptr: u32,
    info_ptr: u32,
    msg_ptr: u32,
) -> u32 {
    install_panic_handler();
    let env = consume(env_ptr);
    let info = consume(info_ptr);
    let msg = consume(msg_ptr);
    let result = (|| {
        let env = crate::env::env(&env).map_err(|e| e.to_string())?;
        let info = crate::env::info(&info).map_err(|e| e.to_string())?;
        let msg: M = from_json(&msg).map_err(|e| e.to_string())?;
        let mut deps: OwnedDeps<ExternalStorage, ExternalApi, ExternalQuerier, Empty> = OwnedDeps {
            storage: ExternalStorage::new(),
            api: ExternalApi::new(),
            querier: ExternalQuerier::new(),
            custom_query_type: std::marker::PhantomData,
        };
        execute(deps.as_mut(), env, info, msg).map_err(|e| e.to_string())
    })();
    release(match result {
        Ok(response) => crate::response::ok(&response),
        Err(error) => crate::response::err(error),
    })
}
