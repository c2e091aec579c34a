//! Zero-copy, zero-allocation readers for audio metadata and stream properties.
//!
//! `cadenza-meta` tells what an audio file is (format, codec, duration, sample
//! rate, channels, bit depth, bitrate) and what its tags say, reading from
//! borrowed bytes and returning borrowed views, like gimli's `EndianSlice`.
//!
//! * [`probe`] parses a whole file held in memory.
//! * [`probe_input`] parses a sparse [`Input`] (the windows of a file that are
//!   loaded) and may ask for more bytes with [`Stop::Need`].
//! * [`Prober`] reads files with the fewest system calls and reuses its
//!   buffers, so a scan allocates nothing per file.
//!
//! Parsers never panic, never allocate in proportion to a length read from the
//! file, never loop without consuming input, and report problems as a `Copy`
//! [`Error`] carrying the byte offset, keeping whatever they read before it.
#![forbid(unsafe_code)]

mod bytes;
mod error;
mod file;
mod input;
mod probe;
mod scratch;
mod sniff;
mod text;

mod ape;
mod id3v1;
mod id3v2;
mod mpeg;

mod ebml;
mod riff;

#[cfg(test)]
mod test_support;

pub use error::{Error, ErrorKind};
pub use file::{Prober, ProberConfig};
pub use input::{Input, MAX_WINDOWS, Stop};
pub use probe::{
    Bounded, Codec, Format, MAX_PICTURES, MAX_TAGS, MAX_WARNINGS, Picture, Probe, StreamInfo, Tag,
    TagKey, TagSource,
};
pub use scratch::Scratch;
pub use sniff::sniff;
pub use text::{INLINE_CAP, Text};

/// Recommended scratch size for [`probe`]: enough to undo unsynchronisation
/// of any ID3v2 tag a real file carries (larger ones get a `limit` warning).
pub const DEFAULT_SCRATCH: usize = 1 << 20;

/// Probes a whole file held in memory.
///
/// `scratch` is used only where bytes must be decoded (ID3v2
/// unsynchronisation); pass `&mut []` to skip such tags with a warning.
///
/// Inlined so the (several KiB) result is built in the caller's frame rather
/// than copied out.
#[inline]
pub fn probe<'a>(data: &'a [u8], scratch: &'a mut [u8]) -> Probe<'a> {
    let input = Input::whole(data);
    let mut out = Probe::new();
    match probe_input(&input, &mut Scratch::new(scratch), &mut out) {
        Ok(()) => {}
        Err(Stop::Fail(e)) => out.error = Some(e),
        // A whole input never asks for more; keep the invariant checkable.
        Err(Stop::Need { offset, .. }) => {
            out.error = Some(Error::truncated(offset, "bytes missing from a whole input"))
        }
    }
    out
}

/// Probes a sparse input, filling `out`.
///
/// Returns [`Stop::Need`] when bytes that exist in the file are not loaded:
/// load them into the input and call again with a fresh `out`. A
/// [`Stop::Fail`] leaves in `out` everything read before the problem.
pub fn probe_input<'a>(
    input: &Input<'a>,
    scratch: &mut Scratch<'a>,
    out: &mut Probe<'a>,
) -> Result<(), Stop> {
    let head = input.loaded_from(0);
    match sniff(head, input.len()) {
        Format::Mpeg => mpeg::parse(input, scratch, out),
        Format::Wav | Format::Rifx | Format::Rf64 | Format::Bw64 => {
            riff::parse(input, scratch, out)
        }
        Format::Matroska | Format::WebM => ebml::parse(input, scratch, out),
        _ => {
            if head.is_empty() && !input.is_empty() {
                let need = input.len().min(64);
                return Err(Stop::Need {
                    offset: 0,
                    len: need,
                });
            }
            Err(Stop::Fail(Error::unsupported(
                0,
                "not a recognised audio format",
            )))
        }
    }
}
