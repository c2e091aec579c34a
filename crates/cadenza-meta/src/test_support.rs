//! Test-only driver shared by the format readers' unit tests: runs a reader
//! the way the file driver does (a head window, then exactly the ranges the
//! reader asks for), so each reader's tests can check its read plan.

use crate::input::{Input, Stop};
use crate::probe::Probe;
use crate::scratch::Scratch;

/// A format reader's entry point.
pub(crate) type Reader =
    for<'a> fn(&Input<'a>, &mut Scratch<'a>, &mut Probe<'a>) -> Result<(), Stop>;

/// Runs `parse` over `data` starting from a `head`-byte window, loading what
/// it asks for (at least `min_extra` bytes) until it finishes; returns the
/// result and every `(offset, len)` it asked for. Panics if it asks again for
/// bytes already loaded (no progress); gives up after 5 asks.
pub(crate) fn run_sparse(
    parse: Reader,
    data: &[u8],
    head: usize,
    min_extra: usize,
) -> (Probe<'_>, Vec<(u64, u64)>) {
    let mut loaded: Vec<(u64, usize)> = vec![(0, head.min(data.len()))];
    let mut asks = Vec::new();
    loop {
        let mut input = Input::empty(data.len() as u64);
        for &(off, len) in &loaded {
            assert!(input.add(off, &data[off as usize..off as usize + len]));
        }
        let mut out = Probe::new();
        match parse(&input, &mut Scratch::none(), &mut out) {
            Ok(()) => return (out, asks),
            Err(Stop::Fail(e)) => {
                out.error = Some(e);
                return (out, asks);
            }
            Err(Stop::Need { offset, len }) => {
                // Every ask must be for bytes not yet loaded, so reads make progress.
                assert!(
                    !loaded
                        .iter()
                        .any(|&(o, l)| offset >= o && offset + len <= o + l as u64),
                    "asked again for loaded bytes {offset}+{len}"
                );
                asks.push((offset, len));
                if asks.len() > 4 {
                    return (out, asks);
                }
                let want = (len as usize)
                    .max(min_extra)
                    .min(data.len() - offset as usize);
                loaded.push((offset, want));
            }
        }
    }
}

/// Xorshift64 generator for reproducible bit-flip tests (non-zero seed).
pub(crate) fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    }
}
