//! Real transforms of 2 to 16 points as straight-line scalar code (and, where
//! a hand-written codelet exists, r2c of up to 32 points).
//!
//! At these lengths the arithmetic is a few dozen flops and the general path
//! (a half-length plan call plus a SIMD-dispatched split or merge pass) cost
//! more than the work: r2c of 4 `f32` points took 8.7 ns against realfft's
//! 4.0 ns, of 16 points 25.7 ns against 11.4 ns
//! (`cargo run --release -p cadenza-fft --example quick_compare real f32 1 2 3 4`).
//! Here the half-length transform runs in registers through the scalar
//! butterflies of [`crate::kernel`] and the split/merge (the formulas of
//! [`crate::realpass`]) is written out per bin pair, with no dispatch and no
//! scratch. On x86_64, r2c of 16 `f32` samples runs a hand-written SSE2 codelet
//! instead (`arch/x86_64/tiny_sse2.rs`, 6.7 ns against 15 ns for this
//! scalar code, which LLVM vectorised with a shuffle around nearly every
//! operation).

use crate::kernel::{RealTwiddles, butterfly};
use crate::vector::{CVec, Scalar};
use crate::{Complex, FftFloat};

/// Longest real length handled here.
const MAX: usize = 16;

/// `true` for the real lengths this module transforms: powers of two from 2
/// to 16 (half lengths 1 to 8), and for r2c the longer lengths a
/// hand-written codelet exists for ([`FftFloat`]'s `R2C_CODELETS`).
pub(crate) fn applies<T: FftFloat>(n: usize, inverse: bool) -> bool {
    (2..=MAX).contains(&n) && n.is_power_of_two() || !inverse && T::R2C_CODELETS.contains(&n)
}

/// r2c of `input` (`n` samples, [`applies`]) into `output` (`n/2 + 1` bins).
///
/// # Panics
/// On a length [`applies`] rejects, a wrong output length or short tables.
pub(crate) fn r2c<T: FftFloat>(input: &[T], output: &mut [Complex<T>], tw: &RealTwiddles<T>) {
    if input.len() >= 16 && T::r2c_codelet(input, output, tw) {
        return;
    }
    match input.len() {
        2 => r2c_h::<T, 1>(input, output, tw),
        4 => r2c_h::<T, 2>(input, output, tw),
        8 => r2c_h::<T, 4>(input, output, tw),
        16 => r2c_h::<T, 8>(input, output, tw),
        n => panic!("no tiny r2c of {n} points"),
    }
}

/// c2r of `input` (`n/2 + 1` bins) into `output` (`n` samples, [`applies`]);
/// `tw` holds the conjugated twiddles of the inverse plan.
///
/// # Panics
/// As [`r2c`].
pub(crate) fn c2r<T: FftFloat>(input: &[Complex<T>], output: &mut [T], tw: &RealTwiddles<T>) {
    match output.len() {
        2 => c2r_h::<T, 1>(input, output, tw),
        4 => c2r_h::<T, 2>(input, output, tw),
        8 => c2r_h::<T, 4>(input, output, tw),
        16 => c2r_h::<T, 8>(input, output, tw),
        n => panic!("no tiny c2r of {n} points"),
    }
}

/// `W^k` as the `(re, re)` / `(im, im)` pair [`CVec::cmul_parts`] takes.
#[inline(always)]
fn twiddle<T: FftFloat>(tw: &RealTwiddles<T>, k: usize) -> (Scalar<T>, Scalar<T>) {
    (Scalar(tw.re[k]), Scalar(tw.im[k]))
}

/// Runs `$body` with `$k` bound to each literal `1..=$h/2` in turn. A `for`
/// loop indexed the register arrays with its induction variable, which kept
/// them on the stack (spilled as 16-byte vectors, reloaded at 4-byte offsets:
/// store-forwarding stalls, 17.5 ns for r2c of 16 `f32` points); literal
/// indices let every value live in a register.
macro_rules! for_each_pair {
    ($h:expr, $k:ident => $body:block) => {
        match $h {
            1 => {}
            2 => for_each_pair!(@ $k $body 1),
            4 => for_each_pair!(@ $k $body 1 2),
            8 => for_each_pair!(@ $k $body 1 2 3 4),
            h => unreachable!("tiny half length {h}"),
        }
    };
    (@ $k:ident $body:block $($i:literal)*) => {{ $({ let $k: usize = $i; $body })* }};
}

/// r2c with half length `H`: loads, the `H`-point butterfly and the split,
/// with every intermediate in registers.
#[inline(always)]
fn r2c_h<T: FftFloat, const H: usize>(
    input: &[T],
    output: &mut [Complex<T>],
    tw: &RealTwiddles<T>,
) {
    let (pairs, _) = input.as_chunks::<2>();
    assert!(
        pairs.len() == H && output.len() == H + 1 && tw.re.len() > H / 2 && tw.im.len() > H / 2
    );
    let mut z: [Scalar<T>; H] =
        std::array::from_fn(|k| Scalar(Complex::new(pairs[k][0], pairs[k][1])));
    butterfly::<Scalar<T>, false, H>(&mut z);
    output[0] = Complex::new(z[0].0.re + z[0].0.im, T::zero());
    output[H] = Complex::new(z[0].0.re - z[0].0.im, T::zero());
    let half = T::from_f64(0.5).unwrap_or_default();
    for_each_pair!(H, k => {
        let (a, b) = (z[k], z[H - k].conj());
        let e = a.add(b).scale(half);
        let o = a.sub(b).scale(half).rot::<false>();
        let (re, im) = twiddle(tw, k);
        let t = o.cmul_parts(re, im);
        output[k] = e.add(t).0;
        output[H - k] = e.sub(t).conj().0;
    });
}

/// The exact inverse of [`r2c_h`]'s split, times 2 (so the unnormalised
/// inverse FFT gives `n` times the signal), then the inverse butterfly.
#[inline(always)]
fn c2r_h<T: FftFloat, const H: usize>(
    input: &[Complex<T>],
    output: &mut [T],
    tw: &RealTwiddles<T>,
) {
    assert!(
        input.len() == H + 1 && output.len() == 2 * H && tw.re.len() > H / 2 && tw.im.len() > H / 2
    );
    let (x0, xh) = (input[0].re, input[H].re);
    let mut z = [Scalar(Complex::new(x0 + xh, x0 - xh)); H];
    for_each_pair!(H, k => {
        let (a, b) = (Scalar(input[k]), Scalar(input[H - k]).conj());
        let e = a.add(b);
        let (re, im) = twiddle(tw, k);
        let t = a.sub(b).cmul_parts(re, im).rot::<true>();
        z[k] = e.add(t);
        z[H - k] = e.sub(t).conj();
    });
    butterfly::<Scalar<T>, true, H>(&mut z);
    let (pairs, _) = output.as_chunks_mut::<2>();
    for (pair, c) in pairs.iter_mut().zip(&z) {
        *pair = [c.0.re, c.0.im];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Naive real DFT in f64.
    fn dft(x: &[f64]) -> Vec<Complex<f64>> {
        let n = x.len();
        (0..=n / 2)
            .map(|k| {
                x.iter()
                    .enumerate()
                    .fold(Complex::new(0.0, 0.0), |acc, (t, &v)| {
                        let a = -2.0 * std::f64::consts::PI * (k * t) as f64 / n as f64;
                        acc + Complex::new(a.cos(), a.sin()) * v
                    })
            })
            .collect()
    }

    fn tables(n: usize, inverse: bool) -> RealTwiddles<f64> {
        let w: Vec<_> = (0..=n / 4)
            .map(|k| crate::stockham::twiddle::<f64>(k, n, inverse))
            .collect();
        RealTwiddles {
            re: w.iter().map(|c| Complex::new(c.re, c.re)).collect(),
            im: w.iter().map(|c| Complex::new(c.im, c.im)).collect(),
        }
    }

    #[test]
    fn tiny_real_transforms_match_the_naive_dft_and_invert() {
        for n in [2usize, 4, 8, 16] {
            assert!(applies::<f64>(n, false) && applies::<f64>(n, true));
            let x: Vec<f64> = (0..n).map(|t| ((t * 7 + 3) % 11) as f64 - 4.5).collect();
            let mut bins = vec![Complex::new(0.0, 0.0); n / 2 + 1];
            r2c(&x, &mut bins, &tables(n, false));
            for (got, want) in bins.iter().zip(dft(&x)) {
                assert!((got - want).norm() < 1e-12, "n={n}: {got} vs {want}");
            }
            let mut back = vec![0.0; n];
            c2r(&bins, &mut back, &tables(n, true));
            for (b, v) in back.iter().zip(&x) {
                assert!(
                    (b - v * n as f64).abs() < 1e-12,
                    "n={n}: {b} vs {}",
                    v * n as f64
                );
            }
        }
        assert!(!applies::<f64>(6, false) && !applies::<f64>(0, false));
        // r2c of 32 samples has SSE2 codelets; its c2r takes the general path.
        assert_eq!(applies::<f32>(32, false), cfg!(target_arch = "x86_64"));
        assert_eq!(applies::<f64>(32, false), cfg!(target_arch = "x86_64"));
        assert!(!applies::<f32>(32, true) && !applies::<f64>(64, false));
    }
}
