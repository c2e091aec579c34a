//! Voice-activity detection on real speech mixed with noise: precision and
//! recall per SNR and noise colour (see `tests/common/vad_eval.rs` for the
//! data, the labelling rule and the SNR definition).
//!
//! Run: `cargo run --release -p cadenza-dsp --example vad_eval`

#[path = "../tests/common/vad_eval.rs"]
mod vad_eval;

use cadenza_dsp::vad::VadConfig;
use vad_eval::{Noise, WAV, evaluate, labels, read_wav};

fn main() {
    let cfg = VadConfig::default();
    let clean = read_wav(WAV);
    let truth = labels(&clean);
    let speech = truth.iter().filter(|&&t| t).count();
    println!(
        "speech: {:.2} s, {} frames of 20 ms, {} labelled speech ({:.0}%)",
        clean.len() as f32 / 16000.0,
        truth.len(),
        speech,
        100.0 * speech as f32 / truth.len() as f32
    );
    let seeds = 5;
    println!("config: {cfg:?}; {seeds} noise seeds per row\n");
    println!("| noise | SNR dB | precision | recall |");
    println!("|---|---:|---:|---:|");
    for kind in [Noise::White, Noise::Pink] {
        for snr in [20.0f32, 10.0, 5.0, 0.0] {
            let s = evaluate(cfg, kind, snr, seeds);
            println!(
                "| {} | {snr} | {:.3} | {:.3} |",
                kind.name(),
                s.precision,
                s.recall
            );
        }
    }
}
