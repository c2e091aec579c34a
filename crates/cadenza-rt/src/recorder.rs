//! The recording pipeline.
//!
//! [`RecordingProcessor`] runs in the callback: it takes its signal from a [`Source`], meters it
//! (peak/RMS) and runs voice-activity detection with `cadenza-dsp`, pushes interleaved samples
//! into one rtrb ring and one [`FrameMeta`] per period into another, and optionally copies the
//! signal to its outputs. When a ring is full it drops and counts instead of waiting.
//! [`RecordingWorker`] drains both rings on its own thread, writes the WAV file (renamed into
//! place when finished) and the JSON-lines metadata log, and derives speech segments from the
//! VAD flags.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use cadenza_dsp::meter;
use cadenza_dsp::vad::{Vad, VadConfig};
use rtrb::{Consumer, Producer, RingBuffer};

use crate::decimate::{self, Decimator};
use crate::meta::FrameMeta;
use crate::processor::{FrameInfo, Processor, StreamConfig};
use crate::source::{Source, SourceState};
use crate::thread_counters::{self, ThreadCounters};
use crate::wav::WavWriter;

/// Shape of a recording.
#[derive(Clone, Debug)]
pub struct RecorderOptions {
    /// Channels recorded (taken from inputs `0..channels` for [`Source::Input`]).
    pub channels: usize,
    /// Capacity of the sample ring in frames (how long the worker may stall without losses).
    pub ring_frames: usize,
    /// Capacity of the metadata ring in periods.
    pub meta_capacity: usize,
    /// Signal source.
    pub source: Source,
}

impl Default for RecorderOptions {
    fn default() -> Self {
        RecorderOptions {
            channels: 1,
            ring_frames: 48_000,
            meta_capacity: 1024,
            source: Source::Input,
        }
    }
}

/// Loss counters shared between the callback and the worker.
#[derive(Debug, Default)]
pub struct LossCounters {
    /// Frames the callback could not push because the sample ring was full.
    pub dropped_frames: AtomicU64,
    /// Periods whose [`FrameMeta`] could not be pushed because the metadata ring was full.
    pub dropped_metas: AtomicU64,
}

/// The callback half of the pipeline.
pub struct RecordingProcessor {
    source: SourceState,
    channels: usize,
    samples: Producer<f32>,
    metas: Producer<FrameMeta>,
    losses: Arc<LossCounters>,
    planar: Vec<Vec<f32>>,
    interleaved: Vec<f32>,
    vad: Option<Vad>,
    vad_decimator: Option<Decimator>,
    vad_decimated: Vec<f32>,
    vad_frame: Vec<f32>,
    vad_fill: usize,
    vad_state: bool,
}

/// The worker half of the pipeline, before its thread is started.
pub struct RecordingSink {
    samples: Consumer<f32>,
    metas: Consumer<FrameMeta>,
    channels: usize,
    losses: Arc<LossCounters>,
}

/// Creates the two halves of a recording pipeline connected by the rings.
pub fn pipeline(options: &RecorderOptions) -> (RecordingProcessor, RecordingSink) {
    let channels = options.channels.max(1);
    let (mut sp, mut sc) = RingBuffer::new(options.ring_frames.max(1) * channels);
    let (mut mp, mut mc) = RingBuffer::new(options.meta_capacity.max(1));
    prefault_ring(&mut sp, &mut sc, 0.0);
    prefault_ring(&mut mp, &mut mc, FrameMeta::default());
    let losses = Arc::new(LossCounters::default());
    let processor = RecordingProcessor {
        source: SourceState::new(options.source.clone()),
        channels,
        samples: sp,
        metas: mp,
        losses: Arc::clone(&losses),
        planar: Vec::new(),
        interleaved: Vec::new(),
        vad: None,
        vad_decimator: None,
        vad_decimated: Vec::new(),
        vad_frame: Vec::new(),
        vad_fill: 0,
        vad_state: false,
    };
    (
        processor,
        RecordingSink {
            samples: sc,
            metas: mc,
            channels,
            losses,
        },
    )
}

/// Fills the whole (empty) ring once and drains it: every page of its buffer is written before
/// the callback runs, so the callback's first pass through the ring does not page-fault (rtrb
/// allocates the buffer uninitialised: fresh pages that fault on first write).
fn prefault_ring<T: Copy>(producer: &mut Producer<T>, consumer: &mut Consumer<T>, fill: T) {
    let n = producer.slots();
    if let Ok(chunk) = producer.write_chunk_uninit(n) {
        chunk.fill_from_iter(std::iter::repeat(fill));
    }
    if let Ok(chunk) = consumer.read_chunk(consumer.slots()) {
        chunk.commit_all();
    }
}

impl RecordingProcessor {
    /// Loss counters (shared with the sink).
    pub fn losses(&self) -> &Arc<LossCounters> {
        &self.losses
    }

    fn run_vad(&mut self, mono: &[f32]) {
        let Some(vad) = self.vad.as_mut() else { return };
        let mut rest = match self.vad_decimator.as_mut() {
            Some(d) => {
                let n = d.process(mono, &mut self.vad_decimated);
                &self.vad_decimated[..n]
            }
            None => mono,
        };
        while !rest.is_empty() {
            let take = (self.vad_frame.len() - self.vad_fill).min(rest.len());
            self.vad_frame[self.vad_fill..self.vad_fill + take].copy_from_slice(&rest[..take]);
            self.vad_fill += take;
            rest = &rest[take..];
            if self.vad_fill == self.vad_frame.len() {
                self.vad_state = vad.process(&self.vad_frame);
                self.vad_fill = 0;
            }
        }
    }
}

impl Processor for RecordingProcessor {
    fn prepare(&mut self, config: &StreamConfig) {
        self.planar = vec![vec![0.0; config.max_frames]; self.channels];
        self.interleaved = vec![0.0; config.max_frames * self.channels];
        self.source.prepare(config.sample_rate);
        if config.sample_rate >= 2000 {
            // The VAD looks at 150 Hz - 4 kHz: run it on a low-passed ~16 kHz copy.
            let factor = decimate::factor_for(config.sample_rate);
            self.vad_decimator = (factor > 1).then(|| Decimator::new(factor, config.max_frames));
            self.vad_decimated = vec![0.0; config.max_frames.div_ceil(factor)];
            let cfg = VadConfig::new(config.sample_rate / factor as u32);
            self.vad_frame = vec![0.0; cfg.frame_len];
            self.vad = Some(Vad::new(cfg));
        }
        self.vad_fill = 0;
    }

    fn process(&mut self, input: &[&[f32]], output: &mut [&mut [f32]], info: &FrameInfo) {
        let frames = info.frames.min(self.interleaved.len() / self.channels);
        // 1. The signal, planar.
        for ch in 0..self.channels {
            let dst = &mut self.planar[ch][..frames];
            if ch == 0 || matches!(self.source.source, Source::Input) {
                if !self.source.generate(info.frame_pos, dst) {
                    match input.get(ch) {
                        Some(src) => dst.copy_from_slice(&src[..frames]),
                        None => dst.fill(0.0),
                    }
                }
            } else {
                let (first, rest) = self.planar.split_at_mut(1);
                rest[ch - 1][..frames].copy_from_slice(&first[0][..frames]);
            }
        }
        // 2. Metering over all channels and VAD on the first.
        let mut peak = 0.0f32;
        let mut sum_sq = 0.0f32;
        for ch in &self.planar {
            let m = meter::peak_rms(&ch[..frames]);
            peak = peak.max(m.peak);
            sum_sq += m.rms * m.rms;
        }
        let rms = (sum_sq / self.channels as f32).sqrt();
        let mono = std::mem::take(&mut self.planar[0]);
        self.run_vad(&mono[..frames]);
        self.planar[0] = mono;
        // 3. Samples into the ring, interleaved; drop (and count) rather than wait.
        let n = frames * self.channels;
        let mut dropped = 0u32;
        if self.samples.slots() >= n {
            if self.channels == 1 {
                self.interleaved[..n].copy_from_slice(&self.planar[0][..frames]);
            } else {
                let mut views: [&[f32]; crate::MAX_CHANNELS] = [&[]; crate::MAX_CHANNELS];
                for (v, ch) in views.iter_mut().zip(&self.planar) {
                    *v = &ch[..frames];
                }
                cadenza_dsp::interleave::interleave(
                    &views[..self.channels],
                    &mut self.interleaved[..n],
                );
            }
            if let Ok(chunk) = self.samples.write_chunk_uninit(n) {
                chunk.fill_from_iter(self.interleaved[..n].iter().copied());
            }
        } else {
            dropped = frames as u32;
            self.losses
                .dropped_frames
                .fetch_add(frames as u64, Ordering::Relaxed);
        }
        // 4. One metadata record per period.
        let meta = FrameMeta {
            period: info.period,
            frame_pos: info.frame_pos,
            timestamp_ns: info.now_ns,
            frames: frames as u32,
            dropped_frames: dropped,
            vad: self.vad_state,
            peak,
            rms,
            xrun: info.xrun,
        };
        if self.metas.push(meta).is_err() {
            self.losses.dropped_metas.fetch_add(1, Ordering::Relaxed);
        }
        // 5. Monitor: copy the signal to the outputs.
        for (ch, out) in output.iter_mut().enumerate() {
            match self.planar.get(ch) {
                Some(src) => out[..frames].copy_from_slice(&src[..frames]),
                None => out[..frames].fill(0.0),
            }
        }
    }
}

/// How long the worker sleeps when both rings are empty. Long enough to keep its wake-ups (and
/// the context switches they cost the callback's core) rare, far shorter than any ring.
pub const WORKER_POLL: Duration = Duration::from_millis(10);

/// Where and how the worker writes.
#[derive(Clone, Debug, Default)]
pub struct WorkerOptions {
    /// Final WAV path (written as a hidden temporary file and renamed on finish).
    pub wav_path: PathBuf,
    /// JSON-lines metadata log path, if wanted.
    pub log_path: Option<PathBuf>,
    /// Busy-poll the rings instead of sleeping between drains (to load a core in tests).
    pub spin: bool,
}

/// What the worker saw.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RecordSummary {
    /// Frames written to the WAV file.
    pub frames_written: u64,
    /// Metadata records received.
    pub periods: u64,
    /// Frames dropped by the callback because the sample ring was full.
    pub dropped_frames: u64,
    /// Metadata records dropped because their ring was full.
    pub dropped_metas: u64,
    /// Periods whose record is missing from the sequence (index gaps seen by the worker).
    pub period_gaps: u64,
    /// Periods flagged as voice.
    pub vad_periods: u64,
    /// Speech segments (runs of voiced periods) as (first frame, end frame).
    pub speech_segments: Vec<(u64, u64)>,
    /// Periods flagged with an xrun.
    pub xrun_periods: u64,
    /// Largest per-period peak.
    pub peak: f32,
    /// RMS over everything written (computed by the worker from the samples).
    pub rms: f32,
    /// Kernel counters of the worker thread (CPU time, page faults, context switches).
    pub worker_thread: Option<ThreadCounters>,
}

/// The worker thread; call [`RecordingWorker::finish`] after the engine has stopped.
pub struct RecordingWorker {
    handle: JoinHandle<io::Result<RecordSummary>>,
    stop: Arc<AtomicBool>,
}

struct Analysis {
    summary: RecordSummary,
    next_period: Option<u64>,
    open_segment: Option<u64>,
    sum_sq: f64,
    samples: u64,
    end_frame: u64,
}

impl Analysis {
    fn meta(&mut self, m: &FrameMeta, log: &mut Option<BufWriter<File>>) -> io::Result<()> {
        let s = &mut self.summary;
        s.periods += 1;
        if let Some(expected) = self.next_period
            && m.period > expected
        {
            s.period_gaps += m.period - expected;
        }
        self.next_period = Some(m.period + 1);
        self.end_frame = m.frame_pos + u64::from(m.frames);
        s.peak = s.peak.max(m.peak);
        s.xrun_periods += u64::from(m.xrun);
        s.vad_periods += u64::from(m.vad);
        match (m.vad, self.open_segment) {
            (true, None) => self.open_segment = Some(m.frame_pos),
            (false, Some(start)) => {
                self.open_segment = None;
                s.speech_segments.push((start, m.frame_pos));
                if let Some(out) = log.as_mut() {
                    writeln!(
                        out,
                        "{{\"speech_segment\":{{\"start_frame\":{start},\"end_frame\":{}}}}}",
                        m.frame_pos
                    )?;
                }
            }
            _ => {}
        }
        if let Some(out) = log.as_mut() {
            m.write_json_line(out)?;
        }
        Ok(())
    }

    fn samples(&mut self, data: &[f32]) {
        if data.is_empty() {
            return;
        }
        let r = f64::from(meter::rms(data));
        self.sum_sq += r * r * data.len() as f64;
        self.samples += data.len() as u64;
    }
}

impl RecordingSink {
    /// Starts the worker thread writing to `options.wav_path` at `sample_rate`.
    pub fn spawn_worker(
        self,
        sample_rate: u32,
        options: WorkerOptions,
    ) -> io::Result<RecordingWorker> {
        let mut wav = WavWriter::create(&options.wav_path, self.channels as u16, sample_rate)?;
        let mut log = match &options.log_path {
            Some(p) => Some(BufWriter::new(File::create(p)?)),
            None => None,
        };
        let stop = Arc::new(AtomicBool::new(false));
        let stop_flag = Arc::clone(&stop);
        let RecordingSink {
            mut samples,
            mut metas,
            channels,
            losses,
        } = self;
        let handle = std::thread::Builder::new()
            .name("cadenza-rec-worker".into())
            .spawn(move || {
                let mut an = Analysis {
                    summary: RecordSummary::default(),
                    next_period: None,
                    open_segment: None,
                    sum_sq: 0.0,
                    samples: 0,
                    end_frame: 0,
                };
                loop {
                    let stopping = stop_flag.load(Ordering::Acquire);
                    let mut moved = false;
                    let avail = samples.slots() / channels * channels;
                    if avail > 0
                        && let Ok(chunk) = samples.read_chunk(avail)
                    {
                        let (a, b) = chunk.as_slices();
                        wav.write_samples(a)?;
                        wav.write_samples(b)?;
                        an.samples(a);
                        an.samples(b);
                        chunk.commit_all();
                        moved = true;
                    }
                    while let Ok(m) = metas.pop() {
                        an.meta(&m, &mut log)?;
                        moved = true;
                    }
                    if stopping && !moved {
                        break;
                    }
                    if !moved {
                        if options.spin {
                            std::hint::spin_loop();
                        } else {
                            std::thread::sleep(WORKER_POLL);
                        }
                    }
                }
                if let Some(start) = an.open_segment.take() {
                    an.summary.speech_segments.push((start, an.end_frame));
                }
                an.summary.frames_written = wav.frames();
                an.summary.dropped_frames = losses.dropped_frames.load(Ordering::Relaxed);
                an.summary.dropped_metas = losses.dropped_metas.load(Ordering::Relaxed);
                an.summary.rms = if an.samples > 0 {
                    (an.sum_sq / an.samples as f64).sqrt() as f32
                } else {
                    0.0
                };
                if let Some(mut out) = log {
                    out.flush()?;
                    out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
                }
                wav.finish()?;
                an.summary.worker_thread = thread_counters::read(thread_counters::current_tid());
                Ok(an.summary)
            })?;
        Ok(RecordingWorker { handle, stop })
    }
}

impl RecordingWorker {
    /// Tells the worker the producer is done, waits for it to drain the rings, finish the WAV
    /// file (rename into place) and flush the log.
    pub fn finish(self) -> io::Result<RecordSummary> {
        self.stop.store(true, Ordering::Release);
        match self.handle.join() {
            Ok(result) => result,
            Err(_) => Err(io::Error::other("recording worker panicked")),
        }
    }
}
