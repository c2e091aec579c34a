//! Reading files with the fewest system calls, reusing buffers across files.
//!
//! [`Prober`] opens a file, reads its head in one `read` (a short read means
//! the whole file is in memory), and, for a file larger than the head, asks
//! `fstat` for the length. MPEG files also get their tail read in the same
//! step, because ID3v1, APEv2 and Lyrics3 live there. Any other byte range is
//! read only when a parser asks for it with [`Stop::Need`], at the exact
//! offset (rounded up to [`ProberConfig::min_extra`]), and the parse is run
//! again over the larger input. The buffers are owned by the `Prober` and
//! reused, so probing a folder allocates nothing per file once the buffers
//! have grown to fit.

use std::fs::File;
use std::io::{self, Read};
use std::os::unix::fs::FileExt;
use std::path::Path;

use crate::error::Error;
use crate::input::{Input, MAX_WINDOWS, Stop};
use crate::probe::{Format, Probe};
use crate::scratch::Scratch;
use crate::sniff::sniff;

/// Tuning for [`Prober`].
#[derive(Clone, Copy, Debug)]
pub struct ProberConfig {
    /// Bytes read from the start of every file in the first `read`.
    pub head_len: usize,
    /// Bytes read from the end of MPEG files (ID3v1, APE footer, Lyrics3).
    pub tail_len: usize,
    /// Smallest extra read when a parser needs bytes that are not loaded.
    pub min_extra: usize,
    /// Largest single extra read; a parser asking for more gets a `limit` error.
    pub max_extra: u64,
    /// Scratch bytes for decoding (ID3v2 unsynchronisation).
    pub scratch_len: usize,
    /// How many extra reads one file may cause before giving up with `limit`.
    pub max_extra_reads: usize,
}

impl Default for ProberConfig {
    fn default() -> Self {
        ProberConfig {
            head_len: 16 * 1024,
            tail_len: 2 * 1024,
            min_extra: 16 * 1024,
            max_extra: 64 * 1024 * 1024,
            scratch_len: crate::DEFAULT_SCRATCH,
            max_extra_reads: MAX_WINDOWS - 2,
        }
    }
}

/// Probes files from disk with reusable buffers.
#[derive(Debug)]
pub struct Prober {
    cfg: ProberConfig,
    head: Vec<u8>,
    tail: Vec<u8>,
    /// Extra windows: (offset, bytes valid, buffer that only grows).
    extra: Vec<(u64, usize, Vec<u8>)>,
    scratch: Vec<u8>,
    /// Reads made for the last file (for tests and statistics).
    last_reads: usize,
}

impl Default for Prober {
    fn default() -> Self {
        Self::new(ProberConfig::default())
    }
}

impl Prober {
    /// A prober with the given configuration; allocates its buffers now.
    pub fn new(cfg: ProberConfig) -> Self {
        let extra = (0..cfg.max_extra_reads.min(MAX_WINDOWS - 2))
            .map(|_| (0, 0, Vec::new()))
            .collect();
        Prober {
            head: vec![0; cfg.head_len.max(64)],
            tail: vec![0; cfg.tail_len],
            extra,
            scratch: vec![0; cfg.scratch_len],
            cfg,
            last_reads: 0,
        }
    }

    /// Number of `read`/`pread` calls made for the last file.
    pub fn last_reads(&self) -> usize {
        self.last_reads
    }

    /// Opens `path`, probes it and hands the result to `f`.
    ///
    /// I/O errors (open, read) are returned as `Err`; problems with the
    /// file's contents are in [`Probe::error`] and [`Probe::warnings`].
    pub fn probe_path<R>(&mut self, path: &Path, f: impl FnOnce(&Probe<'_>) -> R) -> io::Result<R> {
        let file = File::open(path)?;
        self.probe_file(&file, f)
    }

    /// Probes an open file (read from offset 0; the file position is moved).
    pub fn probe_file<R>(&mut self, file: &File, f: impl FnOnce(&Probe<'_>) -> R) -> io::Result<R> {
        self.last_reads = 0;
        let head_n = read_head(file, &mut self.head)?;
        self.last_reads += 1;
        let file_len = if head_n < self.head.len() {
            head_n as u64
        } else {
            file.metadata()?.len().max(head_n as u64)
        };
        let head_n = head_n.min(file_len as usize);

        // The tail, for formats that keep tags there.
        let mut tail_at = None;
        if file_len > head_n as u64 && sniff(&self.head[..head_n], file_len) == Format::Mpeg {
            let want = (self.tail.len() as u64).min(file_len - head_n as u64) as usize;
            let off = file_len - want as u64;
            let n = read_at_full(file, &mut self.tail[..want], off)?;
            self.last_reads += 1;
            tail_at = Some((off, n));
        }

        let mut used_extra = 0;
        loop {
            let mut input = Input::empty(file_len);
            input.add(0, &self.head[..head_n]);
            if let Some((off, n)) = tail_at {
                input.add(off, &self.tail[..n]);
            }
            for (off, len, buf) in &self.extra[..used_extra] {
                input.add(*off, &buf[..*len]);
            }
            let mut out = Probe::new();
            let mut scratch = Scratch::new(&mut self.scratch);
            let need = match crate::probe_input(&input, &mut scratch, &mut out) {
                Ok(()) => None,
                Err(Stop::Fail(e)) => {
                    out.error = Some(e);
                    None
                }
                Err(Stop::Need { offset, len }) => {
                    if used_extra == self.extra.len() {
                        out.error = Some(Error::limit(offset, "too many separate regions to read"));
                        None
                    } else if len > self.cfg.max_extra {
                        out.error = Some(Error::limit(
                            offset,
                            "region to read exceeds the read limit",
                        ));
                        None
                    } else {
                        Some((offset, len))
                    }
                }
            };
            let Some((offset, len)) = need else {
                return Ok(f(&out));
            };
            // `out` borrows the windows; end that before loading more.
            drop(out);
            let want = (len.max(self.cfg.min_extra as u64))
                .min(file_len.saturating_sub(offset))
                .min(self.cfg.max_extra) as usize;
            let slot = &mut self.extra[used_extra];
            if slot.2.len() < want {
                slot.2.resize(want, 0);
            }
            let n = read_at_full(file, &mut slot.2[..want], offset)?;
            self.last_reads += 1;
            if n < want {
                return Ok(f(&truncated_probe(offset + n as u64)));
            }
            *slot = (offset, want, core::mem::take(&mut slot.2));
            used_extra += 1;
        }
    }
}

fn truncated_probe(at: u64) -> Probe<'static> {
    let mut p = Probe::new();
    p.error = Some(Error::truncated(at, "file shrank while being read"));
    p
}

/// One `read` into `buf`; returns bytes read.
///
/// A short read from a regular file means end of file, so no second `read`
/// is spent to see it return 0 (that second call was a third of all system
/// calls on a folder of small files). Interrupted reads are retried.
fn read_head(mut file: &File, buf: &mut [u8]) -> io::Result<usize> {
    loop {
        match file.read(buf) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            r => return r,
        }
    }
}

/// Positioned read until `buf` is full or end of file; returns bytes read.
fn read_at_full(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match file.read_at(&mut buf[n..], offset + n as u64) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}
