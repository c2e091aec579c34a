//! The spectrogram of a chirp must show a bright ridge along the chirp's
//! instantaneous frequency, on every frequency scale: the pipeline the CLI runs
//! (STFT → column reduction → rendering through the colour map) is checked on
//! the final pixels, reading each plot column's brightest row back to Hz.

use std::f64::consts::PI;

use super::colormap::luminance;
use super::render::Scale;
use super::{Options, spectrogram_image};

const SR: u32 = 16_000;
const SECONDS: f64 = 4.0;

/// A chirp sampled at `SR` with instantaneous frequency `freq(t)` and phase `phase(t)`.
fn chirp(phase: impl Fn(f64) -> f64) -> Vec<f32> {
    let n = (SECONDS * f64::from(SR)) as usize;
    (0..n)
        .map(|i| (0.5 * phase(i as f64 / f64::from(SR)).sin()) as f32)
        .collect()
}

/// Renders `samples` and checks every interior column's brightest row lies within
/// two FFT bins (plus one pixel row) of `freq(t)` at the column's frame time.
fn assert_ridge_follows(samples: &[f32], freq: impl Fn(f64) -> f64, scale: Scale) {
    let (fft, hop) = (1024usize, 256usize);
    let n_frames = 1 + samples.len() / hop;
    // One plot column per STFT frame, so column c shows frame c centred at c·hop.
    let opts = Options {
        fft,
        hop,
        scale,
        width: Some(n_frames + 70),
        height: Some(442),
    };
    let r = spectrogram_image(samples, SR, &opts).unwrap();
    assert_eq!(r.layout.plot_w, n_frames);
    assert_eq!(r.frames_per_column, 1.0);
    let bin_hz = f64::from(SR) / fft as f64;
    let mut checked = 0;
    for c in 4..n_frames - 4 {
        let t = (c * hop) as f64 / f64::from(SR);
        let want = freq(t);
        let x = r.layout.plot_x + c;
        let brightest = (0..r.layout.plot_h)
            .max_by(|&a, &b| {
                let la = luminance(r.canvas.get(x, r.layout.plot_y + a));
                let lb = luminance(r.canvas.get(x, r.layout.plot_y + b));
                la.total_cmp(&lb)
            })
            .unwrap();
        let u = r.layout.row_position(brightest);
        let got = r.axis.hz(u);
        let half_row = 0.5 / r.layout.plot_h as f64;
        let row_hz = r.axis.hz(u + half_row) - r.axis.hz(u - half_row);
        let tol = 2.0 * bin_hz + row_hz;
        assert!(
            (got - want).abs() <= tol,
            "{scale:?}: column {c} (t={t:.3}s) ridge at {got:.1} Hz, chirp at {want:.1} Hz (tolerance {tol:.1})"
        );
        checked += 1;
    }
    assert!(checked > 200, "checked {checked} columns");
}

#[test]
fn linear_chirp_ridge_on_linear_log_and_mel_axes() {
    let (f0, f1) = (300.0, 7000.0);
    let k = (f1 - f0) / SECONDS;
    let samples = chirp(|t| 2.0 * PI * (f0 * t + 0.5 * k * t * t));
    for scale in [Scale::Linear, Scale::Log, Scale::Mel] {
        assert_ridge_follows(&samples, |t| f0 + k * t, scale);
    }
}

#[test]
fn exponential_chirp_ridge_on_log_and_mel_axes() {
    let (f0, f1) = (100.0f64, 7500.0f64);
    let ratio = f1 / f0;
    let samples = chirp(|t| 2.0 * PI * f0 * SECONDS / ratio.ln() * (ratio.powf(t / SECONDS) - 1.0));
    for scale in [Scale::Log, Scale::Mel, Scale::Linear] {
        assert_ridge_follows(&samples, |t| f0 * ratio.powf(t / SECONDS), scale);
    }
}

#[test]
fn silence_and_tiny_inputs_render_without_panicking() {
    let opts = Options::default();
    for len in [0usize, 1, 100, 5000] {
        let r = spectrogram_image(&vec![0.0; len], 44_100, &opts).unwrap();
        assert!(r.canvas.width >= 480 && r.canvas.height == 480);
    }
    let tiny = Options {
        width: Some(60),
        height: Some(60),
        ..opts
    };
    assert!(spectrogram_image(&[0.0; 10], 44_100, &tiny).is_err());
}
