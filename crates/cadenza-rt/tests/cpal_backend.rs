//! The cpal backend on cpal's JACK host: the processor runs every period with the same
//! harness (timing, zero allocator calls in the callback scope) and its output reaches cpal.
#![cfg(feature = "cpal")]

mod common;

use std::time::Duration;

use cadenza_rt::alloc_guard::{self, CountingAlloc, Policy};
use cadenza_rt::backend::cpal::{CpalEngine, CpalHost, CpalOptions};
use cadenza_rt::recorder::{self, RecorderOptions, WorkerOptions};
use cadenza_rt::source::{Source, sequence_value};
use cadenza_rt::{EngineOptions, wav};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

#[test]
fn cpal_jack_host_runs_the_recording_pipeline_without_allocating_in_the_callback() {
    if !common::jack_available(
        "cpal_jack_host_runs_the_recording_pipeline_without_allocating_in_the_callback",
    ) {
        return;
    }
    alloc_guard::set_policy(Policy::Count);
    let dir = common::scratch_dir("cpal");
    let (proc_, sink) = recorder::pipeline(&RecorderOptions {
        channels: 2,
        source: Source::Sequence,
        ..RecorderOptions::default()
    });
    let probe = cadenza_rt::backend::jack::open_client("cadenza-cpal-probe").unwrap();
    let (rate, period) = (probe.sample_rate(), probe.buffer_size());
    drop(probe);
    let engine = CpalEngine::start(
        proc_,
        &CpalOptions {
            host: CpalHost::Jack,
            outputs: 2,
            sample_rate: rate,
            buffer_frames: Some(period),
            engine: EngineOptions::default(),
        },
    )
    .unwrap();
    let worker = sink
        .spawn_worker(
            rate,
            WorkerOptions {
                wav_path: dir.join("c.wav"),
                log_path: None,
                spin: false,
            },
        )
        .unwrap();
    std::thread::sleep(Duration::from_secs(2));
    let (_p, report) = engine.stop().unwrap();
    let summary = worker.finish().unwrap();
    println!("{report}");
    assert!(report.periods > 300, "only {} periods", report.periods);
    assert_eq!(report.rt_allocator_calls, 0);
    assert_eq!(summary.dropped_frames, 0);
    assert_eq!(summary.frames_written, report.frames);
    let data = wav::read(&dir.join("c.wav")).unwrap();
    for (n, frame) in data.samples.chunks_exact(2).enumerate() {
        assert_eq!(
            frame[0].to_bits(),
            sequence_value(n as u64).to_bits(),
            "frame {n}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
