//! The recording pipeline on the offline clock: deterministic content, overload accounting,
//! and VAD segments on a synthetic voiced/silent signal.

mod common;

use std::sync::Arc;

use cadenza_rt::backend::offline::{self, OfflineOptions};
use cadenza_rt::recorder::{self, RecorderOptions, WorkerOptions};
use cadenza_rt::source::{Source, sequence_value};
use cadenza_rt::{EngineOptions, wav};

fn run(
    source: Source,
    periods: u64,
    ring_frames: usize,
    dir: &std::path::Path,
    name: &str,
) -> (cadenza_rt::recorder::RecordSummary, cadenza_rt::RunReport) {
    run_at(16_000, 160, source, periods, ring_frames, dir, name)
}

fn run_at(
    rate: u32,
    period: usize,
    source: Source,
    periods: u64,
    ring_frames: usize,
    dir: &std::path::Path,
    name: &str,
) -> (cadenza_rt::recorder::RecordSummary, cadenza_rt::RunReport) {
    let (proc_, sink) = recorder::pipeline(&RecorderOptions {
        channels: 1,
        source,
        ring_frames,
        meta_capacity: 1 << 16,
    });
    let worker = sink
        .spawn_worker(
            rate,
            WorkerOptions {
                wav_path: dir.join(name),
                log_path: None,
                spin: false,
            },
        )
        .unwrap();
    let (_p, report, _) = offline::run(
        proc_,
        OfflineOptions {
            config: offline::config(rate, period, 1, 0),
            periods,
            paced: false,
            input: Vec::new(),
            engine: EngineOptions::default(),
        },
        false,
    );
    (worker.finish().unwrap(), report)
}

#[test]
fn offline_sequence_recording_is_bit_exact_when_the_ring_holds_the_whole_run() {
    let dir = common::scratch_dir("offline-seq");
    let (summary, report) = run(Source::Sequence, 1000, 200_000, &dir, "s.wav");
    assert_eq!(summary.dropped_frames, 0);
    assert_eq!(report.frames, 160_000);
    let data = wav::read(&dir.join("s.wav")).unwrap();
    assert_eq!(data.samples.len(), 160_000);
    assert!(
        data.samples
            .iter()
            .enumerate()
            .all(|(n, s)| s.to_bits() == sequence_value(n as u64).to_bits())
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn overload_drops_and_counts_whole_periods_instead_of_blocking() {
    // A ring of 200 frames cannot hold two 160-frame periods: while the worker sleeps, the
    // callback must drop and count, and whatever reached the file must still be the counter
    // at its true frame positions (whole periods kept or dropped).
    let dir = common::scratch_dir("offline-overload");
    let (summary, report) = run(Source::Sequence, 2000, 200, &dir, "o.wav");
    assert!(
        summary.dropped_frames > 0,
        "flat-out offline run against a tiny ring must overflow"
    );
    assert_eq!(
        summary.frames_written + summary.dropped_frames,
        report.frames
    );
    assert_eq!(summary.dropped_frames % 160, 0);
    let data = wav::read(&dir.join("o.wav")).unwrap();
    for period in data.samples.chunks_exact(160) {
        let start = cadenza_rt::source::sequence_index(period[0]).unwrap();
        assert_eq!(start % 160, 0);
        assert!(
            period
                .iter()
                .enumerate()
                .all(|(i, s)| *s == sequence_value(start + i as u64))
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// 0.5 s of faint noise, 1 s of a harmonic-rich 150 Hz buzz over it, 1 s of noise.
fn buzz_then_noise(rate: u32) -> Vec<f32> {
    let r = rate as usize;
    let mut seed = 0x1234_5678u32;
    (0..r * 5 / 2)
        .map(|n| {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            let noise = (seed >> 8) as f32 / (1u32 << 24) as f32 * 2e-3 - 1e-3;
            if !(r / 2..r * 3 / 2).contains(&n) {
                return noise;
            }
            let t = n as f32 / rate as f32;
            noise
                + (1..=12)
                    .map(|h| (std::f32::consts::TAU * 150.0 * h as f32 * t).sin() / h as f32)
                    .sum::<f32>()
                    * 0.2
        })
        .collect()
}

#[test]
fn vad_at_48k_runs_on_the_decimated_signal_and_finds_the_buzz() {
    // At 48 kHz the recorder low-passes and decimates by 3 before the VAD; the segment must be
    // where it is at 16 kHz (frame positions scaled by 3).
    let dir = common::scratch_dir("offline-vad-48k");
    let (summary, _report) = run_at(
        48_000,
        128,
        Source::Samples(Arc::from(buzz_then_noise(48_000))),
        1000,
        200_000,
        &dir,
        "v48.wav",
    );
    let (start, end) = summary.speech_segments[0];
    assert!(
        (21_000..30_000).contains(&start),
        "segment starts at frame {start}"
    );
    assert!(
        (69_000..90_000).contains(&end),
        "segment ends at frame {end}"
    );
    assert_eq!(
        summary.speech_segments.len(),
        1,
        "{:?}",
        summary.speech_segments
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn vad_flags_the_voiced_half_of_a_buzz_then_silence_signal() {
    let buzz = buzz_then_noise(16_000);
    let dir = common::scratch_dir("offline-vad");
    let (summary, _report) = run(Source::Samples(Arc::from(buzz)), 250, 64_000, &dir, "v.wav");
    assert!(summary.vad_periods > 0, "no voiced period detected");
    let (start, end) = summary.speech_segments[0];
    assert!(
        (7_000..10_000).contains(&start),
        "segment starts at frame {start}"
    );
    assert!(
        (23_000..30_000).contains(&end),
        "segment ends at frame {end}"
    );
    assert!(summary.peak > 0.1);
    std::fs::remove_dir_all(&dir).unwrap();
}
