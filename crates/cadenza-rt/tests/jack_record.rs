//! End-to-end recordings through a real JACK server, checked bit for bit on disk.
//!
//! 1. A generator client writes a sequence-coded counter to an output port connected to the
//!    recorder's input; the WAV must hold one unbroken run of consecutive counter values (no
//!    frame lost or repeated) from the moment the connection was made to the end.
//! 2. The recording processor generates the counter itself; the WAV must equal the counter
//!    from frame 0, with as many frames as the callback processed.

mod common;

use std::time::Duration;

use cadenza_rt::backend::jack::{JackEngine, JackOptions};
use cadenza_rt::recorder::{self, RecorderOptions, WorkerOptions};
use cadenza_rt::source::{Source, sequence_index, sequence_value};
use cadenza_rt::{FrameInfo, Processor, StreamConfig, wav};

/// A trivial JACK client body: the counter on its only output.
struct CounterGenerator;

impl Processor for CounterGenerator {
    fn prepare(&mut self, _: &StreamConfig) {}

    fn process(&mut self, _input: &[&[f32]], output: &mut [&mut [f32]], info: &FrameInfo) {
        for (i, s) in output[0][..info.frames].iter_mut().enumerate() {
            *s = sequence_value(info.frame_pos + i as u64);
        }
    }
}

fn json_lines(path: &std::path::Path) -> usize {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("{\"period\""))
        .count()
}

#[test]
fn counter_from_another_client_is_recorded_bit_exact_without_loss_or_repeat() {
    if !common::jack_available(
        "counter_from_another_client_is_recorded_bit_exact_without_loss_or_repeat",
    ) {
        return;
    }
    let dir = common::scratch_dir("jack-counter");
    let wav_path = dir.join("counter.wav");
    let generator = JackEngine::start(
        CounterGenerator,
        &JackOptions {
            client_name: "cadenza-counter-gen".into(),
            outputs: 1,
            ..JackOptions::default()
        },
    )
    .unwrap();
    let (rec, sink) = recorder::pipeline(&RecorderOptions {
        channels: 1,
        source: Source::Input,
        ..RecorderOptions::default()
    });
    let recorder_engine = JackEngine::start(
        rec,
        &JackOptions {
            client_name: "cadenza-counter-rec".into(),
            inputs: 1,
            connect_inputs: generator.output_port_names().to_vec(),
            ..JackOptions::default()
        },
    )
    .unwrap();
    let rate = recorder_engine.config().sample_rate;
    let worker = sink
        .spawn_worker(
            rate,
            WorkerOptions {
                wav_path: wav_path.clone(),
                log_path: Some(dir.join("counter.jsonl")),
                spin: false,
            },
        )
        .unwrap();
    std::thread::sleep(Duration::from_secs(3));
    let (_rec, report) = recorder_engine.stop().unwrap();
    let summary = worker.finish().unwrap();
    let (_gen, gen_report) = generator.stop().unwrap();

    assert_eq!(summary.dropped_frames, 0);
    assert_eq!(summary.dropped_metas, 0);
    assert_eq!(summary.period_gaps, 0);
    assert_eq!(summary.frames_written, report.frames);
    assert_eq!(
        json_lines(&dir.join("counter.jsonl")) as u64,
        report.periods
    );

    let data = wav::read(&wav_path).unwrap();
    assert_eq!((data.channels, data.sample_rate), (1, rate));
    assert_eq!(data.samples.len() as u64, report.frames);
    // Leading silence until the connection took effect, then the counter.
    let first = data
        .samples
        .iter()
        .position(|&s| s != 0.0)
        .expect("the counter never arrived");
    let start =
        sequence_index(data.samples[first]).expect("first non-zero sample is a counter value");
    // Trailing silence: deactivating the recorder disconnects its input
    // before its last cycles run.
    let last = data
        .samples
        .iter()
        .rposition(|&s| s != 0.0)
        .expect("a last counter value");
    let run = &data.samples[first..=last];
    // Everything cadenza received must be on disk once, in order: each
    // sample is the next counter value. One exception is a whole period
    // of silence where the JACK server did not deliver the generator's output
    // (the generator missed its cycle in an xrun, which the server reports):
    // after it the counter goes on, at most that many values further.
    let period = report.config.max_frames;
    let xruns = report.xruns + gen_report.xruns;
    let mut want_index = start;
    let mut i = 0;
    let mut silent_periods = 0u64;
    while i < run.len() {
        let s = run[i];
        if s.to_bits() == sequence_value(want_index).to_bits() {
            want_index += 1;
            i += 1;
            continue;
        }
        // The other xrun cases (session 10, 27-29 xruns in 3 s on a noisy
        // machine): the server handed the recorder the generator's buffer of
        // the cycle after (the counter jumps ahead by one period) or of the
        // cycle before (one period repeats), at a period boundary, with no
        // silence. The recorder itself saw every cycle once (`period_gaps`
        // and `dropped_frames` are 0 above, and it wrote `report.frames`).
        let boundary = (first + i) % period == 0;
        if let Some(got) = sequence_index(s)
            .filter(|&got| boundary && xruns > 0 && got.abs_diff(want_index) <= period as u64)
        {
            silent_periods += 1;
            want_index = got;
            continue;
        }
        let block_end = (i + period).min(run.len());
        let whole_silent_period =
            (first + i) % period == 0 && run[i..block_end].iter().all(|&z| z == 0.0);
        assert!(
            whole_silent_period && xruns > 0,
            "frame {} of the recording: got {s}, want {} (lost or repeated frames; xruns {xruns})",
            first + i,
            sequence_value(want_index)
        );
        silent_periods += 1;
        i = block_end;
        if let Some(&next) = run.get(i).filter(|&&n| n != 0.0) {
            let got = sequence_index(next).expect("counter value after a silent period");
            assert!(
                got >= want_index && got - want_index <= period as u64,
                "after the silent period at frame {}: counter {got}, expected {want_index} \
                 or up to one period later",
                first + i - period
            );
            want_index = got;
        }
    }
    assert!(
        silent_periods <= xruns * 4,
        "{silent_periods} silent or skipped periods for {xruns} xruns"
    );
    assert!(
        run.len() as u64 >= 2 * u64::from(rate),
        "only {} counter frames recorded",
        run.len()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn internally_generated_counter_reaches_the_wav_complete_from_frame_zero() {
    if !common::jack_available(
        "internally_generated_counter_reaches_the_wav_complete_from_frame_zero",
    ) {
        return;
    }
    let dir = common::scratch_dir("jack-seq");
    let wav_path = dir.join("seq.wav");
    let (rec, sink) = recorder::pipeline(&RecorderOptions {
        channels: 2,
        source: Source::Sequence,
        ..RecorderOptions::default()
    });
    let engine = JackEngine::start(
        rec,
        &JackOptions {
            client_name: "cadenza-seq-rec".into(),
            outputs: 2,
            ..JackOptions::default()
        },
    )
    .unwrap();
    let rate = engine.config().sample_rate;
    let worker = sink
        .spawn_worker(
            rate,
            WorkerOptions {
                wav_path: wav_path.clone(),
                log_path: None,
                spin: false,
            },
        )
        .unwrap();
    std::thread::sleep(Duration::from_secs(2));
    let (_rec, report) = engine.stop().unwrap();
    let summary = worker.finish().unwrap();
    assert_eq!(summary.dropped_frames, 0);
    assert_eq!(summary.frames_written, report.frames);
    assert!(
        report.frames >= u64::from(rate),
        "only {} frames",
        report.frames
    );
    let data = wav::read(&wav_path).unwrap();
    assert_eq!(data.channels, 2);
    assert_eq!(data.samples.len() as u64, 2 * report.frames);
    for (n, frame) in data.samples.chunks_exact(2).enumerate() {
        let want = sequence_value(n as u64).to_bits();
        assert_eq!(
            (frame[0].to_bits(), frame[1].to_bits()),
            (want, want),
            "frame {n}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
