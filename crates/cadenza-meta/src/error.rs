//! Typed, `Copy` errors that carry the byte offset where reading went wrong.
//!
//! Every parser in this crate reports problems through [`Error`]: a small
//! [`ErrorKind`] (what class of problem) plus a static description and the
//! absolute byte offset in the file. The same type serves as a warning when a
//! parser could keep going and return partial results.

use core::fmt;

/// The class of a problem, kept apart so callers can react differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file ends before a structure it declares.
    Truncated,
    /// The bytes contradict the format's rules.
    Malformed,
    /// Well-formed, but a variant this crate does not read (or not a known format).
    Unsupported,
    /// A structure exceeds a limit this crate imposes (sizes, counts, depth).
    Limit,
}

impl ErrorKind {
    /// Lower-case name used in messages and JSON.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Truncated => "truncated",
            ErrorKind::Malformed => "malformed",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::Limit => "limit",
        }
    }
}

/// A problem found at a byte offset of the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Error {
    /// What class of problem.
    pub kind: ErrorKind,
    /// Absolute byte offset in the file where the problem was found.
    pub offset: u64,
    /// What was wrong, in a few words (e.g. `"ID3v2 frame size exceeds tag"`).
    pub what: &'static str,
}

impl Error {
    /// Builds an error.
    #[inline]
    pub const fn new(kind: ErrorKind, offset: u64, what: &'static str) -> Self {
        Error { kind, offset, what }
    }
    /// A [`ErrorKind::Truncated`] error.
    #[inline]
    pub const fn truncated(offset: u64, what: &'static str) -> Self {
        Self::new(ErrorKind::Truncated, offset, what)
    }
    /// A [`ErrorKind::Malformed`] error.
    #[inline]
    pub const fn malformed(offset: u64, what: &'static str) -> Self {
        Self::new(ErrorKind::Malformed, offset, what)
    }
    /// An [`ErrorKind::Unsupported`] error.
    #[inline]
    pub const fn unsupported(offset: u64, what: &'static str) -> Self {
        Self::new(ErrorKind::Unsupported, offset, what)
    }
    /// A [`ErrorKind::Limit`] error.
    #[inline]
    pub const fn limit(offset: u64, what: &'static str) -> Self {
        Self::new(ErrorKind::Limit, offset, what)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} at byte {}",
            self.kind.as_str(),
            self.what,
            self.offset
        )
    }
}

impl std::error::Error for Error {}
