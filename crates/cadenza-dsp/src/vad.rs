//! Frame-based voice-activity detection.
//!
//! Each frame is windowed (Hann) and a real DFT is evaluated on the bins of
//! the speech band (about 150 Hz to 4 kHz), grouped into log-spaced bands.
//! Per band, an adaptive noise floor follows the band energy quickly down
//! and slowly up (and only during non-speech, apart from a slow upward leak
//! that lets the floor recover from a rise in noise). The decision uses:
//!
//! - **band SNR**: the mean over bands of `max(0, 10 log10(E_b / N_b))`;
//! - **spectral flatness** of the noise-whitened spectrum (`P_k / N_b`):
//!   stationary noise of any colour whitens to a flat spectrum (flatness
//!   near 0.56 for a single frame), voiced speech's harmonics do not;
//! - an absolute level gate, and a **hangover** that keeps the decision on
//!   for a few frames after the last speech frame so word endings and short
//!   pauses are not cut.
//!
//! All tables are allocated in [`Vad::new`]; [`Vad::process`] does not
//! allocate.

use std::f32::consts::PI;

/// Number of bands the speech range is split into.
const BANDS: usize = 16;

/// Parameters of a [`Vad`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct VadConfig {
    /// Sample rate of the frames, in Hz.
    pub sample_rate: u32,
    /// Samples per frame passed to [`Vad::process`].
    pub frame_len: usize,
    /// Mean band SNR (dB) above which a frame is speech on its own.
    pub snr_db: f32,
    /// Lower band SNR (dB) that counts as speech when the whitened spectrum
    /// is also not flat (see [`VadConfig::max_flatness`]).
    pub snr_low_db: f32,
    /// Flatness of the whitened spectrum below which a frame looks voiced.
    pub max_flatness: f32,
    /// Frames the decision stays on after the last speech frame.
    pub hangover_frames: u32,
    /// Frames quieter than this (dBFS, RMS) are never speech.
    pub min_level_db: f32,
}

impl VadConfig {
    /// Defaults for `sample_rate`: 20 ms frames; the thresholds were chosen
    /// by a small grid search with `examples/vad_eval.rs` on the committed
    /// espeak-ng clip (the same data the evaluation reports, so its numbers
    /// are not from held-out speech).
    pub fn new(sample_rate: u32) -> Self {
        VadConfig {
            sample_rate,
            frame_len: (sample_rate as usize / 50).max(16),
            snr_db: 6.0,
            snr_low_db: 1.0,
            max_flatness: 0.4,
            hangover_frames: 8,
            min_level_db: -65.0,
        }
    }
}

impl Default for VadConfig {
    fn default() -> Self {
        Self::new(16_000)
    }
}

/// Features of the last processed frame (for inspection and tuning).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct VadFeatures {
    /// Frame RMS level in dBFS.
    pub level_db: f32,
    /// Mean positive band SNR in dB.
    pub band_snr_db: f32,
    /// Spectral flatness of the noise-whitened spectrum, in `[0, 1]`.
    pub flatness: f32,
    /// The decision before hangover.
    pub raw: bool,
}

/// Voice-activity detector; feed it consecutive frames.
#[derive(Clone, Debug)]
pub struct Vad {
    cfg: VadConfig,
    window: Box<[f32]>,
    cos: Box<[f32]>,
    sin: Box<[f32]>,
    /// First DFT bin analysed.
    bin_lo: usize,
    /// Band of each analysed bin (`bin_lo + i`).
    band_of: Box<[u8]>,
    /// Per-bin power of the current frame.
    power: Box<[f32]>,
    band_energy: [f32; BANDS],
    /// `1 / (bins in band b)`.
    inv_bins: [f32; BANDS],
    noise: [f32; BANDS],
    bands_used: usize,
    initialised: bool,
    frames_seen: u32,
    hang: u32,
    last: VadFeatures,
}

impl Vad {
    /// Builds a detector (allocates its tables; `process` never does).
    ///
    /// # Panics
    /// If `cfg.frame_len < 16` or `cfg.sample_rate < 2000`.
    pub fn new(cfg: VadConfig) -> Self {
        assert!(cfg.frame_len >= 16, "VAD frames need at least 16 samples");
        assert!(
            cfg.sample_rate >= 2000,
            "VAD needs a sample rate of at least 2 kHz"
        );
        let n = cfg.frame_len;
        let window: Box<[f32]> = (0..n)
            .map(|i| 0.5 - 0.5 * (2.0 * PI * i as f32 / n as f32).cos())
            .collect();
        let cos: Box<[f32]> = (0..n)
            .map(|i| (2.0 * PI * i as f32 / n as f32).cos())
            .collect();
        let sin: Box<[f32]> = (0..n)
            .map(|i| (2.0 * PI * i as f32 / n as f32).sin())
            .collect();
        let hz_per_bin = cfg.sample_rate as f32 / n as f32;
        let lo_hz = 150.0f32;
        let hi_hz = 4000.0f32.min(cfg.sample_rate as f32 * 0.45);
        let bin_lo = ((lo_hz / hz_per_bin).ceil() as usize).max(1);
        let bin_hi = ((hi_hz / hz_per_bin).floor() as usize).clamp(bin_lo, n / 2);
        let bins = bin_hi - bin_lo + 1;
        let bands_used = BANDS.min(bins);
        // Log-spaced band edges between the first and last bin's frequency.
        let (f0, f1) = (bin_lo as f32, bin_hi as f32 + 1.0);
        let band_of: Box<[u8]> = (bin_lo..=bin_hi)
            .map(|k| {
                let t = ((k as f32 + 0.5) / f0).ln() / (f1 / f0).ln();
                ((t * bands_used as f32) as usize).min(bands_used - 1) as u8
            })
            .collect();
        let mut inv_bins = [0.0f32; BANDS];
        for &b in band_of.iter() {
            inv_bins[b as usize] += 1.0;
        }
        for x in &mut inv_bins {
            *x = if *x > 0.0 { 1.0 / *x } else { 0.0 };
        }
        Vad {
            cfg,
            inv_bins,
            window,
            cos,
            sin,
            bin_lo,
            power: vec![0.0; bins].into_boxed_slice(),
            band_of,
            band_energy: [0.0; BANDS],
            noise: [0.0; BANDS],
            bands_used,
            initialised: false,
            frames_seen: 0,
            hang: 0,
            last: VadFeatures::default(),
        }
    }

    /// The configuration in use.
    pub fn config(&self) -> &VadConfig {
        &self.cfg
    }

    /// Features of the last processed frame.
    pub fn features(&self) -> VadFeatures {
        self.last
    }

    /// Forgets the noise estimate and hangover.
    pub fn reset(&mut self) {
        self.initialised = false;
        self.frames_seen = 0;
        self.hang = 0;
        self.noise = [0.0; BANDS];
    }

    /// Classifies one frame: `true` if it contains speech (including
    /// hangover). Frames should hold `config().frame_len` samples; shorter
    /// ones are zero-padded, longer ones truncated.
    pub fn process(&mut self, frame: &[f32]) -> bool {
        let n = self.cfg.frame_len;
        let frame = &frame[..frame.len().min(n)];
        let mean_sq = crate::meter::rms(frame).powi(2) * frame.len() as f32 / n as f32;
        let level_db = 10.0 * (mean_sq + 1e-12).log10();
        self.spectrum(frame);

        // Per-band energy, with a tiny floor so digital silence is finite.
        let floor = 1e-9 * n as f32;
        self.band_energy = [0.0; BANDS];
        for (p, &b) in self.power.iter().zip(self.band_of.iter()) {
            self.band_energy[b as usize] += p;
        }
        for e in &mut self.band_energy[..self.bands_used] {
            *e += floor;
        }
        if !self.initialised {
            self.noise = self.band_energy;
            self.initialised = true;
        }

        let mut snr_sum = 0.0;
        for b in 0..self.bands_used {
            let r = self.band_energy[b] / self.noise[b];
            if r > 1.0 {
                snr_sum += 10.0 * r.log10();
            }
        }
        let band_snr_db = snr_sum / self.bands_used as f32;
        let flatness = self.whitened_flatness(floor / 4.0);

        let loud_enough = level_db > self.cfg.min_level_db;
        let raw = loud_enough
            && (band_snr_db > self.cfg.snr_db
                || (band_snr_db > self.cfg.snr_low_db && flatness < self.cfg.max_flatness));
        let speech = if raw {
            self.hang = self.cfg.hangover_frames;
            true
        } else if self.hang > 0 {
            self.hang -= 1;
            true
        } else {
            false
        };
        self.update_noise(speech);
        self.last = VadFeatures {
            level_db,
            band_snr_db,
            flatness,
            raw,
        };
        speech
    }

    /// Windowed DFT power of the analysed bins into `self.power`.
    fn spectrum(&mut self, frame: &[f32]) {
        let n = self.cfg.frame_len;
        for (i, p) in self.power.iter_mut().enumerate() {
            let k = self.bin_lo + i;
            let (mut re, mut im) = (0.0f32, 0.0f32);
            let mut idx = 0usize;
            for (&x, &w) in frame.iter().zip(self.window.iter()) {
                let v = x * w;
                re += v * self.cos[idx];
                im -= v * self.sin[idx];
                idx += k;
                if idx >= n {
                    idx -= n;
                }
            }
            *p = re * re + im * im;
        }
    }

    /// Geometric over arithmetic mean of `power[k] / noise[band(k)]`.
    fn whitened_flatness(&self, floor: f32) -> f32 {
        let (mut log_sum, mut sum) = (0.0f32, 0.0f32);
        for (&p, &b) in self.power.iter().zip(self.band_of.iter()) {
            let per_bin = self.noise[b as usize] * self.inv_bins[b as usize];
            let w = (p + floor) / per_bin.max(1e-30);
            log_sum += w.ln();
            sum += w;
        }
        let m = self.power.len() as f32;
        ((log_sum / m).exp() / (sum / m)).clamp(0.0, 1.0)
    }

    fn update_noise(&mut self, speech: bool) {
        // Averaging (not a running minimum, which would bias the floor low
        // and make noise look like speech); the first frames average evenly.
        self.frames_seen = self.frames_seen.saturating_add(1);
        let alpha = (1.0 / self.frames_seen as f32).max(0.1);
        for b in 0..self.bands_used {
            let e = self.band_energy[b];
            let nb = &mut self.noise[b];
            if !speech || e < *nb {
                *nb += alpha * (e - *nb);
            } else {
                // Slow leak upwards (~1 dB/s at 50 frames/s) so a louder
                // noise floor is eventually learnt even if it looks like speech.
                *nb = (*nb * 1.005).min(e);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn noise(seed: &mut u32, amp: f32) -> f32 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 17;
        *seed ^= *seed << 5;
        (*seed as f32 / u32::MAX as f32 * 2.0 - 1.0) * amp
    }

    #[test]
    fn steady_noise_is_not_speech_and_a_tone_burst_is() {
        let mut vad = Vad::new(VadConfig::default());
        let n = vad.config().frame_len;
        let mut seed = 1u32;
        let mut frame = vec![0.0f32; n];
        let mut noise_hits = 0;
        for _ in 0..100 {
            frame.iter_mut().for_each(|x| *x = noise(&mut seed, 0.01));
            noise_hits += usize::from(vad.process(&frame));
        }
        assert!(noise_hits <= 5, "{noise_hits} noise frames flagged");
        // A harmonic "vowel" at 200 Hz, well above the noise.
        let mut t = 0usize;
        let mut hits = 0;
        for _ in 0..20 {
            for x in frame.iter_mut() {
                let ph = 2.0 * PI * 200.0 * t as f32 / 16000.0;
                *x = 0.1 * (ph.sin() + 0.5 * (2.0 * ph).sin() + 0.3 * (3.0 * ph).sin())
                    + noise(&mut seed, 0.01);
                t += 1;
            }
            hits += usize::from(vad.process(&frame));
        }
        assert!(hits >= 18, "only {hits}/20 voiced frames detected");
    }

    #[test]
    fn hangover_holds_then_releases() {
        let cfg = VadConfig {
            hangover_frames: 3,
            ..VadConfig::default()
        };
        let mut vad = Vad::new(cfg);
        let n = cfg.frame_len;
        let mut seed = 7u32;
        let quiet: Vec<f32> = (0..n).map(|_| noise(&mut seed, 0.001)).collect();
        for _ in 0..20 {
            vad.process(&quiet);
        }
        let loud: Vec<f32> = (0..n).map(|i| 0.3 * (i as f32 * 0.2).sin()).collect();
        assert!(vad.process(&loud));
        let after: Vec<bool> = (0..5).map(|_| vad.process(&quiet)).collect();
        assert_eq!(after, [true, true, true, false, false]);
    }

    #[test]
    fn silence_and_short_frames_are_handled() {
        let mut vad = Vad::new(VadConfig::default());
        assert!(!vad.process(&[0.0; 320]));
        assert!(!vad.process(&[0.0; 10]));
        assert!(!vad.process(&[]));
        assert!(vad.features().level_db < -100.0);
    }
}
