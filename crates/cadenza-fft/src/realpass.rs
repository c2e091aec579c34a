//! The passes that turn a half-length complex FFT into a real one, generic
//! over [`CVec`] so each instruction set gets a vectorised version.
//!
//! With `h = n/2`, `Z` the `h`-point FFT of `z[k] = x[2k] + i x[2k+1]` and
//! `W = exp(-2 pi i / n)`, the spectrum of `x` is, for `k = 1..h`,
//! `X[k] = E + W^k O` and `X[h-k] = conj(E - W^k O)` with
//! `E = (Z[k] + conj(Z[h-k])) / 2` and `O = -i (Z[k] - conj(Z[h-k])) / 2`.
//! Bins `k` and `h-k` are computed together, a register of `LANES` bins from
//! the front and the mirrored register (lane-reversed) from the back, so the
//! pass works in place. `merge` is the exact inverse map (times 2, so the
//! unnormalised inverse FFT gives `n` times the signal).

use crate::Complex;
use crate::vector::{CVec, Scalar};

/// r2c post-processing in place on `out[..=h]`; `out[..h]` holds `Z`.
///
/// # Safety
/// `out` valid for `h + 1` elements, `re`/`im` for `h/2 + 1`, CPU supports `V`.
#[inline(always)]
pub(crate) unsafe fn split<V: CVec>(
    out: *mut Complex<V::T>,
    h: usize,
    re: *const Complex<V::T>,
    im: *const Complex<V::T>,
) {
    // SAFETY: indices 0 and h are within the h + 1 elements.
    unsafe {
        let z0 = *out;
        let zero = <V::T as rustfft::num_traits::Zero>::zero();
        *out = Complex::new(z0.re + z0.im, zero);
        *out.add(h) = Complex::new(z0.re - z0.im, zero);
    }
    let l = V::LANES;
    let mut k = 1;
    // Front block [k, k+l) and back block [h-k-l+1, h-k] are disjoint or
    // share only the middle bin h/2 (when k + l - 1 == h/2): `split_block`
    // loads both before storing, and both halves compute the middle bin
    // from the same loaded values. For h a power of two >= 2l this covers
    // 1..=h/2 with whole registers (no scalar tail: r2c of 64 f32 points
    // with 8 lanes used to run 8 of its 16 bins one at a time).
    while 2 * (k + l - 1) <= h {
        // SAFETY: both blocks lie in 1..h and k + l - 1 <= h/2 for the tables.
        unsafe { split_block::<V>(out, h, k, re, im) };
        k += l;
    }
    while k <= h / 2 {
        // SAFETY: as above with one lane; k == h - k at the middle is fine
        // because both stores write the same value.
        unsafe { split_block::<Scalar<V::T>>(out, h, k, re, im) };
        k += 1;
    }
}

#[inline(always)]
unsafe fn split_block<V: CVec>(
    out: *mut Complex<V::T>,
    h: usize,
    k: usize,
    re: *const Complex<V::T>,
    im: *const Complex<V::T>,
) {
    let j = h + 1 - k - V::LANES;
    let half = <V::T as rustfft::num_traits::FromPrimitive>::from_f64(0.5).unwrap_or_default();
    // SAFETY: caller guarantees [k, k+LANES) and [j, j+LANES) are in bounds.
    unsafe {
        let a = V::load(out.add(k));
        let b = V::load(out.add(j)).reverse().conj();
        let e = a.add(b).scale(half);
        let o = a.sub(b).scale(half).rot::<false>();
        let t = o.cmul_parts(V::load(re.add(k)), V::load(im.add(k)));
        e.add(t).store(out.add(k));
        e.sub(t).conj().reverse().store(out.add(j));
    }
}

/// c2r pre-processing: `bins[..=h]` to `z[..h]`, whose unnormalised inverse
/// `h`-point FFT is `n` times the paired samples. Twiddles are conjugated.
///
/// # Safety
/// `bins` valid for `h + 1` reads, `z` for `h` writes (disjoint, or `z ==
/// bins`: every block reads its bins before it writes them), `re`/`im`
/// for `h/2 + 1`, CPU supports `V`.
#[inline(always)]
pub(crate) unsafe fn merge<V: CVec>(
    bins: *const Complex<V::T>,
    z: *mut Complex<V::T>,
    h: usize,
    re: *const Complex<V::T>,
    im: *const Complex<V::T>,
) {
    // SAFETY: index 0 of z and indices 0, h of bins are in bounds.
    unsafe {
        let (x0, xh) = ((*bins).re, (*bins.add(h)).re);
        *z = Complex::new(x0 + xh, x0 - xh);
    }
    let l = V::LANES;
    let mut k = 1;
    while 2 * (k + l - 1) <= h {
        // SAFETY: as in `split` (here `bins` is only read, so a shared
        // middle bin is written twice to `z` from the same inputs).
        unsafe { merge_block::<V>(bins, z, h, k, re, im) };
        k += l;
    }
    while k <= h / 2 {
        // SAFETY: as in `split`.
        unsafe { merge_block::<Scalar<V::T>>(bins, z, h, k, re, im) };
        k += 1;
    }
}

#[inline(always)]
unsafe fn merge_block<V: CVec>(
    bins: *const Complex<V::T>,
    z: *mut Complex<V::T>,
    h: usize,
    k: usize,
    re: *const Complex<V::T>,
    im: *const Complex<V::T>,
) {
    let j = h + 1 - k - V::LANES;
    // SAFETY: caller guarantees [k, k+LANES) and [j, j+LANES) are in bounds.
    unsafe {
        let a = V::load(bins.add(k));
        let b = V::load(bins.add(j)).reverse().conj();
        let e = a.add(b);
        let t = a
            .sub(b)
            .cmul_parts(V::load(re.add(k)), V::load(im.add(k)))
            .rot::<true>();
        e.add(t).store(z.add(k));
        e.sub(t).conj().reverse().store(z.add(j));
    }
}
