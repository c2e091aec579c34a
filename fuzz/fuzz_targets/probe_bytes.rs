//! Any bytes, probed whole in memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    common::probe_and_check(data);
});
