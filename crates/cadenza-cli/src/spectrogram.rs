//! Placeholder until the `spectrogram` subcommand lands (see the open issues).
use std::ffi::OsString;
use std::process::ExitCode;

pub(crate) fn run(_args: Vec<OsString>) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not available in this build yet")
}
