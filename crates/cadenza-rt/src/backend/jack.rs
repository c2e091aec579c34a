//! JACK backend: registers audio ports on a running JACK server, drives a [`Processor`] from
//! JACK's process callback, counts xruns from the notification thread and measures each
//! callback's lateness against JACK's cycle start (`jack_get_cycle_times`).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use jack::{AudioIn, AudioOut, Client, ClientOptions, Control, Port, ProcessScope};

use crate::clock::now_ns;
use crate::engine::{EngineOptions, Harness, RunReport};
use crate::error::RtError;
use crate::processor::{MAX_CHANNELS, Processor, StreamConfig};
use crate::rt_thread::{self, RtReport, RtRequest};
use crate::thread_counters;

/// Options of a JACK run.
#[derive(Clone, Debug, Default)]
pub struct JackOptions {
    /// JACK client name (the server may append a suffix to make it unique).
    pub client_name: String,
    /// Number of input ports, named `in_1`, `in_2`, ...
    pub inputs: usize,
    /// Number of output ports, named `out_1`, `out_2`, ...
    pub outputs: usize,
    /// Ports to connect to our inputs after activation (index i goes to `in_{i+1}`).
    pub connect_inputs: Vec<String>,
    /// Ports to connect our outputs to after activation (index i comes from `out_{i+1}`).
    pub connect_outputs: Vec<String>,
    /// Common engine options.
    pub engine: EngineOptions,
}

/// Counts xruns and applies the real-time request when JACK starts its process thread.
pub(crate) struct Notifications {
    pub(crate) xruns: Arc<AtomicU64>,
    rt_request: RtRequest,
    rt_report: Arc<Mutex<Option<RtReport>>>,
}

impl jack::NotificationHandler for Notifications {
    fn thread_init(&self, _: &Client) {
        // Runs once on the process thread before any process callback: not real-time.
        let report = rt_thread::apply_to_current_thread(&self.rt_request);
        if let Ok(mut slot) = self.rt_report.lock() {
            *slot = Some(report);
        }
    }

    fn xrun(&mut self, _: &Client) -> Control {
        self.xruns.fetch_add(1, Ordering::Relaxed);
        Control::Continue
    }
}

/// Process handler wrapping the harness and the registered ports.
pub(crate) struct Handler<P> {
    harness: Harness<P>,
    inputs: Vec<Port<AudioIn>>,
    outputs: Vec<Port<AudioOut>>,
}

/// Lateness of "now" against the start of the current JACK cycle, in nanoseconds.
#[inline]
pub(crate) fn cycle_lateness_ns(client: &Client, ps: &ProcessScope) -> Option<i64> {
    let now_us = client.time();
    let times = ps.cycle_times().ok()?;
    Some((now_us as i64 - times.current_usecs as i64) * 1000)
}

impl<P: Processor> jack::ProcessHandler for Handler<P> {
    fn process(&mut self, client: &Client, ps: &ProcessScope) -> Control {
        let entry = now_ns();
        let lateness = cycle_lateness_ns(client, ps);
        let frames = ps.n_frames() as usize;
        let (n_in, n_out) = (self.inputs.len(), self.outputs.len());
        let mut ins: [&[f32]; MAX_CHANNELS] = [&[]; MAX_CHANNELS];
        for (slot, port) in ins.iter_mut().zip(&self.inputs) {
            *slot = port.as_slice(ps);
        }
        let mut outs: [&mut [f32]; MAX_CHANNELS] = std::array::from_fn(|_| &mut [][..]);
        for (slot, port) in outs.iter_mut().zip(self.outputs.iter_mut()) {
            *slot = port.as_mut_slice(ps);
        }
        self.harness
            .run_period(&ins[..n_in], &mut outs[..n_out], frames, entry, lateness);
        Control::Continue
    }
}

/// A processor running on a JACK server. Stop it with [`JackEngine::stop`] to get the processor
/// and the run report back.
pub struct JackEngine<P: Processor> {
    client: jack::AsyncClient<Notifications, Handler<P>>,
    config: StreamConfig,
    rt_report: Arc<Mutex<Option<RtReport>>>,
    input_names: Vec<String>,
    output_names: Vec<String>,
    thread: Arc<AtomicU64>,
}

/// Opens a client on the default JACK server without starting it, for probing availability.
pub fn open_client(name: &str) -> Result<Client, RtError> {
    let (client, _status) =
        Client::new(name, ClientOptions::NO_START_SERVER).map_err(RtError::Jack)?;
    Ok(client)
}

impl<P: Processor> JackEngine<P> {
    /// Registers ports, prepares the processor with the server's rate and period, activates the
    /// client and makes the requested connections.
    pub fn start(mut processor: P, options: &JackOptions) -> Result<Self, RtError> {
        if options.inputs > MAX_CHANNELS || options.outputs > MAX_CHANNELS {
            return Err(RtError::Config("more than MAX_CHANNELS ports requested"));
        }
        let client = open_client(&options.client_name)?;
        let mut inputs = Vec::with_capacity(options.inputs);
        for i in 0..options.inputs {
            inputs.push(
                client
                    .register_port(&format!("in_{}", i + 1), AudioIn::default())
                    .map_err(RtError::Jack)?,
            );
        }
        let mut outputs = Vec::with_capacity(options.outputs);
        for i in 0..options.outputs {
            outputs.push(
                client
                    .register_port(&format!("out_{}", i + 1), AudioOut::default())
                    .map_err(RtError::Jack)?,
            );
        }
        let input_names: Vec<String> = inputs.iter().filter_map(|p| p.name().ok()).collect();
        let output_names: Vec<String> = outputs.iter().filter_map(|p| p.name().ok()).collect();
        let config = StreamConfig {
            sample_rate: client.sample_rate(),
            max_frames: client.buffer_size() as usize,
            inputs: options.inputs,
            outputs: options.outputs,
        };
        processor.prepare(&config);
        if options.engine.rt.mlockall {
            // Process-wide; the outcome is reported through the thread report as well.
            let _ = rt_thread::lock_memory();
        }
        let xruns = Arc::new(AtomicU64::new(0));
        let rt_report = Arc::new(Mutex::new(None));
        let notifications = Notifications {
            xruns: Arc::clone(&xruns),
            rt_request: options.engine.rt,
            rt_report: Arc::clone(&rt_report),
        };
        let harness = Harness::new(processor, &options.engine, xruns);
        let thread = harness.thread_handle();
        let handler = Handler {
            harness,
            inputs,
            outputs,
        };
        let client = client
            .activate_async(notifications, handler)
            .map_err(RtError::Jack)?;
        for (src, dst) in options.connect_inputs.iter().zip(&input_names) {
            client
                .as_client()
                .connect_ports_by_name(src, dst)
                .map_err(RtError::Jack)?;
        }
        for (src, dst) in output_names.iter().zip(&options.connect_outputs) {
            client
                .as_client()
                .connect_ports_by_name(src, dst)
                .map_err(RtError::Jack)?;
        }
        Ok(JackEngine {
            client,
            config,
            rt_report,
            input_names,
            output_names,
            thread,
        })
    }

    /// Stream configuration the processor was prepared with.
    pub fn config(&self) -> StreamConfig {
        self.config
    }

    /// The underlying JACK client (for connecting ports, querying the server).
    pub fn client(&self) -> &Client {
        self.client.as_client()
    }

    /// Full names of our input ports.
    pub fn input_port_names(&self) -> &[String] {
        &self.input_names
    }

    /// Full names of our output ports.
    pub fn output_port_names(&self) -> &[String] {
        &self.output_names
    }

    /// Deactivates the client and returns the processor with the run report.
    pub fn stop(self) -> Result<(P, RunReport), RtError> {
        let mut rt = self.rt_report.lock().ok().and_then(|slot| *slot);
        let thread = self.thread.load(Ordering::Relaxed);
        if let Some(report) = rt
            && thread != 0
        {
            // SAFETY: the process thread is alive until the client is deactivated below.
            rt = Some(unsafe { rt_thread::observed(report, thread as libc::pthread_t) });
        }
        // The callback runs on JACK's SCHED_FIFO client thread (jack2 also calls thread_init on
        // its other client threads, so its thread id is not recorded there).
        let counters = thread_counters::sole_realtime_thread();
        let (_client, _notifications, handler) = self.client.deactivate().map_err(RtError::Jack)?;
        Ok(handler.harness.finish("jack", self.config, rt, counters))
    }
}
