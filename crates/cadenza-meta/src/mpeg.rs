//! Placeholder: the MPEG audio reader is being written (issue 2).
use crate::{Error, Input, Probe, Scratch, Stop};

pub(crate) fn looks_like_mpeg(head: &[u8]) -> bool {
    head.len() >= 2 && head[0] == 0xFF && head[1] & 0xE0 == 0xE0
}

pub(crate) fn parse<'a>(_: &Input<'a>, _: &mut Scratch<'a>, _: &mut Probe<'a>) -> Result<(), Stop> {
    Err(Stop::Fail(Error::unsupported(0, "MPEG reader not written yet")))
}
