//! Whole-file MPEG fixtures built by hand: streams of every version/layer,
//! VBR headers, tags before and after the audio, sparse inputs, and
//! truncation / bit-flip loops that must never panic.

use super::*;
use crate::ErrorKind;
use crate::ape::tests::ape;
use crate::id3v1::tests::id3v1;
use crate::id3v2::tests::build::{frame, synchsafe, tag, text};
use crate::probe::{TagKey, TagSource};

const L3_128: [u8; 4] = [0xFF, 0xFB, 0x90, 0x44];
const L3_160: [u8; 4] = [0xFF, 0xFB, 0xA0, 0x44];

/// `n` frames with header `h`, payload bytes that contain no sync.
fn frames(h: [u8; 4], n: usize) -> Vec<u8> {
    let len = header::FrameHeader::parse(&h).unwrap().len().unwrap() as usize;
    let mut v = Vec::new();
    for i in 0..n {
        v.extend(h);
        v.extend((4..len).map(|k| ((k + i) % 200) as u8 + 1));
    }
    v
}

/// A first frame carrying a Xing/Info header with a LAME tag.
fn xing_frame(h: [u8; 4], magic: &[u8; 4], count: u32, delay: u32, pad: u32) -> Vec<u8> {
    let fh = header::FrameHeader::parse(&h).unwrap();
    let mut f = vec![0u8; fh.len().unwrap() as usize];
    f[..4].copy_from_slice(&h);
    let o = fh.xing_offset();
    f[o..o + 4].copy_from_slice(magic);
    f[o + 4..o + 8].copy_from_slice(&1u32.to_be_bytes());
    f[o + 8..o + 12].copy_from_slice(&count.to_be_bytes());
    let l = o + 12;
    f[l..l + 9].copy_from_slice(b"LAME3.100");
    let dp = (delay << 12) | pad;
    f[l + 21..l + 24].copy_from_slice(&dp.to_be_bytes()[1..]);
    f
}

fn run(data: &[u8]) -> Probe<'static> {
    let data: &'static [u8] = Box::leak(data.to_vec().into_boxed_slice());
    let scratch: &'static mut [u8] = Box::leak(vec![0u8; 1 << 16].into_boxed_slice());
    crate::probe(data, scratch)
}

fn values(p: &Probe<'_>, key: TagKey<'_>) -> Vec<String> {
    p.tags
        .iter()
        .filter(|t| t.key == key)
        .map(|t| t.value.to_string())
        .collect()
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn cbr_duration_from_size_excludes_tags() {
    let id3 = tag(3, 0, &frame(3, b"TIT2", &text(0, "v2 title"), 0), 64);
    let mut f = id3.clone();
    f.extend(frames(L3_128, 10));
    f.extend(id3v1("v1 title", "v1 artist", "1999", "", 1, 0));
    let p = run(&f);
    assert_eq!(p.error, None);
    assert_eq!(p.format, Format::Mpeg);
    assert_eq!(p.format_name(), "mp3");
    let s = p.stream;
    assert_eq!(
        (s.codec, s.sample_rate, s.channels, s.bitrate),
        (Codec::Mp3, Some(44100), Some(2), Some(128_000))
    );
    assert_eq!(
        (s.audio_offset, s.audio_len),
        (Some(id3.len() as u64), Some(4170))
    );
    assert!(close(s.duration, 4170.0 * 8.0 / 128_000.0));
    assert_eq!(values(&p, TagKey::Title), ["v2 title", "v1 title"]);
    assert_eq!(p.tag(TagKey::Artist).unwrap().to_string(), "v1 artist");
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

#[test]
fn xing_lame_gives_exact_duration_delay_and_padding() {
    let mut f = xing_frame(L3_128, b"Xing", 20, 576, 1000);
    for i in 0..20 {
        f.extend(frames(if i % 2 == 0 { L3_128 } else { L3_160 }, 1));
    }
    let p = run(&f);
    let s = p.stream;
    let dur = 20.0 * 1152.0 / 44100.0;
    assert!(close(s.duration, dur), "{:?}", s.duration);
    assert_eq!(s.frames, Some(20 * 1152 - 576 - 1000));
    assert_eq!(
        (s.encoder_delay, s.encoder_padding),
        (Some(576), Some(1000))
    );
    assert_eq!(s.bitrate, Some((f.len() as f64 * 8.0 / dur).round() as u32));
    // "Info" (LAME's CBR marker) keeps the frame bitrate.
    let mut f = xing_frame(L3_128, b"Info", 5, 576, 100);
    f.extend(frames(L3_128, 5));
    let p = run(&f);
    assert_eq!(p.stream.bitrate, Some(128_000));
    assert!(close(p.stream.duration, 5.0 * 1152.0 / 44100.0));
}

#[test]
fn vbri_header() {
    let mut f = frames(L3_128, 1);
    f[36..40].copy_from_slice(b"VBRI");
    f[50..54].copy_from_slice(&7u32.to_be_bytes());
    f.extend(frames(L3_128, 7));
    let p = run(&f);
    assert!(close(p.stream.duration, 7.0 * 1152.0 / 44100.0));
}

#[test]
fn every_version_and_layer() {
    let cases: [([u8; 4], Codec<'static>, u32, u16, &str); 5] = [
        ([0xFF, 0xFD, 0x90, 0x00], Codec::Mp2, 44100, 2, "mp2"), // MPEG-1 L2 160k
        ([0xFF, 0xFF, 0x90, 0x00], Codec::Mp1, 44100, 2, "mp1"), // MPEG-1 L1 288k
        ([0xFF, 0xF3, 0x80, 0xC0], Codec::Mp3, 22050, 1, "mp3"), // MPEG-2 L3 64k mono
        ([0xFF, 0xE3, 0x48, 0xC0], Codec::Mp3, 8000, 1, "mp3"),  // MPEG-2.5 L3 32k mono
        ([0xFF, 0xF5, 0x84, 0x00], Codec::Mp2, 24000, 2, "mp2"), // MPEG-2 L2 64k
    ];
    for (h, codec, rate, ch, name) in cases {
        let f = frames(h, 6);
        let p = run(&f);
        assert_eq!(p.error, None, "{h:x?}");
        let s = p.stream;
        assert_eq!(
            (s.codec, s.sample_rate, s.channels),
            (codec, Some(rate), Some(ch)),
            "{h:x?}"
        );
        assert_eq!(p.format_name(), name);
        let br = header::FrameHeader::parse(&h).unwrap().bitrate;
        assert!(close(s.duration, f.len() as f64 * 8.0 / br as f64));
    }
}

#[test]
fn free_format_stream() {
    let h = [0xFF, 0xFB, 0x00, 0x44];
    let mut f = Vec::new();
    for _ in 0..5 {
        f.extend(h);
        f.extend([0x11u8; 1196]);
    }
    let p = run(&f);
    assert_eq!(p.error, None);
    let br = 1200 * 44100 / 144;
    assert_eq!(p.stream.bitrate, Some(br));
    assert!(close(p.stream.duration, 6000.0 * 8.0 / br as f64));
}

#[test]
fn junk_between_tag_and_audio_is_skipped() {
    let id3 = tag(4, 0, &frame(4, b"TIT2", &text(3, "t"), 0), 0);
    let mut f = id3.clone();
    f.extend([0u8; 300]);
    f.extend(L3_128); // a lone frame header, no follower
    f.extend([0xFFu8, 0xFB, 0x12, 0x00, 0xFF]);
    let audio = f.len() as u64;
    f.extend(frames(L3_128, 4));
    let p = run(&f);
    assert_eq!(p.stream.audio_offset, Some(audio));
    assert_eq!(values(&p, TagKey::Title), ["t"]);
}

#[test]
fn several_leading_tags() {
    let mut f = tag(3, 0, &frame(3, b"TIT2", &text(0, "one"), 0), 10);
    f.extend(tag(4, 0, &frame(4, b"TPE1", &text(0, "two"), 0), 0));
    let audio = f.len() as u64;
    f.extend(frames(L3_128, 3));
    let p = run(&f);
    assert_eq!(values(&p, TagKey::Title), ["one"]);
    assert_eq!(values(&p, TagKey::Artist), ["two"]);
    assert_eq!(p.stream.audio_offset, Some(audio));
}

/// audio, appended ID3v2.4 (3DI footer), APE, Lyrics3v2, TAG+, ID3v1.
fn tail_heavy() -> (Vec<u8>, u64) {
    let mut f = frames(L3_128, 4);
    let audio_end = f.len() as u64;
    let body = frame(4, b"TIT2", &text(3, "appended"), 0);
    let mut t = tag(4, 0x10, &body, 0);
    t.extend(b"3DI\x04\x00\x10");
    t.extend(synchsafe(body.len() as u32));
    f.extend(t);
    f.extend(ape(
        2000,
        true,
        &[("Artist", 0, b"ape artist"), ("Year", 0, b"2002")],
    ));
    let lyr = b"LYRICSBEGININD0000210";
    f.extend(lyr);
    f.extend(format!("{:06}LYRICS200", lyr.len()).as_bytes());
    let mut ext = b"TAG+".to_vec();
    ext.resize(227, 0);
    f.extend(ext);
    f.extend(id3v1("v1", "", "", "", 0, 255));
    (f, audio_end)
}

#[test]
fn tail_blocks_in_any_order_are_all_found() {
    let (f, audio_end) = tail_heavy();
    let p = run(&f);
    assert_eq!(p.error, None);
    assert_eq!(p.stream.audio_len, Some(audio_end));
    let sources: Vec<_> = p.tags.iter().map(|t| t.source).collect();
    assert_eq!(
        sources,
        [
            TagSource::Id3v2(4),
            TagSource::Ape,
            TagSource::Ape,
            TagSource::Id3v1,
            TagSource::Id3v1
        ]
    );
    assert_eq!(values(&p, TagKey::Title), ["appended", "v1"]);
    assert_eq!(values(&p, TagKey::Artist), ["ape artist"]);
    assert_eq!(values(&p, TagKey::Date), ["2002"]);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

#[test]
fn sniffing_needs_consistent_frames() {
    assert!(looks_like_mpeg(&frames(L3_128, 3)));
    let mut padded = vec![0u8; 100];
    padded.extend(frames(L3_128, 2));
    assert!(looks_like_mpeg(&padded));
    let mut lone = frames(L3_128, 1);
    lone.extend([0x42u8; 1000]);
    assert!(!looks_like_mpeg(&lone));
    assert!(!looks_like_mpeg(&[0xFF, 0xFB]));
    assert!(!looks_like_mpeg(&[0xFF; 4096]));
    assert!(!looks_like_mpeg(b"fLaC\0\0\0\x22"));
    let mut x = 0x1234_5678u32;
    let noise: Vec<u8> = (0..8192)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect();
    assert!(!looks_like_mpeg(&noise));
}

#[test]
fn no_audio_is_an_error_that_keeps_the_tags() {
    let f = tag(3, 0, &frame(3, b"TIT2", &text(0, "t"), 0), 2000);
    let p = run(&f);
    assert_eq!(p.error.map(|e| e.kind), Some(ErrorKind::Malformed));
    assert_eq!(values(&p, TagKey::Title), ["t"]);
}

/// Runs the file through the same loop the file driver uses (head and tail
/// windows, then one window per `Stop::Need`); returns the extra reads.
fn driver(
    full: &[u8],
    head: usize,
    tail: usize,
    min_extra: u64,
) -> (Vec<(u64, u64)>, Probe<'static>) {
    let full: &'static [u8] = Box::leak(full.to_vec().into_boxed_slice());
    let n = full.len() as u64;
    let mut reads: Vec<(u64, u64)> = Vec::new();
    loop {
        let mut input = Input::empty(n);
        input.add(0, &full[..head.min(full.len())]);
        let t = (n as usize).saturating_sub(tail);
        input.add(t as u64, &full[t..]);
        for &(o, l) in &reads {
            input.add(o, &full[o as usize..(o + l) as usize]);
        }
        let mut out = Probe::new();
        let scratch: &'static mut [u8] = Box::leak(vec![0u8; 1 << 16].into_boxed_slice());
        match parse(&input, &mut Scratch::new(scratch), &mut out) {
            Ok(()) => return (reads, out),
            Err(Stop::Need { offset, len }) => {
                reads.push((offset, len.max(min_extra).min(n - offset)))
            }
            Err(Stop::Fail(e)) => {
                out.error = Some(e);
                return (reads, out);
            }
        }
        assert!(reads.len() <= 4, "{reads:?}");
    }
}

#[test]
fn common_files_need_only_head_and_tail() {
    let mut f = tag(3, 0, &frame(3, b"TIT2", &text(0, "t"), 0), 2048);
    f.extend(xing_frame(L3_128, b"Xing", 300, 576, 100));
    f.extend(frames(L3_128, 300));
    f.extend(ape(2000, false, &[("Artist", 0, b"a")]));
    f.extend(id3v1("v1", "", "", "", 0, 255));
    let (reads, p) = driver(&f, 16 * 1024, 2 * 1024, 16 * 1024);
    assert!(reads.is_empty(), "{reads:?}");
    assert_eq!(p.error, None);
    assert_eq!(values(&p, TagKey::Artist), ["a"]);
    let whole = run(&f);
    assert_eq!(whole.stream, p.stream);
}

#[test]
fn cover_art_larger_than_the_head_costs_one_read() {
    let pic = vec![0x42u8; 500_000];
    let mut body = frame(3, b"TIT2", &text(0, "t"), 0);
    body.extend(frame(
        3,
        b"APIC",
        &crate::id3v2::tests::build::apic(0, "image/png", 3, "", &pic),
        0,
    ));
    body.extend(frame(3, b"TPE1", &text(0, "a"), 0));
    let mut f = tag(3, 0, &body, 1024);
    f.extend(frames(L3_128, 200));
    let (reads, p) = driver(&f, 16 * 1024, 2 * 1024, 16 * 1024);
    assert_eq!(reads.len(), 1, "{reads:?}");
    assert_eq!(p.error, None);
    assert_eq!(values(&p, TagKey::Artist), ["a"]);
    assert_eq!(p.pictures.iter().next().unwrap().size, 500_000);
    assert_eq!(p.stream, run(&f).stream);
}

/// Fixtures covering every tag variant, for the robustness loops.
fn fixtures() -> Vec<Vec<u8>> {
    use crate::id3v2::tests::build::{apic, unsync};
    let mut out = Vec::new();
    let mut body = frame(3, b"TIT2", &text(1, "title"), 0);
    body.extend(frame(3, b"TCON", &text(0, "(17)(RX)Rock"), 0));
    body.extend(frame(3, b"TYER", &text(0, "2004"), 0));
    body.extend(frame(3, b"TDAT", &text(0, "0102"), 0));
    body.extend(frame(
        3,
        b"APIC",
        &apic(1, "image/jpeg", 3, "c", &[0xFF, 0xD8, 0xFF, 0xE0]),
        0,
    ));
    let mut txxx = vec![0];
    txxx.extend(b"k\0v1\0v2");
    body.extend(frame(3, b"TXXX", &txxx, 0));
    body.extend(frame(3, b"COMM", b"\x00engd\0c", 0));
    let mut f = tag(3, 0, &body, 20);
    f.extend(tag(3, 0x80, &unsync(&body), 0));
    f.extend(xing_frame(L3_128, b"Xing", 4, 576, 10));
    f.extend(frames(L3_128, 4));
    f.extend(ape(
        2000,
        true,
        &[
            ("Title", 0, b"x"),
            ("Cover Art (Back)", 2, b"a.png\0\x89PNG"),
        ],
    ));
    f.extend(id3v1("t", "a", "1", "c", 3, 1));
    out.push(f);
    let mut body = vec![0, 0, 0, 6, 1, 0];
    body.extend(frame(4, b"TPE1", &text(3, "a\0b"), 0));
    let mut p = synchsafe(3).to_vec();
    p.extend(unsync(&text(0, "\u{ff}\u{ff}")));
    body.extend(frame(4, b"TALB", &p, 0x03));
    body.extend(b"TIT2\0\0\0\xC9\0\0\0");
    body.extend([b'x'; 200]);
    body.extend(frame(4, b"TCOM", &text(0, "c"), 0));
    let mut f = tag(4, 0x50, &body, 0);
    f.extend(b"3DI\x04\x00\x50");
    f.extend(synchsafe(body.len() as u32));
    f.extend(frames([0xFF, 0xF3, 0x80, 0xC0], 6));
    let (t, _) = tail_heavy();
    f.extend(&t[t.len() - 700..]);
    out.push(f);
    let mut body = frame(2, b"TT2", &text(0, "t"), 0);
    body.extend(frame(2, b"PIC", b"\x00PNG\x03d\0\x89PNG", 0));
    body.extend(frame(2, b"COM", b"\x01eng\xff\xfe\0\0\xff\xfex\0", 0));
    let mut f = tag(2, 0, &body, 0);
    f.extend(frames([0xFF, 0xFD, 0x94, 0x00], 3));
    out.push(f);
    out
}

#[test]
fn fixtures_parse_cleanly() {
    for (i, f) in fixtures().iter().enumerate() {
        let p = run(f);
        assert_eq!(p.error, None, "fixture {i}");
        assert!(p.warnings.is_empty(), "fixture {i}: {:?}", p.warnings);
        assert!(p.tags.len() >= 2, "fixture {i}: {:?}", p.tags);
    }
}

#[test]
fn truncation_at_every_offset_never_panics() {
    for f in fixtures() {
        for cut in 0..=f.len() {
            let p = run(&f[..cut]);
            if let Some(a) = p.stream.audio_offset {
                assert!(a <= cut as u64);
            }
        }
    }
}

#[test]
fn bit_flips_never_panic() {
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    let mut rnd = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for f in fixtures() {
        for _ in 0..3000 {
            let mut g = f.clone();
            for _ in 0..1 + rnd() % 4 {
                let i = (rnd() % g.len() as u64) as usize;
                g[i] ^= 1 << (rnd() % 8);
            }
            let p = run(&g);
            for t in p.tags.iter() {
                let _ = t.value.to_string();
                if let TagKey::Other(k) = t.key {
                    let _ = k.to_string();
                }
            }
        }
    }
}

#[test]
fn sparse_input_gives_the_same_result_as_whole() {
    // The same tag read whole and through the driver gives the same tags.
    for f in fixtures() {
        let (_, sparse) = driver(&f, 64, 64, 16);
        let whole = run(&f);
        let a: Vec<_> = sparse
            .tags
            .iter()
            .map(|t| (t.key, t.value.to_string()))
            .collect();
        let b: Vec<_> = whole
            .tags
            .iter()
            .map(|t| (t.key, t.value.to_string()))
            .collect();
        assert_eq!(a.len(), b.len());
        for ((ka, va), (kb, vb)) in a.iter().zip(&b) {
            assert_eq!(va, vb);
            assert_eq!(ka.std_name(), kb.std_name());
        }
        assert_eq!(sparse.stream, whole.stream);
        assert_eq!(sparse.pictures.len(), whole.pictures.len());
    }
}

/// Prints what the reader makes of real files (`CADENZA_MP3=a.mp3:b.mp3`).
#[test]
#[ignore]
fn print_real_files() {
    let Ok(list) = std::env::var("CADENZA_MP3") else {
        return;
    };
    for path in list.split(':') {
        let data = std::fs::read(path).unwrap();
        let p = run(&data);
        println!(
            "{path}: {:?}\n  tags {:?}\n  pics {:?}\n  warn {:?} err {:?}",
            p.stream, p.tags, p.pictures, p.warnings, p.error
        );
    }
}

#[test]
fn info_frame_written_at_a_higher_bitrate_reports_the_stream_bitrate() {
    // LAME at 8 kHz / 16 kbit/s writes its Info frame at a larger bitrate.
    let mut f = xing_frame([0xFF, 0xE3, 0x58, 0xC4], b"Info", 6, 576, 0); // 40 kbit/s
    f.extend(frames([0xFF, 0xE3, 0x28, 0xC4], 6)); // 16 kbit/s
    let p = run(&f);
    assert_eq!(p.stream.bitrate, Some(16_000));
    assert!(close(p.stream.duration, 6.0 * 576.0 / 8000.0));
}

#[test]
fn stream_cut_mid_frame_is_sniffed_and_parsed() {
    let full = frames(L3_128, 8);
    let cut = &full[300..];
    assert!(looks_like_mpeg(cut));
    let p = run(cut);
    assert_eq!(p.error, None);
    assert_eq!(p.stream.audio_offset, Some(417 - 300));
    // Three frames after junk are not enough without a tag to vouch for them.
    assert!(!looks_like_mpeg(&full[300..417 * 4]));
}

#[test]
fn short_head_sniffs_on_one_header_at_offset_zero() {
    // A 512-byte read of a 576-byte layer II frame holds only one header.
    let f = frames([0xFF, 0xFD, 0xA4, 0x00], 3);
    assert_eq!(header::FrameHeader::parse(&f).unwrap().len(), Some(576));
    assert!(looks_like_mpeg(&f[..512]));
    let mut junk = vec![1u8];
    junk.extend(&f[..511]);
    assert!(!looks_like_mpeg(&junk));
}

#[test]
fn v24_lyrics_and_two_covers_fit_the_read_budget() {
    // Like mutagen writes them: long lyrics, then two large pictures. The
    // ID3v2.4 size check must not cost a read of its own.
    use crate::id3v2::tests::build::apic;
    let mut uslt = vec![3];
    uslt.extend(b"eng\0");
    uslt.extend(vec![b'x'; 40_000]);
    let mut body = frame(4, b"TIT2", &text(3, "t"), 0);
    body.extend(frame(4, b"USLT", &uslt, 0));
    body.extend(frame(
        4,
        b"APIC",
        &apic(3, "image/jpeg", 4, "back", &vec![0x22; 300_000]),
        0,
    ));
    body.extend(frame(
        4,
        b"APIC",
        &apic(3, "image/jpeg", 3, "front", &vec![0x11; 600_000]),
        0,
    ));
    body.extend(frame(4, b"TPE1", &text(3, "a"), 0));
    let mut f = tag(4, 0, &body, 1024);
    f.extend(frames(L3_128, 100));
    f.extend(id3v1("v1", "", "", "", 0, 255));
    let (reads, p) = driver(&f, 16 * 1024, 2 * 1024, 16 * 1024);
    assert_eq!(reads.len(), 3, "{reads:?}");
    assert_eq!(p.error, None);
    assert_eq!(p.pictures.len(), 2);
    assert_eq!(values(&p, TagKey::Lyrics)[0].len(), 40_000);
    assert_eq!(values(&p, TagKey::Artist), ["a"]);
    assert_eq!(p.stream, run(&f).stream);
}

#[test]
fn ape_appended_after_id3v1_like_mutagen_writes_it() {
    let mut f = frames(L3_128, 5);
    let audio_end = f.len() as u64;
    f.extend(id3v1("v1", "", "", "", 0, 255));
    f.extend(ape(2000, true, &[("Title", 0, b"ape")]));
    let p = run(&f);
    assert_eq!(p.stream.audio_len, Some(audio_end));
    assert_eq!(values(&p, TagKey::Title), ["v1", "ape"]);
}

#[test]
fn lyrics3v1_before_id3v1_is_skipped() {
    let mut f = frames(L3_128, 5);
    let audio_end = f.len() as u64;
    f.extend(b"LYRICSBEGINsome words\nLYRICSEND");
    f.extend(id3v1("v1", "", "", "", 0, 255));
    let p = run(&f);
    assert_eq!(p.stream.audio_len, Some(audio_end));
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

#[test]
fn id3_tagged_aac_and_flac_are_named_as_unsupported() {
    let t = tag(3, 0, &frame(3, b"TIT2", &text(0, "t"), 0), 0);
    for (stream, what) in [
        (
            &[0xFF, 0xF1, 0x50, 0x80, 0x02, 0x1F, 0xFC][..],
            "AAC (ADTS) stream, not MPEG audio",
        ),
        (&b"fLaC\0\0\0\x22"[..], "FLAC stream after an ID3v2 tag"),
    ] {
        let mut f = t.clone();
        f.extend(stream);
        f.resize(f.len() + 500, 0);
        let p = run(&f);
        let e = p.error.unwrap();
        assert_eq!(
            (e.kind, e.what, e.offset),
            (ErrorKind::Unsupported, what, t.len() as u64)
        );
        assert_eq!(values(&p, TagKey::Title), ["t"]);
    }
}
