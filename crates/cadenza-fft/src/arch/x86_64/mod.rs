//! x86_64 kernels: one module per instruction set (SSE2, AVX2+FMA, AVX-512F),
//! and the dispatch from a [`Level`] to its entry point.

use cadenza_simd::Level;

use crate::kernel::{self, Job, TinyFn};
use crate::vector::Scalar;

mod avx2;
mod avx512;
mod rows;
mod sse2;
pub(crate) mod tiny_sse2;
pub(crate) mod tiny_sse2_f64;

/// The codelet for an in-place complex `f32` FFT of `n` points in a plan at
/// `level`, if there is one: AVX2+FMA rows ([`rows`]) for 16 and 32 points
/// at AVX2 and above, SSE2 (baseline) otherwise.
pub(crate) fn tiny_fn_f32(n: usize, inverse: bool, level: Level) -> Option<TinyFn<f32>> {
    if matches!(level, Level::Avx2 | Level::Avx512) {
        match (n, inverse) {
            (16, false) => return Some(rows_f32::<false, 4>),
            (16, true) => return Some(rows_f32::<true, 4>),
            (32, false) => return Some(rows_f32::<false, 8>),
            (32, true) => return Some(rows_f32::<true, 8>),
            _ => {}
        }
    }
    tiny_sse2::tiny_fn(n, inverse)
}

/// The codelet for an in-place complex `f64` FFT of `n` points in a plan at
/// `level`, if there is one: AVX-512 rows ([`rows`]) for 32 points at
/// AVX-512, SSE2 (baseline) for 4, 8 and 16.
pub(crate) fn tiny_fn_f64(n: usize, inverse: bool, level: Level) -> Option<TinyFn<f64>> {
    if level == Level::Avx512 {
        match (n, inverse) {
            (32, false) => return Some(rows_f64::<false, 8>),
            (32, true) => return Some(rows_f64::<true, 8>),
            _ => {}
        }
    }
    tiny_sse2_f64::tiny_fn(n, inverse)
}

/// [`avx2::rows_f32`] as a plain function, for a plan to keep a pointer to.
/// Only [`tiny_fn_f32`] hands it out, for plans at AVX2 or above, which the
/// planner only makes on CPUs with AVX2 and FMA.
fn rows_f32<const INV: bool, const R: usize>(buf: &mut [crate::Complex<f32>]) {
    // SAFETY: see the function's documentation: the CPU has AVX2 and FMA.
    unsafe { avx2::rows_f32::<INV, R>(buf) }
}

/// [`avx512::rows_f64`] as a plain function, for a plan to keep a pointer
/// to. Only [`tiny_fn_f64`] hands it out, for plans at AVX-512, which the
/// planner only makes on CPUs with AVX-512F, AVX2 and FMA.
fn rows_f64<const INV: bool, const R: usize>(buf: &mut [crate::Complex<f64>]) {
    // SAFETY: see the function's documentation: the CPU has AVX-512F.
    unsafe { avx512::rows_f64::<INV, R>(buf) }
}

/// Complex `f32` numbers per register at `level`.
pub(crate) fn lanes_f32(level: Level) -> usize {
    match level {
        Level::Avx512 => 8,
        Level::Avx2 => 4,
        Level::Sse2 => 2,
        _ => 1,
    }
}

/// Complex `f64` numbers per register at `level`.
pub(crate) fn lanes_f64(level: Level) -> usize {
    match level {
        Level::Avx512 => 4,
        Level::Avx2 => 2,
        _ => 1,
    }
}

/// Runs an `f32` kernel at `level`.
///
/// # Safety
/// As [`kernel::execute`]; the CPU supports `level`; `k` was planned for
/// `lanes_f32(level)`.
#[inline]
pub(crate) unsafe fn execute_f32<const SMALL: bool, const ROWS: usize>(
    job: Job<'_, f32>,
    level: Level,
) {
    // SAFETY: (all arms) forwarded contract; the caller checked `level`.
    unsafe {
        match level {
            Level::Avx512 => avx512::execute_f32::<SMALL, ROWS>(job),
            Level::Avx2 => avx2::execute_f32::<SMALL, ROWS>(job),
            Level::Sse2 => sse2::execute_f32::<SMALL, ROWS>(job),
            _ => kernel::execute::<Scalar<f32>, SMALL, ROWS>(job),
        }
    }
}

/// Runs an `f64` kernel at `level`.
///
/// # Safety
/// As [`execute_f32`], with `lanes_f64(level)`.
#[inline]
pub(crate) unsafe fn execute_f64<const SMALL: bool, const ROWS: usize>(
    job: Job<'_, f64>,
    level: Level,
) {
    // SAFETY: (all arms) forwarded contract; the caller checked `level`.
    unsafe {
        match level {
            Level::Avx512 => avx512::execute_f64::<SMALL, ROWS>(job),
            Level::Avx2 => avx2::execute_f64::<SMALL, ROWS>(job),
            Level::Sse2 => sse2::execute_f64::<SMALL, ROWS>(job),
            _ => kernel::execute::<Scalar<f64>, SMALL, ROWS>(job),
        }
    }
}
