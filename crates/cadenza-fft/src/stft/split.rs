//! The real-input trick for even `n`, fused with the STFT's output pass.
//!
//! A frame of `n` real samples is packed as `h = n/2` complex numbers
//! `z[m] = x[2m] + i·x[2m+1]` (the window is applied while packing), one
//! `h`-point complex FFT gives `Z`, and the spectrum follows from
//! `X[k] = ½(Z[k] + Z*[h-k]) - ½i·W^k·(Z[k] - Z*[h-k])`, `W = e^{-2πi/n}`.
//! Computing `X[k]` and `X[h-k]` together and squaring them on the spot writes
//! each power row once, straight into the caller's output, instead of writing
//! the complex spectrum and reading it back for `|X|²`.

use crate::stft::cast;
use crate::{Complex, FftFloat, Level};

/// `W^k = e^{-2πik/n}` for `k = 0 ..= n/4` (what the split needs), in f64 then rounded.
pub(super) fn twiddles<T: FftFloat>(n: usize) -> Box<[Complex<T>]> {
    let h = n / 2;
    (0..=h / 2)
        .map(|k| {
            let a = -2.0 * std::f64::consts::PI * k as f64 / n as f64;
            Complex::new(cast(a.cos()), cast(a.sin()))
        })
        .collect()
}

/// `|X[k]|²` for `k = 0 ..= h` from the `h`-point FFT `z` of the packed frame.
///
/// Written as one indexed loop over exact-length slices (lower half forward,
/// upper half mirrored) so the compiler drops the bounds checks and vectorises
/// it; see `power_at` for the per-instruction-set builds.
#[inline(always)]
pub(super) fn power<T: FftFloat>(z: &[Complex<T>], tw: &[Complex<T>], out: &mut [T]) {
    let h = z.len();
    assert_eq!(out.len(), h + 1, "power row length");
    let quarter: T = cast(0.25);
    let z0 = z[0];
    out[0] = (z0.re + z0.im) * (z0.re + z0.im);
    out[h] = (z0.re - z0.im) * (z0.re - z0.im);
    if h < 2 {
        return;
    }
    // Pairs (k, h-k) for k in 1..=c with k < h-k; the middle bin (h even) after.
    let c = (h - 1) / 2;
    let lo_z = &z[1..=c];
    let hi_z = &z[h - c..h];
    let tw = &tw[1..=c];
    let (lo_out, rest) = out[1..h].split_at_mut(c);
    let (mid_out, hi_out) = rest.split_at_mut(rest.len() - c);
    assert!(lo_z.len() == c && hi_z.len() == c && tw.len() == c && hi_out.len() == c);
    for i in 0..c {
        let a = lo_z[i];
        let b = hi_z[c - 1 - i];
        let w = tw[i];
        // Without the ½ factors: e = a + b*, d = a - b*, t = w·(-i·d) with -i·d = (d.im, -d.re).
        let (er, ei) = (a.re + b.re, a.im - b.im);
        let (or, oi) = (a.im + b.im, b.re - a.re);
        let tr = w.re * or - w.im * oi;
        let ti = w.re * oi + w.im * or;
        let (xr, xi) = (er + tr, ei + ti);
        let (yr, yi) = (er - tr, ei - ti);
        lo_out[i] = (xr * xr + xi * xi) * quarter;
        hi_out[c - 1 - i] = (yr * yr + yi * yi) * quarter;
    }
    if let Some(m) = mid_out.first_mut() {
        // k = h/2: X = conj(Z[h/2]).
        let zm = z[h / 2];
        *m = zm.re * zm.re + zm.im * zm.im;
    }
}

/// The complex spectrum `X[0 ..= h]` from the `h`-point FFT `z` of the packed frame.
#[inline]
pub(super) fn spectrum<T: FftFloat>(z: &[Complex<T>], tw: &[Complex<T>], out: &mut [Complex<T>]) {
    let h = z.len();
    debug_assert_eq!(out.len(), h + 1);
    let half_t: T = cast(0.5);
    let z0 = z[0];
    out[0] = Complex::new(z0.re + z0.im, T::zero());
    out[h] = Complex::new(z0.re - z0.im, T::zero());
    for k in 1..=h / 2 {
        let j = h - k;
        let a = z[k];
        let b = z[j].conj();
        let e = (a + b) * half_t;
        let d = (a - b) * half_t;
        let t = tw[k] * Complex::new(d.im, -d.re);
        out[k] = e + t;
        out[j] = (e - t).conj();
    }
}

/// [`power`] for every frame of a batch: `z` holds frames of `h` packed
/// values, `rows` the matching `h + 1`-bin power rows. Runs the loop compiled
/// for `level` (the plan's SIMD level, already clamped to what the CPU has).
pub(super) fn power_rows<T: FftFloat>(
    level: Level,
    z: &[Complex<T>],
    h: usize,
    tw: &[Complex<T>],
    rows: &mut [T],
) {
    #[cfg(target_arch = "x86_64")]
    match level {
        Level::Avx512 => {
            if let Some((z32, tw32, rows32)) = as_f32(z, tw, rows) {
                // SAFETY: the level comes from a Planner, which clamps it to the
                // CPU's capabilities, so AVX-512F is present.
                return unsafe { avx512::power_rows_f32(z32, h, tw32, rows32) };
            }
            // SAFETY: as above, AVX-512F, AVX2 and FMA are present.
            return unsafe { x86::power_rows_avx512(z, h, tw, rows) };
        }
        Level::Avx2 => {
            if let Some((z32, tw32, rows32)) = as_f32(z, tw, rows) {
                // SAFETY: the level comes from a Planner, which clamps it to the
                // CPU's capabilities, so AVX2 and FMA are present.
                return unsafe { avx2::power_rows_f32(z32, h, tw32, rows32) };
            }
            // SAFETY: as above, AVX2 and FMA are present.
            return unsafe { x86::power_rows_avx2(z, h, tw, rows) };
        }
        _ => {}
    }
    let _ = level;
    power_rows_portable(z, h, tw, rows);
}

/// The same slices as `f32` when `T` is `f32`.
#[cfg(target_arch = "x86_64")]
#[allow(clippy::type_complexity)]
fn as_f32<'a, T: FftFloat>(
    z: &'a [Complex<T>],
    tw: &'a [Complex<T>],
    rows: &'a mut [T],
) -> Option<(&'a [Complex<f32>], &'a [Complex<f32>], &'a mut [f32])> {
    if std::any::TypeId::of::<T>() != std::any::TypeId::of::<f32>() {
        return None;
    }
    // SAFETY: T is f32 (same TypeId), so these are the same slices with the same
    // element type, length, alignment and lifetime; only the static type changes.
    unsafe {
        Some((
            std::slice::from_raw_parts(z.as_ptr().cast(), z.len()),
            std::slice::from_raw_parts(tw.as_ptr().cast(), tw.len()),
            std::slice::from_raw_parts_mut(rows.as_mut_ptr().cast(), rows.len()),
        ))
    }
}

#[inline(always)]
fn power_rows_portable<T: FftFloat>(z: &[Complex<T>], h: usize, tw: &[Complex<T>], rows: &mut [T]) {
    for (zf, row) in z.chunks_exact(h).zip(rows.chunks_exact_mut(h + 1)) {
        power(zf, tw, row);
    }
}

#[cfg(target_arch = "x86_64")]
#[path = "split_avx512.rs"]
mod avx512;

#[cfg(target_arch = "x86_64")]
#[path = "split_avx2.rs"]
mod avx2;

/// The portable loop compiled with wider vector instructions enabled.
#[cfg(target_arch = "x86_64")]
mod x86 {
    use crate::{Complex, FftFloat};

    #[target_feature(enable = "avx512f,avx2,fma")]
    pub(super) fn power_rows_avx512<T: FftFloat>(
        z: &[Complex<T>],
        h: usize,
        tw: &[Complex<T>],
        rows: &mut [T],
    ) {
        super::power_rows_portable(z, h, tw, rows);
    }

    #[target_feature(enable = "avx2,fma")]
    pub(super) fn power_rows_avx2<T: FftFloat>(
        z: &[Complex<T>],
        h: usize,
        tw: &[Complex<T>],
        rows: &mut [T],
    ) {
        super::power_rows_portable(z, h, tw, rows);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every level's fused power equals `|X|²` of the unfused split, for sizes
    /// around the 8- and 16-pair blocks (AVX2, AVX-512) and the small-size
    /// fallbacks.
    #[test]
    fn power_rows_match_spectrum_on_every_level() {
        for h in [
            1usize, 2, 3, 4, 17, 18, 19, 25, 33, 34, 35, 48, 64, 100, 511, 1024,
        ] {
            let n = 2 * h;
            let tw = twiddles::<f32>(n);
            let frames = 3;
            let z: Vec<Complex<f32>> = (0..frames * h)
                .map(|i| Complex::new(((i * 37) % 23) as f32 - 11.0, ((i * 91) % 17) as f32 - 8.0))
                .collect();
            let mut want = vec![0.0f32; frames * (h + 1)];
            let mut x = vec![Complex::new(0.0f32, 0.0); h + 1];
            for (zf, row) in z.chunks_exact(h).zip(want.chunks_exact_mut(h + 1)) {
                spectrum(zf, &tw, &mut x);
                for (r, c) in row.iter_mut().zip(&x) {
                    *r = c.norm_sqr();
                }
            }
            for level in cadenza_simd::supported() {
                let mut got = vec![f32::NAN; frames * (h + 1)];
                power_rows(level, &z, h, &tw, &mut got);
                for (i, (g, w)) in got.iter().zip(&want).enumerate() {
                    assert!(
                        (g - w).abs() <= 1e-5 * w.max(1.0),
                        "{level:?} h={h} bin {i}: {g} vs {w}"
                    );
                }
            }
        }
    }
}
