//! The contracts' global allocator: the standard library's (dlmalloc on wasm32), except that
//! growing and zeroing copy and fill word by word.
//!
//! The prebuilt standard library is compiled with bulk memory, and the artifacts lower its
//! `memory.copy` and `memory.fill` into loops that move one byte per step (chains refuse bulk
//! memory). Its `realloc` is one of those, so every `Vec` or `String` that outgrows its capacity
//! paid several thousand gas per byte already held. Here `realloc` allocates anew and copies
//! with `ptr::copy_nonoverlapping` from this crate, which is built without bulk memory and so
//! calls the word-wise `memcpy` of compiler-builtins; `alloc_zeroed` likewise uses its `memset`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::ptr;

pub struct WordAlloc;

// SAFETY: every call is forwarded to `System` with the layout it was given; `realloc` copies
// the smaller of the two sizes into a block allocated with the new layout and frees the old one
// only when the new one exists, as `GlobalAlloc::realloc`'s default does.
unsafe impl GlobalAlloc for WordAlloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        System.alloc(layout)
    }

    #[inline]
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        System.dealloc(p, layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            ptr::write_bytes(p, 0, layout.size());
        }
        p
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
        let new = System.alloc(new_layout);
        if !new.is_null() {
            ptr::copy_nonoverlapping(p, new, layout.size().min(new_size));
            System.dealloc(p, layout);
        }
        new
    }
}
