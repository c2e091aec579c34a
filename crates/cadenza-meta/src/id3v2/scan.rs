//! Word-at-a-time searches (SWAR, no `unsafe`) for the scans that can run
//! over long stretches: NUL terminators in text values (single bytes, or
//! aligned UTF-16 units), and 0xFF bytes for unsynchronisation and frame sync.
//! A byte-by-byte `position` costs about 3 cycles per byte; these check
//! 16 bytes per step.

const ONES8: u64 = 0x0101_0101_0101_0101;
const HIGH8: u64 = 0x8080_8080_8080_8080;
const ONES16: u64 = 0x0001_0001_0001_0001;
const HIGH16: u64 = 0x8000_8000_8000_8000;

/// The first 8 bytes of `c` (callers pass 8 or more) as one word.
#[inline(always)]
fn word(c: &[u8]) -> u64 {
    u64::from_le_bytes(c[..8].try_into().unwrap_or([0; 8]))
}

/// High bit set in each byte lane of `x` that may be zero (exact for the
/// lowest zero lane; only used to decide whether to look closer).
#[inline(always)]
fn zero_bytes(x: u64) -> u64 {
    x.wrapping_sub(ONES8) & !x
}

/// Same for 16-bit lanes.
#[inline(always)]
fn zero_lanes(x: u64) -> u64 {
    x.wrapping_sub(ONES16) & !x
}

/// Bytes examined per step.
const STEP: usize = 32;

/// Index of the first `needle` in `b`.
pub(crate) fn find_byte(b: &[u8], needle: u8) -> Option<usize> {
    let pattern = ONES8 * u64::from(needle);
    let mut chunks = b.chunks_exact(STEP);
    let mut base = 0;
    for c in &mut chunks {
        let z = |o: usize| zero_bytes(word(&c[o..]) ^ pattern);
        if (z(0) | z(8) | z(16) | z(24)) & HIGH8 != 0 {
            return c.iter().position(|&v| v == needle).map(|k| base + k);
        }
        base += STEP;
    }
    chunks
        .remainder()
        .iter()
        .position(|&v| v == needle)
        .map(|k| base + k)
}

/// Byte index of the first aligned zero 16-bit unit (`00 00` at an even
/// offset) in `b`.
pub(crate) fn find_zero_unit(b: &[u8]) -> Option<usize> {
    let exact = |c: &[u8]| c.chunks_exact(2).position(|u| u == [0, 0]).map(|k| 2 * k);
    let mut chunks = b.chunks_exact(STEP);
    let mut base = 0;
    for c in &mut chunks {
        let z = |o: usize| zero_lanes(word(&c[o..]));
        if (z(0) | z(8) | z(16) | z(24)) & HIGH16 != 0 {
            return exact(c).map(|k| base + k);
        }
        base += STEP;
    }
    exact(chunks.remainder()).map(|k| base + k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_naive_search_everywhere() {
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        for len in 0..80 {
            for _ in 0..200 {
                let b: Vec<u8> = (0..len)
                    .map(|_| {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        // Mostly 0x00, 0x01, 0xFF, 0xFE so matches and near-misses are common.
                        [0u8, 1, 0xFF, 0xFE, 0x80, 0x7F][(x % 6) as usize]
                            | if x.is_multiple_of(7) { 0 } else { 0x10 }
                    })
                    .collect();
                for needle in [0u8, 0xFF, 0x10] {
                    assert_eq!(
                        find_byte(&b, needle),
                        b.iter().position(|&v| v == needle),
                        "{b:x?}"
                    );
                }
                let naive = b.chunks_exact(2).position(|u| u == [0, 0]).map(|k| 2 * k);
                assert_eq!(find_zero_unit(&b), naive, "{b:x?}");
            }
        }
    }
}
