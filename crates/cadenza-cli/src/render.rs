//! Turning a [`Probe`] into the output formats other tools rely on.
//!
//! One place decides how a probe is printed (JSON object, CSV row, readable
//! block) so `probe` and `scan` agree field for field. Everything writes into
//! a caller's reusable `Vec<u8>`; nothing here allocates per file once that
//! buffer has grown.
//!
//! Tag precedence: a normalised key (`title`, `artist`, ...) takes its values
//! from the first tag block that has it, in the order ID3v2, APE, Matroska,
//! RIFF INFO, bext, ID3v1, so an ID3v1 `title` never shadows (or doubles) an
//! ID3v2 one. The format's own keys are printed as written, from every block.

use std::io::Write;

use cadenza_meta::{Error, Probe, Tag, TagKey, TagSource, Text};

/// Rank of a tag block for precedence (lower wins).
fn source_rank(s: TagSource) -> u8 {
    match s {
        TagSource::Id3v2(_) => 0,
        TagSource::Ape => 1,
        TagSource::Matroska => 2,
        TagSource::RiffInfo => 3,
        TagSource::Bext => 4,
        TagSource::Id3v1 => 5,
        _ => 6,
    }
}

/// The normalised keys, in output order.
const STD_KEYS: [TagKey<'static>; 11] = [
    TagKey::Title,
    TagKey::Artist,
    TagKey::Album,
    TagKey::AlbumArtist,
    TagKey::Date,
    TagKey::Track,
    TagKey::Disc,
    TagKey::Genre,
    TagKey::Comment,
    TagKey::Composer,
    TagKey::Lyrics,
];

/// Whether two tag keys are the same key (own keys compared by text).
#[inline]
fn same_key(a: &TagKey<'_>, b: &TagKey<'_>) -> bool {
    match (a, b) {
        (TagKey::Other(x), TagKey::Other(y)) => same_text(x, y),
        _ => a == b,
    }
}

/// Text equality: raw bytes when both use the same encoding (the common
/// case, and a plain `memcmp`), decoded characters otherwise.
#[inline]
fn same_text(x: &Text<'_>, y: &Text<'_>) -> bool {
    if core::mem::discriminant(x) == core::mem::discriminant(y) {
        return x.raw() == y.raw();
    }
    x.chars().eq(y.chars())
}

/// The tags to print for `key`: those from the best-ranked block that has it.
fn winning<'p, 'a>(p: &'p Probe<'a>, key: &TagKey<'_>) -> impl Iterator<Item = &'p Tag<'a>> {
    let best = p
        .tags
        .iter()
        .filter(|t| same_key(&t.key, key))
        .map(|t| source_rank(t.source))
        .min();
    p.tags
        .iter()
        .filter(move |t| same_key(&t.key, key) && Some(source_rank(t.source)) == best)
}

/// Each distinct key present, once, normalised keys first, then own keys in
/// file order.
fn distinct_keys<'p, 'a>(p: &'p Probe<'a>) -> impl Iterator<Item = TagKey<'a>> + 'p {
    let std = STD_KEYS
        .into_iter()
        .filter(|k| p.tags.iter().any(|t| t.key == *k));
    let own = p
        .tags
        .iter()
        .enumerate()
        .filter_map(move |(i, t)| match t.key {
            TagKey::Other(_) if !p.tags.iter().take(i).any(|u| same_key(&u.key, &t.key)) => {
                Some(t.key)
            }
            _ => None,
        });
    std.chain(own)
}

/// Writes `s` as a JSON string literal.
pub(crate) fn json_str(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let esc: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0..=0x1F => b"",
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        if esc.is_empty() {
            let _ = write!(out, "\\u{b:04x}");
        } else {
            out.extend_from_slice(esc);
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// Writes a [`Text`] as a JSON string literal, decoding on the fly.
fn json_text(out: &mut Vec<u8>, t: &Text<'_>) {
    if let Some(s) = t.as_str() {
        return json_str(out, s);
    }
    let mut buf = [0u8; 4];
    out.push(b'"');
    for c in t.chars() {
        match c {
            '"' | '\\' | '\u{0}'..='\u{1f}' => {
                let mut tmp = [0u8; 4];
                let s = c.encode_utf8(&mut tmp);
                let mut lit = Vec::new();
                json_str(&mut lit, s);
                out.extend_from_slice(&lit[1..lit.len() - 1]);
            }
            _ => out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes()),
        }
    }
    out.push(b'"');
}

fn json_opt<T: std::fmt::Display>(out: &mut Vec<u8>, v: Option<T>) {
    match v {
        Some(v) => {
            let _ = write!(out, "{v}");
        }
        None => out.extend_from_slice(b"null"),
    }
}

/// Short name of a tag block, used to prefix an own key that would collide
/// with a normalised key.
fn source_name(s: TagSource) -> &'static str {
    match s {
        TagSource::Id3v2(_) => "id3v2",
        TagSource::Ape => "ape",
        TagSource::Matroska => "matroska",
        TagSource::RiffInfo => "info",
        TagSource::Bext => "bext",
        TagSource::Id3v1 => "id3v1",
        _ => "tag",
    }
}

/// The key name printed for a tag key. An own key spelled like a normalised
/// one (an ID3v2 `TXXX:comment`, an APE `Title`) is printed as
/// `SOURCE:key` so that no JSON object ever has the same key twice.
fn key_name<'k>(k: &'k TagKey<'_>, source: TagSource, scratch: &'k mut String) -> &'k str {
    match k {
        TagKey::Other(t) => {
            scratch.clear();
            if STD_KEYS
                .iter()
                .filter_map(TagKey::std_name)
                .any(|n| t.eq_ignore_ascii_case(n))
            {
                scratch.push_str(source_name(source));
                scratch.push(':');
            }
            t.push_to(scratch);
            scratch
        }
        _ => k.std_name().unwrap_or("unknown"),
    }
}

/// The source of the tags printed for `key`.
fn winning_source(p: &Probe<'_>, key: &TagKey<'_>) -> TagSource {
    winning(p, key)
        .next()
        .map_or(TagSource::Id3v2(4), |t| t.source)
}

/// `what at byte OFFSET` text of an error.
pub(crate) fn error_message(e: &Error) -> String {
    format!("{}: {} at byte {}", e.kind.as_str(), e.what, e.offset)
}

/// Appends one JSON object describing `p` (no trailing newline).
pub(crate) fn json_object(out: &mut Vec<u8>, path: &str, p: &Probe<'_>) {
    let s = &p.stream;
    out.extend_from_slice(b"{\"path\":");
    json_str(out, path);
    out.extend_from_slice(b",\"format\":");
    json_str(out, p.format_name());
    out.extend_from_slice(b",\"codec\":");
    json_str(out, s.codec.name());
    out.extend_from_slice(b",\"duration\":");
    json_opt(out, s.duration.filter(|d| d.is_finite()));
    out.extend_from_slice(b",\"sample_rate\":");
    json_opt(out, s.sample_rate);
    out.extend_from_slice(b",\"channels\":");
    json_opt(out, s.channels);
    out.extend_from_slice(b",\"bits_per_sample\":");
    json_opt(out, s.bits_per_sample);
    out.extend_from_slice(b",\"bitrate\":");
    json_opt(out, s.bitrate);
    out.extend_from_slice(b",\"tags\":{");
    let mut name = String::new();
    for (i, key) in distinct_keys(p).enumerate() {
        if i > 0 {
            out.push(b',');
        }
        json_str(out, key_name(&key, winning_source(p, &key), &mut name));
        out.push(b':');
        let many = winning(p, &key).nth(1).is_some();
        if many {
            out.push(b'[');
        }
        for (j, t) in winning(p, &key).enumerate() {
            if j > 0 {
                out.push(b',');
            }
            json_text(out, &t.value);
        }
        if many {
            out.push(b']');
        }
    }
    out.extend_from_slice(b"},\"pictures\":[");
    for (i, pic) in p.pictures.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"mime\":");
        json_text(out, &pic.mime);
        let _ = write!(out, ",\"type\":{},\"size\":{}}}", pic.kind, pic.size);
    }
    out.extend_from_slice(b"],\"warnings\":[");
    for (i, w) in p.warnings.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        json_str(out, &error_message(w));
    }
    out.extend_from_slice(b"],\"error\":");
    match &p.error {
        Some(e) => json_str(out, &error_message(e)),
        None => out.extend_from_slice(b"null"),
    }
    out.push(b'}');
}

/// A JSON object for a file that could not be read at all.
pub(crate) fn json_io_error(out: &mut Vec<u8>, path: &str, err: &str) {
    out.extend_from_slice(b"{\"path\":");
    json_str(out, path);
    out.extend_from_slice(
        b",\"format\":null,\"codec\":null,\"duration\":null,\"sample_rate\":null,\"channels\":null,\
\"bits_per_sample\":null,\"bitrate\":null,\"tags\":{},\"pictures\":[],\"warnings\":[],\"error\":",
    );
    json_str(out, err);
    out.push(b'}');
}

/// CSV header matching [`csv_row`].
pub(crate) const CSV_HEADER: &str = "path,format,codec,duration,sample_rate,channels,bits_per_sample,bitrate,title,artist,album,album_artist,date,track,disc,genre,error\n";

fn csv_field(out: &mut Vec<u8>, s: &str) {
    if s.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r')) {
        out.push(b'"');
        for b in s.bytes() {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(s.as_bytes());
    }
}

/// Appends one CSV row (with newline). Repeated values are joined with `; `.
pub(crate) fn csv_row(out: &mut Vec<u8>, path: &str, p: &Probe<'_>) {
    let s = &p.stream;
    csv_field(out, path);
    let _ = write!(out, ",{},{},", p.format_name(), s.codec.name());
    let opt = |out: &mut Vec<u8>, v: Option<String>| {
        if let Some(v) = v {
            out.extend_from_slice(v.as_bytes());
        }
        out.push(b',');
    };
    opt(
        out,
        s.duration.filter(|d| d.is_finite()).map(|d| d.to_string()),
    );
    opt(out, s.sample_rate.map(|v| v.to_string()));
    opt(out, s.channels.map(|v| v.to_string()));
    opt(out, s.bits_per_sample.map(|v| v.to_string()));
    opt(out, s.bitrate.map(|v| v.to_string()));
    let mut val = String::new();
    for key in &STD_KEYS[..8] {
        val.clear();
        for (j, t) in winning(p, key).enumerate() {
            if j > 0 {
                val.push_str("; ");
            }
            t.value.push_to(&mut val);
        }
        csv_field(out, &val);
        out.push(b',');
    }
    if let Some(e) = &p.error {
        csv_field(out, &error_message(e));
    }
    out.push(b'\n');
}

/// CSV row for a file that could not be read at all.
pub(crate) fn csv_io_error(out: &mut Vec<u8>, path: &str, err: &str) {
    csv_field(out, path);
    out.extend_from_slice(b",,,,,,,,,,,,,,,,");
    csv_field(out, err);
    out.push(b'\n');
}

/// A readable block for `cadenza probe` without `--json`.
pub(crate) fn table(out: &mut Vec<u8>, path: &str, p: &Probe<'_>) {
    let s = &p.stream;
    let _ = writeln!(out, "{path}");
    let _ = writeln!(
        out,
        "  format       {} ({})",
        p.format_name(),
        s.codec.name()
    );
    if let Some(d) = s.duration.filter(|d| d.is_finite()) {
        let _ = writeln!(out, "  duration     {} ({d:.3} s)", clock(d));
    }
    if let Some(r) = s.sample_rate {
        let _ = writeln!(out, "  sample rate  {r} Hz");
    }
    if let Some(c) = s.channels {
        let _ = writeln!(out, "  channels     {c}");
    }
    if let Some(b) = s.bits_per_sample {
        let _ = writeln!(out, "  bits         {b}");
    }
    if let Some(b) = s.bitrate {
        let _ = writeln!(out, "  bitrate      {} kb/s", b / 1000);
    }
    let mut name = String::new();
    let mut val = String::new();
    for key in distinct_keys(p) {
        val.clear();
        for (j, t) in winning(p, &key).enumerate() {
            if j > 0 {
                val.push_str(" | ");
            }
            t.value.push_to(&mut val);
        }
        let val = val.replace('\n', " ");
        let shown: String = val.chars().take(100).collect();
        let more = if shown.len() < val.len() { "..." } else { "" };
        let src = winning_source(p, &key);
        let _ = writeln!(
            out,
            "  {:<12} {shown}{more}",
            key_name(&key, src, &mut name)
        );
    }
    for pic in p.pictures.iter() {
        let _ = writeln!(
            out,
            "  picture      {} type {} {} bytes",
            pic.mime, pic.kind, pic.size
        );
    }
    for w in p.warnings.iter() {
        let _ = writeln!(out, "  warning      {}", error_message(w));
    }
    if let Some(e) = &p.error {
        let _ = writeln!(out, "  error        {}", error_message(e));
    }
}

/// `h:mm:ss.mmm` / `m:ss.mmm`.
fn clock(d: f64) -> String {
    let ms = (d * 1000.0).round() as u64;
    let (h, m, s, f) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}.{f:03}")
    } else {
        format!("{m}:{s:02}.{f:03}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cadenza_meta::{Codec, Format};

    fn sample() -> Probe<'static> {
        let mut p = Probe::new();
        p.format = Format::Mpeg;
        p.stream.codec = Codec::Mp3;
        p.stream.duration = Some(1.5);
        p.stream.sample_rate = Some(44100);
        p.add_tag(
            TagKey::Title,
            Text::Latin1(b"v1 title"),
            TagSource::Id3v1,
            0,
        );
        p.add_tag(
            TagKey::Title,
            Text::Utf8("Ünï \"q\"".as_bytes()),
            TagSource::Id3v2(4),
            0,
        );
        p.add_tag(TagKey::Artist, Text::Utf8(b"A"), TagSource::Id3v2(4), 0);
        p.add_tag(TagKey::Artist, Text::Utf8(b"B"), TagSource::Id3v2(4), 0);
        p.add_tag(
            TagKey::Other(Text::Utf8(b"TBPM")),
            Text::Utf8(b"120"),
            TagSource::Id3v2(4),
            0,
        );
        p
    }

    #[test]
    fn json_prefers_id3v2_and_groups_repeated_values() {
        let mut out = Vec::new();
        json_object(&mut out, "a\\b.mp3", &sample());
        let s = String::from_utf8(out).unwrap();
        assert!(s.starts_with("{\"path\":\"a\\\\b.mp3\",\"format\":\"mp3\",\"codec\":\"mp3\",\"duration\":1.5,\"sample_rate\":44100,\"channels\":null"), "{s}");
        assert!(
            s.contains(
                "\"tags\":{\"title\":\"Ünï \\\"q\\\"\",\"artist\":[\"A\",\"B\"],\"TBPM\":\"120\"}"
            ),
            "{s}"
        );
        assert!(!s.contains("v1 title"));
        assert!(s.ends_with("\"warnings\":[],\"error\":null}"));
    }

    #[test]
    fn json_escapes_control_characters_in_decoded_text() {
        let mut p = Probe::new();
        p.add_tag(
            TagKey::Comment,
            Text::Utf16Le(b"a\x00\n\x00\x01\x00"),
            TagSource::Id3v2(3),
            0,
        );
        let mut out = Vec::new();
        json_object(&mut out, "x", &p);
        let s = String::from_utf8(out).unwrap();
        assert!(s.contains("\"comment\":\"a\\n\\u0001\""), "{s}");
    }

    #[test]
    fn csv_quotes_and_joins() {
        let mut out = Vec::new();
        csv_row(&mut out, "a,b.mp3", &sample());
        let s = String::from_utf8(out).unwrap();
        assert!(
            s.starts_with("\"a,b.mp3\",mp3,mp3,1.5,44100,,,,\"Ünï \"\"q\"\"\",A; B,"),
            "{s}"
        );
        assert_eq!(
            s.matches(',').count(),
            CSV_HEADER.matches(',').count() + 1,
            "{s}"
        );
    }

    #[test]
    fn own_keys_match_across_encodings() {
        let a = Text::Latin1(b"TBPM");
        assert!(same_text(&a, &Text::Utf8(b"TBPM")));
        assert!(same_text(&a, &Text::Utf16Le(b"T\0B\0P\0M\0")));
        assert!(!same_text(&a, &Text::Latin1(b"TBP")));
        assert!(same_text(
            &Text::inline("x/y").unwrap(),
            &Text::Utf8(b"x/y")
        ));
    }

    #[test]
    fn clock_formats() {
        assert_eq!(clock(61.5), "1:01.500");
        assert_eq!(clock(3600.0), "1:00:00.000");
    }
}
