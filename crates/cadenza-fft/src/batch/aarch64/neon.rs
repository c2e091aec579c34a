//! NEON registers for the batched kernels: 4 `f32` or 2 `f64` frames per
//! 128-bit `q` register, with fused multiply-add.
//!
//! NEON is part of the baseline of every target this module is compiled for
//! (`target_feature = "neon"`); the entry points still carry
//! `#[target_feature(enable = "neon")]` so each kernel is compiled as one
//! NEON unit, and every `SAFETY` comment of the register arithmetic relies on
//! that baseline.

use std::arch::aarch64::*;

use crate::batch::jobs::{self, Job};
use crate::batch::kernel::Lane;

/// 4 lanes of `f32`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct F32x4(float32x4_t);

/// 2 lanes of `f64`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct F64x2(float64x2_t);

impl Lane for F32x4 {
    type T = f32;
    const W: usize = 4;

    #[inline(always)]
    unsafe fn load(p: *const f32) -> Self {
        // SAFETY: the caller guarantees 4 readable numbers; NEON is baseline.
        F32x4(unsafe { vld1q_f32(p) })
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut f32) {
        // SAFETY: the caller guarantees 4 writable numbers; NEON is baseline.
        unsafe { vst1q_f32(p, self.0) }
    }
    #[inline(always)]
    unsafe fn splat(x: f32) -> Self {
        // SAFETY: NEON is baseline on this target (module cfg).
        F32x4(unsafe { vdupq_n_f32(x) })
    }
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        // SAFETY: NEON is baseline on this target (module cfg).
        F32x4(unsafe { vaddq_f32(self.0, o.0) })
    }
    #[inline(always)]
    fn sub(self, o: Self) -> Self {
        // SAFETY: NEON is baseline on this target (module cfg).
        F32x4(unsafe { vsubq_f32(self.0, o.0) })
    }
    #[inline(always)]
    fn mul(self, o: Self) -> Self {
        // SAFETY: NEON is baseline on this target (module cfg).
        F32x4(unsafe { vmulq_f32(self.0, o.0) })
    }
    #[inline(always)]
    fn mul_add(self, b: Self, c: Self) -> Self {
        // SAFETY: NEON is baseline on this target (module cfg).
        F32x4(unsafe { vfmaq_f32(c.0, self.0, b.0) })
    }
    #[inline(always)]
    fn mul_sub(self, b: Self, c: Self) -> Self {
        // self*b - c = -(c - self*b), one fused step and an exact negation.
        // SAFETY: NEON is baseline on this target (module cfg).
        F32x4(unsafe { vnegq_f32(vfmsq_f32(c.0, self.0, b.0)) })
    }
    #[inline(always)]
    fn exchange(self, b: Self, d: usize) -> (Self, Self) {
        // SAFETY: NEON is baseline on this target (module cfg).
        unsafe {
            if d == 2 {
                // Columns 2, 3 of `self` swap with columns 0, 1 of `b`:
                // 64-bit halves.
                let (x, y) = (vreinterpretq_f64_f32(self.0), vreinterpretq_f64_f32(b.0));
                (
                    F32x4(vreinterpretq_f32_f64(vzip1q_f64(x, y))),
                    F32x4(vreinterpretq_f32_f64(vzip2q_f64(x, y))),
                )
            } else {
                (
                    F32x4(vtrn1q_f32(self.0, b.0)),
                    F32x4(vtrn2q_f32(self.0, b.0)),
                )
            }
        }
    }
}

impl Lane for F64x2 {
    type T = f64;
    const W: usize = 2;

    #[inline(always)]
    unsafe fn load(p: *const f64) -> Self {
        // SAFETY: the caller guarantees 2 readable numbers; NEON is baseline.
        F64x2(unsafe { vld1q_f64(p) })
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut f64) {
        // SAFETY: the caller guarantees 2 writable numbers; NEON is baseline.
        unsafe { vst1q_f64(p, self.0) }
    }
    #[inline(always)]
    unsafe fn splat(x: f64) -> Self {
        // SAFETY: NEON is baseline on this target (module cfg).
        F64x2(unsafe { vdupq_n_f64(x) })
    }
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        // SAFETY: NEON is baseline on this target (module cfg).
        F64x2(unsafe { vaddq_f64(self.0, o.0) })
    }
    #[inline(always)]
    fn sub(self, o: Self) -> Self {
        // SAFETY: NEON is baseline on this target (module cfg).
        F64x2(unsafe { vsubq_f64(self.0, o.0) })
    }
    #[inline(always)]
    fn mul(self, o: Self) -> Self {
        // SAFETY: NEON is baseline on this target (module cfg).
        F64x2(unsafe { vmulq_f64(self.0, o.0) })
    }
    #[inline(always)]
    fn mul_add(self, b: Self, c: Self) -> Self {
        // SAFETY: NEON is baseline on this target (module cfg).
        F64x2(unsafe { vfmaq_f64(c.0, self.0, b.0) })
    }
    #[inline(always)]
    fn mul_sub(self, b: Self, c: Self) -> Self {
        // SAFETY: NEON is baseline on this target (module cfg).
        F64x2(unsafe { vnegq_f64(vfmsq_f64(c.0, self.0, b.0)) })
    }
    #[inline(always)]
    fn exchange(self, b: Self, _d: usize) -> (Self, Self) {
        // SAFETY: NEON is baseline on this target (module cfg).
        unsafe {
            (
                F64x2(vzip1q_f64(self.0, b.0)),
                F64x2(vzip2q_f64(self.0, b.0)),
            )
        }
    }
}

/// Runs an `f32` batch job with 4 frames per register.
///
/// # Safety
/// As [`jobs::execute`].
#[target_feature(enable = "neon")]
pub(crate) unsafe fn execute_f32(job: Job<'_, f32>) {
    // SAFETY: forwarded contract; NEON is baseline on this target.
    unsafe { jobs::execute::<F32x4>(job) }
}

/// Runs an `f64` batch job with 2 frames per register.
///
/// # Safety
/// As [`jobs::execute`].
#[target_feature(enable = "neon")]
pub(crate) unsafe fn execute_f64(job: Job<'_, f64>) {
    // SAFETY: forwarded contract; NEON is baseline on this target.
    unsafe { jobs::execute::<F64x2>(job) }
}
