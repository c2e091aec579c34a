//! Level meters over `f32` sample slices: peak (largest magnitude) and RMS.
//!
//! `peak` ignores NaN samples; `rms` propagates them (a NaN sample makes the
//! RMS NaN, which a meter should show rather than hide). Sums of squares are
//! formed with several `f32` accumulators per block and added up in `f64`,
//! so long buffers keep their precision (squares are `f32`, so samples beyond
//! about ±1.8e19 give an infinite RMS). Empty input gives 0. No allocation.

use crate::arch::{self, Supported};
use cadenza_simd::Level;

/// Peak and RMS of one buffer, computed in a single pass.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct PeakRms {
    /// Largest `|x|` (NaN samples ignored).
    pub peak: f32,
    /// `sqrt(mean(x^2))`.
    pub rms: f32,
}

/// Largest magnitude in `x` (0 for empty input, NaN ignored).
#[inline]
pub fn peak(x: &[f32]) -> f32 {
    arch::peak(Supported::current(), x)
}

/// [`peak`] at a chosen SIMD level.
pub fn peak_at(level: Level, x: &[f32]) -> f32 {
    arch::peak(Supported::clamp(level), x)
}

/// Root mean square of `x` (0 for empty input).
#[inline]
pub fn rms(x: &[f32]) -> f32 {
    rms_at_impl(Supported::current(), x)
}

/// [`rms`] at a chosen SIMD level.
pub fn rms_at(level: Level, x: &[f32]) -> f32 {
    rms_at_impl(Supported::clamp(level), x)
}

fn rms_at_impl(level: Supported, x: &[f32]) -> f32 {
    if x.is_empty() {
        return 0.0;
    }
    (arch::sum_squares(level, x) / x.len() as f64).sqrt() as f32
}

/// Peak and RMS of `x` in one pass.
#[inline]
pub fn peak_rms(x: &[f32]) -> PeakRms {
    peak_rms_at_impl(Supported::current(), x)
}

/// [`peak_rms`] at a chosen SIMD level.
pub fn peak_rms_at(level: Level, x: &[f32]) -> PeakRms {
    peak_rms_at_impl(Supported::clamp(level), x)
}

fn peak_rms_at_impl(level: Supported, x: &[f32]) -> PeakRms {
    if x.is_empty() {
        return PeakRms::default();
    }
    let (peak, ss) = arch::peak_sum_squares(level, x);
    PeakRms {
        peak,
        rms: (ss / x.len() as f64).sqrt() as f32,
    }
}
