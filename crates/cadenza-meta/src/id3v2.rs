//! Placeholder: the id3v2 reader is being written (issue 2).
