//! MPEG audio files (`.mp3`, `.mp2`, `.mp1`): the tags around the stream and
//! the stream's properties.
//!
//! Order of work: the ID3v2 tags at the start (several may follow each
//! other, and a rare APE tag may stand among them), the blocks at the end (ID3v1, APE, Lyrics3, appended ID3v2), then
//! the first audio frame after the leading tags, confirmed by the frames
//! that follow it, and the Xing/Info/VBRI/LAME header inside it. Duration
//! comes from the frame count when a VBR header gives one (the way ffprobe
//! and mutagen compute it: `frames * samples_per_frame / sample_rate`, with
//! the encoder delay and padding reported separately), otherwise from the
//! audio size and the bitrate.

mod header;
mod sync;
mod tail;
mod xing;

use crate::ape;
use crate::error::Error;
use crate::id3v2;
use crate::input::{Input, Stop};
use crate::probe::{Codec, Format, Probe};
use crate::scratch::Scratch;

/// ID3v2 tags read in a row at the start of a file at most.
const MAX_LEADING_TAGS: usize = 8;
/// How far into a file without ID3v2 the sniffer looks for a first frame
/// (more than one frame of any layer, so a cut-off frame is skipped).
const SNIFF_SCAN: usize = 4096;
/// Bytes of the first frame read for a VBR header (Xing + LAME fit).
const VBR_HEADER_SPAN: u64 = 256;

/// Whether `head` (the first bytes of a file with no ID3v2 tag) starts with
/// MPEG audio: a valid frame header (after any zero padding) followed by at
/// least one more consistent header where its length says.
///
/// A head too short to hold the second header (a tiny read, not a real
/// file's 16 KiB) is accepted on one valid header at offset 0; the parser
/// confirms the stream afterwards with more bytes. A stream cut mid-frame
/// (a radio capture) is found by a scan of the first [`SNIFF_SCAN`] bytes,
/// which needs four consistent frames instead of two.
pub(crate) fn looks_like_mpeg(head: &[u8]) -> bool {
    let start = head.iter().position(|&b| b != 0).unwrap_or(head.len());
    let input = Input::whole(head);
    let end = head.len() as u64;
    match sync::confirm(&input, start as u64, end, sync::CONFIRM_FRAMES_AT_START) {
        Ok(Some(f)) if f.confirmed >= 2 || (start == 0 && u64::from(f.len) + 4 > end) => {
            return true;
        }
        _ => {}
    }
    let scan = &head[..head.len().min(SNIFF_SCAN)];
    let mut i = start + 1;
    while let Some(off) = scan
        .get(i..)
        .and_then(|s| crate::id3v2::scan::find_byte(s, 0xFF))
    {
        let at = (i + off) as u64;
        if matches!(sync::confirm(&input, at, end, 4), Ok(Some(f)) if f.confirmed == 4) {
            return true;
        }
        i += off + 1;
    }
    false
}

/// Reads an MPEG audio file into `out`.
pub(crate) fn parse<'a>(
    input: &Input<'a>,
    scratch: &mut Scratch<'a>,
    out: &mut Probe<'a>,
) -> Result<(), Stop> {
    out.format = Format::Mpeg;
    let mut pos = 0u64;
    for _ in 0..MAX_LEADING_TAGS {
        let head = input.up_to(pos, 8)?;
        let end = if head.starts_with(b"ID3") {
            id3v2::parse_tag(input, pos, scratch, out)?
        } else if head == b"APETAGEX" {
            ape::parse_at_start(input, pos, out)?
        } else {
            break;
        };
        match end {
            Some(end) if end > pos => pos = end,
            _ => break,
        }
    }
    let tail = tail::locate(input, pos, out)?;
    tail.read_tags(input, scratch, out)?;
    stream(input, pos, tail.audio_end, out)
}

/// Finds the audio between `start` and `end` and fills `out.stream`.
fn stream(input: &Input<'_>, start: u64, end: u64, out: &mut Probe<'_>) -> Result<(), Stop> {
    let Some(first) = sync::find_first_frame(input, start, end)? else {
        return Err(Stop::Fail(no_frames(input, start)));
    };
    let h = first.header;
    let span = u64::from(first.len)
        .min(VBR_HEADER_SPAN)
        .min(end - first.offset);
    let frame = input.bytes(first.offset, span, "first MPEG frame")?;
    let vbr = xing::parse(frame, &h);

    let frame_bitrate = match first.free_len {
        Some(_) => {
            let (span, frames) = sync::free_average(input, &first, end)?;
            h.free_bitrate_avg(span, frames)
        }
        None => h.bitrate,
    };
    // LAME writes the Info/Xing frame at a bitrate large enough to hold the
    // tag; a CBR stream's own bitrate is the one of the frame after it.
    let next_bitrate = match vbr {
        Some(v) if v.cbr && first.free_len.is_none() => {
            second_header(input, first.offset + u64::from(first.len), end, &h)?
                .map_or(frame_bitrate, |n| n.bitrate)
        }
        _ => frame_bitrate,
    };
    out.audio_tracks = 1;
    let s = &mut out.stream;
    s.codec = match h.layer {
        1 => Codec::Mp1,
        2 => Codec::Mp2,
        _ => Codec::Mp3,
    };
    s.sample_rate = Some(h.sample_rate);
    s.channels = Some(h.channels());
    let audio_len = end - first.offset;
    s.audio_offset = Some(first.offset);
    s.audio_len = Some(audio_len);
    let rate = f64::from(h.sample_rate);
    if let Some(n) = vbr.and_then(|v| v.frames) {
        let v = vbr.unwrap_or_default();
        let samples = u64::from(n) * u64::from(h.samples());
        let duration = samples as f64 / rate;
        s.duration = Some(duration);
        let trim = u64::from(v.delay.unwrap_or(0)) + u64::from(v.padding.unwrap_or(0));
        s.frames = Some(samples.saturating_sub(trim));
        s.bitrate = if v.cbr && next_bitrate != 0 {
            Some(next_bitrate)
        } else if duration > 0.0 {
            Some(
                (audio_len as f64 * 8.0 / duration)
                    .round()
                    .min(f64::from(u32::MAX)) as u32,
            )
        } else {
            None
        };
    } else if next_bitrate != 0 {
        s.bitrate = Some(next_bitrate);
        s.duration = Some(audio_len as f64 * 8.0 / f64::from(next_bitrate));
    }
    if let Some(v) = vbr {
        s.encoder_delay = v.delay;
        s.encoder_padding = v.padding;
    }
    Ok(())
}

/// The error for a file without MPEG frames: other streams that often carry
/// an ID3v2 tag in front (ADTS AAC, FLAC) are named as unsupported.
fn no_frames(input: &Input<'_>, start: u64) -> Error {
    match input.loaded_from(start) {
        [b'f', b'L', b'a', b'C', ..] => Error::unsupported(start, "FLAC stream after an ID3v2 tag"),
        [0xFF, b, ..] if b & 0xF6 == 0xF0 => {
            Error::unsupported(start, "AAC (ADTS) stream, not MPEG audio")
        }
        _ => Error::malformed(start, "no MPEG audio frames found"),
    }
}

/// The header of the frame at `at`, if one of the same stream starts there.
fn second_header(
    input: &Input<'_>,
    at: u64,
    end: u64,
    first: &header::FrameHeader,
) -> Result<Option<header::FrameHeader>, Stop> {
    if at.saturating_add(4) > end {
        return Ok(None);
    }
    let b = input.bytes(at, 4, "MPEG frame header")?;
    Ok(header::FrameHeader::parse(b).filter(|n| first.same_stream(n)))
}

#[cfg(test)]
mod tests;
