//! Streaming forward STFT: audio arrives in chunks of any size, each complete
//! frame is transformed as soon as its last sample arrives and handed to a
//! callback. Produces exactly the frames of the whole-signal [`super::Stft`]
//! with [`Centre::Off`] or [`Centre::ZeroPad`].

use std::sync::Arc;

use super::{Centre, StftError, pack};
use crate::{Complex, FftFloat, Planner, RealFftPlan};

/// A streaming STFT: a history buffer of one frame plus the FFT buffers, all
/// allocated at construction.
pub struct StftStream<T: FftFloat> {
    hop: usize,
    centre: Centre,
    window: Box<[T]>,
    plan: Arc<RealFftPlan<T>>,
    history: Box<[T]>,
    filled: usize,
    skip: usize,
    frame: Box<[T]>,
    spectrum: Box<[Complex<T>]>,
    scratch: Box<[Complex<T>]>,
}

impl<T: FftFloat> StftStream<T> {
    /// A stream with `window` (length = FFT length), `hop` and `centre`
    /// ([`Centre::ReflectPad`] is refused: it would need samples before they arrive).
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
        if centre == Centre::ReflectPad {
            return Err(StftError::ReflectStreaming);
        }
        let plan = planner.plan_r2c::<T>(n);
        let mut s = StftStream {
            hop,
            centre,
            window: window.into(),
            scratch: vec![Complex::new(T::zero(), T::zero()); plan.scratch_len()].into(),
            plan,
            history: vec![T::zero(); n].into(),
            filled: 0,
            skip: 0,
            frame: vec![T::zero(); n].into(),
            spectrum: vec![Complex::new(T::zero(), T::zero()); n / 2 + 1].into(),
        };
        s.reset();
        Ok(s)
    }

    /// Forgets all buffered audio; the next sample starts a new signal.
    pub fn reset(&mut self) {
        self.skip = 0;
        self.filled = match self.centre {
            Centre::Off | Centre::ReflectPad => 0,
            Centre::ZeroPad => self.window.len() / 2,
        };
        self.history[..self.filled].fill(T::zero());
    }

    /// Spectrum bins per frame, `n_fft/2 + 1`.
    pub fn n_bins(&self) -> usize {
        self.window.len() / 2 + 1
    }

    /// Adds `input` to the stream, calling `on_frame` with each spectrum completed.
    pub fn push(&mut self, input: &[T], on_frame: impl FnMut(&[Complex<T>])) {
        self.feed(Some(input), input.len(), on_frame);
    }

    /// Ends the signal: with [`Centre::ZeroPad`] the trailing zero padding is fed
    /// so the last frames come out; then the stream is reset.
    pub fn finish(&mut self, on_frame: impl FnMut(&[Complex<T>])) {
        if self.centre == Centre::ZeroPad {
            let n = self.window.len();
            self.feed(None, n - n / 2, on_frame);
        }
        self.reset();
    }

    /// Feeds `count` samples from `input`, or zeros when `input` is `None`.
    fn feed(
        &mut self,
        mut input: Option<&[T]>,
        mut count: usize,
        mut on_frame: impl FnMut(&[Complex<T>]),
    ) {
        let n = self.window.len();
        while count > 0 {
            if self.skip > 0 {
                let s = self.skip.min(count);
                self.skip -= s;
                count -= s;
                input = input.map(|x| &x[s..]);
                continue;
            }
            let take = (n - self.filled).min(count);
            let dst = &mut self.history[self.filled..self.filled + take];
            match input {
                Some(x) => {
                    dst.copy_from_slice(&x[..take]);
                    input = Some(&x[take..]);
                }
                None => dst.fill(T::zero()),
            }
            self.filled += take;
            count -= take;
            if self.filled == n {
                pack::window_into(&self.history, &self.window, &mut self.frame);
                self.plan
                    .process(&mut self.frame, &mut self.spectrum, &mut self.scratch);
                on_frame(&self.spectrum);
                if self.hop < n {
                    self.history.copy_within(self.hop.., 0);
                    self.filled = n - self.hop;
                } else {
                    self.filled = 0;
                    self.skip = self.hop - n;
                }
            }
        }
    }
}
