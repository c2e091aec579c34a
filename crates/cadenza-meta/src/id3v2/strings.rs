//! ID3v2 encoded strings: the four encodings (Latin-1, UTF-16 with BOM,
//! UTF-16BE, UTF-8), their NUL terminators, and NUL-separated value lists.

use crate::text::Text;

/// Whether `enc` is one of the four ID3v2 text encodings.
pub(super) fn valid_encoding(enc: u8) -> bool {
    enc <= 3
}

/// Splits `b` at the first terminator for `enc` (one NUL byte, or an aligned
/// pair for UTF-16): `(before, after)`; `after` is empty when none.
pub(super) fn split_terminated(enc: u8, b: &[u8]) -> (&[u8], &[u8]) {
    find_terminated(enc, b).unwrap_or((b, &[]))
}

/// Like [`split_terminated`], but `None` when there is no terminator.
pub(super) fn find_terminated(enc: u8, b: &[u8]) -> Option<(&[u8], &[u8])> {
    if enc == 1 || enc == 2 {
        let i = super::scan::find_zero_unit(b)?;
        Some((&b[..i], &b[i + 2..]))
    } else {
        let i = super::scan::find_byte(b, 0)?;
        Some((&b[..i], &b[i + 1..]))
    }
}

/// Endianness state carried across the values of one UTF-16 string list: a
/// value without BOM uses the byte order of the previous BOM.
#[derive(Clone, Copy, Default)]
pub(super) struct Utf16State {
    little: Option<bool>,
}

/// Builds a [`Text`] for one (terminator-free) value in encoding `enc`.
pub(super) fn text<'a>(enc: u8, b: &'a [u8], st: &mut Utf16State) -> Text<'a> {
    match enc {
        0 => Text::Latin1(b),
        3 => Text::Utf8(b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b)),
        _ => {
            let (little, rest) = match b {
                [0xFF, 0xFE, rest @ ..] => (true, rest),
                [0xFE, 0xFF, rest @ ..] => (false, rest),
                _ => (
                    st.little
                        .unwrap_or_else(|| enc == 1 && looks_little_endian(b)),
                    b,
                ),
            };
            st.little = Some(little);
            if little {
                Text::Utf16Le(rest)
            } else {
                Text::Utf16Be(rest)
            }
        }
    }
}

/// Guess for BOM-less UTF-16 in encoding 1: mostly-ASCII text has its zero
/// bytes at odd positions when little endian.
fn looks_little_endian(b: &[u8]) -> bool {
    let mut even = 0u32;
    let mut odd = 0u32;
    for pair in b.chunks_exact(2).take(32) {
        even += u32::from(pair[0] == 0);
        odd += u32::from(pair[1] == 0);
    }
    odd > even
}

/// The non-empty values of a NUL-separated list.
pub(super) struct Values<'a> {
    enc: u8,
    rest: &'a [u8],
    st: Utf16State,
}

impl<'a> Values<'a> {
    /// Values of `b` in encoding `enc`, continuing the UTF-16 byte order `st`.
    pub(super) fn new(enc: u8, b: &'a [u8], st: Utf16State) -> Self {
        Values { enc, rest: b, st }
    }
}

impl<'a> Iterator for Values<'a> {
    type Item = Text<'a>;
    fn next(&mut self) -> Option<Text<'a>> {
        while !self.rest.is_empty() {
            let (v, rest) = split_terminated(self.enc, self.rest);
            self.rest = rest;
            let t = text(self.enc, v, &mut self.st);
            if !t.is_empty() {
                return Some(t);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(enc: u8, b: &[u8]) -> Vec<String> {
        Values::new(enc, b, Utf16State::default())
            .map(|t| t.to_string())
            .collect()
    }

    #[test]
    fn splits_each_encoding() {
        assert_eq!(all(0, b"a\0b\0"), ["a", "b"]);
        assert_eq!(all(3, "\u{e9}\0\0x".as_bytes()), ["\u{e9}", "x"]);
        assert_eq!(
            all(1, b"\xff\xfea\x00\x00\x00b\x00"),
            ["a", "b"],
            "second value inherits LE"
        );
        assert_eq!(all(1, b"\xfe\xff\x00a\x00\x00\xff\xfeb\x00"), ["a", "b"]);
        assert_eq!(all(2, b"\x00a\x00b\x00\x00"), ["ab"]);
        // Terminator must be aligned: "\x00\x01\x00\x00" is U+0001 then NUL.
        assert_eq!(all(2, b"\x01\x00\x00\x41"), ["\u{100}A"]);
    }

    #[test]
    fn bomless_utf16_guesses_byte_order() {
        assert_eq!(all(1, b"h\x00i\x00"), ["hi"]);
        assert_eq!(all(1, b"\x00h\x00i"), ["hi"]);
    }
}
