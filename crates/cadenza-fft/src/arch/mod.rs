//! Per-instruction-set kernel entry points and the level-to-kernel dispatch.
//!
//! Each `arch` submodule implements [`crate::vector::CVec`] for its registers
//! and exposes `#[target_feature]` entry points that instantiate the generic
//! kernel. Levels without their own module run the portable scalar kernel.

use cadenza_simd::Level;

use crate::kernel::{self, Job};
use crate::vector::Scalar;

#[cfg(target_arch = "x86_64")]
pub(crate) mod x86_64;

#[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
pub(crate) mod aarch64;

/// Complex `f32` numbers per register at `level`.
pub(crate) fn lanes_f32(level: Level) -> usize {
    match level {
        #[cfg(target_arch = "x86_64")]
        Level::Sse2 | Level::Avx2 | Level::Avx512 => x86_64::lanes_f32(level),
        #[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
        Level::Neon => aarch64::lanes_f32(level),
        _ => 1,
    }
}

/// Complex `f64` numbers per register at `level`.
pub(crate) fn lanes_f64(level: Level) -> usize {
    match level {
        #[cfg(target_arch = "x86_64")]
        Level::Sse2 | Level::Avx2 | Level::Avx512 => x86_64::lanes_f64(level),
        #[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
        Level::Neon => aarch64::lanes_f64(level),
        _ => 1,
    }
}

/// Runs an `f32` kernel at `level`.
///
/// # Safety
/// As [`kernel::execute`]; the CPU supports `level`; `kernel` was planned for
/// `lanes_f32(level)`.
#[inline]
pub(crate) unsafe fn execute_f32<const SMALL: bool, const ROWS: usize>(
    job: Job<'_, f32>,
    level: Level,
) {
    match level {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: forwarded contract.
        Level::Sse2 | Level::Avx2 | Level::Avx512 => unsafe {
            x86_64::execute_f32::<SMALL, ROWS>(job, level)
        },
        #[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
        // SAFETY: forwarded contract.
        Level::Neon => unsafe { aarch64::execute_f32::<SMALL, ROWS>(job, level) },
        // SAFETY: the scalar vector needs no CPU feature; rest forwarded.
        _ => unsafe { kernel::execute::<Scalar<f32>, SMALL, ROWS>(job) },
    }
}

/// Runs an `f64` kernel at `level`.
///
/// # Safety
/// As [`execute_f32`].
#[inline]
pub(crate) unsafe fn execute_f64<const SMALL: bool, const ROWS: usize>(
    job: Job<'_, f64>,
    level: Level,
) {
    match level {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: forwarded contract.
        Level::Sse2 | Level::Avx2 | Level::Avx512 => unsafe {
            x86_64::execute_f64::<SMALL, ROWS>(job, level)
        },
        #[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
        // SAFETY: forwarded contract.
        Level::Neon => unsafe { aarch64::execute_f64::<SMALL, ROWS>(job, level) },
        // SAFETY: the scalar vector needs no CPU feature; rest forwarded.
        _ => unsafe { kernel::execute::<Scalar<f64>, SMALL, ROWS>(job) },
    }
}
