//! Placeholder: the id3v1 reader is being written (issue 2).
