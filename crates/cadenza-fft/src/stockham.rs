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

/// Splits a power-of-two length into Stockham radices of at most
/// `2^max_log`: the fewest passes over memory, with the radices as even as
/// possible and the larger ones last (the last pass has no twiddles).
fn radices(len: usize, max_log: u32) -> Vec<usize> {
    let log = len.trailing_zeros();
    if log == 0 {
        return Vec::new();
    }
    let passes = log.div_ceil(max_log);
    let (base, extra) = (log / passes, log % passes);
    (0..passes)
        .map(|i| 1usize << (base + u32::from(i >= passes - extra)))
        .collect()
}

/// First-pass twiddles `w^(k*p)` of a pass over `radix * m` points, for
/// `k = 1..radix` and `p = 0..count`, as the `(re, re)` and `(im, im)` tables
/// of [`Kernel::first_re`]/`first_im`: `count = m` gives the full tables,
/// `count = radix` the lane factors of a factored first pass.
fn first_tables<T: FftFloat>(
    radix: usize,
    m: usize,
    count: usize,
    inverse: bool,
) -> (Vec<Complex<T>>, Vec<Complex<T>>) {
    let n = radix * m;
    let mut re = Vec::with_capacity((radix - 1) * count);
    let mut im = Vec::with_capacity((radix - 1) * count);
    for k in 1..radix {
        for p in 0..count {
            let w = twiddle::<T>(k * p, n, inverse);
            re.push(Complex::new(w.re, w.re));
            im.push(Complex::new(w.im, w.im));
        }
    }
    (re, im)
}

/// Whether the first pass of `radix * m` points uses factored twiddles: when
/// its full tables exceed [`FIRST_TABLE_BYTES`] and the registers are 64
/// bytes wide (AVX-512). Measured with `quick_compare` (session 4, Zen 4):
/// at AVX-512 factoring took complex `f32` 4096 from 2.9 to 2.1 µs, 65536
/// from 80 to 56 µs and 2^20 from 2.2 to 1.25 ms, `f64` 2048-2^20 5-10 %;
/// below 32 KiB of tables (f32 1024/2048) the extra multiply lost 10-15 %.
/// With AVX2's and SSE2's narrower registers the results were mixed (AVX2
/// f32 2^20 gained 20 %, f32 8192 and f64 4096 lost 10-30 %), so those
/// levels keep the full tables. `CADENZA_FIRST_TABLE_BYTES=N` overrides the
/// limit at every level (tuning only; read when a plan is built).
fn first_is_factored<T>(radix: usize, m: usize) -> bool {
    let bytes = 2 * (radix - 1) * m * std::mem::size_of::<Complex<T>>();
    let default = if radix * std::mem::size_of::<Complex<T>>() >= 64 {
        FIRST_TABLE_BYTES
    } else {
        usize::MAX
    };
    let limit = std::env::var("CADENZA_FIRST_TABLE_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    bytes > limit
}

/// Largest full first-pass table (bytes) kept as is at AVX-512.
const FIRST_TABLE_BYTES: usize = 32 * 1024;

/// Plans a power-of-two transform of length `n` for registers of `lanes`
/// complex numbers. Lengths up to `lanes * max_rows` run as one
/// [`Pass::Block`] in registers (`max_rows`: 8, 16 or 32, how many registers
/// the block may keep in flight). Longer ones run radix-8 (and 4 or 2)
/// strided passes after the first pass: radix-16 and radix-32 strided passes
/// were measured and lost, since 16 or 32 power-of-two-strided streams
/// thrash the L1 sets and the registers spill. Needs `n >= 2` and, when
/// `lanes > 1`, `n >= lanes^2`.
pub(crate) fn plan<T: FftFloat>(
    n: usize,
    inverse: bool,
    lanes: usize,
    max_rows: usize,
) -> Kernel<T> {
    assert!(
        n >= 2 && n.is_power_of_two(),
        "Stockham kernel needs a power of two >= 2, got {n}"
    );
    assert!(
        lanes == 1 || n >= lanes * lanes,
        "length {n} too short for {lanes} lanes"
    );
    assert!(
        max_rows.is_power_of_two() && (8..=32).contains(&max_rows),
        "max rows {max_rows}"
    );
    let mut passes = Vec::new();
    let mut twiddles = Vec::new();
    let (mut first_re, mut first_im) = (Vec::new(), Vec::new());
    let mut first_base = Vec::new();
    let mut s = 1;
    if lanes > 1 {
        let m = n / lanes;
        if m <= max_rows {
            (first_re, first_im) = first_tables::<T>(lanes, m, m, inverse);
            passes.push(Pass::Block {
                radix: lanes,
                rows: m,
            });
            s = n;
        } else {
            let factored = first_is_factored::<T>(lanes, m);
            let count = if factored { lanes } else { m };
            (first_re, first_im) = first_tables::<T>(lanes, m, count, inverse);
            if factored {
                first_base = (1..lanes)
                    .flat_map(|k| (0..m / lanes).map(move |g| (k, g)))
                    .map(|(k, g)| twiddle::<T>(k * lanes * g, lanes * m, inverse))
                    .collect();
            }
            passes.push(Pass::First {
                radix: lanes,
                m,
                factored,
            });
            s = lanes;
        }
    }
    for radix in radices(n / s, 3) {
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
        first_base,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factored_first_pass_tables_multiply_to_the_full_twiddles() {
        for (radix, m) in [(2usize, 64usize), (4, 512), (8, 512), (8, 4096)] {
            for inverse in [false, true] {
                let (re, im) = first_tables::<f64>(radix, m, radix, inverse);
                for k in 1..radix {
                    for p in 0..m {
                        let (g, l) = (p / radix, p % radix);
                        let lane =
                            Complex::new(re[(k - 1) * radix + l].re, im[(k - 1) * radix + l].re);
                        let group = twiddle::<f64>(k * radix * g, radix * m, inverse);
                        let want = twiddle::<f64>(k * p, radix * m, inverse);
                        assert!((lane * group - want).norm() < 1e-15, "{radix} {m} {k} {p}");
                    }
                }
            }
        }
        // The kernel's own choice: factored only past 32 KiB of tables at
        // 64-byte registers (8 complex f32 or 4 complex f64).
        assert!(!first_is_factored::<f32>(8, 256) && first_is_factored::<f32>(8, 512));
        assert!(!first_is_factored::<f64>(4, 256) && first_is_factored::<f64>(4, 512));
        assert!(!first_is_factored::<f32>(4, 1 << 20));
    }

    #[test]
    fn radices_multiply_to_the_length() {
        for max_log in 3..=5 {
            for log in 0..24u32 {
                let len = 1usize << log;
                let r = radices(len, max_log);
                assert_eq!(r.iter().product::<usize>(), len);
                assert!(r.iter().all(|&x| x >= 2 && x <= 1 << max_log));
                assert_eq!(r.len(), log.div_ceil(max_log) as usize);
            }
        }
    }
}
