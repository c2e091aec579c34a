//! In-memory parse speed: cadenza-meta against lofty on the same bytes.
//!
//! For every fixture in `tests/fixtures` that both libraries read, one
//! criterion group per format runs `cadenza_meta::probe` (stream properties
//! and every tag, views only) and lofty's `Probe::guess_file_type().read()`
//! (properties and tags) on the same in-memory bytes. Ratios of the medians
//! go into BENCHMARKS.md.
//!
//! Run: `cargo bench -p cadenza-meta --bench parse`

use std::hint::black_box;
use std::io::Cursor;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use lofty::file::{AudioFile, TaggedFileExt};
use lofty::tag::TagExt;

#[path = "../examples/common/walk_files.rs"]
mod walk_files;

fn fixtures() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut v: Vec<(String, Vec<u8>)> = walk_files::files(&dir)
        .into_iter()
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e, "mp3" | "mp2" | "mp1" | "wav" | "mka" | "webm"))
                && !p.components().any(|c| c.as_os_str() == "src")
        })
        .filter_map(|p| {
            let name = p.strip_prefix(&dir).ok()?.to_string_lossy().into_owned();
            Some((name, std::fs::read(&p).ok()?))
        })
        .collect();
    v.sort();
    v
}

fn lofty_read(data: &[u8]) -> Option<(u128, usize)> {
    let tagged = lofty::probe::Probe::new(Cursor::new(data))
        .guess_file_type()
        .ok()?
        .read()
        .ok()?;
    let props = tagged.properties();
    let tags: usize = tagged.tags().iter().map(|t| t.len()).sum();
    Some((props.duration().as_nanos(), tags))
}

fn cadenza_read(data: &[u8], scratch: &mut [u8]) -> (Option<f64>, usize) {
    let p = cadenza_meta::probe(data, scratch);
    (p.stream.duration, p.tags.len())
}

fn bench(c: &mut Criterion) {
    let mut scratch = vec![0u8; cadenza_meta::DEFAULT_SCRATCH];
    let only = std::env::var("CADENZA_BENCH_FIXTURES").ok();
    for (name, data) in fixtures() {
        if only
            .as_deref()
            .is_some_and(|o| !o.split(',').any(|f| name.contains(f)))
        {
            continue;
        }
        let ours_ok = cadenza_meta::probe(&data, &mut scratch).error.is_none();
        let theirs_ok = lofty_read(&data).is_some();
        if !ours_ok || !theirs_ok {
            eprintln!("skip {name}: cadenza ok={ours_ok} lofty ok={theirs_ok}");
            continue;
        }
        let mut g = c.benchmark_group(format!("parse/{name}"));
        g.bench_function("cadenza", |b| {
            b.iter(|| cadenza_read(black_box(&data), &mut scratch))
        });
        g.bench_function("lofty", |b| b.iter(|| lofty_read(black_box(&data))));
        g.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(std::time::Duration::from_millis(300))
        .measurement_time(std::time::Duration::from_secs(1))
        .sample_size(30);
    targets = bench
}
criterion_main!(benches);
