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
//!
//! The bookkeeping is [`Bump`], over any [`Memory`]: on wasm32 the instance's linear memory
//! ([`WasmMemory`]), in tests an arena.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::ptr;

/// A wasm page.
pub const PAGE: usize = 65536;

/// Memory that grows at its end.
pub trait Memory {
    /// The first free address and the end of memory, before any allocation.
    fn bounds(&self) -> (usize, usize);
    /// Adds `pages` at the end; false when it cannot.
    fn grow(&self, pages: usize) -> bool;
}

pub struct Bump<M> {
    memory: M,
    /// The first free byte; zero until the first allocation.
    next: Cell<usize>,
    /// The end of memory.
    end: Cell<usize>,
}

// SAFETY: a wasm32 contract instance has one thread; tests use a `Bump` from one thread
unsafe impl<M> Sync for Bump<M> {}

impl<M: Memory> Bump<M> {
    pub const fn new(memory: M) -> Self {
        Bump {
            memory,
            next: Cell::new(0),
            end: Cell::new(0),
        }
    }

    /// Makes memory reach at least `to`; false when it cannot grow that far.
    #[cold]
    fn reach(&self, to: usize) -> bool {
        if self.end.get() == 0 {
            let (next, end) = self.memory.bounds();
            self.next.set(next);
            self.end.set(end);
        }
        let end = self.end.get();
        if to <= end {
            return true;
        }
        let pages = (to - end).div_ceil(PAGE);
        if !self.memory.grow(pages) {
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

// SAFETY: every block is inside memory the instance owns, aligned as asked, and handed out once
// until freed; a freed block is reused only when it was the most recent, and `realloc` keeps the
// contents of the smaller of the two sizes.
unsafe impl<M: Memory> GlobalAlloc for Bump<M> {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if self.end.get() == 0 {
            self.reach(0);
        }
        let align = layout.align();
        let Some(start) = self.next.get().checked_add(align - 1) else {
            return ptr::null_mut();
        };
        let start = start & !(align - 1);
        let Some(end) = start.checked_add(layout.size()) else {
            return ptr::null_mut();
        };
        if end > self.end.get() && !self.reach(end) {
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
            if end > self.end.get() && !self.reach(end) {
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

/// The instance's linear memory, from the linker's `__heap_base` on.
#[cfg(target_arch = "wasm32")]
pub struct WasmMemory;

#[cfg(target_arch = "wasm32")]
extern "C" {
    /// Where the linker's layout ends the stack and the data: the heap's first byte.
    static __heap_base: u8;
}

#[cfg(target_arch = "wasm32")]
impl Memory for WasmMemory {
    fn bounds(&self) -> (usize, usize) {
        // only the address of the linker's symbol is taken, never its value
        let base = ptr::addr_of!(__heap_base) as usize;
        (base, std::arch::wasm32::memory_size(0) * PAGE)
    }

    fn grow(&self, pages: usize) -> bool {
        std::arch::wasm32::memory_grow(0, pages) != usize::MAX
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// An arena of `pages` pages, `initial` of them in use from the start, `offset` bytes of
    /// them taken (as the stack and data are), its base address aligned to a page.
    struct Arena {
        base: usize,
        initial: usize,
        pages: usize,
        offset: usize,
        used: Cell<usize>,
        _bytes: Vec<u8>,
    }

    impl Arena {
        fn new(pages: usize, initial: usize, offset: usize) -> Self {
            let bytes = vec![0u8; (pages + 1) * PAGE];
            let base = (bytes.as_ptr() as usize).next_multiple_of(PAGE);
            Arena {
                base,
                initial,
                pages,
                offset,
                used: Cell::new(initial),
                _bytes: bytes,
            }
        }
    }

    impl Memory for &Arena {
        fn bounds(&self) -> (usize, usize) {
            (self.base + self.offset, self.base + self.initial * PAGE)
        }

        fn grow(&self, pages: usize) -> bool {
            if self.used.get() + pages > self.pages {
                return false;
            }
            self.used.set(self.used.get() + pages);
            true
        }
    }

    #[derive(Debug, Clone)]
    enum Op {
        Alloc { size: usize, align_log2: u32 },
        Free { which: usize },
        Realloc { which: usize, size: usize },
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0usize..3000, 0u32..7).prop_map(|(size, align_log2)| Op::Alloc { size, align_log2 }),
            any::<usize>().prop_map(|which| Op::Free { which }),
            (any::<usize>(), 0usize..5000).prop_map(|(which, size)| Op::Realloc { which, size }),
        ]
    }

    struct Block {
        p: *mut u8,
        layout: Layout,
        tag: u8,
    }

    fn fill(b: &Block) {
        unsafe { ptr::write_bytes(b.p, b.tag, b.layout.size()) };
    }

    fn intact(b: &Block, len: usize) -> bool {
        (0..len).all(|i| unsafe { *b.p.add(i) } == b.tag)
    }

    proptest! {
        #[test]
        fn blocks_are_aligned_disjoint_inside_memory_and_keep_their_contents(
            ops in proptest::collection::vec(op(), 1..80),
        ) {
            let arena = Arena::new(4, 1, 1000);
            let bump = Bump::new(&arena);
            let mut live: Vec<Block> = vec![];
            let mut tag = 0u8;
            for op in ops {
                match op {
                    Op::Alloc { size, align_log2 } => {
                        let layout = Layout::from_size_align(size, 1 << align_log2).unwrap();
                        let p = unsafe { bump.alloc(layout) };
                        if p.is_null() {
                            // a request this small fails only when no page is left to add
                            prop_assert_eq!(arena.used.get(), 4);
                            continue;
                        }
                        tag = tag.wrapping_add(1);
                        let block = Block { p, layout, tag };
                        fill(&block);
                        live.push(block);
                    }
                    Op::Free { which } if !live.is_empty() => {
                        let b = live.swap_remove(which % live.len());
                        unsafe { bump.dealloc(b.p, b.layout) };
                    }
                    Op::Realloc { which, size } if !live.is_empty() => {
                        let i = which % live.len();
                        let old = &live[i];
                        let p = unsafe { bump.realloc(old.p, old.layout, size) };
                        if p.is_null() {
                            prop_assert_eq!(arena.used.get(), 4);
                            continue;
                        }
                        let kept = old.layout.size().min(size);
                        let moved = Block { p, layout: Layout::from_size_align(size, old.layout.align()).unwrap(), tag: old.tag };
                        prop_assert!(intact(&moved, kept), "realloc keeps the contents");
                        fill(&moved);
                        live[i] = moved;
                    }
                    _ => {}
                }
                let (lo, hi) = (arena.base + 1000, arena.base + arena.used.get() * PAGE);
                for (i, b) in live.iter().enumerate() {
                    let start = b.p as usize;
                    prop_assert_eq!(start % b.layout.align(), 0);
                    prop_assert!(start >= lo && start + b.layout.size() <= hi);
                    prop_assert!(intact(b, b.layout.size()), "no block overwrote another");
                    for other in &live[i + 1..] {
                        let o = other.p as usize;
                        let disjoint = start + b.layout.size() <= o || o + other.layout.size() <= start;
                        prop_assert!(disjoint || b.layout.size() == 0 || other.layout.size() == 0);
                    }
                }
            }
        }
    }

    #[test]
    fn the_last_block_is_reused_grown_in_place_and_zeroed_when_asked() {
        let arena = Arena::new(4, 1, 0);
        let bump = Bump::new(&arena);
        let layout = Layout::from_size_align(100, 8).unwrap();
        unsafe {
            let a = bump.alloc(layout);
            ptr::write_bytes(a, 7, 100);
            bump.dealloc(a, layout);
            // the most recent block is freed: the next takes its place, zeroed when asked
            let b = bump.alloc_zeroed(layout);
            assert_eq!(a, b);
            assert!((0..100).all(|i| *b.add(i) == 0));
            // growing the most recent block does not move it, even across a page
            let grown = bump.realloc(b, layout, 3 * PAGE + 1);
            assert_eq!(grown, b);
            assert_eq!(arena.used.get(), 4);
            assert!((0..100).all(|i| *b.add(i) == 0));
            // past the arena's last page the allocation fails instead of overrunning it
            assert!(bump
                .alloc(Layout::from_size_align(PAGE, 1).unwrap())
                .is_null());
        }
    }
}
