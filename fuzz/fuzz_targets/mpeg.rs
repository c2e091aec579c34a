//! MPEG audio with ID3v2 / ID3v1 / APEv2 tags: the first byte picks a
//! prefix (ID3v2 header of version 2, 3 or 4, or an MPEG-1/2/2.5 frame
//! header) and whether an APE footer / ID3v1 tag is appended, so the
//! fuzzer spends its time inside the MPEG and tag readers.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let mut v: Vec<u8> = Vec::with_capacity(rest.len() + 160);
    match sel & 7 {
        0 => v.extend_from_slice(b"ID3\x02\x00\x00"),
        1 => v.extend_from_slice(b"ID3\x03\x00\x00"),
        2 => v.extend_from_slice(b"ID3\x04\x00\x00"),
        3 => v.extend_from_slice(b"\xff\xfb"),
        4 => v.extend_from_slice(b"\xff\xf3"),
        5 => v.extend_from_slice(b"\xff\xe3"),
        6 => v.extend_from_slice(b"\xff\xfd"),
        _ => {}
    }
    v.extend_from_slice(rest);
    if sel & 0x10 != 0 && rest.len() >= 24 {
        // An APE footer whose fields come from the input's first bytes.
        v.extend_from_slice(b"APETAGEX");
        v.extend_from_slice(&rest[..24]);
    }
    if sel & 0x20 != 0 {
        let mut tag = [0u8; 128];
        tag[..3].copy_from_slice(b"TAG");
        let n = rest.len().min(125);
        tag[3..3 + n].copy_from_slice(&rest[..n]);
        v.extend_from_slice(&tag);
    }
    common::probe_and_check(&v);
    common::probe_sparse_and_check(&v, 64, 32);
});
