//! Accuracy of every transform at every SIMD level this CPU supports, against
//! a naive f64 DFT (n <= 256) or rustfft in f64 (larger n).
//!
//! Bound: relative RMS error <= C * eps * log2(n) with C = 2 for one transform
//! and C = 4 for a forward+inverse round trip (eps of the tested type).

use cadenza_fft::{Complex, Direction, FftFloat, Level, Planner};

const C_ONE: f64 = 2.0;
const C_ROUND_TRIP: f64 = 4.0;

/// Deterministic xorshift numbers in [-1, 1).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        ((self.0 >> 11) as f64 / (1u64 << 53) as f64) * 2.0 - 1.0
    }
}

fn levels() -> Vec<Level> {
    cadenza_simd::supported().collect()
}

fn eps<T: FftFloat>() -> f64 {
    T::epsilon().to_f64().expect("eps")
}

fn to_f64<T: FftFloat>(x: &[Complex<T>]) -> Vec<Complex<f64>> {
    x.iter()
        .map(|c| Complex::new(c.re.to_f64().unwrap(), c.im.to_f64().unwrap()))
        .collect()
}

fn reference(x: &[Complex<f64>], dir: Direction) -> Vec<Complex<f64>> {
    let n = x.len();
    let sign = if dir == Direction::Forward { -1.0 } else { 1.0 };
    if n <= 256 {
        (0..n)
            .map(|k| {
                x.iter()
                    .enumerate()
                    .fold(Complex::new(0.0, 0.0), |acc, (j, &v)| {
                        let angle =
                            sign * 2.0 * std::f64::consts::PI * ((j * k) % n) as f64 / n as f64;
                        acc + v * Complex::new(angle.cos(), angle.sin())
                    })
            })
            .collect()
    } else {
        let d = if dir == Direction::Forward {
            rustfft::FftDirection::Forward
        } else {
            rustfft::FftDirection::Inverse
        };
        let fft = rustfft::FftPlanner::<f64>::new().plan_fft(n, d);
        let mut y = x.to_vec();
        fft.process(&mut y);
        y
    }
}

fn rel_rms(got: &[Complex<f64>], want: &[Complex<f64>]) -> f64 {
    assert_eq!(got.len(), want.len());
    let err: f64 = got.iter().zip(want).map(|(g, w)| (g - w).norm_sqr()).sum();
    let norm: f64 = want.iter().map(|w| w.norm_sqr()).sum();
    if norm == 0.0 {
        err.sqrt()
    } else {
        (err / norm).sqrt()
    }
}

fn bound<T: FftFloat>(n: usize, c: f64) -> f64 {
    c * eps::<T>() * (n.max(2) as f64).log2()
}

fn random<T: FftFloat>(n: usize, seed: u64) -> Vec<Complex<T>> {
    let mut rng = Rng(seed | 1);
    (0..n)
        .map(|_| {
            Complex::new(
                T::from_f64(rng.next()).unwrap(),
                T::from_f64(rng.next()).unwrap(),
            )
        })
        .collect()
}

fn check_complex<T: FftFloat>(planner: &Planner, n: usize) {
    for dir in [Direction::Forward, Direction::Inverse] {
        let fft = planner.plan_fft::<T>(n, dir);
        let x = random::<T>(n, 0x9e37_79b9 ^ n as u64);
        let want = reference(&to_f64(&x), dir);
        let mut buf = x.clone();
        let mut scratch = vec![Complex::<T>::default(); fft.scratch_len()];
        fft.process(&mut buf, &mut scratch);
        let err = rel_rms(&to_f64(&buf), &want);
        let level = planner.level();
        assert!(
            err <= bound::<T>(n, C_ONE),
            "{level} {} n={n} {dir:?}: rel rms {err:e} > {:e}",
            std::any::type_name::<T>(),
            bound::<T>(n, C_ONE)
        );
        let mut out = vec![Complex::<T>::default(); n];
        fft.process_out_of_place(&x, &mut out, &mut scratch);
        assert_eq!(
            out, buf,
            "{level} n={n} {dir:?}: out-of-place differs from in-place"
        );
    }
    let fwd = planner.plan_fft::<T>(n, Direction::Forward);
    let inv = planner.plan_fft::<T>(n, Direction::Inverse);
    let x = random::<T>(n, 77 + n as u64);
    let mut buf = x.clone();
    let mut scratch = vec![Complex::<T>::default(); fwd.scratch_len().max(inv.scratch_len())];
    fwd.process(&mut buf, &mut scratch);
    inv.process(&mut buf, &mut scratch);
    let scale = 1.0 / n as f64;
    let back: Vec<Complex<f64>> = to_f64(&buf).iter().map(|c| c * scale).collect();
    let err = rel_rms(&back, &to_f64(&x));
    assert!(
        err <= bound::<T>(n, C_ROUND_TRIP),
        "{} n={n} round trip: rel rms {err:e}",
        planner.level()
    );
}

fn check_real<T: FftFloat>(planner: &Planner, n: usize) {
    let r2c = planner.plan_r2c::<T>(n);
    let c2r = planner.plan_c2r::<T>(n);
    let mut rng = Rng(0x1234_5678 ^ n as u64);
    let x: Vec<T> = (0..n).map(|_| T::from_f64(rng.next()).unwrap()).collect();
    let xc: Vec<Complex<f64>> = x
        .iter()
        .map(|v| Complex::new(v.to_f64().unwrap(), 0.0))
        .collect();
    let want = reference(&xc, Direction::Forward);
    let bins = n / 2 + 1;
    let mut spec = vec![Complex::<T>::default(); bins];
    let mut scratch = vec![Complex::<T>::default(); r2c.scratch_len().max(c2r.scratch_len())];
    r2c.process_preserving(&x, &mut spec, &mut scratch);
    let err = rel_rms(&to_f64(&spec), &want[..bins]);
    let level = planner.level();
    assert!(
        err <= bound::<T>(n, C_ONE),
        "{level} r2c n={n}: rel rms {err:e}"
    );

    // `process` uses its input as working memory and needs only
    // `process_scratch_len` (none or a fixed tile for powers of two), so hand
    // it exactly that.
    let mut clobber = x.clone();
    let mut spec2 = vec![Complex::<T>::default(); bins];
    let mut small = vec![Complex::<T>::default(); r2c.process_scratch_len()];
    r2c.process(&mut clobber, &mut spec2, &mut small);
    assert_eq!(
        spec2, spec,
        "{level} r2c n={n}: process differs from process_preserving"
    );
    if n.is_power_of_two() && n >= 2 {
        // No buffer of n elements: none at all, the pass-pair tile of 16384
        // elements (arrays of 16 MiB and more, or every size with
        // CADENZA_PAIR_BYTES=0), or the two 128 KiB column-block buffers
        // (arrays of 256 KiB to 8 MiB).
        let tile = 16384.max(256 * 1024 / std::mem::size_of::<Complex<T>>());
        assert!(
            r2c.process_scratch_len() <= tile,
            "r2c n={n}: {}",
            r2c.process_scratch_len()
        );
        assert!(c2r.process_scratch_len() <= tile, "c2r n={n}");
    }

    let mut back = vec![T::zero(); n];
    c2r.process_preserving(&spec, &mut back, &mut scratch);
    let scale = 1.0 / n as f64;
    let back_c: Vec<Complex<f64>> = back
        .iter()
        .map(|v| Complex::new(v.to_f64().unwrap() * scale, 0.0))
        .collect();
    let err = rel_rms(&back_c, &xc);
    assert!(
        err <= bound::<T>(n, C_ROUND_TRIP),
        "{level} c2r round trip n={n}: rel rms {err:e}"
    );

    // c2r against the reference inverse of a Hermitian spectrum.
    let mut full = want.clone();
    full[0].im = 0.0;
    if n.is_multiple_of(2) {
        full[n / 2].im = 0.0;
    }
    let want_inv = reference(&full, Direction::Inverse);
    let spec_t: Vec<Complex<T>> = full[..bins]
        .iter()
        .map(|c| Complex::new(T::from_f64(c.re).unwrap(), T::from_f64(c.im).unwrap()))
        .collect();
    let mut preserved = vec![T::zero(); n];
    c2r.process_preserving(&spec_t, &mut preserved, &mut scratch);
    let mut spec_in = spec_t.clone();
    let mut small = vec![Complex::<T>::default(); c2r.process_scratch_len()];
    c2r.process(&mut spec_in, &mut back, &mut small);
    assert_eq!(
        back, preserved,
        "{level} c2r n={n}: process differs from process_preserving"
    );
    let got: Vec<Complex<f64>> = back
        .iter()
        .map(|v| Complex::new(v.to_f64().unwrap(), 0.0))
        .collect();
    let err = rel_rms(&got, &want_inv);
    assert!(
        err <= bound::<T>(n, C_ONE),
        "{level} c2r n={n}: rel rms {err:e}"
    );
}

fn pow2_sizes(max_log: u32) -> impl Iterator<Item = usize> {
    (1..=max_log).map(|l| 1usize << l)
}

#[test]
fn complex_powers_of_two_every_level() {
    for level in levels() {
        let planner = Planner::with_level(level);
        for n in pow2_sizes(16) {
            check_complex::<f32>(&planner, n);
            check_complex::<f64>(&planner, n);
        }
    }
}

/// The buffers a caller hands in are often not aligned to the register
/// width (a `Vec` of `Complex<f64>` is 16-byte aligned), and from 16 KiB
/// on the plan's middle passes run through the caller's buffer. Every
/// start offset within a cache line must give the same bits as the first,
/// in place and out of place, and at least one must be correct.
fn check_offsets<T: FftFloat>(planner: &Planner, n: usize) {
    let step = std::mem::size_of::<Complex<T>>();
    let level = planner.level();
    for dir in [Direction::Forward, Direction::Inverse] {
        let fft = planner.plan_fft::<T>(n, dir);
        let x = random::<T>(n, 0x5eed ^ n as u64);
        let mut scratch = vec![Complex::<T>::default(); fft.scratch_len()];
        let mut want = x.clone();
        fft.process(&mut want, &mut scratch);
        let err = rel_rms(&to_f64(&want), &reference(&to_f64(&x), dir));
        assert!(
            err <= bound::<T>(n, C_ONE),
            "n={n} {dir:?}: rel rms {err:e}"
        );
        let mut space = vec![Complex::<T>::default(); n + 64 / step];
        let mut out_space = space.clone();
        for off in 0..64 / step {
            let buf = &mut space[off..off + n];
            buf.copy_from_slice(&x);
            fft.process(buf, &mut scratch);
            assert!(
                buf == &want[..],
                "{level} n={n} {dir:?} offset {off}: in place"
            );
            let out = &mut out_space[off..off + n];
            fft.process_out_of_place(&x, out, &mut scratch);
            assert!(
                out == &want[..],
                "{level} n={n} {dir:?} offset {off}: out of place"
            );
        }
    }
}

#[test]
fn unaligned_buffers_give_the_same_bits_at_every_level() {
    for level in levels() {
        let planner = Planner::with_level(level);
        for log in [8, 11, 12, 13, 15] {
            check_offsets::<f32>(&planner, 1 << log);
            check_offsets::<f64>(&planner, 1 << log);
        }
    }
}

#[test]
fn complex_other_lengths_are_delegated_and_correct() {
    let planner = Planner::new();
    for n in [0, 1, 3, 5, 6, 7, 12, 100, 243, 1000] {
        if n == 0 {
            let fft = planner.plan_fft_f32(0, Direction::Forward);
            fft.process(&mut [], &mut []);
            continue;
        }
        check_complex::<f32>(&planner, n);
        check_complex::<f64>(&planner, n);
    }
}

#[test]
fn real_transforms_every_level() {
    for level in levels() {
        let planner = Planner::with_level(level);
        for n in pow2_sizes(16) {
            check_real::<f32>(&planner, n);
            check_real::<f64>(&planner, n);
        }
    }
}

#[test]
fn real_transforms_odd_and_non_power_of_two() {
    let planner = Planner::new();
    for n in [1, 3, 5, 6, 9, 12, 15, 100, 1000, 1001] {
        check_real::<f32>(&planner, n);
        check_real::<f64>(&planner, n);
    }
}

#[test]
fn batch_equals_one_by_one() {
    for level in levels() {
        let planner = Planner::with_level(level);
        for n in [2usize, 16, 256, 1024, 12] {
            let fft = planner.plan_fft_f32(n, Direction::Forward);
            let frames = 5;
            let x = random::<f32>(n * frames, 5);
            let mut batch = x.clone();
            let mut scratch = vec![Complex::default(); fft.scratch_len()];
            fft.process_batch(&mut batch, &mut scratch);
            for (f, chunk) in x.chunks(n).enumerate() {
                let mut one = chunk.to_vec();
                fft.process(&mut one, &mut scratch);
                assert_eq!(
                    &batch[f * n..(f + 1) * n],
                    &one[..],
                    "{level} n={n} frame {f}"
                );
            }

            let r2c = planner.plan_r2c_f32(n);
            let c2r = planner.plan_c2r_f32(n);
            let bins = n / 2 + 1;
            let real: Vec<f32> = x.iter().map(|c| c.re).collect();
            let mut spec = vec![Complex::default(); bins * frames];
            let mut rs = vec![Complex::default(); r2c.scratch_len().max(c2r.scratch_len())];
            r2c.process_batch_preserving(&real, &mut spec, &mut rs);
            let mut back = vec![0.0f32; n * frames];
            c2r.process_batch_preserving(&spec, &mut back, &mut rs);
            for f in 0..frames {
                let mut one = vec![Complex::default(); bins];
                r2c.process_preserving(&real[f * n..(f + 1) * n], &mut one, &mut rs);
                assert_eq!(
                    &spec[f * bins..(f + 1) * bins],
                    &one[..],
                    "{level} r2c n={n} frame {f}"
                );
                let mut one_back = vec![0.0f32; n];
                c2r.process_preserving(&one, &mut one_back, &mut rs);
                assert_eq!(
                    &back[f * n..(f + 1) * n],
                    &one_back[..],
                    "{level} c2r n={n} frame {f}"
                );
            }
        }
    }
}

#[test]
fn planner_caches_plans_and_is_send_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Planner>();
    assert_send_sync::<cadenza_fft::FftPlan<f32>>();
    assert_send_sync::<cadenza_fft::RealFftPlan<f64>>();
    let planner = Planner::new();
    let a = planner.plan_fft_f32(1024, Direction::Forward);
    let b = planner.plan_fft_f32(1024, Direction::Forward);
    assert!(std::sync::Arc::ptr_eq(&a, &b));
    let c = planner.plan_fft_f32(1024, Direction::Inverse);
    assert!(!std::sync::Arc::ptr_eq(&a, &c));
    assert_eq!(a.level(), Some(planner.level()));
}

#[test]
fn impulse_gives_flat_spectrum_at_every_level() {
    for level in levels() {
        let planner = Planner::with_level(level);
        for n in pow2_sizes(12) {
            let fft = planner.plan_fft_f32(n, Direction::Forward);
            let mut buf = vec![Complex::new(0.0f32, 0.0); n];
            buf[0] = Complex::new(1.0, 0.0);
            let mut scratch = vec![Complex::default(); fft.scratch_len()];
            fft.process(&mut buf, &mut scratch);
            assert!(
                buf.iter().all(|c| *c == Complex::new(1.0, 0.0)),
                "{level} n={n}"
            );
        }
    }
}

#[test]
fn zero_length_real_plans_do_nothing() {
    let planner = Planner::new();
    let r2c = planner.plan_r2c_f32(0);
    let c2r = planner.plan_c2r_f32(0);
    let mut spec = vec![Complex::new(1.0f32, 2.0); 1];
    let mut none: Vec<f32> = Vec::new();
    let mut scratch = vec![Complex::default(); r2c.scratch_len().max(c2r.scratch_len())];
    c2r.process_preserving(&spec, &mut none, &mut scratch);
    c2r.process(&mut spec, &mut none, &mut scratch);
    r2c.process(&mut none, &mut spec, &mut scratch);
    assert_eq!(spec[0], Complex::new(0.0, 0.0));
}

/// 2^20 points (8 or 16 MiB: every pass streams through L2 and L3) in both
/// precisions at every level, forward complex and r2c against
/// one f64 reference per precision. Kept to one transform per level so the
/// debug-build test suite stays fast.
#[test]
fn two_to_the_twenty_every_level() {
    let n = 1usize << 20;
    big_every_level::<f32>(n);
    big_every_level::<f64>(n);
}

fn big_every_level<T: FftFloat>(n: usize) {
    let x = random::<T>(n, 0x2020);
    let want = reference(&to_f64(&x), Direction::Forward);
    let re: Vec<T> = x.iter().map(|c| c.re).collect();
    let re_c: Vec<Complex<f64>> = re
        .iter()
        .map(|v| Complex::new(v.to_f64().unwrap(), 0.0))
        .collect();
    let want_real = reference(&re_c, Direction::Forward);
    for level in levels() {
        let planner = Planner::with_level(level);
        let fft = planner.plan_fft::<T>(n, Direction::Forward);
        let mut buf = x.clone();
        let mut scratch = vec![Complex::<T>::default(); fft.scratch_len()];
        fft.process(&mut buf, &mut scratch);
        let err = rel_rms(&to_f64(&buf), &want);
        assert!(
            err <= bound::<T>(n, C_ONE),
            "{level} {} n={n}: rel rms {err:e}",
            std::any::type_name::<T>()
        );
        let r2c = planner.plan_r2c::<T>(n);
        let mut input = re.clone();
        let mut spec = vec![Complex::<T>::default(); n / 2 + 1];
        r2c.process(
            &mut input,
            &mut spec,
            &mut vec![Complex::default(); r2c.process_scratch_len()],
        );
        let err = rel_rms(&to_f64(&spec), &want_real[..n / 2 + 1]);
        assert!(
            err <= bound::<T>(n, C_ONE),
            "{level} {} r2c n={n}: rel rms {err:e}",
            std::any::type_name::<T>()
        );
    }
}

/// Large sizes are slow in debug builds; run with
/// `cargo test -p cadenza-fft --release --test accuracy -- --ignored`.
#[test]
#[ignore = "large sizes: run in release with --ignored"]
fn large_sizes_every_level() {
    for level in levels() {
        let planner = Planner::with_level(level);
        for n in [1usize << 20, 1 << 22] {
            check_complex::<f32>(&planner, n);
            check_complex::<f64>(&planner, n);
            check_real::<f32>(&planner, n);
        }
    }
}
