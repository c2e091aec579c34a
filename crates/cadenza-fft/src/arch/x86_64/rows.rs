//! Complex FFTs of 16 and 32 points as 4 x 4 and 8 x 4 "rows" of four complex
//! numbers, one register per row ([`fft`]), generic over the 4-lane vector
//! types ([`RowVec`]: AVX2 `f32`, AVX-512 `f64`), and of `N1 x N2` points
//! with rows of two to eight registers of 2 or 4 lanes ([`fft2d`]: AVX2
//! `f32` 64 and 128 points, AVX2 `f64` 16-128), from load to store.
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
use crate::kernel::{butterfly, cos_256, float, unrolled};
use crate::vector::CVec;

/// A [`CVec`] of four (or, for [`fft2d`], two) complex numbers with the two
/// operations the row codelets need beyond it.
pub(crate) trait RowVec: CVec {
    /// Lane-wise product of the components.
    fn mul(self, o: Self) -> Self;
    /// Swaps re and im in every lane.
    fn swap(self) -> Self;
}

/// `Wn^(n2 k1)` (conjugated for the inverse) for `n` dividing 256, as
/// `(re, im)`.
#[inline(always)]
fn twiddle(n: usize, n2: usize, k1: usize, inverse: bool) -> (f64, f64) {
    let j = n2 * k1 * (256 / n);
    // Wn^x = cos - i sin, and sin(2 pi j / 256) = cos(2 pi (j - 64) / 256).
    let sin = cos_256(j + 192);
    (cos_256(j), if inverse { sin } else { -sin })
}

/// `x * Wn^(n2 k1)` in lane `n2 - first` of row `k1`: `x wr + swap(x) wi`
/// with `wr = (re, re)` and `wi = (-im, im)` per lane.
#[inline(always)]
fn twiddle_row<V: RowVec, const INV: bool>(x: V, n: usize, k1: usize, first: usize) -> V
where
    V::T: FftFloat,
{
    let zero = Complex::new(float(0.0), float(0.0));
    let (mut wr, mut wi) = ([zero; 4], [zero; 4]);
    unrolled!(4, |lane| {
        let (re, im) = twiddle(n, first + lane, k1, INV);
        wr[lane] = Complex::new(float(re), float(re));
        wi[lane] = Complex::new(float(-im), float(im));
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
            t[k1] = twiddle_row::<V, INV>(t[k1], 4 * R, k1, 0);
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

/// In-place complex FFT of `N1 N2` points as `N1` rows of `N2` (`x[N2 n1 +
/// n2]`, `N2 / L` registers of `L = V::LANES` (2 or 4) per row; `M = N1 N2 /
/// L` registers in all). For each group of `L` columns ([`columns`]),
/// lane-wise `N1`-point DFTs over the rows, one complex multiplication per
/// row and `L x L` transposes; then, for each group of `L` rows `k1`
/// ([`rows`]), lane-wise `N2`-point DFTs over `n2`, whose registers are the
/// output in natural order (`X[k1 + N1 k2]`). The `M` registers between the
/// two halves are an array: LLVM keeps what fits and spills the rest. (The
/// groups are const-generic functions, not nested [`unrolled`]s: three
/// nested levels expand to 32^3 bodies and took rustc minutes.)
///
/// # Safety
/// A `V` can exist: the CPU supports its instruction set.
///
/// # Panics
/// If `buf.len() != N1 N2`, or the shape is not one of 4, 8 or 16 by 4, 8 or
/// 16 with `M = N1 N2 / L`.
#[inline(always)]
pub(crate) unsafe fn fft2d<
    V: RowVec,
    const INV: bool,
    const N1: usize,
    const N2: usize,
    const M: usize,
>(
    buf: &mut [Complex<V::T>],
) where
    V::T: FftFloat,
{
    assert!(
        matches!(V::LANES, 2 | 4)
            && matches!(N1, 4 | 8 | 16)
            && matches!(N2, 4 | 8 | 16)
            && M * V::LANES == N1 * N2
            && buf.len() == N1 * N2
    );
    let p = buf.as_mut_ptr();
    // SAFETY: the caller guarantees the instruction set.
    let mut mid = [unsafe { V::zero() }; M];
    // SAFETY: `buf` holds N1 N2 elements (asserted); forwarded
    // instruction-set contract.
    unsafe {
        columns::<V, INV, N1, N2, M, 0>(p, &mut mid);
        columns::<V, INV, N1, N2, M, 1>(p, &mut mid);
        columns::<V, INV, N1, N2, M, 2>(p, &mut mid);
        columns::<V, INV, N1, N2, M, 3>(p, &mut mid);
        columns::<V, INV, N1, N2, M, 4>(p, &mut mid);
        columns::<V, INV, N1, N2, M, 5>(p, &mut mid);
        columns::<V, INV, N1, N2, M, 6>(p, &mut mid);
        columns::<V, INV, N1, N2, M, 7>(p, &mut mid);
        rows::<V, INV, N1, N2, M, 0>(p, &mid);
        rows::<V, INV, N1, N2, M, 1>(p, &mid);
        rows::<V, INV, N1, N2, M, 2>(p, &mid);
        rows::<V, INV, N1, N2, M, 3>(p, &mid);
        rows::<V, INV, N1, N2, M, 4>(p, &mid);
        rows::<V, INV, N1, N2, M, 5>(p, &mid);
        rows::<V, INV, N1, N2, M, 6>(p, &mid);
        rows::<V, INV, N1, N2, M, 7>(p, &mid);
    }
}

/// Columns `n2 = L C .. L C + L` of [`fft2d`] (a no-op when `L C >= N2`):
/// `mid[N2 g + n2]` gets lanes `k1 = L g .. L g + L` of column `n2` after the
/// first DFTs and twiddles.
///
/// # Safety
/// `p` points to `N1 N2` readable elements; a `V` can exist.
#[inline(always)]
unsafe fn columns<
    V: RowVec,
    const INV: bool,
    const N1: usize,
    const N2: usize,
    const M: usize,
    const C: usize,
>(
    p: *const Complex<V::T>,
    mid: &mut [V; M],
) where
    V::T: FftFloat,
{
    let l = V::LANES;
    if l * C >= N2 {
        return;
    }
    // SAFETY: the caller guarantees the instruction set.
    let mut t = [unsafe { V::zero() }; N1];
    unrolled!(N1, |n1| {
        // SAFETY: N2 n1 + L C + L <= N1 N2: L elements inside the buffer.
        t[n1] = unsafe { V::load(p.add(N2 * n1 + l * C)) };
    });
    butterfly::<V, INV, N1>(&mut t);
    unrolled!(N1, |k1| {
        if k1 > 0 {
            t[k1] = twiddle_row::<V, INV>(t[k1], N1 * N2, k1, l * C);
        }
    });
    if l == 4 {
        unrolled!(N1 / 4, |g| {
            let mut s = [t[4 * g], t[4 * g + 1], t[4 * g + 2], t[4 * g + 3]];
            V::transpose4(&mut s);
            mid[N2 * g + 4 * C] = s[0];
            mid[N2 * g + 4 * C + 1] = s[1];
            mid[N2 * g + 4 * C + 2] = s[2];
            mid[N2 * g + 4 * C + 3] = s[3];
        });
    } else {
        unrolled!(N1 / 2, |g| {
            let mut s = [t[2 * g], t[2 * g + 1]];
            V::transpose2(&mut s);
            mid[N2 * g + 2 * C] = s[0];
            mid[N2 * g + 2 * C + 1] = s[1];
        });
    }
}

/// Rows `k1 = L G .. L G + L` of [`fft2d`] (a no-op when `L G >= N1`): the
/// second DFTs over `n2` and the stores of `X[k1 + N1 k2]`.
///
/// # Safety
/// `p` points to `N1 N2` writable elements; a `V` can exist.
#[inline(always)]
unsafe fn rows<
    V: RowVec,
    const INV: bool,
    const N1: usize,
    const N2: usize,
    const M: usize,
    const G: usize,
>(
    p: *mut Complex<V::T>,
    mid: &[V; M],
) where
    V::T: FftFloat,
{
    let l = V::LANES;
    if l * G >= N1 {
        return;
    }
    // SAFETY: the caller guarantees the instruction set.
    let mut u = [unsafe { V::zero() }; N2];
    unrolled!(N2, |n2| {
        u[n2] = mid[N2 * G + n2];
    });
    butterfly::<V, INV, N2>(&mut u);
    unrolled!(N2, |k2| {
        // SAFETY: L G + N1 k2 + L <= N1 N2: L elements inside the buffer.
        unsafe { u[k2].store(p.add(l * G + N1 * k2)) };
    });
}
