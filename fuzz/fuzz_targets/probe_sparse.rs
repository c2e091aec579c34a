//! Any bytes, probed through the sparse `Stop::Need` path: the first two
//! bytes choose the head length and the minimum extra read.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let head = 16 + data[0] as usize * 8;
    let min_extra = 1 + data[1] as usize * 4;
    common::probe_sparse_and_check(&data[2..], head, min_extra);
});
