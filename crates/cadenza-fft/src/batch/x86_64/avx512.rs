//! AVX512 registers for the batched kernels: 16 `f32` or 8 `f64` frames
//! per register.
//!
//! Register values only exist inside the `#[target_feature(enable = "avx512f,avx2,fma")]`
//! entry points below, which the dispatcher calls only when the CPU has those
//! features; every `SAFETY` comment of the register arithmetic relies on that.

use std::arch::x86_64::*;

use super::lane_impl;
use crate::batch::jobs::{self, Job};

lane_impl!(F32x16, __m512, f32, 16, load: _mm512_loadu_ps, store: _mm512_storeu_ps, set1: _mm512_set1_ps,
    add: _mm512_add_ps, sub: _mm512_sub_ps, mul: _mm512_mul_ps, exchange: exchange_f32, fmadd: _mm512_fmadd_ps, fmsub: _mm512_fmsub_ps);
lane_impl!(F64x8, __m512d, f64, 8, load: _mm512_loadu_pd, store: _mm512_storeu_pd, set1: _mm512_set1_pd,
    add: _mm512_add_pd, sub: _mm512_sub_pd, mul: _mm512_mul_pd, exchange: exchange_f64, fmadd: _mm512_fmadd_pd, fmsub: _mm512_fmsub_pd);

/// [`Lane::exchange`](crate::batch::kernel::Lane::exchange) for 16 `f32`:
/// two two-source permutes.
///
/// # Safety
/// The CPU has AVX-512F.
#[inline(always)]
unsafe fn exchange_f32(a: __m512, b: __m512, d: usize) -> (__m512, __m512) {
    let (mut x, mut y) = ([0i32; 16], [0i32; 16]);
    for c in 0..16 {
        x[c] = (if c & d == 0 { c } else { 16 + (c ^ d) }) as i32;
        y[c] = (if c & d != 0 { 16 + c } else { c ^ d }) as i32;
    }
    // SAFETY: the arrays hold 16 i32 each; forwarded contract.
    unsafe {
        let (x, y) = (
            _mm512_loadu_si512(x.as_ptr().cast()),
            _mm512_loadu_si512(y.as_ptr().cast()),
        );
        (
            _mm512_permutex2var_ps(a, x, b),
            _mm512_permutex2var_ps(a, y, b),
        )
    }
}

/// [`Lane::exchange`](crate::batch::kernel::Lane::exchange) for 8 `f64`.
///
/// # Safety
/// The CPU has AVX-512F.
#[inline(always)]
unsafe fn exchange_f64(a: __m512d, b: __m512d, d: usize) -> (__m512d, __m512d) {
    let (mut x, mut y) = ([0i64; 8], [0i64; 8]);
    for c in 0..8 {
        x[c] = (if c & d == 0 { c } else { 8 + (c ^ d) }) as i64;
        y[c] = (if c & d != 0 { 8 + c } else { c ^ d }) as i64;
    }
    // SAFETY: the arrays hold 8 i64 each; forwarded contract.
    unsafe {
        let (x, y) = (
            _mm512_loadu_si512(x.as_ptr().cast()),
            _mm512_loadu_si512(y.as_ptr().cast()),
        );
        (
            _mm512_permutex2var_pd(a, x, b),
            _mm512_permutex2var_pd(a, y, b),
        )
    }
}

/// Runs an `f32` batch job with 16 frames per register.
///
/// # Safety
/// As [`jobs::execute`]; the CPU has avx512f,avx2,fma.
#[target_feature(enable = "avx512f,avx2,fma")]
pub(crate) unsafe fn execute_f32(job: Job<'_, f32>) {
    // SAFETY: forwarded contract; this function's features cover F32x16.
    unsafe { jobs::execute::<F32x16>(job) }
}

/// Runs an `f64` batch job with 8 frames per register.
///
/// # Safety
/// As [`jobs::execute`]; the CPU has avx512f,avx2,fma.
#[target_feature(enable = "avx512f,avx2,fma")]
pub(crate) unsafe fn execute_f64(job: Job<'_, f64>) {
    // SAFETY: forwarded contract; this function's features cover F64x8.
    unsafe { jobs::execute::<F64x8>(job) }
}
