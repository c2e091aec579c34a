//! AVX2 registers for the batched kernels: 8 `f32` or 4 `f64` frames
//! per register.
//!
//! Register values only exist inside the `#[target_feature(enable = "avx2,fma")]`
//! entry points below, which the dispatcher calls only when the CPU has those
//! features; every `SAFETY` comment of the register arithmetic relies on that.

use std::arch::x86_64::*;

use super::lane_impl;
use crate::batch::jobs::{self, Job};

lane_impl!(F32x8, __m256, f32, 8, load: _mm256_loadu_ps, store: _mm256_storeu_ps, set1: _mm256_set1_ps,
    add: _mm256_add_ps, sub: _mm256_sub_ps, mul: _mm256_mul_ps, exchange: exchange_f32, fmadd: _mm256_fmadd_ps, fmsub: _mm256_fmsub_ps);
lane_impl!(F64x4, __m256d, f64, 4, load: _mm256_loadu_pd, store: _mm256_storeu_pd, set1: _mm256_set1_pd,
    add: _mm256_add_pd, sub: _mm256_sub_pd, mul: _mm256_mul_pd, exchange: exchange_f64, fmadd: _mm256_fmadd_pd, fmsub: _mm256_fmsub_pd);

/// Per-column constants of one exchange step: the index `c ^ d` of every
/// 32-bit column (64-bit columns as pairs when `pairs`), and a mask of the
/// columns with bit `d` set. Written as `setr` of expressions (not arrays)
/// so that, with `d` constant after inlining, they fold to constants.
#[inline(always)]
unsafe fn step_constants(d: usize, pairs: bool) -> (__m256i, __m256i) {
    let col = |i: usize| if pairs { i / 2 } else { i };
    let idx = |i: usize| {
        let c = col(i) ^ d;
        (if pairs { 2 * c + i % 2 } else { c }) as i32
    };
    let mask = |i: usize| -i32::from(col(i) & d != 0);
    // SAFETY: the caller guarantees AVX.
    unsafe {
        (
            _mm256_setr_epi32(
                idx(0),
                idx(1),
                idx(2),
                idx(3),
                idx(4),
                idx(5),
                idx(6),
                idx(7),
            ),
            _mm256_setr_epi32(
                mask(0),
                mask(1),
                mask(2),
                mask(3),
                mask(4),
                mask(5),
                mask(6),
                mask(7),
            ),
        )
    }
}

/// [`Lane::exchange`](crate::batch::kernel::Lane::exchange) for 8 `f32`.
///
/// # Safety
/// The CPU has AVX2.
#[inline(always)]
unsafe fn exchange_f32(a: __m256, b: __m256, d: usize) -> (__m256, __m256) {
    // SAFETY: forwarded contract.
    unsafe {
        let (idx, mask) = step_constants(d, false);
        let mask = _mm256_castsi256_ps(mask);
        let x = _mm256_blendv_ps(a, _mm256_permutevar8x32_ps(b, idx), mask);
        let y = _mm256_blendv_ps(_mm256_permutevar8x32_ps(a, idx), b, mask);
        (x, y)
    }
}

/// [`Lane::exchange`](crate::batch::kernel::Lane::exchange) for 4 `f64`.
///
/// # Safety
/// The CPU has AVX2.
#[inline(always)]
unsafe fn exchange_f64(a: __m256d, b: __m256d, d: usize) -> (__m256d, __m256d) {
    // SAFETY: forwarded contract.
    unsafe {
        let (idx, mask) = step_constants(d, true);
        let mask = _mm256_castsi256_pd(mask);
        let perm =
            |v: __m256d| _mm256_castps_pd(_mm256_permutevar8x32_ps(_mm256_castpd_ps(v), idx));
        let x = _mm256_blendv_pd(a, perm(b), mask);
        let y = _mm256_blendv_pd(perm(a), b, mask);
        (x, y)
    }
}

/// Runs an `f32` batch job with 8 frames per register.
///
/// # Safety
/// As [`jobs::execute`]; the CPU has avx2,fma.
#[target_feature(enable = "avx2,fma")]
pub(crate) unsafe fn execute_f32(job: Job<'_, f32>) {
    // SAFETY: forwarded contract; this function's features cover F32x8.
    unsafe { jobs::execute::<F32x8>(job) }
}

/// Runs an `f64` batch job with 4 frames per register.
///
/// # Safety
/// As [`jobs::execute`]; the CPU has avx2,fma.
#[target_feature(enable = "avx2,fma")]
pub(crate) unsafe fn execute_f64(job: Job<'_, f64>) {
    // SAFETY: forwarded contract; this function's features cover F64x4.
    unsafe { jobs::execute::<F64x4>(job) }
}
