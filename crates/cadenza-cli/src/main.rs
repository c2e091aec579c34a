//! The `cadenza` command-line tool: one binary, one subcommand per job.
//!
//! Each subcommand lives in its own module with a `run(args)` entry point that
//! receives the arguments after the subcommand name and returns the process
//! exit code: 0 success, 1 some inputs failed, 2 bad usage.
#![forbid(unsafe_code)]

use std::ffi::OsString;
use std::process::ExitCode;

mod output;
mod probe;
mod record;
mod render;
mod rt_stats;
mod scan;
mod spectrogram;
mod walk;

const USAGE: &str = "\
usage: cadenza <command> [options]

commands:
  probe [--json] FILE...              format, stream properties and tags of audio files
  scan DIR... [--threads N] [--format jsonl|csv]
                                      recursive parallel probe, one record per file
  spectrogram FILE -o OUT.png [--fft 2048] [--hop 512] [--scale log|linear|mel]
  record --seconds S --out FILE.wav [--source jack|tone|speech]
  rt-stats --seconds S [--rate 48000] [--period 128] [--backend jack|cpal] [--compare-cpal]

run 'cadenza <command> --help' for a command's options";

/// Prints a usage error for `cmd` and returns exit status 2.
pub(crate) fn usage_error(cmd: &str, what: impl std::fmt::Display, help: &str) -> ExitCode {
    eprintln!("cadenza {cmd}: {what}\n\n{help}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut args: Vec<OsString> = std::env::args_os().skip(1).collect();
    if args.is_empty() {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    }
    let cmd = args.remove(0);
    let result = match cmd.to_str().unwrap_or("") {
        "probe" => probe::run(args),
        "scan" => scan::run(args),
        "spectrogram" => spectrogram::run(args),
        "record" => record::run(args),
        "rt-stats" => rt_stats::run(args),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        "-V" | "--version" => {
            println!("cadenza {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        other => {
            eprintln!("cadenza: unknown command '{other}'\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("cadenza {}: error: {e:#}", cmd.to_string_lossy());
            ExitCode::from(1)
        }
    }
}
