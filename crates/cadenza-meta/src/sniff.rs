//! Format identification from the first bytes of a file.
//!
//! Cheap enough to run before deciding what else to read: the file driver
//! uses it to fetch an MP3's tail (ID3v1, APE, Lyrics3) in the same step as
//! the head.

use crate::probe::Format;

/// Identifies the container from the start of a file of `file_len` bytes.
///
/// Returns [`Format::Unknown`] when nothing matches. MPEG streams are
/// recognised by a leading ID3v2 tag or an MPEG frame sync in `head`.
pub fn sniff(head: &[u8], file_len: u64) -> Format {
    let _ = file_len;
    match head {
        [b'R', b'I', b'F', b'F', ..] => Format::Wav,
        [b'R', b'I', b'F', b'X', ..] => Format::Rifx,
        [b'R', b'F', b'6', b'4', ..] => Format::Rf64,
        [b'B', b'W', b'6', b'4', ..] => Format::Bw64,
        [0x1A, 0x45, 0xDF, 0xA3, ..] => Format::Matroska,
        [b'I', b'D', b'3', ..] => Format::Mpeg,
        // An APE tag in front of the audio (MPEG is the only format read
        // that carries one there).
        [b'A', b'P', b'E', b'T', b'A', b'G', b'E', b'X', ..] => Format::Mpeg,
        _ if crate::mpeg::looks_like_mpeg(head) => Format::Mpeg,
        _ => Format::Unknown,
    }
}
