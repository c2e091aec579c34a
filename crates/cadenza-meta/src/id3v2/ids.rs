//! ID3v2 frame IDs: which ones this crate reads, the normalised key each
//! maps to, and the ID3v2.2 three-letter names of their ID3v2.3 equivalents.

use crate::probe::TagKey;

/// What to do with a frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// A text frame with a normalised key.
    Text(TagKey<'static>),
    /// A text frame reported under its own ID.
    OtherText,
    /// `TCON`.
    Genre,
    /// `TYER` (joined with `TDAT`/`TIME` into one date).
    Year,
    /// `TDAT` (DDMM).
    Day,
    /// `TIME` (HHMM).
    Time,
    /// `TXXX`.
    UserText,
    /// `COMM`.
    Comment,
    /// `USLT`.
    Lyrics,
    /// `APIC` (`PIC` in ID3v2.2 has its own layout).
    Picture,
    /// `PIC`.
    Picture22,
    /// Anything else: skipped without reading its payload.
    Skip,
}

/// How to handle the ID3v2.3/2.4 frame `id`.
pub(super) fn kind(id: &[u8; 4]) -> Kind {
    match id {
        b"TIT2" => Kind::Text(TagKey::Title),
        b"TPE1" => Kind::Text(TagKey::Artist),
        b"TALB" => Kind::Text(TagKey::Album),
        b"TPE2" => Kind::Text(TagKey::AlbumArtist),
        b"TDRC" => Kind::Text(TagKey::Date),
        b"TRCK" => Kind::Text(TagKey::Track),
        b"TPOS" => Kind::Text(TagKey::Disc),
        b"TCOM" => Kind::Text(TagKey::Composer),
        b"TCON" => Kind::Genre,
        b"TYER" => Kind::Year,
        b"TDAT" => Kind::Day,
        b"TIME" => Kind::Time,
        b"TXXX" => Kind::UserText,
        b"COMM" => Kind::Comment,
        b"USLT" => Kind::Lyrics,
        b"APIC" => Kind::Picture,
        [b'T', ..] => Kind::OtherText,
        _ => Kind::Skip,
    }
}

/// ID3v2.2 frame IDs and their ID3v2.3 names.
const V22: [(&[u8; 3], &str); 44] = [
    (b"TT1", "TIT1"),
    (b"TT2", "TIT2"),
    (b"TT3", "TIT3"),
    (b"TP1", "TPE1"),
    (b"TP2", "TPE2"),
    (b"TP3", "TPE3"),
    (b"TP4", "TPE4"),
    (b"TAL", "TALB"),
    (b"TYE", "TYER"),
    (b"TDA", "TDAT"),
    (b"TIM", "TIME"),
    (b"TRK", "TRCK"),
    (b"TPA", "TPOS"),
    (b"TCO", "TCON"),
    (b"TCM", "TCOM"),
    (b"TXT", "TEXT"),
    (b"TBP", "TBPM"),
    (b"TCR", "TCOP"),
    (b"TDY", "TDLY"),
    (b"TEN", "TENC"),
    (b"TFT", "TFLT"),
    (b"TKE", "TKEY"),
    (b"TLA", "TLAN"),
    (b"TLE", "TLEN"),
    (b"TMT", "TMED"),
    (b"TOA", "TOPE"),
    (b"TOF", "TOFN"),
    (b"TOL", "TOLY"),
    (b"TOR", "TORY"),
    (b"TOT", "TOAL"),
    (b"TPB", "TPUB"),
    (b"TRC", "TSRC"),
    (b"TRD", "TRDA"),
    (b"TSI", "TSIZ"),
    (b"TSS", "TSSE"),
    (b"TST", "TSOT"),
    (b"TSP", "TSOP"),
    (b"TSA", "TSOA"),
    (b"TS2", "TSO2"),
    (b"TSC", "TSOC"),
    (b"TCP", "TCMP"),
    (b"TXX", "TXXX"),
    (b"COM", "COMM"),
    (b"ULT", "USLT"),
];

/// The ID3v2.3 name of an ID3v2.2 frame, if it has one.
pub(super) fn upgrade_v22(id: &[u8]) -> Option<&'static str> {
    V22.iter()
        .find(|(old, _)| old.as_slice() == id)
        .map(|(_, new)| *new)
}

/// Whether `c` may appear in a frame ID.
pub(super) fn id_char(c: u8) -> bool {
    c.is_ascii_uppercase() || c.is_ascii_digit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps() {
        assert_eq!(kind(b"TIT2"), Kind::Text(TagKey::Title));
        assert_eq!(kind(b"TBPM"), Kind::OtherText);
        assert_eq!(kind(b"PRIV"), Kind::Skip);
        assert_eq!(upgrade_v22(b"TT2"), Some("TIT2"));
        assert_eq!(upgrade_v22(b"PIC"), None);
        assert!(V22.iter().all(|(_, n)| n.len() == 4));
    }
}
