//! Matroska `Attachments`: cover art and other attached files, reported as
//! pictures without reading their data.
//!
//! Attachments can be megabytes (fonts, scans, cover art), so unlike the
//! other metadata elements they are never read whole: the reader visits the
//! headers of the `AttachedFile` elements one by one, reads the small
//! children (name, media type, description) and only notes where
//! `FileData` starts and how long it is. Files whose media type is
//! `image/*` become [`Picture`]s; the Matroska naming convention for cover
//! art (`cover.*`, `small_cover.*`, `cover_land.*`, `small_cover_land.*`)
//! marks a front cover (ID3 picture type 3), any other image is type 0.

use super::vint::Header;
use super::{Segment, header_at, ids};
use crate::bytes::until_nul;
use crate::error::Error;
use crate::input::{Input, Stop};
use crate::probe::{Picture, Probe};
use crate::text::Text;

/// Most `AttachedFile` elements visited (pictures are capped lower by
/// [`crate::probe::MAX_PICTURES`]; fonts and other files are skipped).
const MAX_ATTACHED_FILES: u32 = 64;
/// Most children of one `AttachedFile` visited.
const MAX_FILE_CHILDREN: u32 = 32;
/// Largest name, media type or description read.
const MAX_FILE_TEXT: u64 = 4096;

/// One attached file's small fields and where its data lies.
#[derive(Default)]
struct AttachedFile<'a> {
    name: &'a [u8],
    media_type: &'a [u8],
    description: &'a [u8],
    /// (absolute offset, size) of `FileData`.
    data: Option<(u64, u64)>,
}

/// Reads the `Attachments` element at `at` and adds its images to
/// `out.pictures`. Damage inside it becomes a warning; only
/// [`Stop::Need`] (more bytes to load) is returned.
pub(super) fn read_attachments<'a>(
    input: &Input<'a>,
    seg: &Segment,
    at: u64,
    out: &mut Probe<'a>,
) -> Result<(), Stop> {
    let Some((mut pos, end)) = body_range(input, seg.end, at, ids::ATTACHMENTS, out)? else {
        return Ok(());
    };
    for _ in 0..MAX_ATTACHED_FILES {
        if pos >= end {
            return Ok(());
        }
        let Some(h) = header_or_warn(input, pos, out)? else {
            return Ok(());
        };
        let Some(next) = child_end(pos, &h, end, out) else {
            return Ok(());
        };
        if h.id == ids::ATTACHED_FILE {
            let f = read_attached_file(input, pos + h.len as u64, next, out)?;
            add_picture(f, pos, out);
        }
        pos = next;
    }
    out.warn(Error::limit(pos, "too many Matroska attached files"));
    Ok(())
}

/// Reads the children of one `AttachedFile` whose body is `pos..end`.
fn read_attached_file<'a>(
    input: &Input<'a>,
    mut pos: u64,
    end: u64,
    out: &mut Probe<'a>,
) -> Result<AttachedFile<'a>, Stop> {
    let mut f = AttachedFile::default();
    for _ in 0..MAX_FILE_CHILDREN {
        if pos >= end {
            return Ok(f);
        }
        let Some(h) = header_or_warn(input, pos, out)? else {
            return Ok(f);
        };
        let Some(next) = child_end(pos, &h, end, out) else {
            return Ok(f);
        };
        let body_at = pos + h.len as u64;
        let size = next - body_at;
        let text = match h.id {
            ids::FILE_NAME => Some(&mut f.name),
            ids::FILE_MEDIA_TYPE => Some(&mut f.media_type),
            ids::FILE_DESCRIPTION => Some(&mut f.description),
            ids::FILE_DATA => {
                f.data = Some((body_at, size));
                None
            }
            _ => None,
        };
        if let Some(slot) = text {
            if size > MAX_FILE_TEXT {
                out.warn(Error::limit(
                    pos,
                    "Matroska attachment name or type too long",
                ));
            } else {
                match input.bytes(body_at, size, "Matroska attachment field") {
                    Ok(b) => *slot = until_nul(b),
                    Err(Stop::Fail(e)) => {
                        out.warn(e);
                        return Ok(f);
                    }
                    Err(need) => return Err(need),
                }
            }
        }
        pos = next;
    }
    out.warn(Error::limit(
        pos,
        "too many children in a Matroska attached file",
    ));
    Ok(f)
}

/// Adds `f` as a picture if it is an image with data; `at` is the offset of
/// its `AttachedFile` element (for the warning when the data is missing).
fn add_picture<'a>(f: AttachedFile<'a>, at: u64, out: &mut Probe<'a>) {
    if !f.media_type.starts_with(b"image/") {
        return;
    }
    let Some((offset, size)) = f.data else {
        out.warn(Error::malformed(
            at,
            "Matroska attached image has no FileData",
        ));
        return;
    };
    let description = if f.description.is_empty() {
        f.name
    } else {
        f.description
    };
    out.add_picture(Picture {
        mime: Text::Utf8(f.media_type),
        kind: if is_cover_name(f.name) { 3 } else { 0 },
        description: Text::Utf8(description),
        offset,
        size,
    });
}

/// Whether `name` follows Matroska's cover-art naming (`cover.jpg`,
/// `small_cover.png`, `cover_land.jpg`, `small_cover_land.png`).
fn is_cover_name(name: &[u8]) -> bool {
    let stem = match name.iter().rposition(|&b| b == b'.') {
        Some(dot) => &name[..dot],
        None => name,
    };
    [
        &b"cover"[..],
        b"small_cover",
        b"cover_land",
        b"small_cover_land",
    ]
    .iter()
    .any(|c| stem.eq_ignore_ascii_case(c))
}

/// The header at `pos`, or `None` after warning when it is damaged.
fn header_or_warn(
    input: &Input<'_>,
    pos: u64,
    out: &mut Probe<'_>,
) -> Result<Option<Header>, Stop> {
    match header_at(input, pos) {
        Ok(h) => Ok(Some(h)),
        Err(Stop::Fail(e)) => {
            out.warn(e);
            Ok(None)
        }
        Err(need) => Err(need),
    }
}

/// End of the child whose header `h` is at `pos`, inside a parent ending at
/// `end`; `None` after warning when its size is unknown or too large.
fn child_end(pos: u64, h: &Header, end: u64, out: &mut Probe<'_>) -> Option<u64> {
    let Some(size) = h.size else {
        out.warn(Error::malformed(
            pos,
            "unknown-size element in Matroska Attachments",
        ));
        return None;
    };
    match (pos + h.len as u64).checked_add(size) {
        Some(next) if next <= end => Some(next),
        _ => {
            out.warn(Error::truncated(
                pos,
                "Matroska attachment runs past the end of its parent",
            ));
            None
        }
    }
}

/// Body range of the element at `at`, which should have ID `want`, clipped
/// (with a warning) to `limit`; `None` after warning when it is something
/// else or has unknown size.
fn body_range(
    input: &Input<'_>,
    limit: u64,
    at: u64,
    want: u32,
    out: &mut Probe<'_>,
) -> Result<Option<(u64, u64)>, Stop> {
    let Some(h) = header_or_warn(input, at, out)? else {
        return Ok(None);
    };
    if h.id != want {
        out.warn(Error::malformed(
            at,
            "Matroska SeekHead points at a different element",
        ));
        return Ok(None);
    }
    let Some(size) = h.size else {
        out.warn(Error::malformed(
            at,
            "Matroska Attachments has unknown size",
        ));
        return Ok(None);
    };
    let body = at + h.len as u64;
    let end = body.saturating_add(size);
    if end > limit {
        out.warn(Error::truncated(
            at,
            "Matroska element runs past the end of its Segment",
        ));
    }
    Ok(Some((body, end.min(limit))))
}

#[cfg(test)]
mod tests {
    use super::is_cover_name;

    #[test]
    fn matroska_cover_names_mark_front_covers() {
        for name in [
            "cover.jpg",
            "small_cover.png",
            "cover_land.JPG",
            "Small_Cover_Land.png",
            "cover",
        ] {
            assert!(is_cover_name(name.as_bytes()), "{name}");
        }
        for name in [
            "back.png",
            "cover2.jpg",
            "my_cover.png",
            "cover.jpg.txt",
            "",
        ] {
            assert!(!is_cover_name(name.as_bytes()), "{name}");
        }
    }
}
