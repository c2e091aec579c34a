//! Finding the first real MPEG audio frame: a bounded forward scan for a sync
//! word whose header is followed by consistent headers at the positions its
//! frame length predicts (so a stray 0xFFE in junk or a cover image is not
//! taken for audio).

use super::header::FrameHeader;
use crate::id3v2::scan::find_byte;
use crate::input::{Input, Stop};

/// How far past the tags the scan for the first frame may go.
pub(crate) const MAX_SCAN: u64 = 128 * 1024;
/// How many consecutive consistent frames a sync found after junk must lead
/// to (fewer when the audio region ends first).
pub(crate) const CONFIRM_FRAMES: u32 = 4;
/// How many a sync exactly where the audio should begin (right after the
/// tags, or at offset 0) must lead to: one consistent follower is already a
/// 1-in-2^20 coincidence there, and each extra frame costs a header decode
/// on every file.
pub(crate) const CONFIRM_FRAMES_AT_START: u32 = 2;
/// Largest free-format frame searched for (640 kbit/s at 8 kHz fits).
const MAX_FREE_LEN: u64 = 8 * 1024;
/// Free-format candidates tried per scan (each may look 8 KiB ahead).
const MAX_FREE_ATTEMPTS: u32 = 8;
/// Bytes requested at a time when the scan leaves the loaded windows.
const SCAN_STEP: u64 = 16 * 1024;

/// The first confirmed frame of a stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct FirstFrame {
    /// Absolute offset of the frame header.
    pub(crate) offset: u64,
    pub(crate) header: FrameHeader,
    /// Length of this frame in bytes.
    pub(crate) len: u32,
    /// Unpadded frame length for free-format streams.
    pub(crate) free_len: Option<u32>,
    /// How many consecutive consistent frames were seen (including this one).
    pub(crate) confirmed: u32,
    /// Bytes covered by the `confirmed` frames (their lengths added up).
    pub(crate) span: u64,
}

/// Scans `start..end` (at most [`MAX_SCAN`] bytes) for the first sync that
/// [`confirm`] accepts.
pub(crate) fn find_first_frame(
    input: &Input<'_>,
    start: u64,
    end: u64,
) -> Result<Option<FirstFrame>, Stop> {
    let limit = end.min(start.saturating_add(MAX_SCAN));
    let mut pos = start;
    let mut free_attempts = 0;
    while pos < limit {
        let loaded = input.loaded_from(pos);
        let avail = (limit - pos).min(loaded.len() as u64) as usize;
        if avail == 0 {
            // Not loaded: ask for the next stretch (never loops: this errors).
            input.bytes(pos, (limit - pos).min(SCAN_STEP), "MPEG sync scan")?;
            return Ok(None);
        }
        match find_byte(&loaded[..avail], 0xFF) {
            None => pos += avail as u64,
            Some(i) => {
                let at = pos + i as u64;
                if at + 4 <= end
                    && let Some(h) = FrameHeader::parse(input.bytes(at, 4, "MPEG frame header")?)
                    && h.is_free()
                {
                    free_attempts += 1;
                    if free_attempts > MAX_FREE_ATTEMPTS {
                        pos = at + 1;
                        continue;
                    }
                }
                let want = if at == start {
                    CONFIRM_FRAMES_AT_START
                } else {
                    CONFIRM_FRAMES
                };
                if let Some(f) = confirm(input, at, end, want)?
                    && (f.confirmed >= 2 || f.offset + u64::from(f.len) >= end)
                {
                    return Ok(Some(f));
                }
                pos = at + 1;
            }
        }
    }
    Ok(None)
}

/// Frames averaged for a free-format stream's bitrate.
const FREE_AVERAGE_FRAMES: u32 = 256;
/// Bytes of a free-format stream walked for the average (loaded if needed,
/// so the answer does not depend on how much the caller had in memory).
const FREE_AVERAGE_SPAN: u64 = 16 * 1024;

/// For a free-format stream: (bytes, frames) covered by the consecutive
/// frames from `first` within [`FREE_AVERAGE_SPAN`] bytes, at most
/// [`FREE_AVERAGE_FRAMES`] (at least the confirmed ones). The padding bit
/// varies frame to frame, so the average length over many frames is what
/// gives the stream's real bitrate.
pub(crate) fn free_average(
    input: &Input<'_>,
    first: &FirstFrame,
    end: u64,
) -> Result<(u64, u32), Stop> {
    let Some(base) = first.free_len else {
        return Ok((first.span, first.confirmed));
    };
    let want = end.saturating_sub(first.offset).min(FREE_AVERAGE_SPAN);
    let loaded = input.bytes(first.offset, want, "free-format MPEG frames")?;
    let limit = loaded.len() as u64;
    let (mut pos, mut n) = (0u64, 0u32);
    while n < FREE_AVERAGE_FRAMES && pos + 4 <= limit {
        let Some(h) = FrameHeader::parse(&loaded[pos as usize..pos as usize + 4]) else {
            break;
        };
        if !first.header.same_stream(&h) {
            break;
        }
        let len = u64::from(base) + if h.padding { u64::from(h.slot()) } else { 0 };
        if pos + len > limit {
            break;
        }
        pos += len;
        n += 1;
    }
    Ok(if n > first.confirmed {
        (pos, n)
    } else {
        (first.span, first.confirmed)
    })
}

/// Checks that a valid header at `at` is followed by up to `want - 1` more
/// frames of the same stream, stopping early (and still succeeding) where
/// `end` comes first. `None` when the header or a follower does not fit.
pub(crate) fn confirm(
    input: &Input<'_>,
    at: u64,
    end: u64,
    want: u32,
) -> Result<Option<FirstFrame>, Stop> {
    if at.saturating_add(4) > end {
        return Ok(None);
    }
    let Some(first) = FrameHeader::parse(input.bytes(at, 4, "MPEG frame header")?) else {
        return Ok(None);
    };
    // A free-format frame's length is taken from the next sync, so its first
    // follower proves nothing: such streams always need the full count.
    let want = if first.is_free() {
        want.max(CONFIRM_FRAMES)
    } else {
        want
    };
    let pad = |h: &FrameHeader| if h.padding { h.slot() } else { 0 };
    let free_len = if first.is_free() {
        match free_frame_len(input, at, end, &first)? {
            Some(l) => Some(l),
            None => return Ok(None),
        }
    } else {
        None
    };
    let frame_len = |h: &FrameHeader| match free_len {
        Some(base) => base + pad(h),
        None => h.len().unwrap_or(0),
    };
    let len = frame_len(&first);
    let mut confirmed = 1;
    let mut pos = at + u64::from(len);
    while confirmed < want && pos.saturating_add(4) <= end {
        let Some(next) = FrameHeader::parse(input.bytes(pos, 4, "MPEG frame header")?) else {
            return Ok(None);
        };
        if !first.same_stream(&next) {
            return Ok(None);
        }
        pos += u64::from(frame_len(&next).max(4));
        confirmed += 1;
    }
    Ok(Some(FirstFrame {
        offset: at,
        header: first,
        len,
        free_len,
        confirmed,
        span: pos - at,
    }))
}

/// The unpadded length of a free-format frame at `at`: the distance to the
/// next header of the same stream, minus this frame's padding.
fn free_frame_len(
    input: &Input<'_>,
    at: u64,
    end: u64,
    first: &FrameHeader,
) -> Result<Option<u32>, Stop> {
    let span = (end - at).min(MAX_FREE_LEN);
    let window = input.bytes(at, span, "free-format MPEG frame")?;
    let mut i = 16usize.min(window.len());
    while i + 4 <= window.len() {
        let Some(off) = find_byte(&window[i..window.len() - 3], 0xFF) else {
            break;
        };
        let c = i + off;
        if let Some(h) = FrameHeader::parse(&window[c..c + 4])
            && first.same_stream(&h)
        {
            let pad = if first.padding { first.slot() } else { 0 };
            return Ok((c as u32).checked_sub(pad));
        }
        i = c + 1;
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(hdr: [u8; 4], len: usize) -> Vec<u8> {
        let mut v = hdr.to_vec();
        v.resize(len, 0x55);
        v
    }

    const H128: [u8; 4] = [0xFF, 0xFB, 0x90, 0x40];

    #[test]
    fn needs_consistent_followers() {
        let mut d = Vec::new();
        for _ in 0..4 {
            d.extend(frame(H128, 417));
        }
        let i = Input::whole(&d);
        let f = find_first_frame(&i, 0, d.len() as u64).unwrap().unwrap();
        // Where the audio should begin, one consistent follower suffices.
        assert_eq!(
            (f.offset, f.len, f.confirmed),
            (0, 417, CONFIRM_FRAMES_AT_START)
        );
        // After junk, the full count is required.
        let mut late = vec![7u8; 10];
        late.extend(&d);
        let i = Input::whole(&late);
        let f = find_first_frame(&i, 0, late.len() as u64).unwrap().unwrap();
        assert_eq!((f.offset, f.confirmed), (10, CONFIRM_FRAMES));
        // A lone sync followed by garbage is rejected.
        let mut bad = frame(H128, 417);
        bad.extend([0u8; 800]);
        let i = Input::whole(&bad);
        assert_eq!(find_first_frame(&i, 0, bad.len() as u64).unwrap(), None);
    }

    #[test]
    fn skips_junk_and_false_syncs() {
        let mut d = vec![0xFF, 0xFB, 0x90, 0x40, 1, 2, 3, 0xFF, 0xE0, 9];
        let start = d.len();
        for _ in 0..3 {
            d.extend(frame(H128, 417));
        }
        let i = Input::whole(&d);
        let f = find_first_frame(&i, 0, d.len() as u64).unwrap().unwrap();
        assert_eq!(f.offset, start as u64);
    }

    #[test]
    fn free_format_length_from_next_sync() {
        let h = [0xFF, 0xFB, 0x00, 0x40];
        let mut d = Vec::new();
        for _ in 0..4 {
            d.extend(frame(h, 1000));
        }
        let i = Input::whole(&d);
        let f = find_first_frame(&i, 0, d.len() as u64).unwrap().unwrap();
        assert_eq!((f.len, f.free_len, f.confirmed), (1000, Some(1000), 4));
    }

    #[test]
    fn free_format_junk_is_tried_a_bounded_number_of_times() {
        // Free-format headers at ever-growing distances: never a stream.
        let mut d = Vec::new();
        for gap in 17..400 {
            d.extend([0xFF, 0xFB, 0x00, 0x44]);
            d.resize(d.len() + gap, 0);
        }
        let i = Input::whole(&d);
        assert_eq!(find_first_frame(&i, 0, d.len() as u64).unwrap(), None);
    }

    #[test]
    fn unloaded_region_asks_for_bytes() {
        let head = [0u8; 100];
        let mut i = Input::empty(100_000);
        i.add(0, &head);
        assert_eq!(
            find_first_frame(&i, 0, 100_000),
            Err(Stop::Need {
                offset: 100,
                len: SCAN_STEP
            })
        );
    }
}
