//! The first and strided passes of the in-cache plans (256-16384 points at
//! 2, 4 and 8 lanes) with their group count and stride as compile-time
//! constants.
//!
//! A pass whose shape is only known at run time keeps one pointer per input
//! and output row in a register (16 for radix 8) and its counts on the
//! stack; with constants every row is one base plus an immediate offset and
//! short loops unroll. Measured with `quick_compare` (session 13, Zen 3 at
//! AVX2, complex f32 256, seven alternating rounds): 0.77-0.80x rustfft with
//! run-time shapes, 0.93-0.98 with the three passes' shapes as constants;
//! hiding any one of them behind `black_box` took it back to 0.85. The
//! [`crate::kernel::Pass::Columns`] block passes of 2^14-2^20 points gained
//! less (complex f32/f64 2^15-2^19 +2-5 % in every cell, five rounds).
//! Shapes outside the lists below run the general passes.

use crate::kernel::{Layout, first, mapped};
use crate::vector::CVec;
use crate::{Complex, kernel::Kernel};

/// Runs the strided pass `(radix, m, s)` with twiddles at `tw` from `src`
/// to `dst` as a constant shape; `false` (and nothing run) when the shape
/// is not one of the list.
///
/// # Safety
/// As [`crate::kernel::run_pass`] for `Pass::Strided(Strided { radix, m,
/// s, tw })`.
#[inline(always)]
pub(crate) unsafe fn strided<V: CVec, const INV: bool>(
    kernel: &Kernel<V::T>,
    (radix, m, s): (usize, usize, usize),
    tw: usize,
    src: *const Complex<V::T>,
    dst: *mut Complex<V::T>,
) -> bool {
    if V::LANES == 1 {
        return false;
    }
    let tw = kernel.twiddles[tw..].as_ptr();
    macro_rules! shapes {
        ($(($r:literal, $m:literal, $s:literal)),* $(,)?) => {
            match (radix, m, s) {
                $(
                    // SAFETY: forwarded contract; the layout is the plain
                    // one the general pass would use.
                    ($r, $m, $s) => unsafe {
                        mapped::<V, INV, $r>(src, dst, $m, tw, Layout::plain($r, $m, $s))
                    },
                )*
                _ => return false,
            }
        };
    }
    shapes!(
        (4, 8, 8),
        (4, 8, 16),
        (4, 8, 32),
        (4, 32, 4),
        (4, 32, 8),
        (4, 64, 4),
        (4, 64, 8),
        (4, 64, 16),
        (4, 256, 4),
        (8, 1, 32),
        (8, 1, 64),
        (8, 1, 128),
        (8, 1, 256),
        (8, 1, 512),
        (8, 8, 4),
        (8, 8, 8),
        (8, 8, 16),
        (8, 8, 32),
        (8, 8, 64),
        (8, 64, 4),
        (8, 64, 8),
        (4, 64, 32),
        (4, 256, 8),
        (4, 512, 4),
        (4, 512, 8),
        (8, 1, 1024),
        (8, 1, 2048),
        (8, 8, 128),
        (8, 8, 256),
        (8, 64, 16),
        (8, 64, 32),
        (8, 512, 4),
        (4, 128, 4),
        (4, 32, 16),
        (4, 8, 64),
    );
    true
}

/// Runs the first pass `(radix, m, factored)` from `src` to `dst` as a
/// constant shape; `false` (and nothing run) when the shape is not one of
/// the list.
///
/// # Safety
/// As [`crate::kernel::run_pass`] for `Pass::First { radix, m, factored }`.
#[inline(always)]
pub(crate) unsafe fn first_pass<V: CVec, const INV: bool>(
    kernel: &Kernel<V::T>,
    (radix, m, factored): (usize, usize, bool),
    src: *const Complex<V::T>,
    dst: *mut Complex<V::T>,
) -> bool {
    if V::LANES == 1 {
        return false;
    }
    let (re, im) = (kernel.first_re.as_ptr(), kernel.first_im.as_ptr());
    let base = kernel.first_base.as_ptr();
    macro_rules! shapes {
        ($(($r:literal, $m:literal, $f:literal)),* $(,)?) => {
            match (radix, m, factored) {
                $(
                    // SAFETY: forwarded contract; the plan sized the
                    // tables for this shape.
                    ($r, $m, $f) if $r % V::LANES == 0 => unsafe {
                        first::<V, INV, $r, $f, true>(src, dst, $m, re, im, base)
                    },
                )*
                _ => return false,
            }
        };
    }
    shapes!(
        (4, 64, false),
        (4, 128, false),
        (4, 256, false),
        (4, 512, false),
        (4, 1024, false),
        (4, 512, true),
        (4, 1024, true),
        (8, 32, false),
        (8, 64, false),
        (8, 128, false),
        (8, 256, false),
        (8, 256, true),
        (8, 512, true),
        (4, 2048, false),
        (4, 2048, true),
        (4, 4096, false),
        (4, 4096, true),
        (8, 1024, true),
        (8, 2048, true),
    );
    true
}

/// Runs the [`crate::kernel::Pass::Columns`] block pass `(radix, m)` with
/// twiddles at `tw`, laid out as `layout` says, as a constant shape (the
/// block passes of 2^14-2^20 points at 2, 4 and 8 lanes); `false` (and
/// nothing run) when the shape is not one of the list.
///
/// # Safety
/// As [`crate::kernel::mapped_pass`].
#[inline(always)]
pub(crate) unsafe fn column<V: CVec, const INV: bool>(
    kernel: &Kernel<V::T>,
    (radix, m, tw): (usize, usize, usize),
    src: *const Complex<V::T>,
    dst: *mut Complex<V::T>,
    layout: Layout,
) -> bool {
    if V::LANES == 1 {
        return false;
    }
    let tw = kernel.twiddles[tw..].as_ptr();
    let key = (
        radix,
        m,
        layout.src_group,
        layout.src_row,
        layout.dst_group,
        layout.dst_row,
        layout.len,
    );
    macro_rules! shapes {
        ($(($r:literal, $m:literal, $sg:literal, $sr:literal, $dg:literal, $dr:literal, $len:literal)),* $(,)?) => {
            match key {
                $(
                    // SAFETY: forwarded contract; the layout is `layout`.
                    ($r, $m, $sg, $sr, $dg, $dr, $len) => unsafe {
                        let layout = Layout {
                            src_group: $sg,
                            src_row: $sr,
                            dst_group: $dg,
                            dst_row: $dr,
                            len: $len,
                        };
                        mapped::<V, INV, $r>(src, dst, $m, tw, layout)
                    },
                )*
                _ => return false,
            }
        };
    }
    shapes!(
        (8, 1, 0, 1024, 0, 2048, 16),
        (8, 1, 0, 1024, 0, 4096, 16),
        (8, 1, 0, 1024, 0, 8192, 16),
        (8, 1, 0, 1024, 0, 16384, 16),
        (8, 1, 0, 1024, 0, 32768, 16),
        (8, 1, 0, 1024, 0, 65536, 16),
        (8, 1, 0, 2048, 0, 4096, 32),
        (8, 1, 0, 2048, 0, 8192, 32),
        (8, 1, 0, 2048, 0, 16384, 32),
        (8, 1, 0, 2048, 0, 32768, 32),
        (8, 1, 0, 2048, 0, 65536, 32),
        (8, 1, 0, 2048, 0, 131072, 32),
        (8, 8, 128, 1024, 1024, 128, 128),
        (8, 8, 256, 2048, 2048, 256, 256),
        (8, 64, 32, 2048, 128, 16, 16),
        (8, 64, 64, 4096, 128, 16, 16),
        (8, 64, 64, 4096, 256, 32, 32),
        (8, 64, 128, 8192, 128, 16, 16),
        (8, 64, 128, 8192, 256, 32, 32),
        (8, 64, 256, 16384, 128, 16, 16),
        (8, 64, 256, 16384, 256, 32, 32),
        (8, 64, 512, 32768, 128, 16, 16),
        (8, 64, 512, 32768, 256, 32, 32),
        (8, 64, 1024, 65536, 128, 16, 16),
        (8, 64, 1024, 65536, 256, 32, 32),
        (8, 64, 2048, 131072, 256, 32, 32),
    );
    true
}
