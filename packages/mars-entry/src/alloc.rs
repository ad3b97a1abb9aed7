//! The contracts' global allocator: a bump allocator over the instance's memory.
//!
//! The VM runs every call (an entry point, with the regions it allocates for its arguments) in
//! a fresh instance whose memory is dropped when the call ends, so nothing allocated needs to
//! outlive it. An allocation moves a pointer forward, growing memory a page at a time when it
//! runs out; freeing the most recent block moves the pointer back, and the most recent block
//! grows and shrinks in place, so a buffer being written (a response, a storage record) never
//! moves. Any other block freed stays used until the call ends: a call may allocate in total
//! up to the VM's memory limit (32 MiB on wasmd), many times what any message of these
//! contracts takes. A request beyond it fails the allocation, which aborts the call.
//!
//! dlmalloc, the standard library's allocator on wasm32, takes about a hundred metered
//! branches for each allocation and each free; this takes two.

use std::alloc::{GlobalAlloc, Layout};
use std::arch::wasm32::{memory_grow, memory_size};
use std::cell::Cell;
use std::ptr;

const PAGE: usize = 65536;

extern "C" {
    /// Where the linker's layout ends the stack and the data: the heap's first byte.
    static __heap_base: u8;
}

pub struct BumpAlloc {
    /// The first free byte; zero until the first allocation.
    next: Cell<usize>,
    /// The end of memory.
    end: Cell<usize>,
}

// SAFETY: a wasm32 contract instance has one thread
unsafe impl Sync for BumpAlloc {}

impl BumpAlloc {
    pub const fn new() -> Self {
        BumpAlloc {
            next: Cell::new(0),
            end: Cell::new(0),
        }
    }

    /// Makes `[next, end)` at least reach `to`; false when memory cannot grow that far.
    #[cold]
    fn grow(&self, to: usize) -> bool {
        if self.end.get() == 0 {
            // only the address of the linker's symbol is taken, never its value
            self.next.set(ptr::addr_of!(__heap_base) as usize);
            self.end.set(memory_size(0) * PAGE);
        }
        let end = self.end.get();
        if to <= end {
            return true;
        }
        let pages = (to - end).div_ceil(PAGE);
        if memory_grow(0, pages) == usize::MAX {
            return false;
        }
        self.end.set(end + pages * PAGE);
        true
    }

    /// Whether `[p, p + size)` is the most recent block.
    fn is_last(&self, p: *mut u8, size: usize) -> bool {
        p as usize + size == self.next.get()
    }
}

impl Default for BumpAlloc {
    fn default() -> Self {
        Self::new()
    }
}

// SAFETY: every block is inside memory the instance owns, aligned as asked, and handed out once
// until freed; a freed block is reused only when it was the most recent, and `realloc` keeps the
// contents of the smaller of the two sizes.
unsafe impl GlobalAlloc for BumpAlloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if self.end.get() == 0 {
            self.grow(0);
        }
        let align = layout.align();
        let Some(start) = self.next.get().checked_add(align - 1) else {
            return ptr::null_mut();
        };
        let start = start & !(align - 1);
        let Some(end) = start.checked_add(layout.size()) else {
            return ptr::null_mut();
        };
        if end > self.end.get() && !self.grow(end) {
            return ptr::null_mut();
        }
        self.next.set(end);
        start as *mut u8
    }

    #[inline]
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        if self.is_last(p, layout.size()) {
            self.next.set(p as usize);
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = self.alloc(layout);
        if !p.is_null() {
            // a block freed and handed out again is not zero
            ptr::write_bytes(p, 0, layout.size());
        }
        p
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if self.is_last(p, layout.size()) {
            let Some(end) = (p as usize).checked_add(new_size) else {
                return ptr::null_mut();
            };
            if end > self.end.get() && !self.grow(end) {
                return ptr::null_mut();
            }
            self.next.set(end);
            return p;
        }
        let new = self.alloc(Layout::from_size_align_unchecked(new_size, layout.align()));
        if !new.is_null() {
            ptr::copy_nonoverlapping(p, new, layout.size().min(new_size));
        }
        new
    }
}
