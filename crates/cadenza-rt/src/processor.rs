//! The user-facing processing contract: a [`Processor`] is prepared once with the stream's
//! [`StreamConfig`] and then called every period with planar input/output slices and a
//! [`FrameInfo`]. Backends build the slice tables on the stack (at most [`MAX_CHANNELS`]
//! channels), so calling a processor never allocates.

/// Largest number of input or output channels a backend passes to a processor.
///
/// The per-period slice tables live in fixed-size stack arrays of this length.
pub const MAX_CHANNELS: usize = 16;

/// Stream parameters fixed for the lifetime of a run, handed to [`Processor::prepare`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StreamConfig {
    /// Frames per second.
    pub sample_rate: u32,
    /// Largest number of frames a single `process` call will receive (the period size).
    pub max_frames: usize,
    /// Number of input channels passed to `process`.
    pub inputs: usize,
    /// Number of output channels passed to `process`.
    pub outputs: usize,
}

impl StreamConfig {
    /// Length of one full period in nanoseconds.
    pub fn period_ns(&self) -> u64 {
        if self.sample_rate == 0 {
            return 0;
        }
        self.max_frames as u64 * 1_000_000_000 / u64::from(self.sample_rate)
    }
}

/// Per-period facts the backend knows when it calls [`Processor::process`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FrameInfo {
    /// Zero-based index of this period since the engine started.
    pub period: u64,
    /// Position of this period's first frame, counted in frames since the engine started.
    pub frame_pos: u64,
    /// Number of valid frames in every input and output slice of this call.
    pub frames: usize,
    /// Monotonic time (CLOCK_MONOTONIC, nanoseconds) at which the callback was entered.
    pub now_ns: u64,
    /// True when the backend reported an xrun since the previous period.
    pub xrun: bool,
}

/// Real-time processing code run by a backend.
///
/// `process` runs on the backend's real-time thread: it must not allocate, lock, block or make
/// system calls. Allocate everything in the constructor or in `prepare`.
pub trait Processor: Send + 'static {
    /// Called once, off the real-time path, before the first `process` call.
    fn prepare(&mut self, config: &StreamConfig);

    /// Called once per period. `input.len()` and `output.len()` are the configured channel
    /// counts; every slice holds `info.frames` frames.
    fn process(&mut self, input: &[&[f32]], output: &mut [&mut [f32]], info: &FrameInfo);
}
