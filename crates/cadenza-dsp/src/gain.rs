//! Gain ramps: multiply a buffer by a gain that moves linearly, sample by
//! sample, from `start` towards `end` (used for click-free volume changes).
//!
//! Sample `i` of an `n`-sample buffer is multiplied by
//! `start + (end - start) / n * i`, so the gain reaches `end` on the sample
//! after the buffer, and consecutive buffers join without a step. The gain
//! is computed from the index (not accumulated), so long ramps do not drift.

use crate::arch::{self, Supported};
use cadenza_simd::Level;

/// Samples per segment: the index is converted to `f32` exactly below 2^24,
/// so ramps are evaluated in segments with a re-based start.
const SEGMENT: usize = 1 << 20;

/// Multiplies `buf` in place by a linear ramp from `start` to `end`.
#[inline]
pub fn gain_ramp(buf: &mut [f32], start: f32, end: f32) {
    ramp(Supported::current(), buf, start, end)
}

/// [`gain_ramp`] at a chosen SIMD level.
pub fn gain_ramp_at(level: Level, buf: &mut [f32], start: f32, end: f32) {
    ramp(Supported::clamp(level), buf, start, end)
}

/// Multiplies `buf` in place by a constant gain.
#[inline]
pub fn apply_gain(buf: &mut [f32], gain: f32) {
    ramp(Supported::current(), buf, gain, gain)
}

fn ramp(level: Supported, buf: &mut [f32], start: f32, end: f32) {
    if buf.is_empty() {
        return;
    }
    let step64 = (f64::from(end) - f64::from(start)) / buf.len() as f64;
    let step = step64 as f32;
    for (k, seg) in buf.chunks_mut(SEGMENT).enumerate() {
        let seg_start = (f64::from(start) + step64 * (k * SEGMENT) as f64) as f32;
        arch::gain_ramp(level, seg, seg_start, step);
    }
}
