//! Batched transforms ([`BatchFftPlan`], [`BatchRealFftPlan`]) at every SIMD
//! level this CPU supports, in both the lanes layout and frame-major, against
//! a naive f64 DFT (n <= 128; rustfft in f64 above, where the naive DFT is
//! too slow for a test) and against the per-frame plans.
//!
//! Bound per frame: relative RMS error <= 2 * eps * log2(n) against the f64
//! reference (eps of the tested type), and 4 * eps * log2(n) against the
//! per-frame plan (two independent roundings). Batch counts 1, W-1, W, W+1
//! and 3W+5 cover a lone frame, partial, whole and several blocks with a tail
//! (n <= 1024; larger n run W-1 and W+1 to keep the debug-build test short).

use cadenza_fft::{BatchFloat, Complex, Direction, Level, Planner};

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

fn eps<T: BatchFloat>() -> f64 {
    T::epsilon().to_f64().expect("eps")
}

fn cast<T: BatchFloat>(v: f64) -> T {
    T::from_f64(v).expect("in range")
}

fn c64<T: BatchFloat>(c: Complex<T>) -> Complex<f64> {
    Complex::new(c.re.to_f64().unwrap(), c.im.to_f64().unwrap())
}

/// The DFT of `x` in f64 (naive up to 128 points).
fn reference(x: &[Complex<f64>], dir: Direction) -> Vec<Complex<f64>> {
    let n = x.len();
    let sign = if dir == Direction::Forward { -1.0 } else { 1.0 };
    if n <= 128 {
        (0..n)
            .map(|k| {
                x.iter()
                    .enumerate()
                    .fold(Complex::new(0.0, 0.0), |acc, (j, &v)| {
                        let a = sign * 2.0 * std::f64::consts::PI * ((j * k) % n) as f64 / n as f64;
                        acc + v * Complex::new(a.cos(), a.sin())
                    })
            })
            .collect()
    } else {
        let d = match dir {
            Direction::Forward => rustfft::FftDirection::Forward,
            Direction::Inverse => rustfft::FftDirection::Inverse,
        };
        let mut y = x.to_vec();
        rustfft::FftPlanner::<f64>::new()
            .plan_fft(n, d)
            .process(&mut y);
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

fn bound<T: BatchFloat>(n: usize, c: f64) -> f64 {
    c * eps::<T>() * (n.max(2) as f64).log2()
}

/// Batch counts for length `n`: all five up to 1024 points; above, where a
/// debug-build test gets slow, a partial block (W-1) and a whole block plus a
/// per-frame tail (W+1) — the block logic does not depend on `n`.
fn counts(w: usize, n: usize) -> Vec<usize> {
    let mut v = if n <= 1024 {
        vec![1, w - 1, w, w + 1, 3 * w + 5]
    } else {
        vec![w - 1, w + 1]
    };
    v.retain(|&c| c > 0);
    v.dedup();
    v
}

fn sizes() -> impl Iterator<Item = usize> {
    (1..=14).map(|l| 1usize << l)
}

/// Frame-major frames into lanes-layout blocks (zero-padded last block).
fn to_lanes<T: BatchFloat>(frames: &[Complex<T>], n: usize, w: usize) -> Vec<T> {
    let count = frames.len() / n;
    let blocks = count.div_ceil(w);
    let mut out = vec![T::zero(); blocks * n * 2 * w];
    for (f, frame) in frames.chunks_exact(n).enumerate() {
        let (b, l) = (f / w, f % w);
        for (e, c) in frame.iter().enumerate() {
            out[b * n * 2 * w + e * 2 * w + l] = c.re;
            out[b * n * 2 * w + e * 2 * w + w + l] = c.im;
        }
    }
    out
}

/// Lanes-layout blocks of `rows` complex rows back to `count` frames.
fn from_lanes<T: BatchFloat>(data: &[T], rows: usize, w: usize, count: usize) -> Vec<Complex<T>> {
    let mut out = Vec::with_capacity(count * rows);
    for f in 0..count {
        let (b, l) = (f / w, f % w);
        for e in 0..rows {
            let at = b * rows * 2 * w + e * 2 * w;
            out.push(Complex::new(data[at + l], data[at + w + l]));
        }
    }
    out
}

/// Checks `got` (frames of `rows`) against the f64 reference and the
/// per-frame result, frame by frame.
fn check_frames<T: BatchFloat>(
    what: &str,
    got: &[Complex<T>],
    want: &[Vec<Complex<f64>>],
    per_frame: &[Complex<T>],
    rows: usize,
    n: usize,
) {
    for (f, (g, w)) in got.chunks_exact(rows).zip(want).enumerate() {
        let g: Vec<_> = g.iter().copied().map(c64).collect();
        let e = rel_rms(&g, w);
        assert!(
            e <= bound::<T>(n, 2.0),
            "{what} frame {f}: error {e:e} vs reference"
        );
        let p: Vec<_> = per_frame[f * rows..(f + 1) * rows]
            .iter()
            .copied()
            .map(c64)
            .collect();
        let e = rel_rms(&g, &p);
        assert!(
            e <= bound::<T>(n, 4.0),
            "{what} frame {f}: error {e:e} vs per-frame plan"
        );
    }
}

fn complex_case<T: BatchFloat>(level: Level, n: usize, dir: Direction, seed: u64) {
    let planner = Planner::with_level(level);
    let plan = planner.plan_batch_fft::<T>(n, dir);
    let frame = planner.plan_fft::<T>(n, dir);
    let w = plan.lanes();
    let mut rng = Rng(seed);
    let mut scratch = vec![Complex::<T>::default(); plan.scratch_len()];
    let mut frame_scratch = vec![Complex::<T>::default(); frame.scratch_len()];
    for count in counts(w, n) {
        let what = format!(
            "{level} n={n} {dir:?} count={count} {}",
            std::any::type_name::<T>()
        );
        let input: Vec<Complex<T>> = (0..count * n)
            .map(|_| Complex::new(cast(rng.next()), cast(rng.next())))
            .collect();
        let want: Vec<Vec<Complex<f64>>> = input
            .chunks_exact(n)
            .map(|f| reference(&f.iter().copied().map(c64).collect::<Vec<_>>(), dir))
            .collect();
        let mut per_frame = input.clone();
        for f in per_frame.chunks_exact_mut(n) {
            frame.process(f, &mut frame_scratch);
        }

        let mut frames = input.clone();
        plan.process(&mut frames, &mut scratch);
        check_frames(
            &format!("{what} frame-major"),
            &frames,
            &want,
            &per_frame,
            n,
            n,
        );

        let mut lanes = to_lanes(&input, n, w);
        plan.process_lanes(&mut lanes, &mut scratch);
        let got = from_lanes(&lanes, n, w, count);
        check_frames(&format!("{what} lanes"), &got, &want, &per_frame, n, n);
    }
}

fn real_case<T: BatchFloat>(level: Level, n: usize, seed: u64) {
    let planner = Planner::with_level(level);
    let plan = planner.plan_batch_r2c::<T>(n);
    let frame = planner.plan_r2c::<T>(n);
    let (w, nb) = (plan.lanes(), n / 2 + 1);
    let mut rng = Rng(seed);
    let mut scratch = vec![Complex::<T>::default(); plan.scratch_len()];
    let mut frame_scratch = vec![Complex::<T>::default(); frame.scratch_len()];
    for count in counts(w, n) {
        let what = format!(
            "{level} r2c n={n} count={count} {}",
            std::any::type_name::<T>()
        );
        let input: Vec<T> = (0..count * n).map(|_| cast(rng.next())).collect();
        let want: Vec<Vec<Complex<f64>>> = input
            .chunks_exact(n)
            .map(|f| {
                let x: Vec<_> = f
                    .iter()
                    .map(|v| Complex::new(v.to_f64().unwrap(), 0.0))
                    .collect();
                reference(&x, Direction::Forward)[..nb].to_vec()
            })
            .collect();
        let mut per_frame = vec![Complex::<T>::default(); count * nb];
        for (x, y) in input.chunks_exact(n).zip(per_frame.chunks_exact_mut(nb)) {
            frame.process_preserving(x, y, &mut frame_scratch);
        }

        let mut out = vec![Complex::<T>::default(); count * nb];
        plan.process(&input, &mut out, &mut scratch);
        check_frames(
            &format!("{what} frame-major"),
            &out,
            &want,
            &per_frame,
            nb,
            n,
        );

        // Lanes layout: real rows of W.
        let blocks = count.div_ceil(w);
        let mut lanes_in = vec![T::zero(); blocks * n * w];
        for (f, x) in input.chunks_exact(n).enumerate() {
            for (t, &v) in x.iter().enumerate() {
                lanes_in[(f / w) * n * w + t * w + f % w] = v;
            }
        }
        let mut lanes_out = vec![T::zero(); blocks * plan.output_block_len()];
        plan.process_lanes(&lanes_in, &mut lanes_out, &mut scratch);
        let got = from_lanes(&lanes_out, nb, w, count);
        check_frames(&format!("{what} lanes"), &got, &want, &per_frame, nb, n);
    }
}

/// Batched c2r against `n` times the signal its bins came from (f64) and the
/// per-frame c2r plan, frame-major and in lanes layout. Bin 0 and (even
/// `n`) bin `n/2` carry non-zero imaginary parts, which both plans must ignore.
fn inverse_real_case<T: BatchFloat>(level: Level, n: usize, seed: u64) {
    let planner = Planner::with_level(level);
    let plan = planner.plan_batch_c2r::<T>(n);
    let (r2c, frame) = (planner.plan_r2c::<T>(n), planner.plan_c2r::<T>(n));
    let (w, nb) = (plan.lanes(), n / 2 + 1);
    let mut rng = Rng(seed);
    let mut scratch = vec![Complex::<T>::default(); plan.scratch_len()];
    let mut frame_scratch =
        vec![Complex::<T>::default(); frame.scratch_len().max(r2c.scratch_len())];
    let as_complex =
        |x: &[T]| -> Vec<Complex<T>> { x.iter().map(|&v| Complex::new(v, T::zero())).collect() };
    for count in counts(w, n) {
        let what = format!(
            "{level} c2r n={n} count={count} {}",
            std::any::type_name::<T>()
        );
        let signal: Vec<T> = (0..count * n).map(|_| cast(rng.next())).collect();
        let mut bins = vec![Complex::<T>::default(); count * nb];
        for (x, b) in signal.chunks_exact(n).zip(bins.chunks_exact_mut(nb)) {
            r2c.process_preserving(x, b, &mut frame_scratch);
            b[0].im = cast(0.75);
            if n.is_multiple_of(2) {
                b[nb - 1].im = cast(-0.5); // the Nyquist bin
            }
        }
        let want: Vec<Vec<Complex<f64>>> = signal
            .chunks_exact(n)
            .map(|f| {
                f.iter()
                    .map(|v| Complex::new(v.to_f64().unwrap() * n as f64, 0.0))
                    .collect()
            })
            .collect();
        let mut per_frame = vec![T::zero(); count * n];
        for (b, y) in bins.chunks_exact(nb).zip(per_frame.chunks_exact_mut(n)) {
            frame.process_preserving(b, y, &mut frame_scratch);
        }
        let per_frame = as_complex(&per_frame);

        let mut out = vec![T::zero(); count * n];
        plan.process(&bins, &mut out, &mut scratch);
        let got = as_complex(&out);
        check_frames(
            &format!("{what} frame-major"),
            &got,
            &want,
            &per_frame,
            n,
            n,
        );

        // Lanes layout: complex rows of 2W in, real rows of W out.
        let blocks = count.div_ceil(w);
        let lanes_in = to_lanes(&bins, nb, w);
        assert_eq!(lanes_in.len(), blocks * plan.input_block_len());
        let kept = lanes_in.clone();
        let mut lanes_out = vec![T::zero(); blocks * plan.output_block_len()];
        plan.process_lanes(&lanes_in, &mut lanes_out, &mut scratch);
        assert!(lanes_in == kept, "{what}: lanes input was modified");
        let mut frames = vec![T::zero(); count * n];
        for (f, y) in frames.chunks_exact_mut(n).enumerate() {
            for (t, v) in y.iter_mut().enumerate() {
                *v = lanes_out[(f / w) * n * w + t * w + f % w];
            }
        }
        check_frames(
            &format!("{what} lanes"),
            &as_complex(&frames),
            &want,
            &per_frame,
            n,
            n,
        );
    }
}

#[test]
fn complex_f32_every_level_size_and_count() {
    for level in levels() {
        for (i, n) in sizes().enumerate() {
            complex_case::<f32>(level, n, Direction::Forward, 1 + i as u64);
            complex_case::<f32>(level, n, Direction::Inverse, 100 + i as u64);
        }
    }
}

#[test]
fn complex_f64_every_level_size_and_count() {
    for level in levels() {
        for (i, n) in sizes().enumerate() {
            complex_case::<f64>(level, n, Direction::Forward, 200 + i as u64);
            complex_case::<f64>(level, n, Direction::Inverse, 300 + i as u64);
        }
    }
}

#[test]
fn complex_lengths_without_a_batched_kernel_use_the_frame_plan() {
    for level in levels() {
        for n in [1usize, 3, 12, 100] {
            complex_case::<f32>(level, n, Direction::Forward, 400 + n as u64);
            complex_case::<f64>(level, n, Direction::Inverse, 500 + n as u64);
        }
    }
}

#[test]
fn real_f32_every_level_size_and_count() {
    for level in levels() {
        for (i, n) in sizes().enumerate() {
            real_case::<f32>(level, n, 600 + i as u64);
        }
    }
}

#[test]
fn real_f64_every_level_size_and_count() {
    for level in levels() {
        for (i, n) in sizes().enumerate() {
            real_case::<f64>(level, n, 700 + i as u64);
        }
    }
}

#[test]
fn real_lengths_without_a_batched_kernel_use_the_frame_plan() {
    for level in levels() {
        for n in [1usize, 6, 7, 24] {
            real_case::<f32>(level, n, 800 + n as u64);
        }
    }
}

#[test]
fn inverse_real_f32_every_level_size_and_count() {
    for level in levels() {
        for (i, n) in sizes().enumerate() {
            inverse_real_case::<f32>(level, n, 900 + i as u64);
        }
    }
}

#[test]
fn inverse_real_f64_every_level_size_and_count() {
    for level in levels() {
        for (i, n) in sizes().enumerate() {
            inverse_real_case::<f64>(level, n, 1000 + i as u64);
        }
    }
}

#[test]
fn inverse_real_lengths_without_a_batched_kernel_use_the_frame_plan() {
    for level in levels() {
        for n in [1usize, 6, 7, 24] {
            inverse_real_case::<f32>(level, n, 1100 + n as u64);
            inverse_real_case::<f64>(level, n, 1200 + n as u64);
        }
    }
}

#[test]
fn lanes_are_per_register_width() {
    let want = |l: Level| match l {
        Level::Avx512 => (16, 8),
        Level::Avx2 => (8, 4),
        _ => (4, 2),
    };
    for level in levels() {
        let planner = Planner::with_level(level);
        let a = planner
            .plan_batch_fft::<f32>(64, Direction::Forward)
            .lanes();
        let b = planner
            .plan_batch_fft::<f64>(64, Direction::Forward)
            .lanes();
        assert_eq!((a, b), want(level), "{level}");
        assert!(
            planner
                .plan_batch_fft::<f32>(64, Direction::Forward)
                .is_batched()
        );
        assert!(
            !planner
                .plan_batch_fft::<f32>(12, Direction::Forward)
                .is_batched()
        );
    }
}
