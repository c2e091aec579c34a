//! Criterion bench: STFT of 60 s of 48 kHz audio, FFT 2048, hop 512, periodic
//! Hann window, power output, centred frames with reflect padding — cadenza's
//! batched [`Stft`] against an STFT built on realfft.
//!
//! The realfft peer is written the way a careful user would: plan once, reuse
//! every buffer, window while copying each frame into the FFT input (same
//! reflect padding at the edges), `process_with_scratch`, then `|X|²` into the
//! output row. It processes one frame at a time, which is what realfft offers.
//! `cadenza_frame_at_a_time` runs cadenza's single-frame API the same way, to
//! separate the kernel's speed from the batching.
//!
//! Throughput is reported in frames (elements/s = frames/s). Run:
//! `cargo bench -p cadenza-fft --bench stft -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use cadenza_fft::{Centre, Complex, Planner, Stft, Symmetry, Window};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use realfft::RealFftPlanner;

const SAMPLE_RATE: usize = 48_000;
const SECONDS: usize = 60;
const N_FFT: usize = 2048;
const HOP: usize = 512;

/// Deterministic test audio: two tones plus pseudo-random noise.
fn audio() -> Vec<f32> {
    let mut s = 0x2545_F491_4F6C_DD1Du64;
    (0..SAMPLE_RATE * SECONDS)
        .map(|i| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            let t = i as f32 / SAMPLE_RATE as f32;
            let noise = (s >> 40) as f32 / (1u64 << 24) as f32 - 0.5;
            0.3 * (2.0 * std::f32::consts::PI * 440.0 * t).sin()
                + 0.2 * (2.0 * std::f32::consts::PI * 3520.0 * t).sin()
                + 0.1 * noise
        })
        .collect()
}

/// numpy "reflect" index for position `i` of a signal of `len >= 2` samples.
fn reflect(i: isize, len: usize) -> usize {
    let period = 2 * (len as isize - 1);
    let m = i.rem_euclid(period);
    if m >= len as isize {
        (period - m) as usize
    } else {
        m as usize
    }
}

/// The realfft-based peer: one frame at a time, all buffers reused.
struct RealFftStft {
    fft: std::sync::Arc<dyn realfft::RealToComplex<f32>>,
    window: Vec<f32>,
    frame: Vec<f32>,
    spectrum: Vec<Complex<f32>>,
    scratch: Vec<Complex<f32>>,
}

impl RealFftStft {
    fn new(window: &[f32]) -> Self {
        let fft = RealFftPlanner::<f32>::new().plan_fft_forward(window.len());
        RealFftStft {
            frame: fft.make_input_vec(),
            spectrum: fft.make_output_vec(),
            scratch: fft.make_scratch_vec(),
            window: window.to_vec(),
            fft,
        }
    }

    fn power(&mut self, signal: &[f32], out: &mut [f32]) {
        let n = self.window.len();
        let nb = n / 2 + 1;
        let pad = (n / 2) as isize;
        for (f, row) in out.chunks_exact_mut(nb).enumerate() {
            let start = (f * HOP) as isize - pad;
            if start >= 0 && start as usize + n <= signal.len() {
                let src = &signal[start as usize..start as usize + n];
                for ((d, &s), &w) in self.frame.iter_mut().zip(src).zip(&self.window) {
                    *d = s * w;
                }
            } else {
                for (j, (d, &w)) in self.frame.iter_mut().zip(&self.window).enumerate() {
                    *d = signal[reflect(start + j as isize, signal.len())] * w;
                }
            }
            self.fft
                .process_with_scratch(&mut self.frame, &mut self.spectrum, &mut self.scratch)
                .expect("buffer sizes match the plan");
            for (o, c) in row.iter_mut().zip(&self.spectrum) {
                *o = c.re * c.re + c.im * c.im;
            }
        }
    }
}

/// cadenza's single-frame API driven frame by frame (same edge handling).
fn cadenza_frame_at_a_time(
    stft: &mut Stft<f32>,
    padded: &[f32],
    spectrum: &mut [Complex<f32>],
    out: &mut [f32],
) {
    let nb = N_FFT / 2 + 1;
    for (f, row) in out.chunks_exact_mut(nb).enumerate() {
        stft.process_frame(&padded[f * HOP..f * HOP + N_FFT], spectrum);
        for (o, c) in row.iter_mut().zip(spectrum.iter()) {
            *o = c.re * c.re + c.im * c.im;
        }
    }
}

fn bench_stft(c: &mut Criterion) {
    let signal = audio();
    let planner = Planner::new();
    let mut stft = Stft::<f32>::with_window(&planner, Window::Hann, N_FFT, HOP, Centre::ReflectPad)
        .expect("valid STFT parameters");
    let frames = stft.n_frames(signal.len());
    let nb = stft.n_bins();
    let window = Window::Hann.to_vec_f32(N_FFT, Symmetry::Periodic);
    let mut peer = RealFftStft::new(&window);

    // Both produce the same spectrogram (checked once, outside the timing).
    let mut ours = vec![0.0f32; frames * nb];
    let mut theirs = vec![0.0f32; frames * nb];
    stft.process_power(&signal, &mut ours);
    peer.power(&signal, &mut theirs);
    let worst = ours
        .iter()
        .zip(&theirs)
        .map(|(a, b)| (a - b).abs() / b.abs().max(1.0))
        .fold(0.0f32, f32::max);
    assert!(worst < 1e-3, "cadenza and realfft STFTs disagree: {worst}");

    // The frame-at-a-time variant reads frames from a pre-padded copy.
    let pad = N_FFT / 2;
    let padded: Vec<f32> = (0..signal.len() + 2 * pad + N_FFT)
        .map(|i| signal[reflect(i as isize - pad as isize, signal.len())])
        .collect();
    let mut spectrum = vec![Complex::new(0.0f32, 0.0); nb];

    let mut group = c.benchmark_group(format!("stft_power/{N_FFT}_{HOP}_60s_48k"));
    group.throughput(Throughput::Elements(frames as u64));
    group.sample_size(20);
    group.bench_function(BenchmarkId::from_parameter("cadenza"), |b| {
        b.iter(|| stft.process_power(black_box(&signal), black_box(&mut ours)))
    });
    group.bench_function(
        BenchmarkId::from_parameter("cadenza_frame_at_a_time"),
        |b| {
            b.iter(|| {
                cadenza_frame_at_a_time(
                    &mut stft,
                    black_box(&padded),
                    &mut spectrum,
                    black_box(&mut ours),
                )
            })
        },
    );
    group.bench_function(BenchmarkId::from_parameter("realfft"), |b| {
        b.iter(|| peer.power(black_box(&signal), black_box(&mut theirs)))
    });
    group.finish();

    // Batch-size sweep for tuning the default (only when asked for).
    if std::env::var_os("CADENZA_STFT_BATCH_SWEEP").is_some() {
        let mut group = c.benchmark_group("stft_power_batch");
        group.throughput(Throughput::Elements(frames as u64));
        group.sample_size(10);
        for batch in [1usize, 4, 8, 16, 32, 64] {
            stft.set_batch(batch);
            group.bench_function(BenchmarkId::from_parameter(batch), |b| {
                b.iter(|| stft.process_power(black_box(&signal), black_box(&mut ours)))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench_stft);
criterion_main!(benches);
