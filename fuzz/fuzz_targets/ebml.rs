//! EBML / Matroska / WebM: a fixed EBML header (DocType chosen by the first
//! byte) followed by the input as the Segment's contents, with a known or an
//! unknown Segment size.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let doc: &[u8] = if sel & 1 != 0 { b"webm" } else { b"matroska" };
    let mut v = Vec::with_capacity(rest.len() + 48);
    // EBML header: DocType only.
    v.extend_from_slice(&[
        0x1A,
        0x45,
        0xDF,
        0xA3,
        0x80 | (doc.len() as u8 + 3),
        0x42,
        0x82,
        0x80 | doc.len() as u8,
    ]);
    v.extend_from_slice(doc);
    // Segment with an 8-byte size: exact or unknown.
    v.extend_from_slice(&[0x18, 0x53, 0x80, 0x67]);
    if sel & 2 != 0 {
        v.extend_from_slice(&[0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);
    } else {
        let n = rest.len() as u64 | (1 << 56);
        v.extend_from_slice(&n.to_be_bytes());
    }
    v.extend_from_slice(rest);
    common::probe_and_check(&v);
    common::probe_sparse_and_check(&v, 64, 32);
});
