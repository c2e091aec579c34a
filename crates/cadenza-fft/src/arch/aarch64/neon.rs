//! NEON (Advanced SIMD) registers: 2 complex `f32` or 1 complex `f64` per
//! 128-bit `q` register, the aarch64 counterpart of the SSE2 module.
//!
//! NEON is part of the aarch64 baseline (this module is only compiled when
//! the target enables it), so the register types are always legal; the entry
//! points still carry `#[target_feature(enable = "neon")]` so the kernel is
//! compiled as one NEON unit. Unlike SSE2, NEON has a fused multiply-add, so
//! the complex product is one multiply and one `fma` with a sign-flipped
//! twiddle.

use std::arch::aarch64::*;

use crate::Complex;
use crate::kernel::{self, Job};
use crate::vector::CVec;

/// Two complex `f32` in one `q` register: `[re0, im0, re1, im1]`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct F32x2(float32x4_t);

/// One complex `f64` in one `q` register: `[re, im]`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct F64x1(float64x2_t);

/// Sign bit on the imaginary (odd) `f32` lanes.
#[inline(always)]
fn sign_im_f32() -> uint32x4_t {
    // SAFETY: NEON is enabled for this target (module cfg).
    unsafe { vreinterpretq_u32_u64(vdupq_n_u64(0x8000_0000_0000_0000)) }
}

/// Sign bit on the real (even) `f32` lanes.
#[inline(always)]
fn sign_re_f32() -> uint32x4_t {
    // SAFETY: NEON is enabled for this target (module cfg).
    unsafe { vreinterpretq_u32_u64(vdupq_n_u64(0x0000_0000_8000_0000)) }
}

/// Flips the sign of the lanes set in `mask`.
#[inline(always)]
fn flip_f32(v: float32x4_t, mask: uint32x4_t) -> float32x4_t {
    // SAFETY: NEON is enabled for this target (module cfg).
    unsafe { vreinterpretq_f32_u32(veorq_u32(vreinterpretq_u32_f32(v), mask)) }
}

/// Sign bit on the imaginary (second) `f64` lane.
#[inline(always)]
fn sign_im_f64() -> uint64x2_t {
    // SAFETY: NEON is enabled for this target (module cfg).
    unsafe { vcombine_u64(vcreate_u64(0), vcreate_u64(0x8000_0000_0000_0000)) }
}

/// Sign bit on the real (first) `f64` lane.
#[inline(always)]
fn sign_re_f64() -> uint64x2_t {
    // SAFETY: NEON is enabled for this target (module cfg).
    unsafe { vcombine_u64(vcreate_u64(0x8000_0000_0000_0000), vcreate_u64(0)) }
}

/// Flips the sign of the lanes set in `mask`.
#[inline(always)]
fn flip_f64(v: float64x2_t, mask: uint64x2_t) -> float64x2_t {
    // SAFETY: NEON is enabled for this target (module cfg).
    unsafe { vreinterpretq_f64_u64(veorq_u64(vreinterpretq_u64_f64(v), mask)) }
}

impl CVec for F32x2 {
    type T = f32;
    const LANES: usize = 2;

    #[inline(always)]
    unsafe fn load(p: *const Complex<f32>) -> Self {
        // SAFETY: caller guarantees 2 readable elements (4 floats); NEON is baseline.
        F32x2(unsafe { vld1q_f32(p.cast()) })
    }
    #[inline(always)]
    unsafe fn zero() -> Self {
        // SAFETY: NEON is enabled for this target (module cfg).
        F32x2(unsafe { vdupq_n_f32(0.0) })
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut Complex<f32>) {
        // SAFETY: caller guarantees 2 writable elements (4 floats); NEON is baseline.
        unsafe { vst1q_f32(p.cast(), self.0) }
    }
    #[inline(always)]
    unsafe fn splat_parts(w: *const Complex<f32>) -> (Self, Self) {
        let w = w.cast::<f32>();
        // SAFETY: caller guarantees `w` (re, then im) is readable; NEON is baseline.
        unsafe { (F32x2(vld1q_dup_f32(w)), F32x2(vld1q_dup_f32(w.add(1)))) }
    }
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        // SAFETY: NEON is enabled for this target (module cfg).
        F32x2(unsafe { vaddq_f32(self.0, o.0) })
    }
    #[inline(always)]
    fn sub(self, o: Self) -> Self {
        // SAFETY: NEON is enabled for this target (module cfg).
        F32x2(unsafe { vsubq_f32(self.0, o.0) })
    }
    #[inline(always)]
    fn rot<const INV: bool>(self) -> Self {
        // (re, im) -> (im, re), then -i: (im, -re); +i: (-im, re).
        // SAFETY: NEON is enabled for this target (module cfg).
        let swapped = unsafe { vrev64q_f32(self.0) };
        let sign = if INV { sign_re_f32() } else { sign_im_f32() };
        F32x2(flip_f32(swapped, sign))
    }
    #[inline(always)]
    fn conj(self) -> Self {
        F32x2(flip_f32(self.0, sign_im_f32()))
    }
    #[inline(always)]
    fn reverse(self) -> Self {
        // SAFETY: NEON is enabled for this target (module cfg).
        F32x2(unsafe { vextq_f32::<2>(self.0, self.0) })
    }
    #[inline(always)]
    fn scale(self, k: f32) -> Self {
        // SAFETY: NEON is enabled for this target (module cfg).
        F32x2(unsafe { vmulq_n_f32(self.0, k) })
    }
    #[inline(always)]
    fn cmul_parts(self, wr: Self, wi: Self) -> Self {
        // (a + ib)(c + id) = (ac - bd) + i(bc + ad): a*c per lane, then
        // fma of the swapped (b, a) with (-d, d).
        // SAFETY: NEON is enabled for this target (module cfg).
        let swapped = unsafe { vrev64q_f32(self.0) };
        let wi_signed = flip_f32(wi.0, sign_re_f32());
        // SAFETY: NEON is enabled for this target (module cfg).
        F32x2(unsafe { vfmaq_f32(vmulq_f32(self.0, wr.0), swapped, wi_signed) })
    }
    #[inline(always)]
    fn transpose2(v: &mut [Self; 2]) {
        // One complex f32 is one 64-bit lane: zip the 64-bit halves.
        // SAFETY: NEON is enabled for this target (module cfg).
        unsafe {
            let a = vreinterpretq_f64_f32(v[0].0);
            let b = vreinterpretq_f64_f32(v[1].0);
            v[0] = F32x2(vreinterpretq_f32_f64(vzip1q_f64(a, b)));
            v[1] = F32x2(vreinterpretq_f32_f64(vzip2q_f64(a, b)));
        }
    }
}

impl CVec for F64x1 {
    type T = f64;
    const LANES: usize = 1;

    #[inline(always)]
    unsafe fn load(p: *const Complex<f64>) -> Self {
        // SAFETY: caller guarantees 1 readable element (2 doubles); NEON is baseline.
        F64x1(unsafe { vld1q_f64(p.cast()) })
    }
    #[inline(always)]
    unsafe fn zero() -> Self {
        // SAFETY: NEON is enabled for this target (module cfg).
        F64x1(unsafe { vdupq_n_f64(0.0) })
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut Complex<f64>) {
        // SAFETY: caller guarantees 1 writable element (2 doubles); NEON is baseline.
        unsafe { vst1q_f64(p.cast(), self.0) }
    }
    #[inline(always)]
    unsafe fn splat_parts(w: *const Complex<f64>) -> (Self, Self) {
        let w = w.cast::<f64>();
        // SAFETY: caller guarantees `w` (re, then im) is readable; NEON is baseline.
        unsafe { (F64x1(vld1q_dup_f64(w)), F64x1(vld1q_dup_f64(w.add(1)))) }
    }
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        // SAFETY: NEON is enabled for this target (module cfg).
        F64x1(unsafe { vaddq_f64(self.0, o.0) })
    }
    #[inline(always)]
    fn sub(self, o: Self) -> Self {
        // SAFETY: NEON is enabled for this target (module cfg).
        F64x1(unsafe { vsubq_f64(self.0, o.0) })
    }
    #[inline(always)]
    fn rot<const INV: bool>(self) -> Self {
        // SAFETY: NEON is enabled for this target (module cfg).
        let swapped = unsafe { vextq_f64::<1>(self.0, self.0) };
        let sign = if INV { sign_re_f64() } else { sign_im_f64() };
        F64x1(flip_f64(swapped, sign))
    }
    #[inline(always)]
    fn conj(self) -> Self {
        F64x1(flip_f64(self.0, sign_im_f64()))
    }
    #[inline(always)]
    fn reverse(self) -> Self {
        self
    }
    #[inline(always)]
    fn scale(self, k: f64) -> Self {
        // SAFETY: NEON is enabled for this target (module cfg).
        F64x1(unsafe { vmulq_n_f64(self.0, k) })
    }
    #[inline(always)]
    fn cmul_parts(self, wr: Self, wi: Self) -> Self {
        // SAFETY: NEON is enabled for this target (module cfg).
        let swapped = unsafe { vextq_f64::<1>(self.0, self.0) };
        let wi_signed = flip_f64(wi.0, sign_re_f64());
        // SAFETY: NEON is enabled for this target (module cfg).
        F64x1(unsafe { vfmaq_f64(vmulq_f64(self.0, wr.0), swapped, wi_signed) })
    }
}

/// Runs an `f32` job; FFT kernels were planned for 2 lanes.
///
/// # Safety
/// As [`kernel::execute`].
#[target_feature(enable = "neon")]
pub(crate) unsafe fn execute_f32<const SMALL: bool, const ROWS: usize>(job: Job<'_, f32>) {
    // SAFETY: forwarded contract; NEON is enabled for this target.
    unsafe { kernel::execute::<F32x2, SMALL, ROWS>(job) }
}

/// Runs an `f64` job; FFT kernels were planned for 1 lane.
///
/// # Safety
/// As [`kernel::execute`].
#[target_feature(enable = "neon")]
pub(crate) unsafe fn execute_f64<const SMALL: bool, const ROWS: usize>(job: Job<'_, f64>) {
    // SAFETY: forwarded contract; NEON is enabled for this target.
    unsafe { kernel::execute::<F64x1, SMALL, ROWS>(job) }
}
