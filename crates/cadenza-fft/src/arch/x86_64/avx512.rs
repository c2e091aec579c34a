//! AVX-512F registers: 8 complex `f32` or 4 complex `f64` per `zmm`.
//!
//! Values of these types only exist inside the `#[target_feature(enable =
//! "avx512f,avx2,fma")]` entry points below, which the dispatcher calls only
//! when the CPU has AVX-512F; that is what every `SAFETY` comment here relies on.

use std::arch::x86_64::*;

use super::rows::{self, RowVec};
use crate::Complex;
use crate::kernel::{self, Job};
use crate::vector::CVec;

/// Eight complex `f32` in one `zmm`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct F32x8(__m512);

/// Four complex `f64` in one `zmm`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct F64x4(__m512d);

/// Sign mask flipping the imaginary (`INV == false`) or real (`INV`) parts of
/// 32-bit pairs.
#[inline(always)]
fn sign32<const INV: bool>() -> __m512i {
    let bit = i64::from(i32::MIN as u32);
    // SAFETY: only called while a register value exists (module doc).
    unsafe { _mm512_set1_epi64(if INV { bit } else { bit << 32 }) }
}

/// Sign mask for 64-bit pairs, as [`sign32`].
#[inline(always)]
fn sign64<const INV: bool>() -> __m512i {
    // SAFETY: only called while a register value exists (module doc).
    unsafe {
        if INV {
            _mm512_setr_epi64(i64::MIN, 0, i64::MIN, 0, i64::MIN, 0, i64::MIN, 0)
        } else {
            _mm512_setr_epi64(0, i64::MIN, 0, i64::MIN, 0, i64::MIN, 0, i64::MIN)
        }
    }
}

impl CVec for F32x8 {
    type T = f32;
    const LANES: usize = 8;

    #[inline(always)]
    unsafe fn load(p: *const Complex<f32>) -> Self {
        // SAFETY: caller guarantees 8 readable elements and AVX-512F.
        F32x8(unsafe { _mm512_loadu_ps(p.cast()) })
    }
    #[inline(always)]
    unsafe fn zero() -> Self {
        // SAFETY: caller guarantees AVX-512F.
        F32x8(unsafe { _mm512_setzero_ps() })
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut Complex<f32>) {
        // SAFETY: caller guarantees 8 writable elements and AVX-512F.
        unsafe { _mm512_storeu_ps(p.cast(), self.0) }
    }
    #[inline(always)]
    unsafe fn splat_parts(w: *const Complex<f32>) -> (Self, Self) {
        // SAFETY: caller guarantees `w` is readable and AVX-512F.
        unsafe {
            let w = &*w;
            (F32x8(_mm512_set1_ps(w.re)), F32x8(_mm512_set1_ps(w.im)))
        }
    }
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        // SAFETY: a value exists, so AVX-512F is available (module doc).
        F32x8(unsafe { _mm512_add_ps(self.0, o.0) })
    }
    #[inline(always)]
    fn sub(self, o: Self) -> Self {
        // SAFETY: a value exists, so AVX-512F is available (module doc).
        F32x8(unsafe { _mm512_sub_ps(self.0, o.0) })
    }
    #[inline(always)]
    fn rot<const INV: bool>(self) -> Self {
        // SAFETY: a value exists, so AVX-512F is available (module doc).
        unsafe {
            let swapped = _mm512_castps_si512(_mm512_permute_ps::<0b1011_0001>(self.0));
            F32x8(_mm512_castsi512_ps(_mm512_xor_si512(
                swapped,
                sign32::<INV>(),
            )))
        }
    }
    #[inline(always)]
    fn conj(self) -> Self {
        // SAFETY: a value exists, so AVX-512F is available (module doc).
        F32x8(unsafe {
            _mm512_castsi512_ps(_mm512_xor_si512(
                _mm512_castps_si512(self.0),
                sign32::<false>(),
            ))
        })
    }
    #[inline(always)]
    fn reverse(self) -> Self {
        // SAFETY: a value exists, so AVX-512F is available (module doc).
        F32x8(unsafe {
            let idx = _mm512_setr_epi64(7, 6, 5, 4, 3, 2, 1, 0);
            _mm512_castpd_ps(_mm512_permutexvar_pd(idx, _mm512_castps_pd(self.0)))
        })
    }
    #[inline(always)]
    fn scale(self, k: f32) -> Self {
        // SAFETY: a value exists, so AVX-512F is available (module doc).
        F32x8(unsafe { _mm512_mul_ps(self.0, _mm512_set1_ps(k)) })
    }
    #[inline(always)]
    fn cmul_parts(self, wr: Self, wi: Self) -> Self {
        // SAFETY: a value exists, so AVX-512F is available (module doc).
        unsafe {
            let swapped = _mm512_permute_ps::<0b1011_0001>(self.0);
            F32x8(_mm512_fmaddsub_ps(
                self.0,
                wr.0,
                _mm512_mul_ps(swapped, wi.0),
            ))
        }
    }
    #[inline(always)]
    fn transpose8(v: &mut [Self; 8]) {
        // SAFETY: values exist, so AVX-512F is available (module doc).
        unsafe {
            let r = [
                _mm512_castps_pd(v[0].0),
                _mm512_castps_pd(v[1].0),
                _mm512_castps_pd(v[2].0),
                _mm512_castps_pd(v[3].0),
                _mm512_castps_pd(v[4].0),
                _mm512_castps_pd(v[5].0),
                _mm512_castps_pd(v[6].0),
                _mm512_castps_pd(v[7].0),
            ];
            // Pairs of rows interleaved per 64-bit element.
            let t0 = _mm512_unpacklo_pd(r[0], r[1]);
            let t1 = _mm512_unpackhi_pd(r[0], r[1]);
            let t2 = _mm512_unpacklo_pd(r[2], r[3]);
            let t3 = _mm512_unpackhi_pd(r[2], r[3]);
            let t4 = _mm512_unpacklo_pd(r[4], r[5]);
            let t5 = _mm512_unpackhi_pd(r[4], r[5]);
            let t6 = _mm512_unpacklo_pd(r[6], r[7]);
            let t7 = _mm512_unpackhi_pd(r[6], r[7]);
            // 128-bit lanes: even lanes (0x88) and odd lanes (0xdd).
            let u0 = _mm512_shuffle_f64x2::<0x88>(t0, t2);
            let u1 = _mm512_shuffle_f64x2::<0xdd>(t0, t2);
            let u2 = _mm512_shuffle_f64x2::<0x88>(t1, t3);
            let u3 = _mm512_shuffle_f64x2::<0xdd>(t1, t3);
            let u4 = _mm512_shuffle_f64x2::<0x88>(t4, t6);
            let u5 = _mm512_shuffle_f64x2::<0xdd>(t4, t6);
            let u6 = _mm512_shuffle_f64x2::<0x88>(t5, t7);
            let u7 = _mm512_shuffle_f64x2::<0xdd>(t5, t7);
            let col = |x: __m512d| F32x8(_mm512_castpd_ps(x));
            v[0] = col(_mm512_shuffle_f64x2::<0x88>(u0, u4));
            v[4] = col(_mm512_shuffle_f64x2::<0xdd>(u0, u4));
            v[2] = col(_mm512_shuffle_f64x2::<0x88>(u1, u5));
            v[6] = col(_mm512_shuffle_f64x2::<0xdd>(u1, u5));
            v[1] = col(_mm512_shuffle_f64x2::<0x88>(u2, u6));
            v[5] = col(_mm512_shuffle_f64x2::<0xdd>(u2, u6));
            v[3] = col(_mm512_shuffle_f64x2::<0x88>(u3, u7));
            v[7] = col(_mm512_shuffle_f64x2::<0xdd>(u3, u7));
        }
    }
}

impl CVec for F64x4 {
    type T = f64;
    const LANES: usize = 4;

    #[inline(always)]
    unsafe fn load(p: *const Complex<f64>) -> Self {
        // SAFETY: caller guarantees 4 readable elements and AVX-512F.
        F64x4(unsafe { _mm512_loadu_pd(p.cast()) })
    }
    #[inline(always)]
    unsafe fn zero() -> Self {
        // SAFETY: caller guarantees AVX-512F.
        F64x4(unsafe { _mm512_setzero_pd() })
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut Complex<f64>) {
        // SAFETY: caller guarantees 4 writable elements and AVX-512F.
        unsafe { _mm512_storeu_pd(p.cast(), self.0) }
    }
    #[inline(always)]
    unsafe fn splat_parts(w: *const Complex<f64>) -> (Self, Self) {
        // SAFETY: caller guarantees `w` is readable and AVX-512F.
        unsafe {
            let w = &*w;
            (F64x4(_mm512_set1_pd(w.re)), F64x4(_mm512_set1_pd(w.im)))
        }
    }
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        // SAFETY: a value exists, so AVX-512F is available (module doc).
        F64x4(unsafe { _mm512_add_pd(self.0, o.0) })
    }
    #[inline(always)]
    fn sub(self, o: Self) -> Self {
        // SAFETY: a value exists, so AVX-512F is available (module doc).
        F64x4(unsafe { _mm512_sub_pd(self.0, o.0) })
    }
    #[inline(always)]
    fn rot<const INV: bool>(self) -> Self {
        // SAFETY: a value exists, so AVX-512F is available (module doc).
        unsafe {
            let swapped = _mm512_castpd_si512(_mm512_permute_pd::<0x55>(self.0));
            F64x4(_mm512_castsi512_pd(_mm512_xor_si512(
                swapped,
                sign64::<INV>(),
            )))
        }
    }
    #[inline(always)]
    fn conj(self) -> Self {
        // SAFETY: a value exists, so AVX-512F is available (module doc).
        F64x4(unsafe {
            _mm512_castsi512_pd(_mm512_xor_si512(
                _mm512_castpd_si512(self.0),
                sign64::<false>(),
            ))
        })
    }
    #[inline(always)]
    fn reverse(self) -> Self {
        // SAFETY: a value exists, so AVX-512F is available (module doc).
        F64x4(unsafe { _mm512_shuffle_f64x2::<0b0001_1011>(self.0, self.0) })
    }
    #[inline(always)]
    fn scale(self, k: f64) -> Self {
        // SAFETY: a value exists, so AVX-512F is available (module doc).
        F64x4(unsafe { _mm512_mul_pd(self.0, _mm512_set1_pd(k)) })
    }
    #[inline(always)]
    fn cmul_parts(self, wr: Self, wi: Self) -> Self {
        // SAFETY: a value exists, so AVX-512F is available (module doc).
        unsafe {
            let swapped = _mm512_permute_pd::<0x55>(self.0);
            F64x4(_mm512_fmaddsub_pd(
                self.0,
                wr.0,
                _mm512_mul_pd(swapped, wi.0),
            ))
        }
    }
    #[inline(always)]
    fn transpose4(v: &mut [Self; 4]) {
        // SAFETY: values exist, so AVX-512F is available (module doc).
        unsafe {
            let t0 = _mm512_shuffle_f64x2::<0x88>(v[0].0, v[1].0);
            let t1 = _mm512_shuffle_f64x2::<0xdd>(v[0].0, v[1].0);
            let t2 = _mm512_shuffle_f64x2::<0x88>(v[2].0, v[3].0);
            let t3 = _mm512_shuffle_f64x2::<0xdd>(v[2].0, v[3].0);
            v[0] = F64x4(_mm512_shuffle_f64x2::<0x88>(t0, t2));
            v[2] = F64x4(_mm512_shuffle_f64x2::<0xdd>(t0, t2));
            v[1] = F64x4(_mm512_shuffle_f64x2::<0x88>(t1, t3));
            v[3] = F64x4(_mm512_shuffle_f64x2::<0xdd>(t1, t3));
        }
    }
}

impl RowVec for F64x4 {
    #[inline(always)]
    fn mul(self, o: Self) -> Self {
        // SAFETY: a value exists, so AVX-512F is available (module doc).
        F64x4(unsafe { _mm512_mul_pd(self.0, o.0) })
    }
    #[inline(always)]
    fn swap(self) -> Self {
        // SAFETY: a value exists, so AVX-512F is available (module doc).
        F64x4(unsafe { _mm512_permute_pd::<0b0101_0101>(self.0) })
    }
}

/// In-place complex `f64` FFT of `4 R` points ([`rows::fft`], `R` = 4 or 8).
///
/// # Safety
/// The CPU has AVX-512F, AVX2 and FMA.
///
/// # Panics
/// If `buf.len() != 4 R`.
#[target_feature(enable = "avx512f,avx2,fma")]
pub(crate) unsafe fn rows_f64<const INV: bool, const R: usize>(buf: &mut [Complex<f64>]) {
    // SAFETY: forwarded contract; this function's features cover F64x4.
    unsafe { rows::fft::<F64x4, INV, R>(buf) }
}

/// Runs an `f32` job; FFT kernels were planned for 8 lanes.
///
/// # Safety
/// As [`kernel::execute`]; the CPU has AVX-512F, AVX2 and FMA.
#[target_feature(enable = "avx512f,avx2,fma")]
pub(crate) unsafe fn execute_f32<const SMALL: bool, const ROWS: usize>(job: Job<'_, f32>) {
    // SAFETY: forwarded contract; this function's features cover F32x8.
    unsafe { kernel::execute::<F32x8, SMALL, ROWS>(job) }
}

/// Runs an `f64` job; FFT kernels were planned for 4 lanes.
///
/// # Safety
/// As [`kernel::execute`]; the CPU has AVX-512F, AVX2 and FMA.
#[target_feature(enable = "avx512f,avx2,fma")]
pub(crate) unsafe fn execute_f64<const SMALL: bool, const ROWS: usize>(job: Job<'_, f64>) {
    // SAFETY: forwarded contract; this function's features cover F64x4.
    unsafe { kernel::execute::<F64x4, SMALL, ROWS>(job) }
}
