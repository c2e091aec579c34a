//! Copying one frame out of the signal while applying the window, with the
//! zero/reflect extension for frames that hang over either end.
//!
//! Interior frames (all but about `n_fft/hop` at each end) take the straight
//! multiply loop, which the compiler vectorises; only edge frames pay for the
//! per-sample index arithmetic.

use super::Centre;
use crate::{Complex, FftFloat, Level};

/// `dst[j] = src[j] * window[j]`.
#[inline]
pub(super) fn window_into<T: FftFloat>(src: &[T], window: &[T], dst: &mut [T]) {
    for ((d, &s), &w) in dst.iter_mut().zip(src).zip(window) {
        *d = s * w;
    }
}

/// `dst[m] = (src[2m]·window[2m], src[2m+1]·window[2m+1])`: a windowed real
/// frame packed as complex pairs for the half-length FFT.
#[inline(always)]
pub(super) fn pairs_into<T: FftFloat>(src: &[T], window: &[T], dst: &mut [Complex<T>]) {
    for ((d, s), w) in dst
        .iter_mut()
        .zip(src.chunks_exact(2))
        .zip(window.chunks_exact(2))
    {
        *d = Complex::new(s[0] * w[0], s[1] * w[1]);
    }
}

/// [`frame`], written as complex pairs (see [`pairs_into`]); `window.len()` is even.
#[inline(always)]
pub(super) fn frame_pairs<T: FftFloat>(
    signal: &[T],
    start: isize,
    centre: Centre,
    window: &[T],
    dst: &mut [Complex<T>],
) {
    let n = window.len();
    let len = signal.len();
    if start >= 0 && start as usize + n <= len {
        let s = start as usize;
        pairs_into(&signal[s..s + n], window, dst);
        return;
    }
    let sample = |i: isize| -> T {
        if i >= 0 && (i as usize) < len {
            signal[i as usize]
        } else {
            match centre {
                Centre::ReflectPad if len > 0 => signal[reflect_index(i, len)],
                _ => T::zero(),
            }
        }
    };
    for (m, (d, w)) in dst.iter_mut().zip(window.chunks_exact(2)).enumerate() {
        let i = start + 2 * m as isize;
        *d = Complex::new(sample(i) * w[0], sample(i + 1) * w[1]);
    }
}

/// Packs `k = dst.len() / (n/2)` frames, frame `j` starting at `start(j)`, as
/// complex pairs; the loop is compiled for `level` (already clamped to the CPU).
pub(super) fn frames_pairs_at<T: FftFloat>(
    level: Level,
    signal: &[T],
    start: impl Fn(usize) -> isize,
    centre: Centre,
    window: &[T],
    dst: &mut [Complex<T>],
) {
    #[cfg(target_arch = "x86_64")]
    match level {
        Level::Avx512 => {
            // SAFETY: the level comes from a Planner, which clamps it to the
            // CPU's capabilities, so AVX-512F is present.
            return unsafe { x86::frames_pairs_avx512(signal, start, centre, window, dst) };
        }
        Level::Avx2 => {
            // SAFETY: as above, AVX2 is present.
            return unsafe { x86::frames_pairs_avx2(signal, start, centre, window, dst) };
        }
        _ => {}
    }
    let _ = level;
    frames_pairs(signal, start, centre, window, dst);
}

#[inline(always)]
fn frames_pairs<T: FftFloat>(
    signal: &[T],
    start: impl Fn(usize) -> isize,
    centre: Centre,
    window: &[T],
    dst: &mut [Complex<T>],
) {
    let h = window.len() / 2;
    for (j, d) in dst.chunks_exact_mut(h).enumerate() {
        frame_pairs(signal, start(j), centre, window, d);
    }
}

/// The portable packing loop compiled with wider vector instructions enabled.
#[cfg(target_arch = "x86_64")]
mod x86 {
    use super::Centre;
    use crate::{Complex, FftFloat};

    #[target_feature(enable = "avx512f")]
    pub(super) fn frames_pairs_avx512<T: FftFloat>(
        signal: &[T],
        start: impl Fn(usize) -> isize,
        centre: Centre,
        window: &[T],
        dst: &mut [Complex<T>],
    ) {
        super::frames_pairs(signal, start, centre, window, dst);
    }

    #[target_feature(enable = "avx2")]
    pub(super) fn frames_pairs_avx2<T: FftFloat>(
        signal: &[T],
        start: impl Fn(usize) -> isize,
        centre: Centre,
        window: &[T],
        dst: &mut [Complex<T>],
    ) {
        super::frames_pairs(signal, start, centre, window, dst);
    }
}

/// Index into a signal of `len >= 1` samples for position `i`, mirrored about
/// the first and last samples without repeating them (numpy `"reflect"`),
/// repeatedly if the extension is longer than the signal.
pub(super) fn reflect_index(i: isize, len: usize) -> usize {
    if len == 1 {
        return 0;
    }
    let period = 2 * (len as isize - 1);
    let m = i.rem_euclid(period);
    if m >= len as isize {
        (period - m) as usize
    } else {
        m as usize
    }
}

/// Writes the windowed frame starting at signal position `start` (may be
/// negative or run past the end) into `dst` (`window.len()` samples).
pub(super) fn frame<T: FftFloat>(
    signal: &[T],
    start: isize,
    centre: Centre,
    window: &[T],
    dst: &mut [T],
) {
    let n = window.len();
    let len = signal.len();
    if start >= 0 && start as usize + n <= len {
        let s = start as usize;
        window_into(&signal[s..s + n], window, dst);
        return;
    }
    for (j, (d, &w)) in dst.iter_mut().zip(window).enumerate() {
        let i = start + j as isize;
        let x = if i >= 0 && (i as usize) < len {
            signal[i as usize]
        } else {
            match centre {
                Centre::ReflectPad if len > 0 => signal[reflect_index(i, len)],
                _ => T::zero(),
            }
        };
        *d = x * w;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reflect_matches_numpy_pad_reflect() {
        // np.pad([0,1,2,3], 5, mode="reflect") = [1,2,3,2,1, 0,1,2,3, 2,1,0,1,2]
        let len = 4;
        let got: Vec<usize> = (-5..9).map(|i| reflect_index(i, len)).collect();
        assert_eq!(got, [1, 2, 3, 2, 1, 0, 1, 2, 3, 2, 1, 0, 1, 2]);
        assert_eq!(reflect_index(-7, 1), 0);
    }

    #[test]
    fn edge_frames_pad_and_window() {
        let signal = [1.0f32, 2.0, 3.0, 4.0, 5.0];
        let window = [1.0f32, 10.0, 100.0, 1000.0];
        let mut dst = [0.0f32; 4];
        frame(&signal, -2, Centre::ZeroPad, &window, &mut dst);
        assert_eq!(dst, [0.0, 0.0, 100.0, 2000.0]);
        frame(&signal, -2, Centre::ReflectPad, &window, &mut dst);
        assert_eq!(dst, [3.0, 20.0, 100.0, 2000.0]);
        frame(&signal, 3, Centre::ReflectPad, &window, &mut dst);
        assert_eq!(dst, [4.0, 50.0, 400.0, 3000.0]);
        frame(&signal, 1, Centre::Off, &window, &mut dst);
        assert_eq!(dst, [2.0, 30.0, 400.0, 5000.0]);
        frame(&[], -2, Centre::ReflectPad, &window, &mut dst);
        assert_eq!(dst, [0.0; 4]);
    }
}
