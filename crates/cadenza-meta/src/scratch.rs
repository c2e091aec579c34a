//! A bump allocator over a caller-provided byte buffer.
//!
//! Some tag data cannot be borrowed as-is: ID3v2 unsynchronisation must be
//! undone before frames can be read. Decoded bytes go into a [`Scratch`]
//! carved from memory the caller owns (and reuses across files), so parsing
//! never allocates. When the scratch is exhausted the parser reports a
//! `limit` warning and skips what it cannot decode.

/// Bump allocator handing out disjoint `&'a mut [u8]` pieces of one buffer.
#[derive(Debug)]
pub struct Scratch<'a> {
    free: &'a mut [u8],
}

impl<'a> Scratch<'a> {
    /// Scratch space over `buf`.
    pub fn new(buf: &'a mut [u8]) -> Self {
        Scratch { free: buf }
    }

    /// No scratch space at all.
    pub fn none() -> Self {
        Scratch { free: &mut [] }
    }

    /// Bytes still available.
    pub fn remaining(&self) -> usize {
        self.free.len()
    }

    /// Takes `n` bytes, or `None` if fewer remain.
    pub fn take(&mut self, n: usize) -> Option<&'a mut [u8]> {
        if n > self.free.len() {
            return None;
        }
        let (piece, rest) = core::mem::take(&mut self.free).split_at_mut(n);
        self.free = rest;
        Some(piece)
    }

    /// Takes everything left (use [`Scratch::give_back`] to return the unused tail).
    pub fn take_all(&mut self) -> &'a mut [u8] {
        core::mem::take(&mut self.free)
    }

    /// Returns the unused tail of a piece obtained from [`Scratch::take_all`]:
    /// `piece` is split at `used`, and the rest becomes available again.
    pub fn give_back(&mut self, piece: &'a mut [u8], used: usize) -> &'a mut [u8] {
        let used = used.min(piece.len());
        let (kept, rest) = piece.split_at_mut(used);
        if self.free.is_empty() {
            self.free = rest;
        }
        kept
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_are_disjoint_and_bounded() {
        let mut buf = [0u8; 10];
        let mut s = Scratch::new(&mut buf);
        let a = s.take(4).unwrap();
        a.fill(1);
        let b = s.take(6).unwrap();
        b.fill(2);
        assert!(s.take(1).is_none());
        assert_eq!(a, &[1; 4]);
        assert_eq!(b, &[2; 6]);
    }

    #[test]
    fn give_back_returns_unused_tail() {
        let mut buf = [0u8; 10];
        let mut s = Scratch::new(&mut buf);
        let all = s.take_all();
        assert_eq!(s.remaining(), 0);
        let kept = s.give_back(all, 3);
        assert_eq!(kept.len(), 3);
        assert_eq!(s.remaining(), 7);
    }
}
