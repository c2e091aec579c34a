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
    add: _mm256_add_ps, sub: _mm256_sub_ps, mul: _mm256_mul_ps, fmadd: _mm256_fmadd_ps, fmsub: _mm256_fmsub_ps);
lane_impl!(F64x4, __m256d, f64, 4, load: _mm256_loadu_pd, store: _mm256_storeu_pd, set1: _mm256_set1_pd,
    add: _mm256_add_pd, sub: _mm256_sub_pd, mul: _mm256_mul_pd, fmadd: _mm256_fmadd_pd, fmsub: _mm256_fmsub_pd);

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
