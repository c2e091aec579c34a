//! Matroska `Info` (segment duration, title, apps, date) and `Tracks`
//! (audio track properties) readers, working on bodies already in memory.

use super::ids;
use super::vint::{each_child, float, uint};
use crate::bytes::until_nul;
use crate::error::Error;
use crate::probe::{Codec, Probe, TagKey, TagSource};
use crate::text::Text;

/// What `Info` says that later steps need.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct SegmentInfo<'a> {
    /// Segment title, used as the title when no `TITLE` tag exists.
    pub title: Option<&'a [u8]>,
    /// Offset of the title element (for tag warnings).
    pub title_offset: u64,
}

/// Reads an `Info` body: sets the duration and adds the apps and date as
/// tags (`muxing_app`, `writing_app`, `creation_time`).
pub(crate) fn parse_info<'a>(body: &'a [u8], base: u64, out: &mut Probe<'a>) -> SegmentInfo<'a> {
    let mut info = SegmentInfo::default();
    let mut scale: u64 = 1_000_000;
    let mut duration: Option<(f64, u64)> = None;
    each_child(body, base, out, |c, out| {
        match c.id {
            ids::TIMESTAMP_SCALE => match uint(c.body, c.offset) {
                Ok(0) => out.warn(Error::malformed(c.offset, "Matroska TimestampScale is 0")),
                Ok(v) => scale = v,
                Err(e) => out.warn(e),
            },
            ids::DURATION => match float(c.body, c.offset) {
                Ok(d) if d.is_finite() && d >= 0.0 => duration = Some((d, c.offset)),
                Ok(_) => out.warn(Error::malformed(
                    c.offset,
                    "Matroska Duration is not a finite positive number",
                )),
                Err(e) => out.warn(e),
            },
            ids::TITLE => {
                info.title = Some(until_nul(c.body));
                info.title_offset = c.offset;
            }
            ids::MUXING_APP => add(out, "muxing_app", until_nul(c.body), c.offset),
            ids::WRITING_APP => add(out, "writing_app", until_nul(c.body), c.offset),
            ids::DATE_UTC => match date_utc(c.body) {
                Some(t) => out.add_tag(
                    TagKey::Other(Text::from_static("creation_time")),
                    t,
                    TagSource::Matroska,
                    c.offset,
                ),
                None => out.warn(Error::malformed(
                    c.offset,
                    "Matroska DateUTC is not an 8-byte date",
                )),
            },
            _ => {}
        }
        Ok(())
    });
    if let Some((d, at)) = duration {
        let secs = d * scale as f64 / 1e9;
        if secs.is_finite() {
            out.stream.duration = Some(secs);
        } else {
            out.warn(Error::malformed(at, "Matroska Duration out of range"));
        }
    }
    info
}

fn add<'a>(out: &mut Probe<'a>, key: &'static str, value: &'a [u8], offset: u64) {
    if !value.is_empty() {
        out.add_tag(
            TagKey::Other(Text::from_static(key)),
            Text::Utf8(value),
            TagSource::Matroska,
            offset,
        );
    }
}

/// Formats a DateUTC body (signed nanoseconds since 2001-01-01T00:00:00Z)
/// as ffprobe prints `creation_time`: `YYYY-MM-DDTHH:MM:SS.ffffffZ`.
fn date_utc(body: &[u8]) -> Option<Text<'static>> {
    let b: [u8; 8] = body.try_into().ok()?;
    let ns = i64::from_be_bytes(b);
    // 2001-01-01 is 978307200 s after the Unix epoch.
    let secs = ns.div_euclid(1_000_000_000) + 978_307_200;
    let micros = ns.rem_euclid(1_000_000_000) / 1000;
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    if !(0..=9999).contains(&y) {
        return None;
    }
    let mut buf = [0u8; crate::text::INLINE_CAP];
    let fields: [(i64, usize); 7] = [
        (y, 4),
        (m, 2),
        (d, 2),
        (sod / 3600, 2),
        (sod / 60 % 60, 2),
        (sod % 60, 2),
        (micros, 6),
    ];
    let seps = [b'-', b'-', b'T', b':', b':', b'.', b'Z'];
    let mut n = 0;
    for ((v, w), sep) in fields.into_iter().zip(seps) {
        for i in (0..w).rev() {
            buf[n + i] = b'0' + (v / 10i64.pow((w - 1 - i) as u32) % 10) as u8;
        }
        n += w;
        buf[n] = sep;
        n += 1;
    }
    Some(Text::Inline(n as u8, buf))
}

/// Days since 1970-01-01 to a proleptic Gregorian (year, month, day).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Track type value of audio tracks.
const TRACK_TYPE_AUDIO: u64 = 2;

/// Reads a `Tracks` body: counts audio tracks, fills `out.stream` from the
/// first one and returns its TrackUID (for track-level tags).
pub(crate) fn parse_tracks<'a>(body: &'a [u8], base: u64, out: &mut Probe<'a>) -> Option<u64> {
    let mut main_uid = None;
    each_child(body, base, out, |c, out| {
        if c.id != ids::TRACK_ENTRY {
            return Ok(());
        }
        let t = read_track(c.body, c.body_offset, out);
        if t.is_audio() {
            out.audio_tracks = out.audio_tracks.saturating_add(1);
            if out.audio_tracks == 1 {
                main_uid = Some(t.uid);
                apply_track(&t, out);
            }
        }
        Ok(())
    });
    main_uid
}

/// The fields of one TrackEntry this reader uses.
#[derive(Clone, Copy, Debug, Default)]
struct Track<'a> {
    uid: u64,
    kind: Option<u64>,
    has_audio: bool,
    codec: &'a [u8],
    codec_delay_ns: u64,
    rate: Option<f64>,
    out_rate: Option<f64>,
    channels: Option<u64>,
    bit_depth: Option<u64>,
    language: Option<(&'a [u8], u64)>,
    language_bcp47: Option<(&'a [u8], u64)>,
    name: Option<(&'a [u8], u64)>,
}

impl Track<'_> {
    fn is_audio(&self) -> bool {
        match self.kind {
            Some(k) => k == TRACK_TYPE_AUDIO,
            None => self.has_audio,
        }
    }
}

fn read_track<'a>(body: &'a [u8], base: u64, out: &mut Probe<'a>) -> Track<'a> {
    let mut t = Track::default();
    each_child(body, base, out, |c, out| {
        match c.id {
            ids::TRACK_UID => t.uid = uint(c.body, c.offset)?,
            ids::TRACK_TYPE => t.kind = Some(uint(c.body, c.offset)?),
            ids::CODEC_ID => t.codec = until_nul(c.body),
            ids::CODEC_DELAY => t.codec_delay_ns = uint(c.body, c.offset)?,
            ids::LANGUAGE => t.language = Some((until_nul(c.body), c.offset)),
            ids::LANGUAGE_BCP47 => t.language_bcp47 = Some((until_nul(c.body), c.offset)),
            ids::NAME => t.name = Some((until_nul(c.body), c.offset)),
            ids::AUDIO => {
                t.has_audio = true;
                read_audio(c.body, c.body_offset, &mut t, out);
            }
            _ => {}
        }
        Ok(())
    });
    t
}

fn read_audio<'a>(body: &'a [u8], base: u64, t: &mut Track<'a>, out: &mut Probe<'a>) {
    each_child(body, base, out, |c, _| {
        match c.id {
            ids::SAMPLING_FREQUENCY => t.rate = Some(float(c.body, c.offset)?),
            ids::OUTPUT_SAMPLING_FREQUENCY => t.out_rate = Some(float(c.body, c.offset)?),
            ids::CHANNELS => t.channels = Some(uint(c.body, c.offset)?),
            ids::BIT_DEPTH => t.bit_depth = Some(uint(c.body, c.offset)?),
            _ => {}
        }
        Ok(())
    });
}

/// Whether a CodecID names a lossy codec (whose BitDepth is meaningless).
fn is_lossy(codec: &[u8]) -> bool {
    const LOSSY: [&[u8]; 8] = [
        b"A_OPUS",
        b"A_VORBIS",
        b"A_AAC",
        b"A_MPEG/",
        b"A_AC3",
        b"A_EAC3",
        b"A_DTS",
        b"A_REAL/",
    ];
    LOSSY.iter().any(|p| codec.starts_with(p))
}

/// A sampling frequency as whole Hz, if it is a sane positive number.
fn hz(f: Option<f64>) -> Option<u32> {
    f.filter(|f| f.is_finite() && *f >= 1.0 && *f <= u32::MAX as f64)
        .map(|f| f.round() as u32)
}

fn apply_track<'a>(t: &Track<'a>, out: &mut Probe<'a>) {
    let s = &mut out.stream;
    s.codec = if t.codec.is_empty() {
        Codec::Unknown
    } else {
        Codec::Matroska(t.codec)
    };
    // OutputSamplingFrequency is what a player outputs (e.g. HE-AAC's SBR
    // doubling); SamplingFrequency defaults to 8000 Hz per the spec.
    s.sample_rate = hz(t.out_rate).or(hz(t.rate)).or(Some(8000));
    s.channels = Some(t.channels.map_or(1, |c| c.min(u16::MAX as u64) as u16));
    // A lossy codec's BitDepth (ffmpeg writes one for Opus) says nothing
    // about the stream; report it for PCM and lossless codecs only.
    s.bits_per_sample = t
        .bit_depth
        .filter(|&b| b > 0 && !is_lossy(t.codec))
        .map(|b| b.min(u16::MAX as u64) as u16);
    // PCM has an exact bitrate; others get the file-level one later.
    if t.codec.starts_with(b"A_PCM/")
        && let (Some(rate), Some(ch), Some(bits)) = (s.sample_rate, s.channels, s.bits_per_sample)
    {
        let b = rate as u64 * ch as u64 * bits as u64;
        s.bitrate = Some(b.min(u32::MAX as u64) as u32);
    }
    if let Some(rate) = hz(t.rate).filter(|_| t.codec_delay_ns > 0) {
        let samples = (t.codec_delay_ns as u128 * rate as u128).div_ceil(1_000_000_000);
        s.encoder_delay = Some(samples.min(u32::MAX as u128) as u32);
    }
    // BCP 47 overrides the legacy Language when both are present.
    let lang = t
        .language_bcp47
        .or(t.language)
        .filter(|(l, _)| !l.is_empty() && *l != b"und");
    if let Some((l, at)) = lang {
        out.add_tag(
            TagKey::Other(Text::from_static("language")),
            Text::Utf8(l),
            TagSource::Matroska,
            at,
        );
    }
    if let Some((n, at)) = t.name.filter(|(n, _)| !n.is_empty()) {
        out.add_tag(
            TagKey::Other(Text::from_static("track_name")),
            Text::Utf8(n),
            TagSource::Matroska,
            at,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_utc_formats_iso() {
        assert_eq!(
            date_utc(&0i64.to_be_bytes()).unwrap().to_string(),
            "2001-01-01T00:00:00.000000Z"
        );
        // 2024-02-29T12:34:56Z
        let secs = 1_709_210_096i64 - 978_307_200;
        let t = date_utc(&(secs * 1_000_000_000).to_be_bytes()).unwrap();
        assert_eq!(t.to_string(), "2024-02-29T12:34:56.000000Z");
        assert_eq!(
            date_utc(&(-1i64).to_be_bytes()).unwrap().to_string(),
            "2000-12-31T23:59:59.999999Z"
        );
        assert!(date_utc(&[0; 4]).is_none());
        let t = date_utc(&1_500_250_000i64.to_be_bytes()).unwrap();
        assert_eq!(t.to_string(), "2001-01-01T00:00:01.500250Z");
        assert!(date_utc(&i64::MIN.to_be_bytes()).is_some());
    }
}
