//! ID3v2.2/2.3/2.4 tags: header, extended header, footer, unsynchronisation
//! (whole-tag in 2.2/2.3, per-frame in 2.4), zlib-compressed frames
//! (inflated into scratch; compressed pictures and encrypted frames are
//! skipped with a warning), and the frames that carry metadata (text frames,
//! `TXXX`, `COMM`, `USLT`, `APIC`/`PIC`).
//!
//! Frames are walked header by header; payloads that are not needed (picture
//! data, private frames) are never read, so a tag larger than the loaded head
//! costs one extra read per region actually used, not a read of the tag.

mod body;
mod date;
mod genre;
mod ids;
mod inflate;
mod picture;
pub(crate) mod scan;
mod strings;

use body::{Body, decode_unsync};
use date::DateParts;
use ids::Kind;
use picture::picture_header;
use strings::{Utf16State, Values};

use crate::bytes::{be24, be32, synchsafe32};
use crate::error::Error;
use crate::input::{Input, Stop};
use crate::probe::{Picture, Probe, TagKey, TagSource};
use crate::scratch::Scratch;
use crate::text::Text;

/// Size of a tag header (and of a 2.4 footer).
pub(crate) const HEADER_LEN: u64 = 10;
/// Frames read per tag at most.
const MAX_FRAMES: u32 = 4096;
/// Largest text-like frame read; bigger ones are skipped with a warning.
const MAX_TEXT_FRAME: u64 = 16 << 20;
/// Largest payload loaded together with the header after it (ID3v2.4 size check).
const PAYLOAD_WITH_HEADER: u64 = 1 << 20;
/// Bytes of an `APIC` payload read to find its mime type and description.
const PICTURE_PREFIX: u64 = 4096;

/// Turns a [`Stop::Fail`] into a warning (`None`); passes `Stop::Need` on.
pub(crate) fn soft<T>(r: Result<T, Stop>, out: &mut Probe<'_>) -> Result<Option<T>, Stop> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(Stop::Fail(e)) => {
            out.warn(e);
            Ok(None)
        }
        Err(need) => Err(need),
    }
}

/// Reads the ID3v2 tag whose header is at `at`.
///
/// Returns the offset just past the tag (header, body, footer), clamped to
/// the file, or `None` when there is no usable tag header at `at` (a
/// warning says why when the bytes looked like one). Problems inside the
/// tag become warnings; only [`Stop::Need`] is returned as an error.
pub(crate) fn parse_tag<'a>(
    input: &Input<'a>,
    at: u64,
    scratch: &mut Scratch<'a>,
    out: &mut Probe<'a>,
) -> Result<Option<u64>, Stop> {
    let Some(h) = soft(input.bytes(at, HEADER_LEN, "ID3v2 header"), out)? else {
        return Ok(None);
    };
    if &h[..3] != b"ID3" {
        return Ok(None);
    }
    let (major, flags) = (h[3], h[5]);
    let Some(size) = synchsafe32(&h[6..10]) else {
        out.warn(Error::malformed(at + 6, "ID3v2 tag size is not synchsafe"));
        return Ok(None);
    };
    let footer = major == 4 && flags & 0x10 != 0;
    let base = at + HEADER_LEN;
    let end = (base + u64::from(size) + if footer { HEADER_LEN } else { 0 }).min(input.len());
    if !(2..=4).contains(&major) || h[4] == 0xFF {
        out.warn(Error::unsupported(
            at + 3,
            "ID3v2 version not supported; tag skipped",
        ));
        return Ok(Some(end));
    }
    let mut len = u64::from(size);
    if base + len > input.len() {
        out.warn(Error::truncated(
            at,
            "ID3v2 tag runs past the end of the file",
        ));
        len = input.len().saturating_sub(base);
    }
    if major == 2 && flags & 0x40 != 0 {
        out.warn(Error::unsupported(at + 5, "compressed ID3v2.2 tag skipped"));
        return Ok(Some(end));
    }
    let unsync = flags & 0x80 != 0;
    let body = if unsync && major < 4 {
        // Decoded bytes are never more than raw ones: a tag larger than the
        // scratch is read as far as the scratch reaches.
        let room = scratch.remaining() as u64;
        if room < len {
            out.warn(Error::limit(
                at,
                "ID3v2 tag larger than the scratch space; only its start is read",
            ));
        }
        if room == 0 {
            return Ok(Some(end));
        }
        let Some(raw) = soft(input.bytes(base, len.min(room), "ID3v2 tag"), out)? else {
            return Ok(Some(end));
        };
        let buf = scratch.take_all();
        let n = decode_unsync(raw, buf);
        let data: &'a [u8] = scratch.give_back(buf, n);
        Body::Mem {
            data,
            raw,
            base,
            cursor: core::cell::Cell::new((0, 0)),
        }
    } else {
        Body::File { input, base, len }
    };

    let mut pos = 0;
    if flags & 0x40 != 0 && major >= 3 {
        let Some(eh) = soft(body.get(0, 4, "ID3v2 extended header"), out)? else {
            return Ok(Some(end));
        };
        let ext = if major == 3 {
            u64::from(be32(eh)) + 4
        } else {
            synchsafe32(eh).map_or(0, u64::from)
        };
        if ext < 6 || ext > body.len() {
            out.warn(Error::malformed(base, "bad ID3v2 extended header size"));
            return Ok(Some(end));
        }
        pos = ext;
    }

    let mut frames = Frames {
        body,
        major,
        unsync_all: unsync && major == 4,
        source: TagSource::Id3v2(major),
        plain_sizes: false,
        date: DateParts::default(),
    };
    frames.walk(pos, scratch, out)?;
    frames.date.finish(out, frames.source, at);
    Ok(Some(end))
}

/// State while walking the frames of one tag.
struct Frames<'i, 'a> {
    body: Body<'i, 'a>,
    major: u8,
    /// ID3v2.4 header unsynchronisation flag: every frame is unsynchronised.
    unsync_all: bool,
    source: TagSource,
    /// An ID3v2.4 tag found to use plain (iTunes-style) frame sizes.
    plain_sizes: bool,
    date: DateParts<'a>,
}

/// A frame header, decoded.
struct FrameHead<'a> {
    kind: Kind,
    /// The key for [`Kind::OtherText`]: the frame ID (upgraded from 2.2).
    id: Text<'a>,
    flags: u8,
    size: u64,
}

impl<'a> Frames<'_, 'a> {
    fn header_len(&self) -> u64 {
        if self.major == 2 { 6 } else { 10 }
    }

    fn walk(
        &mut self,
        mut pos: u64,
        scratch: &mut Scratch<'a>,
        out: &mut Probe<'a>,
    ) -> Result<(), Stop> {
        let hl = self.header_len();
        let mut count = 0;
        while pos + hl <= self.body.len() {
            count += 1;
            if count > MAX_FRAMES {
                out.warn(Error::limit(self.body.abs(pos), "too many ID3v2 frames"));
                break;
            }
            let Some(raw) = soft(self.body.get_ahead(pos, hl, "ID3v2 frame header"), out)? else {
                break;
            };
            if raw[0] == 0 {
                break; // padding
            }
            let Some(mut head) = self.decode_head(raw, pos + hl)? else {
                out.warn(Error::malformed(
                    self.body.abs(pos),
                    "invalid ID3v2 frame ID",
                ));
                break;
            };
            let data = pos + hl;
            let avail = self.body.len() - data;
            let last = head.size > avail;
            if last {
                out.warn(Error::truncated(
                    self.body.abs(pos),
                    "ID3v2 frame runs past the end of the tag",
                ));
                head.size = avail;
            }
            soft(self.frame(&head, data, scratch, out), out)?;
            pos = data + head.size;
            if last {
                break;
            }
        }
        Ok(())
    }

    /// Decodes a frame header; `None` for an invalid frame ID.
    fn decode_head(&mut self, raw: &'a [u8], data: u64) -> Result<Option<FrameHead<'a>>, Stop> {
        let v22 = |id: &'a [u8], size: u64, flags: u8| {
            let (kind, name) = match ids::upgrade_v22(id) {
                Some(new) => {
                    let k = ids::kind(new.as_bytes().try_into().unwrap_or(&[0; 4]));
                    (k, Text::from_static(new))
                }
                None if id == b"PIC" => (Kind::Picture22, Text::Latin1(id)),
                None if id[0] == b'T' => (Kind::OtherText, Text::Latin1(id)),
                None => (Kind::Skip, Text::Latin1(id)),
            };
            FrameHead {
                kind,
                id: name,
                flags,
                size,
            }
        };
        if self.major == 2 {
            if !raw[..3].iter().all(|&c| ids::id_char(c)) {
                return Ok(None);
            }
            return Ok(Some(v22(&raw[..3], u64::from(be24(&raw[3..6])), 0)));
        }
        let size = if self.major == 4 {
            let id: &[u8; 4] = raw[..4].try_into().unwrap_or(&[0; 4]);
            let wants = !matches!(ids::kind(id), Kind::Skip | Kind::Picture | Kind::Picture22);
            self.v24_size(&raw[4..8], data, wants)?
        } else {
            u64::from(be32(&raw[4..8]))
        };
        let flags = raw[9];
        if raw[..4].iter().all(|&c| ids::id_char(c)) {
            let id: &[u8; 4] = raw[..4].try_into().unwrap_or(&[0; 4]);
            return Ok(Some(FrameHead {
                kind: ids::kind(id),
                id: Text::Latin1(&raw[..4]),
                flags,
                size,
            }));
        }
        // ID3v2.2 names written into a 2.3/2.4 tag ("TT2\0").
        if raw[..3].iter().all(|&c| ids::id_char(c)) && matches!(raw[3], 0 | b' ') {
            return Ok(Some(v22(&raw[..3], size, flags)));
        }
        Ok(None)
    }

    /// An ID3v2.4 frame size: synchsafe by the spec, but some writers
    /// (iTunes) store plain integers. When both readings differ, the one
    /// that lands on a valid next frame (or padding, or the tag end) wins.
    ///
    /// When the payload will be read anyway (`wants_payload`), the check
    /// loads the payload together with the next header, in one read.
    fn v24_size(&mut self, b: &[u8], data: u64, wants_payload: bool) -> Result<u64, Stop> {
        let plain = u64::from(be32(b));
        let Some(safe) = synchsafe32(b).map(u64::from) else {
            self.plain_sizes = true;
            return Ok(plain);
        };
        let from = (wants_payload && safe <= PAYLOAD_WITH_HEADER).then_some(data);
        if self.plain_sizes || safe == plain || self.next_frame_ok(data + safe, from)? {
            return Ok(if self.plain_sizes { plain } else { safe });
        }
        if self.next_frame_ok(data + plain, None)? {
            self.plain_sizes = true;
            return Ok(plain);
        }
        Ok(safe)
    }

    /// Whether a frame header (or padding, or the tag end) is at `p`; reads
    /// from `from` on when given, so the bytes before `p` come along.
    fn next_frame_ok(&self, p: u64, from: Option<u64>) -> Result<bool, Stop> {
        let len = self.body.len();
        if p >= len {
            return Ok(p == len);
        }
        let n = (len - p).min(4);
        let start = from.filter(|&f| f < p).unwrap_or(p);
        let got = self
            .body
            .get_ahead(start, p - start + n, "ID3v2 frame header")
            .map(|b| &b[(p - start) as usize..]);
        let b = match got {
            Ok(b) => b,
            Err(Stop::Fail(_)) => return Ok(false),
            Err(need) => return Err(need),
        };
        Ok(b[0] == 0 || (b.len() == 4 && b.iter().all(|&c| ids::id_char(c))))
    }

    /// Handles one frame whose payload is `data..data + head.size`.
    fn frame(
        &mut self,
        head: &FrameHead<'a>,
        data: u64,
        scratch: &mut Scratch<'a>,
        out: &mut Probe<'a>,
    ) -> Result<(), Stop> {
        if head.kind == Kind::Skip || head.size == 0 {
            return Ok(());
        }
        let at = self.body.abs(data);
        // Format flags: extra bytes before the content, and what they mean.
        let (skip_extra, unsync, has_dli, compressed, encrypted) = match self.major {
            3 => (
                u64::from(head.flags & 0x20 != 0)
                    + u64::from(head.flags & 0x40 != 0)
                    + if head.flags & 0x80 != 0 { 4 } else { 0 },
                false,
                false,
                head.flags & 0x80 != 0,
                head.flags & 0x40 != 0,
            ),
            4 => (
                u64::from(head.flags & 0x40 != 0)
                    + u64::from(head.flags & 0x04 != 0)
                    + if head.flags & 0x01 != 0 { 4 } else { 0 },
                head.flags & 0x02 != 0 || self.unsync_all,
                head.flags & 0x01 != 0,
                head.flags & 0x08 != 0,
                head.flags & 0x04 != 0,
            ),
            _ => (0, false, false, false, false),
        };
        if encrypted {
            out.warn(Error::unsupported(at, "encrypted ID3v2 frame skipped"));
            return Ok(());
        }
        if skip_extra > head.size {
            out.warn(Error::malformed(
                at,
                "ID3v2 frame shorter than its flags say",
            ));
            return Ok(());
        }
        let decoded_len = if has_dli {
            let b = self
                .body
                .get(data + skip_extra - 4, 4, "ID3v2 data length indicator")?;
            synchsafe32(b).map(u64::from)
        } else if compressed {
            // ID3v2.3: the decompressed size comes first, as a plain be32.
            let b = self.body.get(data, 4, "ID3v2 decompressed size")?;
            Some(u64::from(be32(b)))
        } else {
            None
        };
        let start = data + skip_extra;
        let len = head.size - skip_extra;
        if matches!(head.kind, Kind::Picture | Kind::Picture22) {
            if compressed {
                // A picture is reported by position; compressed data has none.
                out.warn(Error::unsupported(at, "compressed ID3v2 picture skipped"));
                return Ok(());
            }
            return self.picture(head.kind, start, len, unsync, decoded_len, scratch, out);
        }
        if len > MAX_TEXT_FRAME {
            out.warn(Error::limit(at, "ID3v2 text frame too large; skipped"));
            return Ok(());
        }
        let mut bytes = self.body.get_ahead(start, len, "ID3v2 frame")?;
        if unsync {
            let Some(buf) = scratch.take(bytes.len()) else {
                out.warn(Error::limit(
                    at,
                    "no scratch space to undo ID3v2 unsynchronisation",
                ));
                return Ok(());
            };
            let n = decode_unsync(bytes, buf);
            let decoded: &'a [u8] = buf;
            bytes = &decoded[..n];
        }
        if compressed {
            let Some(declared) = decoded_len else {
                out.warn(Error::malformed(
                    at,
                    "compressed ID3v2 frame without a data length indicator",
                ));
                return Ok(());
            };
            match inflate::inflate(bytes, declared, MAX_TEXT_FRAME, at, scratch) {
                Ok(b) => bytes = b,
                Err(e) => {
                    out.warn(e);
                    return Ok(());
                }
            }
        }
        self.content(head, bytes, at, out);
        Ok(())
    }

    /// Reports the content of a text-like frame.
    fn content(&mut self, head: &FrameHead<'a>, bytes: &'a [u8], at: u64, out: &mut Probe<'a>) {
        let Some((&enc, rest)) = bytes.split_first() else {
            return;
        };
        if !strings::valid_encoding(enc) {
            out.warn(Error::malformed(at, "unknown ID3v2 text encoding"));
            return;
        }
        let src = self.source;
        let values = |b: &'a [u8], st| Values::new(enc, b, st);
        match head.kind {
            Kind::Text(key) => {
                for v in values(rest, Utf16State::default()) {
                    if key == TagKey::Date {
                        self.date.explicit = true;
                    }
                    out.add_tag(key, v, src, at);
                }
            }
            Kind::OtherText => {
                for v in values(rest, Utf16State::default()) {
                    out.add_tag(TagKey::Other(head.id), v, src, at);
                }
            }
            Kind::Genre => {
                for v in values(rest, Utf16State::default()) {
                    genre::genres(v, |g| out.add_tag(TagKey::Genre, g, src, at));
                }
            }
            Kind::Year | Kind::Day | Kind::Time => {
                let first = values(rest, Utf16State::default()).next();
                let slot = match head.kind {
                    Kind::Year => &mut self.date.year,
                    Kind::Day => &mut self.date.day,
                    _ => &mut self.date.time,
                };
                if slot.is_none() {
                    *slot = first;
                }
            }
            Kind::UserText => {
                let mut st = Utf16State::default();
                let (desc, rest) = strings::split_terminated(enc, rest);
                let desc = strings::text(enc, desc, &mut st);
                let key = if desc.is_empty() {
                    Text::from_static("TXXX")
                } else {
                    desc
                };
                for v in values(rest, st) {
                    out.add_tag(TagKey::Other(key), v, src, at);
                }
            }
            Kind::Comment | Kind::Lyrics => {
                let Some(rest) = rest.get(3..) else {
                    return; // language code missing: an empty frame
                };
                let mut st = Utf16State::default();
                let (desc, rest) = strings::split_terminated(enc, rest);
                let desc = strings::text(enc, desc, &mut st);
                let key = match head.kind {
                    Kind::Lyrics => TagKey::Lyrics,
                    _ if desc.is_empty() => TagKey::Comment,
                    _ => TagKey::Other(desc),
                };
                for v in values(rest, st) {
                    out.add_tag(key, v, src, at);
                }
            }
            Kind::Picture | Kind::Picture22 | Kind::Skip => {}
        }
    }

    /// Reports an `APIC`/`PIC` frame from the first bytes of its payload.
    #[allow(clippy::too_many_arguments)]
    fn picture(
        &mut self,
        kind: Kind,
        start: u64,
        len: u64,
        unsync: bool,
        decoded_len: Option<u64>,
        scratch: &mut Scratch<'a>,
        out: &mut Probe<'a>,
    ) -> Result<(), Stop> {
        let at = self.body.abs(start);
        let want = len.min(PICTURE_PREFIX);
        let mut parsed = None;
        if unsync {
            let raw = self.body.get_ahead(start, want, "ID3v2 picture header")?;
            let Some(buf) = scratch.take(raw.len()) else {
                out.warn(Error::limit(
                    at,
                    "no scratch space to undo ID3v2 unsynchronisation",
                ));
                return Ok(());
            };
            let n = decode_unsync(raw, buf);
            let b: &'a [u8] = buf;
            parsed = picture_header(kind, &b[..n]);
        } else {
            let loaded = self.body.loaded(start, want);
            if let Some(p) = picture_header(kind, loaded) {
                parsed = Some(p);
            } else if (loaded.len() as u64) < want {
                parsed = picture_header(
                    kind,
                    self.body.get_ahead(start, want, "ID3v2 picture header")?,
                );
            }
        }
        let Some((mime, ptype, description, used)) = parsed else {
            out.warn(Error::malformed(at, "bad ID3v2 picture header"));
            return Ok(());
        };
        let total = if unsync {
            decoded_len.unwrap_or(len)
        } else {
            len
        };
        let (offset, size) = if unsync {
            (at, total.saturating_sub(used))
        } else {
            (self.body.abs(start + used), total.saturating_sub(used))
        };
        out.add_picture(Picture {
            mime,
            kind: ptype,
            description,
            offset,
            size,
        });
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests;
