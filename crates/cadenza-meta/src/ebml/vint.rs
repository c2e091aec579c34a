//! EBML variable-length integers, element headers and value decoding.
//!
//! Every Matroska structure is a sequence of elements: an ID (a 1-4 byte
//! variable-length integer kept with its length marker), a size (a 1-8 byte
//! variable-length integer with the marker removed, all value bits set
//! meaning "unknown") and a body. This module decodes those pieces from
//! borrowed bytes and walks the children of a master element that is fully
//! in memory, without allocating and without trusting any size.

use crate::bytes::{be32, be64};
use crate::error::Error;
use crate::probe::Probe;

/// Largest element header: a 4-byte ID plus an 8-byte size.
pub(crate) const MAX_HEADER: u64 = 12;

/// A decoded element header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Header {
    /// Element ID with its length marker (e.g. `0x1A45DFA3`).
    pub id: u32,
    /// Body size, or `None` for the reserved "unknown size".
    pub size: Option<u64>,
    /// Bytes taken by the ID and the size.
    pub len: u8,
}

/// Length of a variable-length integer from its first byte (1-8), or 0 when
/// the first byte is zero (no marker within 8 bits).
#[inline]
fn vint_len(first: u8) -> u32 {
    first.leading_zeros() + 1
}

/// Reads an element ID at the front of `b`; `at` is its absolute offset.
pub(crate) fn read_id(b: &[u8], at: u64) -> Result<(u32, u8), Error> {
    let Some(&first) = b.first() else {
        return Err(Error::truncated(at, "EBML element ID"));
    };
    let n = vint_len(first);
    if n > 4 {
        return Err(Error::malformed(at, "EBML element ID longer than 4 bytes"));
    }
    let Some(bytes) = b.get(..n as usize) else {
        return Err(Error::truncated(at, "EBML element ID"));
    };
    let id = bytes.iter().fold(0u32, |acc, &x| acc << 8 | x as u32);
    Ok((id, n as u8))
}

/// Reads an element size at the front of `b`; `at` is its absolute offset.
/// Returns `(None, len)` for the reserved unknown size.
pub(crate) fn read_size(b: &[u8], at: u64) -> Result<(Option<u64>, u8), Error> {
    let Some(&first) = b.first() else {
        return Err(Error::truncated(at, "EBML element size"));
    };
    if first == 0 {
        return Err(Error::malformed(
            at,
            "EBML element size longer than 8 bytes",
        ));
    }
    let n = vint_len(first);
    let Some(bytes) = b.get(..n as usize) else {
        return Err(Error::truncated(at, "EBML element size"));
    };
    // Strip the marker bit from the first byte.
    let mask = (0xFFu16 >> n) as u8;
    let mut v = (first & mask) as u64;
    for &x in &bytes[1..] {
        v = v << 8 | x as u64;
    }
    let all_ones = (1u64 << (7 * n)) - 1;
    let size = if v == all_ones { None } else { Some(v) };
    Ok((size, n as u8))
}

/// Reads a whole element header at the front of `b`.
pub(crate) fn read_header(b: &[u8], at: u64) -> Result<Header, Error> {
    let (id, id_len) = read_id(b, at)?;
    let rest = b.get(id_len as usize..).unwrap_or(&[]);
    let (size, size_len) = read_size(rest, at + id_len as u64)?;
    Ok(Header {
        id,
        size,
        len: id_len + size_len,
    })
}

/// The common case inside metadata, decoded without the general path: a
/// 1- or 2-byte ID and a 1-byte known size.
#[inline]
fn short_header(b: &[u8]) -> Option<Header> {
    match *b {
        [i0 @ 0x80..=0xFF, s0 @ 0x80..=0xFE, ..] => Some(Header {
            id: i0 as u32,
            size: Some((s0 & 0x7F) as u64),
            len: 2,
        }),
        [i0 @ 0x40..=0x7F, i1, s0 @ 0x80..=0xFE, ..] => Some(Header {
            id: (i0 as u32) << 8 | i1 as u32,
            size: Some((s0 & 0x7F) as u64),
            len: 3,
        }),
        _ => None,
    }
}

/// An unsigned integer element body (0-8 bytes, big endian).
pub(crate) fn uint(b: &[u8], at: u64) -> Result<u64, Error> {
    if b.len() > 8 {
        return Err(Error::malformed(
            at,
            "EBML unsigned integer longer than 8 bytes",
        ));
    }
    Ok(b.iter().fold(0u64, |acc, &x| acc << 8 | x as u64))
}

/// A float element body (0, 4 or 8 bytes, big endian IEEE 754).
pub(crate) fn float(b: &[u8], at: u64) -> Result<f64, Error> {
    match b.len() {
        0 => Ok(0.0),
        4 => Ok(f32::from_bits(be32(b)) as f64),
        8 => Ok(f64::from_bits(be64(b))),
        _ => Err(Error::malformed(at, "EBML float is not 0, 4 or 8 bytes")),
    }
}

/// One child element of a master element held in memory.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Child<'a> {
    /// Element ID with marker.
    pub id: u32,
    /// Absolute offset of the element's first byte.
    pub offset: u64,
    /// Absolute offset of the body.
    pub body_offset: u64,
    /// The body bytes.
    pub body: &'a [u8],
}

/// Visits the children of the master body `body` (at absolute offset
/// `base`) with `f`. An error from `f` (one field of one child is bad) is a
/// warning and the walk goes on; a damaged child header is a warning and
/// ends the walk, since nothing after it can be located.
pub(crate) fn each_child<'a>(
    body: &'a [u8],
    base: u64,
    out: &mut Probe<'a>,
    mut f: impl FnMut(Child<'a>, &mut Probe<'a>) -> Result<(), Error>,
) {
    for child in Children::new(body, base) {
        match child {
            Ok(c) => {
                if let Err(e) = f(c, out) {
                    out.warn(e);
                }
            }
            Err(e) => {
                out.warn(e);
                return;
            }
        }
    }
}

/// Iterator over the children of a master element whose body is in memory.
///
/// Every step consumes at least the child's header, so the walk ends after
/// at most `body.len() / 2` steps. A child that claims more bytes than its
/// parent holds, or an unknown size, yields one error and ends the walk.
pub(crate) struct Children<'a> {
    buf: &'a [u8],
    base: u64,
    pos: usize,
    done: bool,
}

impl<'a> Children<'a> {
    /// Children of the master body `buf` starting at absolute offset `base`.
    pub(crate) fn new(buf: &'a [u8], base: u64) -> Self {
        Children {
            buf,
            base,
            pos: 0,
            done: false,
        }
    }
}

impl<'a> Iterator for Children<'a> {
    type Item = Result<Child<'a>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done || self.pos >= self.buf.len() {
            return None;
        }
        let at = self.base + self.pos as u64;
        let rest = &self.buf[self.pos..];
        let h = match short_header(rest).map_or_else(|| read_header(rest, at), Ok) {
            Ok(h) => h,
            Err(e) => {
                self.done = true;
                return Some(Err(e));
            }
        };
        let body_start = h.len as usize;
        let avail = (rest.len() - body_start) as u64;
        let size = match h.size {
            Some(s) if s <= avail => s as usize,
            Some(_) => {
                self.done = true;
                return Some(Err(Error::malformed(
                    at,
                    "EBML element larger than its parent",
                )));
            }
            None => {
                self.done = true;
                return Some(Err(Error::malformed(
                    at,
                    "unknown-size EBML element inside metadata",
                )));
            }
        };
        self.pos += body_start + size;
        Some(Ok(Child {
            id: h.id,
            offset: at,
            body_offset: at + body_start as u64,
            body: &rest[body_start..body_start + size],
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn ids_keep_their_marker() {
        assert_eq!(
            read_id(&[0x1A, 0x45, 0xDF, 0xA3], 0).unwrap(),
            (0x1A45DFA3, 4)
        );
        assert_eq!(read_id(&[0xEC], 0).unwrap(), (0xEC, 1));
        assert_eq!(read_id(&[0x42, 0x86], 0).unwrap(), (0x4286, 2));
        assert_eq!(
            read_id(&[0x08, 0, 0, 0, 0], 7).unwrap_err().kind,
            ErrorKind::Malformed
        );
        assert_eq!(
            read_id(&[0x1A, 0x45], 7).unwrap_err(),
            Error::truncated(7, "EBML element ID")
        );
    }

    #[test]
    fn sizes_strip_marker_and_detect_unknown() {
        assert_eq!(read_size(&[0x81], 0).unwrap(), (Some(1), 1));
        assert_eq!(read_size(&[0x40, 0x02], 0).unwrap(), (Some(2), 2));
        assert_eq!(read_size(&[0xFF], 0).unwrap(), (None, 1));
        assert_eq!(
            read_size(&[0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], 0).unwrap(),
            (None, 8)
        );
        assert_eq!(
            read_size(&[0x01, 0, 0, 0, 0, 0, 0x4A, 0x40], 0).unwrap(),
            (Some(0x4A40), 8)
        );
        // A long encoding of a small value is not "unknown".
        assert_eq!(read_size(&[0x7F, 0xFF], 0).unwrap(), (None, 2));
        assert_eq!(read_size(&[0x40, 0x7F], 0).unwrap(), (Some(0x7F), 2));
        assert_eq!(read_size(&[0], 3).unwrap_err().kind, ErrorKind::Malformed);
        assert_eq!(
            read_size(&[0x20, 1], 3).unwrap_err().kind,
            ErrorKind::Truncated
        );
    }

    #[test]
    fn short_header_agrees_with_the_general_path() {
        for a in 0..=255u8 {
            for b in [0u8, 0x01, 0x40, 0x7F, 0x80, 0x81, 0xC5, 0xFE, 0xFF] {
                for c in [0u8, 0x80, 0x9F, 0xFE, 0xFF] {
                    let buf = [a, b, c, 0, 0, 0, 0, 0, 0, 0, 0, 0];
                    if let Some(h) = short_header(&buf) {
                        assert_eq!(Ok(h), read_header(&buf, 0), "{buf:x?}");
                    }
                }
            }
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(uint(&[], 0).unwrap(), 0);
        assert_eq!(uint(&[0x0F, 0x42, 0x40], 0).unwrap(), 1_000_000);
        assert!(uint(&[0; 9], 0).is_err());
        assert_eq!(
            float(&[0x40, 0x9f, 0x60, 0, 0, 0, 0, 0], 0).unwrap(),
            2008.0
        );
        assert_eq!(float(&[0x45, 0xFA, 0, 0], 0).unwrap(), 8000.0);
        assert!(float(&[0; 3], 0).is_err());
    }

    #[test]
    fn children_walk_and_stop_on_overflow() {
        let body = [0xEC, 0x81, 0x00, 0x42, 0x86, 0x81, 0x01, 0xEC, 0x85, 0x00];
        let kids: Vec<_> = Children::new(&body, 100).collect();
        assert_eq!(kids.len(), 3);
        let a = kids[0].unwrap();
        assert_eq!(
            (a.id, a.offset, a.body_offset, a.body),
            (0xEC, 100, 102, &[0u8][..])
        );
        let b = kids[1].unwrap();
        assert_eq!((b.id, b.body), (0x4286, &[1u8][..]));
        assert_eq!(kids[2].unwrap_err().offset, 107);
    }
}
