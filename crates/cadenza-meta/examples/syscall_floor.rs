//! The floor for the scan benchmark: per file only open + one 16 KiB read +
//! close, after the same sorted walk; no parsing, no output. No metadata
//! scanner that opens every file can beat this.
//!
//! `cargo run --release -p cadenza-meta --example syscall_floor -- DIR`

use std::io::Read;

#[path = "common/walk_files.rs"]
mod walk_files;

fn main() -> std::io::Result<()> {
    let root = std::env::args_os()
        .nth(1)
        .expect("usage: syscall_floor DIR");
    let start = std::time::Instant::now();
    let files = walk_files::files(root.as_ref());
    let mut buf = vec![0u8; 16 * 1024];
    let mut bytes = 0usize;
    for f in &files {
        let mut file = std::fs::File::open(f)?;
        bytes += file.read(&mut buf)?;
    }
    let s = start.elapsed().as_secs_f64();
    eprintln!(
        "floor: {} files ({bytes} bytes) in {s:.3} s: {:.0} files/s",
        files.len(),
        files.len() as f64 / s
    );
    Ok(())
}
