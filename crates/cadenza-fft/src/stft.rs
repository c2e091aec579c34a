//! Short-time Fourier transform on top of cadenza's FFT plans.
//!
//! [`Stft`] slices a signal into overlapping frames, windows them and transforms
//! them; [`Istft`] inverts that with windowed overlap-add; [`StftStream`] and
//! [`IstftStream`] do the same on audio arriving in chunks / frame by frame.
//!
//! The whole-signal path is built for throughput and touches each sample as
//! few times as possible. For even `n_fft` (the usual case) a batch of frames
//! is windowed while being packed as `n_fft/2` complex pairs (the multiply
//! costs nothing extra: the samples are being copied anyway), the batch goes
//! through the `n_fft/2`-point complex [`FftPlan::process_batch`], and the
//! real-input split that turns those spectra into the `n_fft/2 + 1` real-FFT
//! bins is fused with the output: power (and from it magnitude, dB, mel) is
//! computed in that same pass and written once, straight into the caller's
//! buffer, with an AVX-512 kernel for f32 (`split.rs`). Odd lengths use
//! [`RealFftPlan::process_batch`]. All buffers belong to the plan and are
//! sized at construction, so no process call allocates.
//!
//! Conventions follow librosa: frame `i` starts at sample `i·hop` (or is centred
//! there when [`Centre`] pads the signal by `n_fft/2` on both sides), outputs are
//! frame-major (`out[frame * n_bins + bin]`), the forward transform is
//! unnormalised.

mod inverse;
mod pack;
mod split;
mod stream;

use std::fmt;
use std::sync::Arc;

use crate::mel::MelFilterbank;
use crate::window::{Symmetry, Window};
use crate::{Complex, Direction, FftFloat, FftPlan, Level, Planner, RealFftPlan};

pub use inverse::{Istft, IstftStream};
pub use stream::StftStream;

/// Where frames sit relative to the signal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Centre {
    /// Frame `i` covers samples `i·hop .. i·hop + n_fft`; only whole frames are
    /// produced (`1 + (len - n_fft)/hop` of them, none for a short signal).
    Off,
    /// Frame `i` is centred on sample `i·hop`; the signal is extended by `n_fft/2`
    /// zeros at both ends (`1 + len/hop` frames).
    ZeroPad,
    /// As [`Centre::ZeroPad`] but the extension mirrors the signal about its end
    /// samples (numpy/librosa `"reflect"`), avoiding the artificial onset of
    /// zero padding.
    #[default]
    ReflectPad,
}

/// Why an STFT could not be built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StftError {
    /// The window (and so the FFT length) was empty.
    EmptyWindow,
    /// The hop was zero.
    ZeroHop,
    /// The window has a different length from the FFT it is used with.
    WindowLength {
        /// FFT length.
        expected: usize,
        /// Window length given.
        got: usize,
    },
    /// [`Centre::ReflectPad`] needs samples from the future and cannot stream.
    ReflectStreaming,
    /// The streaming inverse needs `hop <= n_fft`.
    HopExceedsWindow,
}

impl fmt::Display for StftError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StftError::EmptyWindow => f.write_str("window is empty"),
            StftError::ZeroHop => f.write_str("hop must be at least 1"),
            StftError::WindowLength { expected, got } => {
                write!(f, "window has {got} samples, FFT length is {expected}")
            }
            StftError::HopExceedsWindow => f.write_str("hop must not exceed the FFT length"),
            StftError::ReflectStreaming => {
                f.write_str("reflect padding cannot be used when streaming")
            }
        }
    }
}

impl std::error::Error for StftError {}

/// Options for [`Stft::process_db`]: `10·log10(max(p, amin) / reference)`, then
/// clamped to at most `top_db` below the loudest value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DbOptions<T> {
    /// Power that maps to 0 dB.
    pub reference: T,
    /// Floor applied to power before the logarithm (avoids `log(0)`).
    pub amin: T,
    /// Dynamic range kept below the maximum, or `None` to keep everything.
    pub top_db: Option<T>,
}

impl<T: FftFloat> Default for DbOptions<T> {
    /// librosa's `power_to_db` defaults: reference 1, amin 1e-10, top_db 80.
    fn default() -> Self {
        DbOptions {
            reference: T::one(),
            amin: cast(1e-10),
            top_db: Some(cast(80.0)),
        }
    }
}

pub(crate) fn cast<T: FftFloat>(v: f64) -> T {
    // f64 → f32/f64 never fails for NumCast (it saturates to ±inf at worst).
    T::from(v).unwrap_or_else(T::zero)
}

/// Number of frames for a signal of `len` samples.
pub(crate) fn frame_count(len: usize, n_fft: usize, hop: usize, centre: Centre) -> usize {
    match centre {
        Centre::Off => {
            if len >= n_fft {
                1 + (len - n_fft) / hop
            } else {
                0
            }
        }
        Centre::ZeroPad | Centre::ReflectPad => 1 + len / hop,
    }
}

/// Default number of frames transformed per batch: enough to amortise the
/// per-call work, few enough that the batch buffers stay in L2.
fn default_batch(n_fft: usize) -> usize {
    let bytes_per_frame = n_fft * std::mem::size_of::<f32>() * 3;
    (256 * 1024 / bytes_per_frame.max(1)).clamp(1, 32)
}

/// The half-length complex FFT used for even `n_fft`, with the buffers of one batch.
struct HalfPlan<T: FftFloat> {
    fft: Arc<FftPlan<T>>,
    level: Level,
    twiddles: Box<[Complex<T>]>,
    /// `batch × n_fft/2` packed frames, transformed in place.
    z: Box<[Complex<T>]>,
}

/// A forward STFT plan: window, hop, centring, FFT plan and every buffer the
/// process calls need. Build once, call many times; the `process_*` methods
/// take `&mut self` only to reuse the buffers.
///
/// For even `n_fft` the frames go through an `n_fft/2`-point complex FFT and
/// the real-input split is fused with the output pass (see `split.rs`); odd
/// lengths use [`RealFftPlan`].
pub struct Stft<T: FftFloat> {
    hop: usize,
    centre: Centre,
    window: Box<[T]>,
    plan: Arc<RealFftPlan<T>>,
    half: Option<HalfPlan<T>>,
    batch: usize,
    frames: Box<[T]>,
    spectra: Box<[Complex<T>]>,
    scratch: Box<[Complex<T>]>,
    rows: Box<[T]>,
}

impl<T: FftFloat> Stft<T> {
    /// A plan using `window` (its length is the FFT length) and `hop`.
    pub fn new(
        planner: &Planner,
        window: &[T],
        hop: usize,
        centre: Centre,
    ) -> Result<Self, StftError> {
        let n_fft = window.len();
        if n_fft == 0 {
            return Err(StftError::EmptyWindow);
        }
        if hop == 0 {
            return Err(StftError::ZeroHop);
        }
        let plan = planner.plan_r2c::<T>(n_fft);
        let half = (n_fft >= 4 && n_fft.is_multiple_of(2)).then(|| HalfPlan {
            fft: planner.plan_fft::<T>(n_fft / 2, Direction::Forward),
            level: planner.level(),
            twiddles: split::twiddles(n_fft),
            z: Box::new([]),
        });
        let scratch_len = plan
            .scratch_len()
            .max(half.as_ref().map_or(0, |h| h.fft.scratch_len()));
        let mut stft = Stft {
            hop,
            centre,
            window: window.into(),
            scratch: vec![Complex::new(T::zero(), T::zero()); scratch_len].into(),
            plan,
            half,
            batch: 0,
            frames: Box::new([]),
            spectra: Box::new([]),
            rows: Box::new([]),
        };
        stft.set_batch(default_batch(n_fft));
        Ok(stft)
    }

    /// A plan with a periodic `window` shape of `n_fft` samples.
    pub fn with_window(
        planner: &Planner,
        window: Window,
        n_fft: usize,
        hop: usize,
        centre: Centre,
    ) -> Result<Self, StftError> {
        let w: Vec<T> = window
            .to_vec_f64(n_fft, Symmetry::Periodic)
            .into_iter()
            .map(cast)
            .collect();
        Self::new(planner, &w, hop, centre)
    }

    /// Sets how many frames go through the FFT per batch (at least 1); resizes
    /// the plan's buffers, so call it before processing, not between calls.
    pub fn set_batch(&mut self, frames: usize) {
        let frames = frames.max(1);
        let (n, nb) = (self.n_fft(), self.n_bins());
        self.batch = frames;
        self.rows = vec![T::zero(); frames * nb].into();
        if let Some(half) = &mut self.half {
            half.z = vec![Complex::new(T::zero(), T::zero()); frames * (n / 2)].into();
            self.frames = Box::new([]);
            self.spectra = Box::new([]);
        } else {
            self.frames = vec![T::zero(); frames * n].into();
            self.spectra = vec![Complex::new(T::zero(), T::zero()); frames * nb].into();
        }
    }

    /// Frames per FFT batch.
    pub fn batch(&self) -> usize {
        self.batch
    }

    /// FFT length (= window length).
    pub fn n_fft(&self) -> usize {
        self.window.len()
    }

    /// Samples between frame starts.
    pub fn hop(&self) -> usize {
        self.hop
    }

    /// Output bins per frame, `n_fft/2 + 1`.
    pub fn n_bins(&self) -> usize {
        self.n_fft() / 2 + 1
    }

    /// The analysis window.
    pub fn window(&self) -> &[T] {
        &self.window
    }

    /// The centring mode.
    pub fn centre(&self) -> Centre {
        self.centre
    }

    /// Frames produced for a signal of `signal_len` samples.
    pub fn n_frames(&self, signal_len: usize) -> usize {
        frame_count(signal_len, self.n_fft(), self.hop, self.centre)
    }

    /// Transforms one frame of exactly `n_fft` samples (windowing it first) into
    /// `out` (`n_bins` values); the frame-at-a-time API.
    ///
    /// # Panics
    /// If `frame.len() != n_fft` or `out.len() != n_bins`.
    pub fn process_frame(&mut self, frame: &[T], out: &mut [Complex<T>]) {
        let n = self.n_fft();
        assert_eq!(frame.len(), n, "frame length must equal n_fft");
        assert_eq!(out.len(), self.n_bins(), "output length must equal n_bins");
        if let Some(half) = &mut self.half {
            let z = &mut half.z[..n / 2];
            pack::pairs_into(frame, &self.window, z);
            half.fft.process(z, &mut self.scratch);
            split::spectrum(z, &half.twiddles, out);
        } else {
            pack::window_into(frame, &self.window, &mut self.frames[..n]);
            self.plan
                .process(&mut self.frames[..n], out, &mut self.scratch);
        }
    }

    /// The complex STFT of `signal` into `out` (`n_frames × n_bins`, frame-major).
    ///
    /// # Panics
    /// If `out.len() != n_frames(signal.len()) * n_bins`.
    pub fn process_complex(&mut self, signal: &[T], out: &mut [Complex<T>]) {
        let nb = self.n_bins();
        assert_eq!(
            out.len(),
            self.n_frames(signal.len()) * nb,
            "output length must be n_frames * n_bins"
        );
        let (n, batch) = (self.n_fft(), self.batch);
        for (b, chunk) in out.chunks_mut(batch * nb).enumerate() {
            let k = chunk.len() / nb;
            self.transform_batch(signal, b * batch, k);
            if let Some(half) = &self.half {
                let h = n / 2;
                for (z, row) in half.z[..k * h]
                    .chunks_exact(h)
                    .zip(chunk.chunks_exact_mut(nb))
                {
                    split::spectrum(z, &half.twiddles, row);
                }
            } else {
                chunk.copy_from_slice(&self.spectra[..k * nb]);
            }
        }
    }

    /// Power spectrum `|X|²` of every frame into `out` (`n_frames × n_bins`).
    ///
    /// # Panics
    /// If `out.len() != n_frames(signal.len()) * n_bins`.
    pub fn process_power(&mut self, signal: &[T], out: &mut [T]) {
        assert_eq!(
            out.len(),
            self.n_frames(signal.len()) * self.n_bins(),
            "output length must be n_frames * n_bins"
        );
        self.process_frames_power(signal, 0, out);
    }

    /// Power spectra of frames `first_frame ..` (as many as `out` holds
    /// `n_bins`-rows of) — lets a caller walk a long signal in pieces.
    ///
    /// # Panics
    /// If `out.len()` is not a multiple of `n_bins` or the frames run past
    /// `n_frames(signal.len())`.
    pub fn process_frames_power(&mut self, signal: &[T], first_frame: usize, out: &mut [T]) {
        self.for_each_power_row(signal, first_frame, out, |_| {});
    }

    /// Magnitude spectrum `|X|` of every frame into `out` (`n_frames × n_bins`).
    ///
    /// # Panics
    /// If `out.len() != n_frames(signal.len()) * n_bins`.
    pub fn process_magnitude(&mut self, signal: &[T], out: &mut [T]) {
        assert_eq!(
            out.len(),
            self.n_frames(signal.len()) * self.n_bins(),
            "output length must be n_frames * n_bins"
        );
        self.for_each_power_row(signal, 0, out, |row| {
            for v in row.iter_mut() {
                *v = v.sqrt();
            }
        });
    }

    /// Power in decibels (see [`DbOptions`]) of every frame into `out`
    /// (`n_frames × n_bins`). The `top_db` clamp is relative to the maximum over
    /// the whole output.
    ///
    /// # Panics
    /// If `out.len() != n_frames(signal.len()) * n_bins`.
    pub fn process_db(&mut self, signal: &[T], opts: DbOptions<T>, out: &mut [T]) {
        assert_eq!(
            out.len(),
            self.n_frames(signal.len()) * self.n_bins(),
            "output length must be n_frames * n_bins"
        );
        let ten: T = cast(10.0);
        let offset = ten * opts.reference.max(opts.amin).log10();
        let amin = opts.amin;
        let mut top = T::neg_infinity();
        self.for_each_power_row(signal, 0, out, |row| {
            for v in row.iter_mut() {
                let db = ten * v.max(amin).log10() - offset;
                top = top.max(db);
                *v = db;
            }
        });
        if let Some(range) = opts.top_db {
            let floor = top - range;
            for o in out.iter_mut() {
                *o = o.max(floor);
            }
        }
    }

    /// Mel-band power of every frame into `out` (`n_frames × mel.n_mels()`).
    ///
    /// # Panics
    /// If `mel.n_bins() != n_bins` or `out.len() != n_frames * n_mels`.
    pub fn process_mel(&mut self, signal: &[T], mel: &MelFilterbank, out: &mut [T]) {
        let nb = self.n_bins();
        assert_eq!(mel.n_bins(), nb, "filterbank built for a different n_fft");
        let n_mels = mel.n_mels();
        let n_frames = self.n_frames(signal.len());
        assert_eq!(
            out.len(),
            n_frames * n_mels,
            "output length must be n_frames * n_mels"
        );
        let batch = self.batch;
        let mut frame = 0;
        while frame < n_frames {
            let k = batch.min(n_frames - frame);
            self.transform_batch(signal, frame, k);
            let mut rows = std::mem::take(&mut self.rows);
            self.power_rows(k, &mut rows[..k * nb]);
            for (j, row) in rows[..k * nb].chunks_exact(nb).enumerate() {
                mel.apply(row, &mut out[(frame + j) * n_mels..][..n_mels]);
            }
            self.rows = rows;
            frame += k;
        }
    }

    /// Runs frames `first ..` through the FFT in batches, writes each frame's
    /// power into its `n_bins` row of `out` and hands the row to `post`.
    fn for_each_power_row(
        &mut self,
        signal: &[T],
        first: usize,
        out: &mut [T],
        mut post: impl FnMut(&mut [T]),
    ) {
        let (nb, batch) = (self.n_bins(), self.batch);
        assert_eq!(
            out.len() % nb,
            0,
            "output length must be a multiple of n_bins"
        );
        let count = out.len() / nb;
        assert!(
            first + count <= self.n_frames(signal.len()),
            "frames {first}..{} past the signal's {} frames",
            first + count,
            self.n_frames(signal.len())
        );
        for (b, rows) in out.chunks_mut(batch * nb).enumerate() {
            let k = rows.len() / nb;
            self.transform_batch(signal, first + b * batch, k);
            self.power_rows(k, rows);
            for row in rows.chunks_exact_mut(nb) {
                post(row);
            }
        }
    }

    /// `|X|²` of the `k` frames of the last batch into `rows` (`k × n_bins`).
    fn power_rows(&self, k: usize, rows: &mut [T]) {
        let nb = self.n_bins();
        if let Some(half) = &self.half {
            let h = self.n_fft() / 2;
            split::power_rows(half.level, &half.z[..k * h], h, &half.twiddles, rows);
        } else {
            for (o, c) in rows.iter_mut().zip(&self.spectra[..k * nb]) {
                *o = c.re * c.re + c.im * c.im;
            }
        }
    }

    /// Windows frames `first .. first + k` of `signal` and transforms them: into
    /// `half.z` (even `n_fft`, still to be split) or `spectra`.
    fn transform_batch(&mut self, signal: &[T], first: usize, k: usize) {
        let n = self.n_fft();
        let pad = match self.centre {
            Centre::Off => 0,
            Centre::ZeroPad | Centre::ReflectPad => n / 2,
        };
        let start = |j: usize| ((first + j) * self.hop) as isize - pad as isize;
        if let Some(half) = &mut self.half {
            let h = n / 2;
            pack::frames_pairs_at(
                half.level,
                signal,
                start,
                self.centre,
                &self.window,
                &mut half.z[..k * h],
            );
            half.fft
                .process_batch(&mut half.z[..k * h], &mut self.scratch);
        } else {
            for (j, dst) in self.frames[..k * n].chunks_exact_mut(n).enumerate() {
                pack::frame(signal, start(j), self.centre, &self.window, dst);
            }
            let nb = self.n_bins();
            self.plan.process_batch(
                &mut self.frames[..k * n],
                &mut self.spectra[..k * nb],
                &mut self.scratch,
            );
        }
    }
}

#[cfg(test)]
mod tests;
