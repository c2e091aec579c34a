//! Backends that drive a [`crate::Processor`]: JACK (the default), an offline clock for tests
//! and file processing, and cpal behind the `cpal` feature.

pub mod jack;
pub mod offline;

#[cfg(feature = "cpal")]
pub mod cpal;
