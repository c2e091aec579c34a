//! Compressed ID3v2.3/2.4 frames: zlib data inflated into scratch.
//!
//! A compressed frame declares its decompressed size; that (untrusted)
//! size is checked against a limit and taken from the caller's
//! [`Scratch`], never from the heap, and the decompressor state lives on the
//! stack. A stream that inflates to more or less than it declared, or is
//! cut short, is reported and its frame skipped.

use miniz_oxide::inflate::TINFLStatus;
use miniz_oxide::inflate::core::{DecompressorOxide, decompress, inflate_flags};

use crate::error::Error;
use crate::scratch::Scratch;

/// Inflates the zlib stream `src` of a frame at `at` that declares
/// `declared` decompressed bytes (at most `limit`) into scratch.
pub(super) fn inflate<'a>(
    src: &[u8],
    declared: u64,
    limit: u64,
    at: u64,
    scratch: &mut Scratch<'a>,
) -> Result<&'a [u8], Error> {
    if declared > limit {
        return Err(Error::limit(
            at,
            "compressed ID3v2 frame too large; skipped",
        ));
    }
    let Some(buf) = scratch.take(declared as usize) else {
        return Err(Error::limit(
            at,
            "no scratch space to inflate a compressed ID3v2 frame",
        ));
    };
    let mut state = DecompressorOxide::new();
    let flags = inflate_flags::TINFL_FLAG_PARSE_ZLIB_HEADER
        | inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    let (status, _, written) = decompress(&mut state, src, buf, 0, flags);
    match status {
        TINFLStatus::Done if written as u64 == declared => {
            let out: &'a [u8] = buf;
            Ok(out)
        }
        TINFLStatus::Done => Err(Error::malformed(
            at,
            "compressed ID3v2 frame inflates to less than its declared size",
        )),
        TINFLStatus::HasMoreOutput => Err(Error::malformed(
            at,
            "compressed ID3v2 frame inflates to more than its declared size",
        )),
        TINFLStatus::NeedsMoreInput | TINFLStatus::FailedCannotMakeProgress => {
            Err(Error::truncated(at, "compressed ID3v2 frame is cut short"))
        }
        _ => Err(Error::malformed(
            at,
            "compressed ID3v2 frame is not valid zlib data",
        )),
    }
}
