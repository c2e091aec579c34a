//! ID3v2 `TCON` genres: plain names, bare ID3v1 numbers (`17`), references
//! (`(17)`, `(17)(18)Refinement`), `(RX)`/`(CR)` (Remix/Cover) and the `((`
//! escape, resolved the way mutagen does so results agree with it.

use crate::id3v1::genre_name;
use crate::text::Text;

/// A [`Text`] read unit by unit (bytes, or UTF-16 code units), so the ASCII
/// structure of a genre string can be parsed in any encoding.
struct Units<'a> {
    text: Text<'a>,
    width: usize,
}

impl<'a> Units<'a> {
    fn new(text: Text<'a>) -> Self {
        let width = if matches!(text, Text::Utf16Le(_) | Text::Utf16Be(_)) {
            2
        } else {
            1
        };
        Units { text, width }
    }
    fn len(&self) -> usize {
        self.text.raw().len() / self.width
    }
    fn at(&self, i: usize) -> Option<u16> {
        let raw = self.text.raw();
        match self.text {
            Text::Utf16Le(b) => b
                .get(2 * i..2 * i + 2)
                .map(|p| u16::from_le_bytes([p[0], p[1]])),
            Text::Utf16Be(b) => b
                .get(2 * i..2 * i + 2)
                .map(|p| u16::from_be_bytes([p[0], p[1]])),
            _ => raw.get(i).map(|&c| u16::from(c)),
        }
    }
    fn is(&self, i: usize, c: u8) -> bool {
        self.at(i) == Some(u16::from(c))
    }
    fn digit(&self, i: usize) -> Option<u32> {
        self.at(i)
            .filter(|u| (0x30..=0x39).contains(u))
            .map(|u| u32::from(u - 0x30))
    }
    /// The text from unit `i` on, in the same encoding.
    fn tail(&self, i: usize) -> Text<'a> {
        let cut = |b: &'a [u8]| b.get(i * self.width..).unwrap_or(&[]);
        match self.text {
            Text::Latin1(b) => Text::Latin1(cut(b)),
            Text::Utf8(b) => Text::Utf8(cut(b)),
            Text::Utf16Le(b) => Text::Utf16Le(cut(b)),
            Text::Utf16Be(b) => Text::Utf16Be(cut(b)),
            t @ Text::Inline(..) => t,
        }
    }
    /// The number written in units `from..to` (all digits, non-empty), saturated.
    fn number(&self, from: usize, to: usize) -> Option<u32> {
        if from >= to {
            return None;
        }
        let mut n = 0u32;
        for i in from..to {
            n = n.saturating_mul(10).saturating_add(self.digit(i)?);
        }
        Some(n)
    }
    /// Whether units `from..to` spell the ASCII `s`.
    fn spells(&self, from: usize, to: usize, s: &str) -> bool {
        to - from == s.len() && s.bytes().enumerate().all(|(k, c)| self.is(from + k, c))
    }
}

/// One `(...)` reference's name.
fn reference_name(u: &Units<'_>, from: usize, to: usize) -> Option<&'static str> {
    if let Some(n) = u.number(from, to) {
        return Some(genre_name(n as usize).unwrap_or("Unknown"));
    }
    if u.spells(from, to, "RX") {
        return Some("Remix");
    }
    if u.spells(from, to, "CR") {
        return Some("Cover");
    }
    None
}

/// Calls `f` with each `(ref)` name at the start of `u` and returns the
/// unit index where the references end.
fn references(u: &Units<'_>, mut f: impl FnMut(&'static str)) -> usize {
    let n = u.len();
    let mut i = 0;
    while i < n && u.is(i, b'(') {
        let Some(close) = (i + 1..n.min(i + 12)).find(|&j| u.is(j, b')')) else {
            break;
        };
        let Some(name) = reference_name(u, i + 1, close) else {
            break;
        };
        f(name);
        i = close + 1;
    }
    i
}

fn text_equals(t: &Text<'_>, s: &str) -> bool {
    t.chars().eq(s.chars())
}

/// Calls `emit` with each genre one `TCON` value stands for.
pub(super) fn genres<'a>(value: Text<'a>, mut emit: impl FnMut(Text<'a>)) {
    let u = Units::new(value);
    let n = u.len();
    if n == 0 {
        return;
    }
    if let Some(num) = u.number(0, n).filter(|&v| v < 256) {
        emit(Text::from_static(
            genre_name(num as usize).unwrap_or("Unknown"),
        ));
        return;
    }
    if u.spells(0, n, "CR") {
        return emit(Text::from_static("Cover"));
    }
    if u.spells(0, n, "RX") {
        return emit(Text::from_static("Remix"));
    }
    let end = references(&u, |name| emit(Text::from_static(name)));
    if end >= n {
        return;
    }
    let mut rest = u.tail(end);
    if u.is(end, b'(') && u.is(end + 1, b'(') {
        rest = u.tail(end + 1);
    }
    let mut dup = false;
    references(&u, |name| dup |= text_equals(&rest, name));
    if !dup {
        emit(rest);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(t: Text<'_>) -> Vec<String> {
        let mut v = Vec::new();
        genres(t, |x| v.push(x.to_string()));
        v
    }

    #[test]
    fn mutagen_compatible_forms() {
        assert_eq!(g(Text::Latin1(b"Rock")), ["Rock"]);
        assert_eq!(g(Text::Latin1(b"17")), ["Rock"]);
        assert_eq!(g(Text::Latin1(b"250")), ["Unknown"]);
        assert_eq!(g(Text::Latin1(b"(17)")), ["Rock"]);
        assert_eq!(g(Text::Latin1(b"(17)Rock")), ["Rock"]);
        assert_eq!(g(Text::Latin1(b"(17)Hard")), ["Rock", "Hard"]);
        assert_eq!(g(Text::Latin1(b"(0)(RX)(CR)")), ["Blues", "Remix", "Cover"]);
        assert_eq!(g(Text::Latin1(b"((foo)")), ["(foo)"]);
        assert_eq!(g(Text::Latin1(b"(999)")), ["Unknown"]);
        assert_eq!(g(Text::Latin1(b"(x)y")), ["(x)y"]);
        assert_eq!(g(Text::Latin1(b"RX")), ["Remix"]);
        assert_eq!(g(Text::Latin1(b"(")), ["("]);
        assert_eq!(g(Text::Latin1(b"")), Vec::<String>::new());
    }

    #[test]
    fn works_in_utf16() {
        assert_eq!(
            g(Text::Utf16Le(b"(\x001\x007\x00)\x00R\x00")),
            ["Rock", "R"]
        );
        assert_eq!(g(Text::Utf16Be(b"\x001\x007")), ["Rock"]);
    }
}
