//! Placeholder: the ape reader is being written (issue 2).
