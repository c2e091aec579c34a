//! Builds a [`Kernel`]: the pass list and twiddle tables for one length,
//! direction and vector width.
//!
//! Twiddles are computed in `f64` from the exact integer exponent and rounded
//! once to the target type, so `f32` plans carry no accumulated angle error.

use crate::kernel::{Kernel, Pass};
use crate::{Complex, FftFloat};

/// `exp(-+2 pi i e / len)` rounded to `T` (`+` when `inverse`).
pub(crate) fn twiddle<T: FftFloat>(e: usize, len: usize, inverse: bool) -> Complex<T> {
    let e = e % len;
    let angle = -2.0 * std::f64::consts::PI * (e as f64) / (len as f64);
    let (sin, cos) = angle.sin_cos();
    let im = if inverse { -sin } else { sin };
    Complex::new(
        T::from_f64(cos).unwrap_or_else(T::zero),
        T::from_f64(im).unwrap_or_else(T::zero),
    )
}

/// Splits a power-of-two length into Stockham radices: as many 8s as fit
/// (fewest passes over memory), the remainder as 4s (or one 2 for length 2).
fn radices(len: usize) -> Vec<usize> {
    let log = len.trailing_zeros();
    let (mut eights, rest) = (log / 3, log % 3);
    let mut out = Vec::new();
    match rest {
        1 if eights > 0 => {
            eights -= 1;
            out.extend([4, 4]);
        }
        1 => out.push(2),
        2 => out.push(4),
        _ => {}
    }
    out.extend(std::iter::repeat_n(8, eights as usize));
    out
}

/// Plans a power-of-two transform of length `n` for registers of `lanes`
/// complex numbers. Needs `n >= 2` and, when `lanes > 1`, `n >= lanes^2`.
pub(crate) fn plan<T: FftFloat>(n: usize, inverse: bool, lanes: usize) -> Kernel<T> {
    assert!(
        n >= 2 && n.is_power_of_two(),
        "Stockham kernel needs a power of two >= 2, got {n}"
    );
    assert!(
        lanes == 1 || n >= lanes * lanes,
        "length {n} too short for {lanes} lanes"
    );
    let mut passes = Vec::new();
    let mut twiddles = Vec::new();
    let mut first_re = Vec::new();
    let mut first_im = Vec::new();
    let mut s = 1;
    if lanes > 1 && n == lanes * lanes {
        for k in 1..lanes {
            for p in 0..lanes {
                let w = twiddle::<T>(k * p, n, inverse);
                first_re.push(Complex::new(w.re, w.re));
                first_im.push(Complex::new(w.im, w.im));
            }
        }
        passes.push(Pass::Square { radix: lanes });
        return Kernel {
            n,
            inverse,
            passes,
            twiddles,
            first_re,
            first_im,
        };
    }
    if lanes > 1 {
        let m = n / lanes;
        for k in 1..lanes {
            for p in 0..m {
                let w = twiddle::<T>(k * p, n, inverse);
                first_re.push(Complex::new(w.re, w.re));
                first_im.push(Complex::new(w.im, w.im));
            }
        }
        passes.push(Pass::First { radix: lanes, m });
        s = lanes;
    }
    for radix in radices(n / s) {
        let m = n / (s * radix);
        let tw = twiddles.len();
        for p in 0..m {
            for k in 1..radix {
                twiddles.push(twiddle::<T>(k * p, radix * m, inverse));
            }
        }
        passes.push(Pass::Strided { radix, m, s, tw });
        s *= radix;
    }
    debug_assert_eq!(s, n);
    Kernel {
        n,
        inverse,
        passes,
        twiddles,
        first_re,
        first_im,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radices_multiply_to_the_length() {
        for log in 0..24 {
            let len = 1usize << log;
            assert_eq!(radices(len).iter().product::<usize>(), len);
        }
    }
}
