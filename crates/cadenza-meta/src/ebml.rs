//! EBML / Matroska / WebM reader: header, Info, Tracks, Tags and
//! Attachments; never blocks.
//!
//! The reader walks the EBML header (DocType decides Matroska or WebM), then
//! the top-level children of the first Segment up to the first Cluster,
//! noting where `SeekHead`, `Info`, `Tracks` and `Tags` sit. SeekHeads
//! (including chained ones) give the positions of elements placed after the
//! Clusters, which are then read directly: Cluster bodies are never read, so
//! a file of any length costs a few small reads. Only the header of each
//! top-level element on the way is read; metadata elements are read whole
//! (up to [`MAX_META`] bytes) and parsed from memory by [`info`] and [`tags`].
//! `Attachments` are the exception: [`attach`] visits their headers only and
//! reports images as pictures without reading their data.
//!
//! Live streams (unknown-size Segment) stop at the first Cluster with a
//! warning: what follows cannot be located without scanning. `Void` and
//! `CRC-32` elements are skipped wherever they appear.
//!
//! Reported values: duration is `Info/Duration * TimestampScale` (as
//! ffprobe); the stream is the first audio track; the bitrate is that
//! track's `BPS` statistic tag if present, else rate * channels * depth for
//! PCM, else the file size over the duration (ffprobe's format bitrate).
//! BitDepth is reported for PCM and lossless codecs only (ffmpeg writes one
//! for Opus too). Info `Title` is the title when no
//! `TITLE` tag exists; `MuxingApp`, `WritingApp` and `DateUTC` become the
//! tags `muxing_app`, `writing_app` and `creation_time`, the main track's
//! language (unless `und`) and name become `language` and `track_name`.

mod attach;
mod ids;
mod info;
mod tags;
mod vint;

#[cfg(test)]
mod tests;

use crate::bytes::until_nul;
use crate::error::Error;
use crate::input::{Input, Stop};
use crate::probe::{Format, Probe, TagKey, TagSource};
use crate::scratch::Scratch;
use crate::text::Text;
use vint::{Children, Header, MAX_HEADER, read_header, uint};

/// Largest EBML header read.
const MAX_EBML_HEADER: u64 = 4096;
/// Largest metadata element (SeekHead, Info, Tracks, Tags) read whole.
const MAX_META: u64 = 16 << 20;
/// Most top-level elements walked before the first Cluster.
const MAX_TOP_LEVEL: u32 = 1024;
/// Most SeekHeads followed (the spec allows two; chains are rare).
const MAX_SEEK_HEADS: usize = 4;
/// Largest span of unloaded metadata fetched in one read.
const MAX_PREFETCH_SPAN: u64 = 1 << 20;
/// Extra bytes asked for past the last unloaded metadata element start.
const PREFETCH_TAIL: u64 = 16 << 10;
/// Size above which a top-level element ends the walk once a SeekHead
/// has located Info and Tracks.
const BIG_ELEMENT: u64 = 64 << 10;
/// Non-Segment top-level elements skipped before the Segment.
const MAX_BEFORE_SEGMENT: u32 = 64;

/// Parses an EBML file into `out`.
pub(crate) fn parse<'a>(
    input: &Input<'a>,
    _scratch: &mut Scratch<'a>,
    out: &mut Probe<'a>,
) -> Result<(), Stop> {
    out.format = Format::Matroska;
    let h = header_at(input, 0)?;
    if h.id != ids::EBML {
        return Err(Error::malformed(0, "EBML header missing").into());
    }
    let Some(size) = h.size else {
        return Err(Error::malformed(0, "EBML header has unknown size").into());
    };
    if size > MAX_EBML_HEADER {
        return Err(Error::limit(0, "EBML header too large").into());
    }
    let body_at = h.len as u64;
    let body = input.bytes(body_at, size, "EBML header")?;
    read_ebml_header(body, body_at, out)?;

    let seg = find_segment(input, body_at + size, out)?;
    let mut found = Found::default();
    walk_top_level(input, &seg, &mut found, out)?;
    follow_seek_heads(input, &seg, &mut found, out)?;
    prefetch(input, &found)?;

    let mut seg_info = info::SegmentInfo::default();
    if let Some(at) = found.info {
        if let Some((b, base)) = read_meta(input, &seg, at, ids::INFO, out)? {
            seg_info = info::parse_info(b, base, out);
        }
    } else {
        out.warn(Error::malformed(seg.data, "Matroska Segment has no Info"));
    }
    let mut main_uid = None;
    if let Some(at) = found.tracks {
        if let Some((b, base)) = read_meta(input, &seg, at, ids::TRACKS, out)? {
            main_uid = info::parse_tracks(b, base, out);
        }
    } else {
        out.warn(Error::malformed(seg.data, "Matroska Segment has no Tracks"));
    }
    let mut bps = None;
    if let Some(at) = found.tags
        && let Some((b, base)) = read_meta(input, &seg, at, ids::TAGS, out)?
    {
        bps = tags::parse_tags(b, base, main_uid, out);
    }
    if let Some(at) = found.attachments {
        attach::read_attachments(input, &seg, at, out)?;
    }
    if let Some(title) = seg_info.title.filter(|t| !t.is_empty())
        && out.tag(TagKey::Title).is_none()
    {
        out.add_tag(
            TagKey::Title,
            Text::Utf8(title),
            TagSource::Matroska,
            seg_info.title_offset,
        );
    }
    out.stream.bitrate = bps.or(out.stream.bitrate).or_else(|| {
        let d = out.stream.duration.filter(|d| *d > 0.0)?;
        let b = input.len() as f64 * 8.0 / d;
        (b.is_finite() && b <= u32::MAX as f64).then_some(b as u32)
    });
    Ok(())
}

/// The element header at `pos` (fewer than 12 bytes near the end of file).
fn header_at(input: &Input<'_>, pos: u64) -> Result<Header, Stop> {
    let b = input.up_to(pos, MAX_HEADER)?;
    Ok(read_header(b, pos)?)
}

/// Reads the EBML header body: DocType and the limits this reader needs.
fn read_ebml_header<'a>(body: &'a [u8], base: u64, out: &mut Probe<'a>) -> Result<(), Error> {
    let mut doc: &'a [u8] = b"matroska";
    for child in Children::new(body, base) {
        let c = match child {
            Ok(c) => c,
            Err(e) => {
                out.warn(e);
                break;
            }
        };
        let num = || uint(c.body, c.offset);
        match c.id {
            ids::DOC_TYPE => doc = until_nul(c.body),
            ids::EBML_READ_VERSION if num()? > 1 => {
                return Err(Error::unsupported(c.offset, "EBML read version above 1"));
            }
            ids::EBML_MAX_ID_LENGTH if num()? > 4 => {
                return Err(Error::unsupported(c.offset, "EBML IDs longer than 4 bytes"));
            }
            ids::EBML_MAX_SIZE_LENGTH if num()? > 8 => {
                return Err(Error::unsupported(
                    c.offset,
                    "EBML sizes longer than 8 bytes",
                ));
            }
            ids::DOC_TYPE_READ_VERSION if num()? > 4 => {
                out.warn(Error::unsupported(
                    c.offset,
                    "Matroska DocTypeReadVersion above 4",
                ));
            }
            _ => {}
        }
    }
    out.doc_type = Some(Text::Utf8(doc));
    out.format = match doc {
        b"webm" => Format::WebM,
        b"matroska" => Format::Matroska,
        _ => {
            return Err(Error::unsupported(
                base,
                "EBML DocType is not matroska or webm",
            ));
        }
    };
    Ok(())
}

/// Where the Segment's children lie.
#[derive(Clone, Copy, Debug)]
struct Segment {
    /// Absolute offset of the first child (SeekPosition origin).
    data: u64,
    /// End of the children, clamped to the file.
    end: u64,
    /// The Segment has the reserved unknown size (a live stream).
    unknown_size: bool,
}

fn find_segment(input: &Input<'_>, mut pos: u64, out: &mut Probe<'_>) -> Result<Segment, Stop> {
    for _ in 0..MAX_BEFORE_SEGMENT {
        if pos >= input.len() {
            break;
        }
        let h = header_at(input, pos)?;
        let data = pos + h.len as u64;
        if h.id == ids::SEGMENT {
            let (end, unknown_size) = match h.size {
                None => (input.len(), true),
                Some(s) => match data.checked_add(s) {
                    Some(e) if e <= input.len() => (e, false),
                    _ => {
                        out.warn(Error::truncated(
                            pos,
                            "Matroska Segment runs past the end of the file",
                        ));
                        (input.len(), false)
                    }
                },
            };
            return Ok(Segment {
                data,
                end,
                unknown_size,
            });
        }
        let Some(size) = h.size else {
            return Err(Error::malformed(pos, "unknown-size element before the Segment").into());
        };
        pos = data.saturating_add(size);
    }
    Err(Error::malformed(pos.min(input.len()), "no Matroska Segment").into())
}

/// Positions (absolute element offsets) of the top-level elements to read.
#[derive(Clone, Copy, Debug, Default)]
struct Found {
    info: Option<u64>,
    tracks: Option<u64>,
    tags: Option<u64>,
    attachments: Option<u64>,
    seek_heads: [u64; MAX_SEEK_HEADS],
    n_seek_heads: usize,
    /// SeekHeads already read (a prefix of `seek_heads`).
    seek_heads_read: usize,
}

impl Found {
    /// Notes a top-level element; the first position of each kind wins.
    fn record(&mut self, id: u32, pos: u64, out: &mut Probe<'_>) {
        let slot = match id {
            ids::INFO => &mut self.info,
            ids::TRACKS => &mut self.tracks,
            ids::TAGS => &mut self.tags,
            ids::ATTACHMENTS => &mut self.attachments,
            ids::SEEK_HEAD => {
                if self.seek_heads[..self.n_seek_heads].contains(&pos) {
                    return;
                }
                if self.n_seek_heads == MAX_SEEK_HEADS {
                    out.warn(Error::limit(pos, "too many Matroska SeekHeads"));
                    return;
                }
                self.seek_heads[self.n_seek_heads] = pos;
                self.n_seek_heads += 1;
                return;
            }
            _ => return,
        };
        if slot.is_none() {
            *slot = Some(pos);
        }
    }
}

/// Walks the Segment's children up to the first Cluster, reading only their
/// headers, and the SeekHeads met on the way.
fn walk_top_level<'a>(
    input: &Input<'a>,
    seg: &Segment,
    found: &mut Found,
    out: &mut Probe<'a>,
) -> Result<(), Stop> {
    let mut pos = seg.data;
    for _ in 0..MAX_TOP_LEVEL {
        if pos >= seg.end {
            return Ok(());
        }
        let h = match header_at(input, pos) {
            Ok(h) => h,
            Err(Stop::Fail(e)) => {
                out.warn(e);
                return Ok(());
            }
            Err(need) => return Err(need),
        };
        if h.id == ids::CLUSTER {
            if seg.unknown_size {
                out.warn(Error::unsupported(
                    pos,
                    "live Matroska stream (unknown-size Segment): nothing after the first Cluster is read",
                ));
            }
            return Ok(());
        }
        found.record(h.id, pos, out);
        if h.id == ids::SEEK_HEAD && found.seek_heads_read < found.n_seek_heads {
            read_seek_head(input, seg, found, out)?;
        }
        let Some(size) = h.size else {
            out.warn(Error::malformed(
                pos,
                "unknown-size Matroska element other than a Cluster",
            ));
            return Ok(());
        };
        let next = (pos + h.len as u64).saturating_add(size);
        if next > seg.end {
            out.warn(Error::truncated(
                pos,
                "Matroska element runs past the end of its Segment",
            ));
            return Ok(());
        }
        // Once a SeekHead has told where Info and Tracks are, do not read
        // past a large element (attachments, front Cues) just to find the
        // next header: the SeekHead lists what matters. The rule depends on
        // the file only, so whole and sparse inputs give the same result.
        if size > BIG_ELEMENT
            && found.seek_heads_read > 0
            && found.info.is_some()
            && found.tracks.is_some()
        {
            return Ok(());
        }
        pos = next;
    }
    out.warn(Error::limit(
        pos,
        "too many top-level Matroska elements before the first Cluster",
    ));
    Ok(())
}

/// Reads the next unread SeekHead and records the positions it lists.
fn read_seek_head<'a>(
    input: &Input<'a>,
    seg: &Segment,
    found: &mut Found,
    out: &mut Probe<'a>,
) -> Result<(), Stop> {
    let at = found.seek_heads[found.seek_heads_read];
    found.seek_heads_read += 1;
    let Some((body, base)) = read_meta(input, seg, at, ids::SEEK_HEAD, out)? else {
        return Ok(());
    };
    for seek in Children::new(body, base) {
        let seek = match seek {
            Ok(s) => s,
            Err(e) => {
                out.warn(e);
                break;
            }
        };
        if seek.id != ids::SEEK {
            continue;
        }
        let mut id = None;
        let mut position = None;
        for c in Children::new(seek.body, seek.body_offset).map_while(Result::ok) {
            match c.id {
                ids::SEEK_ID => id = uint(c.body, c.offset).ok(),
                ids::SEEK_POSITION => position = uint(c.body, c.offset).ok(),
                _ => {}
            }
        }
        let (Some(id), Some(rel)) = (id, position) else {
            out.warn(Error::malformed(
                seek.offset,
                "Matroska Seek without SeekID or SeekPosition",
            ));
            continue;
        };
        match seg.data.checked_add(rel) {
            Some(abs) if abs < seg.end => {
                if id <= u32::MAX as u64 {
                    found.record(id as u32, abs, out);
                }
            }
            _ => out.warn(Error::malformed(
                seek.offset,
                "Matroska SeekPosition outside the Segment",
            )),
        }
    }
    Ok(())
}

/// Reads every SeekHead not yet read (chains are followed, bounded by
/// [`MAX_SEEK_HEADS`]).
fn follow_seek_heads<'a>(
    input: &Input<'a>,
    seg: &Segment,
    found: &mut Found,
    out: &mut Probe<'a>,
) -> Result<(), Stop> {
    while found.seek_heads_read < found.n_seek_heads {
        read_seek_head(input, seg, found, out)?;
    }
    Ok(())
}

/// When two or more metadata elements are not loaded and lie close
/// together (typically Tags and Cues after the Clusters), asks for them in
/// one read instead of one read each.
fn prefetch(input: &Input<'_>, found: &Found) -> Result<(), Stop> {
    let mut lo = u64::MAX;
    let mut hi = 0;
    let mut missing = 0;
    for at in [found.info, found.tracks, found.tags].into_iter().flatten() {
        if input.loaded_from(at).len() < MAX_HEADER as usize && at < input.len() {
            missing += 1;
            lo = lo.min(at);
            hi = hi.max(at);
        }
    }
    if missing >= 2 && hi - lo <= MAX_PREFETCH_SPAN {
        let len = (hi - lo + PREFETCH_TAIL).min(input.len() - lo);
        input.bytes(lo, len, "Matroska metadata")?;
    }
    Ok(())
}

/// Reads the whole body of the metadata element at `at`, which should have
/// ID `want`. Problems that only lose this element become warnings (`None`).
fn read_meta<'a>(
    input: &Input<'a>,
    seg: &Segment,
    at: u64,
    want: u32,
    out: &mut Probe<'a>,
) -> Result<Option<(&'a [u8], u64)>, Stop> {
    let h = match header_at(input, at) {
        Ok(h) => h,
        Err(Stop::Fail(e)) => {
            out.warn(e);
            return Ok(None);
        }
        Err(need) => return Err(need),
    };
    if h.id != want {
        out.warn(Error::malformed(
            at,
            "Matroska SeekHead points at a different element",
        ));
        return Ok(None);
    }
    let Some(mut size) = h.size else {
        out.warn(Error::malformed(
            at,
            "Matroska metadata element has unknown size",
        ));
        return Ok(None);
    };
    let body_at = at + h.len as u64;
    if size > MAX_META {
        out.warn(Error::limit(at, "Matroska metadata element too large"));
        return Ok(None);
    }
    let avail = seg.end.saturating_sub(body_at);
    if size > avail {
        out.warn(Error::truncated(
            at,
            "Matroska element runs past the end of its Segment",
        ));
        size = avail;
    }
    let body = input.bytes(body_at, size, "Matroska metadata element")?;
    Ok(Some((body, body_at)))
}
