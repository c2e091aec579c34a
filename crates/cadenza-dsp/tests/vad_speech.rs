//! VAD on real speech (espeak-ng clip in tests/data) mixed with white and
//! pink noise: minimum precision/recall at 20 dB and 10 dB SNR. The bounds
//! sit about 0.03 below what `examples/vad_eval.rs` measured (5 seeds:
//! white 20 dB 0.905/0.971, 10 dB 0.915/0.945; pink 20 dB 0.891/0.989,
//! 10 dB 0.910/0.951).

mod common;

use cadenza_dsp::vad::VadConfig;
use common::vad_eval::{Noise, WAV, evaluate, labels, read_wav};

#[test]
fn ground_truth_marks_the_spoken_parts() {
    let clean = read_wav(WAV);
    let truth = labels(&clean);
    let share = truth.iter().filter(|&&t| t).count() as f32 / truth.len() as f32;
    // The clip is ~10.7 s with ~3.1 s of inserted pauses and lead-in.
    assert!((0.6..0.8).contains(&share), "speech share {share}");
    assert!(!truth[0] && !truth[10], "the 0.5 s lead-in is silence");
}

#[test]
fn vad_meets_measured_precision_and_recall_at_20_and_10_db() {
    let cfg = VadConfig::default();
    for (kind, snr, min_p, min_r) in [
        (Noise::White, 20.0, 0.87, 0.94),
        (Noise::White, 10.0, 0.88, 0.91),
        (Noise::Pink, 20.0, 0.86, 0.95),
        (Noise::Pink, 10.0, 0.88, 0.92),
    ] {
        let s = evaluate(cfg, kind, snr, 2);
        assert!(
            s.precision >= min_p && s.recall >= min_r,
            "{} {snr} dB: precision {:.3} (min {min_p}), recall {:.3} (min {min_r})",
            kind.name(),
            s.precision,
            s.recall
        );
    }
}
