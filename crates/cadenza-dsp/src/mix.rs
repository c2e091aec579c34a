//! Mixing N sources into one buffer with a gain per source:
//! `dst[i] = sum_k sources[k][i] * gains[k]`, summed in source order.
//! The `f32` mixer clamps to `[-1, 1]` (NaN gives 0); the `i16` mixer rounds
//! to nearest and saturates. No allocation.

use crate::arch::{self, Supported};
use cadenza_simd::Level;

fn check<T>(sources: &[&[T]], gains: &[f32], dst_len: usize, what: &str) {
    assert!(
        sources.len() == gains.len() && sources.iter().all(|s| s.len() == dst_len),
        "{what}: every source needs a gain and dst's length"
    );
}

/// Mixes `f32` sources with gains into `dst`, clamped to `[-1, 1]`.
///
/// # Panics
/// If `sources.len() != gains.len()` or a source's length differs from `dst`'s.
#[inline]
pub fn mix_f32(sources: &[&[f32]], gains: &[f32], dst: &mut [f32]) {
    check(sources, gains, dst.len(), "mix_f32");
    arch::mix_f32(Supported::current(), sources, gains, dst)
}

/// [`mix_f32`] at a chosen SIMD level.
///
/// # Panics
/// As [`mix_f32`].
pub fn mix_f32_at(level: Level, sources: &[&[f32]], gains: &[f32], dst: &mut [f32]) {
    check(sources, gains, dst.len(), "mix_f32");
    arch::mix_f32(Supported::clamp(level), sources, gains, dst)
}

/// Mixes `i16` sources with `f32` gains into `dst`, rounding to nearest and
/// saturating to the `i16` range (the sum is formed in `f32`).
///
/// # Panics
/// If `sources.len() != gains.len()` or a source's length differs from `dst`'s.
#[inline]
pub fn mix_i16(sources: &[&[i16]], gains: &[f32], dst: &mut [i16]) {
    check(sources, gains, dst.len(), "mix_i16");
    arch::mix_i16(Supported::current(), sources, gains, dst)
}

/// [`mix_i16`] at a chosen SIMD level.
///
/// # Panics
/// As [`mix_i16`].
pub fn mix_i16_at(level: Level, sources: &[&[i16]], gains: &[f32], dst: &mut [i16]) {
    check(sources, gains, dst.len(), "mix_i16");
    arch::mix_i16(Supported::clamp(level), sources, gains, dst)
}
