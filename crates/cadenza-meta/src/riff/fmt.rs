//! The WAVE `fmt ` chunk: codec, rate, channels, block alignment, bit depth,
//! including WAVE_FORMAT_EXTENSIBLE (valid bits, channel mask, subformat).

use super::Endian;
use crate::error::Error;
use crate::probe::Codec;

/// WAVE_FORMAT_EXTENSIBLE.
const EXTENSIBLE: u16 = 0xFFFE;

/// The tail shared by every KSDATAFORMAT_SUBTYPE GUID whose first two bytes
/// are a WAVE format tag: `-0000-0010-8000-00aa00389b71`.
const KS_BASE_DATA2_3: [u16; 2] = [0x0000, 0x0010];
const KS_BASE_DATA4: [u8; 8] = [0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
/// Ambisonic B-format subtypes (`0000000x-0721-11d3-8644-c8c1ca000000`).
const AMBISONIC_DATA2_3: [u16; 2] = [0x0721, 0x11D3];
const AMBISONIC_DATA4: [u8; 8] = [0x86, 0x44, 0xC8, 0xC1, 0xCA, 0x00, 0x00, 0x00];

/// What a `fmt ` chunk says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Fmt {
    /// Effective format tag (the subformat's for WAVE_FORMAT_EXTENSIBLE).
    pub tag: u16,
    /// Whether the subformat GUID was unrecognised.
    pub unknown_subformat: bool,
    pub channels: u16,
    pub sample_rate: u32,
    pub avg_bytes_per_sec: u32,
    pub block_align: u16,
    /// Container bits per sample.
    pub bits: u16,
    /// Valid bits per sample (WAVE_FORMAT_EXTENSIBLE), when non-zero.
    pub valid_bits: Option<u16>,
    pub channel_mask: Option<u32>,
}

impl Fmt {
    /// The codec, given the container's byte order for integer PCM.
    pub(crate) fn codec(&self, e: Endian) -> Codec<'static> {
        if self.unknown_subformat {
            return Codec::WaveFormat(EXTENSIBLE);
        }
        match self.tag {
            0x0001 if e == Endian::Big => Codec::PcmBe,
            0x0001 => Codec::PcmLe,
            0x0003 => Codec::PcmFloat,
            0x0006 => Codec::Alaw,
            0x0007 => Codec::Mulaw,
            0x0002 | 0x0011 => Codec::Adpcm,
            0x0050 => Codec::Mp2,
            0x0055 => Codec::Mp3,
            t => Codec::WaveFormat(t),
        }
    }

    /// Whether every frame is `block_align` bytes of uncompressed samples,
    /// so the frame count follows from the data size.
    pub(crate) fn is_pcm_like(&self) -> bool {
        !self.unknown_subformat && matches!(self.tag, 0x0001 | 0x0003 | 0x0006 | 0x0007)
    }

    /// Bits per sample as reported: valid bits when the extensible header
    /// gives a sensible value, else the container bits; `None` when zero.
    pub(crate) fn reported_bits(&self) -> Option<u16> {
        match self.valid_bits {
            Some(v) if v <= self.bits || self.bits == 0 => Some(v),
            _ => (self.bits != 0).then_some(self.bits),
        }
    }
}

/// Parses a `fmt ` chunk body starting at absolute offset `at`.
pub(crate) fn parse_fmt(b: &[u8], at: u64, e: Endian) -> Result<Fmt, Error> {
    if b.len() < 14 {
        return Err(Error::malformed(at, "WAVE fmt chunk shorter than 14 bytes"));
    }
    let mut f = Fmt {
        tag: e.u16(&b[0..]),
        unknown_subformat: false,
        channels: e.u16(&b[2..]),
        sample_rate: e.u32(&b[4..]),
        avg_bytes_per_sec: e.u32(&b[8..]),
        block_align: e.u16(&b[12..]),
        bits: b.get(14..16).map_or(0, |x| e.u16(x)),
        valid_bits: None,
        channel_mask: None,
    };
    if f.tag != EXTENSIBLE {
        return Ok(f);
    }
    // cbSize (2), valid bits (2), channel mask (4), subformat GUID (16).
    let Some(ext) = b.get(16..40) else {
        return Err(Error::malformed(
            at,
            "WAVE_FORMAT_EXTENSIBLE fmt chunk shorter than 40 bytes",
        ));
    };
    let valid = e.u16(&ext[2..]);
    f.valid_bits = (valid != 0).then_some(valid);
    f.channel_mask = Some(e.u32(&ext[4..]));
    let guid = &ext[8..24];
    let data1 = e.u32(&guid[0..]);
    let data23 = [e.u16(&guid[4..]), e.u16(&guid[6..])];
    let data4: &[u8] = &guid[8..16];
    let ks = data23 == KS_BASE_DATA2_3 && data4 == KS_BASE_DATA4 && data1 <= u16::MAX as u32;
    let ambisonic =
        data23 == AMBISONIC_DATA2_3 && data4 == AMBISONIC_DATA4 && matches!(data1, 1 | 3);
    if ks || ambisonic {
        f.tag = data1 as u16;
    } else {
        f.unknown_subformat = true;
    }
    Ok(f)
}
