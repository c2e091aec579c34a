//! cadenza-rt: a real-time audio engine.
//!
//! A [`Processor`] is prepared once and then called every period by a backend: JACK
//! ([`backend::jack`], the default), an offline clock ([`backend::offline`]) for tests and file
//! processing, or cpal (`backend::cpal`, behind the `cpal` feature). The callback path never
//! allocates, locks or makes system calls: [`alloc_guard`] counts (and in debug builds aborts
//! on) allocator calls made on the callback thread, and [`timing`] records per-period timing
//! into preallocated arrays. [`recorder`] is the recording pipeline: callback -> lock-free SPSC
//! rings (samples and one [`FrameMeta`] per period) -> worker thread -> WAV file and JSON-lines
//! metadata log.

pub mod alloc_guard;
pub mod backend;
pub mod clock;
pub mod decimate;
pub mod engine;
pub mod error;
pub mod measure;
pub mod meta;
pub mod processor;
pub mod recorder;
pub mod rt_thread;
pub mod source;
pub mod thread_counters;
pub mod timing;
pub mod wav;

pub use engine::{EngineOptions, RunReport};
pub use error::RtError;
pub use meta::FrameMeta;
pub use processor::{FrameInfo, MAX_CHANNELS, Processor, StreamConfig};
