//! Borrowed text in its on-disk encoding, decoded only when written out.
//!
//! Tag values stay as borrowed bytes plus an encoding tag; nothing is decoded
//! at parse time. [`Text`] implements `Display` (decoding on the fly, no
//! allocation) and can append UTF-8 into a caller's `String`. Values that do
//! not exist verbatim in the file (a genre name looked up from `(17)`, a date
//! assembled from ID3v2.3 TYER+TDAT+TIME) use `&'static str` or the small
//! inline buffer.

use core::fmt::{self, Write as _};

/// Capacity of [`Text::Inline`] in bytes.
pub const INLINE_CAP: usize = 30;

/// A text value in one of the encodings audio tags use.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Text<'a> {
    /// ISO-8859-1: each byte is the code point.
    Latin1(&'a [u8]),
    /// UTF-8 (invalid sequences are shown as U+FFFD).
    Utf8(&'a [u8]),
    /// UTF-16 little endian, BOM already removed.
    Utf16Le(&'a [u8]),
    /// UTF-16 big endian, BOM already removed.
    Utf16Be(&'a [u8]),
    /// Short UTF-8 built by the parser (length, bytes).
    Inline(u8, [u8; INLINE_CAP]),
}

impl<'a> Text<'a> {
    /// An empty text.
    pub const EMPTY: Text<'static> = Text::Utf8(b"");

    /// Text from a static string (e.g. a genre name from a table).
    pub const fn from_static(s: &'static str) -> Text<'static> {
        Text::Utf8(s.as_bytes())
    }

    /// Builds an inline text from UTF-8 bytes; `None` if longer than [`INLINE_CAP`].
    pub fn inline(s: &str) -> Option<Text<'static>> {
        if s.len() > INLINE_CAP {
            return None;
        }
        let mut b = [0u8; INLINE_CAP];
        b[..s.len()].copy_from_slice(s.as_bytes());
        Some(Text::Inline(s.len() as u8, b))
    }

    /// Text from ID3-style bytes with a leading UTF-16 BOM (or none: then
    /// big endian, as the ID3v2 spec says for BOM-less UTF-16).
    pub fn utf16_with_bom(b: &'a [u8]) -> Text<'a> {
        match b {
            [0xFF, 0xFE, rest @ ..] => Text::Utf16Le(rest),
            [0xFE, 0xFF, rest @ ..] => Text::Utf16Be(rest),
            _ => Text::Utf16Be(b),
        }
    }

    /// The raw encoded bytes (for inline texts, the UTF-8 bytes).
    pub fn raw(&self) -> &[u8] {
        match self {
            Text::Latin1(b) | Text::Utf8(b) | Text::Utf16Le(b) | Text::Utf16Be(b) => b,
            Text::Inline(n, b) => &b[..*n as usize],
        }
    }

    /// Whether the text has no characters.
    pub fn is_empty(&self) -> bool {
        self.raw().is_empty()
    }

    /// The decoded characters, one at a time, without allocating.
    pub fn chars(&self) -> Chars<'_> {
        Chars { text: self, pos: 0 }
    }

    /// Appends the decoded text as UTF-8 to `out`.
    pub fn push_to(&self, out: &mut String) {
        match self {
            Text::Utf8(b) => match core::str::from_utf8(b) {
                Ok(s) => out.push_str(s),
                Err(_) => out.push_str(&String::from_utf8_lossy(b)),
            },
            Text::Inline(..) => {
                out.push_str(core::str::from_utf8(self.raw()).unwrap_or("\u{FFFD}"))
            }
            _ => out.extend(self.chars()),
        }
    }

    /// Compares the decoded text with `s`, ignoring ASCII case.
    pub fn eq_ignore_ascii_case(&self, s: &str) -> bool {
        let mut a = self.chars();
        let mut b = s.chars();
        loop {
            match (a.next(), b.next()) {
                (None, None) => return true,
                (Some(x), Some(y)) if x.eq_ignore_ascii_case(&y) => {}
                _ => return false,
            }
        }
    }

    /// The text as a `&str` if it is UTF-8 (or inline) and valid, or Latin-1
    /// that is pure ASCII; `None` when decoding would be needed.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Text::Utf8(_) | Text::Inline(..) => core::str::from_utf8(self.raw()).ok(),
            Text::Latin1(b) if b.is_ascii() => core::str::from_utf8(b).ok(),
            _ => None,
        }
    }
}

/// Iterator over the characters of a [`Text`].
pub struct Chars<'t> {
    text: &'t Text<'t>,
    pos: usize,
}

impl Iterator for Chars<'_> {
    type Item = char;
    fn next(&mut self) -> Option<char> {
        let b = self.text.raw();
        if self.pos >= b.len() {
            return None;
        }
        match self.text {
            Text::Latin1(_) => {
                let c = b[self.pos] as char;
                self.pos += 1;
                Some(c)
            }
            Text::Utf8(_) | Text::Inline(..) => {
                let (c, n) = decode_utf8(&b[self.pos..]);
                self.pos += n;
                Some(c)
            }
            Text::Utf16Le(_) | Text::Utf16Be(_) => {
                let le = matches!(self.text, Text::Utf16Le(_));
                let unit = |i: usize| -> Option<u16> {
                    let p = b.get(i..i + 2)?;
                    Some(if le {
                        u16::from_le_bytes([p[0], p[1]])
                    } else {
                        u16::from_be_bytes([p[0], p[1]])
                    })
                };
                let Some(u) = unit(self.pos) else {
                    self.pos = b.len();
                    return Some('\u{FFFD}');
                };
                self.pos += 2;
                if (0xD800..0xDC00).contains(&u) {
                    if let Some(l) = unit(self.pos).filter(|l| (0xDC00..0xE000).contains(l)) {
                        self.pos += 2;
                        let c = 0x10000 + (((u as u32) - 0xD800) << 10) + (l as u32 - 0xDC00);
                        return Some(char::from_u32(c).unwrap_or('\u{FFFD}'));
                    }
                    return Some('\u{FFFD}');
                }
                Some(char::from_u32(u as u32).unwrap_or('\u{FFFD}'))
            }
        }
    }
}

/// Decodes one UTF-8 scalar from the front of `b` (non-empty); invalid input
/// yields U+FFFD and consumes one byte.
fn decode_utf8(b: &[u8]) -> (char, usize) {
    let n = match b[0] {
        0x00..=0x7F => return (b[0] as char, 1),
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return ('\u{FFFD}', 1),
    };
    match b.get(..n).and_then(|s| core::str::from_utf8(s).ok()) {
        Some(s) => (s.chars().next().unwrap_or('\u{FFFD}'), n),
        None => ('\u{FFFD}', 1),
    }
}

impl fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(s) = self.as_str() {
            return f.write_str(s);
        }
        for c in self.chars() {
            f.write_char(c)?;
        }
        Ok(())
    }
}

impl fmt::Debug for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", format_args!("{self}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_every_encoding() {
        assert_eq!(Text::Latin1(b"caf\xe9").to_string(), "café");
        assert_eq!(Text::Utf8("naïve".as_bytes()).to_string(), "naïve");
        assert_eq!(
            Text::utf16_with_bom(b"\xff\xfeh\x00i\x00").to_string(),
            "hi"
        );
        assert_eq!(
            Text::utf16_with_bom(b"\xfe\xff\x00h\x00i").to_string(),
            "hi"
        );
        assert_eq!(Text::utf16_with_bom(b"\x00h\x00i").to_string(), "hi");
        // U+1F3B5 as a surrogate pair.
        assert_eq!(Text::Utf16Le(b"\x3c\xd8\xb5\xdf").to_string(), "\u{1F3B5}");
        assert_eq!(
            Text::inline("2004-03-15").unwrap().to_string(),
            "2004-03-15"
        );
    }

    #[test]
    fn broken_input_becomes_replacement_chars_not_panics() {
        assert_eq!(Text::Utf16Le(b"a\x00b").to_string(), "a\u{FFFD}");
        assert_eq!(Text::Utf16Le(b"\x3c\xd8").to_string(), "\u{FFFD}");
        assert_eq!(Text::Utf8(b"a\xffb").to_string(), "a\u{FFFD}b");
        assert_eq!(Text::Utf8(b"\xe2\x82").to_string(), "\u{FFFD}\u{FFFD}");
    }

    #[test]
    fn case_insensitive_compare_decodes() {
        assert!(Text::utf16_with_bom(b"\xff\xfeT\x00i\x00").eq_ignore_ascii_case("ti"));
        assert!(!Text::Latin1(b"tit").eq_ignore_ascii_case("ti"));
    }
}
