//! Sample-format conversion between `f32` and `u8`, `i16`, packed 24-bit,
//! `i32` and `f64`, in both directions.
//!
//! Integer to float divides by 2^(bits-1) (`u8` is first offset by 128), so
//! full scale maps to `[-1, 1)`. Float to integer multiplies by the same
//! power of two, rounds to nearest with ties to even, and clamps to the
//! integer range; **`NaN` converts to 0** (silence, i.e. 128 for `u8`) and
//! `±inf` clamps to full scale. `f32 <-> f64` is a plain cast (round to
//! nearest; NaN stays NaN, out-of-range `f64` becomes `±inf`).
//!
//! Packed 24-bit is 3 bytes per sample, little-endian, two's complement
//! (as in WAV files): `src.len() == 3 * dst.len()` or the reverse.
//!
//! Each conversion has an `*_at(level, ..)` twin that runs a specific SIMD
//! level (lowered to what the CPU supports); the plain form uses
//! [`cadenza_simd::level`]. None of them allocates.

use crate::arch::{self, Supported};
use cadenza_simd::Level;

macro_rules! conversion {
    ($(#[$doc:meta])* $name:ident, $name_at:ident, $src:ty, $dst:ty, $src_per:expr, $dst_per:expr) => {
        $(#[$doc])*
        ///
        /// # Panics
        /// If the slice lengths do not match.
        #[inline]
        pub fn $name(src: &[$src], dst: &mut [$dst]) {
            check(src.len() * $dst_per, dst.len() * $src_per, stringify!($name));
            arch::$name(Supported::current(), src, dst)
        }

        #[doc = concat!("[`", stringify!($name), "`] at a chosen SIMD level (lowered to what the CPU runs).")]
        ///
        /// # Panics
        /// If the slice lengths do not match.
        pub fn $name_at(level: Level, src: &[$src], dst: &mut [$dst]) {
            check(src.len() * $dst_per, dst.len() * $src_per, stringify!($name));
            arch::$name(Supported::clamp(level), src, dst)
        }
    };
}

#[inline]
#[track_caller]
fn check(a: usize, b: usize, what: &str) {
    assert!(a == b, "{what}: slice lengths do not match");
}

conversion! {
    /// `u8` (offset binary, 128 = silence) to `f32`.
    u8_to_f32, u8_to_f32_at, u8, f32, 1, 1
}
conversion! {
    /// `f32` to `u8` (offset binary), rounded and clamped; NaN gives 128.
    f32_to_u8, f32_to_u8_at, f32, u8, 1, 1
}
conversion! {
    /// `i16` to `f32` (divide by 32768).
    i16_to_f32, i16_to_f32_at, i16, f32, 1, 1
}
conversion! {
    /// `f32` to `i16` (times 32768, rounded, clamped; NaN gives 0).
    f32_to_i16, f32_to_i16_at, f32, i16, 1, 1
}
conversion! {
    /// Packed little-endian 24-bit (3 bytes per sample) to `f32`;
    /// `src.len() == 3 * dst.len()`.
    i24_to_f32, i24_to_f32_at, u8, f32, 3, 1
}
conversion! {
    /// `f32` to packed little-endian 24-bit (times 2^23, rounded, clamped;
    /// NaN gives 0); `dst.len() == 3 * src.len()`.
    f32_to_i24, f32_to_i24_at, f32, u8, 1, 3
}
conversion! {
    /// `i32` to `f32` (divide by 2^31, rounded to the nearest `f32`).
    i32_to_f32, i32_to_f32_at, i32, f32, 1, 1
}
conversion! {
    /// `f32` to `i32` (times 2^31, rounded, clamped; NaN gives 0).
    f32_to_i32, f32_to_i32_at, f32, i32, 1, 1
}
conversion! {
    /// `f64` to `f32` (nearest; overflow gives `±inf`, NaN stays NaN).
    f64_to_f32, f64_to_f32_at, f64, f32, 1, 1
}
conversion! {
    /// `f32` to `f64` (exact).
    f32_to_f64, f32_to_f64_at, f32, f64, 1, 1
}
