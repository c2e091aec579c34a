//! `cadenza probe`: what each named file is and what its tags say.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use cadenza_meta::Prober;

use crate::output::Sink;
use crate::render;

const HELP: &str = "\
usage: cadenza probe [--json] FILE...

Prints format, codec, duration, sample rate, channels, bit depth, bitrate,
tags, pictures and warnings of each file. With --json, prints a JSON array
with one object per file. Exit status: 0 all files read, 1 some failed,
2 bad usage.";

pub(crate) fn run(args: Vec<OsString>) -> anyhow::Result<ExitCode> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_args(args);
    let mut json = false;
    let mut files: Vec<PathBuf> = Vec::new();
    while let Some(arg) = parser.next()? {
        match arg {
            Long("json") => json = true,
            Short('h') | Long("help") => {
                println!("{HELP}");
                return Ok(ExitCode::SUCCESS);
            }
            Value(v) => files.push(v.into()),
            other => return Ok(crate::usage_error("probe", other.unexpected(), HELP)),
        }
    }
    if files.is_empty() {
        return Ok(crate::usage_error("probe", "no FILE given", HELP));
    }

    let sink = Sink::default();
    let mut prober = Prober::default();
    let mut out = Vec::with_capacity(64 * 1024);
    let mut err = Vec::new();
    let mut failed = 0usize;
    if json {
        out.extend_from_slice(b"[\n");
    }
    for (i, path) in files.iter().enumerate() {
        let shown = path.to_string_lossy();
        if json && i > 0 {
            out.extend_from_slice(b",\n");
        }
        let res = prober.probe_path(path, |p| {
            if let Some(e) = &p.error {
                let _ = writeln!(err, "{shown}: error: {}", render::error_message(e));
            }
            if json {
                render::json_object(&mut out, &shown, p);
            } else {
                render::table(&mut out, &shown, p);
            }
            p.error.is_some()
        });
        match res {
            Ok(bad) => failed += bad as usize,
            Err(e) => {
                failed += 1;
                let _ = writeln!(err, "{shown}: error: {e}");
                if json {
                    render::json_io_error(&mut out, &shown, &e.to_string());
                } else {
                    let _ = writeln!(out, "{shown}\n  error        {e}");
                }
            }
        }
        sink.write(&mut out)?;
        sink.write_err(&mut err);
        if sink.closed() {
            break;
        }
    }
    if json {
        out.extend_from_slice(b"\n]\n");
    }
    sink.write(&mut out)?;
    sink.flush()?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
