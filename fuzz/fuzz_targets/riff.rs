//! RIFF/RIFX/RF64/BW64 WAVE: the first byte picks the magic, the rest
//! follows a `WAVE` form type.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let magic: &[u8; 4] = match sel & 3 {
        0 => b"RIFF",
        1 => b"RIFX",
        2 => b"RF64",
        _ => b"BW64",
    };
    let mut v = Vec::with_capacity(rest.len() + 12);
    v.extend_from_slice(magic);
    let size = if sel & 4 != 0 {
        u32::MAX
    } else {
        rest.len() as u32 + 4
    };
    if sel & 3 == 1 {
        v.extend_from_slice(&size.to_be_bytes());
    } else {
        v.extend_from_slice(&size.to_le_bytes());
    }
    v.extend_from_slice(b"WAVE");
    v.extend_from_slice(rest);
    common::probe_and_check(&v);
    common::probe_sparse_and_check(&v, 64, 32);
});
