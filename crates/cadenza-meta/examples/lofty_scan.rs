//! The lofty peer for the scan benchmark: one thread, every file under a
//! folder read with `lofty::read_from_path` (properties and tags), one line
//! per file on stdout with the same fields `cadenza scan` prints.
//!
//! `cargo run --release -p cadenza-meta --example lofty_scan -- DIR > /dev/null`

use std::io::Write;

use lofty::file::{AudioFile, TaggedFileExt};
use lofty::tag::{Accessor, TagExt};

#[path = "common/walk_files.rs"]
mod walk_files;

fn main() -> std::io::Result<()> {
    let root = std::env::args_os().nth(1).expect("usage: lofty_scan DIR");
    let start = std::time::Instant::now();
    let files = walk_files::files(root.as_ref());
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, stdout.lock());
    let mut errors = 0;
    for f in &files {
        match lofty::read_from_path(f) {
            Ok(t) => {
                let p = t.properties();
                let tag = t.primary_tag();
                writeln!(
                    out,
                    "{{\"path\":{:?},\"duration\":{},\"sample_rate\":{:?},\"channels\":{:?},\"bits\":{:?},\"bitrate\":{:?},\"title\":{:?},\"artist\":{:?},\"album\":{:?},\"tags\":{}}}",
                    f.display().to_string(),
                    p.duration().as_secs_f64(),
                    p.sample_rate(),
                    p.channels(),
                    p.bit_depth(),
                    p.audio_bitrate(),
                    tag.and_then(|t| t.title()).map(|s| s.into_owned()),
                    tag.and_then(|t| t.artist()).map(|s| s.into_owned()),
                    tag.and_then(|t| t.album()).map(|s| s.into_owned()),
                    t.tags().iter().map(|t| t.len()).sum::<usize>(),
                )?;
            }
            Err(e) => {
                errors += 1;
                writeln!(
                    out,
                    "{{\"path\":{:?},\"error\":{:?}}}",
                    f.display().to_string(),
                    e.to_string()
                )?;
            }
        }
    }
    out.flush()?;
    let s = start.elapsed().as_secs_f64();
    eprintln!(
        "lofty: {} files ({errors} errors) in {s:.3} s: {:.0} files/s",
        files.len(),
        files.len() as f64 / s
    );
    Ok(())
}
