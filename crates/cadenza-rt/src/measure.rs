//! Timed runs for `cadenza rt-stats` and the benchmarks: the same measurement harness around
//! either cadenza's real workload (the recording pipeline: metering, VAD, ring writes, a worker
//! writing a WAV file) or a trivial client that only writes silence, on the JACK backend or on
//! cpal's JACK host, plus an optional busy loop pinned to a CPU to load the machine.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::backend::jack::{JackEngine, JackOptions};
use crate::engine::{EngineOptions, RunReport};
use crate::error::RtError;
use crate::processor::{FrameInfo, Processor, StreamConfig};
use crate::recorder::{self, RecordSummary, RecorderOptions, WorkerOptions};
use crate::rt_thread::{self, RtRequest};
use crate::source::Source;

/// What the callback does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Workload {
    /// cadenza's recording pipeline: tone source, meters, VAD, ring writes, WAV-writing worker.
    Cadenza,
    /// Writes silence to its outputs and nothing else.
    Trivial,
}

/// Which client runs the workload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Client {
    /// cadenza's JACK backend (jack crate).
    Jack,
    /// cadenza's cpal backend on cpal's JACK host.
    #[cfg(feature = "cpal")]
    Cpal,
}

/// One timed run.
#[derive(Clone, Debug)]
pub struct MeasureOptions {
    /// Client/backend.
    pub client: Client,
    /// Callback workload.
    pub workload: Workload,
    /// Run length.
    pub seconds: f64,
    /// Expected sample rate (the JACK server's must match).
    pub sample_rate: u32,
    /// Period in frames; the JACK server's buffer size is changed to it if it differs.
    pub period: usize,
    /// Output channels.
    pub channels: usize,
    /// Make the recording worker busy-poll instead of sleeping.
    pub busy_worker: bool,
    /// Directory for the scratch recording (deleted after the run).
    pub scratch_dir: PathBuf,
    /// Real-time request for the callback thread.
    pub rt: RtRequest,
}

/// Outcome of a run.
#[derive(Clone, Debug)]
pub struct Measured {
    /// Callback-side report.
    pub report: RunReport,
    /// Worker-side summary (for [`Workload::Cadenza`]).
    pub recording: Option<RecordSummary>,
}

/// Silence: the trivial client body.
pub struct Silence;

impl Processor for Silence {
    fn prepare(&mut self, _: &StreamConfig) {}

    fn process(&mut self, _input: &[&[f32]], output: &mut [&mut [f32]], info: &FrameInfo) {
        for out in output.iter_mut() {
            out[..info.frames].fill(0.0);
        }
    }
}

/// Makes the JACK server's period `period` frames and checks its rate.
pub fn ensure_jack_config(sample_rate: u32, period: usize) -> Result<(), RtError> {
    let client = crate::backend::jack::open_client("cadenza-config")?;
    if client.sample_rate() != sample_rate {
        return Err(RtError::Config(
            "the JACK server runs at a different sample rate (restart it with -r)",
        ));
    }
    if client.buffer_size() as usize != period {
        client
            .set_buffer_size(period as u32)
            .map_err(RtError::Jack)?;
        std::thread::sleep(Duration::from_millis(300));
    }
    Ok(())
}

fn engine_options(opts: &MeasureOptions) -> EngineOptions {
    let periods = (opts.seconds * f64::from(opts.sample_rate) / opts.period.max(1) as f64) as usize;
    EngineOptions {
        timing_capacity: periods + periods / 4 + 1024,
        rt: opts.rt,
    }
}

fn run_on<P: Processor>(
    processor: P,
    opts: &MeasureOptions,
    name: &str,
) -> Result<RunReport, RtError> {
    let engine = engine_options(opts);
    match opts.client {
        Client::Jack => {
            let e = JackEngine::start(
                processor,
                &JackOptions {
                    client_name: name.into(),
                    outputs: opts.channels,
                    // Same topology as cpal's JACK host, which connects to the system ports.
                    connect_outputs: (1..=opts.channels)
                        .map(|i| format!("system:playback_{i}"))
                        .collect(),
                    engine,
                    ..JackOptions::default()
                },
            )?;
            std::thread::sleep(Duration::from_secs_f64(opts.seconds));
            Ok(e.stop()?.1)
        }
        #[cfg(feature = "cpal")]
        Client::Cpal => {
            use crate::backend::cpal::{CpalEngine, CpalHost, CpalOptions};
            let e = CpalEngine::start(
                processor,
                &CpalOptions {
                    host: CpalHost::Jack,
                    outputs: opts.channels,
                    sample_rate: opts.sample_rate,
                    buffer_frames: Some(opts.period as u32),
                    engine,
                },
            )?;
            std::thread::sleep(Duration::from_secs_f64(opts.seconds));
            Ok(e.stop()?.1)
        }
    }
}

/// Runs one measurement.
pub fn measure(opts: &MeasureOptions) -> Result<Measured, RtError> {
    ensure_jack_config(opts.sample_rate, opts.period)?;
    match opts.workload {
        Workload::Trivial => Ok(Measured {
            report: run_on(Silence, opts, "trivial")?,
            recording: None,
        }),
        Workload::Cadenza => {
            std::fs::create_dir_all(&opts.scratch_dir)?;
            let wav_path = opts
                .scratch_dir
                .join(format!("rt-stats-{}.wav", std::process::id()));
            let (proc_, sink) = recorder::pipeline(&RecorderOptions {
                channels: opts.channels,
                source: Source::Tone {
                    freq_hz: 440.0,
                    amplitude: 0.25,
                },
                // Ten seconds: rides out page-cache write throttling on a busy machine.
                ring_frames: opts.sample_rate as usize * 10,
                meta_capacity: opts.sample_rate as usize * 10 / opts.period.max(1) + 1,
            });
            let worker = sink.spawn_worker(
                opts.sample_rate,
                WorkerOptions {
                    wav_path: wav_path.clone(),
                    log_path: None,
                    spin: opts.busy_worker,
                },
            )?;
            let report = run_on(proc_, opts, "cadenza");
            let recording = worker.finish();
            let _ = std::fs::remove_file(&wav_path);
            Ok(Measured {
                report: report?,
                recording: Some(recording?),
            })
        }
    }
}

/// A thread spinning on one CPU until dropped, to load that core.
pub struct BusyLoop {
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
}

impl BusyLoop {
    /// Starts spinning on `cpu` (unpinned when the affinity request is refused).
    pub fn start(cpu: Option<usize>) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let handle = std::thread::spawn(move || {
            let _ = rt_thread::apply_to_current_thread(&RtRequest {
                cpu,
                ..RtRequest::default()
            });
            let mut x = 0u64;
            while !flag.load(Ordering::Relaxed) {
                for _ in 0..10_000 {
                    x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
                }
            }
        });
        BusyLoop {
            stop,
            handle: Some(handle),
        }
    }
}

impl Drop for BusyLoop {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}
