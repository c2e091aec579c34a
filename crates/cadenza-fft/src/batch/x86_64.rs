//! x86_64 registers for the batched kernels (one module per instruction set)
//! and the level-to-entry-point dispatch.

use cadenza_simd::Level;

use super::jobs::Job;

mod avx2;
mod avx512;
mod sse2;

/// Frames per `f32` register at `level`.
pub(crate) fn lanes_f32(level: Level) -> Option<usize> {
    match level {
        Level::Avx512 => Some(16),
        Level::Avx2 => Some(8),
        Level::Sse2 => Some(4),
        _ => None,
    }
}

/// Frames per `f64` register at `level`.
pub(crate) fn lanes_f64(level: Level) -> Option<usize> {
    match level {
        Level::Avx512 => Some(8),
        Level::Avx2 => Some(4),
        Level::Sse2 => Some(2),
        _ => None,
    }
}

/// Runs an `f32` job at an x86_64 level.
///
/// # Safety
/// As [`super::jobs::execute`] with `W = lanes_f32(level)`; the CPU supports `level`.
pub(crate) unsafe fn execute_f32(job: Job<'_, f32>, level: Level) {
    // SAFETY: (all arms) forwarded contract.
    unsafe {
        match level {
            Level::Avx512 => avx512::execute_f32(job),
            Level::Avx2 => avx2::execute_f32(job),
            _ => sse2::execute_f32(job),
        }
    }
}

/// Runs an `f64` job at an x86_64 level.
///
/// # Safety
/// As [`execute_f32`] with `lanes_f64(level)`.
pub(crate) unsafe fn execute_f64(job: Job<'_, f64>, level: Level) {
    // SAFETY: (all arms) forwarded contract.
    unsafe {
        match level {
            Level::Avx512 => avx512::execute_f64(job),
            Level::Avx2 => avx2::execute_f64(job),
            _ => sse2::execute_f64(job),
        }
    }
}

/// Implements [`super::kernel::Lane`] for a register newtype. The arithmetic
/// is safe because a value only exists once the CPU support was promised (an
/// `unsafe` constructor), see the module docs of the instruction-set modules.
macro_rules! lane_impl {
    ($name:ident, $reg:ty, $t:ty, $w:expr,
     load: $load:ident, store: $store:ident, set1: $set1:ident,
     add: $add:ident, sub: $sub:ident, mul: $mul:ident, exchange: $exchange:ident
     $(, fmadd: $fmadd:ident, fmsub: $fmsub:ident)?) => {
        #[doc = concat!("`", stringify!($w), "` lanes of `", stringify!($t), "`.")]
        #[derive(Clone, Copy, Debug)]
        pub(crate) struct $name($reg);

        impl crate::batch::kernel::Lane for $name {
            type T = $t;
            const W: usize = $w;

            #[inline(always)]
            unsafe fn load(p: *const $t) -> Self {
                // SAFETY: the caller guarantees W readable numbers and CPU support.
                $name(unsafe { $load(p) })
            }
            #[inline(always)]
            unsafe fn store(self, p: *mut $t) {
                // SAFETY: the caller guarantees W writable numbers; a value exists.
                unsafe { $store(p, self.0) }
            }
            #[inline(always)]
            unsafe fn splat(x: $t) -> Self {
                // SAFETY: the caller guarantees CPU support.
                $name(unsafe { $set1(x) })
            }
            #[inline(always)]
            fn add(self, o: Self) -> Self {
                // SAFETY: a value exists, so the CPU supports the instructions.
                $name(unsafe { $add(self.0, o.0) })
            }
            #[inline(always)]
            fn sub(self, o: Self) -> Self {
                // SAFETY: a value exists, so the CPU supports the instructions.
                $name(unsafe { $sub(self.0, o.0) })
            }
            #[inline(always)]
            fn mul(self, o: Self) -> Self {
                // SAFETY: a value exists, so the CPU supports the instructions.
                $name(unsafe { $mul(self.0, o.0) })
            }
            #[inline(always)]
            fn exchange(self, b: Self, d: usize) -> (Self, Self) {
                // SAFETY: a value exists, so the CPU supports the instructions.
                let (x, y) = unsafe { $exchange(self.0, b.0, d) };
                ($name(x), $name(y))
            }
            $(
            #[inline(always)]
            fn mul_add(self, b: Self, c: Self) -> Self {
                // SAFETY: a value exists, so the CPU supports the instructions.
                $name(unsafe { $fmadd(self.0, b.0, c.0) })
            }
            #[inline(always)]
            fn mul_sub(self, b: Self, c: Self) -> Self {
                // SAFETY: a value exists, so the CPU supports the instructions.
                $name(unsafe { $fmsub(self.0, b.0, c.0) })
            }
            )?
        }
    };
}
use lane_impl;
