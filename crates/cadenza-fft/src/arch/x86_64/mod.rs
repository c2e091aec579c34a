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
/// at AVX2 and above, 8 x 8 and 16 x 8 rows ([`rows::fft2d`]) for 64 and 128
/// points at AVX2, SSE2 (baseline) otherwise. On a Zen 3 (session 9,
/// `quick_compare complex f32 6 7`, alternating runs) the 64-point rows took
/// 38-45 ns against 54-79 ns for the 4 x 16 block and 39-53 ns for rustfft,
/// the 128-point ones 77-137 ns against 108-166 ns for the Stockham plan
/// (0.97-1.17x rustfft instead of 0.70-0.92); 16 x 16 rows at 256 points
/// measured no better than the plan. The AVX-512 level keeps its blocks,
/// unmeasured against these rows.
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
    if level == Level::Avx2 {
        match (n, inverse) {
            (64, false) => return Some(fft2d_f32_avx2::<false, 8, 8, 16>),
            (64, true) => return Some(fft2d_f32_avx2::<true, 8, 8, 16>),
            (128, false) => return Some(fft2d_f32_avx2::<false, 16, 8, 32>),
            (128, true) => return Some(fft2d_f32_avx2::<true, 16, 8, 32>),
            _ => {}
        }
    }
    tiny_sse2::tiny_fn(n, inverse)
}

/// The codelet for an in-place complex `f64` FFT of `n` points in a plan at
/// `level`, if there is one: AVX-512 rows ([`rows`]) for 32 points at
/// AVX-512; at AVX2, 2-lane rows ([`rows::fft2d`]) of 4 x 4, 4 x 8, 8 x 8
/// and 16 x 8 for 16, 32, 64 and 128 points; SSE2 (baseline) for 4, 8 and 16
/// otherwise. On a Zen 3 (session 9, `quick_compare complex f64 4 5 6 7 8`,
/// alternating runs) the rows took 18-19 / 36-38 / 71-72 / 188-213 ns at 16
/// / 32 / 64 / 128 points, against 20-29 / 45-60 / 153-167 / 262-282 ns for
/// the SSE2 codelet, the 2 x 16 block and the Stockham plans: 0.92-1.29x
/// rustfft where those were 0.59-1.0. (Rows of four complex numbers as pairs
/// of registers measured 3-8 % slower at 16-64 points; 16 x 16 rows at 256
/// points spill and lost to the Stockham plan, 0.66-0.72 against 0.85-0.87.)
pub(crate) fn tiny_fn_f64(n: usize, inverse: bool, level: Level) -> Option<TinyFn<f64>> {
    if level == Level::Avx512 {
        match (n, inverse) {
            (32, false) => return Some(rows_f64::<false, 8>),
            (32, true) => return Some(rows_f64::<true, 8>),
            _ => {}
        }
    }
    if level == Level::Avx2 {
        match (n, inverse) {
            (16, false) => return Some(fft2d_f64_avx2::<false, 4, 4, 8>),
            (16, true) => return Some(fft2d_f64_avx2::<true, 4, 4, 8>),
            (32, false) => return Some(fft2d_f64_avx2::<false, 4, 8, 16>),
            (32, true) => return Some(fft2d_f64_avx2::<true, 4, 8, 16>),
            (64, false) => return Some(fft2d_f64_avx2::<false, 8, 8, 32>),
            (64, true) => return Some(fft2d_f64_avx2::<true, 8, 8, 32>),
            (128, false) => return Some(fft2d_f64_avx2::<false, 16, 8, 64>),
            (128, true) => return Some(fft2d_f64_avx2::<true, 16, 8, 64>),
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

/// [`avx2::fft2d_f32`] as a plain function, for a plan to keep a pointer
/// to. Only [`tiny_fn_f32`] hands it out, for plans at AVX2, which the
/// planner only makes on CPUs with AVX2 and FMA.
fn fft2d_f32_avx2<const INV: bool, const N1: usize, const N2: usize, const M: usize>(
    buf: &mut [crate::Complex<f32>],
) {
    // SAFETY: see the function's documentation: the CPU has AVX2 and FMA.
    unsafe { avx2::fft2d_f32::<INV, N1, N2, M>(buf) }
}

/// [`avx2::fft2d_f64`] as a plain function, for a plan to keep a pointer
/// to. Only [`tiny_fn_f64`] hands it out, for plans at AVX2, which the
/// planner only makes on CPUs with AVX2 and FMA.
fn fft2d_f64_avx2<const INV: bool, const N1: usize, const N2: usize, const M: usize>(
    buf: &mut [crate::Complex<f64>],
) {
    // SAFETY: see the function's documentation: the CPU has AVX2 and FMA.
    unsafe { avx2::fft2d_f64::<INV, N1, N2, M>(buf) }
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
