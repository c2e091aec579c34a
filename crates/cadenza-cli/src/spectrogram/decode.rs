//! Decoding an audio file to mono f32 samples with symphonia.
//!
//! Every codec/container symphonia is built with here (MP3, FLAC, Vorbis/Ogg,
//! WAV/PCM, MP1/MP2, AAC in MP4/ADTS, Matroska) goes through the same probe → default
//! audio track → decoder loop; channels are averaged into one. Failures come
//! back as a short one-line reason for the `<file>: <reason>` error message.
//! A stream that breaks part-way yields the audio decoded before the break.

use std::fs::File;
use std::path::Path;

use symphonia::core::codecs::audio::AudioDecoderOptions;
use symphonia::core::errors::Error;
use symphonia::core::formats::probe::Hint;
use symphonia::core::formats::{FormatOptions, TrackType};
use symphonia::core::io::MediaSourceStream;
use symphonia::core::meta::MetadataOptions;

/// Longest input accepted, in mono samples (about 46 minutes at 48 kHz); keeps
/// memory bounded for hostile or huge inputs.
pub(crate) const MAX_SAMPLES: usize = 1 << 27;

/// Decoded mono audio.
pub(crate) struct Audio {
    /// Mono samples (channel average), nominally in [-1, 1].
    pub(crate) samples: Vec<f32>,
    /// Sample rate in Hz.
    pub(crate) sample_rate: u32,
    /// Why decoding stopped early or skipped packets, when it did.
    pub(crate) warning: Option<String>,
}

/// Decodes `path` to mono; `Err` is a one-line reason.
pub(crate) fn decode_file(path: &Path) -> Result<Audio, String> {
    let file = File::open(path).map_err(|e| e.to_string())?;
    let mss = MediaSourceStream::new(Box::new(file), Default::default());
    let mut hint = Hint::new();
    if let Some(ext) = path.extension().and_then(|e| e.to_str()) {
        hint.with_extension(ext);
    }
    let mut format = symphonia::default::get_probe()
        .probe(
            &hint,
            mss,
            FormatOptions::default(),
            MetadataOptions::default(),
        )
        .map_err(|e| match e {
            Error::Unsupported(_) => "unsupported or unrecognised audio format".to_string(),
            other => format!("cannot read container: {}", one_line(&other.to_string())),
        })?;
    let track = format
        .default_track(TrackType::Audio)
        .ok_or("no audio track")?;
    let track_id = track.id;
    let params = track
        .codec_params
        .as_ref()
        .and_then(|p| p.audio())
        .ok_or("no audio codec parameters")?;
    let mut decoder = symphonia::default::get_codecs()
        .make_audio_decoder(params, &AudioDecoderOptions::default())
        .map_err(|e| match e {
            Error::Unsupported(_) => {
                "unsupported audio codec (this build decodes MP1/2/3, FLAC, Vorbis, PCM and AAC)"
                    .to_string()
            }
            other => format!("cannot open decoder: {}", one_line(&other.to_string())),
        })?;

    let mut samples: Vec<f32> = Vec::new();
    let mut interleaved: Vec<f32> = Vec::new();
    let mut sample_rate = params.sample_rate.unwrap_or(0);
    let mut last_error: Option<String> = None;
    loop {
        let packet = match format.next_packet() {
            Ok(Some(p)) => p,
            Ok(None) => break,
            Err(e) => {
                // Truncated/corrupt tail: keep what was decoded so far.
                last_error = Some(one_line(&e.to_string()));
                break;
            }
        };
        if packet.track_id != track_id {
            continue;
        }
        let buf = match decoder.decode(&packet) {
            Ok(b) => b,
            Err(Error::DecodeError(e)) => {
                last_error = Some(format!("malformed stream: {e}"));
                continue;
            }
            Err(e) => {
                last_error = Some(one_line(&e.to_string()));
                break;
            }
        };
        let channels = buf.spec().channels().count().max(1);
        sample_rate = buf.spec().rate();
        buf.copy_to_vec_interleaved(&mut interleaved);
        if samples.len() + interleaved.len() / channels > MAX_SAMPLES {
            return Err(format!("longer than {MAX_SAMPLES} samples; not supported"));
        }
        let scale = 1.0 / channels as f32;
        samples.extend(
            interleaved
                .chunks_exact(channels)
                .map(|frame| frame.iter().sum::<f32>() * scale),
        );
    }
    if samples.is_empty() {
        return Err(match last_error {
            Some(e) => format!("no audio decoded ({e})"),
            None => "no audio samples in file".to_string(),
        });
    }
    if sample_rate == 0 {
        return Err("unknown sample rate".to_string());
    }
    Ok(Audio {
        samples,
        sample_rate,
        warning: last_error,
    })
}

/// Collapses whitespace runs (including newlines) so an error stays on one line.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
