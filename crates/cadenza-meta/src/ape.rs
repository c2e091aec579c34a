//! APEv1/APEv2 tags at the end of a file (footer `APETAGEX`, optional
//! header) or, more rarely, at its start (header first): UTF-8 text items
//! mapped to normalised keys, binary cover-art items reported as pictures,
//! other binary items skipped unread.

use crate::bytes::le32;
use crate::error::Error;
use crate::id3v2::scan::find_byte;
use crate::input::{Input, Stop};
use crate::probe::{Picture, Probe, TagKey, TagSource};
use crate::text::Text;

/// Size of an APE header or footer.
pub(crate) const FOOTER_LEN: u64 = 32;
/// Items read per tag at most.
const MAX_ITEMS: u32 = 1024;
/// Largest text value read.
const MAX_VALUE: u64 = 16 << 20;
/// When an item is not loaded and at most this much of the tag is left, the
/// rest of the tag is requested in one read.
const REST_OF_TAG: u64 = 64 * 1024;

/// If an APE footer ends at `end`, the tag's start (header included) and its
/// version; `None` when there is none. A footer whose size does not fit
/// between `floor` and `end` is reported as a warning and ignored.
pub(crate) fn footer_at(
    input: &Input<'_>,
    end: u64,
    floor: u64,
    out: &mut Probe<'_>,
) -> Result<Option<u64>, Stop> {
    if end < floor.saturating_add(FOOTER_LEN) {
        return Ok(None);
    }
    let f = input.bytes(end - FOOTER_LEN, FOOTER_LEN, "APE footer")?;
    if &f[..8] != b"APETAGEX" {
        return Ok(None);
    }
    let size = u64::from(le32(&f[12..16]));
    let flags = le32(&f[20..24]);
    let total = size
        + if flags & (1 << 31) != 0 {
            FOOTER_LEN
        } else {
            0
        };
    if size < FOOTER_LEN || total > end - floor {
        out.warn(Error::malformed(
            end - FOOTER_LEN,
            "APE tag size exceeds the file",
        ));
        return Ok(None);
    }
    Ok(Some(end - total))
}

/// Reads the items of the APE tag whose footer ends at `end`.
pub(crate) fn parse<'a>(input: &Input<'a>, end: u64, out: &mut Probe<'a>) -> Result<(), Stop> {
    let f = input.bytes(end - FOOTER_LEN, FOOTER_LEN, "APE footer")?;
    let version = le32(&f[8..12]);
    let size = u64::from(le32(&f[12..16]));
    let count = le32(&f[16..20]);
    parse_items(
        input,
        version,
        count,
        end.saturating_sub(size),
        end - FOOTER_LEN,
        out,
    )
}

/// Reads the APE tag whose header is at `at` (a tag in front of the audio,
/// which mutagen also reads) and returns where it ends, or `None` after a
/// warning when its size does not fit in the file.
pub(crate) fn parse_at_start<'a>(
    input: &Input<'a>,
    at: u64,
    out: &mut Probe<'a>,
) -> Result<Option<u64>, Stop> {
    let h = input.bytes(at, FOOTER_LEN, "APE header")?;
    let version = le32(&h[8..12]);
    let size = u64::from(le32(&h[12..16]));
    let count = le32(&h[16..20]);
    let flags = le32(&h[20..24]);
    let items_at = at + FOOTER_LEN;
    let end = match items_at.checked_add(size) {
        Some(e) if e <= input.len() => e,
        _ => {
            out.warn(Error::malformed(at, "APE tag size exceeds the file"));
            return Ok(None);
        }
    };
    let has_footer = flags & (1 << 30) == 0;
    let items_end = if has_footer {
        if size < FOOTER_LEN {
            out.warn(Error::malformed(at, "APE tag too small for its footer"));
            return Ok(None);
        }
        end - FOOTER_LEN
    } else {
        end
    };
    parse_items(input, version, count, items_at, items_end, out)?;
    Ok(Some(end))
}

/// Reads `count` items (capped at [`MAX_ITEMS`]) lying in
/// `items_start..items_end` of a tag of APE `version` (1000 or 2000).
fn parse_items<'a>(
    input: &Input<'a>,
    version: u32,
    count: u32,
    items_start: u64,
    items_end: u64,
    out: &mut Probe<'a>,
) -> Result<(), Stop> {
    let mut pos = items_start;
    let get = |pos: u64, len: u64| match input.bytes(pos, len, "APE item") {
        Err(Stop::Need { offset, len }) if items_end.saturating_sub(offset) <= REST_OF_TAG => {
            Err(Stop::Need {
                offset,
                len: len.max(items_end.saturating_sub(offset)),
            })
        }
        r => r,
    };
    for _ in 0..count.min(MAX_ITEMS) {
        if pos + 9 > items_end {
            out.warn(Error::truncated(pos, "APE items run past the tag"));
            break;
        }
        let head = get(pos, (items_end - pos).min(8 + 256))?;
        let vlen = u64::from(le32(&head[..4]));
        let flags = le32(&head[4..8]);
        let Some(klen) = head[8..].iter().position(|&c| c == 0) else {
            out.warn(Error::malformed(pos, "APE item key not terminated"));
            break;
        };
        let key = &head[8..8 + klen];
        if key.is_empty() || !key.iter().all(|&c| (0x20..0x7F).contains(&c)) {
            out.warn(Error::malformed(pos, "bad APE item key"));
            break;
        }
        let vpos = pos + 8 + klen as u64 + 1;
        if vlen > items_end - vpos {
            out.warn(Error::truncated(pos, "APE item value runs past the tag"));
            break;
        }
        let binary = version >= 2000 && (flags >> 1) & 3 != 0;
        if !binary {
            if vlen > MAX_VALUE {
                out.warn(Error::limit(pos, "APE value too large; skipped"));
            } else {
                let value = get(vpos, vlen)?;
                let key = tag_key(key);
                let mut rest = value;
                while !rest.is_empty() {
                    let (v, next) = match find_byte(rest, 0) {
                        Some(i) => (&rest[..i], &rest[i + 1..]),
                        None => (rest, &[][..]),
                    };
                    if !v.is_empty() {
                        out.add_tag(key, Text::Utf8(v), TagSource::Ape, pos);
                    }
                    rest = next;
                }
            }
        } else if key.len() >= 9 && key[..9].eq_ignore_ascii_case(b"Cover Art") {
            cover(get(vpos, vlen.min(256))?, key, vpos, vlen, out);
        }
        pos = vpos + vlen;
    }
    Ok(())
}

/// Reports a cover-art item: `filename NUL data`.
fn cover<'a>(prefix: &'a [u8], key: &'a [u8], vpos: u64, vlen: u64, out: &mut Probe<'a>) {
    let name_len = prefix.iter().position(|&c| c == 0).unwrap_or(0);
    let data_at = name_len + usize::from(prefix.get(name_len) == Some(&0));
    let data = &prefix[data_at..];
    let mime = if data.starts_with(&[0xFF, 0xD8]) {
        "image/jpeg"
    } else if data.starts_with(b"\x89PNG") {
        "image/png"
    } else if data.starts_with(b"GIF8") {
        "image/gif"
    } else {
        ""
    };
    let lower =
        |s: &[u8]| key.len() >= s.len() && key[key.len() - s.len()..].eq_ignore_ascii_case(s);
    let kind = if lower(b"(front)") {
        3
    } else if lower(b"(back)") {
        4
    } else {
        0
    };
    out.add_picture(Picture {
        mime: Text::from_static(mime),
        kind,
        description: Text::Utf8(&prefix[..name_len]),
        offset: vpos + data_at as u64,
        size: vlen - data_at as u64,
    });
}

/// The normalised key for an APE item key (compared ignoring ASCII case).
fn tag_key(key: &[u8]) -> TagKey<'_> {
    const KEYS: [(&[u8], TagKey<'static>); 12] = [
        (b"title", TagKey::Title),
        (b"artist", TagKey::Artist),
        (b"album", TagKey::Album),
        (b"album artist", TagKey::AlbumArtist),
        (b"albumartist", TagKey::AlbumArtist),
        (b"year", TagKey::Date),
        (b"track", TagKey::Track),
        (b"disc", TagKey::Disc),
        (b"genre", TagKey::Genre),
        (b"comment", TagKey::Comment),
        (b"composer", TagKey::Composer),
        (b"lyrics", TagKey::Lyrics),
    ];
    KEYS.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map_or(TagKey::Other(Text::Utf8(key)), |(_, v)| *v)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An APE tag (`version` 1000 or 2000) with the given items
    /// `(key, flags, value)`, with a header when `header` is set.
    pub(crate) fn ape(version: u32, header: bool, items: &[(&str, u32, &[u8])]) -> Vec<u8> {
        let mut body = Vec::new();
        for (k, fl, v) in items {
            body.extend((v.len() as u32).to_le_bytes());
            body.extend(fl.to_le_bytes());
            body.extend(k.as_bytes());
            body.push(0);
            body.extend(*v);
        }
        let size = body.len() as u32 + 32;
        let hf = |is_header: bool| {
            let mut f = b"APETAGEX".to_vec();
            f.extend(version.to_le_bytes());
            f.extend(size.to_le_bytes());
            f.extend((items.len() as u32).to_le_bytes());
            let flags = if header { 1u32 << 31 } else { 0 } | if is_header { 1 << 29 } else { 0 };
            f.extend(flags.to_le_bytes());
            f.extend([0u8; 8]);
            f
        };
        let mut t = if header { hf(true) } else { Vec::new() };
        t.extend(body);
        t.extend(hf(false));
        t
    }

    fn run(t: &[u8]) -> Probe<'_> {
        let input = Input::whole(t);
        let mut out = Probe::new();
        let start = footer_at(&input, t.len() as u64, 0, &mut out).unwrap();
        assert_eq!(start, Some(0));
        parse(&input, t.len() as u64, &mut out).unwrap();
        out
    }

    #[test]
    fn text_items_keys_and_multi_values() {
        let t = ape(
            2000,
            true,
            &[
                ("TITLE", 0, b"T\xc3\xadtulo"),
                ("Album Artist", 0, b"AA"),
                ("Year", 0, b"1999"),
                ("Artist", 0, b"A\0B"),
                ("MyKey", 0, b"v"),
                ("Binary", 2, b"\x00\x01"),
            ],
        );
        let p = run(&t);
        let s = |k| p.tag(k).map(|t| t.to_string());
        assert_eq!(s(TagKey::Title).as_deref(), Some("Título"));
        assert_eq!(s(TagKey::AlbumArtist).as_deref(), Some("AA"));
        assert_eq!(s(TagKey::Date).as_deref(), Some("1999"));
        let artists: Vec<_> = p
            .tags
            .iter()
            .filter(|t| t.key == TagKey::Artist)
            .map(|t| t.value.to_string())
            .collect();
        assert_eq!(artists, ["A", "B"]);
        assert_eq!(s(TagKey::Other(Text::Utf8(b"MyKey"))).as_deref(), Some("v"));
        assert_eq!(p.tags.len(), 6);
        assert!(p.warnings.is_empty());
    }

    #[test]
    fn apev1_without_header_and_cover_art() {
        let t = ape(1000, false, &[("Title", 0, b"x")]);
        let p = run(&t);
        assert_eq!(p.tag(TagKey::Title).unwrap().to_string(), "x");
        let mut v = b"cover.jpg\0".to_vec();
        v.extend([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]);
        let t = ape(2000, false, &[("Cover Art (Front)", 2, &v)]);
        let p = run(&t);
        let pic = p.pictures.iter().next().unwrap();
        assert_eq!((pic.kind, pic.size, pic.offset), (3, 7, 8 + 18 + 10));
        assert_eq!(pic.mime.to_string(), "image/jpeg");
        assert_eq!(pic.description.to_string(), "cover.jpg");
    }

    #[test]
    fn tag_at_start_with_and_without_footer() {
        let mut t = ape(2000, true, &[("Title", 0, b"front"), ("Artist", 0, b"a")]);
        let tag_len = t.len() as u64;
        t.extend([0xAA; 5]);
        let input = Input::whole(&t);
        let mut out = Probe::new();
        assert_eq!(parse_at_start(&input, 0, &mut out).unwrap(), Some(tag_len));
        assert_eq!(out.tag(TagKey::Title).unwrap().to_string(), "front");
        assert_eq!((out.tags.len(), out.warnings.len()), (2, 0));

        // Header only (flag bit 30: no footer): the size covers the items.
        let mut t = ape(2000, true, &[("Title", 0, b"front")]);
        t.truncate(t.len() - FOOTER_LEN as usize);
        let size = t.len() as u32 - FOOTER_LEN as u32;
        t[12..16].copy_from_slice(&size.to_le_bytes());
        t[20..24].copy_from_slice(&(7u32 << 29).to_le_bytes());
        let input = Input::whole(&t);
        let mut out = Probe::new();
        assert_eq!(
            parse_at_start(&input, 0, &mut out).unwrap(),
            Some(t.len() as u64)
        );
        assert_eq!(out.tag(TagKey::Title).unwrap().to_string(), "front");
        assert!(out.warnings.is_empty());
    }

    #[test]
    fn tag_at_start_larger_than_the_file_is_a_warning() {
        let mut t = ape(2000, true, &[("Title", 0, b"x")]);
        t[12..16].copy_from_slice(&u32::MAX.to_le_bytes());
        let input = Input::whole(&t);
        let mut out = Probe::new();
        assert_eq!(parse_at_start(&input, 0, &mut out).unwrap(), None);
        assert_eq!(out.warnings.len(), 1);
        assert!(out.tags.is_empty());
    }

    #[test]
    fn bad_size_is_a_warning() {
        let mut t = ape(2000, false, &[("Title", 0, b"x")]);
        let n = t.len();
        t[n - 20..n - 16].copy_from_slice(&9999u32.to_le_bytes());
        let input = Input::whole(&t);
        let mut out = Probe::new();
        assert_eq!(footer_at(&input, n as u64, 0, &mut out).unwrap(), None);
        assert_eq!(out.warnings.len(), 1);
    }
}
