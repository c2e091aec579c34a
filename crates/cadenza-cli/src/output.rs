//! Writing records to stdout/stderr from several threads, ending quietly on a
//! closed pipe.
//!
//! Workers fill their own buffers and hand whole chunks to [`Sink::write`],
//! which takes the stream lock once per chunk. When the reader goes away
//! (`cadenza scan ... | head`), the first `BrokenPipe` sets a flag that makes
//! every worker stop; nothing is printed about it.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// Shared stdout/stderr writer with a closed-pipe flag.
#[derive(Default)]
pub(crate) struct Sink {
    closed: AtomicBool,
}

impl Sink {
    /// Whether stdout was closed by the reader.
    pub(crate) fn closed(&self) -> bool {
        self.closed.load(Ordering::Relaxed)
    }

    /// Writes `buf` to stdout and clears it. I/O errors other than a closed
    /// pipe are returned.
    pub(crate) fn write(&self, buf: &mut Vec<u8>) -> io::Result<()> {
        if buf.is_empty() || self.closed() {
            buf.clear();
            return Ok(());
        }
        let r = io::stdout().lock().write_all(buf);
        buf.clear();
        match r {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed.store(true, Ordering::Relaxed);
                Ok(())
            }
            r => r,
        }
    }

    /// Writes `buf` to stderr and clears it (errors on stderr are ignored:
    /// there is nowhere left to report them).
    pub(crate) fn write_err(&self, buf: &mut Vec<u8>) {
        if !buf.is_empty() {
            let _ = io::stderr().lock().write_all(buf);
            buf.clear();
        }
    }

    /// Flushes stdout, treating a closed pipe as success.
    pub(crate) fn flush(&self) -> io::Result<()> {
        match io::stdout().lock().flush() {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed.store(true, Ordering::Relaxed);
                Ok(())
            }
            r => r,
        }
    }
}
