//! SSE2 registers: 2 complex `f32` or 1 complex `f64` per `xmm`.
//!
//! SSE2 is part of the x86_64 baseline, so these types are always legal on
//! this architecture; the entry points still carry `#[target_feature]` so the
//! kernel is compiled as one SSE2 unit. SSE2 has no FMA or `addsub`, so the
//! complex product negates with a sign mask and adds.

use std::arch::x86_64::*;

use crate::Complex;
use crate::kernel::{self, Job};
use crate::vector::CVec;

/// Two complex `f32` in one `xmm`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct F32x2(__m128);

/// One complex `f64` in one `xmm`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct F64x1(__m128d);

impl CVec for F32x2 {
    type T = f32;
    const LANES: usize = 2;

    #[inline(always)]
    unsafe fn load(p: *const Complex<f32>) -> Self {
        // SAFETY: caller guarantees 2 readable elements; SSE2 is baseline.
        F32x2(unsafe { _mm_loadu_ps(p.cast()) })
    }
    #[inline(always)]
    unsafe fn zero() -> Self {
        // SAFETY: SSE2 is baseline on x86_64.
        F32x2(unsafe { _mm_setzero_ps() })
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut Complex<f32>) {
        // SAFETY: caller guarantees 2 writable elements; SSE2 is baseline.
        unsafe { _mm_storeu_ps(p.cast(), self.0) }
    }
    #[inline(always)]
    unsafe fn splat_parts(w: *const Complex<f32>) -> (Self, Self) {
        // SAFETY: caller guarantees `w` is readable; SSE2 is baseline.
        unsafe {
            let w = &*w;
            (F32x2(_mm_set1_ps(w.re)), F32x2(_mm_set1_ps(w.im)))
        }
    }
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        // SAFETY: SSE2 is baseline on x86_64.
        F32x2(unsafe { _mm_add_ps(self.0, o.0) })
    }
    #[inline(always)]
    fn sub(self, o: Self) -> Self {
        // SAFETY: SSE2 is baseline on x86_64.
        F32x2(unsafe { _mm_sub_ps(self.0, o.0) })
    }
    #[inline(always)]
    fn rot<const INV: bool>(self) -> Self {
        // SAFETY: SSE2 is baseline on x86_64.
        unsafe {
            let swapped = _mm_shuffle_ps::<0b1011_0001>(self.0, self.0);
            let sign = if INV {
                _mm_setr_ps(-0.0, 0.0, -0.0, 0.0)
            } else {
                _mm_setr_ps(0.0, -0.0, 0.0, -0.0)
            };
            F32x2(_mm_xor_ps(swapped, sign))
        }
    }
    #[inline(always)]
    fn conj(self) -> Self {
        // SAFETY: SSE2 is baseline on x86_64.
        F32x2(unsafe { _mm_xor_ps(self.0, _mm_setr_ps(0.0, -0.0, 0.0, -0.0)) })
    }
    #[inline(always)]
    fn reverse(self) -> Self {
        // SAFETY: SSE2 is baseline on x86_64.
        F32x2(unsafe { _mm_shuffle_ps::<0b0100_1110>(self.0, self.0) })
    }
    #[inline(always)]
    fn scale(self, k: f32) -> Self {
        // SAFETY: SSE2 is baseline on x86_64.
        F32x2(unsafe { _mm_mul_ps(self.0, _mm_set1_ps(k)) })
    }
    #[inline(always)]
    fn cmul_parts(self, wr: Self, wi: Self) -> Self {
        // SAFETY: SSE2 is baseline on x86_64.
        unsafe {
            let swapped = _mm_shuffle_ps::<0b1011_0001>(self.0, self.0);
            let cross = _mm_xor_ps(_mm_mul_ps(swapped, wi.0), _mm_setr_ps(-0.0, 0.0, -0.0, 0.0));
            F32x2(_mm_add_ps(_mm_mul_ps(self.0, wr.0), cross))
        }
    }
    #[inline(always)]
    fn transpose2(v: &mut [Self; 2]) {
        // SAFETY: SSE2 is baseline on x86_64.
        unsafe {
            let (a, b) = (v[0].0, v[1].0);
            v[0] = F32x2(_mm_movelh_ps(a, b));
            v[1] = F32x2(_mm_movehl_ps(b, a));
        }
    }
}

impl CVec for F64x1 {
    type T = f64;
    const LANES: usize = 1;

    #[inline(always)]
    unsafe fn load(p: *const Complex<f64>) -> Self {
        // SAFETY: caller guarantees 1 readable element; SSE2 is baseline.
        F64x1(unsafe { _mm_loadu_pd(p.cast()) })
    }
    #[inline(always)]
    unsafe fn zero() -> Self {
        // SAFETY: SSE2 is baseline on x86_64.
        F64x1(unsafe { _mm_setzero_pd() })
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut Complex<f64>) {
        // SAFETY: caller guarantees 1 writable element; SSE2 is baseline.
        unsafe { _mm_storeu_pd(p.cast(), self.0) }
    }
    #[inline(always)]
    unsafe fn splat_parts(w: *const Complex<f64>) -> (Self, Self) {
        // SAFETY: caller guarantees `w` is readable; SSE2 is baseline.
        unsafe {
            let w = &*w;
            (F64x1(_mm_set1_pd(w.re)), F64x1(_mm_set1_pd(w.im)))
        }
    }
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        // SAFETY: SSE2 is baseline on x86_64.
        F64x1(unsafe { _mm_add_pd(self.0, o.0) })
    }
    #[inline(always)]
    fn sub(self, o: Self) -> Self {
        // SAFETY: SSE2 is baseline on x86_64.
        F64x1(unsafe { _mm_sub_pd(self.0, o.0) })
    }
    #[inline(always)]
    fn rot<const INV: bool>(self) -> Self {
        // SAFETY: SSE2 is baseline on x86_64.
        unsafe {
            let swapped = _mm_shuffle_pd::<0b01>(self.0, self.0);
            let sign = if INV {
                _mm_setr_pd(-0.0, 0.0)
            } else {
                _mm_setr_pd(0.0, -0.0)
            };
            F64x1(_mm_xor_pd(swapped, sign))
        }
    }
    #[inline(always)]
    fn conj(self) -> Self {
        // SAFETY: SSE2 is baseline on x86_64.
        F64x1(unsafe { _mm_xor_pd(self.0, _mm_setr_pd(0.0, -0.0)) })
    }
    #[inline(always)]
    fn reverse(self) -> Self {
        self
    }
    #[inline(always)]
    fn scale(self, k: f64) -> Self {
        // SAFETY: SSE2 is baseline on x86_64.
        F64x1(unsafe { _mm_mul_pd(self.0, _mm_set1_pd(k)) })
    }
    #[inline(always)]
    fn cmul_parts(self, wr: Self, wi: Self) -> Self {
        // SAFETY: SSE2 is baseline on x86_64.
        unsafe {
            let swapped = _mm_shuffle_pd::<0b01>(self.0, self.0);
            let cross = _mm_xor_pd(_mm_mul_pd(swapped, wi.0), _mm_setr_pd(-0.0, 0.0));
            F64x1(_mm_add_pd(_mm_mul_pd(self.0, wr.0), cross))
        }
    }
}

/// Runs an `f32` job; FFT kernels were planned for 2 lanes.
///
/// # Safety
/// As [`kernel::execute`].
#[target_feature(enable = "sse2")]
pub(crate) unsafe fn execute_f32<const SMALL: bool, const ROWS: usize>(job: Job<'_, f32>) {
    // SAFETY: forwarded contract; SSE2 is baseline on x86_64.
    unsafe { kernel::execute::<F32x2, SMALL, ROWS>(job) }
}

/// Runs an `f64` job; FFT kernels were planned for 1 lane.
///
/// # Safety
/// As [`kernel::execute`].
#[target_feature(enable = "sse2")]
pub(crate) unsafe fn execute_f64<const SMALL: bool, const ROWS: usize>(job: Job<'_, f64>) {
    // SAFETY: forwarded contract; SSE2 is baseline on x86_64.
    unsafe { kernel::execute::<F64x1, SMALL, ROWS>(job) }
}
