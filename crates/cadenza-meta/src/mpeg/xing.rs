//! Xing/Info and VBRI headers in the first frame (frame count, hence exact
//! duration), and the LAME extension that follows Xing (encoder delay and
//! padding).

use super::header::FrameHeader;
use crate::bytes::{be16, be24, be32};

/// What a VBR header in the first frame says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct VbrHeader {
    /// Audio frames in the stream (the header frame itself excluded).
    pub(crate) frames: Option<u32>,
    /// `Info`: written by LAME for CBR streams.
    pub(crate) cbr: bool,
    /// Encoder delay in samples (LAME tag).
    pub(crate) delay: Option<u32>,
    /// Encoder padding in samples (LAME tag).
    pub(crate) padding: Option<u32>,
}

/// Reads a Xing/Info (with LAME extension) or VBRI header from the bytes of
/// the first frame, if there is one.
pub(crate) fn parse(frame: &[u8], h: &FrameHeader) -> Option<VbrHeader> {
    let xo = h.xing_offset();
    let at = |o: usize| frame.get(o..o + 4);
    for o in [xo, xo + 2] {
        match at(o) {
            Some(b"Xing") => return Some(xing(frame, o, false)),
            Some(b"Info") => return Some(xing(frame, o, true)),
            _ => {}
        }
        if !h.protected {
            break;
        }
    }
    if at(36) == Some(b"VBRI") {
        let b = frame.get(36..54)?;
        let frames = be32(&b[14..18]);
        return Some(VbrHeader {
            frames: (frames != 0).then_some(frames),
            cbr: false,
            delay: Some(u32::from(be16(&b[6..8]))),
            padding: None,
        });
    }
    None
}

fn xing(frame: &[u8], o: usize, cbr: bool) -> VbrHeader {
    let mut v = VbrHeader {
        cbr,
        ..VbrHeader::default()
    };
    let Some(flags) = frame.get(o + 4..o + 8).map(be32) else {
        return v;
    };
    let mut p = o + 8;
    if flags & 1 != 0 {
        v.frames = frame.get(p..p + 4).map(be32).filter(|&n| n != 0);
        p += 4;
    }
    if flags & 2 != 0 {
        p += 4;
    }
    if flags & 4 != 0 {
        p += 100;
    }
    if flags & 8 != 0 {
        p += 4;
    }
    if let Some(lame) = frame.get(p..p + 24)
        && matches!(&lame[..4], b"LAME" | b"Lavf" | b"Lavc")
    {
        let dp = be24(&lame[21..24]);
        v.delay = Some(dp >> 12);
        v.padding = Some(dp & 0xFFF);
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hdr() -> FrameHeader {
        FrameHeader::parse(&[0xFF, 0xFB, 0x90, 0x40]).unwrap()
    }

    #[test]
    fn xing_with_lame_extension() {
        let h = hdr();
        let mut f = vec![0u8; 417];
        f[..4].copy_from_slice(&[0xFF, 0xFB, 0x90, 0x40]);
        let o = h.xing_offset();
        f[o..o + 4].copy_from_slice(b"Xing");
        f[o + 4..o + 8].copy_from_slice(&15u32.to_be_bytes());
        f[o + 8..o + 12].copy_from_slice(&1234u32.to_be_bytes());
        let l = o + 120;
        f[l..l + 9].copy_from_slice(b"LAME3.100");
        f[l + 21..l + 24].copy_from_slice(&[0x24, 0x05, 0x7C]);
        let v = parse(&f, &h).unwrap();
        assert_eq!(
            v,
            VbrHeader {
                frames: Some(1234),
                cbr: false,
                delay: Some(576),
                padding: Some(1404)
            }
        );
    }

    #[test]
    fn info_without_frames_and_vbri() {
        let h = hdr();
        let mut f = vec![0u8; 417];
        let o = h.xing_offset();
        f[o..o + 4].copy_from_slice(b"Info");
        let v = parse(&f, &h).unwrap();
        assert!(v.cbr && v.frames.is_none() && v.delay.is_none());
        let mut f = vec![0u8; 417];
        f[36..40].copy_from_slice(b"VBRI");
        f[42..44].copy_from_slice(&576u16.to_be_bytes());
        f[50..54].copy_from_slice(&99u32.to_be_bytes());
        let v = parse(&f, &h).unwrap();
        assert_eq!((v.frames, v.delay), (Some(99), Some(576)));
        assert_eq!(parse(&[0u8; 40], &h), None);
    }
}
