//! Real-input transforms: [`RealFftPlan`] (r2c) and [`InverseRealFftPlan`] (c2r).
//!
//! An even length `n` runs as one complex FFT of `n/2` points on the samples
//! paired up as `z[k] = x[2k] + i x[2k+1]`, followed (r2c) or preceded (c2r)
//! by one pass that separates the spectra of the even and odd samples and
//! combines them with the twiddles `exp(-2 pi i k / n)`. Odd lengths run a
//! full complex transform of `n` points in scratch.

use std::sync::Arc;

use cadenza_simd::Level;

use crate::cast::{as_complex, as_complex_mut};
use crate::kernel::{Job, RealTwiddles};
use crate::stockham::twiddle;
use crate::{Complex, FftFloat, FftPlan};

enum Imp<T> {
    /// Even length: the half-length complex plan, `W^k` for `k = 0..=n/4`
    /// (conjugated for c2r) and the level the split/merge pass runs at.
    Even {
        half: Arc<FftPlan<T>>,
        tw: RealTwiddles<T>,
        level: Level,
    },
    /// Powers of two up to 16 and the r2c codelet lengths: straight-line
    /// code, no dispatch ([`crate::realtiny`]); twiddles as for `Even`.
    Tiny { tw: RealTwiddles<T> },
    /// Odd length: a full-length complex plan, run in scratch.
    Odd { full: Arc<FftPlan<T>> },
}

impl<T: FftFloat> Imp<T> {
    fn new(n: usize, plan: Arc<FftPlan<T>>, inverse: bool, level: Level) -> Self {
        if n.is_multiple_of(2) {
            let h = n / 2;
            // (n == 0 plans no twiddles: its process calls return early.)
            let count = if n == 0 { 0 } else { h / 2 + 1 };
            let w: Vec<Complex<T>> = (0..count).map(|k| twiddle::<T>(k, n, inverse)).collect();
            let tw = RealTwiddles {
                re: w.iter().map(|c| Complex::new(c.re, c.re)).collect(),
                im: w.iter().map(|c| Complex::new(c.im, c.im)).collect(),
            };
            if crate::realtiny::applies::<T>(n, inverse) {
                Imp::Tiny { tw }
            } else {
                Imp::Even {
                    half: plan,
                    tw,
                    level,
                }
            }
        } else {
            Imp::Odd { full: plan }
        }
    }

    fn scratch_len(&self) -> usize {
        match self {
            Imp::Even { half, .. } => half.scratch_len(),
            Imp::Tiny { .. } => 0,
            Imp::Odd { full } => full.len() + full.scratch_len(),
        }
    }

    /// Scratch of the `process` calls, which use their input as working memory.
    fn process_scratch_len(&self) -> usize {
        match self {
            Imp::Even { half, .. } => half.clobbering_scratch_len(),
            Imp::Tiny { .. } | Imp::Odd { .. } => self.scratch_len(),
        }
    }
}

/// Forward real-to-complex FFT of `n` real samples into `n/2 + 1` complex bins,
/// unnormalised.
pub struct RealFftPlan<T> {
    n: usize,
    imp: Imp<T>,
}

/// Inverse complex-to-real FFT of `n/2 + 1` bins into `n` real samples,
/// unnormalised: `c2r(r2c(x)) == n * x`. The imaginary parts of bin 0 and (for
/// even `n`) bin `n/2` are ignored.
pub struct InverseRealFftPlan<T> {
    n: usize,
    imp: Imp<T>,
}

impl<T: FftFloat> RealFftPlan<T> {
    /// `plan` is the forward complex plan of length `n/2` (even `n`) or `n`.
    /// `level` must be supported by the CPU.
    pub(crate) fn new(n: usize, plan: Arc<FftPlan<T>>, level: Level) -> Self {
        RealFftPlan {
            n,
            imp: Imp::new(n, plan, false, level),
        }
    }

    /// Number of real input samples.
    pub fn len(&self) -> usize {
        self.n
    }

    /// `true` for the length-0 plan.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Number of complex output bins, `n/2 + 1`.
    pub fn complex_len(&self) -> usize {
        self.n / 2 + 1
    }

    /// Minimum scratch length (complex numbers) for every process call.
    pub fn scratch_len(&self) -> usize {
        self.imp.scratch_len()
    }

    /// Minimum scratch length of [`process`](Self::process) and
    /// [`process_batch`](Self::process_batch), which use their input as
    /// working memory: for even lengths whose half length is a power of two
    /// 0 (the half-length FFT ping-pongs between the input and the output),
    /// or a fixed tile (two 128 KiB block buffers for half-length data of
    /// 256 KiB to 8 MiB, 16384 elements from 16 MiB); otherwise
    /// [`scratch_len`](Self::scratch_len).
    pub fn process_scratch_len(&self) -> usize {
        self.imp.process_scratch_len()
    }

    /// Transforms `input` (`n` samples) into `output` (`n/2 + 1` bins). The
    /// input is used as working memory and is unspecified afterwards; the
    /// scratch needs only [`process_scratch_len`](Self::process_scratch_len)
    /// elements.
    ///
    /// # Panics
    /// On length mismatches or short scratch.
    pub fn process(&self, input: &mut [T], output: &mut [Complex<T>], scratch: &mut [Complex<T>]) {
        self.check(input.len(), output.len());
        assert!(
            scratch.len() >= self.process_scratch_len(),
            "r2c scratch too short"
        );
        if self.n == 0 {
            output[0] = Complex::default(); // the one bin of no samples
            return;
        }
        match &self.imp {
            Imp::Even { half, tw, level } => {
                let h = self.n / 2;
                half.process_clobbering(as_complex_mut(input), &mut output[..h], scratch);
                split(output, h, tw, *level);
            }
            Imp::Tiny { .. } | Imp::Odd { .. } => self.process_preserving(input, output, scratch),
        }
    }

    fn check(&self, input: usize, output: usize) {
        assert_eq!(input, self.n, "r2c input length must equal the FFT length");
        assert_eq!(
            output,
            self.complex_len(),
            "r2c output must hold n/2 + 1 bins"
        );
    }

    /// Transforms `input` into `output` and leaves `input` untouched.
    ///
    /// # Panics
    /// On length mismatches or short scratch.
    pub fn process_preserving(
        &self,
        input: &[T],
        output: &mut [Complex<T>],
        scratch: &mut [Complex<T>],
    ) {
        self.check(input.len(), output.len());
        if let Imp::Tiny { tw } = &self.imp {
            // First: no scratch to check, and the general checks cost as much
            // as the transform.
            return crate::realtiny::r2c(input, output, tw);
        }
        assert!(scratch.len() >= self.scratch_len(), "r2c scratch too short");
        if self.n == 0 {
            output[0] = Complex::default(); // the one bin of no samples
            return;
        }
        match &self.imp {
            Imp::Even { half, tw, level } => {
                let h = self.n / 2;
                half.process_out_of_place(as_complex(input), &mut output[..h], scratch);
                split(output, h, tw, *level);
            }
            Imp::Tiny { .. } => unreachable!("handled above"),
            Imp::Odd { full } => {
                let (work, rest) = scratch.split_at_mut(self.n);
                for (w, &x) in work.iter_mut().zip(input) {
                    *w = Complex::new(x, T::zero());
                }
                full.process(work, rest);
                output.copy_from_slice(&work[..output.len()]);
            }
        }
    }

    /// [`process`](Self::process) on each of `k` frames: `input` holds `k*n`
    /// samples (clobbered), `output` `k*(n/2+1)` bins.
    ///
    /// # Panics
    /// If the lengths do not describe the same number of frames.
    pub fn process_batch(
        &self,
        input: &mut [T],
        output: &mut [Complex<T>],
        scratch: &mut [Complex<T>],
    ) {
        let frames = batch_frames(input.len(), self.n, output.len(), self.complex_len());
        if frames == 0 {
            return;
        }
        let outs = output.chunks_exact_mut(self.complex_len());
        for (inp, out) in input.chunks_exact_mut(self.n).zip(outs) {
            self.process(inp, out, scratch);
        }
    }

    /// [`process_preserving`](Self::process_preserving) on each of `k` frames.
    ///
    /// # Panics
    /// If the lengths do not describe the same number of frames.
    pub fn process_batch_preserving(
        &self,
        input: &[T],
        output: &mut [Complex<T>],
        scratch: &mut [Complex<T>],
    ) {
        let frames = batch_frames(input.len(), self.n, output.len(), self.complex_len());
        if frames == 0 {
            return;
        }
        let outs = output.chunks_exact_mut(self.complex_len());
        for (inp, out) in input.chunks_exact(self.n).zip(outs) {
            self.process_preserving(inp, out, scratch);
        }
    }
}

impl<T: FftFloat> InverseRealFftPlan<T> {
    /// `plan` is the inverse complex plan of length `n/2` (even `n`) or `n`.
    /// `level` must be supported by the CPU.
    pub(crate) fn new(n: usize, plan: Arc<FftPlan<T>>, level: Level) -> Self {
        InverseRealFftPlan {
            n,
            imp: Imp::new(n, plan, true, level),
        }
    }

    /// Number of real output samples.
    pub fn len(&self) -> usize {
        self.n
    }

    /// `true` for the length-0 plan.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Number of complex input bins, `n/2 + 1`.
    pub fn complex_len(&self) -> usize {
        self.n / 2 + 1
    }

    /// Minimum scratch length (complex numbers) for every process call.
    pub fn scratch_len(&self) -> usize {
        self.imp.scratch_len()
    }

    /// Minimum scratch length of [`process`](Self::process) and
    /// [`process_batch`](Self::process_batch), which use their input as
    /// working memory: for even lengths whose half length is a power of two
    /// 0, or a fixed tile (two 128 KiB block buffers for half-length data
    /// of 256 KiB to 8 MiB, 16384 elements from 16 MiB); otherwise
    /// [`scratch_len`](Self::scratch_len).
    pub fn process_scratch_len(&self) -> usize {
        self.imp.process_scratch_len()
    }

    /// Transforms `input` (`n/2 + 1` bins) into `output` (`n` samples). The
    /// input is used as working memory and is unspecified afterwards; the
    /// scratch needs only [`process_scratch_len`](Self::process_scratch_len)
    /// elements.
    ///
    /// # Panics
    /// On length mismatches or short scratch.
    pub fn process(&self, input: &mut [Complex<T>], output: &mut [T], scratch: &mut [Complex<T>]) {
        self.check(input.len(), output.len());
        assert!(
            scratch.len() >= self.process_scratch_len(),
            "c2r scratch too short"
        );
        if self.n == 0 {
            return;
        }
        match &self.imp {
            Imp::Even { half, tw, level } => {
                let h = self.n / 2;
                let bins = input.as_mut_ptr();
                let job = Job::Merge {
                    bins: bins.cast_const(),
                    z: bins,
                    h,
                    tw,
                };
                // SAFETY: `input` holds h + 1 bins (checked above) and is
                // merged in place into its first h, which `merge` allows; the
                // tables hold h/2 + 1; the planner clamped `level` to the CPU.
                unsafe { T::execute_small(job, *level) }
                half.process_clobbering(&mut input[..h], as_complex_mut(output), scratch);
            }
            Imp::Tiny { .. } | Imp::Odd { .. } => self.process_preserving(input, output, scratch),
        }
    }

    fn check(&self, input: usize, output: usize) {
        assert_eq!(
            input,
            self.complex_len(),
            "c2r input must hold n/2 + 1 bins"
        );
        assert_eq!(
            output, self.n,
            "c2r output length must equal the FFT length"
        );
    }

    /// Transforms `input` into `output` and leaves `input` untouched.
    ///
    /// # Panics
    /// On length mismatches or short scratch.
    pub fn process_preserving(
        &self,
        input: &[Complex<T>],
        output: &mut [T],
        scratch: &mut [Complex<T>],
    ) {
        self.check(input.len(), output.len());
        if let Imp::Tiny { tw } = &self.imp {
            // As in the r2c plan.
            return crate::realtiny::c2r(input, output, tw);
        }
        assert!(scratch.len() >= self.scratch_len(), "c2r scratch too short");
        if self.n == 0 {
            return; // no samples; `merge` would write one element of `z`
        }
        match &self.imp {
            Imp::Even { half, tw, level } => {
                let z = as_complex_mut(output);
                let h = z.len();
                let job = Job::Merge {
                    bins: input.as_ptr(),
                    z: z.as_mut_ptr(),
                    h,
                    tw,
                };
                // SAFETY: `input` holds h + 1 bins and `z` h elements (checked
                // above, distinct borrows), the tables h/2 + 1; the planner
                // clamped `level` to the CPU.
                unsafe { T::execute_small(job, *level) }
                half.process(z, scratch);
            }
            Imp::Tiny { .. } => unreachable!("handled above"),
            Imp::Odd { full } => {
                let (work, rest) = scratch.split_at_mut(self.n);
                if self.n > 0 {
                    work[0] = Complex::new(input[0].re, T::zero());
                }
                for k in 1..input.len() {
                    work[k] = input[k];
                    work[self.n - k] = input[k].conj();
                }
                full.process(work, rest);
                for (o, w) in output.iter_mut().zip(work.iter()) {
                    *o = w.re;
                }
            }
        }
    }

    /// [`process`](Self::process) on each of `k` frames: `input` holds
    /// `k*(n/2+1)` bins (clobbered), `output` `k*n` samples.
    ///
    /// # Panics
    /// If the lengths do not describe the same number of frames.
    pub fn process_batch(
        &self,
        input: &mut [Complex<T>],
        output: &mut [T],
        scratch: &mut [Complex<T>],
    ) {
        let frames = batch_frames(output.len(), self.n, input.len(), self.complex_len());
        if frames == 0 {
            return;
        }
        let outs = output.chunks_exact_mut(self.n);
        for (inp, out) in input.chunks_exact_mut(self.complex_len()).zip(outs) {
            self.process(inp, out, scratch);
        }
    }

    /// [`process_preserving`](Self::process_preserving) on each of `k` frames.
    ///
    /// # Panics
    /// If the lengths do not describe the same number of frames.
    pub fn process_batch_preserving(
        &self,
        input: &[Complex<T>],
        output: &mut [T],
        scratch: &mut [Complex<T>],
    ) {
        let frames = batch_frames(output.len(), self.n, input.len(), self.complex_len());
        if frames == 0 {
            return;
        }
        let outs = output.chunks_exact_mut(self.n);
        for (inp, out) in input.chunks_exact(self.complex_len()).zip(outs) {
            self.process_preserving(inp, out, scratch);
        }
    }
}

/// The r2c post-pass on `output` (`h + 1` bins, the half-length FFT in `[..h]`).
fn split<T: FftFloat>(output: &mut [Complex<T>], h: usize, tw: &RealTwiddles<T>, level: Level) {
    assert_eq!(output.len(), h + 1, "r2c output must hold n/2 + 1 bins");
    let job = Job::Split {
        out: output.as_mut_ptr(),
        h,
        tw,
    };
    // SAFETY: `output` holds h + 1 elements (checked above), the tables
    // h/2 + 1; the planner clamped `level` to the CPU.
    unsafe { T::execute_small(job, level) }
}

/// Checks a batch's real and complex lengths agree; returns the frame count.
fn batch_frames(real: usize, n: usize, complex: usize, bins: usize) -> usize {
    if n == 0 {
        assert!(real == 0, "a length-0 plan only takes empty real data");
        return complex / bins;
    }
    assert!(
        real.is_multiple_of(n),
        "real batch length {real} is not a multiple of {n}"
    );
    let frames = real / n;
    assert_eq!(
        complex,
        frames * bins,
        "complex batch must hold {frames} frames of {bins} bins"
    );
    frames
}
