//! Any bytes, probed through the sparse `Stop::Need` path: the last two
//! bytes choose the head length and the minimum extra read (so that seeds
//! keep their magic at offset 0).
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let [body @ .., a, b] = data else {
        return;
    };
    let head = 16 + *a as usize * 8;
    let min_extra = 1 + *b as usize * 4;
    common::probe_sparse_and_check(body, head, min_extra);
});
