//! Where an ID3v2 tag's bytes come from: the file itself (sparse, may ask for
//! more with `Stop::Need`), or a buffer in scratch holding the tag after
//! whole-tag unsynchronisation was undone.

use core::cell::Cell;

use crate::error::Error;
use crate::input::{Input, Stop};

/// When a frame header is not loaded and at most this many bytes are left in
/// the tag (plus [`AUDIO_LOOKAHEAD`]), the whole rest is requested at once.
const REST_OF_TAG: u64 = 64 * 1024;
/// Bytes of audio requested along with the end of a tag.
const AUDIO_LOOKAHEAD: u64 = 8 * 1024;
/// Extra bytes requested past a payload so the next frame header comes along.
const NEXT_HEADER_SLACK: u64 = 1024;

/// The body of a tag (the bytes after its 10-byte header), addressed by
/// positions relative to the body start.
pub(super) enum Body<'i, 'a> {
    /// Read straight from the input.
    File {
        input: &'i Input<'a>,
        base: u64,
        len: u64,
    },
    /// Decoded copy in scratch; `raw` is the undecoded body, for offsets.
    Mem {
        data: &'a [u8],
        raw: &'a [u8],
        base: u64,
        /// Last mapped (raw, decoded) position: frames are visited in
        /// order, so mapping every frame's offset costs one pass in total.
        cursor: Cell<(usize, u64)>,
    },
}

impl<'a> Body<'_, 'a> {
    /// Length of the body in (decoded) bytes.
    pub(super) fn len(&self) -> u64 {
        match self {
            Body::File { len, .. } => *len,
            Body::Mem { data, .. } => data.len() as u64,
        }
    }

    /// Absolute file offset of body position `pos`.
    pub(super) fn abs(&self, pos: u64) -> u64 {
        match self {
            Body::File { base, .. } => base.saturating_add(pos),
            Body::Mem {
                raw, base, cursor, ..
            } => {
                let (mut r, mut d) = cursor.get();
                if pos < d {
                    (r, d) = (0, 0);
                }
                let (r, d) = advance(raw, r, d, pos);
                cursor.set((r, d));
                base.saturating_add(r as u64)
            }
        }
    }

    /// Exactly `len` bytes at `pos` (which the caller keeps inside the body).
    pub(super) fn get(&self, pos: u64, len: u64, what: &'static str) -> Result<&'a [u8], Stop> {
        match self {
            Body::File { input, base, .. } => input.bytes(base.saturating_add(pos), len, what),
            Body::Mem { data, .. } => {
                let end = pos.checked_add(len).filter(|&e| e <= data.len() as u64);
                match end {
                    Some(e) => Ok(&data[pos as usize..e as usize]),
                    None => Err(Stop::Fail(Error::truncated(self.abs(pos), what))),
                }
            }
        }
    }

    /// Like [`Body::get`], but when the bytes are not loaded, asks for a
    /// range that also holds what will be read next: the rest of the tag and
    /// the first audio after it when that is at most [`REST_OF_TAG`] more,
    /// otherwise [`NEXT_HEADER_SLACK`] more (the next frame's header).
    pub(super) fn get_ahead(
        &self,
        pos: u64,
        len: u64,
        what: &'static str,
    ) -> Result<&'a [u8], Stop> {
        match (self.get(pos, len, what), self) {
            (
                Err(Stop::Need { offset, len }),
                Body::File {
                    input,
                    base,
                    len: body_len,
                },
            ) => {
                let room = input.len().saturating_sub(offset);
                let rest = base
                    .saturating_add(*body_len)
                    .saturating_add(AUDIO_LOOKAHEAD)
                    .min(input.len())
                    .saturating_sub(offset);
                let want = if rest <= len.saturating_add(REST_OF_TAG) {
                    rest
                } else {
                    len.saturating_add(NEXT_HEADER_SLACK).min(room)
                };
                Err(Stop::Need {
                    offset,
                    len: want.max(len),
                })
            }
            (r, _) => r,
        }
    }

    /// Whatever is loaded at `pos`, at most `max` bytes (may be empty).
    pub(super) fn loaded(&self, pos: u64, max: u64) -> &'a [u8] {
        let b = match self {
            Body::File { input, base, .. } => input.loaded_from(base.saturating_add(pos)),
            Body::Mem { data, .. } => data.get(pos as usize..).unwrap_or(&[]),
        };
        &b[..(max.min(b.len() as u64)) as usize]
    }
}

/// Undoes unsynchronisation (drops each 0x00 that follows 0xFF) from `raw`
/// into `out`, which must be at least as long; returns the decoded length.
pub(super) fn decode_unsync(raw: &[u8], out: &mut [u8]) -> usize {
    let mut r = 0;
    let mut w = 0;
    while r < raw.len() {
        let rest = &raw[r..];
        let n = super::scan::find_byte(rest, 0xFF).map_or(rest.len(), |i| i + 1);
        out[w..w + n].copy_from_slice(&rest[..n]);
        w += n;
        r += n;
        if rest[n - 1] == 0xFF && raw.get(r) == Some(&0) {
            r += 1;
        }
    }
    w
}

/// Moves a mapping between unsynchronised `raw` bytes and their decoded
/// form from raw position `r` (decoded `d`) forward to decoded `target`.
fn advance(raw: &[u8], mut r: usize, mut d: u64, target: u64) -> (usize, u64) {
    while d < target && r < raw.len() {
        let rest = &raw[r..];
        let span = &rest[..((target - d).min(rest.len() as u64)) as usize];
        match super::scan::find_byte(span, 0xFF) {
            None => {
                r += span.len();
                d += span.len() as u64;
            }
            Some(i) => {
                r += i + 1;
                d += i as u64 + 1;
                if raw.get(r) == Some(&0) {
                    r += 1;
                }
            }
        }
    }
    (r, d)
}

/// The position in unsynchronised `raw` bytes of decoded position `pos`.
#[cfg(test)]
fn raw_position(raw: &[u8], pos: u64) -> u64 {
    advance(raw, 0, 0, pos).0 as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsync_round_trip_and_offsets() {
        let raw = [1, 0xFF, 0, 0xE0, 0xFF, 0xFF, 0, 2, 0xFF];
        let mut out = [0u8; 9];
        let n = decode_unsync(&raw, &mut out);
        assert_eq!(&out[..n], &[1, 0xFF, 0xE0, 0xFF, 0xFF, 2, 0xFF]);
        assert_eq!(raw_position(&raw, 2), 3);
        assert_eq!(raw_position(&raw, 5), 7);
    }

    #[test]
    fn offset_cursor_matches_a_fresh_mapping() {
        let raw: Vec<u8> = (0..2000u32)
            .flat_map(|i| {
                if i % 7 == 0 {
                    vec![0xFF, 0]
                } else {
                    vec![i as u8 | 1]
                }
            })
            .collect();
        let body = Body::Mem {
            data: &[],
            raw: &raw,
            base: 100,
            cursor: Cell::new((0, 0)),
        };
        for pos in [0u64, 5, 6, 7, 300, 301, 1999, 40, 1000, 2500] {
            assert_eq!(body.abs(pos), 100 + raw_position(&raw, pos), "{pos}");
        }
        let naive = |pos: u64| {
            let (mut r, mut d) = (0usize, 0u64);
            while d < pos && r < raw.len() {
                if raw[r] == 0xFF && raw.get(r + 1) == Some(&0) {
                    r += 1;
                }
                r += 1;
                d += 1;
            }
            r as u64
        };
        for pos in 0..2100 {
            assert_eq!(raw_position(&raw, pos), naive(pos));
        }
    }

    #[test]
    fn ahead_request_covers_rest_of_small_tag() {
        let head = [0u8; 100];
        let mut input = Input::empty(1_000_000);
        input.add(0, &head);
        let body = Body::File {
            input: &input,
            base: 10,
            len: 20_000,
        };
        assert_eq!(
            body.get_ahead(200, 10, "x"),
            Err(Stop::Need {
                offset: 210,
                len: 20_010 + 8192 - 210
            })
        );
        let body = Body::File {
            input: &input,
            base: 10,
            len: 500_000,
        };
        assert_eq!(
            body.get_ahead(200, 10, "x"),
            Err(Stop::Need {
                offset: 210,
                len: 1034
            })
        );
        // Nothing is asked for past the end of the file.
        let mut small = Input::empty(300);
        small.add(0, &head);
        let body = Body::File {
            input: &small,
            base: 10,
            len: 290,
        };
        assert_eq!(
            body.get_ahead(200, 10, "x"),
            Err(Stop::Need {
                offset: 210,
                len: 90
            })
        );
    }
}
