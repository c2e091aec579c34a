//! aarch64 kernels: NEON (Advanced SIMD) is the one instruction set, and the
//! dispatch from a [`Level`] to its entry point. Only compiled when the
//! target enables NEON (every aarch64 Linux, macOS and Windows target does).

use cadenza_simd::Level;

use crate::kernel::{self, Job};
use crate::vector::Scalar;

mod neon;

/// Complex `f32` numbers per register at `level`.
pub(crate) fn lanes_f32(level: Level) -> usize {
    match level {
        Level::Neon => 2,
        _ => 1,
    }
}

/// Complex `f64` numbers per register at `level`.
pub(crate) fn lanes_f64(_level: Level) -> usize {
    1
}

/// Runs an `f32` kernel at `level`.
///
/// # Safety
/// As [`kernel::execute`]; the CPU supports `level`; the FFT kernel was
/// planned for `lanes_f32(level)`.
pub(crate) unsafe fn execute_f32<const SMALL: bool, const ROWS: usize>(
    job: Job<'_, f32>,
    level: Level,
) {
    // SAFETY: (both arms) forwarded contract; NEON is enabled for this target.
    unsafe {
        match level {
            Level::Neon => neon::execute_f32::<SMALL, ROWS>(job),
            _ => kernel::execute::<Scalar<f32>, SMALL, ROWS>(job),
        }
    }
}

/// Runs an `f64` kernel at `level`.
///
/// # Safety
/// As [`execute_f32`], with `lanes_f64(level)`.
pub(crate) unsafe fn execute_f64<const SMALL: bool, const ROWS: usize>(
    job: Job<'_, f64>,
    level: Level,
) {
    // SAFETY: (both arms) forwarded contract; NEON is enabled for this target.
    unsafe {
        match level {
            Level::Neon => neon::execute_f64::<SMALL, ROWS>(job),
            _ => kernel::execute::<Scalar<f64>, SMALL, ROWS>(job),
        }
    }
}
