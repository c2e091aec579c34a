//! Integer-factor FIR decimation for the callback's VAD: the detector only looks at 150 Hz -
//! 4 kHz, so at 48 kHz it would spend two thirds of its DFT on samples it does not need. The
//! recorder low-passes and decimates the VAD channel to about 16 kHz (the rate the VAD's
//! thresholds were tuned at), which cuts the VAD's burst inside the callback by the factor.
//!
//! Filter taps and history are allocated in [`Decimator::new`]; [`Decimator::process`] only
//! reads and writes those and the caller's slices.

/// Rate the VAD should see: the largest integer factor that keeps it at or above this.
pub const VAD_TARGET_RATE: u32 = 16_000;

/// The decimation factor for `sample_rate`: the largest integer `f` with
/// `sample_rate / f >= VAD_TARGET_RATE` that divides `sample_rate` exactly (1 when none).
pub fn factor_for(sample_rate: u32) -> usize {
    let mut f = (sample_rate / VAD_TARGET_RATE).max(1);
    while f > 1 && !sample_rate.is_multiple_of(f) {
        f -= 1;
    }
    f as usize
}

/// Low-pass FIR + keep-one-in-`factor` decimator over a continuous stream cut into blocks.
#[derive(Clone, Debug)]
pub struct Decimator {
    factor: usize,
    taps: Box<[f32]>,
    /// The last `taps.len() - 1` input samples, oldest first, then room for one block.
    history: Box<[f32]>,
    /// Samples still to skip before the next output (stream phase across blocks).
    skip: usize,
    max_block: usize,
}

impl Decimator {
    /// A decimator by `factor` for blocks of at most `max_block` samples. Taps: Hann-windowed
    /// sinc, `8 * factor + 1` long, cutoff at 0.4 of the output rate, unity gain at DC.
    pub fn new(factor: usize, max_block: usize) -> Self {
        let factor = factor.max(1);
        let len = 8 * factor + 1;
        let fc = 0.4 / factor as f64; // cycles per input sample
        let mid = (len / 2) as f64;
        let mut taps: Vec<f64> = (0..len)
            .map(|i| {
                let x = i as f64 - mid;
                let sinc = if x == 0.0 {
                    2.0 * fc
                } else {
                    (2.0 * std::f64::consts::PI * fc * x).sin() / (std::f64::consts::PI * x)
                };
                let w =
                    0.5 - 0.5 * (2.0 * std::f64::consts::PI * i as f64 / (len - 1) as f64).cos();
                sinc * w
            })
            .collect();
        let sum: f64 = taps.iter().sum();
        taps.iter_mut().for_each(|t| *t /= sum);
        Decimator {
            factor,
            taps: taps.into_iter().map(|t| t as f32).collect(),
            history: vec![0.0; len - 1 + max_block].into_boxed_slice(),
            skip: 0,
            max_block,
        }
    }

    /// The decimation factor.
    pub fn factor(&self) -> usize {
        self.factor
    }

    /// Largest number of outputs one [`Decimator::process`] call can produce.
    pub fn max_output(&self) -> usize {
        self.max_block.div_ceil(self.factor)
    }

    /// Filters `input` (at most `max_block` samples; the rest is ignored) and writes one output
    /// per `factor` input samples to the front of `out`, returning how many. `out` must hold
    /// [`Decimator::max_output`] samples.
    pub fn process(&mut self, input: &[f32], out: &mut [f32]) -> usize {
        let input = &input[..input.len().min(self.max_block)];
        let keep = self.taps.len() - 1;
        self.history[keep..keep + input.len()].copy_from_slice(input);
        let mut produced = 0;
        let mut i = self.skip;
        while i < input.len() && produced < out.len() {
            // Output for input sample i uses inputs i-keep..=i, i.e. history[i..=i+keep].
            let window = &self.history[i..i + self.taps.len()];
            out[produced] = window
                .iter()
                .zip(self.taps.iter())
                .map(|(x, t)| x * t)
                .sum();
            produced += 1;
            i += self.factor;
        }
        // `out` too short (a caller bug) leaves i inside the block: restart the phase at 0.
        self.skip = i.saturating_sub(input.len());
        self.history.copy_within(input.len()..input.len() + keep, 0);
        produced
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(freq: f64, rate: f64, n: usize) -> Vec<f32> {
        (0..n)
            .map(|i| (2.0 * std::f64::consts::PI * freq * i as f64 / rate).sin() as f32)
            .collect()
    }

    fn decimate_in_blocks(d: &mut Decimator, x: &[f32], block: usize) -> Vec<f32> {
        let mut out = vec![0.0; d.max_output()];
        let mut all = Vec::new();
        for b in x.chunks(block) {
            let n = d.process(b, &mut out);
            all.extend_from_slice(&out[..n]);
        }
        all
    }

    fn rms(x: &[f32]) -> f32 {
        (x.iter().map(|v| v * v).sum::<f32>() / x.len() as f32).sqrt()
    }

    #[test]
    fn factors_keep_the_vad_rate_at_or_above_16k_and_exact() {
        assert_eq!(factor_for(48_000), 3);
        assert_eq!(factor_for(96_000), 6);
        assert_eq!(factor_for(44_100), 2);
        assert_eq!(factor_for(16_000), 1);
        assert_eq!(factor_for(8_000), 1);
    }

    #[test]
    fn block_boundaries_do_not_change_the_output() {
        let x = tone(1000.0, 48_000.0, 4800);
        let whole = decimate_in_blocks(&mut Decimator::new(3, 4800), &x, 4800);
        let blocks = decimate_in_blocks(&mut Decimator::new(3, 128), &x, 128);
        let odd = decimate_in_blocks(&mut Decimator::new(3, 128), &x, 97);
        assert_eq!(whole.len(), 1600);
        assert_eq!(whole, blocks);
        assert_eq!(whole, odd);
    }

    #[test]
    fn speech_band_passes_and_aliasing_band_is_rejected() {
        let mut d = Decimator::new(3, 128);
        let pass = decimate_in_blocks(&mut d, &tone(3000.0, 48_000.0, 48_000), 128);
        // Skip the filter's start-up.
        let pass_rms = rms(&pass[100..]);
        assert!(
            (pass_rms - std::f32::consts::FRAC_1_SQRT_2).abs() < 0.05,
            "{pass_rms}"
        );
        let mut d = Decimator::new(3, 128);
        // 14 kHz would alias to 2 kHz, inside the VAD's band.
        let stop = decimate_in_blocks(&mut d, &tone(14_000.0, 48_000.0, 48_000), 128);
        let stop_rms = rms(&stop[100..]);
        assert!(stop_rms < 0.01, "{stop_rms}");
    }

    #[test]
    fn output_count_follows_the_stream_phase_across_blocks() {
        let mut d = Decimator::new(3, 128);
        let mut out = vec![0.0; d.max_output()];
        let counts: Vec<usize> = (0..3).map(|_| d.process(&[0.5; 128], &mut out)).collect();
        // Outputs at inputs 0, 3, 6, ...: 43 in the first block (0..=126), then 43 (129..=255),
        // then 42 (258..=381); 128 in total over 384 inputs.
        assert_eq!(counts, [43, 43, 42]);
        // Constant input reaches unity gain once the history is full.
        assert!((out[41] - 0.5).abs() < 1e-5, "{}", out[41]);
    }
}
