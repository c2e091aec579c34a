//! cpal backend (feature `cpal`): drives a [`Processor`] from a cpal output stream. With cpal's
//! JACK host it runs as an ordinary client of the same JACK server as [`super::jack`], which is
//! how cadenza is compared against a plain cpal client. Output only: `process` receives no
//! input channels.
//!
//! Lateness: cpal does not expose JACK's cycle start, so a second, passive JACK client (never
//! activated) reads `jack_get_cycle_times` from the server's shared frame timer inside the
//! callback; that is a shared-memory read, not a system call.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;

use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};

use crate::clock::now_ns;
use crate::engine::{EngineOptions, Harness, RunReport};
use crate::error::RtError;
use crate::processor::{MAX_CHANNELS, Processor, StreamConfig};
use crate::rt_thread::{self, Outcome, RtReport};

/// Which cpal host to open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CpalHost {
    /// cpal's JACK host (needs a running JACK server).
    #[default]
    Jack,
    /// The platform's default host (ALSA on Linux).
    Default,
}

/// Options of a cpal run.
#[derive(Clone, Copy, Debug)]
pub struct CpalOptions {
    /// Host to open.
    pub host: CpalHost,
    /// Output channels.
    pub outputs: usize,
    /// Requested sample rate.
    pub sample_rate: u32,
    /// Requested buffer size in frames (`None`: the host's default).
    pub buffer_frames: Option<u32>,
    /// Common engine options (the RT request is applied on the first callback's thread only
    /// for reporting; cpal's JACK host runs on JACK's own thread).
    pub engine: EngineOptions,
}

/// State owned by the cpal data callback; handed back to [`CpalEngine::stop`] when cpal drops
/// the callback (outside the real-time path).
struct CallbackState<P: Processor> {
    harness: Option<Harness<P>>,
    planar: Vec<Vec<f32>>,
    channels: usize,
    jack_timer: Option<jack::Client>,
    back: mpsc::Sender<Harness<P>>,
}

impl<P: Processor> Drop for CallbackState<P> {
    fn drop(&mut self) {
        if let Some(h) = self.harness.take() {
            let _ = self.back.send(h);
        }
    }
}

/// Lateness of now against JACK's current cycle start, read through a passive client.
fn jack_lateness_ns(client: &jack::Client) -> Option<i64> {
    let (mut frames, mut current, mut next, mut period) = (0, 0, 0, 0.0f32);
    // SAFETY: `client.raw()` is a live client for the lifetime of `client`; all out-pointers
    // are valid for writes. The function only reads the server's shared frame timer.
    let rc = unsafe {
        (jack::jack_sys::jack_get_cycle_times)(
            client.raw(),
            &mut frames,
            &mut current,
            &mut next,
            &mut period,
        )
    };
    if rc != Some(0) {
        return None;
    }
    Some((client.time() as i64 - current as i64) * 1000)
}

impl<P: Processor> CallbackState<P> {
    fn run(&mut self, data: &mut [f32]) {
        let entry = now_ns();
        let lateness = self.jack_timer.as_ref().and_then(jack_lateness_ns);
        let Some(harness) = self.harness.as_mut() else {
            return;
        };
        let frames =
            (data.len() / self.channels.max(1)).min(self.planar.first().map_or(0, Vec::len));
        let mut outs: [&mut [f32]; MAX_CHANNELS] = std::array::from_fn(|_| &mut [][..]);
        for (slot, buf) in outs.iter_mut().zip(self.planar.iter_mut()) {
            *slot = &mut buf[..frames];
        }
        harness.run_period(&[], &mut outs[..self.channels], frames, entry, lateness);
        let mut views: [&[f32]; MAX_CHANNELS] = [&[]; MAX_CHANNELS];
        for (v, buf) in views.iter_mut().zip(&self.planar) {
            *v = &buf[..frames];
        }
        cadenza_dsp::interleave::interleave(
            &views[..self.channels],
            &mut data[..frames * self.channels],
        );
    }
}

/// A processor running on a cpal output stream.
pub struct CpalEngine<P: Processor> {
    stream: cpal::Stream,
    back: mpsc::Receiver<Harness<P>>,
    config: StreamConfig,
    xruns: Arc<AtomicU64>,
    thread: Arc<AtomicU64>,
}

impl<P: Processor> CpalEngine<P> {
    /// Opens the host's default output device and starts the stream.
    pub fn start(mut processor: P, options: &CpalOptions) -> Result<Self, RtError> {
        if options.outputs == 0 || options.outputs > MAX_CHANNELS {
            return Err(RtError::Config(
                "cpal backend needs 1..=MAX_CHANNELS outputs",
            ));
        }
        let host = match options.host {
            CpalHost::Jack => {
                cpal::host_from_id(cpal::HostId::Jack).map_err(|e| RtError::Cpal(e.to_string()))?
            }
            CpalHost::Default => cpal::default_host(),
        };
        let device = host
            .default_output_device()
            .ok_or(RtError::Config("cpal: no default output device"))?;
        let max_frames = options.buffer_frames.unwrap_or(1024) as usize;
        let config = StreamConfig {
            sample_rate: options.sample_rate,
            max_frames,
            inputs: 0,
            outputs: options.outputs,
        };
        processor.prepare(&config);
        if options.engine.rt.mlockall {
            let _ = rt_thread::lock_memory();
        }
        let xruns = Arc::new(AtomicU64::new(0));
        let (tx, rx) = mpsc::channel();
        let jack_timer = match options.host {
            CpalHost::Jack => crate::backend::jack::open_client("cadenza-cpal-timer").ok(),
            CpalHost::Default => None,
        };
        let harness = Harness::new(processor, &options.engine, Arc::clone(&xruns));
        let thread = harness.thread_handle();
        let mut state = CallbackState {
            harness: Some(harness),
            // Generous: hosts may deliver more than the requested buffer size.
            planar: vec![vec![0.0; max_frames.max(8192)]; options.outputs],
            channels: options.outputs,
            jack_timer,
            back: tx,
        };
        let stream_config = cpal::StreamConfig {
            channels: options.outputs as u16,
            sample_rate: options.sample_rate,
            buffer_size: match options.buffer_frames {
                Some(n) => cpal::BufferSize::Fixed(n),
                None => cpal::BufferSize::Default,
            },
        };
        let xruns_cb = Arc::clone(&xruns);
        let stream = device
            .build_output_stream::<f32, _, _>(
                stream_config,
                move |data: &mut [f32], _info: &cpal::OutputCallbackInfo| state.run(data),
                move |err| {
                    // cpal reports xruns (and other stream errors) here, off the data path.
                    if matches!(err.kind(), cpal::ErrorKind::Xrun) {
                        xruns_cb.fetch_add(1, Ordering::Relaxed);
                    }
                },
                None,
            )
            .map_err(|e| RtError::Cpal(e.to_string()))?;
        stream.play().map_err(|e| RtError::Cpal(e.to_string()))?;
        Ok(CpalEngine {
            stream,
            back: rx,
            config,
            xruns,
            thread,
        })
    }

    /// Stream configuration the processor was prepared with.
    pub fn config(&self) -> StreamConfig {
        self.config
    }

    /// Xruns reported so far.
    pub fn xruns(&self) -> u64 {
        self.xruns.load(Ordering::Relaxed)
    }

    /// Stops the stream and returns the processor with the run report.
    pub fn stop(self) -> Result<(P, RunReport), RtError> {
        let thread = self.thread.load(Ordering::Relaxed);
        let rt = (thread != 0).then(|| {
            let (policy, priority) = rt_thread::current_policy();
            let base = RtReport {
                fifo: Outcome::NotRequested,
                affinity: Outcome::NotRequested,
                mlockall: Outcome::NotRequested,
                policy,
                priority,
            };
            // SAFETY: the stream (and its callback thread) is still running here.
            unsafe { rt_thread::observed(base, thread as libc::pthread_t) }
        });
        // cpal gives no thread-start hook: the callback runs on the only SCHED_FIFO thread of
        // this process (JACK's client thread), found through /proc.
        let counters = crate::thread_counters::sole_realtime_thread();
        let _ = self.stream.pause();
        drop(self.stream);
        let harness = self
            .back
            .recv()
            .map_err(|_| RtError::Cpal("callback state was not returned".into()))?;
        Ok(harness.finish("cpal", self.config, rt, counters))
    }
}
