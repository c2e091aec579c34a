//! Fixed-width integer reads from byte slices, shared by every format reader.
//!
//! Each function takes a slice that the caller has already bounds-checked to
//! hold at least the bytes read (typically one obtained from
//! [`crate::Input::bytes`]); they index with `[..N]`, so a short slice is a
//! caller bug that panics in tests rather than a silent misread.

/// Big-endian u16 from `b[0..2]`.
#[inline]
pub(crate) fn be16(b: &[u8]) -> u16 {
    u16::from_be_bytes([b[0], b[1]])
}
/// Big-endian 24-bit value from `b[0..3]`.
#[inline]
pub(crate) fn be24(b: &[u8]) -> u32 {
    u32::from_be_bytes([0, b[0], b[1], b[2]])
}
/// Big-endian u32 from `b[0..4]`.
#[inline]
pub(crate) fn be32(b: &[u8]) -> u32 {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
}
/// Big-endian u64 from `b[0..8]`.
#[inline]
pub(crate) fn be64(b: &[u8]) -> u64 {
    u64::from_be_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
}
/// Little-endian u16 from `b[0..2]`.
#[inline]
pub(crate) fn le16(b: &[u8]) -> u16 {
    u16::from_le_bytes([b[0], b[1]])
}
/// Little-endian u32 from `b[0..4]`.
#[inline]
pub(crate) fn le32(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}
/// Little-endian u64 from `b[0..8]`.
#[inline]
pub(crate) fn le64(b: &[u8]) -> u64 {
    u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
}
/// ID3v2 synchsafe 28-bit integer from `b[0..4]`; `None` if a high bit is set.
#[inline]
pub(crate) fn synchsafe32(b: &[u8]) -> Option<u32> {
    if (b[0] | b[1] | b[2] | b[3]) & 0x80 != 0 {
        return None;
    }
    Some((b[0] as u32) << 21 | (b[1] as u32) << 14 | (b[2] as u32) << 7 | b[3] as u32)
}
/// The bytes before the first NUL (or all of `b`).
#[inline]
pub(crate) fn until_nul(b: &[u8]) -> &[u8] {
    match b.iter().position(|&c| c == 0) {
        Some(i) => &b[..i],
        None => b,
    }
}
/// Trims trailing NULs and ASCII spaces (fixed-width fields such as ID3v1).
#[inline]
pub(crate) fn trim_end_pad(b: &[u8]) -> &[u8] {
    let mut n = b.len();
    while n > 0 && (b[n - 1] == 0 || b[n - 1] == b' ') {
        n -= 1;
    }
    &b[..n]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_match_std() {
        let b = [1u8, 2, 3, 4, 5, 6, 7, 8];
        assert_eq!(be16(&b), 0x0102);
        assert_eq!(be24(&b), 0x010203);
        assert_eq!(be32(&b), 0x01020304);
        assert_eq!(be64(&b), 0x0102030405060708);
        assert_eq!(le16(&b), 0x0201);
        assert_eq!(le32(&b), 0x04030201);
        assert_eq!(le64(&b), 0x0807060504030201);
    }

    #[test]
    fn synchsafe_rejects_high_bits() {
        assert_eq!(synchsafe32(&[0, 0, 2, 1]), Some(257));
        assert_eq!(synchsafe32(&[0x7f, 0x7f, 0x7f, 0x7f]), Some(0x0FFF_FFFF));
        assert_eq!(synchsafe32(&[0, 0x80, 0, 0]), None);
    }

    #[test]
    fn trims() {
        assert_eq!(until_nul(b"ab\0cd"), b"ab");
        assert_eq!(trim_end_pad(b"ab \0\0"), b"ab");
    }
}
