//! [`FrameMeta`]: the fixed-size record the callback pushes once per period alongside the
//! samples, and its JSON-lines form written by the worker.

use std::io::{self, Write};

/// Per-period metadata produced on the real-time thread.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FrameMeta {
    /// Period index since the engine started.
    pub period: u64,
    /// Position of the period's first frame since the engine started.
    pub frame_pos: u64,
    /// Monotonic time (CLOCK_MONOTONIC, ns) at callback entry.
    pub timestamp_ns: u64,
    /// Frames in this period.
    pub frames: u32,
    /// Frames of this period that did not fit in the sample ring (dropped, not recorded).
    pub dropped_frames: u32,
    /// Voice activity decision for this period.
    pub vad: bool,
    /// Peak absolute sample value over all channels.
    pub peak: f32,
    /// RMS over all channels.
    pub rms: f32,
    /// The backend reported an xrun since the previous period.
    pub xrun: bool,
}

impl FrameMeta {
    /// Writes the record as one JSON object followed by a newline.
    pub fn write_json_line(&self, out: &mut impl Write) -> io::Result<()> {
        writeln!(
            out,
            "{{\"period\":{},\"frame_pos\":{},\"timestamp_ns\":{},\"frames\":{},\"dropped_frames\":{},\"vad\":{},\"peak\":{},\"rms\":{},\"xrun\":{}}}",
            self.period,
            self.frame_pos,
            self.timestamp_ns,
            self.frames,
            self.dropped_frames,
            self.vad,
            json_f32(self.peak),
            json_f32(self.rms),
            self.xrun
        )
    }
}

/// JSON has no NaN/Infinity: write those as null.
fn json_f32(v: f32) -> JsonF32 {
    JsonF32(v)
}

struct JsonF32(f32);

impl std::fmt::Display for JsonF32 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_finite() {
            write!(f, "{}", self.0)
        } else {
            f.write_str("null")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_line_is_one_object_and_non_finite_is_null() {
        let meta = FrameMeta {
            period: 3,
            frames: 128,
            vad: true,
            peak: f32::NAN,
            rms: 0.5,
            ..FrameMeta::default()
        };
        let mut out = Vec::new();
        meta.write_json_line(&mut out).unwrap();
        let line = String::from_utf8(out).unwrap();
        assert_eq!(
            line,
            "{\"period\":3,\"frame_pos\":0,\"timestamp_ns\":0,\"frames\":128,\"dropped_frames\":0,\"vad\":true,\"peak\":null,\"rms\":0.5,\"xrun\":false}\n"
        );
    }
}
