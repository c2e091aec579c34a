//! Checks shared by every fuzz target: probe, then assert the invariants a
//! probe result must keep on any input (offsets inside the input, finite
//! numbers, every text decodable).
#![allow(dead_code)]

use std::cell::RefCell;

use cadenza_meta::{Input, MAX_WINDOWS, Probe, Scratch, Stop};

thread_local! {
    /// Scratch reused across runs (allocating 64 KiB per run under ASan
    /// would dominate the run time).
    static SCRATCH: RefCell<Vec<u8>> = RefCell::new(vec![0u8; 64 * 1024]);
}

/// Asserts what must hold for any input of `len` bytes.
pub fn check(p: &Probe<'_>, len: u64) {
    if let Some(e) = p.error {
        assert!(
            e.offset <= len,
            "error offset {} > input length {len}: {e}",
            e.offset
        );
    }
    for w in p.warnings.iter() {
        assert!(
            w.offset <= len,
            "warning offset {} > input length {len}: {w}",
            w.offset
        );
    }
    for pic in p.pictures.iter() {
        assert!(
            pic.offset <= len,
            "picture offset {} > input length {len}",
            pic.offset
        );
    }
    if let Some(d) = p.stream.duration {
        assert!(d.is_finite() && d >= 0.0, "duration {d}");
    }
    for t in p.tags.iter() {
        std::hint::black_box(t.value.chars().count());
        if let cadenza_meta::TagKey::Other(k) = t.key {
            std::hint::black_box(k.chars().count());
        }
    }
}

/// Probes `data` in memory with a 64 KiB scratch and checks the result.
pub fn probe_and_check(data: &[u8]) {
    SCRATCH.with_borrow_mut(|scratch| {
        let p = cadenza_meta::probe(data, scratch);
        check(&p, data.len() as u64);
    });
}

/// Probes `data` the way `Prober` reads a file (head, MPEG tail, then one
/// window per `Stop::Need`), asserting that every `Need` asks for bytes that
/// exist and are not loaded yet.
pub fn probe_sparse_and_check(data: &[u8], head_len: usize, min_extra: usize) {
    SCRATCH.with_borrow_mut(|scratch| sparse(data, head_len, min_extra, scratch));
}

fn sparse(data: &[u8], head_len: usize, min_extra: usize, scratch: &mut [u8]) {
    let len = data.len() as u64;
    let head = &data[..head_len.min(data.len())];
    let mut windows: Vec<(u64, usize)> = vec![(0, head.len())];
    if data.len() > head.len() && cadenza_meta::sniff(head, len) == cadenza_meta::Format::Mpeg {
        let t = 256.min(data.len() - head.len());
        windows.push((len - t as u64, t));
    }
    loop {
        let mut input = Input::empty(len);
        for &(off, n) in &windows {
            input.add(off, &data[off as usize..off as usize + n]);
        }
        let mut out = Probe::new();
        match cadenza_meta::probe_input(&input, &mut Scratch::new(&mut *scratch), &mut out) {
            Ok(()) | Err(Stop::Fail(_)) => {
                check(&out, len);
                return;
            }
            Err(Stop::Need { offset, len: need }) => {
                assert!(
                    offset.checked_add(need).is_some_and(|e| e <= len),
                    "Need {offset}+{need} past {len}"
                );
                assert!(
                    !windows
                        .iter()
                        .any(|&(o, n)| offset >= o && offset + need <= o + n as u64),
                    "Need {offset}+{need} for bytes already loaded"
                );
                if windows.len() == MAX_WINDOWS {
                    return;
                }
                let n = need.max(min_extra as u64).min(len - offset) as usize;
                windows.push((offset, n));
            }
        }
    }
}
