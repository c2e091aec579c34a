//! STFT / ISTFT correctness: reconstruction, bin placement, agreement between
//! the whole-signal, ranged, streaming and frame-at-a-time paths, and against a
//! naive DFT.

use super::*;
use crate::mel::MelConfig;

/// Deterministic pseudo-random signal in [-1, 1).
fn noise(len: usize, seed: u64) -> Vec<f64> {
    let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
        })
        .collect()
}

fn to_f32(v: &[f64]) -> Vec<f32> {
    v.iter().map(|&x| x as f32).collect()
}

fn window_f32(w: Window, n: usize) -> Vec<f32> {
    w.to_vec_f32(n, Symmetry::Periodic)
}

fn round_trip_error(
    planner: &Planner,
    window: &[f32],
    hop: usize,
    centre: Centre,
    x: &[f32],
) -> (f64, usize, usize) {
    let mut stft = Stft::new(planner, window, hop, centre).unwrap();
    let mut istft = Istft::new(planner, window, hop, centre).unwrap();
    let frames = stft.n_frames(x.len());
    let mut spec = vec![Complex::new(0.0f32, 0.0); frames * stft.n_bins()];
    stft.process_complex(x, &mut spec);
    let mut y = vec![0.0f32; x.len()];
    istft.process(&spec, &mut y);
    // Without centring the first and last n_fft samples have (near) zero window cover.
    let n = window.len();
    let (lo, hi) = if centre == Centre::Off {
        (n, frames.saturating_sub(1) * hop)
    } else {
        (0, x.len())
    };
    let err = x[lo..hi]
        .iter()
        .zip(&y[lo..hi])
        .map(|(&a, &b)| f64::from((a - b).abs()))
        .fold(0.0, f64::max);
    (err, lo, hi)
}

#[test]
fn istft_of_stft_reconstructs_for_cola_windows() {
    let x = to_f32(&noise(20_000, 1));
    let cases = [
        (Window::Hann, 1024, 256),
        (Window::Hann, 512, 256),
        (Window::Hamming, 512, 256),
        (Window::Hamming, 1024, 256),
        (Window::Blackman, 600, 200),
        (Window::Kaiser { beta: 8.0 }, 512, 128),
        (Window::Rectangular, 256, 256),
        (Window::Hann, 2048, 512),
    ];
    for level in cadenza_simd::supported() {
        let planner = Planner::with_level(level);
        for (w, n, hop) in cases {
            for centre in [Centre::ReflectPad, Centre::ZeroPad, Centre::Off] {
                let (err, lo, hi) = round_trip_error(&planner, &window_f32(w, n), hop, centre, &x);
                assert!(hi > lo + 1000, "checked a real span");
                assert!(
                    err < 1e-5,
                    "{level:?} {w:?} n={n} hop={hop} {centre:?}: max error {err}"
                );
            }
        }
    }
}

#[test]
fn istft_round_trip_in_f64_is_near_exact() {
    let x = noise(5000, 2);
    let planner = Planner::new();
    let w = Window::Hann.to_vec_f64(256, Symmetry::Periodic);
    let mut stft = Stft::new(&planner, &w, 64, Centre::ReflectPad).unwrap();
    let mut istft = Istft::new(&planner, &w, 64, Centre::ReflectPad).unwrap();
    let mut spec = vec![Complex::new(0.0, 0.0); stft.n_frames(x.len()) * stft.n_bins()];
    stft.process_complex(&x, &mut spec);
    let mut y = vec![0.0; x.len()];
    istft.process(&spec, &mut y);
    let err = x
        .iter()
        .zip(&y)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    assert!(err < 1e-12, "f64 error {err}");
    assert_eq!(
        istft.output_len(stft.n_frames(x.len())),
        64 * (x.len() / 64)
    );
}

#[test]
fn pure_tone_lands_in_its_bin() {
    let (n, sr) = (1024usize, 48_000.0f64);
    let planner = Planner::new();
    let mut stft =
        Stft::<f32>::with_window(&planner, Window::Hann, n, 256, Centre::ReflectPad).unwrap();
    for bin in [5usize, 100, 300, 500] {
        let f = bin as f64 * sr / n as f64;
        let x: Vec<f32> = (0..8000)
            .map(|t| (2.0 * std::f64::consts::PI * f * t as f64 / sr).sin() as f32)
            .collect();
        let frames = stft.n_frames(x.len());
        let mut mag = vec![0.0f32; frames * stft.n_bins()];
        stft.process_magnitude(&x, &mut mag);
        // Frames lying wholly inside the signal (edge frames see the reflected
        // extension, which is not the same sinusoid).
        let interior = (n / 2).div_ceil(256)..(x.len() - n / 2) / 256;
        assert!(interior.len() > 20);
        for row in mag
            .chunks_exact(stft.n_bins())
            .take(interior.end)
            .skip(interior.start)
        {
            let arg = (0..row.len())
                .max_by(|&a, &b| row[a].total_cmp(&row[b]))
                .unwrap();
            assert_eq!(arg, bin, "tone at {f} Hz");
        }
        // A full-scale sine under a Hann window peaks at n/4 in an interior frame.
        let mid = &mag[(frames / 2) * stft.n_bins()..][..stft.n_bins()];
        assert!(
            (f64::from(mid[bin]) - n as f64 / 4.0).abs() < 1e-2 * n as f64,
            "peak {}",
            mid[bin]
        );
    }
}

#[test]
fn complex_output_matches_naive_dft_including_edge_frames() {
    let x = noise(700, 3);
    let hop = 50;
    // Even n takes the fused half-length path, odd n the plain r2c one.
    for (n, level, centre) in [128usize, 127].into_iter().flat_map(|n| {
        cadenza_simd::supported().flat_map(move |l| {
            [Centre::ReflectPad, Centre::ZeroPad, Centre::Off].map(|c| (n, l, c))
        })
    }) {
        let w = Window::Blackman.to_vec_f64(n, Symmetry::Periodic);
        let planner = Planner::with_level(level);
        let mut stft = Stft::new(&planner, &w, hop, centre).unwrap();
        let frames = stft.n_frames(x.len());
        let nb = stft.n_bins();
        let mut spec = vec![Complex::new(0.0, 0.0); frames * nb];
        stft.process_complex(&x, &mut spec);
        let pad = if centre == Centre::Off {
            0
        } else {
            n as isize / 2
        };
        for f in 0..frames {
            let mut frame = vec![0.0; n];
            for (j, v) in frame.iter_mut().enumerate() {
                let i = (f * hop) as isize - pad + j as isize;
                let s = if (0..x.len() as isize).contains(&i) {
                    x[i as usize]
                } else if centre == Centre::ReflectPad {
                    // Mirror without repeating the end sample.
                    let r = if i < 0 {
                        -i
                    } else {
                        2 * (x.len() as isize - 1) - i
                    };
                    x[r as usize]
                } else {
                    0.0
                };
                *v = s * w[j];
            }
            for k in 0..nb {
                let mut acc = Complex::new(0.0, 0.0);
                for (j, &v) in frame.iter().enumerate() {
                    let ph = -2.0 * std::f64::consts::PI * (j * k) as f64 / n as f64;
                    acc += Complex::new(v * ph.cos(), v * ph.sin());
                }
                let got = spec[f * nb + k];
                assert!(
                    (got - acc).norm() < 1e-9,
                    "n={n} {level:?} {centre:?} frame {f} bin {k}: {got} vs {acc}"
                );
            }
        }
    }
}

#[test]
fn frame_counts_follow_librosa() {
    let planner = Planner::new();
    let w = window_f32(Window::Hann, 2048);
    let c = Stft::new(&planner, &w, 512, Centre::ReflectPad).unwrap();
    assert_eq!(c.n_frames(48_000 * 60), 1 + 48_000 * 60 / 512);
    assert_eq!(c.n_frames(0), 1);
    let o = Stft::new(&planner, &w, 512, Centre::Off).unwrap();
    assert_eq!(o.n_frames(2047), 0);
    assert_eq!(o.n_frames(2048), 1);
    assert_eq!(o.n_frames(2048 + 1023), 2);
    assert_eq!(
        Stft::new(&planner, &w, 0, Centre::Off).err(),
        Some(StftError::ZeroHop)
    );
    assert_eq!(
        Stft::<f32>::new(&planner, &[], 4, Centre::Off).err(),
        Some(StftError::EmptyWindow)
    );
}

#[test]
fn outputs_agree_across_paths_and_batch_sizes() {
    let x = to_f32(&noise(30_000, 4));
    let planner = Planner::new();
    let w = window_f32(Window::Hann, 512);
    let mut stft = Stft::new(&planner, &w, 128, Centre::ReflectPad).unwrap();
    let (frames, nb) = (stft.n_frames(x.len()), stft.n_bins());
    let mut spec = vec![Complex::new(0.0f32, 0.0); frames * nb];
    stft.process_complex(&x, &mut spec);
    let mut power = vec![0.0f32; frames * nb];
    stft.process_power(&x, &mut power);
    for (i, (p, c)) in power.iter().zip(&spec).enumerate() {
        assert!(
            (p - c.norm_sqr()).abs() <= 1e-5 * p.max(1.0),
            "frame {} bin {}: power {p} vs |X|² {}",
            i / nb,
            i % nb,
            c.norm_sqr()
        );
    }
    // Ranged processing gives the same rows.
    let mut part = vec![0.0f32; 37 * nb];
    stft.process_frames_power(&x, 100, &mut part);
    assert_eq!(part, power[100 * nb..137 * nb]);
    // Batch size does not change results.
    let mut one = Stft::new(&planner, &w, 128, Centre::ReflectPad).unwrap();
    one.set_batch(1);
    let mut power1 = vec![0.0f32; frames * nb];
    one.process_power(&x, &mut power1);
    assert_eq!(power1, power);
    // Frame-at-a-time on an interior frame.
    let mut single = vec![Complex::new(0.0f32, 0.0); nb];
    stft.process_frame(&x[200 * 128 - 256..200 * 128 + 256], &mut single);
    assert_eq!(single, spec[200 * nb..201 * nb]);
    // Magnitude, dB, mel are functions of the power.
    let mut mag = vec![0.0f32; frames * nb];
    stft.process_magnitude(&x, &mut mag);
    for (m, p) in mag.iter().zip(&power) {
        assert!((m * m - p).abs() <= 1e-5 * p.max(1.0));
    }
    let mut db = vec![0.0f32; frames * nb];
    stft.process_db(&x, DbOptions::default(), &mut db);
    let top = db.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    for (d, p) in db.iter().zip(&power) {
        let want = (10.0 * p.max(1e-10).log10()).max(top - 80.0);
        assert!((d - want).abs() < 1e-3, "{d} vs {want}");
    }
    let fb = MelFilterbank::new(&MelConfig::new(48_000.0, 512, 40)).unwrap();
    let mut mel = vec![0.0f32; frames * 40];
    stft.process_mel(&x, &fb, &mut mel);
    let mut want = vec![0.0f32; 40];
    for f in [0, 1, frames / 2, frames - 1] {
        fb.apply(&power[f * nb..(f + 1) * nb], &mut want);
        assert_eq!(&mel[f * 40..(f + 1) * 40], &want[..]);
    }
}

#[test]
fn streaming_matches_whole_signal() {
    let x = to_f32(&noise(9_999, 5));
    let planner = Planner::new();
    for (n, hop) in [(256usize, 64usize), (256, 100), (255, 256), (64, 200)] {
        let w = window_f32(Window::Hann, n);
        for centre in [Centre::ZeroPad, Centre::Off] {
            let mut stft = Stft::new(&planner, &w, hop, centre).unwrap();
            let nb = stft.n_bins();
            let frames = stft.n_frames(x.len());
            let mut whole = vec![Complex::new(0.0f32, 0.0); frames * nb];
            stft.process_complex(&x, &mut whole);
            let mut stream = StftStream::new(&planner, &w, hop, centre).unwrap();
            let mut got: Vec<Complex<f32>> = Vec::new();
            let mut pos = 0;
            let mut chunk = 1;
            while pos < x.len() {
                let end = (pos + chunk).min(x.len());
                stream.push(&x[pos..end], |s| got.extend_from_slice(s));
                pos = end;
                chunk = chunk * 7 % 1000 + 1;
            }
            stream.finish(|s| got.extend_from_slice(s));
            assert_eq!(got.len(), whole.len(), "n={n} hop={hop} {centre:?}");
            for (i, (a, b)) in got.iter().zip(&whole).enumerate() {
                assert!(
                    (a - b).norm() <= 1e-4 * b.norm().max(1.0),
                    "n={n} hop={hop} {centre:?} at {i}"
                );
            }
        }
    }
    let w = window_f32(Window::Hann, 64);
    assert_eq!(
        StftStream::new(&planner, &w, 16, Centre::ReflectPad).err(),
        Some(StftError::ReflectStreaming)
    );
}

#[test]
fn streaming_istft_matches_whole_signal_istft() {
    let x = to_f32(&noise(6_000, 6));
    for level in cadenza_simd::supported() {
        let planner = Planner::with_level(level);
        for (w, n, hop) in [
            (Window::Hann, 512usize, 128usize),
            (Window::Hamming, 256, 128),
            (Window::Rectangular, 64, 64),
        ] {
            let win = window_f32(w, n);
            let mut stft = Stft::new(&planner, &win, hop, Centre::Off).unwrap();
            let (frames, nb) = (stft.n_frames(x.len()), stft.n_bins());
            let mut spec = vec![Complex::new(0.0f32, 0.0); frames * nb];
            stft.process_complex(&x, &mut spec);
            let mut istft = Istft::new(&planner, &win, hop, Centre::Off).unwrap();
            let mut whole = vec![0.0f32; istft.output_len(frames)];
            istft.process(&spec, &mut whole);
            let mut stream = IstftStream::new(&planner, &win, hop).unwrap();
            let mut got = Vec::new();
            let mut block = vec![0.0f32; hop];
            for s in spec.chunks_exact(nb) {
                stream.push(s, &mut block);
                got.extend_from_slice(&block);
            }
            let mut tail = vec![0.0f32; n - hop];
            stream.finish(&mut tail);
            got.extend_from_slice(&tail);
            assert_eq!(got.len(), whole.len());
            for (i, (a, b)) in got.iter().zip(&whole).enumerate() {
                assert!(
                    (a - b).abs() <= 1e-5 * b.abs().max(1.0),
                    "{level:?} {w:?} sample {i}: {a} vs {b}"
                );
            }
            // Interior samples are the original signal.
            for i in n..frames * hop {
                assert!((got[i] - x[i]).abs() < 1e-5, "{level:?} {w:?} sample {i}");
            }
        }
    }
    let planner = Planner::new();
    let w = window_f32(Window::Hann, 64);
    assert_eq!(
        IstftStream::new(&planner, &w, 65).err(),
        Some(StftError::HopExceedsWindow)
    );
}
