//! Offline clock backend: runs a processor for a fixed number of periods on its own thread,
//! either as fast as possible (deterministic, for tests and file processing) or paced to the
//! wall clock with absolute sleeps (for timing the engine without an audio server).

use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use crate::clock::now_ns;
use crate::engine::{EngineOptions, Harness, RunReport};
use crate::processor::{MAX_CHANNELS, Processor, StreamConfig};
use crate::rt_thread;
use crate::thread_counters;

/// Options of an offline run.
#[derive(Clone, Debug, Default)]
pub struct OfflineOptions {
    /// Stream shape; `max_frames` is the period size.
    pub config: StreamConfig,
    /// Number of periods to run.
    pub periods: u64,
    /// Sleep until each period's deadline instead of running flat out.
    pub paced: bool,
    /// Planar input data, one vector per input channel; shorter channels (or none) read as
    /// silence.
    pub input: Vec<Vec<f32>>,
    /// Common engine options.
    pub engine: EngineOptions,
}

/// Planar output of an offline run, when requested.
pub type PlanarOutput = Vec<Vec<f32>>;

fn sleep_until_ns(deadline_ns: u64) {
    let ts = libc::timespec {
        tv_sec: (deadline_ns / 1_000_000_000) as libc::time_t,
        tv_nsec: (deadline_ns % 1_000_000_000) as libc::c_long,
    };
    loop {
        // SAFETY: `ts` is a valid absolute CLOCK_MONOTONIC time; the remainder pointer may be null.
        let rc = unsafe {
            libc::clock_nanosleep(
                libc::CLOCK_MONOTONIC,
                libc::TIMER_ABSTIME,
                &ts,
                std::ptr::null_mut(),
            )
        };
        if rc != libc::EINTR {
            break;
        }
    }
}

/// Runs `processor` for `options.periods` periods on a new thread and returns it with the run's
/// report. When `keep_output` is true the processor's output is collected (planar).
pub fn run<P: Processor>(
    mut processor: P,
    options: OfflineOptions,
    keep_output: bool,
) -> (P, RunReport, PlanarOutput) {
    let config = options.config;
    assert!(
        config.inputs <= MAX_CHANNELS && config.outputs <= MAX_CHANNELS,
        "too many channels"
    );
    processor.prepare(&config);
    let handle = std::thread::Builder::new()
        .name("cadenza-offline".into())
        .spawn(move || {
            let rt = rt_thread::apply_to_current_thread(&options.engine.rt);
            let frames = config.max_frames;
            let mut harness = Harness::new(processor, &options.engine, Arc::new(AtomicU64::new(0)));
            let mut in_bufs = vec![vec![0.0f32; frames]; config.inputs];
            let mut out_bufs = vec![vec![0.0f32; frames]; config.outputs];
            let total = options.periods as usize * frames;
            let mut kept: PlanarOutput = if keep_output {
                vec![Vec::with_capacity(total); config.outputs]
            } else {
                Vec::new()
            };
            let period_ns = config.period_ns();
            let start = now_ns() + period_ns;
            for period in 0..options.periods {
                let pos = period as usize * frames;
                for (buf, src) in in_bufs
                    .iter_mut()
                    .zip(options.input.iter().chain(std::iter::repeat(&Vec::new())))
                {
                    let rest = src.get(pos..).unwrap_or(&[]);
                    let avail = rest.len().min(frames);
                    buf[..avail].copy_from_slice(&rest[..avail]);
                    buf[avail..].fill(0.0);
                }
                let deadline = start + period * period_ns;
                if options.paced {
                    sleep_until_ns(deadline);
                }
                let entry = now_ns();
                let lateness = options.paced.then(|| entry as i64 - deadline as i64);
                {
                    let mut ins: [&[f32]; MAX_CHANNELS] = [&[]; MAX_CHANNELS];
                    for (slot, buf) in ins.iter_mut().zip(&in_bufs) {
                        *slot = buf;
                    }
                    let mut outs: [&mut [f32]; MAX_CHANNELS] = std::array::from_fn(|_| &mut [][..]);
                    for (slot, buf) in outs.iter_mut().zip(out_bufs.iter_mut()) {
                        *slot = buf;
                    }
                    harness.run_period(
                        &ins[..config.inputs],
                        &mut outs[..config.outputs],
                        frames,
                        entry,
                        lateness,
                    );
                }
                if keep_output {
                    for (dst, buf) in kept.iter_mut().zip(&out_bufs) {
                        dst.extend_from_slice(buf);
                    }
                }
            }
            let (processor, report) = harness.finish(
                "offline",
                config,
                Some(rt),
                thread_counters::read(thread_counters::current_tid()),
            );
            (processor, report, kept)
        })
        .expect("spawning the offline engine thread");
    match handle.join() {
        Ok(result) => result,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// Convenience: a [`StreamConfig`] with the given rate, period and channel counts.
pub fn config(sample_rate: u32, period: usize, inputs: usize, outputs: usize) -> StreamConfig {
    StreamConfig {
        sample_rate,
        max_frames: period,
        inputs,
        outputs,
    }
}
