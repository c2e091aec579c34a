//! Parsing allocates nothing: proven with a counting global allocator.
//!
//! The allocator (`common::counting`) counts allocations made on the current
//! thread while a flag is set. Every fixture is probed in memory (and every tag value decoded
//! through `Text::chars`), then through a `Prober` that already read every
//! fixture once (so its reusable buffers have grown): both must make zero
//! heap allocations.

mod common;

use cadenza_meta::{DEFAULT_SCRATCH, Probe, Prober, ProberConfig};
use common::counting::allocations_during;
use common::expected;

/// Touches everything a caller would read, decoding every text lazily.
fn consume(p: &Probe<'_>) -> usize {
    let mut n = p.tags.len() + p.pictures.len() + p.warnings.len();
    for t in p.tags.iter() {
        n += t.value.chars().count();
        if let cadenza_meta::TagKey::Other(k) = t.key {
            n += k.chars().count();
        }
    }
    for pic in p.pictures.iter() {
        n += pic.mime.chars().count() + pic.description.chars().count();
    }
    n += p.stream.codec.name().len() + p.format_name().len();
    n
}

#[test]
fn counting_allocator_sees_allocations() {
    let (v, n) = allocations_during(|| vec![1u8; 10]);
    assert_eq!(v.len(), 10);
    assert_eq!(n, 1, "the counting allocator must notice a Vec");
}

#[test]
fn in_memory_probe_allocates_nothing() {
    let mut scratch = vec![0u8; DEFAULT_SCRATCH];
    let mut offenders = Vec::new();
    let all = expected();
    for e in &all {
        let data = e.read();
        let (_, n) = allocations_during(|| consume(&cadenza_meta::probe(&data, &mut scratch)));
        if n != 0 {
            offenders.push(format!("{}: {n} allocation(s)", e.path));
        }
    }
    assert!(all.len() >= 70);
    assert!(
        offenders.is_empty(),
        "allocations while parsing:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn warmed_up_prober_allocates_nothing() {
    for cfg in [
        ProberConfig::default(),
        ProberConfig {
            head_len: 512,
            tail_len: 256,
            min_extra: 512,
            ..ProberConfig::default()
        },
    ] {
        let mut prober = Prober::new(cfg);
        let paths: Vec<_> = expected()
            .iter()
            .map(|e| (e.path.clone(), e.full_path()))
            .collect();
        // Warm-up: buffers grow to fit the largest extra read.
        for (_, p) in &paths {
            prober.probe_path(p, consume).unwrap();
        }
        let mut offenders = Vec::new();
        for (name, p) in &paths {
            let (r, n) = allocations_during(|| prober.probe_path(p, consume));
            r.unwrap();
            if n != 0 {
                offenders.push(format!("{name}: {n} allocation(s)"));
            }
        }
        assert!(
            offenders.is_empty(),
            "allocations in a warmed-up Prober (head {}):\n{}",
            cfg.head_len,
            offenders.join("\n")
        );
    }
}
