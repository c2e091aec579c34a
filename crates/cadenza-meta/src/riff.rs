//! RIFF/WAVE reader: RIFF, RIFX (big endian), RF64 and BW64 (ds64 sizes).
//!
//! The reader walks the chunk list reading only chunk headers and the small
//! metadata chunks (`fmt `, `fact`, `ds64`, `LIST`/`INFO`, `bext`, `id3 `);
//! the `data` payload is skipped by arithmetic, so metadata placed after the
//! audio costs one extra read of the file's end rather than reading the
//! audio. Stream properties are computed once the walk ends, because `fmt `
//! may follow `data`:
//!
//! * integer/float PCM, A-law, µ-law: frames = data size / block align,
//!   duration = frames / rate exactly, bitrate = rate * block align * 8;
//! * other codecs: frames from `fact` (or ds64's sample count), else the
//!   duration is data size / average bytes per second; bitrate from the
//!   average byte rate.
//!
//! Damage handled with a warning: chunk sizes of 0 or 0xFFFFFFFF (streamed
//! writers) and sizes past the end of the file are clamped to the file;
//! odd-sized chunks without their pad byte are detected by checking whether
//! a plausible chunk ID follows the pad position.

mod fmt;
mod info;

#[cfg(test)]
mod tests;

use crate::bytes::{be16, be32, le16, le32, le64};
use crate::error::Error;
use crate::input::{Input, Stop};
use crate::probe::{Format, Probe};
use crate::scratch::Scratch;
use crate::text::Text;
use fmt::Fmt;

/// Byte order of a RIFF container's integers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Endian {
    /// RIFF, RF64, BW64.
    Little,
    /// RIFX.
    Big,
}

impl Endian {
    fn u16(self, b: &[u8]) -> u16 {
        match self {
            Endian::Little => le16(b),
            Endian::Big => be16(b),
        }
    }
    fn u32(self, b: &[u8]) -> u32 {
        match self {
            Endian::Little => le32(b),
            Endian::Big => be32(b),
        }
    }
}

/// Whether four bytes look like a chunk ID (printable ASCII).
pub(crate) fn plausible_id(b: &[u8]) -> bool {
    b.len() == 4 && b.iter().all(|&c| (0x20..=0x7E).contains(&c))
}

/// Most chunks walked (real files have a handful).
const MAX_CHUNKS: u32 = 4096;
/// Largest metadata chunk read whole.
const MAX_META: u64 = 16 << 20;
/// Largest ds64 size table read (entries are 12 bytes).
const MAX_DS64_TABLE: usize = 64;
/// A 32-bit size meaning "see ds64" (RF64/BW64) or "unknown" (streamed).
const SIZE_UNKNOWN: u32 = 0xFFFF_FFFF;

/// The 64-bit sizes of an RF64/BW64 `ds64` chunk.
#[derive(Clone, Copy, Debug)]
struct Ds64<'a> {
    riff: u64,
    data: u64,
    samples: u64,
    /// Table entries: chunk ID (4) + 64-bit size (8).
    table: &'a [u8],
}

impl Ds64<'_> {
    fn size_of(&self, id: &[u8]) -> Option<u64> {
        if id == b"data" {
            return Some(self.data);
        }
        self.table
            .chunks_exact(12)
            .find(|e| &e[..4] == id)
            .map(|e| le64(&e[4..]))
    }
}

/// Everything the walk collects before the stream is described.
#[derive(Clone, Copy, Debug, Default)]
struct Wave<'a> {
    fmt: Option<Fmt>,
    fact: Option<u32>,
    /// (absolute offset, length) of the `data` payload.
    data: Option<(u64, u64)>,
    ds64: Option<Ds64<'a>>,
}

/// Parses a RIFF/RIFX/RF64/BW64 WAVE file into `out`.
pub(crate) fn parse<'a>(
    input: &Input<'a>,
    scratch: &mut Scratch<'a>,
    out: &mut Probe<'a>,
) -> Result<(), Stop> {
    let hdr = input.bytes(0, 12, "RIFF header")?;
    let (format, e) = match &hdr[..4] {
        b"RIFF" => (Format::Wav, Endian::Little),
        b"RIFX" => (Format::Rifx, Endian::Big),
        b"RF64" => (Format::Rf64, Endian::Little),
        b"BW64" => (Format::Bw64, Endian::Little),
        _ => return Err(Error::malformed(0, "not a RIFF file").into()),
    };
    out.format = format;
    out.doc_type = Some(Text::Latin1(&hdr[8..12]));
    if &hdr[8..12] != b"WAVE" {
        return Err(Error::unsupported(8, "RIFF form type is not WAVE").into());
    }
    let is64 = matches!(format, Format::Rf64 | Format::Bw64);
    let file_len = input.len();
    let riff_size = e.u32(&hdr[4..]);
    // For RF64 the real size is in ds64; until then, trust the file.
    let mut end = if is64 && riff_size == SIZE_UNKNOWN {
        file_len
    } else {
        riff_end(riff_size, file_len, out)
    };

    let mut w = Wave::default();
    let mut pos: u64 = 12;
    let mut walked = 0u32;
    loop {
        if end.saturating_sub(pos) < 8 {
            if end.saturating_sub(pos) > 1 {
                out.warn(Error::malformed(
                    pos,
                    "RIFF ends with a partial chunk header",
                ));
            }
            break;
        }
        walked += 1;
        if walked > MAX_CHUNKS {
            out.warn(Error::limit(pos, "too many RIFF chunks"));
            break;
        }
        let h = input.bytes(pos, 8, "RIFF chunk header")?;
        let id = &h[..4];
        let size32 = e.u32(&h[4..]);
        let body = pos + 8;
        if !plausible_id(id) {
            out.warn(Error::malformed(
                pos,
                "RIFF chunk ID is not printable; rest of file skipped",
            ));
            break;
        }
        if is64 && walked == 1 && id == b"ds64" {
            let b = input.bytes(
                body,
                (size32 as u64).min(end - body).min(MAX_META),
                "ds64 chunk",
            )?;
            match read_ds64(b, body) {
                Ok(d) => {
                    if riff_size == SIZE_UNKNOWN {
                        end = riff_end64(d.riff, file_len, out);
                    }
                    w.ds64 = Some(d);
                }
                Err(err) => out.warn(err),
            }
        }
        let mut size = size32 as u64;
        if size32 == SIZE_UNKNOWN {
            match w.ds64.and_then(|d| d.size_of(id)) {
                Some(s) if is64 => size = s,
                _ => {
                    out.warn(Error::malformed(
                        pos,
                        "RIFF chunk size unknown (streamed); clamped to the file",
                    ));
                    size = end - body;
                }
            }
        } else if size32 == 0 && id == b"data" && streamed_zero(input, body, end)? {
            out.warn(Error::malformed(
                pos,
                "RIFF data size 0 (streamed); clamped to the file",
            ));
            size = end - body;
        }
        let mut last = false;
        let chunk_end = body.saturating_add(size);
        if chunk_end > end {
            if chunk_end <= file_len {
                // The RIFF size is too small but the file holds the chunk.
                out.warn(Error::malformed(pos, "RIFF chunk runs past the RIFF size"));
                end = chunk_end;
            } else {
                out.warn(Error::truncated(
                    pos,
                    "RIFF chunk runs past the end of the file",
                ));
                size = file_len - body;
                last = true;
            }
        }
        read_chunk(input, scratch, out, &mut w, e, id, pos, size)?;
        if last {
            break;
        }
        pos = next_chunk(input, e, body, size, end, out)?;
    }
    describe(&w, e, out);
    Ok(())
}

/// End of the RIFF payload from a 32-bit size, clamped to the file.
fn riff_end(size: u32, file_len: u64, out: &mut Probe<'_>) -> u64 {
    if size == 0 || size == SIZE_UNKNOWN {
        out.warn(Error::malformed(
            4,
            "RIFF size unknown (streamed); clamped to the file",
        ));
        return file_len;
    }
    riff_end64(size as u64, file_len, out)
}

fn riff_end64(size: u64, file_len: u64, out: &mut Probe<'_>) -> u64 {
    let end = size.saturating_add(8);
    if end > file_len {
        out.warn(Error::truncated(4, "RIFF size exceeds the file; clamped"));
        return file_len;
    }
    end
}

/// A zero `data` size marks a streamed file when no chunk header follows.
fn streamed_zero(input: &Input<'_>, body: u64, end: u64) -> Result<bool, Stop> {
    if end - body < 8 {
        return Ok(false);
    }
    let next = input.bytes(body, 4, "RIFF chunk header")?;
    Ok(!plausible_id(next))
}

/// Where the chunk after the one at `body..body + size` starts, honouring
/// or detecting a missing pad byte after odd sizes.
fn next_chunk(
    input: &Input<'_>,
    e: Endian,
    body: u64,
    size: u64,
    end: u64,
    out: &mut Probe<'_>,
) -> Result<u64, Stop> {
    let next = body + size;
    if size.is_multiple_of(2) || next >= end {
        return Ok(next);
    }
    if end - next < 5 {
        return Ok(next + 1);
    }
    let b = input.bytes(next, (end - next).min(9), "RIFF chunk header")?;
    let padded = header_score(b.get(1..), e, next + 1, end);
    let unpadded = header_score(Some(b), e, next, end);
    if unpadded > padded {
        out.warn(Error::malformed(
            next,
            "odd-sized RIFF chunk without its pad byte",
        ));
        return Ok(next);
    }
    Ok(next + 1)
}

/// How much the bytes at `at` look like a chunk header: 0 when the ID is not
/// printable, plus one each for a size that fits before `end` and a
/// well-known ID. `b` may be shorter than a header near the end.
fn header_score(b: Option<&[u8]>, e: Endian, at: u64, end: u64) -> u8 {
    let Some(id) = b.and_then(|b| b.get(..4)).filter(|id| plausible_id(id)) else {
        return 0;
    };
    const KNOWN: [&[u8; 4]; 12] = [
        b"data", b"LIST", b"fmt ", b"fact", b"bext", b"id3 ", b"ID3 ", b"JUNK", b"cue ", b"smpl",
        b"iXML", b"PAD ",
    ];
    let fits = b
        .and_then(|b| b.get(4..8))
        .is_some_and(|s| at.saturating_add(8).saturating_add(e.u32(s) as u64) <= end);
    1 + u8::from(fits) + u8::from(KNOWN.iter().any(|k| k[..] == *id))
}

fn read_ds64(b: &[u8], at: u64) -> Result<Ds64<'_>, Error> {
    if b.len() < 24 {
        return Err(Error::malformed(at, "ds64 chunk shorter than 24 bytes"));
    }
    let n = b.get(24..28).map_or(0, le32) as usize;
    let table_bytes = b.get(28..).unwrap_or(&[]);
    let n = n.min(MAX_DS64_TABLE).min(table_bytes.len() / 12);
    Ok(Ds64 {
        riff: le64(&b[0..]),
        data: le64(&b[8..]),
        samples: le64(&b[16..]),
        table: &table_bytes[..n * 12],
    })
}

/// Reads one chunk's metadata, if it carries any.
#[allow(clippy::too_many_arguments)]
fn read_chunk<'a>(
    input: &Input<'a>,
    scratch: &mut Scratch<'a>,
    out: &mut Probe<'a>,
    w: &mut Wave<'a>,
    e: Endian,
    id: &[u8],
    pos: u64,
    size: u64,
) -> Result<(), Stop> {
    let body = pos + 8;
    match id {
        b"fmt " if w.fmt.is_none() => {
            // 40 bytes hold every field read, extensible included.
            let b = input.bytes(body, size.min(40), "fmt chunk")?;
            match fmt::parse_fmt(b, body, e) {
                Ok(f) => w.fmt = Some(f),
                Err(err) => out.warn(err),
            }
        }
        b"fact" if w.fact.is_none() && size >= 4 => {
            let b = input.bytes(body, 4, "fact chunk")?;
            w.fact = Some(e.u32(b));
        }
        b"data" if w.data.is_none() => w.data = Some((body, size)),
        b"LIST" if size >= 4 => {
            let t = input.bytes(body, 4, "LIST type")?;
            if t == b"INFO"
                && let Some(b) = meta(input, body + 4, size - 4, pos, out)?
            {
                info::parse_info(b, body + 4, e, out);
            }
        }
        b"bext" => {
            if let Some(b) = meta(input, body, size, pos, out)? {
                info::parse_bext(b, body, out);
            }
        }
        b"id3 " | b"ID3 " => id3_chunk(input, scratch, out, body, size)?,
        _ => {}
    }
    Ok(())
}

/// The whole body of a metadata chunk, or `None` (with a warning) when it
/// is larger than [`MAX_META`].
fn meta<'a>(
    input: &Input<'a>,
    body: u64,
    size: u64,
    pos: u64,
    out: &mut Probe<'a>,
) -> Result<Option<&'a [u8]>, Stop> {
    if size > MAX_META {
        out.warn(Error::limit(pos, "RIFF metadata chunk too large; skipped"));
        return Ok(None);
    }
    Ok(Some(input.bytes(body, size, "RIFF metadata chunk")?))
}

/// An ID3v2 tag stored in an `id3 `/`ID3 ` chunk (as written by ffmpeg,
/// mutagen and many taggers); its frames are read by the ID3v2 reader.
fn id3_chunk<'a>(
    input: &Input<'a>,
    scratch: &mut Scratch<'a>,
    out: &mut Probe<'a>,
    body: u64,
    size: u64,
) -> Result<(), Stop> {
    if size < crate::id3v2::HEADER_LEN {
        out.warn(Error::malformed(
            body,
            "RIFF id3 chunk too small for an ID3v2 tag",
        ));
        return Ok(());
    }
    if crate::id3v2::parse_tag(input, body, scratch, out)?.is_none() {
        out.warn(Error::malformed(body, "RIFF id3 chunk holds no ID3v2 tag"));
    }
    Ok(())
}

/// Fills `out.stream` from what the walk found.
fn describe(w: &Wave<'_>, e: Endian, out: &mut Probe<'_>) {
    let Some(f) = w.fmt else {
        out.warn(Error::malformed(12, "WAVE file has no fmt chunk"));
        if let Some((off, len)) = w.data {
            out.stream.audio_offset = Some(off);
            out.stream.audio_len = Some(len);
        }
        return;
    };
    out.audio_tracks = 1;
    let s = &mut out.stream;
    s.codec = f.codec(e);
    s.sample_rate = (f.sample_rate != 0).then_some(f.sample_rate);
    s.channels = (f.channels != 0).then_some(f.channels);
    // Bit depth means something only for uncompressed samples (ADPCM's
    // wBitsPerSample of 4 is a coding detail), as StreamInfo documents.
    s.bits_per_sample = f.reported_bits().filter(|_| f.is_pcm_like());
    s.channel_mask = f.channel_mask;
    let pcm_rate = f.sample_rate as u64 * f.block_align as u64 * 8;
    let bitrate = if f.is_pcm_like() {
        pcm_rate
    } else {
        f.avg_bytes_per_sec as u64 * 8
    };
    s.bitrate = (bitrate != 0).then(|| bitrate.min(u32::MAX as u64) as u32);
    let Some((off, len)) = w.data else {
        out.warn(Error::malformed(12, "WAVE file has no data chunk"));
        return;
    };
    s.audio_offset = Some(off);
    s.audio_len = Some(len);
    s.frames = if f.is_pcm_like() {
        (f.block_align != 0).then(|| len / f.block_align as u64)
    } else {
        let ds64_samples = w.ds64.map(|d| d.samples).filter(|&n| n != 0);
        match w.fact {
            Some(n) if n != SIZE_UNKNOWN || ds64_samples.is_none() => Some(n as u64),
            _ => ds64_samples,
        }
    };
    s.duration = match s.frames {
        Some(n) if f.sample_rate != 0 => Some(n as f64 / f.sample_rate as f64),
        _ if f.avg_bytes_per_sec != 0 => Some(len as f64 / f.avg_bytes_per_sec as f64),
        _ => None,
    };
}
