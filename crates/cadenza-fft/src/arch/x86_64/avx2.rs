//! AVX2+FMA registers: 4 complex `f32` or 2 complex `f64` per `ymm`.
//!
//! Values of these types only exist inside the `#[target_feature(enable =
//! "avx2,fma")]` entry points below, which the dispatcher calls only when the
//! CPU has AVX2 and FMA; that is what every `SAFETY` comment here relies on.

use std::arch::x86_64::*;

use super::rows::{self, RowVec};
use crate::Complex;
use crate::kernel::{self, Job};
use crate::vector::CVec;

/// Four complex `f32` in one `ymm`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct F32x4(__m256);

/// Two complex `f64` in one `ymm`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct F64x2(__m256d);

impl CVec for F32x4 {
    type T = f32;
    const LANES: usize = 4;

    #[inline(always)]
    unsafe fn load(p: *const Complex<f32>) -> Self {
        // SAFETY: caller guarantees 4 readable elements (8 floats) and AVX.
        F32x4(unsafe { _mm256_loadu_ps(p.cast()) })
    }
    #[inline(always)]
    unsafe fn zero() -> Self {
        // SAFETY: caller guarantees AVX.
        F32x4(unsafe { _mm256_setzero_ps() })
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut Complex<f32>) {
        // SAFETY: caller guarantees 4 writable elements and AVX.
        unsafe { _mm256_storeu_ps(p.cast(), self.0) }
    }
    #[inline(always)]
    unsafe fn splat_parts(w: *const Complex<f32>) -> (Self, Self) {
        // SAFETY: caller guarantees `w` is readable and AVX.
        unsafe {
            let w = &*w;
            (
                F32x4(_mm256_broadcast_ss(&w.re)),
                F32x4(_mm256_broadcast_ss(&w.im)),
            )
        }
    }
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        // SAFETY: a value exists, so AVX is available (module doc).
        F32x4(unsafe { _mm256_add_ps(self.0, o.0) })
    }
    #[inline(always)]
    fn sub(self, o: Self) -> Self {
        // SAFETY: a value exists, so AVX is available (module doc).
        F32x4(unsafe { _mm256_sub_ps(self.0, o.0) })
    }
    #[inline(always)]
    fn rot<const INV: bool>(self) -> Self {
        // SAFETY: a value exists, so AVX is available (module doc).
        unsafe {
            let swapped = _mm256_permute_ps::<0b1011_0001>(self.0);
            let sign = if INV {
                _mm256_setr_ps(-0.0, 0.0, -0.0, 0.0, -0.0, 0.0, -0.0, 0.0)
            } else {
                _mm256_setr_ps(0.0, -0.0, 0.0, -0.0, 0.0, -0.0, 0.0, -0.0)
            };
            F32x4(_mm256_xor_ps(swapped, sign))
        }
    }
    #[inline(always)]
    fn conj(self) -> Self {
        // SAFETY: a value exists, so AVX is available (module doc).
        F32x4(unsafe {
            _mm256_xor_ps(
                self.0,
                _mm256_setr_ps(0.0, -0.0, 0.0, -0.0, 0.0, -0.0, 0.0, -0.0),
            )
        })
    }
    #[inline(always)]
    fn reverse(self) -> Self {
        // SAFETY: a value exists, so AVX2 is available (module doc).
        F32x4(unsafe {
            _mm256_castpd_ps(_mm256_permute4x64_pd::<0b0001_1011>(_mm256_castps_pd(
                self.0,
            )))
        })
    }
    #[inline(always)]
    fn scale(self, k: f32) -> Self {
        // SAFETY: a value exists, so AVX is available (module doc).
        F32x4(unsafe { _mm256_mul_ps(self.0, _mm256_set1_ps(k)) })
    }
    #[inline(always)]
    fn cmul_parts(self, wr: Self, wi: Self) -> Self {
        // SAFETY: a value exists, so AVX and FMA are available (module doc).
        unsafe {
            let swapped = _mm256_permute_ps::<0b1011_0001>(self.0);
            F32x4(_mm256_fmaddsub_ps(
                self.0,
                wr.0,
                _mm256_mul_ps(swapped, wi.0),
            ))
        }
    }
    #[inline(always)]
    fn transpose4(v: &mut [Self; 4]) {
        // SAFETY: values exist, so AVX is available (module doc).
        unsafe {
            let r = [
                _mm256_castps_pd(v[0].0),
                _mm256_castps_pd(v[1].0),
                _mm256_castps_pd(v[2].0),
                _mm256_castps_pd(v[3].0),
            ];
            let t0 = _mm256_unpacklo_pd(r[0], r[1]);
            let t1 = _mm256_unpackhi_pd(r[0], r[1]);
            let t2 = _mm256_unpacklo_pd(r[2], r[3]);
            let t3 = _mm256_unpackhi_pd(r[2], r[3]);
            v[0] = F32x4(_mm256_castpd_ps(_mm256_permute2f128_pd::<0x20>(t0, t2)));
            v[1] = F32x4(_mm256_castpd_ps(_mm256_permute2f128_pd::<0x20>(t1, t3)));
            v[2] = F32x4(_mm256_castpd_ps(_mm256_permute2f128_pd::<0x31>(t0, t2)));
            v[3] = F32x4(_mm256_castpd_ps(_mm256_permute2f128_pd::<0x31>(t1, t3)));
        }
    }
}

impl CVec for F64x2 {
    type T = f64;
    const LANES: usize = 2;

    #[inline(always)]
    unsafe fn load(p: *const Complex<f64>) -> Self {
        // SAFETY: caller guarantees 2 readable elements (4 doubles) and AVX.
        F64x2(unsafe { _mm256_loadu_pd(p.cast()) })
    }
    #[inline(always)]
    unsafe fn zero() -> Self {
        // SAFETY: caller guarantees AVX.
        F64x2(unsafe { _mm256_setzero_pd() })
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut Complex<f64>) {
        // SAFETY: caller guarantees 2 writable elements and AVX.
        unsafe { _mm256_storeu_pd(p.cast(), self.0) }
    }
    #[inline(always)]
    unsafe fn splat_parts(w: *const Complex<f64>) -> (Self, Self) {
        // SAFETY: caller guarantees `w` is readable and AVX.
        unsafe {
            let w = &*w;
            (
                F64x2(_mm256_broadcast_sd(&w.re)),
                F64x2(_mm256_broadcast_sd(&w.im)),
            )
        }
    }
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        // SAFETY: a value exists, so AVX is available (module doc).
        F64x2(unsafe { _mm256_add_pd(self.0, o.0) })
    }
    #[inline(always)]
    fn sub(self, o: Self) -> Self {
        // SAFETY: a value exists, so AVX is available (module doc).
        F64x2(unsafe { _mm256_sub_pd(self.0, o.0) })
    }
    #[inline(always)]
    fn rot<const INV: bool>(self) -> Self {
        // SAFETY: a value exists, so AVX is available (module doc).
        unsafe {
            let swapped = _mm256_permute_pd::<0b0101>(self.0);
            let sign = if INV {
                _mm256_setr_pd(-0.0, 0.0, -0.0, 0.0)
            } else {
                _mm256_setr_pd(0.0, -0.0, 0.0, -0.0)
            };
            F64x2(_mm256_xor_pd(swapped, sign))
        }
    }
    #[inline(always)]
    fn conj(self) -> Self {
        // SAFETY: a value exists, so AVX is available (module doc).
        F64x2(unsafe { _mm256_xor_pd(self.0, _mm256_setr_pd(0.0, -0.0, 0.0, -0.0)) })
    }
    #[inline(always)]
    fn reverse(self) -> Self {
        // SAFETY: a value exists, so AVX is available (module doc).
        F64x2(unsafe { _mm256_permute2f128_pd::<0x01>(self.0, self.0) })
    }
    #[inline(always)]
    fn scale(self, k: f64) -> Self {
        // SAFETY: a value exists, so AVX is available (module doc).
        F64x2(unsafe { _mm256_mul_pd(self.0, _mm256_set1_pd(k)) })
    }
    #[inline(always)]
    fn cmul_parts(self, wr: Self, wi: Self) -> Self {
        // SAFETY: a value exists, so AVX and FMA are available (module doc).
        unsafe {
            let swapped = _mm256_permute_pd::<0b0101>(self.0);
            F64x2(_mm256_fmaddsub_pd(
                self.0,
                wr.0,
                _mm256_mul_pd(swapped, wi.0),
            ))
        }
    }
    #[inline(always)]
    fn transpose2(v: &mut [Self; 2]) {
        // SAFETY: values exist, so AVX is available (module doc).
        unsafe {
            let (a, b) = (v[0].0, v[1].0);
            v[0] = F64x2(_mm256_permute2f128_pd::<0x20>(a, b));
            v[1] = F64x2(_mm256_permute2f128_pd::<0x31>(a, b));
        }
    }
}

impl RowVec for F64x2 {
    #[inline(always)]
    fn mul(self, o: Self) -> Self {
        // SAFETY: a value exists, so AVX is available (module doc).
        F64x2(unsafe { _mm256_mul_pd(self.0, o.0) })
    }
    #[inline(always)]
    fn swap(self) -> Self {
        // SAFETY: a value exists, so AVX is available (module doc).
        F64x2(unsafe { _mm256_permute_pd::<0b0101>(self.0) })
    }
}

impl RowVec for F32x4 {
    #[inline(always)]
    fn mul(self, o: Self) -> Self {
        // SAFETY: a value exists, so AVX is available (module doc).
        F32x4(unsafe { _mm256_mul_ps(self.0, o.0) })
    }
    #[inline(always)]
    fn swap(self) -> Self {
        // SAFETY: a value exists, so AVX is available (module doc).
        F32x4(unsafe { _mm256_permute_ps::<0b1011_0001>(self.0) })
    }
}

/// In-place complex `f32` FFT of `4 R` points ([`rows::fft`], `R` = 4 or 8).
///
/// # Safety
/// The CPU has AVX2 and FMA.
///
/// # Panics
/// If `buf.len() != 4 R`.
#[target_feature(enable = "avx2,fma")]
pub(crate) unsafe fn rows_f32<const INV: bool, const R: usize>(buf: &mut [Complex<f32>]) {
    // SAFETY: forwarded contract; this function's features cover F32x4.
    unsafe { rows::fft::<F32x4, INV, R>(buf) }
}

/// In-place complex `f32` FFT of `N1 N2` points ([`rows::fft2d`]); `M = N1 N2 / 4`.
///
/// # Safety
/// The CPU has AVX2 and FMA.
///
/// # Panics
/// As [`rows::fft2d`].
#[target_feature(enable = "avx2,fma")]
pub(crate) unsafe fn fft2d_f32<
    const INV: bool,
    const N1: usize,
    const N2: usize,
    const M: usize,
>(
    buf: &mut [Complex<f32>],
) {
    // SAFETY: forwarded contract; this function's features cover F32x4.
    unsafe { rows::fft2d::<F32x4, INV, N1, N2, M>(buf) }
}

/// In-place complex `f64` FFT of `N1 N2` points on single registers
/// ([`F64x2`], [`rows::fft2d`]); `M = N1 N2 / 2`.
///
/// # Safety
/// The CPU has AVX2 and FMA.
///
/// # Panics
/// As [`rows::fft2d`].
#[target_feature(enable = "avx2,fma")]
pub(crate) unsafe fn fft2d_f64<
    const INV: bool,
    const N1: usize,
    const N2: usize,
    const M: usize,
>(
    buf: &mut [Complex<f64>],
) {
    // SAFETY: forwarded contract; this function's features cover F64x2.
    unsafe { rows::fft2d::<F64x2, INV, N1, N2, M>(buf) }
}

/// Runs an `f32` job; FFT kernels were planned for 4 lanes.
///
/// # Safety
/// As [`kernel::execute`]; the CPU has AVX2 and FMA.
#[target_feature(enable = "avx2,fma")]
pub(crate) unsafe fn execute_f32<const SMALL: bool, const ROWS: usize>(job: Job<'_, f32>) {
    // SAFETY: forwarded contract; this function's features cover F32x4.
    unsafe { kernel::execute::<F32x4, SMALL, ROWS>(job) }
}

/// Runs an `f64` job; FFT kernels were planned for 2 lanes.
///
/// # Safety
/// As [`kernel::execute`]; the CPU has AVX2 and FMA.
#[target_feature(enable = "avx2,fma")]
pub(crate) unsafe fn execute_f64<const SMALL: bool, const ROWS: usize>(job: Job<'_, f64>) {
    // SAFETY: forwarded contract; this function's features cover F64x2.
    unsafe { kernel::execute::<F64x2, SMALL, ROWS>(job) }
}
