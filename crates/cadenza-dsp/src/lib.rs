//! Audio DSP building blocks for cadenza, several of them used inside the
//! real-time engine's callback and therefore allocation-free and lock-free.
//!
//! - [`AlignedBuf`]: 64-byte aligned, fixed-length sample storage.
//! - [`pool::BufferPool`]: a fixed set of buffers allocated up front with
//!   lock-free get/put and an RAII guard that returns the buffer on drop.
//! - [`frames`]: zero-copy views over interleaved buffers (chunks of frames,
//!   strided per-channel access).
//! - [`convert`], [`interleave`], [`mix`], [`gain`], [`meter`]: sample kernels
//!   with one implementation per instruction set, chosen once at run time via
//!   [`cadenza_simd::level`] (override with `CADENZA_SIMD`). Every kernel also
//!   has an `*_at(level, ..)` entry point so tests and benches can run each
//!   supported level explicitly.
//! - [`vad`]: frame-based voice-activity detection.
//!
//! Float/integer conventions shared by all kernels: integers map to `[-1, 1)`
//! by dividing by 2^(bits-1) (`u8` is offset by 128); floats map back by
//! multiplying by the same power of two, rounding to nearest (ties to even),
//! and clamping to the integer range. `NaN` converts to 0 (silence) and
//! infinities clamp to full scale.

mod aligned;
mod arch;
pub mod convert;
pub mod frames;
pub mod gain;
pub mod interleave;
pub mod meter;
pub mod mix;
pub mod pool;
pub mod vad;

pub use aligned::{ALIGN, AlignedBuf};
pub use cadenza_simd::Level;

/// The SIMD level the plain (non-`_at`) kernels of this crate run at:
/// `cadenza_simd::level()` (which honours `CADENZA_SIMD`), lowered if this
/// crate's kernels for that level need a feature the CPU lacks.
pub fn active_level() -> Level {
    arch::Supported::current().level()
}
