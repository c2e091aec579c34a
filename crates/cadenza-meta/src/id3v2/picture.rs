//! The fields in front of the data of an `APIC` (ID3v2.3/2.4) or `PIC`
//! (ID3v2.2) frame: image format, picture type and description.

use super::ids::Kind;
use super::strings::{self, Utf16State};
use crate::text::Text;

/// Parses the fields in front of picture data: `(mime, type, description,
/// bytes used)`, or `None` when they do not fit in `b`.
pub(super) fn picture_header(kind: Kind, b: &[u8]) -> Option<(Text<'_>, u8, Text<'_>, u64)> {
    let (&enc, rest) = b.split_first()?;
    if !strings::valid_encoding(enc) {
        return None;
    }
    let (mime, rest) = if kind == Kind::Picture22 {
        let fmt = rest.get(..3)?;
        let mime = match fmt {
            b"JPG" | b"jpg" => Text::from_static("image/jpeg"),
            b"PNG" | b"png" => Text::from_static("image/png"),
            _ => Text::Latin1(fmt),
        };
        (mime, &rest[3..])
    } else {
        let (m, rest) = strings::find_terminated(0, rest)?;
        (Text::Latin1(m), rest)
    };
    let (&ptype, rest) = rest.split_first()?;
    let (desc, rest) = strings::find_terminated(enc, rest)?;
    let description = strings::text(enc, desc, &mut Utf16State::default());
    Some((mime, ptype, description, (b.len() - rest.len()) as u64))
}
