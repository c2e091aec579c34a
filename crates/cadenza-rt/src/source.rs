//! Signals a processor can generate itself, so the pipeline can be driven without capture
//! hardware: a sine tone, a preloaded buffer (e.g. a speech file), and a sequence-coded counter
//! whose every sample identifies its frame index (for loss/repeat checks on the recording).

use std::sync::Arc;

/// Number of distinct counter values of [`Source::Sequence`]: `2^23`, so every value
/// `n / 2^23` is exactly representable in an `f32` and survives a float WAV bit for bit.
pub const SEQUENCE_MODULUS: u64 = 1 << 23;

/// The value [`Source::Sequence`] produces for absolute frame `n`.
pub fn sequence_value(n: u64) -> f32 {
    (n % SEQUENCE_MODULUS) as f32 / SEQUENCE_MODULUS as f32
}

/// Inverse of [`sequence_value`]: the counter value a sample carries, if it is one.
pub fn sequence_index(sample: f32) -> Option<u64> {
    let scaled = f64::from(sample) * SEQUENCE_MODULUS as f64;
    (scaled >= 0.0 && scaled < SEQUENCE_MODULUS as f64 && scaled.fract() == 0.0)
        .then_some(scaled as u64)
}

/// Where a recording processor's signal comes from.
#[derive(Clone, Debug)]
pub enum Source {
    /// The backend's input channels (e.g. JACK capture ports).
    Input,
    /// A sine tone, the same on every channel.
    Tone {
        /// Frequency in Hz.
        freq_hz: f32,
        /// Peak amplitude.
        amplitude: f32,
    },
    /// A mono buffer played once (then silence), the same on every channel.
    Samples(Arc<[f32]>),
    /// [`sequence_value`] of the absolute frame index, the same on every channel.
    Sequence,
}

/// Per-run state of a [`Source`].
#[derive(Clone, Debug)]
pub(crate) struct SourceState {
    pub(crate) source: Source,
    phase: f64,
    phase_step: f64,
}

impl SourceState {
    pub(crate) fn new(source: Source) -> Self {
        SourceState {
            source,
            phase: 0.0,
            phase_step: 0.0,
        }
    }

    pub(crate) fn prepare(&mut self, sample_rate: u32) {
        if let Source::Tone { freq_hz, .. } = self.source {
            self.phase_step = f64::from(freq_hz) / f64::from(sample_rate.max(1));
        }
    }

    /// Fills `out` (one channel) with the source's frames starting at absolute frame `pos`.
    /// Returns false for [`Source::Input`], which the caller copies from the backend.
    pub(crate) fn generate(&mut self, pos: u64, out: &mut [f32]) -> bool {
        match &self.source {
            Source::Input => return false,
            Source::Tone { amplitude, .. } => {
                let amplitude = f64::from(*amplitude);
                for s in out.iter_mut() {
                    *s = (amplitude * (self.phase * std::f64::consts::TAU).sin()) as f32;
                    self.phase += self.phase_step;
                    if self.phase >= 1.0 {
                        self.phase -= 1.0;
                    }
                }
            }
            Source::Samples(data) => {
                let start = usize::try_from(pos).unwrap_or(usize::MAX).min(data.len());
                let avail = (data.len() - start).min(out.len());
                out[..avail].copy_from_slice(&data[start..start + avail]);
                out[avail..].fill(0.0);
            }
            Source::Sequence => {
                for (i, s) in out.iter_mut().enumerate() {
                    *s = sequence_value(pos + i as u64);
                }
            }
        }
        true
    }
}

/// A processor that only plays a [`Source`] on every output (e.g. a test-signal JACK client
/// to connect to a recorder's inputs).
pub struct SourceProcessor {
    state: SourceState,
}

impl SourceProcessor {
    /// Plays `source` ([`Source::Input`] plays silence).
    pub fn new(source: Source) -> Self {
        SourceProcessor {
            state: SourceState::new(source),
        }
    }
}

impl crate::Processor for SourceProcessor {
    fn prepare(&mut self, config: &crate::StreamConfig) {
        self.state.prepare(config.sample_rate);
    }

    fn process(&mut self, _input: &[&[f32]], output: &mut [&mut [f32]], info: &crate::FrameInfo) {
        let Some((first, rest)) = output.split_first_mut() else {
            return;
        };
        let first = &mut first[..info.frames];
        if !self.state.generate(info.frame_pos, first) {
            first.fill(0.0);
        }
        for out in rest {
            out[..info.frames].copy_from_slice(first);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequence_values_round_trip_and_wrap() {
        for n in [
            0u64,
            1,
            12345,
            SEQUENCE_MODULUS - 1,
            SEQUENCE_MODULUS,
            SEQUENCE_MODULUS + 7,
        ] {
            assert_eq!(
                sequence_index(sequence_value(n)),
                Some(n % SEQUENCE_MODULUS)
            );
        }
        assert_eq!(sequence_index(0.3), None);
        assert_eq!(sequence_index(-0.5), None);
    }

    #[test]
    fn samples_source_plays_once_then_silence() {
        let mut st = SourceState::new(Source::Samples(Arc::from(vec![1.0f32, 2.0, 3.0])));
        let mut out = [9.0f32; 4];
        assert!(st.generate(1, &mut out));
        assert_eq!(out, [2.0, 3.0, 0.0, 0.0]);
    }
}
