//! x86_64 kernels: one module per instruction set (SSE2, AVX2+FMA, AVX-512F),
//! and the dispatch from a [`Level`] to its entry point.

use cadenza_simd::Level;

use crate::kernel::{self, Job, TinyFn};
use crate::vector::Scalar;

mod avx2;
mod avx512;
mod sse2;
mod tiny_avx2;
pub(crate) mod tiny_sse2;
pub(crate) mod tiny_sse2_f64;

/// The codelet for an in-place complex `f32` FFT of `n` points in a plan at
/// `level`, if there is one: AVX2+FMA for 16 and 32 points at AVX2 and
/// above, SSE2 (baseline) otherwise.
pub(crate) fn tiny_fn_f32(n: usize, inverse: bool, level: Level) -> Option<TinyFn<f32>> {
    if matches!(level, Level::Avx2 | Level::Avx512) {
        match (n, inverse) {
            (16, false) => return Some(tiny_avx2::fft16::<false>),
            (16, true) => return Some(tiny_avx2::fft16::<true>),
            (32, false) => return Some(tiny_avx2::fft32::<false>),
            (32, true) => return Some(tiny_avx2::fft32::<true>),
            _ => {}
        }
    }
    tiny_sse2::tiny_fn(n, inverse)
}

/// The codelet for an in-place complex `f64` FFT of `n` points, if there is
/// one (SSE2, at every level).
pub(crate) fn tiny_fn_f64(n: usize, inverse: bool, _level: Level) -> Option<TinyFn<f64>> {
    tiny_sse2_f64::tiny_fn(n, inverse)
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
pub(crate) unsafe fn execute_f32<const SMALL: bool>(job: Job<'_, f32>, level: Level) {
    // SAFETY: (all arms) forwarded contract; the caller checked `level`.
    unsafe {
        match level {
            Level::Avx512 => avx512::execute_f32::<SMALL>(job),
            Level::Avx2 => avx2::execute_f32::<SMALL>(job),
            Level::Sse2 => sse2::execute_f32::<SMALL>(job),
            _ => kernel::execute::<Scalar<f32>, SMALL>(job),
        }
    }
}

/// Runs an `f64` kernel at `level`.
///
/// # Safety
/// As [`execute_f32`], with `lanes_f64(level)`.
#[inline]
pub(crate) unsafe fn execute_f64<const SMALL: bool>(job: Job<'_, f64>, level: Level) {
    // SAFETY: (all arms) forwarded contract; the caller checked `level`.
    unsafe {
        match level {
            Level::Avx512 => avx512::execute_f64::<SMALL>(job),
            Level::Avx2 => avx2::execute_f64::<SMALL>(job),
            Level::Sse2 => sse2::execute_f64::<SMALL>(job),
            _ => kernel::execute::<Scalar<f64>, SMALL>(job),
        }
    }
}
