//! x86_64 kernels: one module per instruction set (SSE2, AVX2+FMA, AVX-512F),
//! and the dispatch from a [`Level`] to its entry point.

use cadenza_simd::Level;

use crate::kernel::{self, Job};
use crate::vector::Scalar;

mod avx2;
mod avx512;
mod sse2;
pub(crate) mod tiny_sse2;
pub(crate) mod tiny_sse2_f64;

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
