//! ID3v2.3 dates: `TYER` (year), `TDAT` (DDMM) and `TIME` (HHMM) are kept
//! while a tag is read and joined into one ISO 8601 value at its end.

use crate::probe::{Probe, TagKey, TagSource};
use crate::text::Text;

/// ID3v2.3 `TYER` + `TDAT` + `TIME`, joined into one ISO 8601 date the way
/// mutagen upgrades them to `TDRC` (`YYYY-MM-DDTHH:MM:00`).
#[derive(Default)]
pub(super) struct DateParts<'a> {
    pub(super) year: Option<Text<'a>>,
    pub(super) day: Option<Text<'a>>,
    pub(super) time: Option<Text<'a>>,
    /// A `TDRC` was present: it wins and the old frames are dropped.
    pub(super) explicit: bool,
}

impl<'a> DateParts<'a> {
    pub(super) fn finish(&self, out: &mut Probe<'a>, src: TagSource, at: u64) {
        let Some(year) = self.year else {
            return;
        };
        if self.explicit {
            return;
        }
        let mut buf = [0u8; 24];
        let Some(y) = digits(&year, &mut buf[..8]) else {
            // Not a plain year: keep what was written.
            out.add_tag(TagKey::Date, year, src, at);
            return;
        };
        let mut n = y;
        let mut dd = [0u8; 4];
        if let Some(4) = self.day.as_ref().and_then(|d| digits(d, &mut dd)) {
            buf[n..n + 6].copy_from_slice(&[b'-', dd[2], dd[3], b'-', dd[0], dd[1]]);
            n += 6;
            let mut tt = [0u8; 4];
            if let Some(4) = self.time.as_ref().and_then(|t| digits(t, &mut tt)) {
                buf[n..n + 9]
                    .copy_from_slice(&[b'T', tt[0], tt[1], b':', tt[2], tt[3], b':', b'0', b'0']);
                n += 9;
            }
        }
        let s = core::str::from_utf8(&buf[..n]).unwrap_or("");
        if let Some(t) = Text::inline(s) {
            out.add_tag(TagKey::Date, t, src, at);
        }
    }
}

/// Copies the ASCII digits of `t` into `buf`; `None` if `t` has another
/// character, is empty, or is longer than `buf`.
fn digits(t: &Text<'_>, buf: &mut [u8]) -> Option<usize> {
    let mut n = 0;
    for c in t.chars() {
        if !c.is_ascii_digit() || n == buf.len() {
            return None;
        }
        buf[n] = c as u8;
        n += 1;
    }
    (n > 0).then_some(n)
}
