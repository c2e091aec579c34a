//! Analysis windows for the STFT: Hann, Hamming, Blackman, Kaiser and rectangular,
//! in the periodic (DFT-even, for spectral analysis and overlap-add) and symmetric
//! (filter-design) variants.
//!
//! Values are computed in f64 from their closed forms and converted once, so an f32
//! window is the correctly rounded f64 value. Any other shape can be passed to the
//! STFT as a plain slice; this module only provides the common ones plus the
//! helpers ([`overlap_add_sum`]) that tell whether a window/hop pair reconstructs.

use std::f64::consts::PI;

/// A window shape.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Window {
    /// All ones (no tapering).
    Rectangular,
    /// Raised cosine `0.5 - 0.5 cos(2πn/M)`; zero at both ends.
    Hann,
    /// `0.54 - 0.46 cos(2πn/M)`; lower first side lobe than Hann, non-zero ends.
    Hamming,
    /// `0.42 - 0.5 cos(2πn/M) + 0.08 cos(4πn/M)`.
    Blackman,
    /// Kaiser–Bessel window `I0(β·sqrt(1 - (2n/M - 1)²)) / I0(β)`; larger `beta`
    /// trades main-lobe width for side-lobe level (β ≈ 8.6 is close to Blackman).
    Kaiser {
        /// Shape parameter β (≥ 0; 0 gives a rectangular window).
        beta: f64,
    },
}

/// Which of the two usual conventions to sample the window with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Symmetry {
    /// DFT-even: the symmetric window of length `len + 1` without its last sample
    /// (`M = len`). This is what STFT analysis and overlap-add want: Hann with hop
    /// `len/2` or `len/4` sums to a constant.
    #[default]
    Periodic,
    /// Exactly symmetric, `w[n] == w[len-1-n]` (`M = len - 1`), as used for FIR design.
    Symmetric,
}

impl Window {
    /// The window's value at sample `n` of `len` under `symmetry` (`n < len`).
    ///
    /// A window of length 1 is `[1.0]` in every shape.
    pub fn value(self, n: usize, len: usize, symmetry: Symmetry) -> f64 {
        let m = match symmetry {
            Symmetry::Periodic => len,
            Symmetry::Symmetric => len.saturating_sub(1),
        };
        if m == 0 {
            return 1.0;
        }
        let x = n as f64 / m as f64; // in [0, 1]
        match self {
            Window::Rectangular => 1.0,
            Window::Hann => 0.5 - 0.5 * (2.0 * PI * x).cos(),
            Window::Hamming => 0.54 - 0.46 * (2.0 * PI * x).cos(),
            Window::Blackman => 0.42 - 0.5 * (2.0 * PI * x).cos() + 0.08 * (4.0 * PI * x).cos(),
            Window::Kaiser { beta } => {
                let r = 2.0 * x - 1.0;
                let arg = beta * (1.0 - r * r).max(0.0).sqrt();
                bessel_i0(arg) / bessel_i0(beta)
            }
        }
    }

    /// Fills `out` with the window of length `out.len()`.
    pub fn fill_f64(self, symmetry: Symmetry, out: &mut [f64]) {
        let len = out.len();
        for (n, o) in out.iter_mut().enumerate() {
            *o = self.value(n, len, symmetry);
        }
    }

    /// Fills `out` with the window of length `out.len()`, rounded to f32.
    pub fn fill_f32(self, symmetry: Symmetry, out: &mut [f32]) {
        let len = out.len();
        for (n, o) in out.iter_mut().enumerate() {
            *o = self.value(n, len, symmetry) as f32;
        }
    }

    /// A new f64 window of `len` samples.
    pub fn to_vec_f64(self, len: usize, symmetry: Symmetry) -> Vec<f64> {
        let mut v = vec![0.0; len];
        self.fill_f64(symmetry, &mut v);
        v
    }

    /// A new f32 window of `len` samples.
    pub fn to_vec_f32(self, len: usize, symmetry: Symmetry) -> Vec<f32> {
        let mut v = vec![0.0; len];
        self.fill_f32(symmetry, &mut v);
        v
    }
}

/// The modified Bessel function of the first kind, order zero, `I0(x)`.
///
/// Power series `Σ ((x/2)^k / k!)²`, summed until the term no longer changes the
/// sum; it converges for every finite `x` (about `|x|/2 + 20` terms), and is
/// accurate to a few ulp over the range Kaiser windows use (|x| ≲ 50).
pub fn bessel_i0(x: f64) -> f64 {
    let half = 0.5 * x;
    let mut term = 1.0f64;
    let mut sum = 1.0f64;
    let mut k = 1.0f64;
    // The term ratio is (x/2k)²: it shrinks below 1 once k > |x|/2, so the loop
    // terminates; the cap is a guard against NaN/inf input.
    while k < 1000.0 {
        let r = half / k;
        term *= r * r;
        let next = sum + term;
        if next == sum || !next.is_finite() {
            sum = next;
            break;
        }
        sum = next;
        k += 1.0;
    }
    sum
}

/// Sum of `window²` shifted by multiples of `hop`, evaluated at each of the `hop`
/// phases; the window-sum normalisation of overlap-add for a window used for
/// both analysis and synthesis. Returns `(min, max)` over the phases: equal
/// values mean the pair satisfies the constant-overlap-add condition for
/// squared windows (e.g. periodic Hann at hop `len/4` gives `(1.5, 1.5)`).
///
/// Returns `(0.0, 0.0)` when `hop == 0` or the window is empty.
pub fn overlap_add_sum(window: &[f32], hop: usize) -> (f64, f64) {
    if hop == 0 || window.is_empty() {
        return (0.0, 0.0);
    }
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for phase in 0..hop.min(window.len()) {
        let s: f64 = window[phase..]
            .iter()
            .step_by(hop)
            .map(|&w| f64::from(w) * f64::from(w))
            .sum();
        lo = lo.min(s);
        hi = hi.max(s);
    }
    if hop > window.len() {
        lo = 0.0;
    }
    (lo, hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn hann_matches_closed_form_and_known_points() {
        let w = Window::Hann.to_vec_f64(8, Symmetry::Periodic);
        for (n, &v) in w.iter().enumerate() {
            let expect = (PI * n as f64 / 8.0).sin().powi(2);
            assert!(close(v, expect, 1e-15), "n={n} {v} {expect}");
        }
        assert_eq!(w[0], 0.0);
        assert!(close(w[4], 1.0, 1e-15));
        assert!(close(w[2], 0.5, 1e-15));
        let s = Window::Hann.to_vec_f64(9, Symmetry::Symmetric);
        assert!(close(s[0], 0.0, 1e-15) && close(s[8], 0.0, 1e-15) && close(s[4], 1.0, 1e-15));
    }

    #[test]
    fn periodic_is_symmetric_of_len_plus_one_truncated() {
        for win in [
            Window::Hann,
            Window::Hamming,
            Window::Blackman,
            Window::Kaiser { beta: 8.0 },
        ] {
            let p = win.to_vec_f64(16, Symmetry::Periodic);
            let s = win.to_vec_f64(17, Symmetry::Symmetric);
            for n in 0..16 {
                assert!(close(p[n], s[n], 1e-14), "{win:?} n={n}");
            }
        }
    }

    #[test]
    fn symmetric_windows_are_symmetric() {
        for win in [
            Window::Hann,
            Window::Hamming,
            Window::Blackman,
            Window::Kaiser { beta: 5.0 },
        ] {
            for len in [1usize, 2, 7, 64] {
                let w = win.to_vec_f64(len, Symmetry::Symmetric);
                for n in 0..len {
                    assert!(
                        close(w[n], w[len - 1 - n], 1e-14),
                        "{win:?} len={len} n={n}"
                    );
                }
            }
        }
    }

    #[test]
    fn hamming_and_blackman_endpoints_and_peaks() {
        let h = Window::Hamming.to_vec_f64(11, Symmetry::Symmetric);
        assert!(close(h[0], 0.08, 1e-15) && close(h[5], 1.0, 1e-15));
        let b = Window::Blackman.to_vec_f64(11, Symmetry::Symmetric);
        assert!(close(b[0], 0.0, 1e-15) && close(b[5], 1.0, 1e-15));
        // Quarter point: 0.42 - 0.5 cos(π/2) + 0.08 cos(π) = 0.34.
        let b = Window::Blackman.to_vec_f64(8, Symmetry::Periodic);
        assert!(close(b[2], 0.34, 1e-15));
    }

    #[test]
    fn bessel_i0_against_reference_values() {
        // Reference values of I0 (Abramowitz & Stegun table 9.8 / high-precision).
        let cases = [
            (0.0, 1.0),
            (1.0, 1.266_065_877_752_008_4),
            (2.0, 2.279_585_302_336_067_3),
            (5.0, 27.239_871_823_604_45),
            (10.0, 2_815.716_628_466_254),
        ];
        for (x, want) in cases {
            let got = bessel_i0(x);
            assert!(
                ((got - want) / want).abs() < 1e-14,
                "I0({x}) = {got}, want {want}"
            );
            assert_eq!(bessel_i0(-x), got, "I0 is even");
        }
    }

    #[test]
    fn kaiser_shape() {
        let beta = 6.0;
        let w = Window::Kaiser { beta }.to_vec_f64(9, Symmetry::Symmetric);
        assert!(close(w[4], 1.0, 1e-15));
        assert!(close(w[0], 1.0 / bessel_i0(beta), 1e-15));
        // n = 2 of M = 8: r = -0.5, argument β·sqrt(0.75).
        assert!(close(
            w[2],
            bessel_i0(beta * 0.75f64.sqrt()) / bessel_i0(beta),
            1e-15
        ));
        let rect = Window::Kaiser { beta: 0.0 }.to_vec_f64(5, Symmetry::Symmetric);
        assert!(rect.iter().all(|&v| v == 1.0));
    }

    #[test]
    fn cola_sums_of_common_pairs() {
        let hann = Window::Hann.to_vec_f32(512, Symmetry::Periodic);
        let (lo, hi) = overlap_add_sum(&hann, 128);
        assert!(
            close(lo, hi, 1e-4),
            "hann/4 squared sum is constant: {lo} {hi}"
        );
        assert!(
            close(lo, 1.5, 1e-4),
            "Σ hann² at hop n/4 = 3/8 · 4 = 1.5, got {lo}"
        );
        let (lo, hi) = overlap_add_sum(&hann, 200);
        assert!(hi - lo > 0.1, "hop 200 is not COLA for Hann 512");
    }
}
