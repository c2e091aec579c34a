//! x86_64 kernels: SSE2, AVX2+FMA and AVX-512F.
//!
//! For now every x86_64 level runs the portable kernel; the per-level register
//! types land in `sse2.rs`, `avx2.rs` and `avx512.rs`.

use cadenza_simd::Level;

use crate::kernel::{self, Io, Kernel};
use crate::vector::Scalar;

/// Complex `f32` numbers per register at `level`.
pub(crate) fn lanes_f32(_level: Level) -> usize {
    1
}

/// Complex `f64` numbers per register at `level`.
pub(crate) fn lanes_f64(_level: Level) -> usize {
    1
}

/// Runs an `f32` kernel at `level`.
///
/// # Safety
/// As [`kernel::execute`]; the CPU supports `level`.
pub(crate) unsafe fn execute_f32(k: &Kernel<f32>, _level: Level, io: Io<f32>) {
    // SAFETY: forwarded contract; the scalar vector needs no CPU feature.
    unsafe { kernel::execute::<Scalar<f32>>(k, io) }
}

/// Runs an `f64` kernel at `level`.
///
/// # Safety
/// As [`kernel::execute`]; the CPU supports `level`.
pub(crate) unsafe fn execute_f64(k: &Kernel<f64>, _level: Level, io: Io<f64>) {
    // SAFETY: forwarded contract; the scalar vector needs no CPU feature.
    unsafe { kernel::execute::<Scalar<f64>>(k, io) }
}
