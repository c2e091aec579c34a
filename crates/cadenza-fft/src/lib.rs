//! cadenza's FFTs: complex and real transforms in `f32` and `f64`, with SIMD
//! kernels chosen at run time.
//!
//! Power-of-two lengths run cadenza's own Stockham kernels (one generic
//! implementation instantiated per instruction set: AVX-512F, AVX2+FMA, SSE2,
//! NEON on aarch64, portable scalar); every other length is delegated to rustfft, so every
//! length works. The SIMD level comes from [`cadenza_simd::level()`] (honours
//! `CADENZA_SIMD`) or is set per planner with [`Planner::with_level`].
//!
//! Transforms are unnormalised like FFTW and rustfft: an inverse after a
//! forward transform multiplies by `n`.
//!
//! ```
//! use cadenza_fft::{Complex, Direction, Planner};
//! let planner = Planner::new();
//! let fft = planner.plan_fft_f32(8, Direction::Forward);
//! let mut buf = vec![Complex::new(1.0f32, 0.0); 8];
//! let mut scratch = vec![Complex::default(); fft.scratch_len()];
//! fft.process(&mut buf, &mut scratch);
//! assert_eq!(buf[0], Complex::new(8.0, 0.0));
//! ```

mod arch;
mod batch;
mod cast;
mod fixed;
mod float;
mod kernel;
mod outer;
mod plan;
mod planner;
mod real;
mod realpass;
mod realtiny;
mod stockham;
mod vector;

pub use batch::{BatchFftPlan, BatchFloat, BatchInverseRealFftPlan, BatchRealFftPlan};
pub use cadenza_simd::Level;
pub use float::FftFloat;
pub use plan::FftPlan;
pub use planner::Planner;
pub use real::{InverseRealFftPlan, RealFftPlan};
/// Complex number type of every transform (`#[repr(C)] { re, im }`), re-exported
/// from rustfft's `num_complex`.
pub use rustfft::num_complex::Complex;

/// Transform direction. Both directions are unnormalised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// `X[k] = sum x[j] exp(-2 pi i j k / n)`.
    Forward,
    /// `x[j] = sum X[k] exp(+2 pi i j k / n)`.
    Inverse,
}

// Modules of fft-stft (STFT, windows, mel) go below this line.
pub mod mel;
pub mod stft;
pub mod window;
pub use stft::{Centre, Istft, IstftStream, Stft, StftStream};
pub use window::{Symmetry, Window};
