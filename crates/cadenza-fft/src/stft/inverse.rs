//! Inverse STFT: inverse real FFT of every frame, synthesis window, overlap-add,
//! and division by the summed squared window.
//!
//! Dividing by `Σ w²` (over the frames covering each sample) instead of assuming
//! a constant makes reconstruction exact for any window/hop pair whose squared
//! windows cover every sample, COLA or not, and also at the signal ends where
//! fewer frames overlap. The sum is computed per output sample from the few
//! (`⌈n_fft/hop⌉`) frames covering it, so no buffer proportional to the signal
//! is needed.

use std::sync::Arc;

use super::{Centre, StftError, cast};
use crate::{Complex, FftFloat, InverseRealFftPlan, Planner};

/// An inverse STFT plan (the counterpart of [`super::Stft`] with the same
/// window, hop and centring).
pub struct Istft<T: FftFloat> {
    hop: usize,
    centre: Centre,
    window: Box<[T]>,
    window_sq: Box<[T]>,
    plan: Arc<InverseRealFftPlan<T>>,
    batch: usize,
    spectra: Box<[Complex<T>]>,
    frames: Box<[T]>,
    scratch: Box<[Complex<T>]>,
}

impl<T: FftFloat> Istft<T> {
    /// A plan for spectra made with `window` (length = FFT length), `hop` and `centre`.
    pub fn new(
        planner: &Planner,
        window: &[T],
        hop: usize,
        centre: Centre,
    ) -> Result<Self, StftError> {
        let n = window.len();
        if n == 0 {
            return Err(StftError::EmptyWindow);
        }
        if hop == 0 {
            return Err(StftError::ZeroHop);
        }
        let plan = planner.plan_c2r::<T>(n);
        let batch = (256 * 1024 / (n * 12)).clamp(1, 32);
        Ok(Istft {
            hop,
            centre,
            window: window.into(),
            window_sq: window.iter().map(|&w| w * w).collect(),
            scratch: vec![Complex::new(T::zero(), T::zero()); plan.scratch_len()].into(),
            plan,
            batch,
            spectra: vec![Complex::new(T::zero(), T::zero()); batch * (n / 2 + 1)].into(),
            frames: vec![T::zero(); batch * n].into(),
        })
    }

    /// FFT length.
    pub fn n_fft(&self) -> usize {
        self.window.len()
    }

    /// Spectrum bins per frame, `n_fft/2 + 1`.
    pub fn n_bins(&self) -> usize {
        self.n_fft() / 2 + 1
    }

    fn pad(&self) -> usize {
        match self.centre {
            Centre::Off => 0,
            Centre::ZeroPad | Centre::ReflectPad => self.n_fft() / 2,
        }
    }

    /// The natural output length for `n_frames` frames: everything the frames
    /// cover minus the centring pad (librosa's default `length`). Passing the
    /// original signal length to [`Istft::process`] instead recovers all of it.
    pub fn output_len(&self, n_frames: usize) -> usize {
        if n_frames == 0 {
            return 0;
        }
        (self.n_fft() + self.hop * (n_frames - 1)).saturating_sub(2 * self.pad())
    }

    /// Reconstructs the signal from `spectra` (`n_frames × n_bins`, frame-major)
    /// into `out`, whose length the caller chooses (typically the analysed
    /// signal's length). Samples no frame covers are zero.
    ///
    /// # Panics
    /// If `spectra.len()` is not a multiple of `n_bins`.
    pub fn process(&mut self, spectra: &[Complex<T>], out: &mut [T]) {
        let (n, nb) = (self.n_fft(), self.n_bins());
        assert_eq!(
            spectra.len() % nb,
            0,
            "spectra length must be a multiple of n_bins"
        );
        let n_frames = spectra.len() / nb;
        let pad = self.pad() as isize;
        let len = out.len() as isize;
        out.fill(T::zero());
        for (b, chunk) in spectra.chunks(self.batch * nb).enumerate() {
            let k = chunk.len() / nb;
            self.spectra[..chunk.len()].copy_from_slice(chunk);
            self.plan.process_batch(
                &mut self.spectra[..k * nb],
                &mut self.frames[..k * n],
                &mut self.scratch,
            );
            for (j, frame) in self.frames[..k * n].chunks_exact(n).enumerate() {
                let start = ((b * self.batch + j) * self.hop) as isize - pad;
                let lo = (-start).clamp(0, n as isize) as usize;
                let hi = (len - start).clamp(0, n as isize) as usize;
                if lo >= hi {
                    continue;
                }
                let dst = &mut out[(start + lo as isize) as usize..(start + hi as isize) as usize];
                for ((o, &x), &w) in dst.iter_mut().zip(&frame[lo..hi]).zip(&self.window[lo..hi]) {
                    *o = *o + x * w;
                }
            }
        }
        let scale: T = cast(1.0 / n as f64);
        let hop = self.hop as isize;
        for (t, o) in out.iter_mut().enumerate() {
            // Frames i with i·hop - pad <= t < i·hop - pad + n.
            let p = t as isize + pad;
            let first = if p - n as isize >= 0 {
                (p - n as isize) / hop + 1
            } else {
                0
            };
            let last = (p / hop).min(n_frames as isize - 1);
            let mut wsum = T::zero();
            let mut i = first;
            while i <= last {
                wsum = wsum + self.window_sq[(p - i * hop) as usize];
                i += 1;
            }
            *o = if wsum > T::min_positive_value() {
                *o * scale / wsum
            } else {
                *o * scale
            };
        }
    }
}

/// Frame-at-a-time inverse STFT: each pushed spectrum releases the `hop`
/// samples no later frame can touch, normalised by the squared-window sum of
/// the frames actually received (so the start is exact too). Matches
/// [`Istft`] with [`Centre::Off`]; [`IstftStream::finish`] releases the tail.
pub struct IstftStream<T: FftFloat> {
    hop: usize,
    window: Box<[T]>,
    plan: Arc<InverseRealFftPlan<T>>,
    spectrum: Box<[Complex<T>]>,
    frame: Box<[T]>,
    /// Overlap-add of windowed frames, aligned so `acc[0]` is the next output sample.
    acc: Box<[T]>,
    /// Σ w² of the frames added into each `acc` position.
    wsum: Box<[T]>,
    scratch: Box<[Complex<T>]>,
}

impl<T: FftFloat> IstftStream<T> {
    /// A stream for spectra made with `window` (length = FFT length) and `hop`
    /// (`1 ..= n_fft`; larger hops leave gaps no overlap-add can fill).
    pub fn new(planner: &Planner, window: &[T], hop: usize) -> Result<Self, StftError> {
        let n = window.len();
        if n == 0 {
            return Err(StftError::EmptyWindow);
        }
        if hop == 0 {
            return Err(StftError::ZeroHop);
        }
        if hop > n {
            return Err(StftError::HopExceedsWindow);
        }
        let plan = planner.plan_c2r::<T>(n);
        Ok(IstftStream {
            hop,
            window: window.into(),
            scratch: vec![Complex::new(T::zero(), T::zero()); plan.scratch_len()].into(),
            plan,
            spectrum: vec![Complex::new(T::zero(), T::zero()); n / 2 + 1].into(),
            frame: vec![T::zero(); n].into(),
            acc: vec![T::zero(); n].into(),
            wsum: vec![T::zero(); n].into(),
        })
    }

    /// Samples released per pushed frame.
    pub fn hop(&self) -> usize {
        self.hop
    }

    /// Adds one spectrum (`n_fft/2 + 1` bins) and writes the `hop` finished
    /// samples into `out`.
    ///
    /// # Panics
    /// If `spectrum.len() != n_fft/2 + 1` or `out.len() != hop`.
    pub fn push(&mut self, spectrum: &[Complex<T>], out: &mut [T]) {
        let (n, hop) = (self.window.len(), self.hop);
        assert_eq!(
            spectrum.len(),
            n / 2 + 1,
            "spectrum length must be n_fft/2 + 1"
        );
        assert_eq!(out.len(), hop, "output length must equal hop");
        self.spectrum.copy_from_slice(spectrum);
        self.plan
            .process(&mut self.spectrum, &mut self.frame, &mut self.scratch);
        let scale: T = cast(1.0 / n as f64);
        for (((a, s), &x), &w) in self
            .acc
            .iter_mut()
            .zip(self.wsum.iter_mut())
            .zip(&*self.frame)
            .zip(&*self.window)
        {
            *a = *a + x * w * scale;
            *s = *s + w * w;
        }
        release(&self.acc[..hop], &self.wsum[..hop], out);
        self.acc.copy_within(hop.., 0);
        self.wsum.copy_within(hop.., 0);
        self.acc[n - hop..].fill(T::zero());
        self.wsum[n - hop..].fill(T::zero());
    }

    /// Writes the `n_fft - hop` samples still pending after the last frame into
    /// `out` and resets the stream.
    ///
    /// # Panics
    /// If `out.len() != n_fft - hop`.
    pub fn finish(&mut self, out: &mut [T]) {
        let (n, hop) = (self.window.len(), self.hop);
        assert_eq!(out.len(), n - hop, "output length must be n_fft - hop");
        release(&self.acc[..n - hop], &self.wsum[..n - hop], out);
        self.acc.fill(T::zero());
        self.wsum.fill(T::zero());
    }
}

/// `out = acc / wsum` where the window sum is non-zero, else `acc`.
fn release<T: FftFloat>(acc: &[T], wsum: &[T], out: &mut [T]) {
    for ((o, &a), &s) in out.iter_mut().zip(acc).zip(wsum) {
        *o = if s > T::min_positive_value() {
            a / s
        } else {
            a
        };
    }
}
