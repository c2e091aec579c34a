//! Shared helpers for the fixture tests: the fixture list and expected values
//! (a small JSON reader for `tests/fixtures/expected.json`, written by
//! `scripts/make-fixtures.sh`), an owned summary of a [`Probe`] that can be
//! compared and printed, and an in-memory copy of the `Prober` read loop that
//! serves `Stop::Need` requests from a byte slice.
#![allow(dead_code)]

pub(crate) mod counting;

use std::collections::BTreeMap;
use std::path::PathBuf;

use cadenza_meta::{Input, MAX_WINDOWS, Probe, Scratch, Stop, TagSource};

/// Directory holding the committed fixtures.
pub(crate) fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

// ------------------------------------------------------------------ JSON

/// A parsed JSON value (objects keep their key order).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

impl Json {
    pub(crate) fn parse(s: &str) -> Json {
        let mut p = JsonParser {
            b: s.as_bytes(),
            i: 0,
        };
        let v = p.value();
        p.ws();
        assert_eq!(p.i, p.b.len(), "trailing bytes in JSON");
        v
    }
    pub(crate) fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(kv) => kv.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
    pub(crate) fn str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }
    pub(crate) fn num(&self) -> Option<f64> {
        match self {
            Json::Num(n) => Some(*n),
            _ => None,
        }
    }
    pub(crate) fn arr(&self) -> &[Json] {
        match self {
            Json::Arr(a) => a,
            _ => &[],
        }
    }
    pub(crate) fn obj(&self) -> &[(String, Json)] {
        match self {
            Json::Obj(kv) => kv,
            _ => &[],
        }
    }
}

struct JsonParser<'a> {
    b: &'a [u8],
    i: usize,
}

impl JsonParser<'_> {
    fn ws(&mut self) {
        while self.i < self.b.len() && self.b[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }
    fn eat(&mut self, c: u8) {
        self.ws();
        assert_eq!(
            self.b.get(self.i),
            Some(&c),
            "JSON: expected {:?} at {}",
            c as char,
            self.i
        );
        self.i += 1;
    }
    fn value(&mut self) -> Json {
        self.ws();
        match self.b[self.i] {
            b'{' => {
                self.i += 1;
                let mut kv = Vec::new();
                self.ws();
                if self.b[self.i] == b'}' {
                    self.i += 1;
                    return Json::Obj(kv);
                }
                loop {
                    self.ws();
                    let k = self.string();
                    self.eat(b':');
                    kv.push((k, self.value()));
                    self.ws();
                    self.i += 1;
                    match self.b[self.i - 1] {
                        b',' => {}
                        b'}' => return Json::Obj(kv),
                        c => panic!("JSON: unexpected {:?}", c as char),
                    }
                }
            }
            b'[' => {
                self.i += 1;
                let mut a = Vec::new();
                self.ws();
                if self.b[self.i] == b']' {
                    self.i += 1;
                    return Json::Arr(a);
                }
                loop {
                    a.push(self.value());
                    self.ws();
                    self.i += 1;
                    match self.b[self.i - 1] {
                        b',' => {}
                        b']' => return Json::Arr(a),
                        c => panic!("JSON: unexpected {:?}", c as char),
                    }
                }
            }
            b'"' => Json::Str(self.string()),
            b't' => {
                self.i += 4;
                Json::Bool(true)
            }
            b'f' => {
                self.i += 5;
                Json::Bool(false)
            }
            b'n' => {
                self.i += 4;
                Json::Null
            }
            _ => {
                let s = self.i;
                while self.i < self.b.len() && b"+-0123456789.eE".contains(&self.b[self.i]) {
                    self.i += 1;
                }
                let t = std::str::from_utf8(&self.b[s..self.i]).unwrap();
                Json::Num(
                    t.parse()
                        .unwrap_or_else(|_| panic!("JSON: bad number {t:?}")),
                )
            }
        }
    }
    fn string(&mut self) -> String {
        assert_eq!(self.b[self.i], b'"');
        self.i += 1;
        let mut out = String::new();
        loop {
            let c = self.b[self.i];
            self.i += 1;
            match c {
                b'"' => return out,
                b'\\' => {
                    let e = self.b[self.i];
                    self.i += 1;
                    match e {
                        b'n' => out.push('\n'),
                        b't' => out.push('\t'),
                        b'r' => out.push('\r'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'u' => {
                            let mut u = self.hex4();
                            if (0xD800..0xDC00).contains(&u) && self.b[self.i..].starts_with(b"\\u")
                            {
                                self.i += 2;
                                let l = self.hex4();
                                u = 0x10000 + ((u - 0xD800) << 10) + (l - 0xDC00);
                            }
                            out.push(char::from_u32(u).unwrap_or('\u{FFFD}'));
                        }
                        other => out.push(other as char),
                    }
                }
                _ => {
                    // Copy one UTF-8 sequence as is.
                    let start = self.i - 1;
                    let mut end = self.i;
                    while end < self.b.len() && (self.b[end] & 0xC0) == 0x80 {
                        end += 1;
                    }
                    out.push_str(std::str::from_utf8(&self.b[start..end]).unwrap());
                    self.i = end;
                }
            }
        }
    }
    fn hex4(&mut self) -> u32 {
        let s = std::str::from_utf8(&self.b[self.i..self.i + 4]).unwrap();
        self.i += 4;
        u32::from_str_radix(s, 16).unwrap()
    }
}

// ------------------------------------------------------------------ expected values

/// The expected tags of one source: (key, values) in the order written.
pub(crate) type TagGroup = Vec<(String, Vec<String>)>;

/// One entry of `expected.json`.
#[derive(Clone, Debug)]
pub(crate) struct Expected {
    pub(crate) path: String,
    pub(crate) size: u64,
    pub(crate) format: String,
    pub(crate) codec: String,
    pub(crate) duration: Option<f64>,
    pub(crate) sample_rate: Option<u32>,
    pub(crate) channels: Option<u16>,
    pub(crate) bits_per_sample: Option<u16>,
    pub(crate) bitrate: Option<u32>,
    pub(crate) channel_mask: Option<u32>,
    pub(crate) encoder_delay: Option<u32>,
    pub(crate) audio_tracks: u32,
    pub(crate) pictures: usize,
    /// (MIME type, data size) of each picture, where the oracle gives them
    /// (Matroska attachments, from ffprobe's attached-picture streams).
    pub(crate) picture_list: Vec<(String, u64)>,
    /// source group -> normalised keys with their values, in file order.
    pub(crate) tags: Vec<(String, TagGroup)>,
    /// source group -> the format's own keys (TXXX descriptions, INFO IDs,
    /// SimpleTag names, APE keys...) with their values.
    pub(crate) other_tags: Vec<(String, TagGroup)>,
}

impl Expected {
    pub(crate) fn full_path(&self) -> PathBuf {
        fixtures_dir().join(&self.path)
    }
    pub(crate) fn read(&self) -> Vec<u8> {
        std::fs::read(self.full_path()).unwrap_or_else(|e| panic!("{}: {e}", self.path))
    }
}

/// Every fixture with its expected values.
pub(crate) fn expected() -> Vec<Expected> {
    let text = std::fs::read_to_string(fixtures_dir().join("expected.json")).unwrap();
    let json = Json::parse(&text);
    json.arr()
        .iter()
        .map(|e| {
            let s = |k: &str| e.get(k).and_then(Json::str).unwrap_or_default().to_string();
            let n = |k: &str| e.get(k).and_then(Json::num);
            let groups = |name: &str| -> Vec<(String, TagGroup)> {
                e.get(name)
                    .map(|t| {
                        t.obj()
                            .iter()
                            .map(|(src, g)| {
                                let kv = g
                                    .obj()
                                    .iter()
                                    .map(|(k, vs)| {
                                        let vs =
                                            vs.arr().iter().map(|v| v.str().unwrap().to_string());
                                        (k.clone(), vs.collect())
                                    })
                                    .collect();
                                (src.clone(), kv)
                            })
                            .collect()
                    })
                    .unwrap_or_default()
            };
            Expected {
                path: s("path"),
                size: n("size").unwrap() as u64,
                format: s("format"),
                codec: s("codec"),
                duration: n("duration"),
                sample_rate: n("sample_rate").map(|v| v as u32),
                channels: n("channels").map(|v| v as u16),
                bits_per_sample: n("bits_per_sample").map(|v| v as u16),
                bitrate: n("bitrate").map(|v| v as u32),
                channel_mask: n("channel_mask").map(|v| v as u32),
                encoder_delay: n("encoder_delay").map(|v| v as u32),
                audio_tracks: n("audio_tracks").unwrap_or(1.0) as u32,
                pictures: n("pictures").unwrap_or(0.0) as usize,
                picture_list: e
                    .get("picture_list")
                    .map(|l| {
                        l.arr()
                            .iter()
                            .map(|p| {
                                let mime = p.get("mime").and_then(Json::str).unwrap();
                                let size = p.get("size").and_then(Json::num).unwrap();
                                (mime.to_string(), size as u64)
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                tags: groups("tags"),
                other_tags: groups("other_tags"),
            }
        })
        .collect()
}

// ------------------------------------------------------------------ owned probe summary

/// The name of the expected.json tag group a source belongs to.
pub(crate) fn source_group(s: TagSource) -> &'static str {
    match s {
        TagSource::Id3v1 => "id3v1",
        TagSource::Id3v2(_) => "id3v2",
        TagSource::Ape => "ape",
        TagSource::RiffInfo => "riff_info",
        TagSource::Bext => "bext",
        TagSource::Matroska => "matroska",
        _ => "other",
    }
}

/// An owned, comparable copy of what a probe reported.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Report {
    pub(crate) format: String,
    pub(crate) codec: String,
    pub(crate) duration: Option<f64>,
    pub(crate) sample_rate: Option<u32>,
    pub(crate) channels: Option<u16>,
    pub(crate) bits_per_sample: Option<u16>,
    pub(crate) bitrate: Option<u32>,
    pub(crate) channel_mask: Option<u32>,
    pub(crate) encoder_delay: Option<u32>,
    pub(crate) audio_tracks: u32,
    /// (group, key, is_std, value) in report order.
    pub(crate) tags: Vec<(String, String, bool, String)>,
    pub(crate) pictures: Vec<(String, u8, u64, u64)>,
    pub(crate) warnings: Vec<String>,
    pub(crate) error: Option<String>,
}

impl Report {
    pub(crate) fn of(p: &Probe<'_>) -> Report {
        Report {
            format: p.format_name().to_string(),
            codec: p.stream.codec.name().to_string(),
            duration: p.stream.duration,
            sample_rate: p.stream.sample_rate,
            channels: p.stream.channels,
            bits_per_sample: p.stream.bits_per_sample,
            bitrate: p.stream.bitrate,
            channel_mask: p.stream.channel_mask,
            encoder_delay: p.stream.encoder_delay,
            audio_tracks: p.audio_tracks,
            tags: p
                .tags
                .iter()
                .map(|t| {
                    let (key, std) = match t.key.std_name() {
                        Some(n) => (n.to_string(), true),
                        None => match t.key {
                            cadenza_meta::TagKey::Other(k) => (k.to_string(), false),
                            _ => ("?".to_string(), false),
                        },
                    };
                    (
                        source_group(t.source).to_string(),
                        key,
                        std,
                        t.value.to_string(),
                    )
                })
                .collect(),
            pictures: p
                .pictures
                .iter()
                .map(|x| (x.mime.to_string(), x.kind, x.offset, x.size))
                .collect(),
            warnings: p.warnings.iter().map(|w| w.to_string()).collect(),
            error: p.error.map(|e| e.to_string()),
        }
    }
}

fn is_pcm(codec: &str) -> bool {
    codec.starts_with("pcm") || codec == "alaw" || codec == "mulaw"
}

/// Everything in `r` that disagrees with `e`, one line each.
pub(crate) fn mismatches(e: &Expected, r: &Report) -> Vec<String> {
    let mut out = Vec::new();
    let mut check = |field: &str, ok: bool, exp: String, got: String| {
        if !ok {
            out.push(format!("{field}: expected {exp}, got {got}"));
        }
    };
    check(
        "error",
        r.error.is_none(),
        "none".into(),
        format!("{:?}", r.error),
    );
    check(
        "format",
        r.format == e.format,
        e.format.clone(),
        r.format.clone(),
    );
    check(
        "codec",
        r.codec == e.codec,
        e.codec.clone(),
        r.codec.clone(),
    );
    let dur_ok = match (e.duration, r.duration) {
        (None, None) => true,
        (Some(x), Some(y)) if is_pcm(&e.codec) => (x - y).abs() <= 0.001,
        (Some(x), Some(y)) => (x - y).abs() <= x * 0.001,
        _ => false,
    };
    check(
        "duration",
        dur_ok,
        format!("{:?}", e.duration),
        format!("{:?}", r.duration),
    );
    check(
        "sample_rate",
        e.sample_rate == r.sample_rate,
        format!("{:?}", e.sample_rate),
        format!("{:?}", r.sample_rate),
    );
    check(
        "channels",
        e.channels == r.channels,
        format!("{:?}", e.channels),
        format!("{:?}", r.channels),
    );
    check(
        "bits_per_sample",
        e.bits_per_sample == r.bits_per_sample,
        format!("{:?}", e.bits_per_sample),
        format!("{:?}", r.bits_per_sample),
    );
    // ffprobe's bitrate is derived (bytes / duration) for VBR; allow 2 %.
    // Matroska does not store one, so it is only checked where cadenza gives one.
    let br_ok = match (e.bitrate, r.bitrate) {
        (Some(x), Some(y)) => (x as f64 - y as f64).abs() <= x as f64 * 0.02,
        (Some(_), None) => e.format == "matroska" || e.format == "webm",
        (None, _) => true,
    };
    check(
        "bitrate",
        br_ok,
        format!("{:?}", e.bitrate),
        format!("{:?}", r.bitrate),
    );
    if e.channel_mask.is_some() {
        check(
            "channel_mask",
            e.channel_mask == r.channel_mask,
            format!("{:?}", e.channel_mask),
            format!("{:?}", r.channel_mask),
        );
    }
    if e.encoder_delay.is_some() {
        check(
            "encoder_delay",
            e.encoder_delay == r.encoder_delay,
            format!("{:?}", e.encoder_delay),
            format!("{:?}", r.encoder_delay),
        );
    }
    check(
        "audio_tracks",
        e.audio_tracks == r.audio_tracks,
        e.audio_tracks.to_string(),
        r.audio_tracks.to_string(),
    );
    check(
        "pictures",
        e.pictures == r.pictures.len(),
        e.pictures.to_string(),
        format!("{:?}", r.pictures),
    );
    if !e.picture_list.is_empty() {
        let got: Vec<(String, u64)> = r
            .pictures
            .iter()
            .map(|(mime, _, _, size)| (mime.clone(), *size))
            .collect();
        check(
            "picture_list",
            e.picture_list == got,
            format!("{:?}", e.picture_list),
            format!("{got:?}"),
        );
    }
    out.extend(tag_mismatches(e, r));
    out
}

/// Tag agreement: every expected (group, key) has exactly the expected values
/// (normalised keys in file order; the format's own keys matched
/// case-insensitively, values as a multiset), and no normalised key appears
/// that the oracle did not see.
pub(crate) fn tag_mismatches(e: &Expected, r: &Report) -> Vec<String> {
    let mut out = Vec::new();
    let expected_keys = e
        .tags
        .iter()
        .map(|g| (g, true))
        .chain(e.other_tags.iter().map(|g| (g, false)));
    for ((group, kvs), std) in expected_keys {
        for (key, values) in kvs {
            let mut got: Vec<String> = r
                .tags
                .iter()
                .filter(|(g, k, s, _)| {
                    g == group
                        && *s == std
                        && (if std {
                            k == key
                        } else {
                            k.eq_ignore_ascii_case(key)
                        })
                })
                .map(|t| t.3.clone())
                .collect();
            let mut want = values.clone();
            if !std {
                got.sort();
                want.sort();
            }
            if got != want {
                let kind = if std { "" } else { " (format key)" };
                out.push(format!(
                    "tag {group}/{key}{kind}: expected {want:?}, got {got:?}"
                ));
            }
        }
    }
    let mut extra: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for (g, k, s, v) in &r.tags {
        let known = e
            .tags
            .iter()
            .any(|(eg, kvs)| eg == g && kvs.iter().any(|(ek, _)| ek == k));
        if *s && !known {
            extra
                .entry((g.clone(), k.clone()))
                .or_default()
                .push(v.clone());
        }
    }
    for ((g, k), v) in extra {
        out.push(format!(
            "tag {g}/{k}: not reported by the oracle, got {v:?}"
        ));
    }
    out
}

// ------------------------------------------------------------------ sparse reads

/// Probes `data` the way `Prober` reads a file, but from memory: a head of
/// `head_len` bytes, the tail for MPEG, and every `Stop::Need` served by
/// adding a window of at least `min_extra` bytes, up to `MAX_WINDOWS`.
/// `f` sees the final probe. Returns how many windows were loaded.
pub(crate) fn probe_sparse<R>(
    data: &[u8],
    head_len: usize,
    tail_len: usize,
    min_extra: usize,
    scratch: &mut [u8],
    f: impl FnOnce(&Probe<'_>) -> R,
) -> (R, usize) {
    let len = data.len() as u64;
    let head = &data[..head_len.min(data.len())];
    let mut windows: Vec<(u64, usize)> = Vec::with_capacity(MAX_WINDOWS);
    windows.push((0, head.len()));
    if data.len() > head.len() && cadenza_meta::sniff(head, len) == cadenza_meta::Format::Mpeg {
        let t = tail_len.min(data.len() - head.len());
        windows.push((len - t as u64, t));
    }
    loop {
        let mut input = Input::empty(len);
        for &(off, n) in &windows {
            input.add(off, &data[off as usize..off as usize + n]);
        }
        let mut out = Probe::new();
        let res = cadenza_meta::probe_input(&input, &mut Scratch::new(&mut *scratch), &mut out);
        match res {
            Ok(()) => return (f(&out), windows.len()),
            Err(Stop::Fail(e)) => {
                out.error = Some(e);
                return (f(&out), windows.len());
            }
            Err(Stop::Need { offset, len: need }) => {
                assert!(
                    offset.checked_add(need).is_some_and(|end| end <= len),
                    "Need past the end of the file: offset {offset} len {need}, file {len}"
                );
                let already = windows
                    .iter()
                    .any(|&(o, n)| offset >= o && offset + need <= o + n as u64);
                assert!(
                    !already,
                    "Need for bytes already loaded: offset {offset} len {need}"
                );
                if windows.len() == MAX_WINDOWS {
                    out.error = Some(cadenza_meta::Error::limit(offset, "too many windows"));
                    return (f(&out), windows.len());
                }
                let n = (need.max(min_extra as u64)).min(len - offset) as usize;
                windows.push((offset, n));
            }
        }
    }
}
