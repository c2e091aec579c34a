//! Quick, load-tolerant comparison used while tuning kernels: cadenza against
//! rustfft (complex) or realfft (real) per size, in 15 alternating rounds; a
//! round times each side as the minimum over 8 short batches (the
//! least-disturbed run), and the report gives the medians over rounds of both
//! times and of the per-round ratio, so a burst of load hits both sides
//! alike. Criterion (`benches/fft.rs`) gives the reported numbers for 64
//! points and up; this is the tool for the tiny sizes, where one
//! nanosecond is 10-20 %.
//!
//! Layout experiments (complex mode): `QUICK_OFFSET=k` shifts the buffers by
//! `k` elements, `QUICK_SCRATCH_SHIFT=k` the scratch alone (the report
//! prints its offset from the buffer mod 4096), `QUICK_ALIAS=1` puts the
//! scratch a multiple of 4096 bytes after the buffer, `QUICK_PAD=k`
//! allocates `k` bytes before each plan
//! (moves every later allocation against the stack and the earlier heap;
//! run under `setarch x86_64 -R` to fix the rest of the layout).
//!
//! By default each side transforms one buffer over and over, so a call reads
//! what the last one stored and small sizes measure latency.
//! `QUICK_ROTATE=k` (complex mode) cycles through `k` buffers instead, which
//! measures throughput, as a batch of independent transforms sees it.
//!
//! `cargo run --release -p cadenza-fft --example quick_compare [complex|real|c2r] [f32|f64] [log2 n...]`
//! (`real` is the forward r2c, `c2r` the inverse real transform)
//! (default: every size from 2 to 2^20).

use std::time::Instant;

use cadenza_fft::{Complex, Direction, FftFloat, Planner};

/// Minimum time per call over 8 batches.
fn min_ns(f: &mut dyn FnMut(), n: usize) -> f64 {
    let reps = (200_000 / n).clamp(4, 2000);
    let mut best = f64::MAX;
    for _ in 0..8 {
        let t = Instant::now();
        for _ in 0..reps {
            f();
        }
        best = best.min(t.elapsed().as_nanos() as f64 / reps as f64);
    }
    best
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Medians over alternating rounds: (ours ns, peer ns, peer/ours).
fn compare(ours: &mut dyn FnMut(), peer: &mut dyn FnMut(), n: usize) -> (f64, f64, f64) {
    let (mut a, mut b, mut r) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..15 {
        let x = min_ns(ours, n);
        let y = min_ns(peer, n);
        a.push(x);
        b.push(y);
        r.push(y / x);
    }
    (median(a), median(b), median(r))
}

fn run<T: FftFloat>(mode: &str, logs: &[u32]) {
    let planner = Planner::new();
    for &log in logs {
        let n = 1usize << log;
        // QUICK_PAD=k: a k-byte allocation before the plan (layout experiment).
        let pad: usize = std::env::var("QUICK_PAD")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let _pad = vec![0u8; pad];
        let x: Vec<Complex<T>> = (0..n)
            .map(|k| Complex::new(T::from_f64((k % 7) as f64 * 0.1).unwrap(), T::zero()))
            .collect();
        let (ours, peer, ratio) = if mode == "c2r" {
            let plan = planner.plan_c2r::<T>(n);
            let bins: Vec<Complex<T>> = x[..n / 2 + 1].to_vec();
            let mut out = vec![T::zero(); n];
            let mut s = vec![Complex::default(); plan.scratch_len()];
            let r = realfft::RealFftPlanner::<T>::new().plan_fft_inverse(n);
            // realfft's c2r consumes its input: refill it each call, as a
            // caller that keeps its spectrum must (ours leaves it untouched).
            let mut bi = bins.clone();
            let mut o = r.make_output_vec();
            let mut rs = r.make_scratch_vec();
            compare(
                &mut || plan.process_preserving(std::hint::black_box(&bins), &mut out, &mut s),
                &mut || {
                    bi.copy_from_slice(&bins);
                    let _ = r.process_with_scratch(std::hint::black_box(&mut bi), &mut o, &mut rs);
                },
                n,
            )
        } else if mode == "real" {
            let plan = planner.plan_r2c::<T>(n);
            let xr: Vec<T> = x.iter().map(|c| c.re).collect();
            let mut out = vec![Complex::default(); n / 2 + 1];
            let mut s = vec![Complex::default(); plan.scratch_len()];
            let r = realfft::RealFftPlanner::<T>::new().plan_fft_forward(n);
            let mut xi = xr.clone();
            let mut o = r.make_output_vec();
            let mut rs = r.make_scratch_vec();
            compare(
                &mut || plan.process_preserving(std::hint::black_box(&xr), &mut out, &mut s),
                &mut || {
                    r.process_with_scratch(std::hint::black_box(&mut xi), &mut o, &mut rs)
                        .unwrap()
                },
                n,
            )
        } else if let Some(k) = std::env::var("QUICK_ROTATE")
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
        {
            let plan = planner.plan_fft::<T>(n, Direction::Forward);
            let f = rustfft::FftPlanner::<T>::new().plan_fft_forward(n);
            let (mut ob, mut pb) = (x.repeat(k), x.repeat(k));
            let mut os = vec![Complex::default(); plan.scratch_len()];
            let mut ps = vec![Complex::default(); f.get_inplace_scratch_len()];
            let (mut i, mut j) = (0, 0);
            compare(
                &mut || {
                    let b = &mut ob[i * n..(i + 1) * n];
                    plan.process(std::hint::black_box(b), &mut os);
                    i = (i + 1) % k;
                },
                &mut || {
                    let b = &mut pb[j * n..(j + 1) * n];
                    f.process_with_scratch(std::hint::black_box(b), &mut ps);
                    j = (j + 1) % k;
                },
                n,
            )
        } else {
            let plan = planner.plan_fft::<T>(n, Direction::Forward);
            // QUICK_OFFSET=k shifts both buffers by k elements to test alignment.
            let off: usize = std::env::var("QUICK_OFFSET")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            let mut bb = vec![Complex::default(); n + off];
            bb[off..].copy_from_slice(&x);
            // QUICK_SCRATCH_SHIFT=k moves the scratch alone by k elements.
            let shift: usize = std::env::var("QUICK_SCRATCH_SHIFT")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            let mut ss_all = vec![Complex::default(); plan.scratch_len() + off + shift];
            let ss = &mut ss_all[shift..];
            // QUICK_ALIAS=1 puts the scratch a multiple of 4096 bytes after the buffer.
            let alias = std::env::var("QUICK_ALIAS").is_ok();
            let stride = n.div_ceil(4096 / std::mem::size_of::<Complex<T>>())
                * (4096 / std::mem::size_of::<Complex<T>>());
            let need = plan.scratch_len();
            let mut big = vec![Complex::default(); if alias { stride + need + 4096 } else { 0 }];
            let (b, s) = if alias {
                let base = big.as_ptr() as usize % 4096 / std::mem::size_of::<Complex<T>>();
                let start = (4096 / std::mem::size_of::<Complex<T>>() - base)
                    % (4096 / std::mem::size_of::<Complex<T>>());
                let (head, tail) = big[start..].split_at_mut(stride);
                head[..n].copy_from_slice(&x);
                (&mut head[..n], &mut tail[..need])
            } else {
                (&mut bb[off..], &mut ss[off..])
            };
            println!(
                "  buf addr mod 64 = {}, scratch mod 64 = {}, scratch - buf mod 4096 = {}",
                b.as_ptr() as usize % 64,
                s.as_ptr() as usize % 64,
                (s.as_ptr() as usize).wrapping_sub(b.as_ptr() as usize) % 4096
            );
            let f = rustfft::FftPlanner::<T>::new().plan_fft_forward(n);
            let mut fb = x.clone();
            let mut fs = vec![Complex::default(); f.get_inplace_scratch_len()];
            compare(
                &mut || plan.process(std::hint::black_box(&mut *b), &mut *s),
                &mut || f.process_with_scratch(std::hint::black_box(&mut fb), &mut fs),
                n,
            )
        };
        println!("{n:>8} cadenza {ours:>10.1} ns  peer {peer:>10.1} ns  peer/cadenza {ratio:.2}");
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mode = args.get(1).map_or("complex", String::as_str);
    let mut logs: Vec<u32> = args.iter().skip(3).filter_map(|a| a.parse().ok()).collect();
    if logs.is_empty() {
        logs = (1..=20).collect();
    }
    if args.get(2).is_some_and(|a| a == "f64") {
        run::<f64>(mode, &logs)
    } else {
        run::<f32>(mode, &logs)
    }
}
