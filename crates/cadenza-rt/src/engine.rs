//! The backend-independent part of a run: the per-period harness that wraps a [`Processor`]
//! (real-time scope for allocation accounting, timing samples, xrun flag, frame counters) and
//! the [`RunReport`] handed back when a run stops.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::alloc_guard::{self, RtScope};
use crate::clock::now_ns;
use crate::processor::{FrameInfo, Processor, StreamConfig};
use crate::rt_thread::{RtReport, RtRequest};
use crate::thread_counters::ThreadCounters;
use crate::timing::{TimingLog, TimingSummary};

/// Options every backend accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EngineOptions {
    /// Number of periods whose timing is kept (preallocated before the run starts).
    pub timing_capacity: usize,
    /// Real-time privileges to request for the callback thread.
    pub rt: RtRequest,
}

impl Default for EngineOptions {
    fn default() -> Self {
        // One hour of 128-frame periods at 48 kHz fits in 1.35 M entries (16 MB of samples);
        // keep the default at ten minutes.
        EngineOptions {
            timing_capacity: 225_000,
            rt: RtRequest::default(),
        }
    }
}

/// What a run did, measured on the callback thread.
#[derive(Clone, Debug)]
pub struct RunReport {
    /// Backend name ("jack", "offline", "cpal").
    pub backend: &'static str,
    /// Stream configuration the processor was prepared with.
    pub config: StreamConfig,
    /// Callbacks run.
    pub periods: u64,
    /// Frames processed.
    pub frames: u64,
    /// Xruns reported by the backend during the run.
    pub xruns: u64,
    /// Allocator calls made on the callback thread during the run.
    pub rt_allocator_calls: u64,
    /// Whether the counting allocator is installed (otherwise `rt_allocator_calls` is meaningless).
    pub allocator_counted: bool,
    /// Timing statistics.
    pub timing: TimingSummary,
    /// Periods not kept in the timing log because it was full.
    pub timing_dropped: u64,
    /// Scheduling of the callback thread, when the backend could observe it.
    pub rt: Option<RtReport>,
    /// Kernel counters (page faults, context switches, CPU time) of the callback thread, read
    /// just before the run stopped, when the backend could find the thread.
    pub callback_thread: Option<ThreadCounters>,
}

impl fmt::Display for RunReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "backend {}: {} Hz, {} frames/period ({:.3} ms), {} periods, {} frames",
            self.backend,
            self.config.sample_rate,
            self.config.max_frames,
            self.config.period_ns() as f64 / 1e6,
            self.periods,
            self.frames
        )?;
        if let Some(rt) = &self.rt {
            writeln!(f, "{rt}")?;
        }
        if let Some(c) = &self.callback_thread {
            writeln!(f, "callback thread {c}")?;
        }
        writeln!(f, "{}", self.timing)?;
        writeln!(f, "xruns: {}", self.xruns)?;
        if self.allocator_counted {
            write!(
                f,
                "allocator calls on the callback thread: {}",
                self.rt_allocator_calls
            )?;
        } else {
            write!(
                f,
                "allocator calls on the callback thread: not counted (CountingAlloc not installed)"
            )?;
        }
        if self.timing_dropped > 0 {
            write!(
                f,
                "\n(timing log full: {} periods not included)",
                self.timing_dropped
            )?;
        }
        Ok(())
    }
}

/// Wraps a processor with the per-period bookkeeping every backend shares.
pub(crate) struct Harness<P> {
    pub(crate) processor: P,
    log: TimingLog,
    period: u64,
    frame_pos: u64,
    xruns: Arc<AtomicU64>,
    seen_xruns: u64,
    rt_calls_at_start: u64,
    thread: Arc<AtomicU64>,
}

impl<P: Processor> Harness<P> {
    pub(crate) fn new(processor: P, options: &EngineOptions, xruns: Arc<AtomicU64>) -> Self {
        Harness {
            processor,
            log: TimingLog::with_capacity(options.timing_capacity),
            period: 0,
            frame_pos: 0,
            xruns,
            seen_xruns: 0,
            rt_calls_at_start: alloc_guard::rt_allocator_calls(),
            thread: Arc::new(AtomicU64::new(0)),
        }
    }

    /// The callback thread's `pthread_t` (0 until the first period ran), published so the
    /// engine can read the thread's scheduling from outside without a system call in the
    /// callback.
    pub(crate) fn thread_handle(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.thread)
    }

    /// Runs one period. `entry_ns` is the callback's entry time; `lateness_ns` its lateness
    /// against the backend's cycle start, when known.
    #[inline]
    pub(crate) fn run_period(
        &mut self,
        input: &[&[f32]],
        output: &mut [&mut [f32]],
        frames: usize,
        entry_ns: u64,
        lateness_ns: Option<i64>,
    ) {
        let _rt = RtScope::enter();
        if self.period == 0 {
            // SAFETY: pthread_self only reads the thread pointer; no system call.
            let me = unsafe { libc::pthread_self() };
            self.thread.store(me as u64, Ordering::Relaxed);
        }
        let xruns = self.xruns.load(Ordering::Relaxed);
        let info = FrameInfo {
            period: self.period,
            frame_pos: self.frame_pos,
            frames,
            now_ns: entry_ns,
            xrun: xruns != self.seen_xruns,
        };
        self.seen_xruns = xruns;
        self.processor.process(input, output, &info);
        let busy = now_ns().saturating_sub(entry_ns);
        self.log.record(entry_ns, lateness_ns, busy);
        self.period += 1;
        self.frame_pos += frames as u64;
    }

    pub(crate) fn finish(
        self,
        backend: &'static str,
        config: StreamConfig,
        rt: Option<RtReport>,
        callback_thread: Option<ThreadCounters>,
    ) -> (P, RunReport) {
        let report = RunReport {
            backend,
            config,
            periods: self.period,
            frames: self.frame_pos,
            xruns: self.xruns.load(Ordering::Relaxed),
            rt_allocator_calls: alloc_guard::rt_allocator_calls() - self.rt_calls_at_start,
            allocator_counted: alloc_guard::installed(),
            timing: self.log.summary(),
            timing_dropped: self.log.dropped(),
            rt,
            callback_thread,
        };
        (self.processor, report)
    }
}
