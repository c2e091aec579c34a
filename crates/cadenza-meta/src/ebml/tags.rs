//! Matroska `Tags` reader: maps `SimpleTag` names to normalised keys.
//!
//! Which tags count:
//! * global tags (no `TagTrackUID`, or only zeros) contribute every
//!   `SimpleTag`, with standard names mapped to [`TagKey`]s and the rest kept
//!   as [`TagKey::Other`] with the name as written;
//! * tags aimed at the main (first audio) track follow (muxers put
//!   statistics such as `DURATION`, `ENCODER`, `BPS` there, as ffprobe's
//!   stream tags); a standard key the global tags already fill stays under
//!   its own name there; `BPS` also gives the stream bitrate;
//! * tags aimed at other tracks, editions, chapters or attachments are skipped.
//!
//! Target levels: a `Tag` without `TargetTypeValue` is at level 50 (album)
//! by the spec, but ffmpeg writes its whole-file tags that way too, so the
//! album meaning is used only when the file also has track-level (< 50)
//! tags of the same name (as mkvmerge writes albums): then `TITLE` at 50 is
//! the album, `ARTIST` the album artist and `PART_NUMBER` the disc. `TITLE`
//! at an explicit level 50 is always the album; `TITLE` above 50 stays
//! `TITLE`. When
//! several names map to one key (`DATE_RELEASED` and `DATE_RECORDED`), the
//! first name seen wins and the others stay [`TagKey::Other`]. A nested
//! `SimpleTag` is reported as `PARENT/CHILD` (if that fits in
//! [`crate::INLINE_CAP`] bytes, else just `CHILD`).

use super::ids;
use super::vint::{Child, Children, uint};
use crate::bytes::until_nul;
use crate::error::Error;
use crate::probe::{Probe, TagKey, TagSource};
use crate::text::{INLINE_CAP, Text};

/// Deepest `SimpleTag` nesting read.
const MAX_NESTING: u32 = 8;

/// Which things a `Tag` element applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    Global,
    MainTrack,
    Elsewhere,
}

/// The target of one `Tag`.
#[derive(Clone, Copy, Debug)]
struct Target {
    scope: Scope,
    /// `TargetTypeValue` when written.
    level: Option<u64>,
}

/// Names that also appear at track level (below 50) in tags that count.
#[derive(Clone, Copy, Debug, Default)]
struct Low {
    title: bool,
    artist: bool,
    part: bool,
}

/// State shared by the passes over one `Tags` body.
struct Ctx<'a, 'o> {
    out: &'o mut Probe<'a>,
    low: Low,
    /// Per standard key, the TagName first mapped to it.
    first_name: [Option<&'a [u8]>; 11],
    /// Standard keys present after the global pass.
    global_keys: u16,
    depth_warned: bool,
    bps: Option<u32>,
}

/// Reads a `Tags` body; returns the main track's `BPS` statistic, if any.
pub(crate) fn parse_tags<'a>(
    body: &'a [u8],
    base: u64,
    main_uid: Option<u64>,
    out: &mut Probe<'a>,
) -> Option<u32> {
    // One look at every Tag's Targets (cached for the first few Tags)
    // decides which pass reads it and whether album-level names are in play.
    let mut cache = [None::<Target>; TARGET_CACHE];
    let mut low = Low::default();
    let mut has_main = false;
    for (i, tag) in tags_in(body, base).enumerate() {
        let t = read_target(tag, main_uid);
        if let Some(slot) = cache.get_mut(i) {
            *slot = Some(t);
        }
        has_main |= t.scope == Scope::MainTrack;
        if t.scope != Scope::Elsewhere && t.level.is_some_and(|l| l < 50) {
            note_low_names(tag, &mut low);
        }
    }
    let mut ctx = Ctx {
        low,
        out,
        first_name: [None; 11],
        global_keys: 0,
        depth_warned: false,
        bps: None,
    };
    for pass in [Scope::Global, Scope::MainTrack] {
        if pass == Scope::MainTrack && !has_main {
            break;
        }
        let mut i = 0;
        for child in Children::new(body, base) {
            let c = match child {
                Ok(c) => c,
                Err(e) => {
                    if pass == Scope::Global {
                        ctx.out.warn(e);
                    }
                    break;
                }
            };
            if c.id != ids::TAG {
                continue;
            }
            let target = match cache.get(i) {
                Some(Some(t)) => *t,
                _ => read_target(c, main_uid),
            };
            i += 1;
            if target.scope == pass {
                read_tag(c, target, &mut ctx);
            }
        }
        if pass == Scope::Global {
            ctx.global_keys = ctx
                .first_name
                .iter()
                .enumerate()
                .fold(0, |m, (i, n)| m | (u16::from(n.is_some()) << i));
        }
    }
    ctx.bps
}

/// Tags whose Targets are remembered between passes; later ones are re-read.
const TARGET_CACHE: usize = 16;

/// The `Tag` children of a `Tags` body, up to the first damaged element.
fn tags_in(body: &[u8], base: u64) -> impl Iterator<Item = Child<'_>> {
    Children::new(body, base)
        .map_while(Result::ok)
        .filter(|c| c.id == ids::TAG)
}

/// Notes which standard names a track-level (< 50) Tag carries.
fn note_low_names(tag: Child<'_>, low: &mut Low) {
    for st in Children::new(tag.body, tag.body_offset).map_while(Result::ok) {
        if st.id != ids::SIMPLE_TAG {
            continue;
        }
        let name = Children::new(st.body, st.body_offset)
            .map_while(Result::ok)
            .find(|c| c.id == ids::TAG_NAME)
            .map_or(&[][..], |c| until_nul(c.body));
        low.title |= name.eq_ignore_ascii_case(b"TITLE");
        low.artist |= name.eq_ignore_ascii_case(b"ARTIST");
        low.part |= name.eq_ignore_ascii_case(b"PART_NUMBER");
    }
}

fn read_target(tag: Child<'_>, main_uid: Option<u64>) -> Target {
    let mut t = Target {
        scope: Scope::Global,
        level: None,
    };
    let mut tracks_named = false;
    let mut main_named = false;
    // Targets comes first in practice; only the first one counts.
    let targets = Children::new(tag.body, tag.body_offset)
        .map_while(Result::ok)
        .find(|c| c.id == ids::TARGETS);
    if let Some(c) = targets {
        for k in Children::new(c.body, c.body_offset).map_while(Result::ok) {
            let v = uint(k.body, k.offset).unwrap_or(u64::MAX);
            match k.id {
                ids::TARGET_TYPE_VALUE => t.level = Some(v),
                ids::TAG_TRACK_UID if v != 0 => {
                    tracks_named = true;
                    main_named |= Some(v) == main_uid;
                }
                ids::TAG_EDITION_UID | ids::TAG_CHAPTER_UID | ids::TAG_ATTACHMENT_UID if v != 0 => {
                    t.scope = Scope::Elsewhere;
                }
                _ => {}
            }
        }
    }
    if t.scope == Scope::Global && tracks_named {
        t.scope = if main_named {
            Scope::MainTrack
        } else {
            Scope::Elsewhere
        };
    }
    t
}

fn read_tag<'a>(tag: Child<'a>, target: Target, ctx: &mut Ctx<'a, '_>) {
    for child in Children::new(tag.body, tag.body_offset) {
        let c = match child {
            Ok(c) => c,
            Err(e) => {
                ctx.out.warn(e);
                break;
            }
        };
        if c.id == ids::SIMPLE_TAG {
            read_simple(c, target, None, 1, ctx);
        }
    }
}

fn read_simple<'a>(
    st: Child<'a>,
    target: Target,
    parent: Option<&'a [u8]>,
    depth: u32,
    ctx: &mut Ctx<'a, '_>,
) {
    let mut name: Option<&'a [u8]> = None;
    let mut value: Option<&'a [u8]> = None;
    let mut has_nested = false;
    for c in Children::new(st.body, st.body_offset) {
        match c {
            Ok(c) if c.id == ids::TAG_NAME => name = Some(until_nul(c.body)),
            Ok(c) if c.id == ids::TAG_STRING => value = Some(until_nul(c.body)),
            Ok(c) if c.id == ids::SIMPLE_TAG => has_nested = true,
            Ok(_) => {}
            Err(e) => {
                ctx.out.warn(e);
                break;
            }
        }
    }
    let Some(name) = name.filter(|n| !n.is_empty()) else {
        return;
    };
    if let Some(v) = value {
        emit(name, v, st.offset, target, parent, ctx);
    }
    if !has_nested {
        return;
    }
    // Nested SimpleTags describe this one.
    let nested = Children::new(st.body, st.body_offset)
        .map_while(Result::ok)
        .filter(|c| c.id == ids::SIMPLE_TAG);
    for c in nested {
        if depth >= MAX_NESTING {
            if !ctx.depth_warned {
                ctx.depth_warned = true;
                ctx.out.warn(Error::limit(
                    c.offset,
                    "Matroska SimpleTag nested too deeply",
                ));
            }
            break;
        }
        read_simple(c, target, Some(name), depth + 1, ctx);
    }
}

/// Standard key for a top-level TagName at a target level, with its slot in
/// [`Ctx::first_name`].
fn standard(name: &[u8], level: Option<u64>, low: Low) -> Option<(TagKey<'static>, usize)> {
    let is = |s: &str| name.eq_ignore_ascii_case(s.as_bytes());
    // Absent means 50; 50 and up is album level or above.
    let lvl = level.unwrap_or(50);
    Some(
        if is("TITLE") && (level == Some(50) || (lvl == 50 && low.title)) {
            (TagKey::Album, 2)
        } else if is("TITLE") && lvl <= 50 {
            (TagKey::Title, 0)
        } else if is("ARTIST") && lvl >= 50 && low.artist {
            (TagKey::AlbumArtist, 3)
        } else if is("ARTIST") {
            (TagKey::Artist, 1)
        } else if is("ALBUM") {
            (TagKey::Album, 2)
        } else if is("ALBUM_ARTIST") || is("ALBUMARTIST") {
            (TagKey::AlbumArtist, 3)
        } else if is("DATE_RELEASED") || is("DATE_RECORDED") || is("DATE") || is("YEAR") {
            (TagKey::Date, 4)
        } else if is("PART_NUMBER") && lvl >= 50 && low.part {
            (TagKey::Disc, 6)
        } else if is("PART_NUMBER") || is("TRACK_NUMBER") || is("TRACKNUMBER") || is("TRACK") {
            (TagKey::Track, 5)
        } else if is("DISC") || is("DISCNUMBER") || is("DISC_NUMBER") {
            (TagKey::Disc, 6)
        } else if is("GENRE") {
            (TagKey::Genre, 7)
        } else if is("COMMENT") || is("COMMENTS") {
            (TagKey::Comment, 8)
        } else if is("COMPOSER") {
            (TagKey::Composer, 9)
        } else if is("LYRICS") {
            (TagKey::Lyrics, 10)
        } else {
            return None;
        },
    )
}

fn emit<'a>(
    name: &'a [u8],
    value: &'a [u8],
    at: u64,
    target: Target,
    parent: Option<&'a [u8]>,
    ctx: &mut Ctx<'a, '_>,
) {
    let text = Text::Utf8(value);
    if let Some(parent) = parent {
        ctx.out
            .add_tag(nested_key(parent, name), text, TagSource::Matroska, at);
        return;
    }
    let main_track = target.scope == Scope::MainTrack;
    if main_track && name.eq_ignore_ascii_case(b"BPS") {
        ctx.bps = parse_u32(value);
    }
    // A main-track value for a key the global tags already fill stays under
    // its own name, so the global value is the normalised one.
    let key = match standard(name, target.level, ctx.low) {
        Some((key, slot))
            if !(main_track && ctx.global_keys & (1 << slot) != 0)
                && keep_standard(slot, name, ctx) =>
        {
            key
        }
        _ => TagKey::Other(Text::Utf8(name)),
    };
    ctx.out.add_tag(key, text, TagSource::Matroska, at);
}

/// Whether `name` may fill standard slot `slot`: the first name mapped to a
/// slot owns it; other aliases stay under their own names.
fn keep_standard<'a>(slot: usize, name: &'a [u8], ctx: &mut Ctx<'a, '_>) -> bool {
    match ctx.first_name[slot] {
        None => {
            ctx.first_name[slot] = Some(name);
            true
        }
        Some(first) => first.eq_ignore_ascii_case(name),
    }
}

fn nested_key<'a>(parent: &[u8], name: &'a [u8]) -> TagKey<'a> {
    let n = parent.len() + 1 + name.len();
    if n > INLINE_CAP {
        return TagKey::Other(Text::Utf8(name));
    }
    let mut buf = [0u8; INLINE_CAP];
    buf[..parent.len()].copy_from_slice(parent);
    buf[parent.len()] = b'/';
    buf[parent.len() + 1..n].copy_from_slice(name);
    TagKey::Other(Text::Inline(n as u8, buf))
}

fn parse_u32(b: &[u8]) -> Option<u32> {
    core::str::from_utf8(b).ok()?.trim().parse().ok()
}
