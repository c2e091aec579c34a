//! Builds a scan benchmark corpus: N files copied round-robin from the audio files
//! under a seed folder (by default the committed fixtures), 100 per sub-folder.
//!
//! `cargo run --release -p cadenza-meta --example make_corpus -- OUT_DIR [N] [SEED_DIR]`

use std::path::{Path, PathBuf};

#[path = "common/walk_files.rs"]
mod walk_files;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args_os().skip(1);
    let out = PathBuf::from(
        args.next()
            .expect("usage: make_corpus OUT_DIR [N] [SEED_DIR]"),
    );
    let n: usize = args
        .next()
        .map(|s| s.to_string_lossy().parse().expect("N is a number"))
        .unwrap_or(20_000);
    let seed_dir = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"));
    let mut seeds: Vec<PathBuf> = walk_files::files(&seed_dir)
        .into_iter()
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e, "mp3" | "mp2" | "mp1" | "wav" | "mka" | "webm"))
        })
        .collect();
    seeds.sort();
    assert!(!seeds.is_empty(), "no seed files in {}", seed_dir.display());
    for i in 0..n {
        let seed = &seeds[i % seeds.len()];
        let dir = out.join(format!("{:04}", i / 100));
        if i % 100 == 0 {
            std::fs::create_dir_all(&dir)?;
        }
        let ext = seed.extension().and_then(|e| e.to_str()).unwrap_or("bin");
        std::fs::copy(seed, dir.join(format!("{i:06}.{ext}")))?;
    }
    eprintln!(
        "wrote {n} files from {} seeds into {}",
        seeds.len(),
        out.display()
    );
    Ok(())
}
