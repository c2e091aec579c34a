//! Mel scales and the triangular mel filterbank that turns a power spectrum into
//! mel bands, the usual front end for speech and music features.
//!
//! Two scale conventions exist and both are in common use: HTK's
//! `2595·log10(1 + f/700)` and Slaney's (Auditory Toolbox, librosa's default)
//! which is linear below 1 kHz and logarithmic above. Filters are triangles whose
//! corners sit at `n_mels + 2` points equally spaced in mel; optional Slaney area
//! normalisation scales each triangle to unit area in Hz.
//!
//! A filter touches only the FFT bins under its triangle, so the bank is stored
//! sparsely (one contiguous run of weights per filter): applying it costs
//! `O(total weights)`, about `2·n_bins`, instead of `n_mels·n_bins`.

use std::fmt;

use rustfft::num_traits::Float;

/// A stored f32 weight in the caller's float type (exact for f32 and f64).
#[inline]
fn weight<T: Float>(w: f32) -> T {
    T::from(w).unwrap_or_else(T::zero)
}

/// Which mel scale formula to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum MelScale {
    /// HTK: `mel = 2595·log10(1 + f/700)`.
    Htk,
    /// Slaney (Auditory Toolbox): linear `f / (200/3)` below 1 kHz, logarithmic
    /// with 27 mel per factor 6.4 above. librosa's default.
    #[default]
    Slaney,
}

const SLANEY_F_SP: f64 = 200.0 / 3.0;
const SLANEY_MIN_LOG_HZ: f64 = 1000.0;
const SLANEY_MIN_LOG_MEL: f64 = SLANEY_MIN_LOG_HZ / SLANEY_F_SP; // 15
// ln(6.4) / 27: the log step per mel above 1 kHz.
fn slaney_log_step() -> f64 {
    6.4f64.ln() / 27.0
}

impl MelScale {
    /// Converts a frequency in Hz to mel.
    pub fn hz_to_mel(self, hz: f64) -> f64 {
        match self {
            MelScale::Htk => 2595.0 * (1.0 + hz / 700.0).log10(),
            MelScale::Slaney => {
                if hz < SLANEY_MIN_LOG_HZ {
                    hz / SLANEY_F_SP
                } else {
                    SLANEY_MIN_LOG_MEL + (hz / SLANEY_MIN_LOG_HZ).ln() / slaney_log_step()
                }
            }
        }
    }

    /// Converts mel back to Hz (inverse of [`MelScale::hz_to_mel`]).
    pub fn mel_to_hz(self, mel: f64) -> f64 {
        match self {
            MelScale::Htk => 700.0 * (10f64.powf(mel / 2595.0) - 1.0),
            MelScale::Slaney => {
                if mel < SLANEY_MIN_LOG_MEL {
                    mel * SLANEY_F_SP
                } else {
                    SLANEY_MIN_LOG_HZ * (slaney_log_step() * (mel - SLANEY_MIN_LOG_MEL)).exp()
                }
            }
        }
    }
}

/// How each triangle is scaled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum MelNorm {
    /// Peak weight 1; the triangles form a partition of unity between the first
    /// and last centre frequencies.
    None,
    /// Unit area in Hz: each triangle is scaled by `2 / (f_upper - f_lower)`, so
    /// bands keep comparable energy as they widen (librosa's `norm="slaney"`).
    #[default]
    Slaney,
}

/// Parameters of a [`MelFilterbank`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MelConfig {
    /// Sample rate of the analysed signal in Hz.
    pub sample_rate: f64,
    /// FFT length; the filterbank takes `n_fft/2 + 1` power bins.
    pub n_fft: usize,
    /// Number of mel bands.
    pub n_mels: usize,
    /// Lower edge of the first triangle in Hz.
    pub f_min: f64,
    /// Upper edge of the last triangle in Hz (at most `sample_rate / 2`).
    pub f_max: f64,
    /// Mel formula.
    pub scale: MelScale,
    /// Triangle scaling.
    pub norm: MelNorm,
}

impl MelConfig {
    /// `n_mels` bands over `0 .. sample_rate/2`, Slaney scale and normalisation.
    pub fn new(sample_rate: f64, n_fft: usize, n_mels: usize) -> Self {
        MelConfig {
            sample_rate,
            n_fft,
            n_mels,
            f_min: 0.0,
            f_max: sample_rate / 2.0,
            scale: MelScale::Slaney,
            norm: MelNorm::Slaney,
        }
    }
}

/// Why a [`MelConfig`] was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MelError {
    /// `n_mels` or `n_fft` was zero.
    EmptyShape,
    /// The sample rate was not a positive finite number.
    BadSampleRate,
    /// `f_min`/`f_max` were not `0 <= f_min < f_max <= sample_rate/2`.
    BadFrequencyRange,
}

impl fmt::Display for MelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MelError::EmptyShape => "n_mels and n_fft must be non-zero",
            MelError::BadSampleRate => "sample rate must be positive and finite",
            MelError::BadFrequencyRange => "need 0 <= f_min < f_max <= sample_rate/2",
        })
    }
}

impl std::error::Error for MelError {}

/// A triangular mel filterbank in sparse form: filter `i` covers the bins
/// `starts[i] .. starts[i] + len_i` with weights `weights[offsets[i]..offsets[i+1]]`.
#[derive(Clone, Debug)]
pub struct MelFilterbank {
    n_bins: usize,
    starts: Vec<usize>,
    offsets: Vec<usize>,
    weights: Vec<f32>,
    centres_hz: Vec<f64>,
}

impl MelFilterbank {
    /// Builds the filterbank for `config`.
    pub fn new(config: &MelConfig) -> Result<Self, MelError> {
        let MelConfig {
            sample_rate,
            n_fft,
            n_mels,
            f_min,
            f_max,
            scale,
            norm,
        } = *config;
        if n_mels == 0 || n_fft == 0 {
            return Err(MelError::EmptyShape);
        }
        if !(sample_rate.is_finite() && sample_rate > 0.0) {
            return Err(MelError::BadSampleRate);
        }
        // Written so NaN fails every comparison.
        if !(f_min >= 0.0 && f_min < f_max && f_max <= sample_rate / 2.0 * (1.0 + 1e-12)) {
            return Err(MelError::BadFrequencyRange);
        }
        let n_bins = n_fft / 2 + 1;
        let (mel_lo, mel_hi) = (scale.hz_to_mel(f_min), scale.hz_to_mel(f_max));
        let corners: Vec<f64> = (0..n_mels + 2)
            .map(|i| scale.mel_to_hz(mel_lo + (mel_hi - mel_lo) * i as f64 / (n_mels + 1) as f64))
            .collect();
        let bin_hz = sample_rate / n_fft as f64;
        let mut starts = Vec::with_capacity(n_mels);
        let mut offsets = Vec::with_capacity(n_mels + 1);
        let mut weights = Vec::new();
        offsets.push(0);
        for i in 0..n_mels {
            let (lo, mid, hi) = (corners[i], corners[i + 1], corners[i + 2]);
            let scale_factor = match norm {
                MelNorm::None => 1.0,
                MelNorm::Slaney => 2.0 / (hi - lo),
            };
            // Bins strictly inside (lo, hi) can have a positive weight.
            let first = ((lo / bin_hz).floor() as usize).min(n_bins);
            let last = ((hi / bin_hz).ceil() as usize).min(n_bins - 1);
            let mut start = None;
            for k in first..=last {
                let f = k as f64 * bin_hz;
                let up = (f - lo) / (mid - lo);
                let down = (hi - f) / (hi - mid);
                let w = up.min(down).max(0.0) * scale_factor;
                if w > 0.0 {
                    if start.is_none() {
                        start = Some(k);
                    }
                    weights.push(w as f32);
                } else if start.is_some() {
                    break;
                }
            }
            starts.push(start.unwrap_or(0));
            offsets.push(weights.len());
        }
        Ok(MelFilterbank {
            n_bins,
            starts,
            offsets,
            weights,
            centres_hz: corners[1..=n_mels].to_vec(),
        })
    }

    /// Number of mel bands (output length of [`MelFilterbank::apply`]).
    pub fn n_mels(&self) -> usize {
        self.starts.len()
    }

    /// Number of power bins expected on input (`n_fft/2 + 1`).
    pub fn n_bins(&self) -> usize {
        self.n_bins
    }

    /// Centre frequency of band `i` in Hz.
    pub fn centre_hz(&self, i: usize) -> f64 {
        self.centres_hz[i]
    }

    /// Filter `i` as `(first bin, weights)`; empty when the band falls between
    /// two bins (too many mel bands for the FFT resolution).
    pub fn filter(&self, i: usize) -> (usize, &[f32]) {
        (
            self.starts[i],
            &self.weights[self.offsets[i]..self.offsets[i + 1]],
        )
    }

    /// Applies the bank: `out[i] = Σ_k w_i[k] · power[k]`.
    ///
    /// # Panics
    /// If `power.len() != n_bins()` or `out.len() != n_mels()`.
    pub fn apply<T: Float>(&self, power: &[T], out: &mut [T]) {
        assert_eq!(power.len(), self.n_bins, "power spectrum length");
        assert_eq!(out.len(), self.n_mels(), "mel output length");
        for (i, o) in out.iter_mut().enumerate() {
            let (start, w) = self.filter(i);
            let p = &power[start..start + w.len()];
            // Four partial sums let the compiler vectorise the dot product.
            let mut acc = [T::zero(); 4];
            let mut wc = w.chunks_exact(4);
            let mut pc = p.chunks_exact(4);
            for (w4, p4) in (&mut wc).zip(&mut pc) {
                for j in 0..4 {
                    acc[j] = acc[j] + weight::<T>(w4[j]) * p4[j];
                }
            }
            let mut s = (acc[0] + acc[1]) + (acc[2] + acc[3]);
            for (&a, &b) in wc.remainder().iter().zip(pc.remainder()) {
                s = s + weight::<T>(a) * b;
            }
            *o = s;
        }
    }

    /// The bank as a dense row-major `n_mels × n_bins` matrix (for inspection).
    pub fn to_dense(&self) -> Vec<f32> {
        let mut m = vec![0.0; self.n_mels() * self.n_bins];
        for i in 0..self.n_mels() {
            let (start, w) = self.filter(i);
            m[i * self.n_bins + start..][..w.len()].copy_from_slice(w);
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_reference_points_and_round_trip() {
        assert!((MelScale::Htk.hz_to_mel(700.0) - 2595.0 * 2f64.log10()).abs() < 1e-9);
        assert!((MelScale::Htk.hz_to_mel(1000.0) - 1000.0).abs() < 0.1);
        assert!((MelScale::Slaney.hz_to_mel(1000.0) - 15.0).abs() < 1e-12);
        assert!((MelScale::Slaney.hz_to_mel(500.0) - 7.5).abs() < 1e-12);
        assert!((MelScale::Slaney.hz_to_mel(6400.0) - 42.0).abs() < 1e-9);
        for scale in [MelScale::Htk, MelScale::Slaney] {
            for hz in [0.0, 20.0, 440.0, 999.0, 1000.0, 1001.0, 8000.0, 22050.0] {
                let back = scale.mel_to_hz(scale.hz_to_mel(hz));
                assert!(
                    (back - hz).abs() < 1e-9 * hz.max(1.0),
                    "{scale:?} {hz} -> {back}"
                );
            }
        }
    }

    #[test]
    fn unnormalised_columns_sum_to_one_between_first_and_last_centre() {
        for scale in [MelScale::Htk, MelScale::Slaney] {
            let cfg = MelConfig {
                norm: MelNorm::None,
                scale,
                ..MelConfig::new(16_000.0, 1024, 40)
            };
            let fb = MelFilterbank::new(&cfg).unwrap();
            let dense = fb.to_dense();
            let bin_hz = 16_000.0 / 1024.0;
            let (c0, c_last) = (fb.centre_hz(0), fb.centre_hz(39));
            let mut checked = 0;
            for k in 0..fb.n_bins() {
                let f = k as f64 * bin_hz;
                let col: f32 = (0..40).map(|i| dense[i * fb.n_bins() + k]).sum();
                if f >= c0 && f <= c_last {
                    assert!(
                        (col - 1.0).abs() < 1e-5,
                        "{scale:?} bin {k} ({f} Hz) sums to {col}"
                    );
                    checked += 1;
                } else {
                    assert!(col <= 1.0 + 1e-5);
                }
            }
            assert!(checked > 400, "covered most bins: {checked}");
        }
    }

    #[test]
    fn slaney_normalised_rows_have_unit_area() {
        let cfg = MelConfig::new(22_050.0, 4096, 64);
        let fb = MelFilterbank::new(&cfg).unwrap();
        let bin_hz = 22_050.0 / 4096.0;
        for i in 0..fb.n_mels() {
            let (_, w) = fb.filter(i);
            let area: f64 = w.iter().map(|&v| f64::from(v)).sum::<f64>() * bin_hz;
            // A triangle sampled at >= 8 points integrates to 1 within 1/8² or so.
            if w.len() >= 8 {
                assert!(
                    (area - 1.0).abs() < 0.02,
                    "band {i}: area {area} over {} bins",
                    w.len()
                );
            }
        }
    }

    #[test]
    fn sparse_apply_equals_dense_product() {
        let cfg = MelConfig::new(48_000.0, 2048, 80);
        let fb = MelFilterbank::new(&cfg).unwrap();
        let power: Vec<f32> = (0..fb.n_bins())
            .map(|k| ((k * 7919) % 101) as f32 / 17.0)
            .collect();
        let mut out = vec![0.0; 80];
        fb.apply(&power, &mut out);
        let dense = fb.to_dense();
        for i in 0..80 {
            let want: f64 = (0..fb.n_bins())
                .map(|k| f64::from(dense[i * fb.n_bins() + k]) * f64::from(power[k]))
                .sum();
            assert!(
                (f64::from(out[i]) - want).abs() <= 1e-5 * want.abs().max(1e-3),
                "band {i}"
            );
        }
    }

    #[test]
    fn centre_frequencies_increase_and_respect_range() {
        let cfg = MelConfig {
            f_min: 50.0,
            f_max: 8000.0,
            ..MelConfig::new(16_000.0, 512, 32)
        };
        let fb = MelFilterbank::new(&cfg).unwrap();
        for i in 1..32 {
            assert!(fb.centre_hz(i) > fb.centre_hz(i - 1));
        }
        assert!(fb.centre_hz(0) > 50.0 && fb.centre_hz(31) < 8000.0);
    }

    #[test]
    fn rejects_bad_configs() {
        let ok = MelConfig::new(16_000.0, 512, 32);
        assert_eq!(
            MelFilterbank::new(&MelConfig { n_mels: 0, ..ok }).unwrap_err(),
            MelError::EmptyShape
        );
        assert_eq!(
            MelFilterbank::new(&MelConfig {
                sample_rate: f64::NAN,
                ..ok
            })
            .unwrap_err(),
            MelError::BadSampleRate
        );
        assert_eq!(
            MelFilterbank::new(&MelConfig {
                f_max: 9000.0,
                ..ok
            })
            .unwrap_err(),
            MelError::BadFrequencyRange
        );
        assert_eq!(
            MelFilterbank::new(&MelConfig {
                f_min: f64::NAN,
                ..ok
            })
            .unwrap_err(),
            MelError::BadFrequencyRange
        );
    }
}
