//! Hand-built Matroska fixtures: every reader feature, sparse inputs that
//! must ask for the right bytes, and truncation / bit-flip robustness.

use super::ids::*;

/// Global elements allowed anywhere; the reader skips them like any unknown ID.
const VOID: u32 = 0xEC;
const CRC32: u32 = 0xBF;
use super::parse;
use crate::error::ErrorKind;
use crate::input::{Input, Stop};
use crate::probe::{Codec, Format, Probe, TagKey, TagSource};
use crate::scratch::Scratch;

/// Encodes an element with a minimal-length size.
fn el(id: u32, body: &[u8]) -> Vec<u8> {
    let mut v = id_bytes(id);
    v.extend(size_bytes(body.len() as u64));
    v.extend_from_slice(body);
    v
}

/// Encodes an element whose size is written on 8 bytes.
fn el8(id: u32, body: &[u8]) -> Vec<u8> {
    let mut v = id_bytes(id);
    v.push(0x01);
    v.extend_from_slice(&(body.len() as u64).to_be_bytes()[1..]);
    v.extend_from_slice(body);
    v
}

/// An unknown-size element header.
fn unknown(id: u32) -> Vec<u8> {
    let mut v = id_bytes(id);
    v.extend([0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);
    v
}

fn id_bytes(id: u32) -> Vec<u8> {
    let b = id.to_be_bytes();
    let skip = b.iter().take_while(|&&x| x == 0).count();
    b[skip..].to_vec()
}

fn size_bytes(n: u64) -> Vec<u8> {
    for len in 1..=8u32 {
        if n < (1u64 << (7 * len)) - 1 {
            let v = n | 1u64 << (7 * len);
            return v.to_be_bytes()[8 - len as usize..].to_vec();
        }
    }
    unreachable!()
}

fn uint_el(id: u32, v: u64) -> Vec<u8> {
    let b = v.to_be_bytes();
    let skip = b.iter().take_while(|&&x| x == 0).count().min(7);
    el(id, &b[skip..])
}

fn f64_el(id: u32, v: f64) -> Vec<u8> {
    el(id, &v.to_be_bytes())
}

fn cat(parts: &[Vec<u8>]) -> Vec<u8> {
    parts.concat()
}

fn ebml_header(doc: &str) -> Vec<u8> {
    el(
        EBML,
        &cat(&[
            uint_el(0x4286, 1),
            uint_el(EBML_READ_VERSION, 1),
            uint_el(EBML_MAX_ID_LENGTH, 4),
            uint_el(EBML_MAX_SIZE_LENGTH, 8),
            el(DOC_TYPE, doc.as_bytes()),
            uint_el(0x4287, 4),
            uint_el(DOC_TYPE_READ_VERSION, 2),
        ]),
    )
}

fn info_el(duration_ms: f64, title: Option<&str>) -> Vec<u8> {
    let mut parts = vec![
        uint_el(TIMESTAMP_SCALE, 1_000_000),
        el(MUXING_APP, b"mux"),
        el(WRITING_APP, b"writer"),
        el(CRC32, &[1, 2, 3, 4]),
    ];
    if let Some(t) = title {
        parts.push(el(TITLE, t.as_bytes()));
    }
    parts.push(f64_el(DURATION, duration_ms));
    el(INFO, &cat(&parts))
}

fn audio_track(uid: u64, codec: &str, rate: f64, channels: u64, depth: Option<u64>) -> Vec<u8> {
    let mut audio = vec![
        f64_el(SAMPLING_FREQUENCY, rate),
        uint_el(CHANNELS, channels),
    ];
    if let Some(d) = depth {
        audio.push(uint_el(BIT_DEPTH, d));
    }
    el(
        TRACK_ENTRY,
        &cat(&[
            uint_el(0xD7, 1),
            uint_el(TRACK_UID, uid),
            uint_el(TRACK_TYPE, 2),
            el(CODEC_ID, codec.as_bytes()),
            el(LANGUAGE, b"ger"),
            el(NAME, b"Main"),
            el(VOID, &[0; 3]),
            el(AUDIO, &cat(&audio)),
        ]),
    )
}

fn video_track(uid: u64) -> Vec<u8> {
    el(
        TRACK_ENTRY,
        &cat(&[
            uint_el(TRACK_UID, uid),
            uint_el(TRACK_TYPE, 1),
            el(CODEC_ID, b"V_VP9"),
        ]),
    )
}

fn simple(name: &str, value: &str, nested: &[Vec<u8>]) -> Vec<u8> {
    let mut parts = vec![
        el(TAG_NAME, name.as_bytes()),
        el(TAG_STRING, value.as_bytes()),
    ];
    parts.extend(nested.iter().cloned());
    el(SIMPLE_TAG, &cat(&parts))
}

fn tag(targets: &[Vec<u8>], simples: &[Vec<u8>]) -> Vec<u8> {
    let mut parts = vec![el(TARGETS, &cat(targets))];
    parts.extend(simples.iter().cloned());
    el(TAG, &cat(&parts))
}

fn seek(id: u32, pos: u64) -> Vec<u8> {
    el(
        SEEK,
        &cat(&[
            el(SEEK_ID, &id_bytes(id)),
            el(SEEK_POSITION, &pos.to_be_bytes()),
        ]),
    )
}

fn cluster(n: usize) -> Vec<u8> {
    el(CLUSTER, &cat(&[uint_el(0xE7, 0), el(0xA3, &vec![0x55; n])]))
}

fn run(data: &[u8]) -> Probe<'_> {
    let input = Input::whole(data);
    let mut out = Probe::new();
    let r = parse(&input, &mut Scratch::none(), &mut out);
    match r {
        Ok(()) => {}
        Err(Stop::Fail(e)) => out.error = Some(e),
        Err(n) => panic!("whole input asked for more: {n:?}"),
    }
    out
}

fn tag_str(p: &Probe<'_>, key: TagKey<'_>) -> Option<String> {
    p.tag(key).map(|t| t.to_string())
}

fn other(p: &Probe<'_>, name: &str) -> Vec<String> {
    p.tags
        .iter()
        .filter(|t| matches!(t.key, TagKey::Other(k) if k.to_string() == name))
        .map(|t| t.value.to_string())
        .collect()
}

/// A WebM file laid out as ffmpeg writes it: SeekHead, Void, Info, Tracks,
/// Tags, then Clusters.
fn ffmpeg_like() -> Vec<u8> {
    let info = info_el(2008.0, Some("Hello"));
    // ffmpeg writes BitDepth 16 for Opus.
    let tracks = el(TRACKS, &audio_track(0xBD33, "A_OPUS", 48000.0, 2, Some(16)));
    let tags = el(
        TAGS,
        &cat(&[
            tag(
                &[],
                &[
                    simple("ARTIST", "Me", &[]),
                    simple("PART_NUMBER", "3", &[]),
                    simple("ENCODER", "Lavf", &[]),
                ],
            ),
            tag(
                &[uint_el(TAG_TRACK_UID, 0xBD33)],
                &[
                    simple("ENCODER", "Lavc libopus", &[]),
                    simple("DURATION", "00:00:02.008000000\0\0", &[]),
                ],
            ),
        ]),
    );
    let void = el(VOID, &[0; 20]);
    // SeekHead with fixed-width positions so its own size does not depend on them.
    let seek_head_len = el(
        SEEK_HEAD,
        &cat(&[seek(INFO, 0), seek(TRACKS, 0), seek(TAGS, 0)]),
    )
    .len() as u64;
    let p_info = seek_head_len + void.len() as u64;
    let p_tracks = p_info + info.len() as u64;
    let p_tags = p_tracks + tracks.len() as u64;
    let sh = el(
        SEEK_HEAD,
        &cat(&[
            seek(INFO, p_info),
            seek(TRACKS, p_tracks),
            seek(TAGS, p_tags),
        ]),
    );
    assert_eq!(sh.len() as u64, seek_head_len);
    let seg_body = cat(&[sh, void, info, tracks, tags, cluster(100), cluster(100)]);
    cat(&[ebml_header("webm"), el8(SEGMENT, &seg_body)])
}

#[test]
fn reads_ffmpeg_like_webm() {
    let f = ffmpeg_like();
    let p = run(&f);
    assert_eq!(p.error, None, "{:?}", p.warnings);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    assert_eq!(p.format, Format::WebM);
    assert_eq!(p.doc_type.unwrap().to_string(), "webm");
    assert_eq!(p.stream.codec, Codec::Matroska(b"A_OPUS"));
    assert_eq!(p.stream.codec.name(), "opus");
    assert_eq!(p.stream.duration, Some(2.008));
    assert_eq!(p.stream.sample_rate, Some(48000));
    assert_eq!(p.stream.channels, Some(2));
    assert_eq!(p.stream.bits_per_sample, None);
    assert_eq!(p.audio_tracks, 1);
    assert_eq!(tag_str(&p, TagKey::Title).as_deref(), Some("Hello"));
    assert_eq!(tag_str(&p, TagKey::Artist).as_deref(), Some("Me"));
    assert_eq!(tag_str(&p, TagKey::Track).as_deref(), Some("3"));
    assert_eq!(other(&p, "ENCODER"), ["Lavf", "Lavc libopus"]);
    assert_eq!(other(&p, "DURATION"), ["00:00:02.008000000"]);
    assert_eq!(other(&p, "muxing_app"), ["mux"]);
    assert_eq!(other(&p, "writing_app"), ["writer"]);
    assert_eq!(other(&p, "language"), ["ger"]);
    assert_eq!(other(&p, "track_name"), ["Main"]);
    assert!(p.tags.iter().all(|t| t.source == TagSource::Matroska));
    // File size over duration, as ffprobe's format bitrate.
    assert_eq!(
        p.stream.bitrate,
        Some((f.len() as f64 * 8.0 / 2.008) as u32)
    );
}

#[test]
fn doc_type_matroska_and_unknown() {
    let seg = el(
        SEGMENT,
        &cat(&[
            info_el(1000.0, None),
            el(TRACKS, &audio_track(1, "A_FLAC", 44100.0, 1, Some(16))),
        ]),
    );
    let f = cat(&[ebml_header("matroska"), seg.clone()]);
    let p = run(&f);
    assert_eq!(p.format, Format::Matroska);
    assert_eq!(p.stream.bits_per_sample, Some(16));
    assert_eq!(p.stream.duration, Some(1.0));
    let f = cat(&[ebml_header("mkvx"), seg]);
    let p = run(&f);
    assert_eq!(p.error.unwrap().kind, ErrorKind::Unsupported);
    assert_eq!(p.doc_type.unwrap().to_string(), "mkvx");
}

#[test]
fn pcm_track_has_exact_bitrate() {
    let tracks = el(
        TRACKS,
        &audio_track(1, "A_PCM/INT/LIT", 44100.0, 2, Some(24)),
    );
    let f = cat(&[
        ebml_header("matroska"),
        el(SEGMENT, &cat(&[info_el(3000.0, None), tracks])),
    ]);
    let p = run(&f);
    assert_eq!(p.stream.codec.name(), "pcm_le");
    assert_eq!(p.stream.bits_per_sample, Some(24));
    assert_eq!(p.stream.bitrate, Some(2_116_800));
}

#[test]
fn timestamp_scale_and_float32_duration() {
    let info = el(
        INFO,
        &cat(&[
            uint_el(TIMESTAMP_SCALE, 1_000),
            el(DURATION, &2_500_000f32.to_be_bytes()),
        ]),
    );
    let f = cat(&[
        ebml_header("matroska"),
        el(SEGMENT, &cat(&[info, el(TRACKS, &[])])),
    ]);
    let p = run(&f);
    assert_eq!(p.stream.duration, Some(2.5));
    assert_eq!(p.audio_tracks, 0);
}

#[test]
fn negative_or_nan_duration_is_a_warning() {
    let info = el(INFO, &f64_el(DURATION, f64::NAN));
    let f = cat(&[
        ebml_header("matroska"),
        el(SEGMENT, &cat(&[info, el(TRACKS, &[])])),
    ]);
    let p = run(&f);
    assert_eq!(p.stream.duration, None);
    assert_eq!(p.warnings.iter().next().unwrap().kind, ErrorKind::Malformed);
}

#[test]
fn huge_duration_times_scale_is_not_infinite() {
    // Found by the ebml fuzz target: a finite Duration times TimestampScale
    // overflowed to infinity.
    let info = el(
        INFO,
        &cat(&[uint_el(TIMESTAMP_SCALE, u64::MAX), f64_el(DURATION, 1e300)]),
    );
    let f = cat(&[
        ebml_header("matroska"),
        el(SEGMENT, &cat(&[info, el(TRACKS, &[])])),
    ]);
    let p = run(&f);
    assert_eq!(p.stream.duration, None);
    assert!(p.warnings.iter().any(|w| w.what.contains("out of range")));
}

#[test]
fn first_audio_track_wins_and_all_are_counted() {
    let mut t1 = audio_track(7, "A_VORBIS", 44100.0, 2, None);
    // OutputSamplingFrequency (SBR) overrides SamplingFrequency.
    let aac = el(
        TRACK_ENTRY,
        &cat(&[
            uint_el(TRACK_UID, 8),
            uint_el(TRACK_TYPE, 2),
            el(CODEC_ID, b"A_AAC"),
            uint_el(CODEC_DELAY, 6_500_000),
            el(
                AUDIO,
                &cat(&[
                    f64_el(SAMPLING_FREQUENCY, 24000.0),
                    f64_el(OUTPUT_SAMPLING_FREQUENCY, 48000.0),
                ]),
            ),
        ]),
    );
    let tracks = el(
        TRACKS,
        &cat(&[video_track(5), aac, std::mem::take(&mut t1)]),
    );
    let f = cat(&[
        ebml_header("matroska"),
        el(SEGMENT, &cat(&[info_el(10.0, None), tracks])),
    ]);
    let p = run(&f);
    assert_eq!(p.audio_tracks, 2);
    assert_eq!(p.stream.codec.name(), "aac");
    assert_eq!(p.stream.sample_rate, Some(48000));
    assert_eq!(p.stream.channels, Some(1)); // default
    assert_eq!(p.stream.encoder_delay, Some(156)); // 6.5 ms at 24 kHz
}

#[test]
fn tag_levels_aliases_and_nesting() {
    let tags = el(
        TAGS,
        &cat(&[
            tag(
                &[uint_el(TARGET_TYPE_VALUE, 50)],
                &[
                    simple("TITLE", "The Album", &[]),
                    simple("PART_NUMBER", "2", &[]),
                    simple("ARTIST", "Band", &[]),
                ],
            ),
            tag(
                &[uint_el(TARGET_TYPE_VALUE, 30)],
                &[
                    simple("TITLE", "Song", &[]),
                    simple("PART_NUMBER", "4", &[]),
                    simple("DATE_RELEASED", "2001", &[]),
                    simple("DATE_RECORDED", "2000", &[]),
                    simple(
                        "ARTIST",
                        "Singer",
                        &[simple("SORT_WITH", "Singer, The", &[])],
                    ),
                    simple("GENRE", "Pop", &[]),
                    simple("COMMENT", "nice", &[]),
                    simple("COMPOSER", "Comp", &[]),
                    simple("LYRICS", "la la", &[]),
                    simple("ALBUM_ARTIST", "Various", &[]),
                    simple("MOOD", "happy", &[]),
                ],
            ),
            // Another track, a chapter: skipped.
            tag(
                &[uint_el(TAG_TRACK_UID, 99)],
                &[simple("TITLE", "Other track", &[])],
            ),
            tag(
                &[uint_el(TAG_CHAPTER_UID, 3)],
                &[simple("TITLE", "Chapter", &[])],
            ),
            // The main track: only standard keys missing globally.
            tag(
                &[uint_el(TAG_TRACK_UID, 1)],
                &[
                    simple("TITLE", "Track title", &[]),
                    simple("LANGUAGE_X", "x", &[]),
                    simple("BPS", "128000", &[]),
                ],
            ),
        ]),
    );
    let tracks = el(TRACKS, &audio_track(1, "A_OPUS", 48000.0, 2, None));
    let f = cat(&[
        ebml_header("matroska"),
        el(
            SEGMENT,
            &cat(&[info_el(1000.0, Some("Info title")), tracks, tags]),
        ),
    ]);
    let p = run(&f);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    assert_eq!(tag_str(&p, TagKey::Album).as_deref(), Some("The Album"));
    assert_eq!(tag_str(&p, TagKey::Disc).as_deref(), Some("2"));
    assert_eq!(tag_str(&p, TagKey::Title).as_deref(), Some("Song"));
    assert_eq!(tag_str(&p, TagKey::Track).as_deref(), Some("4"));
    assert_eq!(tag_str(&p, TagKey::Date).as_deref(), Some("2001"));
    assert_eq!(other(&p, "DATE_RECORDED"), ["2000"]);
    let artists: Vec<_> = p
        .tags
        .iter()
        .filter(|t| t.key == TagKey::Artist)
        .map(|t| t.value.to_string())
        .collect();
    assert_eq!(artists, ["Singer"]);
    // ARTIST at album level with a track-level ARTIST is the album artist;
    // the later ALBUM_ARTIST alias keeps its own name.
    assert_eq!(tag_str(&p, TagKey::AlbumArtist).as_deref(), Some("Band"));
    assert_eq!(other(&p, "ALBUM_ARTIST"), ["Various"]);
    assert_eq!(other(&p, "ARTIST/SORT_WITH"), ["Singer, The"]);
    assert_eq!(tag_str(&p, TagKey::Genre).as_deref(), Some("Pop"));
    assert_eq!(tag_str(&p, TagKey::Comment).as_deref(), Some("nice"));
    assert_eq!(tag_str(&p, TagKey::Composer).as_deref(), Some("Comp"));
    assert_eq!(tag_str(&p, TagKey::Lyrics).as_deref(), Some("la la"));
    assert_eq!(other(&p, "MOOD"), ["happy"]);
    assert_eq!(other(&p, "LANGUAGE_X"), ["x"]);
    assert_eq!(other(&p, "TITLE"), ["Track title"]);
    assert_eq!(other(&p, "BPS"), ["128000"]);
    let titles: Vec<_> = p
        .tags
        .iter()
        .filter(|t| t.key == TagKey::Title)
        .map(|t| t.value.to_string())
        .collect();
    assert_eq!(
        titles,
        ["Song"],
        "Info title and track-level title lose to the global TITLE"
    );
    assert_eq!(p.stream.bitrate, Some(128_000));
}

#[test]
fn implicit_album_level_as_mkvmerge_writes_it() {
    // No TargetTypeValue (= 50) next to a level-30 tag: album meaning.
    let tags = el(
        TAGS,
        &cat(&[
            tag(
                &[],
                &[
                    simple("TITLE", "Album", &[]),
                    simple("ARTIST", "Band", &[]),
                    simple("PART_NUMBER", "1", &[]),
                ],
            ),
            tag(
                &[uint_el(TARGET_TYPE_VALUE, 30)],
                &[
                    simple("TITLE", "Song", &[]),
                    simple("ARTIST", "Singer", &[]),
                    simple("PART_NUMBER", "7", &[]),
                ],
            ),
        ]),
    );
    let f = cat(&[
        ebml_header("matroska"),
        el(
            SEGMENT,
            &cat(&[info_el(1.0, Some("Seg")), el(TRACKS, &[]), tags]),
        ),
    ]);
    let p = run(&f);
    assert_eq!(tag_str(&p, TagKey::Album).as_deref(), Some("Album"));
    assert_eq!(tag_str(&p, TagKey::AlbumArtist).as_deref(), Some("Band"));
    assert_eq!(tag_str(&p, TagKey::Disc).as_deref(), Some("1"));
    assert_eq!(tag_str(&p, TagKey::Title).as_deref(), Some("Song"));
    assert_eq!(tag_str(&p, TagKey::Artist).as_deref(), Some("Singer"));
    assert_eq!(tag_str(&p, TagKey::Track).as_deref(), Some("7"));
    // Alone, the same implicit-level tag is the file's own title.
    let tags = el(
        TAGS,
        &tag(
            &[],
            &[simple("TITLE", "Only", &[]), simple("TITLE", "Twice", &[])],
        ),
    );
    let f = cat(&[
        ebml_header("matroska"),
        el(
            SEGMENT,
            &cat(&[info_el(1.0, Some("Seg")), el(TRACKS, &[]), tags]),
        ),
    ]);
    let p = run(&f);
    let titles: Vec<_> = p
        .tags
        .iter()
        .filter(|t| t.key == TagKey::Title)
        .map(|t| t.value.to_string())
        .collect();
    assert_eq!(titles, ["Only", "Twice"]);
    assert_eq!(tag_str(&p, TagKey::Album), None);
}

#[test]
fn deep_nesting_is_a_limit_warning() {
    let mut st = simple("LEAF", "v", &[]);
    for _ in 0..20 {
        st = simple("N", "v", &[st]);
    }
    let tags = el(TAGS, &tag(&[], &[st]));
    let f = cat(&[
        ebml_header("matroska"),
        el(SEGMENT, &cat(&[info_el(1.0, None), el(TRACKS, &[]), tags])),
    ]);
    let p = run(&f);
    assert!(p.warnings.iter().any(|w| w.kind == ErrorKind::Limit));
}

/// Tags and a second SeekHead after the Clusters, reached through the first.
fn tags_after_clusters(unknown_segment: bool) -> Vec<u8> {
    let info = info_el(5000.0, None);
    let tracks = el(TRACKS, &audio_track(1, "A_FLAC", 44100.0, 2, Some(24)));
    let clusters = cat(&[cluster(30_000), cluster(30_000)]);
    let tags = el(TAGS, &tag(&[], &[simple("TITLE", "Late", &[])]));
    let sh1_len = el(SEEK_HEAD, &cat(&[seek(INFO, 0), seek(SEEK_HEAD, 0)])).len() as u64;
    let p_info = sh1_len;
    let p_tracks = p_info + info.len() as u64;
    let p_sh2 = p_tracks + tracks.len() as u64 + clusters.len() as u64;
    let sh2_len = el(SEEK_HEAD, &cat(&[seek(TRACKS, 0), seek(TAGS, 0)])).len() as u64;
    let p_tags = p_sh2 + sh2_len;
    let sh1 = el(
        SEEK_HEAD,
        &cat(&[seek(INFO, p_info), seek(SEEK_HEAD, p_sh2)]),
    );
    let sh2 = el(
        SEEK_HEAD,
        &cat(&[seek(TRACKS, p_tracks), seek(TAGS, p_tags)]),
    );
    assert_eq!(sh1.len() as u64, sh1_len);
    assert_eq!(sh2.len() as u64, sh2_len);
    let body = cat(&[sh1, info, tracks, clusters, sh2, tags]);
    let seg = if unknown_segment {
        cat(&[unknown(SEGMENT), body])
    } else {
        el8(SEGMENT, &body)
    };
    cat(&[ebml_header("matroska"), seg])
}

#[test]
fn chained_seek_head_reaches_tags_after_clusters() {
    let f = tags_after_clusters(false);
    let p = run(&f);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    assert_eq!(tag_str(&p, TagKey::Title).as_deref(), Some("Late"));
    assert_eq!(p.stream.bits_per_sample, Some(24));
    assert_eq!(p.stream.duration, Some(5.0));
}

/// Runs as the file driver does: a head window, then whatever is asked for.
fn run_sparse(data: &[u8], head: usize, min_extra: usize) -> (Probe<'_>, Vec<(u64, u64)>) {
    crate::test_support::run_sparse(parse, data, head, min_extra)
}

#[test]
fn sparse_input_never_reads_clusters() {
    let f = tags_after_clusters(false);
    let (p, asks) = run_sparse(&f, 4096, 4096);
    assert_eq!(tag_str(&p, TagKey::Title).as_deref(), Some("Late"));
    assert_eq!(p.stream.sample_rate, Some(44100));
    // One read for the second SeekHead; Tags sit in the same window.
    assert_eq!(asks.len(), 1, "{asks:?}");
    assert!(asks[0].0 > 60_000);
    let (whole, _) = run_sparse(&f, f.len(), 0);
    assert_eq!(format!("{:?}", whole.tags), format!("{:?}", p.tags));
}

#[test]
fn metadata_after_clusters_is_fetched_in_one_read() {
    // Info, Tracks and Tags all after the Clusters: one SeekHead in the head,
    // one read for the three elements together.
    let info = info_el(3000.0, Some("After"));
    let tracks = el(TRACKS, &audio_track(1, "A_VORBIS", 44100.0, 2, None));
    let tags = el(TAGS, &tag(&[], &[simple("ARTIST", "Late artist", &[])]));
    let clusters = cat(&[cluster(30_000), cluster(30_000)]);
    let sh_len = el(
        SEEK_HEAD,
        &cat(&[seek(INFO, 0), seek(TRACKS, 0), seek(TAGS, 0)]),
    )
    .len() as u64;
    let p_info = sh_len + clusters.len() as u64;
    let p_tracks = p_info + info.len() as u64;
    let p_tags = p_tracks + tracks.len() as u64;
    let sh = el(
        SEEK_HEAD,
        &cat(&[
            seek(INFO, p_info),
            seek(TRACKS, p_tracks),
            seek(TAGS, p_tags),
        ]),
    );
    let f = cat(&[
        ebml_header("matroska"),
        el8(SEGMENT, &cat(&[sh, clusters, info, tracks, tags])),
    ]);
    let (p, asks) = run_sparse(&f, 1024, 64);
    assert_eq!(asks.len(), 1, "{asks:?}");
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    assert_eq!(p.stream.duration, Some(3.0));
    assert_eq!(p.stream.codec.name(), "vorbis");
    assert_eq!(tag_str(&p, TagKey::Artist).as_deref(), Some("Late artist"));
    assert_eq!(tag_str(&p, TagKey::Title).as_deref(), Some("After"));
}

#[test]
fn large_element_before_clusters_is_not_stepped_over_when_seek_head_knows() {
    // mkvmerge puts Attachments (cover art) before the Clusters; with a
    // SeekHead giving Info and Tracks, the walk stops there in every mode.
    let info = info_el(2000.0, None);
    let tracks = el(TRACKS, &audio_track(1, "A_FLAC", 48000.0, 2, Some(16)));
    let attachments = el(0x1941_A469, &vec![0u8; 100_000]);
    let tags = el(TAGS, &tag(&[], &[simple("TITLE", "Listed", &[])]));
    let sh_len = el(
        SEEK_HEAD,
        &cat(&[seek(INFO, 0), seek(TRACKS, 0), seek(TAGS, 0)]),
    )
    .len() as u64;
    let p_info = sh_len;
    let p_tracks = p_info + info.len() as u64;
    let p_tags = p_tracks + tracks.len() as u64 + attachments.len() as u64;
    let sh = el(
        SEEK_HEAD,
        &cat(&[
            seek(INFO, p_info),
            seek(TRACKS, p_tracks),
            seek(TAGS, p_tags),
        ]),
    );
    let f = cat(&[
        ebml_header("matroska"),
        el8(
            SEGMENT,
            &cat(&[sh, info, tracks, attachments, tags, cluster(100)]),
        ),
    ]);
    let whole = run(&f);
    let (sparse, asks) = run_sparse(&f, 4096, 4096);
    assert_eq!(asks.len(), 1, "only the Tags: {asks:?}");
    assert_eq!(tag_str(&whole, TagKey::Title).as_deref(), Some("Listed"));
    assert_eq!(format!("{:?}", whole.tags), format!("{:?}", sparse.tags));
    assert_eq!(whole.stream, sparse.stream);
}

#[test]
fn live_stream_stops_at_first_cluster_with_a_note() {
    let info = el(INFO, &uint_el(TIMESTAMP_SCALE, 1_000_000));
    let tracks = el(TRACKS, &audio_track(1, "A_OPUS", 48000.0, 2, None));
    let mut cl = unknown(CLUSTER);
    cl.extend(uint_el(0xE7, 0));
    cl.extend(el(0xA3, &[0x80; 50]));
    let f = cat(&[ebml_header("webm"), unknown(SEGMENT), info, tracks, cl]);
    let (p, asks) = run_sparse(&f, 64, 16);
    assert!(asks.len() <= 3, "{asks:?}");
    assert_eq!(p.error, None);
    assert_eq!(p.stream.duration, None);
    assert_eq!(p.stream.sample_rate, Some(48000));
    assert_eq!(p.warnings.len(), 1);
    assert_eq!(
        p.warnings.iter().next().unwrap().kind,
        ErrorKind::Unsupported
    );
    // With a SeekHead, an unknown-size Segment still reaches late Tags.
    let f = tags_after_clusters(true);
    let p = run(&f);
    assert_eq!(tag_str(&p, TagKey::Title).as_deref(), Some("Late"));
}

#[test]
fn seek_head_pointing_at_wrong_element_is_a_warning() {
    let info = info_el(1.0, None);
    let sh_len = el(SEEK_HEAD, &seek(TAGS, 0)).len() as u64;
    let sh = el(SEEK_HEAD, &seek(TAGS, sh_len)); // points at Info
    let f = cat(&[
        ebml_header("matroska"),
        el(SEGMENT, &cat(&[sh, info, el(TRACKS, &[])])),
    ]);
    let p = run(&f);
    assert_eq!(p.error, None);
    assert!(
        p.warnings
            .iter()
            .any(|w| w.what.contains("different element"))
    );
    assert_eq!(p.stream.duration, Some(0.001));
}

#[test]
fn seek_head_cycle_terminates() {
    // A SeekHead listing itself.
    let sh = el(SEEK_HEAD, &seek(SEEK_HEAD, 0));
    let f = cat(&[
        ebml_header("matroska"),
        el(SEGMENT, &cat(&[sh, info_el(1.0, None), el(TRACKS, &[])])),
    ]);
    let p = run(&f);
    assert_eq!(p.error, None);
    assert_eq!(p.stream.duration, Some(0.001));
}

#[test]
fn segment_longer_than_file_is_clamped() {
    let mut f = ffmpeg_like();
    f.truncate(f.len() - 50);
    let p = run(&f);
    assert_eq!(p.error, None);
    assert!(p.warnings.iter().any(|w| w.kind == ErrorKind::Truncated));
    assert_eq!(p.stream.sample_rate, Some(48000));
}

#[test]
fn not_ebml_and_bad_headers_are_typed_errors() {
    assert_eq!(
        run(b"\x1A\x45\xDF").error.unwrap().kind,
        ErrorKind::Truncated
    );
    assert_eq!(
        run(b"\x1A\x45\xDF\xA3\xFF").error.unwrap().kind,
        ErrorKind::Malformed
    );
    let big = cat(&[
        el(EBML, &uint_el(EBML_MAX_SIZE_LENGTH, 9)),
        el(SEGMENT, &[]),
    ]);
    assert_eq!(run(&big).error.unwrap().kind, ErrorKind::Unsupported);
    let no_seg = ebml_header("webm");
    assert_eq!(run(&no_seg).error.unwrap().kind, ErrorKind::Malformed);
}

fn fixtures() -> Vec<Vec<u8>> {
    vec![
        ffmpeg_like(),
        tags_after_clusters(false),
        tags_after_clusters(true),
    ]
}

#[test]
fn truncation_at_every_offset_never_panics() {
    for f in fixtures() {
        // The metadata region (clusters are skipped by arithmetic anyway).
        let limit = f.len().min(2000);
        for cut in 0..limit {
            let p = run(&f[..cut]);
            let _ = (p.error, p.warnings.len());
        }
    }
}

#[test]
fn bit_flips_never_panic() {
    let mut next = crate::test_support::xorshift(0x9E37_79B9_7F4A_7C15u64);
    for f in fixtures() {
        let region = f.len().min(1500);
        for _ in 0..3000 {
            let mut g = f.clone();
            for _ in 0..1 + next() % 4 {
                let i = (next() % region as u64) as usize;
                g[i] ^= 1 << (next() % 8);
            }
            let _ = run(&g);
            let _ = run_sparse(&g, 512, 512);
        }
    }
}
