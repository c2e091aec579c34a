//! RIFF `LIST`/`INFO` and Broadcast Wave `bext` tag readers.
//!
//! INFO sub-chunks map to normalised keys (`INAM` title, `IART` artist,
//! `IPRD` album, `ICRD` date, `ITRK`/`IPRT` track, `IGNR` genre, `ICMT`
//! comment); any other sub-chunk keeps its four-character ID as the key.
//! Values are UTF-8 when they decode as such, else Latin-1.
//!
//! `bext` fields become keys prefixed with `bext:`: `description`,
//! `originator`, `originator_reference`, `origination_date`,
//! `origination_time`, `time_reference` (samples since midnight, decimal),
//! `version`, from version 2 on `loudness_value`, `loudness_range`,
//! `max_true_peak_level`, `max_momentary_loudness`,
//! `max_short_term_loudness` (decimal with two places), and
//! `coding_history`. Empty fields and the binary UMID are skipped.

use super::{Endian, plausible_id};
use crate::bytes::until_nul;
use crate::error::Error;
use crate::probe::{Probe, TagKey, TagSource};
use crate::text::{INLINE_CAP, Text};

/// Text in whichever encoding the bytes are valid in.
fn text(b: &[u8]) -> Text<'_> {
    if core::str::from_utf8(b).is_ok() {
        Text::Utf8(b)
    } else {
        Text::Latin1(b)
    }
}

fn info_key(id: &[u8]) -> TagKey<'_> {
    match id {
        b"INAM" => TagKey::Title,
        b"IART" => TagKey::Artist,
        b"IPRD" => TagKey::Album,
        b"ICRD" => TagKey::Date,
        b"ITRK" | b"IPRT" => TagKey::Track,
        b"IGNR" => TagKey::Genre,
        b"ICMT" => TagKey::Comment,
        _ => TagKey::Other(Text::Latin1(id)),
    }
}

/// Reads the sub-chunks of a `LIST` body whose list type is `INFO`; `body`
/// starts after the list type, at absolute offset `base`.
pub(crate) fn parse_info<'a>(body: &'a [u8], base: u64, e: Endian, out: &mut Probe<'a>) {
    let mut pos = 0usize;
    while let Some(h) = body.get(pos..pos + 8) {
        let at = base + pos as u64;
        let id = &h[0..4];
        let size = e.u32(&h[4..]) as usize;
        let start = pos + 8;
        let Some(value) = body.get(start..start.saturating_add(size)) else {
            out.warn(Error::malformed(at, "RIFF INFO item larger than its LIST"));
            let value = &body[start..];
            add_info(id, value, at, out);
            return;
        };
        add_info(id, value, at, out);
        let mut next = start + size;
        if size % 2 == 1 {
            // The pad byte is often missing: keep it only if an ID follows it.
            let padded_ok =
                body.get(next + 1..next + 5).is_some_and(plausible_id) || next + 1 >= body.len();
            let unpadded_ok = body.get(next..next + 4).is_some_and(plausible_id);
            if padded_ok || !unpadded_ok {
                next += 1;
            }
        }
        pos = next;
    }
    if pos < body.len() && body.len() - pos > 1 {
        out.warn(Error::malformed(
            base + pos as u64,
            "RIFF INFO list ends with a partial item",
        ));
    }
}

fn add_info<'a>(id: &'a [u8], value: &'a [u8], at: u64, out: &mut Probe<'a>) {
    let v = until_nul(value);
    if !v.is_empty() {
        out.add_tag(info_key(id), text(v), TagSource::RiffInfo, at);
    }
}

/// Byte ranges of the fixed `bext` text fields.
const BEXT_TEXT: [(&str, usize, usize); 5] = [
    ("bext:description", 0, 256),
    ("bext:originator", 256, 288),
    ("bext:originator_reference", 288, 320),
    ("bext:origination_date", 320, 330),
    ("bext:origination_time", 330, 338),
];
/// Loudness fields of `bext` version 2 (signed, hundredths).
const BEXT_LOUDNESS: [(&str, usize); 5] = [
    ("bext:loudness_value", 412),
    ("bext:loudness_range", 414),
    ("bext:max_true_peak_level", 416),
    ("bext:max_momentary_loudness", 418),
    ("bext:max_short_term_loudness", 420),
];
/// Size of the fixed part of `bext`; the coding history follows.
const BEXT_FIXED: usize = 602;

/// Reads a `bext` chunk body at absolute offset `base` (always little
/// endian, as EBU Tech 3285 defines it).
pub(crate) fn parse_bext<'a>(b: &'a [u8], base: u64, out: &mut Probe<'a>) {
    let add = |out: &mut Probe<'a>, key: &'static str, v: Text<'a>, at: usize| {
        if !v.is_empty() {
            out.add_tag(
                TagKey::Other(Text::from_static(key)),
                v,
                TagSource::Bext,
                base + at as u64,
            );
        }
    };
    for (key, from, to) in BEXT_TEXT {
        if let Some(f) = b.get(from..to) {
            add(out, key, text(until_nul(f)), from);
        }
    }
    if let Some(t) = b.get(338..346) {
        let lo = u32::from_le_bytes([t[0], t[1], t[2], t[3]]) as u64;
        let hi = u32::from_le_bytes([t[4], t[5], t[6], t[7]]) as u64;
        add(
            out,
            "bext:time_reference",
            decimal(hi << 32 | lo, false, 0),
            338,
        );
    }
    let version = b.get(346..348).map(|v| u16::from_le_bytes([v[0], v[1]]));
    if let Some(v) = version {
        add(out, "bext:version", decimal(v as u64, false, 0), 346);
    }
    if version.is_some_and(|v| v >= 2) {
        for (key, at) in BEXT_LOUDNESS {
            if let Some(x) = b.get(at..at + 2) {
                let v = i16::from_le_bytes([x[0], x[1]]);
                // 0x7FFF marks an unset value.
                if v != i16::MAX {
                    add(out, key, decimal(v.unsigned_abs() as u64, v < 0, 2), at);
                }
            }
        }
    }
    match b.get(BEXT_FIXED..) {
        Some(h) => add(out, "bext:coding_history", text(until_nul(h)), BEXT_FIXED),
        None => out.warn(Error::malformed(base, "bext chunk shorter than 602 bytes")),
    }
}

/// A decimal number with `places` digits after the point, as inline text.
fn decimal(v: u64, negative: bool, places: usize) -> Text<'static> {
    let mut digits = [0u8; 24];
    let mut n = 0;
    let mut x = v;
    while n < digits.len() && (x > 0 || n <= places) {
        digits[n] = b'0' + (x % 10) as u8;
        x /= 10;
        n += 1;
    }
    let mut buf = [0u8; INLINE_CAP];
    let mut len = 0;
    if negative {
        buf[0] = b'-';
        len = 1;
    }
    for i in (0..n).rev() {
        buf[len] = digits[i];
        len += 1;
        if i == places && places > 0 {
            buf[len] = b'.';
            len += 1;
        }
    }
    Text::Inline(len as u8, buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals() {
        assert_eq!(decimal(0, false, 0).to_string(), "0");
        assert_eq!(
            decimal(u64::MAX, false, 0).to_string(),
            "18446744073709551615"
        );
        assert_eq!(decimal(2300, true, 2).to_string(), "-23.00");
        assert_eq!(decimal(5, false, 2).to_string(), "0.05");
        assert_eq!(decimal(32768, true, 2).to_string(), "-327.68");
    }
}
