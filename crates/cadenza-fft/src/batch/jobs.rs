//! The units of work an instruction-set entry point runs: whole batches, so
//! the per-block loop, the transposes between frame-major and lanes layout,
//! and the real-input split and merge are all compiled for the entry point's features.

use crate::Complex;
use crate::batch::kernel::{Lane, Passes, fft_block, merge_block, split_block, transpose_tile};

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
    /// c2r on lanes-layout blocks: `input` holds `blocks` blocks of `h + 1`
    /// complex rows (left untouched), `output` as many blocks of `h` complex
    /// rows (= `2h` real rows); `tmp` holds `h` rows.
    InverseRealLanes {
        plan: &'a Passes<T>,
        tw: &'a [Complex<T>],
        input: *const T,
        output: *mut T,
        blocks: usize,
        tmp: *mut T,
    },
    /// c2r on frame-major frames of `h + 1` bins into frames of `2h`
    /// samples, `W` at a time through `a` (`h + 1` rows) and `b` (`h` rows).
    InverseRealFrames {
        plan: &'a Passes<T>,
        tw: &'a [Complex<T>],
        input: *const Complex<T>,
        output: *mut T,
        frames: usize,
        a: *mut T,
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
                    reals_in::<V>(f.cast(), count, 2 * n, a);
                    fft_block::<V>(plan, a, a, b);
                    reals_out::<V>(a, count, 2 * n, f.cast());
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
                    reals_in::<V>(input.add(first * 2 * h), count, 2 * h, a);
                    fft_block::<V>(plan, a, a, b);
                    split_block::<V>(a, h, tw.as_ptr());
                    let out = output.add(first * (h + 1)).cast();
                    reals_out::<V>(a, count, 2 * (h + 1), out);
                }
                first += count;
            }
        }
        Job::InverseRealLanes {
            plan,
            tw,
            input,
            output,
            blocks,
            tmp,
        } => {
            let h = plan.n;
            for i in 0..blocks {
                // SAFETY: block i of the input (h + 1 rows) and of the output
                // (h rows) are in bounds (contract); the inverse passes run
                // in place on the output with `tmp` as the other buffer.
                unsafe {
                    let src = input.add(i * (h + 1) * 2 * w);
                    let dst = output.add(i * h * 2 * w);
                    merge_block::<V>(src, dst, h, tw.as_ptr());
                    fft_block::<V>(plan, dst, dst, tmp);
                }
            }
        }
        Job::InverseRealFrames {
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
                // SAFETY: frames first..first + count of the input (h + 1
                // bins each) and output (2h samples each) are in bounds; `a`
                // holds h + 1 rows, `b` h rows (contract).
                unsafe {
                    reals_in::<V>(input.add(first * (h + 1)).cast(), count, 2 * (h + 1), a);
                    merge_block::<V>(a, a, h, tw.as_ptr());
                    fft_block::<V>(plan, a, a, b);
                    reals_out::<V>(a, count, 2 * h, output.add(first * 2 * h));
                }
                first += count;
            }
        }
    }
}

/// Frame-major real frames (`count <= W` of `len` numbers) into the lanes
/// layout: number `f` of frame `l` goes to `a[f*W + l]`. A complex frame of
/// `n` is the real frame of its `2n` numbers, so this serves both. Whole
/// blocks go `W x W` tile by tile through registers.
///
/// # Safety
/// `x` valid for `count * len` reads, `a` for `len * W` writes; CPU supports `V`.
#[inline(always)]
unsafe fn reals_in<V: Lane>(x: *const V::T, count: usize, len: usize, a: *mut V::T) {
    let w = V::W;
    let tiles = if count == w { len / w } else { 0 };
    for t in 0..tiles {
        // SAFETY: rows l*len + t*w .. + w (l < w) and a[t*w*w ..][..w*w] in bounds.
        unsafe { transpose_tile::<V>(x.add(t * w), len, a.add(t * w * w), w) };
    }
    for l in 0..count {
        for f in tiles * w..len {
            // SAFETY: l < count, f < len: in bounds of both.
            unsafe { *a.add(f * w + l) = *x.add(l * len + f) };
        }
    }
}

/// The inverse of [`reals_in`]: lanes layout back to `count` frames of `len`.
///
/// # Safety
/// `a` valid for `len * W` reads, `x` for `count * len` writes; CPU supports `V`.
#[inline(always)]
unsafe fn reals_out<V: Lane>(a: *const V::T, count: usize, len: usize, x: *mut V::T) {
    let w = V::W;
    let tiles = if count == w { len / w } else { 0 };
    for t in 0..tiles {
        // SAFETY: as in `reals_in`, roles swapped.
        unsafe { transpose_tile::<V>(a.add(t * w * w), w, x.add(t * w), len) };
    }
    for l in 0..count {
        for f in tiles * w..len {
            // SAFETY: l < count, f < len: in bounds of both.
            unsafe { *x.add(l * len + f) = *a.add(f * w + l) };
        }
    }
}
