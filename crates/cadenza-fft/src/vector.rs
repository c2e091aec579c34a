//! The complex-vector abstraction the transform kernels are written against.
//!
//! Every kernel in [`crate::kernel`] is generic over [`CVec`], a register of
//! `LANES` interleaved complex numbers. Each instruction set provides one
//! implementation per float type (`arch/*`), and the scalar one below is the
//! portable fallback (`LANES == 1`). The kernels are `#[inline(always)]`, so
//! when they are instantiated inside a `#[target_feature]` entry point the whole
//! transform is compiled for that instruction set.
//!
//! Soundness contract: values of a SIMD implementation can only be created by
//! the `unsafe` constructors ([`CVec::load`], [`CVec::splat_parts`]) whose
//! caller promises the CPU supports the instruction set. The safe arithmetic
//! methods rely on a value existing as proof of that promise.

use crate::{Complex, FftFloat};

/// A register of `LANES` complex numbers, stored `[re0, im0, re1, im1, ...]`.
pub(crate) trait CVec: Copy {
    /// The float type of each component.
    type T: FftFloat;
    /// How many complex numbers one register holds.
    const LANES: usize;

    /// Loads `LANES` complex numbers from `p` (no alignment needed).
    ///
    /// # Safety
    /// `p` is valid for reading `LANES` elements and the CPU supports the
    /// implementation's instruction set.
    unsafe fn load(p: *const Complex<Self::T>) -> Self;

    /// A register of zeros.
    ///
    /// # Safety
    /// The CPU supports the implementation's instruction set.
    unsafe fn zero() -> Self;

    /// Stores `LANES` complex numbers to `p` (no alignment needed).
    ///
    /// # Safety
    /// `p` is valid for writing `LANES` elements.
    unsafe fn store(self, p: *mut Complex<Self::T>);

    /// Broadcasts `w` to every lane as the pair `(w.re, w.re)`, `(w.im, w.im)`,
    /// the form [`CVec::cmul_parts`] takes.
    ///
    /// # Safety
    /// `w` is valid for reading one element and the CPU supports the
    /// implementation's instruction set.
    unsafe fn splat_parts(w: *const Complex<Self::T>) -> (Self, Self);

    /// Lane-wise sum.
    fn add(self, o: Self) -> Self;
    /// Lane-wise difference.
    fn sub(self, o: Self) -> Self;
    /// Multiplies every lane by `-i` (forward) or `+i` (`INV`).
    fn rot<const INV: bool>(self) -> Self;
    /// Lane-wise complex conjugate.
    fn conj(self) -> Self;
    /// Reverses the order of the lanes.
    fn reverse(self) -> Self;
    /// Multiplies every component by the real number `k`.
    fn scale(self, k: Self::T) -> Self;
    /// Lane-wise complex product with `w`, given as `wr = (w.re, w.re)` and
    /// `wi = (w.im, w.im)` per lane.
    fn cmul_parts(self, wr: Self, wi: Self) -> Self;

    /// Transposes a 2x2 block: lane `i` of row `k` becomes lane `k` of row `i`.
    /// Only called when `LANES == 2`.
    fn transpose2(_v: &mut [Self; 2]) {
        unreachable!("transpose2 on a vector with {} lanes", Self::LANES)
    }
    /// Transposes a 4x4 block. Only called when `LANES == 4`.
    fn transpose4(_v: &mut [Self; 4]) {
        unreachable!("transpose4 on a vector with {} lanes", Self::LANES)
    }
    /// Transposes an 8x8 block. Only called when `LANES == 8`.
    fn transpose8(_v: &mut [Self; 8]) {
        unreachable!("transpose8 on a vector with {} lanes", Self::LANES)
    }
}

/// The portable fallback: one complex number per "register".
#[derive(Clone, Copy, Debug)]
pub(crate) struct Scalar<T>(pub(crate) Complex<T>);

impl<T: FftFloat> CVec for Scalar<T> {
    type T = T;
    const LANES: usize = 1;

    #[inline(always)]
    unsafe fn load(p: *const Complex<T>) -> Self {
        // SAFETY: the caller guarantees `p` is valid for one read.
        Scalar(unsafe { p.read_unaligned() })
    }
    #[inline(always)]
    unsafe fn zero() -> Self {
        Scalar(Complex::new(T::zero(), T::zero()))
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut Complex<T>) {
        // SAFETY: the caller guarantees `p` is valid for one write.
        unsafe { p.write_unaligned(self.0) }
    }
    #[inline(always)]
    unsafe fn splat_parts(w: *const Complex<T>) -> (Self, Self) {
        // SAFETY: the caller guarantees `w` is valid for one read.
        let w = unsafe { w.read_unaligned() };
        (
            Scalar(Complex::new(w.re, w.re)),
            Scalar(Complex::new(w.im, w.im)),
        )
    }
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        Scalar(Complex::new(self.0.re + o.0.re, self.0.im + o.0.im))
    }
    #[inline(always)]
    fn sub(self, o: Self) -> Self {
        Scalar(Complex::new(self.0.re - o.0.re, self.0.im - o.0.im))
    }
    #[inline(always)]
    fn rot<const INV: bool>(self) -> Self {
        if INV {
            Scalar(Complex::new(-self.0.im, self.0.re))
        } else {
            Scalar(Complex::new(self.0.im, -self.0.re))
        }
    }
    #[inline(always)]
    fn conj(self) -> Self {
        Scalar(Complex::new(self.0.re, -self.0.im))
    }
    #[inline(always)]
    fn reverse(self) -> Self {
        self
    }
    #[inline(always)]
    fn scale(self, k: T) -> Self {
        Scalar(Complex::new(self.0.re * k, self.0.im * k))
    }
    #[inline(always)]
    fn cmul_parts(self, wr: Self, wi: Self) -> Self {
        let (a, b) = (self.0.re, self.0.im);
        Scalar(Complex::new(
            a * wr.0.re - b * wi.0.re,
            b * wr.0.im + a * wi.0.im,
        ))
    }
}
