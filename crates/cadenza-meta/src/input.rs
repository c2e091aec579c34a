//! A sparse, borrowed view of a file: the windows of it that are in memory.
//!
//! Parsers never see a `File`. They see an [`Input`]: the file's length plus
//! up to [`MAX_WINDOWS`] borrowed byte windows at known offsets (for an
//! in-memory parse, one window holding the whole file). Asking for bytes that
//! lie past the end of the file is a truncation; asking for bytes that exist
//! but are not loaded yields [`Stop::Need`], which tells the file driver
//! exactly which range to read before parsing again. This keeps every parser
//! zero-copy and I/O-free while the driver does the fewest reads.

use crate::error::Error;

/// How many windows an [`Input`] holds at most.
pub const MAX_WINDOWS: usize = 6;

/// Why a parser stopped before finishing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// A real problem with the file.
    Fail(Error),
    /// The bytes `offset..offset + len` exist in the file but are not loaded.
    Need {
        /// Absolute start of the missing range.
        offset: u64,
        /// Length of the missing range (already clamped to the file).
        len: u64,
    },
}

impl From<Error> for Stop {
    #[inline]
    fn from(e: Error) -> Self {
        Stop::Fail(e)
    }
}

/// One loaded region of the file.
#[derive(Clone, Copy, Debug, Default)]
struct Window<'a> {
    offset: u64,
    bytes: &'a [u8],
}

/// The loaded windows of a file of known length.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    file_len: u64,
    windows: [Window<'a>; MAX_WINDOWS],
    count: usize,
}

impl<'a> Input<'a> {
    /// A whole file held in memory.
    pub fn whole(data: &'a [u8]) -> Self {
        let mut i = Input::empty(data.len() as u64);
        i.add(0, data);
        i
    }

    /// A file of `file_len` bytes with nothing loaded yet.
    pub fn empty(file_len: u64) -> Self {
        Input {
            file_len,
            windows: [Window::default(); MAX_WINDOWS],
            count: 0,
        }
    }

    /// Adds a loaded window at `offset`. Returns `false` (and adds nothing)
    /// when all window slots are used. Bytes past `file_len` are ignored.
    pub fn add(&mut self, offset: u64, bytes: &'a [u8]) -> bool {
        if self.count == MAX_WINDOWS {
            return false;
        }
        let avail = self.file_len.saturating_sub(offset);
        let take = (bytes.len() as u64).min(avail) as usize;
        self.windows[self.count] = Window {
            offset,
            bytes: &bytes[..take],
        };
        self.count += 1;
        true
    }

    /// The file's total length in bytes.
    #[inline]
    pub fn len(&self) -> u64 {
        self.file_len
    }

    /// Whether the file is empty.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.file_len == 0
    }

    /// Whether every byte of the file is loaded in one window.
    pub fn is_whole(&self) -> bool {
        self.windows[..self.count]
            .iter()
            .any(|w| w.offset == 0 && w.bytes.len() as u64 == self.file_len)
    }

    /// Exactly `len` bytes at `offset`.
    ///
    /// Fails with a truncation error (naming `what`) if the range runs past
    /// the end of the file, or with [`Stop::Need`] if it is not loaded.
    #[inline]
    pub fn bytes(&self, offset: u64, len: u64, what: &'static str) -> Result<&'a [u8], Stop> {
        let end = match offset.checked_add(len) {
            Some(e) if e <= self.file_len => e,
            _ => {
                return Err(Stop::Fail(Error::truncated(
                    offset.min(self.file_len),
                    what,
                )));
            }
        };
        for w in &self.windows[..self.count] {
            if offset >= w.offset && end <= w.offset + w.bytes.len() as u64 {
                let s = (offset - w.offset) as usize;
                return Ok(&w.bytes[s..s + len as usize]);
            }
        }
        Err(Stop::Need { offset, len })
    }

    /// Up to `max` bytes at `offset`: fewer only when the file ends first.
    /// Fails with [`Stop::Need`] when the available range is not loaded.
    #[inline]
    pub fn up_to(&self, offset: u64, max: u64) -> Result<&'a [u8], Stop> {
        let len = max.min(self.file_len.saturating_sub(offset));
        self.bytes(offset, len, "read past end of file")
    }

    /// The loaded bytes starting at `offset`, as far as the window holding
    /// `offset` reaches (empty if `offset` is not loaded). Never fails; for
    /// scanning forward through whatever happens to be in memory.
    pub fn loaded_from(&self, offset: u64) -> &'a [u8] {
        for w in &self.windows[..self.count] {
            let end = w.offset + w.bytes.len() as u64;
            if offset >= w.offset && offset < end {
                return &w.bytes[(offset - w.offset) as usize..];
            }
        }
        &[]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn whole_input_serves_any_range_inside() {
        let d = [1u8, 2, 3, 4, 5];
        let i = Input::whole(&d);
        assert_eq!(i.bytes(1, 3, "x").unwrap(), &[2, 3, 4]);
        assert_eq!(i.up_to(3, 100).unwrap(), &[4, 5]);
        assert!(i.is_whole());
    }

    #[test]
    fn past_end_is_truncation_not_need() {
        let d = [0u8; 4];
        let i = Input::whole(&d);
        match i.bytes(2, 3, "hdr") {
            Err(Stop::Fail(e)) => {
                assert_eq!(e.kind, ErrorKind::Truncated);
                assert_eq!(e.offset, 2);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(i.bytes(u64::MAX, 2, "x"), Err(Stop::Fail(_))));
    }

    #[test]
    fn unloaded_range_asks_for_exact_bytes() {
        let head = [0u8; 10];
        let mut i = Input::empty(1000);
        i.add(0, &head);
        assert_eq!(
            i.bytes(500, 20, "x"),
            Err(Stop::Need {
                offset: 500,
                len: 20
            })
        );
        assert_eq!(
            i.up_to(990, 100),
            Err(Stop::Need {
                offset: 990,
                len: 10
            })
        );
        assert_eq!(i.loaded_from(4).len(), 6);
        assert!(i.loaded_from(10).is_empty());
    }
}
