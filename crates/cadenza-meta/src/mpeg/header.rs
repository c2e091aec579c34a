//! MPEG audio frame headers (MPEG-1/2/2.5, layers I/II/III): field decoding,
//! frame length, and the "same stream" test used to confirm a sync.

use crate::bytes::be32;

/// MPEG audio version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Version {
    /// MPEG-1.
    V1,
    /// MPEG-2 (LSF).
    V2,
    /// MPEG-2.5 (unofficial low sample rates).
    V25,
}

/// A decoded 4-byte frame header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct FrameHeader {
    pub(crate) version: Version,
    /// 1, 2 or 3.
    pub(crate) layer: u8,
    /// Bits per second; 0 for a free-format stream.
    pub(crate) bitrate: u32,
    pub(crate) sample_rate: u32,
    pub(crate) padding: bool,
    pub(crate) protected: bool,
    /// Channel mode: 0 stereo, 1 joint stereo, 2 dual channel, 3 mono.
    pub(crate) mode: u8,
    raw: u32,
}

/// Bitrates in kbit/s by [table][index]; tables: V1 L1, V1 L2, V1 L3, V2 L1, V2 L2/L3.
const BITRATES: [[u16; 15]; 5] = [
    [
        0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448,
    ],
    [
        0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384,
    ],
    [
        0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
    ],
    [
        0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256,
    ],
    [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
];

/// Bits that must not change between frames of one stream: sync, version,
/// layer and sample rate index.
const STREAM_MASK: u32 = 0xFFFE_0C00;

impl FrameHeader {
    /// Decodes the header at `b[0..4]` (`b` must hold 4 bytes); `None` when
    /// the sync, version, layer, bitrate, sample rate or emphasis is invalid.
    pub(crate) fn parse(b: &[u8]) -> Option<FrameHeader> {
        let raw = be32(b);
        if raw >> 21 != 0x7FF {
            return None;
        }
        let version = match (raw >> 19) & 3 {
            0 => Version::V25,
            2 => Version::V2,
            3 => Version::V1,
            _ => return None,
        };
        let layer = match (raw >> 17) & 3 {
            1 => 3,
            2 => 2,
            3 => 1,
            _ => return None,
        };
        let br_index = ((raw >> 12) & 15) as usize;
        let sr_index = ((raw >> 10) & 3) as usize;
        if br_index == 15 || sr_index == 3 || raw & 3 == 2 {
            return None;
        }
        let table = match (version, layer) {
            (Version::V1, l) => l as usize - 1,
            (_, 1) => 3,
            _ => 4,
        };
        let base = [44100, 48000, 32000][sr_index];
        let sample_rate = match version {
            Version::V1 => base,
            Version::V2 => base / 2,
            Version::V25 => base / 4,
        };
        Some(FrameHeader {
            version,
            layer,
            bitrate: BITRATES[table][br_index] as u32 * 1000,
            sample_rate,
            padding: raw & 0x200 != 0,
            protected: raw & 0x1_0000 == 0,
            mode: ((raw >> 6) & 3) as u8,
            raw,
        })
    }

    /// Samples per channel in one frame.
    pub(crate) fn samples(&self) -> u32 {
        match (self.layer, self.version) {
            (1, _) => 384,
            (2, _) | (3, Version::V1) => 1152,
            _ => 576,
        }
    }

    /// Number of channels.
    pub(crate) fn channels(&self) -> u16 {
        if self.mode == 3 { 1 } else { 2 }
    }

    /// Size of a padding slot in bytes.
    pub(crate) fn slot(&self) -> u32 {
        if self.layer == 1 { 4 } else { 1 }
    }

    /// Bytes per frame per (bit/s / sample rate), i.e. `len = k * br / sr`.
    fn coefficient(&self) -> u64 {
        match (self.layer, self.version) {
            (1, _) => 48,
            (2, _) | (3, Version::V1) => 144,
            _ => 72,
        }
    }

    /// Whether this is a free-format frame (bitrate index 0).
    pub(crate) fn is_free(&self) -> bool {
        self.bitrate == 0
    }

    /// Frame length in bytes including the header; `None` for free format.
    pub(crate) fn len(&self) -> Option<u32> {
        if self.is_free() {
            return None;
        }
        let k = self.coefficient();
        let base = if self.layer == 1 {
            (12 * self.bitrate as u64 / self.sample_rate as u64) * 4
        } else {
            k * self.bitrate as u64 / self.sample_rate as u64
        };
        Some(base as u32 + if self.padding { self.slot() } else { 0 })
    }

    /// Bitrate of a free-format stream whose `frames` frames (padding
    /// included) cover `span` bytes: the average frame length, unlike the
    /// unpadded length of one frame, tracks the encoder's real rate (a
    /// 64 kbit/s stream at 44.1 kHz has 208-byte frames, padded to 209 in
    /// 98 % of them; 208 alone says 63.7 kbit/s, off by 0.5 %).
    pub(crate) fn free_bitrate_avg(&self, span: u64, frames: u32) -> u32 {
        let den = self.coefficient() * u64::from(frames.max(1));
        (span.saturating_mul(u64::from(self.sample_rate)) / den).min(u32::MAX as u64) as u32
    }

    /// Whether `next` can follow this header in the same stream.
    pub(crate) fn same_stream(&self, next: &FrameHeader) -> bool {
        self.raw & STREAM_MASK == next.raw & STREAM_MASK
            && (self.mode == 3) == (next.mode == 3)
            && self.is_free() == next.is_free()
    }

    /// Offset of a Xing/Info header from the frame start (after the side info).
    pub(crate) fn xing_offset(&self) -> usize {
        let mono = self.mode == 3;
        4 + match (self.version, mono) {
            (Version::V1, false) => 32,
            (Version::V1, true) | (_, false) => 17,
            (_, true) => 9,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_common_headers() {
        // MPEG-1 layer III 128 kbit/s 44.1 kHz joint stereo, no padding.
        let h = FrameHeader::parse(&[0xFF, 0xFB, 0x90, 0x40]).unwrap();
        assert_eq!(
            (h.version, h.layer, h.bitrate, h.sample_rate),
            (Version::V1, 3, 128_000, 44100)
        );
        assert_eq!(h.len(), Some(417));
        assert_eq!(h.samples(), 1152);
        assert_eq!(h.channels(), 2);
        // Padded.
        assert_eq!(
            FrameHeader::parse(&[0xFF, 0xFB, 0x92, 0x40]).unwrap().len(),
            Some(418)
        );
        // MPEG-2 layer III 64 kbit/s 22.05 kHz mono.
        let h = FrameHeader::parse(&[0xFF, 0xF3, 0x80, 0xC0]).unwrap();
        assert_eq!(
            (h.version, h.bitrate, h.sample_rate, h.channels()),
            (Version::V2, 64_000, 22050, 1)
        );
        assert_eq!(h.len(), Some(208));
        assert_eq!(h.samples(), 576);
        // MPEG-1 layer I 384 kbit/s 48 kHz.
        let h = FrameHeader::parse(&[0xFF, 0xFF, 0xC4, 0x00]).unwrap();
        assert_eq!((h.layer, h.bitrate, h.sample_rate), (1, 384_000, 48000));
        assert_eq!(h.len(), Some(384));
        // MPEG-2.5 layer III 8 kHz.
        let h = FrameHeader::parse(&[0xFF, 0xE3, 0x18, 0xC0]).unwrap();
        assert_eq!(
            (h.version, h.sample_rate, h.bitrate),
            (Version::V25, 8000, 8000)
        );
    }

    #[test]
    fn rejects_reserved_fields() {
        assert!(FrameHeader::parse(&[0xFF, 0xEB, 0x90, 0x40]).is_none()); // version 01
        assert!(FrameHeader::parse(&[0xFF, 0xF9, 0x90, 0x40]).is_none()); // layer 00
        assert!(FrameHeader::parse(&[0xFF, 0xFB, 0xF0, 0x40]).is_none()); // bitrate 15
        assert!(FrameHeader::parse(&[0xFF, 0xFB, 0x9C, 0x40]).is_none()); // sample rate 3
        assert!(FrameHeader::parse(&[0xFF, 0xFB, 0x90, 0x42]).is_none()); // emphasis 2
        assert!(FrameHeader::parse(&[0xFE, 0xFB, 0x90, 0x40]).is_none());
    }

    #[test]
    fn free_format_has_no_length() {
        let h = FrameHeader::parse(&[0xFF, 0xFB, 0x00, 0x40]).unwrap();
        assert!(h.is_free());
        assert_eq!(h.len(), None);
        assert_eq!(h.free_bitrate_avg(1044, 1), 319_725);
    }
}
