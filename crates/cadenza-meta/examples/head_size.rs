//! Chooses `ProberConfig::head_len` by measurement: probes every file under
//! a folder (single thread, warm page cache) with each candidate head size
//! and prints files/s and the extra reads the parsers asked for.
//!
//! `cargo run --release -p cadenza-meta --example head_size -- DIR`

use std::time::Instant;

use cadenza_meta::{Prober, ProberConfig};

#[path = "common/walk_files.rs"]
mod walk_files;

fn main() {
    let root = std::env::args_os().nth(1).expect("usage: head_size DIR");
    let files = walk_files::files(root.as_ref());
    println!("{} files", files.len());
    println!("head_len  tail_len  files/s (median of 5)  reads/file  errors");
    for head in [1024usize, 2048, 4096, 8192, 16384, 32768, 65536] {
        let cfg = ProberConfig {
            head_len: head,
            ..ProberConfig::default()
        };
        let mut prober = Prober::new(cfg);
        let mut rates = Vec::new();
        let mut reads = 0usize;
        let mut errors = 0usize;
        for round in 0..6 {
            let t = Instant::now();
            for f in &files {
                let bad = prober.probe_path(f, |p| p.error.is_some()).unwrap_or(true);
                if round == 0 {
                    reads += prober.last_reads();
                    errors += bad as usize;
                }
            }
            if round > 0 {
                rates.push(files.len() as f64 / t.elapsed().as_secs_f64());
            }
        }
        rates.sort_by(f64::total_cmp);
        println!(
            "{head:>8}  {:>8}  {:>21.0}  {:>10.2}  {errors:>6}",
            cfg.tail_len,
            rates[rates.len() / 2],
            reads as f64 / files.len() as f64
        );
    }
}
