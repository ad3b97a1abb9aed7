//! `memcpy`, `memmove`, `memset`, `memcmp` and `bcmp` for the Mars contracts on wasm32, in
//! place of compiler-builtins' (whose symbols are weak).
//!
//! The VM charges 115 gas for an ordinary instruction and fourteen times that for a branch, a
//! loop or a call, so a loop costs about 3,200 gas a step whatever the step does.
//! Compiler-builtins moves four bytes a step (on wasm32 a word is four bytes), which comes to
//! about 1,100 gas a byte: copying a 64-byte address cost 0.1M gas, five times the gas of
//! reading it from storage. These move 32 bytes a step with unaligned eight-byte loads and
//! stores (wasm allows both), about 170 gas a byte.
//!
//! Every step reads before it writes, so [`copy_forward`] is also correct for overlapping
//! regions with `dst` below `src`, and [`copy_backward`] for `dst` above `src`: that is all
//! `memmove` needs.
//!
//! `#![no_builtins]` keeps LLVM from recognising these loops as copies and calling the very
//! functions they implement.

#![no_std]
#![no_builtins]

use core::ptr::{read_unaligned as load, write_unaligned as store};

/// Copies `n` bytes from `src` to `dst`, lowest address first.
///
/// # Safety
/// As `memcpy`'s, except that `dst` may overlap `src` if it is below it.
#[inline(always)]
pub unsafe fn copy_forward(dst: *mut u8, src: *const u8, n: usize) {
    let mut i = 0;
    while n - i >= 32 {
        let (a, b, c, d) = (
            load(src.add(i) as *const u64),
            load(src.add(i + 8) as *const u64),
            load(src.add(i + 16) as *const u64),
            load(src.add(i + 24) as *const u64),
        );
        store(dst.add(i) as *mut u64, a);
        store(dst.add(i + 8) as *mut u64, b);
        store(dst.add(i + 16) as *mut u64, c);
        store(dst.add(i + 24) as *mut u64, d);
        i += 32;
    }
    while n - i >= 8 {
        store(dst.add(i) as *mut u64, load(src.add(i) as *const u64));
        i += 8;
    }
    if n - i >= 4 {
        store(dst.add(i) as *mut u32, load(src.add(i) as *const u32));
        i += 4;
    }
    if n - i >= 2 {
        store(dst.add(i) as *mut u16, load(src.add(i) as *const u16));
        i += 2;
    }
    if n > i {
        *dst.add(i) = *src.add(i);
    }
}

/// Copies `n` bytes from `src` to `dst`, highest address first.
///
/// # Safety
/// As `memcpy`'s, except that `dst` may overlap `src` if it is above it.
#[inline(always)]
pub unsafe fn copy_backward(dst: *mut u8, src: *const u8, n: usize) {
    let mut n = n;
    while n >= 32 {
        n -= 32;
        let (a, b, c, d) = (
            load(src.add(n) as *const u64),
            load(src.add(n + 8) as *const u64),
            load(src.add(n + 16) as *const u64),
            load(src.add(n + 24) as *const u64),
        );
        store(dst.add(n + 24) as *mut u64, d);
        store(dst.add(n + 16) as *mut u64, c);
        store(dst.add(n + 8) as *mut u64, b);
        store(dst.add(n) as *mut u64, a);
    }
    while n >= 8 {
        n -= 8;
        store(dst.add(n) as *mut u64, load(src.add(n) as *const u64));
    }
    if n >= 4 {
        n -= 4;
        store(dst.add(n) as *mut u32, load(src.add(n) as *const u32));
    }
    if n >= 2 {
        n -= 2;
        store(dst.add(n) as *mut u16, load(src.add(n) as *const u16));
    }
    if n == 1 {
        *dst = *src;
    }
}

/// Copies `n` bytes from `src` to `dst`, which may overlap.
///
/// # Safety
/// As `memmove`'s.
#[inline(always)]
pub unsafe fn copy(dst: *mut u8, src: *const u8, n: usize) {
    if (dst as usize).wrapping_sub(src as usize) >= n {
        // `dst` is below `src`, or at least `n` above it: no byte is written before it is read
        copy_forward(dst, src, n)
    } else {
        copy_backward(dst, src, n)
    }
}

/// Sets `n` bytes at `dst` to `byte`.
///
/// # Safety
/// As `memset`'s.
#[inline(always)]
pub unsafe fn fill(dst: *mut u8, byte: u8, n: usize) {
    let word = u64::from(byte) * 0x0101_0101_0101_0101;
    let mut i = 0;
    while n - i >= 32 {
        store(dst.add(i) as *mut u64, word);
        store(dst.add(i + 8) as *mut u64, word);
        store(dst.add(i + 16) as *mut u64, word);
        store(dst.add(i + 24) as *mut u64, word);
        i += 32;
    }
    while n - i >= 8 {
        store(dst.add(i) as *mut u64, word);
        i += 8;
    }
    while n > i {
        *dst.add(i) = byte;
        i += 1;
    }
}

/// Compares `n` bytes at `a` and `b` as unsigned bytes: negative, zero or positive as the first
/// differing byte of `a` is below, equal to (no difference) or above `b`'s.
///
/// # Safety
/// As `memcmp`'s.
#[inline(always)]
pub unsafe fn compare(a: *const u8, b: *const u8, n: usize) -> i32 {
    let mut i = 0;
    while n - i >= 8 {
        let (x, y) = (load(a.add(i) as *const u64), load(b.add(i) as *const u64));
        if x != y {
            // the first differing byte is the lowest in memory, the most significant big-endian
            return if u64::from_be(x) < u64::from_be(y) {
                -1
            } else {
                1
            };
        }
        i += 8;
    }
    while n > i {
        let (x, y) = (*a.add(i), *b.add(i));
        if x != y {
            return i32::from(x) - i32::from(y);
        }
        i += 1;
    }
    0
}

#[cfg(target_arch = "wasm32")]
mod symbols {
    use super::*;

    #[no_mangle]
    pub unsafe extern "C" fn memcpy(dst: *mut u8, src: *const u8, n: usize) -> *mut u8 {
        copy_forward(dst, src, n);
        dst
    }

    #[no_mangle]
    pub unsafe extern "C" fn memmove(dst: *mut u8, src: *const u8, n: usize) -> *mut u8 {
        copy(dst, src, n);
        dst
    }

    #[no_mangle]
    pub unsafe extern "C" fn memset(dst: *mut u8, byte: i32, n: usize) -> *mut u8 {
        fill(dst, byte as u8, n);
        dst
    }

    #[no_mangle]
    pub unsafe extern "C" fn memcmp(a: *const u8, b: *const u8, n: usize) -> i32 {
        compare(a, b, n)
    }

    #[no_mangle]
    pub unsafe extern "C" fn bcmp(a: *const u8, b: *const u8, n: usize) -> i32 {
        compare(a, b, n)
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use proptest::prelude::*;
    use std::vec::Vec;

    proptest! {
        #[test]
        fn copies_as_the_standard_library_does(
            buf in proptest::collection::vec(any::<u8>(), 0..200),
            from in 0usize..200,
            to in 0usize..200,
            len in 0usize..200,
        ) {
            let size = buf.len();
            let len = len.min(size.saturating_sub(from.max(to)));
            let (from, to) = (from.min(size), to.min(size));
            // overlapping in either direction: `copy` must move as `ptr::copy` does
            let mut ours = buf.clone();
            let mut theirs = buf.clone();
            unsafe {
                copy(ours.as_mut_ptr().add(to), ours.as_ptr().add(from), len);
                core::ptr::copy(theirs.as_ptr().add(from), theirs.as_mut_ptr().add(to), len);
            }
            prop_assert_eq!(&ours, &theirs);
            // disjoint, into a second buffer, with both directions' loops
            for direction in [copy_forward, copy_backward] {
                let mut out = std::vec![0xAAu8; size];
                unsafe { direction(out.as_mut_ptr().add(to), buf.as_ptr().add(from), len) };
                let mut expected = std::vec![0xAAu8; size];
                expected[to..to + len].copy_from_slice(&buf[from..from + len]);
                prop_assert_eq!(&out, &expected);
            }
        }

        #[test]
        fn fills_as_the_standard_library_does(
            size in 0usize..200, at in 0usize..200, len in 0usize..200, byte: u8,
        ) {
            let at = at.min(size);
            let len = len.min(size - at);
            let mut ours: Vec<u8> = (0..size).map(|i| i as u8).collect();
            let mut theirs = ours.clone();
            unsafe { fill(ours.as_mut_ptr().add(at), byte, len) };
            theirs[at..at + len].fill(byte);
            prop_assert_eq!(ours, theirs);
        }

        #[test]
        fn compares_as_slices_do(
            a in proptest::collection::vec(0u8..4, 0..100),
            b in proptest::collection::vec(0u8..4, 0..100),
        ) {
            let n = a.len().min(b.len());
            let ours = unsafe { compare(a.as_ptr(), b.as_ptr(), n) };
            prop_assert_eq!(ours.signum(), a[..n].cmp(&b[..n]) as i32);
        }
    }
}
