//! `cadenza scan`: probe every audio file under some folders, in parallel.
//!
//! The walk runs first (it is cheap: one `getdents` stream per folder and no
//! `stat` per file), then N workers take files by an atomic index, each with
//! its own [`Prober`] and output buffer, so the hot loop shares nothing but
//! one counter and the stdout lock taken once per 64 KiB.

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use cadenza_meta::Prober;

use crate::output::Sink;
use crate::{render, walk};

const HELP: &str = "\
usage: cadenza scan DIR... [--threads N] [--format jsonl|csv] [--all] [--quiet]

Recursively probes the audio files (by extension: mp3 mp2 mp1 mpa wav rf64
bw64 mka mkv webm ...) under each DIR and prints one record per file on
stdout: a JSON object per line (jsonl, the default) or CSV with a header.
  --threads N   worker threads (default: one per core; 1 = single-core mode)
  --all         probe every file, not only audio extensions
  --quiet       no progress bar and no summary
A summary goes to stderr; a progress bar too when stderr is a terminal.
Records from several threads come in completion order; with --threads 1
they follow the sorted walk. Exit status: 0 all files read, 1 some failed,
2 bad usage.";

#[derive(Clone, Copy, PartialEq, Eq)]
enum OutFormat {
    Jsonl,
    Csv,
}

const FLUSH_AT: usize = 64 * 1024;

pub(crate) fn run(args: Vec<OsString>) -> anyhow::Result<ExitCode> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_args(args);
    let mut roots: Vec<PathBuf> = Vec::new();
    let mut threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut format = OutFormat::Jsonl;
    let mut all = false;
    let mut quiet = false;
    while let Some(arg) = parser.next()? {
        match arg {
            Long("threads") | Short('j') => {
                let v: usize = match parser.value()?.parse() {
                    Ok(v) if v >= 1 => v,
                    _ => {
                        return Ok(crate::usage_error(
                            "scan",
                            "--threads needs a number >= 1",
                            HELP,
                        ));
                    }
                };
                threads = v;
            }
            Long("format") => {
                format = match parser.value()?.to_str() {
                    Some("jsonl") | Some("json") => OutFormat::Jsonl,
                    Some("csv") => OutFormat::Csv,
                    _ => return Ok(crate::usage_error("scan", "--format is jsonl or csv", HELP)),
                }
            }
            Long("all") => all = true,
            Long("quiet") | Short('q') => quiet = true,
            Short('h') | Long("help") => {
                println!("{HELP}");
                return Ok(ExitCode::SUCCESS);
            }
            Value(v) => roots.push(v.into()),
            other => return Ok(crate::usage_error("scan", other.unexpected(), HELP)),
        }
    }
    if roots.is_empty() {
        return Ok(crate::usage_error("scan", "no DIR given", HELP));
    }

    let start = Instant::now();
    let sink = Sink::default();
    let mut files = Vec::new();
    let mut walk_errors = 0usize;
    let mut err = Vec::new();
    for root in &roots {
        walk::walk(root, all, &mut files, &mut |p, e| {
            walk_errors += 1;
            let _ = writeln!(err, "{}: error: {e}", p.display());
        });
    }
    sink.write_err(&mut err);

    if format == OutFormat::Csv {
        sink.write(&mut render::CSV_HEADER.as_bytes().to_vec())?;
    }
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let failed = AtomicUsize::new(0);
    let threads = threads.min(files.len().max(1));
    let progress = !quiet && std::io::stderr().is_terminal();
    let result: anyhow::Result<()> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| s.spawn(|| worker(&files, format, &next, &done, &failed, &sink)))
            .collect();
        if progress {
            while !workers.iter().all(|w| w.is_finished()) {
                std::thread::sleep(Duration::from_millis(100));
                let n = done.load(Ordering::Relaxed);
                eprint!("\r{}", bar(n, files.len(), start.elapsed()));
            }
            eprint!("\r\x1b[K");
        }
        for w in workers {
            w.join()
                .map_err(|_| anyhow::anyhow!("a scan worker panicked"))??;
        }
        Ok(())
    });
    result?;
    sink.flush()?;

    let secs = start.elapsed().as_secs_f64();
    let n = done.load(Ordering::Relaxed);
    let errors = failed.load(Ordering::Relaxed) + walk_errors;
    if !quiet && !sink.closed() {
        eprintln!(
            "scanned {n} files ({errors} errors) in {secs:.3} s: {:.0} files/s",
            n as f64 / secs.max(1e-9)
        );
    }
    Ok(if errors > 0 && !sink.closed() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn worker(
    files: &[PathBuf],
    format: OutFormat,
    next: &AtomicUsize,
    done: &AtomicUsize,
    failed: &AtomicUsize,
    sink: &Sink,
) -> anyhow::Result<()> {
    let mut prober = Prober::default();
    let mut out = Vec::with_capacity(FLUSH_AT + 8 * 1024);
    let mut err = Vec::new();
    loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(path) = files.get(i) else { break };
        if sink.closed() {
            break;
        }
        let shown = path.to_string_lossy();
        let res = prober.probe_path(path, |p| {
            match format {
                OutFormat::Jsonl => {
                    render::json_object(&mut out, &shown, p);
                    out.push(b'\n');
                }
                OutFormat::Csv => render::csv_row(&mut out, &shown, p),
            }
            if let Some(e) = &p.error {
                let _ = writeln!(err, "{shown}: error: {}", render::error_message(e));
                return true;
            }
            false
        });
        let bad = match res {
            Ok(bad) => bad,
            Err(e) => {
                let msg = e.to_string();
                let _ = writeln!(err, "{shown}: error: {msg}");
                match format {
                    OutFormat::Jsonl => {
                        render::json_io_error(&mut out, &shown, &msg);
                        out.push(b'\n');
                    }
                    OutFormat::Csv => render::csv_io_error(&mut out, &shown, &msg),
                }
                true
            }
        };
        if bad {
            failed.fetch_add(1, Ordering::Relaxed);
            sink.write_err(&mut err);
        }
        done.fetch_add(1, Ordering::Relaxed);
        if out.len() >= FLUSH_AT {
            sink.write(&mut out)?;
        }
    }
    sink.write(&mut out)?;
    Ok(())
}

fn bar(done: usize, total: usize, elapsed: Duration) -> String {
    let width = 30;
    let filled = (done * width).checked_div(total).unwrap_or(width);
    let rate = done as f64 / elapsed.as_secs_f64().max(1e-9);
    format!(
        "[{}{}] {done}/{total} files, {rate:.0} files/s",
        "#".repeat(filled),
        " ".repeat(width - filled.min(width))
    )
}
