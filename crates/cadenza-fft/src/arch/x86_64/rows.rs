//! Complex FFTs of 16 and 32 points as 4 x 4 and 8 x 4 "rows" of four complex
//! numbers, one register per row, generic over the 4-lane vector types
//! ([`RowVec`]: AVX2 `f32`, AVX-512 `f64`), from load to store.
//!
//! The split needs one register per row: lane-wise 4- or 8-point DFTs over
//! the rows, one complex multiplication per row, 4 x 4 transposes, and
//! lane-wise 4-point DFTs again, whose rows are the output in natural order.
//! Measured with `quick_compare` (BENCHMARKS "Session 7"), one buffer
//! transformed over and over (each call reads what the last stored:
//! latency):
//! - `f32` 16 points at AVX2 and above: 11.0-11.6 ns, like the SSE2 codelet
//!   ([`super::tiny_sse2`], 10.8-11.1 ns) and ahead of the AVX-512 Stockham
//!   block (11.3-14.0); cycling through 64 buffers (throughput) 4.4-5.4 ns
//!   against that codelet's 7.4;
//! - `f32` 32 points: 15.7-16.0 ns against 17.1 for the Stockham block (a
//!   first, hand-written AVX2 version of this file took 14.7-15.0);
//! - `f64` 32 points at AVX-512: 17.7-20.0 ns at every one of five heap
//!   layouts (`QUICK_PAD`), where the Stockham block took 19.3-33.4: its
//!   entry point has a 3 KiB stack frame that a caller's buffer can 4K-alias.
//!   (At 16 points the rows match the SSE2 codelet, 12.6 ns, which stays.)
//!
//! The twiddle multiply is two multiplications and an addition: a `fmaddsub`
//! with constant twiddles became a multiply, a sign flip, a blend and an FMA
//! in LLVM's hands, 1.5 ns longer at 16 points. The DFTs are the Stockham
//! kernels' [`butterfly`]s. Loops are [`unrolled`]: with
//! closures (`array::from_fn`) the 32-point `f32` version lost the target
//! features and took 100 ns.

use crate::Complex;
use crate::FftFloat;
use crate::kernel::{butterfly, cos_32, float, unrolled};
use crate::vector::CVec;

/// A [`CVec`] of four complex numbers with the two operations the row
/// codelets need beyond it.
pub(crate) trait RowVec: CVec {
    /// Lane-wise product of the components.
    fn mul(self, o: Self) -> Self;
    /// Swaps re and im in every lane.
    fn swap(self) -> Self;
}

/// `Wn^(n2 k1)` (conjugated for the inverse) for `n` dividing 32, as
/// `(re, im)`.
#[inline(always)]
fn twiddle(n: usize, n2: usize, k1: usize, inverse: bool) -> (f64, f64) {
    let j = n2 * k1 * (32 / n);
    // Wn^x = cos - i sin, and sin(2 pi j / 32) = cos(2 pi (j - 8) / 32).
    let sin = cos_32(j + 24);
    (cos_32(j), if inverse { sin } else { -sin })
}

/// `x * Wn^(n2 k1)` in lane `n2` of row `k1`: `x wr + swap(x) wi` with
/// `wr = (re, re)` and `wi = (-im, im)` per lane.
#[inline(always)]
fn twiddle_row<V: RowVec, const INV: bool>(x: V, n: usize, k1: usize) -> V
where
    V::T: FftFloat,
{
    let zero = Complex::new(float(0.0), float(0.0));
    let (mut wr, mut wi) = ([zero; 4], [zero; 4]);
    unrolled!(4, |n2| {
        let (re, im) = twiddle(n, n2, k1, INV);
        wr[n2] = Complex::new(float(re), float(re));
        wi[n2] = Complex::new(float(-im), float(im));
    });
    // SAFETY: both arrays hold four complex numbers; a `V` exists, so the
    // CPU supports its instruction set.
    let (wr, wi) = unsafe { (V::load(wr.as_ptr()), V::load(wi.as_ptr())) };
    x.mul(wr).add(x.swap().mul(wi))
}

/// In-place complex FFT of `4 R` points (`R` = 4 or 8 rows).
///
/// # Safety
/// A `V` can exist: the CPU supports its instruction set.
///
/// # Panics
/// If `buf.len() != 4 R`.
#[inline(always)]
pub(crate) unsafe fn fft<V: RowVec, const INV: bool, const R: usize>(buf: &mut [Complex<V::T>])
where
    V::T: FftFloat,
{
    assert!(V::LANES == 4 && (R == 4 || R == 8) && buf.len() == 4 * R);
    let p = buf.as_mut_ptr();
    // Row n1 holds x[4 n1 .. 4 n1 + 4]: lane n2 is x[4 n1 + n2].
    // SAFETY: the caller guarantees the instruction set.
    let mut t: [V; R] = [unsafe { V::zero() }; R];
    unrolled!(R, |n1| {
        // SAFETY: `buf` holds 4 R complex numbers (asserted).
        t[n1] = unsafe { V::load(p.add(4 * n1)) };
    });
    // Row k1 of the first DFTs, lanes n2, twiddled by W(4R)^(n2 k1).
    butterfly::<V, INV, R>(&mut t);
    unrolled!(R, |k1| {
        if k1 > 0 {
            t[k1] = twiddle_row::<V, INV>(t[k1], 4 * R, k1);
        }
    });
    unrolled!(R / 4, |g| {
        // Row n2, lanes k1 = 4g .. 4g + 4.
        let mut s = [t[4 * g], t[4 * g + 1], t[4 * g + 2], t[4 * g + 3]];
        V::transpose4(&mut s);
        // Row k2, lane k1 - 4g, is X[k1 + R k2].
        butterfly::<V, INV, 4>(&mut s);
        unrolled!(4, |k2| {
            // SAFETY: 4g + R k2 + 4 <= 4 R: four elements inside `buf`.
            unsafe { s[k2].store(p.add(4 * g + R * k2)) };
        });
    });
}
