//! Hand-built WAVE fixtures for every variant the reader handles, sparse
//! inputs that must skip the audio, and truncation / bit-flip robustness.

use super::parse;
use crate::error::ErrorKind;
use crate::input::{Input, Stop};
use crate::probe::{Codec, Format, Probe, TagKey, TagSource};
use crate::scratch::Scratch;

#[derive(Clone, Copy, PartialEq)]
enum E {
    Le,
    Be,
}

fn u16b(v: u16, e: E) -> [u8; 2] {
    if e == E::Le {
        v.to_le_bytes()
    } else {
        v.to_be_bytes()
    }
}
fn u32b(v: u32, e: E) -> [u8; 4] {
    if e == E::Le {
        v.to_le_bytes()
    } else {
        v.to_be_bytes()
    }
}

/// A chunk with its pad byte.
fn chunk(id: &[u8; 4], body: &[u8], e: E) -> Vec<u8> {
    let mut v = id.to_vec();
    v.extend(u32b(body.len() as u32, e));
    v.extend_from_slice(body);
    if body.len() % 2 == 1 {
        v.push(0);
    }
    v
}

/// A chunk without the pad byte after an odd size.
fn chunk_nopad(id: &[u8; 4], body: &[u8], e: E) -> Vec<u8> {
    let mut v = id.to_vec();
    v.extend(u32b(body.len() as u32, e));
    v.extend_from_slice(body);
    v
}

fn fmt_body(tag: u16, ch: u16, rate: u32, align: u16, bits: u16, avg: u32, e: E) -> Vec<u8> {
    let mut v = Vec::new();
    v.extend(u16b(tag, e));
    v.extend(u16b(ch, e));
    v.extend(u32b(rate, e));
    v.extend(u32b(avg, e));
    v.extend(u16b(align, e));
    v.extend(u16b(bits, e));
    v
}

fn pcm_fmt(ch: u16, rate: u32, bits: u16, e: E) -> Vec<u8> {
    let align = ch * bits.div_ceil(8);
    fmt_body(1, ch, rate, align, bits, rate * align as u32, e)
}

fn extensible_fmt(ch: u16, rate: u32, bits: u16, valid: u16, mask: u32, sub: [u8; 16]) -> Vec<u8> {
    let align = ch * bits / 8;
    let mut v = fmt_body(0xFFFE, ch, rate, align, bits, rate * align as u32, E::Le);
    v.extend(22u16.to_le_bytes());
    v.extend(valid.to_le_bytes());
    v.extend(mask.to_le_bytes());
    v.extend(sub);
    v
}

fn ks_guid(tag: u16) -> [u8; 16] {
    let mut g = [
        0, 0, 0, 0, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71,
    ];
    g[..2].copy_from_slice(&tag.to_le_bytes());
    g
}

fn info_list(items: &[(&[u8; 4], &str)], e: E) -> Vec<u8> {
    let mut body = b"INFO".to_vec();
    for (id, v) in items {
        let mut val = v.as_bytes().to_vec();
        val.push(0);
        body.extend(chunk(id, &val, e));
    }
    chunk(b"LIST", &body, e)
}

/// RIFF/RIFX file around the given chunks.
fn riff(magic: &[u8; 4], chunks: &[Vec<u8>], e: E) -> Vec<u8> {
    let body: Vec<u8> = chunks.concat();
    let mut v = magic.to_vec();
    v.extend(u32b(body.len() as u32 + 4, e));
    v.extend(b"WAVE");
    v.extend(body);
    v
}

fn run(data: &[u8]) -> Probe<'_> {
    let input = Input::whole(data);
    let mut out = Probe::new();
    match parse(&input, &mut Scratch::none(), &mut out) {
        Ok(()) => {}
        Err(Stop::Fail(e)) => out.error = Some(e),
        Err(n) => panic!("whole input asked for more: {n:?}"),
    }
    out
}

/// Runs as the file driver does: a head window, then whatever is asked for.
fn run_sparse(data: &[u8], head: usize, min_extra: usize) -> (Probe<'_>, Vec<(u64, u64)>) {
    crate::test_support::run_sparse(parse, data, head, min_extra)
}

fn tag(p: &Probe<'_>, key: TagKey<'_>) -> Option<String> {
    p.tag(key).map(|t| t.to_string())
}

fn other(p: &Probe<'_>, name: &str) -> Option<String> {
    p.tags
        .iter()
        .find(|t| matches!(t.key, TagKey::Other(k) if k.to_string() == name))
        .map(|t| t.value.to_string())
}

fn ffmpeg_like() -> Vec<u8> {
    riff(
        b"RIFF",
        &[
            chunk(b"fmt ", &pcm_fmt(2, 44100, 16, E::Le), E::Le),
            info_list(
                &[(b"IART", "Me"), (b"INAM", "Hi"), (b"ISFT", "Lavf59.27.100")],
                E::Le,
            ),
            chunk(b"data", &vec![0u8; 44100 * 4], E::Le),
        ],
        E::Le,
    )
}

#[test]
fn reads_pcm_wav_like_ffmpeg_writes() {
    let f = ffmpeg_like();
    let p = run(&f);
    assert_eq!(p.error, None);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    assert_eq!(p.format, Format::Wav);
    assert_eq!(p.doc_type.unwrap().to_string(), "WAVE");
    let s = p.stream;
    assert_eq!(s.codec, Codec::PcmLe);
    assert_eq!(
        (s.sample_rate, s.channels, s.bits_per_sample),
        (Some(44100), Some(2), Some(16))
    );
    assert_eq!(s.frames, Some(44100));
    assert_eq!(s.duration, Some(1.0));
    assert_eq!(s.bitrate, Some(1_411_200));
    assert_eq!(s.audio_len, Some(44100 * 4));
    assert_eq!(s.audio_offset, Some(f.len() as u64 - 44100 * 4));
    assert_eq!(tag(&p, TagKey::Artist).as_deref(), Some("Me"));
    assert_eq!(tag(&p, TagKey::Title).as_deref(), Some("Hi"));
    assert_eq!(other(&p, "ISFT").as_deref(), Some("Lavf59.27.100"));
    assert!(p.tags.iter().all(|t| t.source == TagSource::RiffInfo));
}

#[test]
fn every_info_key_maps() {
    let items: [(&[u8; 4], &str); 9] = [
        (b"INAM", "t"),
        (b"IART", "a"),
        (b"IPRD", "al"),
        (b"ICRD", "2020"),
        (b"ITRK", "3"),
        (b"IGNR", "Rock"),
        (b"ICMT", "odd"),
        (b"ICOP", "(c)"),
        (b"IPRT", "4"),
    ];
    let f = riff(
        b"RIFF",
        &[
            chunk(b"fmt ", &pcm_fmt(1, 8000, 8, E::Le), E::Le),
            chunk(b"data", &[0; 8000], E::Le),
            info_list(&items, E::Le),
        ],
        E::Le,
    );
    let p = run(&f);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    for (k, v) in [
        (TagKey::Title, "t"),
        (TagKey::Artist, "a"),
        (TagKey::Album, "al"),
        (TagKey::Date, "2020"),
        (TagKey::Track, "3"),
        (TagKey::Genre, "Rock"),
        (TagKey::Comment, "odd"),
    ] {
        assert_eq!(tag(&p, k).as_deref(), Some(v));
    }
    assert_eq!(other(&p, "ICOP").as_deref(), Some("(c)"));
    let tracks: Vec<_> = p
        .tags
        .iter()
        .filter(|t| t.key == TagKey::Track)
        .map(|t| t.value.to_string())
        .collect();
    assert_eq!(tracks, ["3", "4"]);
}

#[test]
fn info_values_latin1_and_utf8() {
    let mut body = b"INFO".to_vec();
    body.extend(chunk(b"INAM", b"caf\xe9\0", E::Le));
    body.extend(chunk(b"IART", "naïve\0".as_bytes(), E::Le));
    let f = riff(
        b"RIFF",
        &[
            chunk(b"fmt ", &pcm_fmt(1, 8000, 8, E::Le), E::Le),
            chunk(b"LIST", &body, E::Le),
        ],
        E::Le,
    );
    let p = run(&f);
    assert_eq!(tag(&p, TagKey::Title).as_deref(), Some("café"));
    assert_eq!(tag(&p, TagKey::Artist).as_deref(), Some("naïve"));
    // No data chunk: a warning, no duration.
    assert_eq!(p.stream.duration, None);
    assert!(p.warnings.iter().any(|w| w.what.contains("no data")));
}

#[test]
fn rifx_is_big_endian() {
    let f = riff(
        b"RIFX",
        &[
            chunk(b"fmt ", &pcm_fmt(2, 48000, 24, E::Be), E::Be),
            chunk(b"data", &[0; 6 * 480], E::Be),
            info_list(&[(b"INAM", "big")], E::Be),
        ],
        E::Be,
    );
    let p = run(&f);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    assert_eq!(p.format, Format::Rifx);
    assert_eq!(p.stream.codec, Codec::PcmBe);
    assert_eq!(p.stream.sample_rate, Some(48000));
    assert_eq!(p.stream.bits_per_sample, Some(24));
    assert_eq!(p.stream.frames, Some(480));
    assert_eq!(p.stream.duration, Some(0.01));
    assert_eq!(tag(&p, TagKey::Title).as_deref(), Some("big"));
}

#[test]
fn extensible_subformats_valid_bits_and_mask() {
    let cases = [
        (ks_guid(1), Codec::PcmLe),
        (ks_guid(3), Codec::PcmFloat),
        (ks_guid(6), Codec::Alaw),
        (ks_guid(7), Codec::Mulaw),
        (ks_guid(0x55), Codec::Mp3),
        (
            [
                1, 0, 0, 0, 0x21, 0x07, 0xD3, 0x11, 0x86, 0x44, 0xC8, 0xC1, 0xCA, 0, 0, 0,
            ],
            Codec::PcmLe,
        ),
        ([9; 16], Codec::WaveFormat(0xFFFE)),
    ];
    for (guid, codec) in cases {
        let f = riff(
            b"RIFF",
            &[
                chunk(
                    b"fmt ",
                    &extensible_fmt(6, 48000, 32, 24, 0x3F, guid),
                    E::Le,
                ),
                chunk(b"data", &[0; 24 * 100], E::Le),
            ],
            E::Le,
        );
        let p = run(&f);
        assert_eq!(p.stream.codec, codec);
        assert_eq!(p.stream.channel_mask, Some(0x3F));
        assert_eq!(p.stream.channels, Some(6));
        if matches!(
            codec,
            Codec::PcmLe | Codec::PcmFloat | Codec::Alaw | Codec::Mulaw
        ) {
            assert_eq!(p.stream.bits_per_sample, Some(24));
            assert_eq!(p.stream.frames, Some(100));
            assert_eq!(p.stream.bitrate, Some(48000 * 24 * 8));
        } else {
            assert_eq!(p.stream.bits_per_sample, None);
        }
    }
    // Too short for the extensible fields.
    let mut short = extensible_fmt(2, 8000, 16, 16, 3, ks_guid(1));
    short.truncate(30);
    let f = riff(
        b"RIFF",
        &[
            chunk(b"fmt ", &short, E::Le),
            chunk(b"data", &[0; 4], E::Le),
        ],
        E::Le,
    );
    let p = run(&f);
    assert!(p.warnings.iter().any(|w| w.what.contains("EXTENSIBLE")));
}

#[test]
fn compressed_uses_fact_then_byte_rate() {
    // IMA ADPCM as ffmpeg writes it: fact = 44902 samples at 44.1 kHz.
    let mut fmt = fmt_body(0x11, 1, 44100, 1024, 4, 16000, E::Le);
    fmt.extend([2, 0, 0xF9, 0x07]);
    let with_fact = riff(
        b"RIFF",
        &[
            chunk(b"fmt ", &fmt, E::Le),
            chunk(b"fact", &44902u32.to_le_bytes(), E::Le),
            chunk(b"data", &[0; 22528], E::Le),
        ],
        E::Le,
    );
    let p = run(&with_fact);
    assert_eq!(p.stream.codec, Codec::Adpcm);
    assert_eq!(p.stream.frames, Some(44902));
    assert_eq!(p.stream.duration, Some(44902.0 / 44100.0));
    assert_eq!(p.stream.bitrate, Some(128_000));
    assert_eq!(p.stream.bits_per_sample, None);
    let no_fact = riff(
        b"RIFF",
        &[
            chunk(b"fmt ", &fmt, E::Le),
            chunk(b"data", &[0; 16000], E::Le),
        ],
        E::Le,
    );
    let p = run(&no_fact);
    assert_eq!(p.stream.frames, None);
    assert_eq!(p.stream.duration, Some(1.0));
    // An unknown format tag keeps its number.
    let odd = riff(
        b"RIFF",
        &[chunk(
            b"fmt ",
            &fmt_body(0x1234, 1, 8000, 1, 0, 0, E::Le),
            E::Le,
        )],
        E::Le,
    );
    assert_eq!(run(&odd).stream.codec, Codec::WaveFormat(0x1234));
}

fn ds64(riff: u64, data: u64, samples: u64, table: &[(&[u8; 4], u64)]) -> Vec<u8> {
    let mut v = Vec::new();
    v.extend(riff.to_le_bytes());
    v.extend(data.to_le_bytes());
    v.extend(samples.to_le_bytes());
    v.extend((table.len() as u32).to_le_bytes());
    for (id, size) in table {
        v.extend(*id);
        v.extend(size.to_le_bytes());
    }
    v
}

/// An RF64 file whose data and LIST sizes are in ds64.
fn rf64(magic: &[u8; 4]) -> Vec<u8> {
    let data = vec![0u8; 4000];
    let mut list = info_list(&[(b"INAM", "sixty-four")], E::Le);
    let list_len = (list.len() - 8) as u64;
    list[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
    let fmt = chunk(b"fmt ", &pcm_fmt(2, 8000, 16, E::Le), E::Le);
    let ds = chunk(b"ds64", &ds64(0, 4000, 1000, &[(b"LIST", list_len)]), E::Le);
    let mut data_chunk = b"data".to_vec();
    data_chunk.extend(u32::MAX.to_le_bytes());
    data_chunk.extend(&data);
    let riff_size = (4 + ds.len() + fmt.len() + data_chunk.len() + list.len()) as u64;
    let ds = chunk(
        b"ds64",
        &ds64(riff_size, 4000, 1000, &[(b"LIST", list_len)]),
        E::Le,
    );
    let mut v = magic.to_vec();
    v.extend(u32::MAX.to_le_bytes());
    v.extend(b"WAVE");
    v.extend([ds, fmt, data_chunk, list].concat());
    v
}

#[test]
fn rf64_and_bw64_take_sizes_from_ds64() {
    for (magic, format) in [(b"RF64", Format::Rf64), (b"BW64", Format::Bw64)] {
        let f = rf64(magic);
        let p = run(&f);
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
        assert_eq!(p.format, format);
        assert_eq!(p.stream.audio_len, Some(4000));
        assert_eq!(p.stream.frames, Some(1000));
        assert_eq!(p.stream.duration, Some(0.125));
        assert_eq!(tag(&p, TagKey::Title).as_deref(), Some("sixty-four"));
    }
}

#[test]
fn rf64_without_ds64_is_treated_as_streamed() {
    let mut f = rf64(b"RF64");
    // Rename ds64 to JUNK.
    f[12..16].copy_from_slice(b"JUNK");
    let p = run(&f);
    assert_eq!(p.error, None);
    assert!(p.warnings.iter().any(|w| w.what.contains("streamed")));
    assert_eq!(p.stream.sample_rate, Some(8000));
}

#[test]
fn streamed_sizes_are_clamped_to_the_file() {
    for (riff_size, data_size) in [(u32::MAX, u32::MAX), (0, 0), (u32::MAX, 0)] {
        let mut f = riff(
            b"RIFF",
            &[
                chunk(b"fmt ", &pcm_fmt(1, 8000, 16, E::Le), E::Le),
                chunk(b"data", &[1; 1600], E::Le),
            ],
            E::Le,
        );
        f[4..8].copy_from_slice(&riff_size.to_le_bytes());
        let d = f.len() - 1600 - 4;
        f[d..d + 4].copy_from_slice(&data_size.to_le_bytes());
        let p = run(&f);
        assert_eq!(p.error, None);
        assert_eq!(p.stream.audio_len, Some(1600), "{riff_size} {data_size}");
        assert_eq!(p.stream.duration, Some(0.1));
        assert!(!p.warnings.is_empty());
    }
}

#[test]
fn empty_data_followed_by_chunks_is_not_streamed() {
    let f = riff(
        b"RIFF",
        &[
            chunk(b"fmt ", &pcm_fmt(1, 8000, 16, E::Le), E::Le),
            chunk(b"data", &[], E::Le),
            info_list(&[(b"INAM", "x")], E::Le),
        ],
        E::Le,
    );
    let p = run(&f);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    assert_eq!(p.stream.duration, Some(0.0));
    assert_eq!(tag(&p, TagKey::Title).as_deref(), Some("x"));
}

#[test]
fn truncated_data_is_clamped_with_a_warning() {
    let mut f = ffmpeg_like();
    f.truncate(f.len() - 400);
    let p = run(&f);
    assert_eq!(p.error, None);
    assert_eq!(p.stream.audio_len, Some(44100 * 4 - 400));
    assert_eq!(p.stream.frames, Some(44000));
    assert!(p.warnings.iter().any(|w| w.kind == ErrorKind::Truncated));
}

#[test]
fn odd_chunks_with_and_without_pad_byte() {
    let mk = |pad: bool| {
        let odd = |id: &[u8; 4], b: &[u8]| {
            if pad {
                chunk(id, b, E::Le)
            } else {
                chunk_nopad(id, b, E::Le)
            }
        };
        riff(
            b"RIFF",
            &[
                chunk(b"fmt ", &pcm_fmt(1, 8000, 8, E::Le), E::Le),
                odd(b"junk", &[7; 3]),
                odd(b"data", &[0x80; 801]),
                info_list(&[(b"INAM", "after odd data"), (b"IART", "x")], E::Le),
            ],
            E::Le,
        )
    };
    for pad in [true, false] {
        let f = mk(pad);
        let p = run(&f);
        assert_eq!(p.error, None);
        assert_eq!(
            p.warnings.len(),
            if pad { 0 } else { 2 },
            "{:?}",
            p.warnings
        );
        assert_eq!(p.stream.frames, Some(801), "{:?}", p.warnings);
        assert_eq!(tag(&p, TagKey::Title).as_deref(), Some("after odd data"));
    }
    // Odd INFO items without pad bytes.
    let mut body = b"INFO".to_vec();
    body.extend(chunk_nopad(b"INAM", b"abc", E::Le));
    body.extend(chunk_nopad(b"IART", b"def", E::Le));
    let f = riff(
        b"RIFF",
        &[
            chunk(b"fmt ", &pcm_fmt(1, 8000, 8, E::Le), E::Le),
            chunk(b"LIST", &body, E::Le),
        ],
        E::Le,
    );
    let p = run(&f);
    assert_eq!(tag(&p, TagKey::Title).as_deref(), Some("abc"));
    assert_eq!(tag(&p, TagKey::Artist).as_deref(), Some("def"));
}

fn bext_body(version: u16, history: &str) -> Vec<u8> {
    let mut b = vec![0u8; 602];
    b[..11].copy_from_slice(b"Description");
    b[256..259].copy_from_slice(b"Org");
    b[288..294].copy_from_slice(b"Ref123");
    b[320..330].copy_from_slice(b"2024-01-02");
    b[330..338].copy_from_slice(b"03:04:05");
    b[338..346].copy_from_slice(&(48000u64 * 3600 + (1 << 32)).to_le_bytes());
    b[346..348].copy_from_slice(&version.to_le_bytes());
    b[412..414].copy_from_slice(&(-2300i16).to_le_bytes());
    b[414..416].copy_from_slice(&550i16.to_le_bytes());
    b[416..418].copy_from_slice(&i16::MAX.to_le_bytes());
    b.extend(history.as_bytes());
    b
}

#[test]
fn bext_fields_become_prefixed_tags() {
    let f = riff(
        b"RIFF",
        &[
            chunk(b"bext", &bext_body(2, "A=PCM,F=48000\r\n"), E::Le),
            chunk(b"fmt ", &pcm_fmt(2, 48000, 24, E::Le), E::Le),
            chunk(b"data", &[0; 60], E::Le),
        ],
        E::Le,
    );
    let p = run(&f);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    let expect = [
        ("bext:description", "Description"),
        ("bext:originator", "Org"),
        ("bext:originator_reference", "Ref123"),
        ("bext:origination_date", "2024-01-02"),
        ("bext:origination_time", "03:04:05"),
        ("bext:time_reference", "4467767296"),
        ("bext:version", "2"),
        ("bext:loudness_value", "-23.00"),
        ("bext:loudness_range", "5.50"),
        ("bext:coding_history", "A=PCM,F=48000\r\n"),
    ];
    for (k, v) in expect {
        assert_eq!(other(&p, k).as_deref(), Some(v), "{k}");
    }
    assert_eq!(other(&p, "bext:max_true_peak_level"), None);
    assert!(p.tags.iter().all(|t| t.source == TagSource::Bext));
    // Version 1: no loudness fields; a short chunk is a warning.
    let f = riff(b"RIFF", &[chunk(b"bext", &bext_body(1, ""), E::Le)], E::Le);
    let p = run(&f);
    assert_eq!(other(&p, "bext:loudness_value"), None);
    let f = riff(
        b"RIFF",
        &[chunk(b"bext", &bext_body(1, "")[..300], E::Le)],
        E::Le,
    );
    let p = run(&f);
    assert_eq!(other(&p, "bext:originator").as_deref(), Some("Org"));
    assert!(p.warnings.iter().any(|w| w.what.contains("bext")));
}

/// A minimal ID3v2.3 tag with one TIT2 frame.
fn id3v23(title: &str) -> Vec<u8> {
    let mut frame = b"TIT2".to_vec();
    frame.extend((title.len() as u32 + 1).to_be_bytes());
    frame.extend([0, 0, 0]);
    frame.extend(title.as_bytes());
    let mut tag = b"ID3\x03\x00\x00".to_vec();
    let n = frame.len() as u32;
    tag.extend([
        (n >> 21) as u8 & 0x7F,
        (n >> 14) as u8 & 0x7F,
        (n >> 7) as u8 & 0x7F,
        n as u8 & 0x7F,
    ]);
    tag.extend(frame);
    tag
}

#[test]
fn id3_chunk_is_read_with_the_id3v2_reader() {
    for id in [b"id3 ", b"ID3 "] {
        let f = riff(
            b"RIFF",
            &[
                chunk(b"fmt ", &pcm_fmt(1, 8000, 16, E::Le), E::Le),
                chunk(b"data", &[0; 160], E::Le),
                chunk(id, &id3v23("From ID3"), E::Le),
            ],
            E::Le,
        );
        let p = run(&f);
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
        let t = p.tags.iter().next().unwrap();
        assert_eq!(
            (t.key, t.value.to_string()),
            (TagKey::Title, "From ID3".to_string())
        );
        assert_eq!(t.source, TagSource::Id3v2(3));
    }
    let f = riff(
        b"RIFF",
        &[chunk(b"id3 ", b"not a tag at all", E::Le)],
        E::Le,
    );
    assert!(run(&f).warnings.iter().any(|w| w.what.contains("no ID3v2")));
}

#[test]
fn metadata_after_data_costs_one_read_and_skips_audio() {
    let mut chunks = vec![
        chunk(b"fmt ", &pcm_fmt(2, 44100, 16, E::Le), E::Le),
        chunk(b"data", &vec![0; 1 << 20], E::Le),
        info_list(&[(b"INAM", "late")], E::Le),
        chunk(b"bext", &bext_body(1, ""), E::Le),
    ];
    let f = riff(b"RIFF", &chunks, E::Le);
    let (p, asks) = run_sparse(&f, 16 << 10, 16 << 10);
    assert_eq!(p.error, None);
    assert_eq!(tag(&p, TagKey::Title).as_deref(), Some("late"));
    assert_eq!(
        other(&p, "bext:description").as_deref(),
        Some("Description")
    );
    assert_eq!(asks.len(), 1, "{asks:?}");
    assert_eq!(asks[0].0, 44 + (1 << 20));
    // Nothing after data: no extra read at all.
    chunks.truncate(2);
    let f = riff(b"RIFF", &chunks, E::Le);
    let (p, asks) = run_sparse(&f, 16 << 10, 16 << 10);
    assert!(asks.is_empty(), "{asks:?}");
    assert_eq!(p.stream.frames, Some(1 << 18));
}

#[test]
fn not_wave_and_garbage_are_typed_errors() {
    assert_eq!(
        run(b"RIFF\x04\0\0\0").error.unwrap().kind,
        ErrorKind::Truncated
    );
    let p = run(b"RIFF\x04\0\0\0AVI ");
    assert_eq!(p.error.unwrap().kind, ErrorKind::Unsupported);
    assert_eq!(p.doc_type.unwrap().to_string(), "AVI ");
    let mut f = ffmpeg_like();
    f.extend(b"\x01\x02\x03\x04garbage!");
    let p = run(&f);
    assert_eq!(p.error, None);
    assert_eq!(p.stream.duration, Some(1.0));
}

fn fixtures() -> Vec<Vec<u8>> {
    let mut small = ffmpeg_like();
    // Keep fixtures small so every offset can be tried.
    small.truncate(200);
    vec![
        small,
        rf64(b"RF64"),
        riff(
            b"RIFF",
            &[
                chunk(b"bext", &bext_body(2, "hist"), E::Le),
                chunk(
                    b"fmt ",
                    &extensible_fmt(2, 8000, 16, 16, 3, ks_guid(1)),
                    E::Le,
                ),
                chunk_nopad(b"data", &[0; 33], E::Le),
                info_list(&[(b"INAM", "t"), (b"IART", "odd")], E::Le),
                chunk(b"id3 ", &id3v23("x"), E::Le),
            ],
            E::Le,
        ),
    ]
}

#[test]
fn truncation_at_every_offset_never_panics() {
    for f in fixtures() {
        for cut in 0..f.len() {
            let p = run(&f[..cut]);
            if cut >= 12 {
                assert!(p.format != Format::Unknown);
            }
        }
    }
}

#[test]
fn bit_flips_never_panic() {
    let mut next = crate::test_support::xorshift(0x2545_F491_4F6C_DD1Du64);
    for f in fixtures() {
        for _ in 0..4000 {
            let mut g = f.clone();
            for _ in 0..1 + next() % 4 {
                let i = (next() % g.len() as u64) as usize;
                g[i] ^= 1 << (next() % 8);
            }
            let _ = run(&g);
            let _ = run_sparse(&g, 64, 64);
        }
    }
}
