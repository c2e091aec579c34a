//! Hand-built ID3v2 fixtures for every variant the reader supports.

use super::*;
use crate::probe::Tag;

/// Builders for ID3v2 tags, shared with the MPEG tests.
pub(crate) mod build {
    /// Encodes `n` as a 4-byte synchsafe integer.
    pub(crate) fn synchsafe(n: u32) -> [u8; 4] {
        [
            (n >> 21) as u8 & 0x7F,
            (n >> 14) as u8 & 0x7F,
            (n >> 7) as u8 & 0x7F,
            n as u8 & 0x7F,
        ]
    }

    /// One frame for tag version `major` (2, 3 or 4) with format flags `flags`.
    pub(crate) fn frame(major: u8, id: &[u8], payload: &[u8], flags: u8) -> Vec<u8> {
        let mut f = id.to_vec();
        let n = payload.len() as u32;
        match major {
            2 => f.extend(&n.to_be_bytes()[1..]),
            3 => f.extend(n.to_be_bytes()),
            _ => f.extend(synchsafe(n)),
        }
        if major > 2 {
            f.extend([0, flags]);
        }
        f.extend(payload);
        f
    }

    /// A text frame payload: encoding byte plus `s` encoded.
    pub(crate) fn text(enc: u8, s: &str) -> Vec<u8> {
        let mut p = vec![enc];
        p.extend(encode(enc, s));
        p
    }

    /// `s` in ID3 encoding `enc` (UTF-16 with a little-endian BOM for 1).
    pub(crate) fn encode(enc: u8, s: &str) -> Vec<u8> {
        match enc {
            0 => s.chars().map(|c| c as u32 as u8).collect(),
            1 => {
                let mut v = vec![0xFF, 0xFE];
                v.extend(s.encode_utf16().flat_map(|u| u.to_le_bytes()));
                v
            }
            2 => s.encode_utf16().flat_map(|u| u.to_be_bytes()).collect(),
            _ => s.as_bytes().to_vec(),
        }
    }

    /// The terminator for encoding `enc`.
    pub(crate) fn nul(enc: u8) -> &'static [u8] {
        if enc == 1 || enc == 2 { &[0, 0] } else { &[0] }
    }

    /// A tag: header (with `flags`), `body`, then `padding` zero bytes.
    pub(crate) fn tag(major: u8, flags: u8, body: &[u8], padding: usize) -> Vec<u8> {
        let mut t = b"ID3".to_vec();
        t.extend([major, 0, flags]);
        t.extend(synchsafe((body.len() + padding) as u32));
        t.extend(body);
        t.resize(t.len() + padding, 0);
        t
    }

    /// Applies unsynchronisation: a 0x00 after every 0xFF that is followed
    /// by 0x00 or a byte >= 0xE0, or that ends the data.
    pub(crate) fn unsync(b: &[u8]) -> Vec<u8> {
        let mut v = Vec::new();
        for (i, &c) in b.iter().enumerate() {
            v.push(c);
            if c == 0xFF && b.get(i + 1).is_none_or(|&n| n == 0 || n >= 0xE0) {
                v.push(0);
            }
        }
        v
    }

    /// An APIC payload with the given mime, type, description and data.
    pub(crate) fn apic(enc: u8, mime: &str, kind: u8, desc: &str, data: &[u8]) -> Vec<u8> {
        let mut p = vec![enc];
        p.extend(mime.as_bytes());
        p.push(0);
        p.push(kind);
        p.extend(encode(enc, desc));
        p.extend(nul(enc));
        p.extend(data);
        p
    }
}

use build::*;

pub(crate) fn run_tag(data: &[u8], scratch: &mut [u8]) -> (Probe<'static>, Option<u64>) {
    // Leak to get 'static: tests only.
    let data: &'static [u8] = Box::leak(data.to_vec().into_boxed_slice());
    let scratch: &'static mut [u8] = Box::leak(scratch.to_vec().into_boxed_slice());
    let input = Input::whole(data);
    let mut out = Probe::new();
    let mut s = Scratch::new(scratch);
    let end = parse_tag(&input, 0, &mut s, &mut out).unwrap();
    (out, end)
}

fn values(p: &Probe<'_>, key: TagKey<'_>) -> Vec<String> {
    p.tags
        .iter()
        .filter(|t| t.key == key)
        .map(|t| t.value.to_string())
        .collect()
}

fn other(p: &Probe<'_>, key: &str) -> Vec<String> {
    p.tags
        .iter()
        .filter(|t| matches!(t.key, TagKey::Other(k) if k.to_string() == key))
        .map(|t| t.value.to_string())
        .collect()
}

#[test]
fn v23_text_frames_in_every_encoding() {
    let mut body = Vec::new();
    body.extend(frame(3, b"TIT2", &text(0, "Caf\u{e9}"), 0));
    body.extend(frame(
        3,
        b"TPE1",
        &text(1, "\u{41f}\u{440}\u{438}\u{432}\u{435}\u{442} \u{1F3B5}"),
        0,
    ));
    body.extend(frame(3, b"TALB", &text(2, "Album"), 0));
    body.extend(frame(3, b"TPE2", &text(3, "\u{e9}t\u{e9}"), 0));
    body.extend(frame(3, b"TRCK", &text(0, "3/12"), 0));
    body.extend(frame(3, b"TPOS", &text(0, "1/2"), 0));
    body.extend(frame(3, b"TCOM", &text(0, "Bach"), 0));
    body.extend(frame(3, b"TBPM", &text(0, "120"), 0));
    body.extend(frame(3, b"TCON", &text(0, "(17)Rock"), 0));
    let t = tag(3, 0, &body, 100);
    let (p, end) = run_tag(&t, &mut []);
    assert_eq!(end, Some(t.len() as u64));
    assert_eq!(values(&p, TagKey::Title), ["Café"]);
    assert_eq!(values(&p, TagKey::Artist), ["Привет 🎵"]);
    assert_eq!(values(&p, TagKey::Album), ["Album"]);
    assert_eq!(values(&p, TagKey::AlbumArtist), ["été"]);
    assert_eq!(values(&p, TagKey::Track), ["3/12"]);
    assert_eq!(values(&p, TagKey::Disc), ["1/2"]);
    assert_eq!(values(&p, TagKey::Composer), ["Bach"]);
    assert_eq!(values(&p, TagKey::Genre), ["Rock"]);
    assert_eq!(other(&p, "TBPM"), ["120"]);
    assert!(
        p.tags
            .iter()
            .all(|t: &Tag<'_>| t.source == TagSource::Id3v2(3))
    );
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

#[test]
fn v24_nul_separated_values_and_txxx() {
    let mut body = Vec::new();
    body.extend(frame(4, b"TPE1", &text(3, "A\0B\0"), 0));
    body.extend(frame(4, b"TCON", &text(1, "Rock\0(8)"), 0));
    body.extend(frame(4, b"TDRC", &text(0, "2020-01-02"), 0));
    let mut txxx = vec![1];
    txxx.extend(encode(1, "MusicBrainz Id"));
    txxx.extend([0, 0]);
    txxx.extend(encode(1, "x"));
    txxx.extend([0, 0]);
    txxx.extend(encode(2, "y").iter().rev()); // a BOM-less second value: byte order inherited (LE)
    body.extend(frame(4, b"TXXX", &txxx, 0));
    let (p, _) = run_tag(&tag(4, 0, &body, 0), &mut []);
    assert_eq!(values(&p, TagKey::Artist), ["A", "B"]);
    assert_eq!(values(&p, TagKey::Genre), ["Rock", "Jazz"]);
    assert_eq!(values(&p, TagKey::Date), ["2020-01-02"]);
    assert_eq!(other(&p, "MusicBrainz Id"), ["x", "y"]);
}

#[test]
fn v23_year_date_time_joined_like_mutagen() {
    let mut body = Vec::new();
    body.extend(frame(3, b"TIME", &text(0, "1230"), 0));
    body.extend(frame(3, b"TYER", &text(0, "2004"), 0));
    body.extend(frame(3, b"TDAT", &text(0, "1503"), 0));
    let (p, _) = run_tag(&tag(3, 0, &body, 0), &mut []);
    assert_eq!(values(&p, TagKey::Date), ["2004-03-15T12:30:00"]);
    let (p, _) = run_tag(
        &tag(3, 0, &frame(3, b"TYER", &text(1, "1999"), 0), 0),
        &mut [],
    );
    assert_eq!(values(&p, TagKey::Date), ["1999"]);
    let mut body = frame(3, b"TYER", &text(0, "1999"), 0);
    body.extend(frame(3, b"TDAT", &text(0, "31"), 0));
    let (p, _) = run_tag(&tag(3, 0, &body, 0), &mut []);
    assert_eq!(values(&p, TagKey::Date), ["1999"], "bad TDAT ignored");
    let mut body = frame(3, b"TYER", &text(0, "1999"), 0);
    body.extend(frame(3, b"TDRC", &text(0, "2001"), 0));
    let (p, _) = run_tag(&tag(3, 0, &body, 0), &mut []);
    assert_eq!(values(&p, TagKey::Date), ["2001"], "TDRC wins");
}

#[test]
fn comm_uslt_and_descriptions() {
    let comm = |enc: u8, desc: &str, s: &str| {
        let mut p = vec![enc];
        p.extend(b"eng");
        p.extend(encode(enc, desc));
        p.extend(nul(enc));
        p.extend(encode(enc, s));
        p
    };
    let mut body = Vec::new();
    body.extend(frame(3, b"COMM", &comm(0, "", "nice"), 0));
    body.extend(frame(3, b"COMM", &comm(1, "iTunNORM", " 0000"), 0));
    body.extend(frame(3, b"USLT", &comm(1, "", "la la\nla"), 0));
    body.extend(frame(3, b"COMM", b"\x00en", 0)); // too short: ignored
    let (p, _) = run_tag(&tag(3, 0, &body, 0), &mut []);
    assert_eq!(values(&p, TagKey::Comment), ["nice"]);
    assert_eq!(other(&p, "iTunNORM"), [" 0000"]);
    assert_eq!(values(&p, TagKey::Lyrics), ["la la\nla"]);
}

#[test]
fn v22_frames_and_pic() {
    let mut body = Vec::new();
    body.extend(frame(2, b"TT2", &text(0, "T"), 0));
    body.extend(frame(2, b"TP1", &text(0, "A"), 0));
    body.extend(frame(2, b"TAL", &text(0, "Al"), 0));
    body.extend(frame(2, b"TYE", &text(0, "1990"), 0));
    body.extend(frame(2, b"TCO", &text(0, "(13)"), 0));
    body.extend(frame(2, b"TBP", &text(0, "99"), 0));
    body.extend(frame(2, b"TZZ", &text(0, "z"), 0));
    let mut com = vec![0];
    com.extend(b"eng\0c");
    body.extend(frame(2, b"COM", &com, 0));
    let mut pic = vec![0];
    pic.extend(b"JPG\x03desc\0");
    pic.extend([0xFF, 0xD8, 0xFF, 0xE0, 0, 0]);
    body.extend(frame(2, b"PIC", &pic, 0));
    let t = tag(2, 0, &body, 0);
    let (p, _) = run_tag(&t, &mut []);
    assert_eq!(values(&p, TagKey::Title), ["T"]);
    assert_eq!(values(&p, TagKey::Artist), ["A"]);
    assert_eq!(values(&p, TagKey::Album), ["Al"]);
    assert_eq!(values(&p, TagKey::Date), ["1990"]);
    assert_eq!(values(&p, TagKey::Genre), ["Pop"]);
    assert_eq!(values(&p, TagKey::Comment), ["c"]);
    assert_eq!(other(&p, "TBPM"), ["99"]);
    assert_eq!(other(&p, "TZZ"), ["z"]);
    let pic = p.pictures.iter().next().unwrap();
    assert_eq!(pic.mime.to_string(), "image/jpeg");
    assert_eq!((pic.kind, pic.size), (3, 6));
    assert_eq!(pic.description.to_string(), "desc");
    assert_eq!(
        &t[pic.offset as usize..pic.offset as usize + 2],
        &[0xFF, 0xD8]
    );
}

#[test]
fn v23_tag_with_v22_three_letter_ids() {
    let mut body = frame(3, b"TT2\0", &text(0, "old"), 0);
    body.extend(frame(3, b"TP1 ", &text(0, "art"), 0));
    let (p, _) = run_tag(&tag(3, 0, &body, 0), &mut []);
    assert_eq!(values(&p, TagKey::Title), ["old"]);
    assert_eq!(values(&p, TagKey::Artist), ["art"]);
}

#[test]
fn apic_reports_mime_type_description_and_data_position() {
    let data = [0x89, b'P', b'N', b'G', 1, 2, 3, 4, 5];
    let mut body = frame(3, b"APIC", &apic(1, "image/png", 3, "Cover", &data), 0);
    body.extend(frame(3, b"TIT2", &text(0, "after"), 0));
    let t = tag(3, 0, &body, 0);
    let (p, _) = run_tag(&t, &mut []);
    let pic = *p.pictures.iter().next().unwrap();
    assert_eq!(pic.mime.to_string(), "image/png");
    assert_eq!(pic.description.to_string(), "Cover");
    assert_eq!((pic.kind, pic.size), (3, 9));
    assert_eq!(&t[pic.offset as usize..pic.offset as usize + 9], &data);
    assert_eq!(values(&p, TagKey::Title), ["after"]);
}

#[test]
fn whole_tag_unsynchronisation_is_decoded_once_into_scratch() {
    let mut body = frame(3, b"TIT2", &text(0, "\u{ff}\u{ff}x\u{ff}"), 0);
    let pic_data = [0xFF, 0xD8, 0xFF, 0xE0, 0xFF, 0x00, 7];
    body.extend(frame(
        3,
        b"APIC",
        &apic(0, "image/jpeg", 3, "", &pic_data),
        0,
    ));
    body.extend(frame(3, b"TPE1", &text(0, "end"), 0));
    let raw = unsync(&body);
    assert!(raw.len() > body.len());
    let t = tag(3, 0x80, &raw, 0);
    let (p, _) = run_tag(&t, &mut [0u8; 4096]);
    assert_eq!(values(&p, TagKey::Title), ["\u{ff}\u{ff}x\u{ff}"]);
    assert_eq!(values(&p, TagKey::Artist), ["end"]);
    let pic = p.pictures.iter().next().unwrap();
    assert_eq!(pic.size, pic_data.len() as u64);
    // The offset points at the (unsynchronised) picture bytes in the file.
    assert_eq!(
        &t[pic.offset as usize..pic.offset as usize + 5],
        &[0xFF, 0xD8, 0xFF, 0x00, 0xE0]
    );
    // Without scratch space: a limit warning, nothing read, no panic.
    let (p, end) = run_tag(&t, &mut []);
    assert_eq!(end, Some(t.len() as u64));
    assert!(p.tags.is_empty());
    assert_eq!(
        p.warnings.iter().next().unwrap().kind,
        crate::ErrorKind::Limit
    );
}

#[test]
fn v24_per_frame_unsynchronisation_with_data_length() {
    let content = text(0, "a\u{ff}\u{ff}");
    let raw = unsync(&content);
    let mut payload = synchsafe(content.len() as u32).to_vec();
    payload.extend(&raw);
    let mut body = frame(4, b"TIT2", &payload, 0x03);
    body.extend(frame(4, b"TPE1", &unsync(&text(0, "\u{ff}")), 0x02));
    let (p, _) = run_tag(&tag(4, 0, &body, 0), &mut [0u8; 64]);
    assert_eq!(values(&p, TagKey::Title), ["a\u{ff}\u{ff}"]);
    assert_eq!(values(&p, TagKey::Artist), ["\u{ff}"]);
    // The header flag makes every frame unsynchronised.
    let body = frame(4, b"TPE1", &unsync(&text(0, "\u{ff}")), 0);
    let (p, _) = run_tag(&tag(4, 0x80, &body, 0), &mut [0u8; 64]);
    assert_eq!(values(&p, TagKey::Artist), ["\u{ff}"]);
}

#[test]
fn extended_headers_and_footer() {
    let frames = frame(3, b"TIT2", &text(0, "x"), 0);
    let mut body = vec![0, 0, 0, 6, 0, 0, 0, 0, 0, 0];
    body.extend(&frames);
    let (p, _) = run_tag(&tag(3, 0x40, &body, 0), &mut []);
    assert_eq!(values(&p, TagKey::Title), ["x"]);

    let frames = frame(4, b"TIT2", &text(0, "y"), 0);
    let mut body = vec![0, 0, 0, 6, 1, 0];
    body.extend(&frames);
    let mut t = tag(4, 0x50, &body, 0);
    let n = body.len() as u32;
    t.extend(b"3DI\x04\x00\x50");
    t.extend(synchsafe(n));
    let (p, end) = run_tag(&t, &mut []);
    assert_eq!(values(&p, TagKey::Title), ["y"]);
    assert_eq!(end, Some(t.len() as u64), "footer counted");

    let mut body = vec![0, 0, 0, 99];
    body.extend(&frames);
    let (p, _) = run_tag(&tag(4, 0x40, &body, 0), &mut []);
    assert_eq!(p.warnings.len(), 1, "extended header larger than the tag");
}

#[test]
fn itunes_v24_plain_frame_sizes() {
    let long = "x".repeat(200);
    let mut body = Vec::new();
    for (id, s) in [(b"TIT2", long.as_str()), (b"TPE1", "artist")] {
        let payload = text(0, s);
        body.extend(id);
        body.extend((payload.len() as u32).to_be_bytes());
        body.extend([0, 0]);
        body.extend(payload);
    }
    let (p, _) = run_tag(&tag(4, 0, &body, 50), &mut []);
    assert_eq!(values(&p, TagKey::Title), [long.as_str()]);
    assert_eq!(values(&p, TagKey::Artist), ["artist"]);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    // Proper synchsafe sizes of the same length are still read as such.
    let mut body = frame(4, b"TIT2", &text(0, &long), 0);
    body.extend(frame(4, b"TPE1", &text(0, "artist"), 0));
    let (p, _) = run_tag(&tag(4, 0, &body, 0), &mut []);
    assert_eq!(values(&p, TagKey::Artist), ["artist"]);
}

#[test]
fn broken_frames_are_warnings_and_earlier_frames_stay() {
    let mut body = frame(3, b"TIT2", &text(0, "ok"), 0);
    body.extend(frame(3, b"TPE1", &text(0, "zip"), 0x40)); // encrypted
    body.extend(frame(3, b"TALB", &text(9, "bad encoding"), 0));
    body.extend(frame(3, b"TCOM", &text(0, "c"), 0));
    body.extend(b"tit2\0\0\0\x01\0\0x");
    body.extend(frame(3, b"TPE2", &text(0, "never"), 0));
    let (p, _) = run_tag(&tag(3, 0, &body, 0), &mut []);
    assert_eq!(values(&p, TagKey::Title), ["ok"]);
    assert_eq!(values(&p, TagKey::Composer), ["c"]);
    assert!(values(&p, TagKey::Artist).is_empty());
    assert!(values(&p, TagKey::AlbumArtist).is_empty());
    let kinds: Vec<_> = p.warnings.iter().map(|w| w.kind).collect();
    use crate::ErrorKind::*;
    assert_eq!(kinds, [Unsupported, Malformed, Malformed]);

    // A frame claiming more than the tag holds.
    let mut body = frame(3, b"TIT2", &text(0, "ok"), 0);
    body.extend(b"TPE1\0\0\x10\0\0\0\0abc");
    let (p, _) = run_tag(&tag(3, 0, &body, 0), &mut []);
    assert_eq!(values(&p, TagKey::Artist), ["abc"]);
    assert_eq!(p.warnings.iter().next().unwrap().kind, Truncated);
}

#[test]
fn bad_headers() {
    let mut t = tag(3, 0, &frame(3, b"TIT2", &text(0, "x"), 0), 0);
    t[6] = 0x80;
    let (p, end) = run_tag(&t, &mut []);
    assert_eq!((end, p.warnings.len()), (None, 1));
    let mut t = tag(3, 0, &frame(3, b"TIT2", &text(0, "x"), 0), 0);
    t[3] = 5;
    let (p, end) = run_tag(&t, &mut []);
    assert_eq!(
        (end, p.tags.len(), p.warnings.len()),
        (Some(t.len() as u64), 0, 1)
    );
    let t = tag(3, 0, &frame(3, b"TIT2", &text(0, "x"), 0), 0);
    let (p, end) = run_tag(&t[..t.len() - 1], &mut []);
    assert_eq!(end, Some(t.len() as u64 - 1));
    assert_eq!(
        p.warnings.len(),
        2,
        "tag past end + frame past tag: {:?}",
        p.warnings
    );
}

/// Parses `full` through a sparse input holding only `head` bytes, loading
/// exactly what each `Stop::Need` asks for; returns the reads made.
pub(crate) fn sparse_reads(full: &[u8], head: usize) -> (Vec<(u64, u64)>, Probe<'static>) {
    let full: &'static [u8] = Box::leak(full.to_vec().into_boxed_slice());
    let mut reads = Vec::new();
    loop {
        let mut input = Input::empty(full.len() as u64);
        input.add(0, &full[..head.min(full.len())]);
        for &(o, l) in &reads {
            input.add(o, &full[o as usize..(o + l) as usize]);
        }
        let mut out = Probe::new();
        let mut s = Scratch::none();
        match parse_tag(&input, 0, &mut s, &mut out) {
            Ok(_) => return (reads, out),
            Err(Stop::Need { offset, len }) => reads.push((offset, len)),
            Err(e) => panic!("{e:?}"),
        }
        assert!(reads.len() < 5, "{reads:?}");
    }
}

#[test]
fn large_tag_reads_frame_headers_not_picture_data() {
    let big = vec![0xAB; 300_000];
    let mut body = frame(3, b"TIT2", &text(0, "t"), 0);
    body.extend(frame(3, b"APIC", &apic(0, "image/jpeg", 3, "d", &big), 0));
    body.extend(frame(3, b"TPE1", &text(0, "after the picture"), 0));
    let t = tag(3, 0, &body, 1000);
    let (reads, p) = sparse_reads(&t, 16 * 1024);
    assert_eq!(values(&p, TagKey::Artist), ["after the picture"]);
    assert_eq!(p.pictures.iter().next().unwrap().size, 300_000);
    // One read: the frame after the picture, through the end of the tag.
    assert_eq!(reads.len(), 1, "{reads:?}");
    let total: u64 = reads.iter().map(|r| r.1).sum();
    assert!(total < 16 * 1024, "{reads:?}");
}

/// A zlib stream holding `data` in one stored (uncompressed) deflate block.
fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let n = data.len() as u16;
    let mut z = vec![0x78, 0x01, 0x01];
    z.extend(n.to_le_bytes());
    z.extend((!n).to_le_bytes());
    z.extend(data);
    let (mut a, mut b) = (1u32, 0u32);
    for &c in data {
        a = (a + u32::from(c)) % 65521;
        b = (b + a) % 65521;
    }
    z.extend(((b << 16) | a).to_be_bytes());
    z
}

/// A v2.3 compressed frame declaring `declared` bytes, holding `z`.
fn compressed23(id: &[u8], declared: u32, z: &[u8]) -> Vec<u8> {
    let mut payload = declared.to_be_bytes().to_vec();
    payload.extend(z);
    frame(3, id, &payload, 0x80)
}

#[test]
fn compressed_frames_inflate_into_scratch() {
    let t = text(0, "inflated");
    let mut body = compressed23(b"TIT2", t.len() as u32, &zlib_stored(&t));
    let t24 = text(0, "v24");
    let mut dli = synchsafe(t24.len() as u32).to_vec();
    dli.extend(zlib_stored(&t24));
    let v24 = frame(4, b"TPE1", &dli, 0x09);
    body.extend(frame(3, b"TALB", &text(0, "plain"), 0));
    let (p, _) = run_tag(&tag(3, 0, &body, 0), &mut [0u8; 256]);
    assert_eq!(values(&p, TagKey::Title), ["inflated"]);
    assert_eq!(values(&p, TagKey::Album), ["plain"]);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    let (p, _) = run_tag(&tag(4, 0, &v24, 0), &mut [0u8; 256]);
    assert_eq!(values(&p, TagKey::Artist), ["v24"]);
}

#[test]
fn damaged_compressed_frames_are_warnings_not_reads() {
    use crate::ErrorKind::*;
    let t = text(0, "inflated");
    let z = zlib_stored(&t);
    let n = t.len() as u32;
    let cases: [(Vec<u8>, crate::ErrorKind); 5] = [
        (compressed23(b"TIT2", n + 1, &z), Malformed), // inflates to less
        (compressed23(b"TIT2", n - 1, &z), Malformed), // inflates to more
        (compressed23(b"TIT2", n, &z[..z.len() - 6]), Truncated),
        (compressed23(b"TIT2", n, b"\x78\x01\x07garbage"), Malformed),
        (compressed23(b"TIT2", u32::MAX, &z), Limit), // untrusted size
    ];
    for (i, (f, kind)) in cases.into_iter().enumerate() {
        let mut body = f;
        body.extend(frame(3, b"TALB", &text(0, "after"), 0));
        let (p, _) = run_tag(&tag(3, 0, &body, 0), &mut [0u8; 256]);
        assert!(values(&p, TagKey::Title).is_empty(), "case {i}");
        assert_eq!(values(&p, TagKey::Album), ["after"], "case {i}");
        let kinds: Vec<_> = p.warnings.iter().map(|w| w.kind).collect();
        assert_eq!(kinds, [kind], "case {i}");
    }
    // No scratch at all: a limit warning, not an allocation.
    let (p, _) = run_tag(&tag(3, 0, &compressed23(b"TIT2", n, &z), 0), &mut []);
    assert_eq!(
        p.warnings.iter().map(|w| w.kind).collect::<Vec<_>>(),
        [Limit]
    );
}
