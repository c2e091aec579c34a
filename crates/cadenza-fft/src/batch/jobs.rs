//! The units of work an instruction-set entry point runs: whole batches, so
//! the per-block loop, the transposes between frame-major and lanes layout,
//! and the real-input split are all compiled for the entry point's features.

use crate::Complex;
use crate::batch::kernel::{Lane, Passes, fft_block, split_block};

/// One batched job. Rows are `2W` numbers (see [`crate::batch::kernel`]).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Job<'a, T> {
    /// Complex transform in place on `blocks` lanes-layout blocks of `n` rows.
    Lanes {
        /// The passes.
        plan: &'a Passes<T>,
        /// `blocks * n` rows.
        data: *mut T,
        /// Number of blocks.
        blocks: usize,
        /// `n` rows of scratch, disjoint from `data`.
        tmp: *mut T,
    },
    /// Complex transform in place on `frames` frame-major frames of `n`
    /// elements, `W` at a time through the lanes layout (the last block may
    /// be partial).
    Frames {
        /// The passes.
        plan: &'a Passes<T>,
        /// `frames * n` elements.
        data: *mut Complex<T>,
        /// Number of frames.
        frames: usize,
        /// `n` rows of scratch.
        a: *mut T,
        /// `n` rows of scratch, disjoint from `a`.
        b: *mut T,
    },
    /// r2c of `blocks` lanes-layout blocks of `2h` real rows (`W` numbers
    /// each, i.e. `h` complex rows) into blocks of `h + 1` complex rows.
    RealLanes {
        /// The `h`-point forward passes.
        plan: &'a Passes<T>,
        /// `exp(-2 pi i k / 2h)` for `k = 0..=h/2`.
        tw: &'a [Complex<T>],
        /// `blocks * h` complex rows.
        input: *const T,
        /// `blocks * (h + 1)` complex rows, disjoint from `input`.
        output: *mut T,
        /// Number of blocks.
        blocks: usize,
        /// `h` rows of scratch, disjoint from both.
        tmp: *mut T,
    },
    /// r2c of `frames` frame-major real frames of `2h` samples into frames of
    /// `h + 1` bins, `W` at a time (the last block may be partial).
    RealFrames {
        /// The `h`-point forward passes.
        plan: &'a Passes<T>,
        /// As in [`Job::RealLanes`].
        tw: &'a [Complex<T>],
        /// `frames * 2h` samples.
        input: *const T,
        /// `frames * (h + 1)` bins, disjoint from `input`.
        output: *mut Complex<T>,
        /// Number of frames.
        frames: usize,
        /// `h + 1` rows of scratch.
        a: *mut T,
        /// `h` rows of scratch, disjoint from `a`.
        b: *mut T,
    },
}

/// Runs `job` with `V` registers.
///
/// # Safety
/// The pointers are valid for the sizes the variant documents, with `W =
/// V::W`, and the CPU supports `V`.
#[inline(always)]
pub(crate) unsafe fn execute<V: Lane>(job: Job<'_, V::T>) {
    let w = V::W;
    match job {
        Job::Lanes {
            plan,
            data,
            blocks,
            tmp,
        } => {
            let block = plan.n * 2 * w;
            for i in 0..blocks {
                // SAFETY: block i lies inside the `blocks * n` rows.
                unsafe {
                    let p = data.add(i * block);
                    fft_block::<V>(plan, p, p, tmp);
                }
            }
        }
        Job::Frames {
            plan,
            data,
            frames,
            a,
            b,
        } => {
            let n = plan.n;
            let mut first = 0;
            while first < frames {
                let count = w.min(frames - first);
                // SAFETY: frames first..first+count hold n elements each; a and
                // b hold n rows each and are disjoint.
                unsafe {
                    let f = data.add(first * n);
                    complex_in::<V>(f, count, n, a);
                    fft_block::<V>(plan, a, a, b);
                    complex_out::<V>(a, count, n, f);
                }
                first += count;
            }
        }
        Job::RealLanes {
            plan,
            tw,
            input,
            output,
            blocks,
            tmp,
        } => {
            let h = plan.n;
            for i in 0..blocks {
                // SAFETY: input block i has h rows, output block i has h + 1,
                // tw holds h/2 + 1 twiddles (the plan built it so).
                unsafe {
                    let src = input.add(i * h * 2 * w);
                    let dst = output.add(i * (h + 1) * 2 * w);
                    fft_block::<V>(plan, src, dst, tmp);
                    split_block::<V>(dst, h, tw.as_ptr());
                }
            }
        }
        Job::RealFrames {
            plan,
            tw,
            input,
            output,
            frames,
            a,
            b,
        } => {
            let h = plan.n;
            let mut first = 0;
            while first < frames {
                let count = w.min(frames - first);
                // SAFETY: frame ranges in bounds by the variant's contract; a
                // holds h + 1 rows, b h rows.
                unsafe {
                    real_in::<V>(input.add(first * 2 * h), count, 2 * h, a);
                    fft_block::<V>(plan, a, a, b);
                    split_block::<V>(a, h, tw.as_ptr());
                    complex_out::<V>(a, count, h + 1, output.add(first * (h + 1)));
                }
                first += count;
            }
        }
    }
}

/// Frame-major complex frames (`count <= W` of `n`) into `n` lanes rows.
///
/// # Safety
/// `f` valid for `count * n` reads, `a` for `n` rows of writes.
#[inline(always)]
unsafe fn complex_in<V: Lane>(f: *const Complex<V::T>, count: usize, n: usize, a: *mut V::T) {
    let w = V::W;
    for l in 0..count {
        for e in 0..n {
            // SAFETY: l < count, e < n: in bounds of both.
            unsafe {
                let c = *f.add(l * n + e);
                *a.add(e * 2 * w + l) = c.re;
                *a.add(e * 2 * w + w + l) = c.im;
            }
        }
    }
}

/// `n` lanes rows into frame-major complex frames (`count <= W` of `n`).
///
/// # Safety
/// `a` valid for `n` rows of reads, `f` for `count * n` writes.
#[inline(always)]
unsafe fn complex_out<V: Lane>(a: *const V::T, count: usize, n: usize, f: *mut Complex<V::T>) {
    let w = V::W;
    for l in 0..count {
        for e in 0..n {
            // SAFETY: l < count, e < n: in bounds of both.
            unsafe {
                *f.add(l * n + e) = Complex::new(*a.add(e * 2 * w + l), *a.add(e * 2 * w + w + l));
            }
        }
    }
}

/// Frame-major real frames (`count <= W` of `len`) into `len` real rows of `W`.
///
/// # Safety
/// `x` valid for `count * len` reads, `a` for `len * W` writes.
#[inline(always)]
unsafe fn real_in<V: Lane>(x: *const V::T, count: usize, len: usize, a: *mut V::T) {
    let w = V::W;
    for l in 0..count {
        for t in 0..len {
            // SAFETY: l < count, t < len: in bounds of both.
            unsafe { *a.add(t * w + l) = *x.add(l * len + t) };
        }
    }
}
