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
    // A constant gain (even an infinite one) has step 0, not inf - inf.
    let step64 = if start == end {
        0.0
    } else {
        (f64::from(end) - f64::from(start)) / buf.len() as f64
    };
    let step = step64 as f32;
    for (k, seg) in buf.chunks_mut(SEGMENT).enumerate() {
        let seg_start = (f64::from(start) + step64 * (k * SEGMENT) as f64) as f32;
        arch::gain_ramp(level, seg, seg_start, step);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_gain_scales_exactly_even_when_infinite() {
        let mut x = vec![0.5f32; 37];
        apply_gain(&mut x, 2.0);
        assert!(x.iter().all(|&v| v == 1.0));
        apply_gain(&mut x, f32::INFINITY);
        assert!(x.iter().all(|&v| v == f32::INFINITY));
    }

    #[test]
    fn ramp_starts_at_start_and_approaches_end() {
        let mut x = vec![1.0f32; 100];
        gain_ramp(&mut x, 0.0, 1.0);
        assert_eq!(x[0], 0.0);
        assert!((x[99] - 0.99).abs() < 1e-6);
        assert!(x.windows(2).all(|w| w[1] > w[0]));
    }

    #[test]
    fn long_ramps_are_evaluated_per_segment_without_drift() {
        let n = 3 * SEGMENT + 5;
        let mut x = vec![1.0f32; n];
        gain_ramp(&mut x, 1.0, 0.0);
        for (i, &g) in x.iter().enumerate().step_by(9973) {
            let want = 1.0 - i as f64 / n as f64;
            assert!((f64::from(g) - want).abs() < 1e-6, "{i}: {g} vs {want}");
        }
    }
}
