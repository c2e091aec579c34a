//! Placeholder: the riff reader is being written (issue 2).
use crate::{Error, Input, Probe, Scratch, Stop};

pub(crate) fn parse<'a>(_: &Input<'a>, _: &mut Scratch<'a>, _: &mut Probe<'a>) -> Result<(), Stop> {
    Err(Stop::Fail(Error::unsupported(0, "riff reader not written yet")))
}
