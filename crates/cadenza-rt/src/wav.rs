//! 32-bit float WAV files: a writer that streams to a temporary file in the destination's
//! directory and renames it into place only when finished (so a half-written file never
//! appears under the final name), patching the RIFF sizes at the end; and a small reader for
//! verifying recordings and loading speech input.

use std::fs::{self, File};
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

const FORMAT_PCM: u16 = 1;
const FORMAT_IEEE_FLOAT: u16 = 3;
const FORMAT_EXTENSIBLE: u16 = 0xFFFE;
/// RIFF header + fmt (18-byte body) + fact + data chunk header.
const HEADER_LEN: u64 = 12 + 8 + 18 + 8 + 4 + 8;

/// Streams interleaved `f32` frames into `<dir>/.<name>.partial`, renamed to the final path by
/// [`WavWriter::finish`]. Dropping an unfinished writer deletes the temporary file.
pub struct WavWriter {
    out: Option<BufWriter<File>>,
    temp_path: PathBuf,
    final_path: PathBuf,
    channels: u16,
    sample_rate: u32,
    samples: u64,
}

fn header(
    channels: u16,
    sample_rate: u32,
    data_bytes: u32,
    frames: u32,
) -> [u8; HEADER_LEN as usize] {
    let mut h = [0u8; HEADER_LEN as usize];
    let block_align = channels * 4;
    let mut put = |at: usize, bytes: &[u8]| h[at..at + bytes.len()].copy_from_slice(bytes);
    put(0, b"RIFF");
    put(
        4,
        &(HEADER_LEN as u32 - 8)
            .saturating_add(data_bytes)
            .to_le_bytes(),
    );
    put(8, b"WAVE");
    put(12, b"fmt ");
    put(16, &18u32.to_le_bytes());
    put(20, &FORMAT_IEEE_FLOAT.to_le_bytes());
    put(22, &channels.to_le_bytes());
    put(24, &sample_rate.to_le_bytes());
    put(28, &(sample_rate * u32::from(block_align)).to_le_bytes());
    put(32, &block_align.to_le_bytes());
    put(34, &32u16.to_le_bytes());
    put(36, &0u16.to_le_bytes());
    put(38, b"fact");
    put(42, &4u32.to_le_bytes());
    put(46, &frames.to_le_bytes());
    put(50, b"data");
    put(54, &data_bytes.to_le_bytes());
    h
}

impl WavWriter {
    /// Creates the temporary file next to `path` and writes a provisional header.
    pub fn create(path: &Path, channels: u16, sample_rate: u32) -> io::Result<Self> {
        if channels == 0 {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "WAV needs at least one channel",
            ));
        }
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = path.file_name().ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidInput, "output path has no file name")
        })?;
        let mut temp_name = std::ffi::OsString::from(".");
        temp_name.push(name);
        temp_name.push(".partial");
        let temp_path = dir.join(temp_name);
        let mut out = BufWriter::with_capacity(1 << 16, File::create(&temp_path)?);
        out.write_all(&header(channels, sample_rate, 0, 0))?;
        Ok(WavWriter {
            out: Some(out),
            temp_path,
            final_path: path.to_path_buf(),
            channels,
            sample_rate,
            samples: 0,
        })
    }

    /// Appends interleaved samples (a whole number of frames is expected across calls).
    pub fn write_samples(&mut self, samples: &[f32]) -> io::Result<()> {
        let Some(out) = self.out.as_mut() else {
            return Err(io::Error::other("WAV writer already finished"));
        };
        let mut buf = [0u8; 4096];
        for chunk in samples.chunks(buf.len() / 4) {
            for (dst, s) in buf.chunks_exact_mut(4).zip(chunk) {
                dst.copy_from_slice(&s.to_le_bytes());
            }
            out.write_all(&buf[..chunk.len() * 4])?;
        }
        self.samples += samples.len() as u64;
        Ok(())
    }

    /// Frames written so far.
    pub fn frames(&self) -> u64 {
        self.samples / u64::from(self.channels)
    }

    /// Path the file will have once finished.
    pub fn final_path(&self) -> &Path {
        &self.final_path
    }

    /// Patches the header sizes, syncs the data and renames the file to its final name.
    pub fn finish(mut self) -> io::Result<u64> {
        let Some(out) = self.out.take() else {
            return Err(io::Error::other("WAV writer already finished"));
        };
        let data_bytes = self.samples * 4;
        if data_bytes > u64::from(u32::MAX) - HEADER_LEN {
            return Err(io::Error::other("recording exceeds the 4 GiB WAV limit"));
        }
        let mut file = out.into_inner().map_err(|e| e.into_error())?;
        file.seek(SeekFrom::Start(0))?;
        file.write_all(&header(
            self.channels,
            self.sample_rate,
            data_bytes as u32,
            self.frames() as u32,
        ))?;
        file.sync_all()?;
        drop(file);
        fs::rename(&self.temp_path, &self.final_path)?;
        Ok(self.frames())
    }
}

impl Drop for WavWriter {
    fn drop(&mut self) {
        if self.out.take().is_some() {
            let _ = fs::remove_file(&self.temp_path);
        }
    }
}

/// Decoded WAV contents.
#[derive(Clone, Debug, PartialEq)]
pub struct WavData {
    /// Channel count.
    pub channels: u16,
    /// Frames per second.
    pub sample_rate: u32,
    /// Interleaved samples as `f32` (integer PCM scaled to [-1, 1)).
    pub samples: Vec<f32>,
    /// True when the data chunk was shorter than its header claimed.
    pub truncated: bool,
}

/// Why a WAV file could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WavError {
    /// Not a RIFF/WAVE file.
    NotWav,
    /// A chunk header ran past the end of the file at this byte offset.
    Truncated(usize),
    /// No `fmt ` chunk before the `data` chunk.
    MissingFormat,
    /// No `data` chunk.
    MissingData,
    /// Sample format not supported (format tag, bits per sample).
    Unsupported(u16, u16),
}

impl std::fmt::Display for WavError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WavError::NotWav => f.write_str("not a RIFF/WAVE file"),
            WavError::Truncated(at) => write!(f, "truncated chunk header at byte {at}"),
            WavError::MissingFormat => f.write_str("no fmt chunk before data"),
            WavError::MissingData => f.write_str("no data chunk"),
            WavError::Unsupported(tag, bits) => {
                write!(f, "unsupported sample format {tag:#x}/{bits} bits")
            }
        }
    }
}

impl std::error::Error for WavError {}

fn le_u16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn le_u32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// Decodes a WAV file held in memory: PCM 16/24/32-bit and IEEE float 32-bit, plain or
/// WAVE_FORMAT_EXTENSIBLE. Allocates only for bytes actually present.
pub fn decode(bytes: &[u8]) -> Result<WavData, WavError> {
    if bytes.len() < 12 || &bytes[0..4] != b"RIFF" || &bytes[8..12] != b"WAVE" {
        return Err(WavError::NotWav);
    }
    let mut at = 12usize;
    let mut format: Option<(u16, u16, u32, u16)> = None;
    while at < bytes.len() {
        let (Some(id), Some(size)) = (bytes.get(at..at + 4), le_u32(bytes, at + 4)) else {
            return Err(WavError::Truncated(at));
        };
        let body = at + 8;
        let size = size as usize;
        let end = body.saturating_add(size).min(bytes.len());
        match id {
            b"fmt " => {
                let f = &bytes[body..end];
                let (Some(mut tag), Some(channels), Some(rate), Some(bits)) =
                    (le_u16(f, 0), le_u16(f, 2), le_u32(f, 4), le_u16(f, 14))
                else {
                    return Err(WavError::Truncated(body));
                };
                if tag == FORMAT_EXTENSIBLE {
                    // The sub-format GUID starts with the plain format tag.
                    tag = le_u16(f, 24).ok_or(WavError::Truncated(body + 24))?;
                }
                if channels == 0 {
                    return Err(WavError::Unsupported(tag, bits));
                }
                format = Some((tag, channels, rate, bits));
            }
            b"data" => {
                let (tag, channels, sample_rate, bits) = format.ok_or(WavError::MissingFormat)?;
                let data = &bytes[body..end];
                let samples: Vec<f32> = match (tag, bits) {
                    (FORMAT_IEEE_FLOAT, 32) => data
                        .chunks_exact(4)
                        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                        .collect(),
                    (FORMAT_PCM, 16) => data
                        .chunks_exact(2)
                        .map(|c| f32::from(i16::from_le_bytes([c[0], c[1]])) / 32768.0)
                        .collect(),
                    (FORMAT_PCM, 24) => data
                        .chunks_exact(3)
                        .map(|c| {
                            (i32::from_le_bytes([0, c[0], c[1], c[2]]) >> 8) as f32 / 8_388_608.0
                        })
                        .collect(),
                    (FORMAT_PCM, 32) => data
                        .chunks_exact(4)
                        .map(|c| {
                            i32::from_le_bytes([c[0], c[1], c[2], c[3]]) as f32 / 2_147_483_648.0
                        })
                        .collect(),
                    _ => return Err(WavError::Unsupported(tag, bits)),
                };
                return Ok(WavData {
                    channels,
                    sample_rate,
                    samples,
                    truncated: body.saturating_add(size) > bytes.len(),
                });
            }
            _ => {}
        }
        // Chunks are padded to even sizes.
        at = body.saturating_add(size).saturating_add(size & 1);
    }
    Err(WavError::MissingData)
}

/// Reads and decodes a WAV file.
pub fn read(path: &Path) -> io::Result<WavData> {
    let bytes = fs::read(path)?;
    decode(&bytes).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_round_trip_is_bit_exact_and_renamed_only_on_finish() {
        let dir = std::env::temp_dir().join(format!("cadenza-wav-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("x.wav");
        let samples: Vec<f32> = (0..1000).map(|i| (i as f32 * 0.37).sin()).collect();
        let mut w = WavWriter::create(&path, 2, 48_000).unwrap();
        w.write_samples(&samples).unwrap();
        assert!(!path.exists(), "final name must not exist before finish");
        assert!(dir.join(".x.wav.partial").exists());
        assert_eq!(w.finish().unwrap(), 500);
        assert!(!dir.join(".x.wav.partial").exists());
        let data = read(&path).unwrap();
        assert_eq!(data.channels, 2);
        assert_eq!(data.sample_rate, 48_000);
        assert!(!data.truncated);
        assert_eq!(
            data.samples.iter().map(|s| s.to_bits()).collect::<Vec<_>>(),
            samples.iter().map(|s| s.to_bits()).collect::<Vec<_>>()
        );
        let bytes = fs::read(&path).unwrap();
        assert_eq!(le_u32(&bytes, 4).unwrap() as usize, bytes.len() - 8);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn dropped_writer_leaves_no_file() {
        let dir = std::env::temp_dir().join(format!("cadenza-wav-drop-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("y.wav");
        let mut w = WavWriter::create(&path, 1, 8_000).unwrap();
        w.write_samples(&[0.5; 10]).unwrap();
        drop(w);
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 0);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn decoder_rejects_garbage_and_survives_truncation() {
        assert_eq!(decode(b"hello"), Err(WavError::NotWav));
        let mut bytes = header(1, 8000, 400, 100).to_vec();
        bytes.extend_from_slice(&1.0f32.to_le_bytes());
        let data = decode(&bytes).unwrap();
        assert!(data.truncated);
        assert_eq!(data.samples, vec![1.0]);
        for cut in 0..bytes.len() {
            let _ = decode(&bytes[..cut]);
        }
    }
}
