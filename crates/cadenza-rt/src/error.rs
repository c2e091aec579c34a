//! The crate's error type.

use std::fmt;

/// Errors from starting or stopping an engine or writing a recording.
#[derive(Debug)]
pub enum RtError {
    /// The JACK library or server reported an error (e.g. no server running).
    Jack(jack::Error),
    /// The requested configuration cannot be served.
    Config(&'static str),
    /// File I/O failed.
    Io(std::io::Error),
    /// The cpal backend reported an error.
    Cpal(String),
}

impl fmt::Display for RtError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RtError::Jack(e) => write!(f, "JACK: {e}"),
            RtError::Config(what) => write!(f, "configuration: {what}"),
            RtError::Io(e) => write!(f, "I/O: {e}"),
            RtError::Cpal(e) => write!(f, "cpal: {e}"),
        }
    }
}

impl std::error::Error for RtError {}

impl From<std::io::Error> for RtError {
    fn from(e: std::io::Error) -> Self {
        RtError::Io(e)
    }
}
