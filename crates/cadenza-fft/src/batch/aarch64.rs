//! aarch64 registers for the batched kernels (NEON, the one instruction set)
//! and the level-to-entry-point dispatch. Only compiled when the target
//! enables NEON.

use cadenza_simd::Level;

use super::jobs::Job;

mod neon;

/// Frames per `f32` register at `level`; `None` below NEON.
pub(crate) fn lanes_f32(level: Level) -> Option<usize> {
    (level == Level::Neon).then_some(4)
}

/// Frames per `f64` register at `level`; `None` below NEON.
pub(crate) fn lanes_f64(level: Level) -> Option<usize> {
    (level == Level::Neon).then_some(2)
}

/// Runs an `f32` job at [`Level::Neon`].
///
/// # Safety
/// As [`super::jobs::execute`] with `W = 4`.
pub(crate) unsafe fn execute_f32(job: Job<'_, f32>, _level: Level) {
    // SAFETY: forwarded contract; NEON is baseline on this target.
    unsafe { neon::execute_f32(job) }
}

/// Runs an `f64` job at [`Level::Neon`].
///
/// # Safety
/// As [`super::jobs::execute`] with `W = 2`.
pub(crate) unsafe fn execute_f64(job: Job<'_, f64>, _level: Level) {
    // SAFETY: forwarded contract; NEON is baseline on this target.
    unsafe { neon::execute_f64(job) }
}
