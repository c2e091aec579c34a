//! Transforms of arrays past the last-level cache as one pass over the
//! whole array and `R` contiguous sub-transforms that fit in cache
//! ([`Pass::Outer`](crate::kernel::Pass::Outer)).
//!
//! A Stockham plan streams the whole array from memory once per pass (or
//! pair of passes), six or more times past 8 MiB. Here, with `n = R m` and
//! row `r` of the input the elements `r m .. (r + 1) m` (decimation in
//! frequency, `w = exp(-+2 pi i / n)`):
//!
//! 1. [`columns`]: for each column `c < m`, the radix-`R` butterfly across
//!    the `R` rows; its output `k` times `w^(k c)` goes to row `k` of a
//!    scratch buffer (the kernel's first pass, stored as rows instead of
//!    transposed);
//! 2. each row, `m` contiguous points, is transformed in place by the inner
//!    kernel (its own plan, which runs in cache), with the output's row as
//!    its scratch ([`row_io`]);
//! 3. [`interleave`]: `X[R t + k]` is point `t` of row `k`, stored by
//!    transposing `LANES x LANES` tiles.
//!
//! The array is read and written once by the column pass and once by the
//! interleave; everything in between runs on 1/R of it at a time.

use crate::Complex;
use crate::kernel::{Io, Kernel, first, load_rows, store_transposed};
use crate::vector::CVec;

/// The buffer that holds the rows between the column pass and the
/// interleave: the scratch `a`, or in the clobbering layout (`a == dst`)
/// the input `b == src`. Never `dst`, whose rows are the sub-transforms'
/// scratch.
fn rows<T>(io: &Io<T>) -> *mut Complex<T> {
    let rows = if io.a == io.dst { io.b } else { io.a };
    debug_assert!(rows != io.dst, "outer pass without a buffer for its rows");
    rows
}

/// Step 1: the radix-`radix` column pass from `io.src` to the rows buffer
/// (in place in the clobbering layout), twiddled with `kernel`'s factored
/// first-pass tables.
///
/// # Safety
/// As [`crate::kernel::execute`] for an outer kernel of `radix * m` points
/// whose factored tables were planned for `radix`, `m` and `V::LANES`.
#[inline(always)]
pub(crate) unsafe fn columns<V: CVec, const INV: bool>(
    kernel: &Kernel<V::T>,
    radix: usize,
    m: usize,
    io: Io<V::T>,
) {
    let (re, im) = (kernel.first_re.as_ptr(), kernel.first_im.as_ptr());
    let base = kernel.first_base.as_ptr();
    let rows = rows(&io);
    // SAFETY: src and the rows buffer hold radix*m elements and are
    // disjoint or identical (clobbering layout), which the row-storing
    // first pass allows; the tables are factored for radix and m.
    unsafe {
        match radix {
            8 => first::<V, INV, 8, true, false>(io.src, rows, m, re, im, base),
            _ => unreachable!("outer pass radix {radix}"),
        }
    }
}

/// Step 2: where sub-transform `r` (`m` points) runs: in place on row `r`
/// of the rows buffer, with row `r` of `dst` as its scratch, and the tile.
pub(crate) fn row_io<T>(io: Io<T>, r: usize, m: usize) -> Io<T> {
    // `wrapping_add`: computing the addresses is safe; they lie inside the
    // n-element buffers (r < radix), which `run_passes` relies on.
    let row = rows(&io).wrapping_add(r * m);
    Io {
        src: row,
        dst: row,
        a: io.dst.wrapping_add(r * m),
        b: row,
        tile: io.tile,
    }
}

/// Step 3: interleaves the `radix` transformed rows into `io.dst`.
///
/// # Safety
/// As [`columns`].
#[inline(always)]
pub(crate) unsafe fn interleave<V: CVec>(radix: usize, m: usize, io: Io<V::T>) {
    let rows = rows(&io).cast_const();
    match radix {
        // SAFETY: forwarded contract.
        8 => unsafe { interleave_rows::<V, 8>(rows, io.dst, m) },
        _ => unreachable!("outer pass radix {radix}"),
    }
}

/// `dst[R t + k] = rows[k m + t]`.
///
/// # Safety
/// `rows` and `dst` valid for `R*m` elements and disjoint, `m` a multiple
/// of `V::LANES`; CPU supports `V`.
#[inline(always)]
unsafe fn interleave_rows<V: CVec, const R: usize>(
    rows: *const Complex<V::T>,
    dst: *mut Complex<V::T>,
    m: usize,
) {
    let mut t = 0;
    while t < m {
        // SAFETY: t + k*m + LANES <= R*m for k < R; the tiles go to
        // R*t .. R*(t + LANES) <= R*m.
        unsafe { store_transposed::<V, R>(load_rows::<V, R>(rows.add(t), m), dst, t) };
        t += V::LANES;
    }
}
