//! Chooses `ProberConfig::head_len` by measurement: probes every file under
//! a folder (single thread, warm page cache) with each candidate head size
//! and prints files/s and the extra reads the parsers asked for. Besides wall
//! time it reports files per CPU-second (user + system time of this process
//! from /proc/self/stat), which a busy shared machine disturbs much less.
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
    println!("head_len  tail_len  files/s (median of 5)  files/cpu-s  reads/file  errors");
    for head in [1024usize, 2048, 4096, 8192, 16384, 32768, 65536] {
        let cfg = ProberConfig {
            head_len: head,
            ..ProberConfig::default()
        };
        let mut prober = Prober::new(cfg);
        let mut rates = Vec::new();
        let cpu0 = cpu_seconds();
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
        let cpu = cpu_seconds() - cpu0;
        rates.sort_by(f64::total_cmp);
        println!(
            "{head:>8}  {:>8}  {:>21.0}  {:>11.0}  {:>10.2}  {errors:>6}",
            cfg.tail_len,
            rates[rates.len() / 2],
            6.0 * files.len() as f64 / cpu.max(1e-9),
            reads as f64 / files.len() as f64
        );
    }
}

/// User + system CPU seconds of this process (Linux; 0 elsewhere).
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which is in parentheses): utime is the
    // 12th and stime the 13th of them, in clock ticks (100 per second).
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let tick = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (tick(11) + tick(12)) / 100.0
}
