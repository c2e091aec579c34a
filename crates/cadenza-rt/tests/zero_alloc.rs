//! The callback thread never calls the allocator: the counting global allocator sees zero
//! calls inside the real-time scope over thousands of periods, on the offline clock and on a
//! real JACK server, with the full recording pipeline (metering, VAD, ring writes) running.

mod common;

use cadenza_rt::EngineOptions;
use cadenza_rt::alloc_guard::{self, CountingAlloc, Policy, RtScope};
use cadenza_rt::backend::jack::{JackEngine, JackOptions};
use cadenza_rt::backend::offline::{self, OfflineOptions};
use cadenza_rt::recorder::{self, RecorderOptions, WorkerOptions};
use cadenza_rt::source::Source;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

#[test]
fn counting_allocator_sees_an_allocation_inside_the_rt_scope() {
    // Guard against a vacuous pass: the counter must actually move when the callback allocates.
    alloc_guard::set_policy(Policy::Count);
    assert!(alloc_guard::installed());
    let before = alloc_guard::rt_allocator_calls();
    {
        let _rt = RtScope::enter();
        let v = std::hint::black_box(vec![1u8; 32]);
        drop(v);
    }
    assert!(
        alloc_guard::rt_allocator_calls() - before >= 2,
        "alloc + free counted"
    );
}

#[test]
fn offline_recording_pipeline_makes_no_allocator_calls_on_the_callback_thread() {
    alloc_guard::set_policy(Policy::Count);
    let dir = common::scratch_dir("offline-alloc");
    let (proc_, sink) = recorder::pipeline(&RecorderOptions {
        channels: 2,
        source: Source::Tone {
            freq_hz: 440.0,
            amplitude: 0.5,
        },
        ring_frames: 48_000,
        ..RecorderOptions::default()
    });
    let worker = sink
        .spawn_worker(
            48_000,
            WorkerOptions {
                wav_path: dir.join("a.wav"),
                log_path: Some(dir.join("a.jsonl")),
                spin: false,
            },
        )
        .unwrap();
    let periods = 5_000;
    let (_p, report, _) = offline::run(
        proc_,
        OfflineOptions {
            config: offline::config(48_000, 128, 0, 2),
            periods,
            paced: false,
            input: Vec::new(),
            engine: EngineOptions::default(),
        },
        false,
    );
    let summary = worker.finish().unwrap();
    assert!(report.allocator_counted);
    assert_eq!(report.periods, periods);
    assert_eq!(
        report.rt_allocator_calls, 0,
        "allocator called on the callback thread"
    );
    // The worker may have fallen behind (offline runs flat out), but nothing is lost silently.
    assert_eq!(
        summary.frames_written + summary.dropped_frames,
        periods * 128
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn jack_recording_pipeline_makes_no_allocator_calls_on_the_callback_thread() {
    if !common::jack_available(
        "jack_recording_pipeline_makes_no_allocator_calls_on_the_callback_thread",
    ) {
        return;
    }
    alloc_guard::set_policy(Policy::Count);
    let dir = common::scratch_dir("jack-alloc");
    let (proc_, sink) = recorder::pipeline(&RecorderOptions {
        channels: 1,
        source: Source::Tone {
            freq_hz: 220.0,
            amplitude: 0.25,
        },
        ..RecorderOptions::default()
    });
    let engine = JackEngine::start(
        proc_,
        &JackOptions {
            client_name: "cadenza-alloc-test".into(),
            outputs: 1,
            ..JackOptions::default()
        },
    )
    .unwrap();
    let worker = sink
        .spawn_worker(
            engine.config().sample_rate,
            WorkerOptions {
                wav_path: dir.join("j.wav"),
                log_path: None,
                spin: false,
            },
        )
        .unwrap();
    // Thousands of periods: 3000 x 128 frames = 8 s at 48 kHz.
    let want = 3_000u64;
    let period_s = engine.config().max_frames as f64 / f64::from(engine.config().sample_rate);
    std::thread::sleep(std::time::Duration::from_secs_f64(
        want as f64 * period_s + 0.5,
    ));
    let (_p, report) = engine.stop().unwrap();
    let summary = worker.finish().unwrap();
    println!("{report}");
    assert!(
        report.periods >= want,
        "only {} periods ran",
        report.periods
    );
    assert!(report.allocator_counted);
    assert_eq!(
        report.rt_allocator_calls, 0,
        "allocator called on the JACK callback thread"
    );
    assert_eq!(summary.dropped_frames, 0);
    std::fs::remove_dir_all(&dir).unwrap();
}
