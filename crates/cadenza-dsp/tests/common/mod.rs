//! Helpers shared by integration tests.
pub(crate) mod vad_eval;
