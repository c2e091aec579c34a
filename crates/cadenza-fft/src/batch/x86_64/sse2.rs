//! SSE2 registers for the batched kernels: 4 `f32` or 2 `f64` frames
//! per register.
//!
//! Register values only exist inside the `#[target_feature(enable = "sse2")]`
//! entry points below, which the dispatcher calls only when the CPU has those
//! features; every `SAFETY` comment of the register arithmetic relies on that.

use std::arch::x86_64::*;

use super::lane_impl;
use crate::batch::jobs::{self, Job};

lane_impl!(F32x4, __m128, f32, 4, load: _mm_loadu_ps, store: _mm_storeu_ps, set1: _mm_set1_ps,
    add: _mm_add_ps, sub: _mm_sub_ps, mul: _mm_mul_ps, exchange: exchange_f32);
lane_impl!(F64x2, __m128d, f64, 2, load: _mm_loadu_pd, store: _mm_storeu_pd, set1: _mm_set1_pd,
    add: _mm_add_pd, sub: _mm_sub_pd, mul: _mm_mul_pd, exchange: exchange_f64);

/// [`Lane::exchange`](crate::batch::kernel::Lane::exchange) for 4 `f32`.
///
/// # Safety
/// The CPU has SSE2.
#[inline(always)]
unsafe fn exchange_f32(a: __m128, b: __m128, d: usize) -> (__m128, __m128) {
    // SAFETY: forwarded contract.
    unsafe {
        if d == 2 {
            (_mm_movelh_ps(a, b), _mm_movehl_ps(b, a))
        } else {
            let (lo, hi) = (_mm_unpacklo_ps(a, b), _mm_unpackhi_ps(a, b));
            (_mm_movelh_ps(lo, hi), _mm_movehl_ps(hi, lo))
        }
    }
}

/// [`Lane::exchange`](crate::batch::kernel::Lane::exchange) for 2 `f64`.
///
/// # Safety
/// The CPU has SSE2.
#[inline(always)]
unsafe fn exchange_f64(a: __m128d, b: __m128d, _d: usize) -> (__m128d, __m128d) {
    // SAFETY: forwarded contract.
    unsafe { (_mm_unpacklo_pd(a, b), _mm_unpackhi_pd(a, b)) }
}

/// Runs an `f32` batch job with 4 frames per register.
///
/// # Safety
/// As [`jobs::execute`]; the CPU has sse2.
#[target_feature(enable = "sse2")]
pub(crate) unsafe fn execute_f32(job: Job<'_, f32>) {
    // SAFETY: forwarded contract; this function's features cover F32x4.
    unsafe { jobs::execute::<F32x4>(job) }
}

/// Runs an `f64` batch job with 2 frames per register.
///
/// # Safety
/// As [`jobs::execute`]; the CPU has sse2.
#[target_feature(enable = "sse2")]
pub(crate) unsafe fn execute_f64(job: Job<'_, f64>) {
    // SAFETY: forwarded contract; this function's features cover F64x2.
    unsafe { jobs::execute::<F64x2>(job) }
}
