//! Interleaving (planar channels to one frame-ordered buffer) and
//! deinterleaving, for `f32` samples: a fast path for stereo, hand-written
//! lane permutes for interleaving 6 and 8 channels (AVX-512), the portable
//! loop specialised per channel count up to 8 (which the compiler
//! vectorises) for the other cases, and a general loop for more channels.
//! No allocation.

use crate::arch::{self, Supported};
use cadenza_simd::Level;

/// Interleaves `left` and `right` into `out` (`L R L R ...`).
///
/// # Panics
/// If `left.len() != right.len()` or `out.len() != 2 * left.len()`.
#[inline]
pub fn interleave2(left: &[f32], right: &[f32], out: &mut [f32]) {
    interleave2_at_impl(Supported::current(), left, right, out)
}

/// [`interleave2`] at a chosen SIMD level.
///
/// # Panics
/// As [`interleave2`].
pub fn interleave2_at(level: Level, left: &[f32], right: &[f32], out: &mut [f32]) {
    interleave2_at_impl(Supported::clamp(level), left, right, out)
}

fn interleave2_at_impl(level: Supported, left: &[f32], right: &[f32], out: &mut [f32]) {
    assert!(
        left.len() == right.len() && out.len() == 2 * left.len(),
        "interleave2: slice lengths do not match"
    );
    arch::interleave2(level, left, right, out)
}

/// Splits stereo `input` (`L R L R ...`) into `left` and `right`.
///
/// # Panics
/// If `left.len() != right.len()` or `input.len() != 2 * left.len()`.
#[inline]
pub fn deinterleave2(input: &[f32], left: &mut [f32], right: &mut [f32]) {
    deinterleave2_at_impl(Supported::current(), input, left, right)
}

/// [`deinterleave2`] at a chosen SIMD level.
///
/// # Panics
/// As [`deinterleave2`].
pub fn deinterleave2_at(level: Level, input: &[f32], left: &mut [f32], right: &mut [f32]) {
    deinterleave2_at_impl(Supported::clamp(level), input, left, right)
}

fn deinterleave2_at_impl(level: Supported, input: &[f32], left: &mut [f32], right: &mut [f32]) {
    assert!(
        left.len() == right.len() && input.len() == 2 * left.len(),
        "deinterleave2: slice lengths do not match"
    );
    arch::deinterleave2(level, input, left, right)
}

/// Interleaves `inputs.len()` planar channels into `out`.
///
/// # Panics
/// If the inputs differ in length or `out.len() != inputs.len() * frames`.
#[inline]
pub fn interleave(inputs: &[&[f32]], out: &mut [f32]) {
    interleave_at_impl(Supported::current(), inputs, out)
}

/// [`interleave`] at a chosen SIMD level.
///
/// # Panics
/// As [`interleave`].
pub fn interleave_at(level: Level, inputs: &[&[f32]], out: &mut [f32]) {
    interleave_at_impl(Supported::clamp(level), inputs, out)
}

fn interleave_at_impl(level: Supported, inputs: &[&[f32]], out: &mut [f32]) {
    let frames = inputs.first().map_or(0, |c| c.len());
    assert!(
        inputs.iter().all(|c| c.len() == frames) && out.len() == frames * inputs.len(),
        "interleave: slice lengths do not match"
    );
    match inputs {
        [l, r] => arch::interleave2(level, l, r, out),
        _ => arch::interleave_n(level, inputs, out),
    }
}

/// Splits interleaved `input` into `outputs.len()` planar channels.
///
/// # Panics
/// If the outputs differ in length or `input.len() != outputs.len() * frames`.
#[inline]
pub fn deinterleave(input: &[f32], outputs: &mut [&mut [f32]]) {
    deinterleave_at_impl(Supported::current(), input, outputs)
}

/// [`deinterleave`] at a chosen SIMD level.
///
/// # Panics
/// As [`deinterleave`].
pub fn deinterleave_at(level: Level, input: &[f32], outputs: &mut [&mut [f32]]) {
    deinterleave_at_impl(Supported::clamp(level), input, outputs)
}

fn deinterleave_at_impl(level: Supported, input: &[f32], outputs: &mut [&mut [f32]]) {
    let frames = outputs.first().map_or(0, |c| c.len());
    assert!(
        outputs.iter().all(|c| c.len() == frames) && input.len() == frames * outputs.len(),
        "deinterleave: slice lengths do not match"
    );
    match outputs {
        [l, r] => arch::deinterleave2(level, input, l, r),
        _ => arch::deinterleave_n(level, input, outputs),
    }
}
