//! Batched transforms: many FFTs of one length in one call, with the SIMD
//! lanes working on *different frames*.
//!
//! [`FftPlan::process_batch`] vectorises inside each frame, which needs
//! shuffles and transposes in the early passes and falls apart for short
//! frames. Here `W` frames (16 `f32` per AVX-512 register, 8 per AVX2, 4 per
//! SSE2 or NEON; half that for `f64`) are processed together in the *lanes layout*,
//! so every butterfly is vertical SIMD arithmetic with a broadcast twiddle.
//!
//! # Lanes layout
//!
//! Frames are grouped in blocks of [`lanes()`](BatchFftPlan::lanes) `= W`.
//! A complex block of length `n` is `n` rows of `2W` numbers: row `e` holds
//! element `e` of frame `l` at `[e*2W + l]` (real part) and `[e*2W + W + l]`
//! (imaginary part). A real block of length `n` is `n` rows of `W` numbers
//! (`[t*W + l]`); since rows `2k` and `2k+1` are then exactly one complex
//! row, the real transform runs the `n/2`-point complex one on the input as
//! it lies (the usual `z[k] = x[2k] + i x[2k+1]` trick) and post-processes
//! vertically, too. Users who keep data that way call the `process_lanes`
//! methods; [`BatchFftPlan::process`] and [`BatchRealFftPlan::process`] take
//! ordinary frame-major frames and transpose each block in and out where
//! that measured faster than the per-frame plans (see `frame_major_limit`).
//!
//! A frame-major batch whose count is not a multiple of `W` runs its last
//! block partly filled when that block is at least a quarter full, otherwise
//! those frames go through the per-frame plan. Lengths the kernel does not
//! cover (complex: not a power of two; real: `n/2` not a power of two) use
//! the per-frame plans throughout. No process call allocates.

#[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
mod aarch64;
mod c2r;
mod jobs;
mod kernel;
mod portable;
#[cfg(target_arch = "x86_64")]
mod x86_64;

use std::sync::Arc;

use cadenza_simd::Level;

use crate::{Complex, Direction, FftFloat, FftPlan, RealFftPlan};
pub use c2r::BatchInverseRealFftPlan;
use jobs::Job;
use kernel::Passes;

/// A float type the batched transforms support (`f32`, `f64`). Sealed.
pub trait BatchFloat: FftFloat + sealed::Sealed {}

impl BatchFloat for f32 {}
impl BatchFloat for f64 {}

mod sealed {
    use super::*;

    /// Per-type lane counts and dispatch; not nameable outside the crate.
    #[allow(unreachable_pub, private_interfaces)]
    pub trait Sealed: Sized {
        /// Frames per register at `level`.
        fn batch_lanes(level: Level) -> usize;
        /// Runs `job` at `level`.
        ///
        /// # Safety
        /// As [`jobs::execute`] with `W = batch_lanes(level)`; the CPU
        /// supports `level`.
        unsafe fn batch_execute(job: Job<'_, Self>, level: Level);
    }

    macro_rules! impl_sealed {
        ($t:ty, $portable_w:expr, $lanes:ident, $exec:ident) => {
            #[allow(private_interfaces)]
            impl Sealed for $t {
                fn batch_lanes(level: Level) -> usize {
                    #[cfg(target_arch = "x86_64")]
                    if let Some(w) = super::x86_64::$lanes(level) {
                        return w;
                    }
                    #[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
                    if let Some(w) = super::aarch64::$lanes(level) {
                        return w;
                    }
                    let _ = level;
                    $portable_w
                }

                unsafe fn batch_execute(job: Job<'_, Self>, level: Level) {
                    #[cfg(target_arch = "x86_64")]
                    if super::x86_64::$lanes(level).is_some() {
                        // SAFETY: forwarded contract.
                        return unsafe { super::x86_64::$exec(job, level) };
                    }
                    #[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
                    if super::aarch64::$lanes(level).is_some() {
                        // SAFETY: forwarded contract.
                        return unsafe { super::aarch64::$exec(job, level) };
                    }
                    // SAFETY: the portable lanes need no CPU feature; rest forwarded.
                    unsafe { jobs::execute::<super::portable::Portable<$t, $portable_w>>(job) }
                }
            }
        };
    }

    impl_sealed!(f32, 4, lanes_f32, execute_f32);
    impl_sealed!(f64, 2, lanes_f64, execute_f64);
}

/// Largest radix of the batched passes at `level`: radix 8 needs 16 data
/// registers plus temporaries, which only AVX-512's 32 registers hold
/// (radix 16 was measured 1.9-3x slower there: it spills).
fn max_radix(level: Level) -> usize {
    if level == Level::Avx512 { 8 } else { 4 }
}

/// Extra scratch numbers that let the kernel's buffers start on 64 bytes.
fn align_pad<T>() -> usize {
    64 / std::mem::size_of::<T>()
}

/// `scratch` viewed as real numbers, from its first 64-byte aligned address
/// (if within [`align_pad`]).
fn aligned_reals<T: BatchFloat>(scratch: &mut [Complex<T>]) -> &mut [T] {
    // SAFETY: `Complex<T>` is `#[repr(C)] { re: T, im: T }`, so `k` complex
    // numbers are exactly `2k` numbers of `T`; the unique borrow carries over.
    let reals: &mut [T] =
        unsafe { std::slice::from_raw_parts_mut(scratch.as_mut_ptr().cast(), scratch.len() * 2) };
    let off = reals.as_ptr().align_offset(64);
    let off = if off <= align_pad::<T>() { off } else { 0 };
    let len = reals.len();
    &mut reals[off.min(len)..]
}

/// A batch of complex FFTs of one length and [`Direction`], unnormalised.
///
/// `W` frames (16 `f32` per AVX-512 register, 8 per AVX2, 4 per SSE2, NEON and
/// the portable build; half that for `f64`) are transformed together, each SIMD
/// lane working on a different frame, so every butterfly is vertical
/// arithmetic with a broadcast twiddle (no shuffles).
///
/// # Lanes layout
///
/// Frames are grouped in blocks of [`lanes()`](Self::lanes) `= W`. A
/// complex block of length `n` is `n` rows of `2W` numbers: element `e` of
/// frame `l` of the block is at `[e*2W + l]` (real part) and `[e*2W + W + l]`
/// (imaginary part). [`process_lanes`](Self::process_lanes) works on data kept
/// that way; [`process`](Self::process) takes ordinary frame-major frames and,
/// up to 256 points below AVX-512, transposes each block in and out through
/// registers (a last block at least a quarter full runs padded, smaller tails
/// go through the per-frame [`FftPlan`]); otherwise frame-major frames run the
/// per-frame plan, which measured as fast or faster there.
///
/// Lengths that are not a power of two run the per-frame plan. Created by
/// [`crate::Planner::plan_batch_fft`]; `Send + Sync`; process calls never
/// allocate.
pub struct BatchFftPlan<T> {
    len: usize,
    direction: Direction,
    level: Level,
    lanes: usize,
    passes: Option<Passes<T>>,
    frame: Arc<FftPlan<T>>,
}

impl<T: BatchFloat> BatchFftPlan<T> {
    /// `frame` is the per-frame plan of the same length and direction;
    /// `level` must be supported by the CPU.
    pub(crate) fn new(frame: Arc<FftPlan<T>>, level: Level) -> Self {
        let len = frame.len();
        let direction = frame.direction();
        let passes = (len >= 1 && len.is_power_of_two())
            .then(|| Passes::new(len, direction == Direction::Inverse, max_radix(level)));
        BatchFftPlan {
            len,
            direction,
            level,
            lanes: T::batch_lanes(level),
            passes,
            frame,
        }
    }

    /// Transform length in complex numbers.
    pub fn len(&self) -> usize {
        self.len
    }

    /// `true` for the length-0 plan.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The direction this plan transforms in.
    pub fn direction(&self) -> Direction {
        self.direction
    }

    /// The SIMD level the batched kernel runs at.
    pub fn level(&self) -> Level {
        self.level
    }

    /// `W`: frames per block of the lanes layout.
    pub fn lanes(&self) -> usize {
        self.lanes
    }

    /// Numbers (`T`) in one lanes-layout block: `len * 2 * lanes`.
    pub fn block_len(&self) -> usize {
        self.len * 2 * self.lanes
    }

    /// `true` when the length runs the batched kernel (a power of two);
    /// other lengths loop over the per-frame plan.
    pub fn is_batched(&self) -> bool {
        self.passes.is_some()
    }

    /// Minimum scratch length (complex numbers) for every process call.
    pub fn scratch_len(&self) -> usize {
        let frame = self.frame.scratch_len();
        if self.passes.is_some() {
            // Two blocks of n rows (2W numbers = W complex each), aligned.
            (2 * self.len * self.lanes + align_pad::<Complex<T>>()).max(frame)
        } else {
            self.len + frame
        }
    }

    /// Transforms `data` (whole lanes-layout blocks, a multiple of
    /// [`block_len`](Self::block_len) numbers) in place.
    ///
    /// # Panics
    /// If `data.len()` is not a multiple of the block length or the scratch
    /// is short.
    pub fn process_lanes(&self, data: &mut [T], scratch: &mut [Complex<T>]) {
        check_scratch(scratch.len(), self.scratch_len());
        let block = self.block_len();
        if block == 0 {
            assert!(data.is_empty(), "a length-0 plan only takes empty data");
            return;
        }
        assert!(
            data.len().is_multiple_of(block),
            "lanes data holds {} numbers, not a multiple of the block length {block}",
            data.len()
        );
        let Some(passes) = &self.passes else {
            return self.lanes_per_frame(data, scratch);
        };
        let tmp = aligned_reals(scratch);
        let job = Job::Lanes {
            plan: passes,
            data: data.as_mut_ptr(),
            blocks: data.len() / block,
            tmp: tmp[..block].as_mut_ptr(),
        };
        // SAFETY: `data` holds whole blocks of n rows of 2W, `tmp` one block
        // (scratch_len reserves two plus alignment) from a distinct borrow;
        // the planner clamped `level` to the CPU and W = batch_lanes(level).
        unsafe { T::batch_execute(job, self.level) }
    }

    /// Transforms consecutive frames of [`len`](Self::len) complex numbers
    /// (frame-major, like [`FftPlan::process_batch`]) in place: `W` frames at
    /// a time through the batched kernel up to 256 points below AVX-512, the
    /// per-frame plan otherwise (it measured as fast or faster there).
    ///
    /// # Panics
    /// If `frames.len()` is not a multiple of the length or the scratch is
    /// short.
    pub fn process(&self, frames: &mut [Complex<T>], scratch: &mut [Complex<T>]) {
        check_scratch(scratch.len(), self.scratch_len());
        let n = self.len;
        if n == 0 {
            assert!(frames.is_empty(), "a length-0 plan only takes empty data");
            return;
        }
        assert!(
            frames.len().is_multiple_of(n),
            "batch length {} is not a multiple of the FFT length {n}",
            frames.len()
        );
        let limit = frame_major_limit(self.level, false);
        let Some(passes) = self.passes.as_ref().filter(|_| n <= limit) else {
            return self.frame.process_batch(frames, scratch);
        };
        let count = frames.len() / n;
        let batched = batched_frames(count, self.lanes);
        let (head, tail) = frames.split_at_mut(batched * n);
        if batched > 0 {
            let rows = n * 2 * self.lanes;
            let reals = aligned_reals(scratch);
            let (a, rest) = reals.split_at_mut(rows);
            let job = Job::Frames {
                plan: passes,
                data: head.as_mut_ptr(),
                frames: batched,
                a: a.as_mut_ptr(),
                b: rest[..rows].as_mut_ptr(),
            };
            // SAFETY: `head` holds `batched` frames of n; `a` and `b` are
            // disjoint n-row parts of the scratch borrow; level as above.
            unsafe { T::batch_execute(job, self.level) }
        }
        if !tail.is_empty() {
            self.frame.process_batch(tail, scratch);
        }
    }

    /// Lengths without a batched kernel: each lane through the frame plan.
    fn lanes_per_frame(&self, data: &mut [T], scratch: &mut [Complex<T>]) {
        let (n, w) = (self.len, self.lanes);
        let (buf, rest) = scratch.split_at_mut(n);
        for block in data.chunks_exact_mut(self.block_len()) {
            for l in 0..w {
                for (e, c) in buf.iter_mut().enumerate() {
                    *c = Complex::new(block[e * 2 * w + l], block[e * 2 * w + w + l]);
                }
                self.frame.process(buf, rest);
                for (e, c) in buf.iter().enumerate() {
                    block[e * 2 * w + l] = c.re;
                    block[e * 2 * w + w + l] = c.im;
                }
            }
        }
    }
}

/// Longest complex transform (for r2c: `n/2`) for which the frame-major
/// entry points run the batched kernel at `level`. Measured on Zen 4 with
/// `benches/batch.rs` and `CADENZA_BATCH_SIZES` (64 frames): r2c frame-major
/// batched was 1.4-3.5x faster than the per-frame plan up to `n = 256`, even
/// at 512 and 1.8-2x slower from 1024 on (AVX-512); complex frame-major
/// batched was within 0.8-1.1x of the per-frame plan up to 256 and 1.3-2.9x
/// slower above with AVX-512, whose per-frame kernel does short lengths in
/// registers, so complex frame-major stays per-frame there. Above the limit
/// the transposes plus a block that no longer fits L1 cost more than the
/// vertical butterflies gain.
fn frame_major_limit(level: Level, real: bool) -> usize {
    match (real, level) {
        (true, _) => 256,
        (false, Level::Avx512) => 0,
        (false, _) => 256,
    }
}

/// Frames of a frame-major batch of `count` that go through the batched
/// kernel: all whole blocks, plus the last partial block when it is at least
/// a quarter full (a padded block then costs less than the frames one by one).
fn batched_frames(count: usize, lanes: usize) -> usize {
    let rest = count % lanes;
    if rest * 4 >= lanes {
        count
    } else {
        count - rest
    }
}

/// The batched real kernel's tables: `n/2`-point passes and the split (r2c)
/// or merge (c2r, conjugated) twiddles.
struct RealKernel<T> {
    passes: Passes<T>,
    tw: Vec<Complex<T>>,
}

impl<T: BatchFloat> RealKernel<T> {
    /// The tables for real length `n`, or `None` when `n` is not even with
    /// `n/2` a power of two (those lengths run the per-frame plan).
    fn for_len(n: usize, level: Level, inverse: bool) -> Option<Self> {
        let h = n / 2;
        (n >= 2 && n.is_multiple_of(2) && h.is_power_of_two()).then(|| RealKernel {
            passes: Passes::new(h, inverse, max_radix(level)),
            tw: (0..=h / 2)
                .map(|k| crate::stockham::twiddle::<T>(k, n, inverse))
                .collect(),
        })
    }
}

/// Scratch (complex numbers) of a batched real plan of length `n` with `lanes`
/// frames per block: with the batched kernel, blocks of `n/2 + 1` and `n/2`
/// complex rows of `lanes` complex numbers, aligned; without it, one frame's
/// bins and samples; at least the per-frame plan's `frame` either way.
fn real_scratch_len<T>(n: usize, lanes: usize, batched: bool, frame: usize) -> usize {
    if batched {
        ((2 * (n / 2) + 1) * lanes + align_pad::<Complex<T>>()).max(frame)
    } else {
        n / 2 + 1 + n.div_ceil(2) + frame
    }
}

/// Panics unless `got` scratch elements cover the `need` of the plan.
fn check_scratch(got: usize, need: usize) {
    assert!(
        got >= need,
        "scratch holds {got} elements, the plan needs {need}"
    );
}

/// A batch of forward real-to-complex FFTs of `n` samples into `n/2 + 1`
/// bins each, unnormalised (same output as [`RealFftPlan`]).
///
/// # Lanes layout
///
/// As [`BatchFftPlan`], blocks of [`lanes()`](Self::lanes) `= W` frames. A
/// real input block is `n` rows of `W` numbers (sample `t` of frame `l` at
/// `[t*W + l]`); an output block is `n/2 + 1` complex rows of `2W` (bin `k` at
/// `[k*2W + l]` and `[k*2W + W + l]`). Rows `2k` and `2k+1` of the input are
/// exactly one complex row, so the `n/2`-point complex transform runs on the
/// input as it lies and the real-input split is vertical arithmetic too.
///
/// Lengths other than `n` even with `n/2` a power of two run the per-frame
/// plan. Created by [`crate::Planner::plan_batch_r2c`]; `Send + Sync`; process
/// calls never allocate.
pub struct BatchRealFftPlan<T> {
    len: usize,
    level: Level,
    lanes: usize,
    kernel: Option<RealKernel<T>>,
    frame: Arc<RealFftPlan<T>>,
}

impl<T: BatchFloat> BatchRealFftPlan<T> {
    /// `frame` is the per-frame r2c plan of the same length; `level` must be
    /// supported by the CPU.
    pub(crate) fn new(frame: Arc<RealFftPlan<T>>, level: Level) -> Self {
        let n = frame.len();
        let kernel = RealKernel::for_len(n, level, false);
        BatchRealFftPlan {
            len: n,
            level,
            lanes: T::batch_lanes(level),
            kernel,
            frame,
        }
    }

    /// Number of real input samples per frame.
    pub fn len(&self) -> usize {
        self.len
    }

    /// `true` for the length-0 plan.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Output bins per frame, `n/2 + 1`.
    pub fn complex_len(&self) -> usize {
        self.len / 2 + 1
    }

    /// The SIMD level the batched kernel runs at.
    pub fn level(&self) -> Level {
        self.level
    }

    /// `W`: frames per block of the lanes layout.
    pub fn lanes(&self) -> usize {
        self.lanes
    }

    /// Numbers in one real input block (lanes layout): `n * lanes`.
    pub fn input_block_len(&self) -> usize {
        self.len * self.lanes
    }

    /// Numbers in one complex output block (lanes layout):
    /// `(n/2 + 1) * 2 * lanes`.
    pub fn output_block_len(&self) -> usize {
        self.complex_len() * 2 * self.lanes
    }

    /// `true` when the length runs the batched kernel (`n` even with `n/2` a
    /// power of two); other lengths loop over the per-frame plan.
    pub fn is_batched(&self) -> bool {
        self.kernel.is_some()
    }

    /// Minimum scratch length (complex numbers) for every process call.
    pub fn scratch_len(&self) -> usize {
        real_scratch_len::<T>(
            self.len,
            self.lanes,
            self.kernel.is_some(),
            self.frame.scratch_len(),
        )
    }

    /// Transforms lanes-layout real blocks (`input`, a multiple of
    /// [`input_block_len`](Self::input_block_len)) into lanes-layout bins
    /// (`output`, the same number of [`output_block_len`](Self::output_block_len)
    /// blocks). `input` is left untouched.
    ///
    /// # Panics
    /// On length mismatches or short scratch.
    pub fn process_lanes(&self, input: &[T], output: &mut [T], scratch: &mut [Complex<T>]) {
        check_scratch(scratch.len(), self.scratch_len());
        let (ib, ob) = (self.input_block_len(), self.output_block_len());
        let blocks = input.len().checked_div(ib).unwrap_or(0);
        assert!(
            (ib == 0 || input.len().is_multiple_of(ib)) && output.len() == blocks * ob,
            "lanes r2c: input {} and output {} are not the same number of blocks of {ib} and {ob}",
            input.len(),
            output.len()
        );
        let Some(k) = &self.kernel else {
            return self.lanes_per_frame(input, output, scratch);
        };
        let tmp = aligned_reals(scratch);
        let job = Job::RealLanes {
            plan: &k.passes,
            tw: &k.tw,
            input: input.as_ptr(),
            output: output.as_mut_ptr(),
            blocks,
            tmp: tmp[..ib].as_mut_ptr(),
        };
        // SAFETY: input/output hold `blocks` blocks of h and h + 1 complex
        // rows (distinct borrows), `tmp` h rows of the scratch; level as in
        // `BatchFftPlan::process_lanes`.
        unsafe { T::batch_execute(job, self.level) }
    }

    /// Transforms consecutive real frames of [`len`](Self::len) samples into
    /// consecutive frames of [`complex_len`](Self::complex_len) bins, like
    /// [`RealFftPlan::process_batch_preserving`]. Up to 512 samples the frames
    /// go through the batched kernel `W` at a time; longer ones through the
    /// per-frame plan, which measured faster there.
    ///
    /// # Panics
    /// If the lengths do not describe the same number of frames, or the
    /// scratch is short.
    pub fn process(&self, input: &[T], output: &mut [Complex<T>], scratch: &mut [Complex<T>]) {
        check_scratch(scratch.len(), self.scratch_len());
        let (n, nb) = (self.len, self.complex_len());
        let count = input.len().checked_div(n).unwrap_or(output.len() / nb);
        assert!(
            input.len() == count * n && output.len() == count * nb,
            "r2c batch: {} samples and {} bins are not the same number of frames of {n} and {nb}",
            input.len(),
            output.len()
        );
        let limit = frame_major_limit(self.level, true);
        let Some(k) = self.kernel.as_ref().filter(|_| n / 2 <= limit) else {
            return self.frame.process_batch_preserving(input, output, scratch);
        };
        let batched = batched_frames(count, self.lanes);
        let (out_head, out_tail) = output.split_at_mut(batched * nb);
        let (in_head, in_tail) = input.split_at(batched * n);
        if batched > 0 {
            let rows = 2 * self.lanes;
            let h = n / 2;
            let reals = aligned_reals(scratch);
            let (a, rest) = reals.split_at_mut((h + 1) * rows);
            let job = Job::RealFrames {
                plan: &k.passes,
                tw: &k.tw,
                input: in_head.as_ptr(),
                output: out_head.as_mut_ptr(),
                frames: batched,
                a: a.as_mut_ptr(),
                b: rest[..h * rows].as_mut_ptr(),
            };
            // SAFETY: the heads hold `batched` frames of n samples and n/2+1
            // bins; `a` (h + 1 rows) and `b` (h rows) are disjoint parts of
            // the scratch borrow; level as above.
            unsafe { T::batch_execute(job, self.level) }
        }
        if !out_tail.is_empty() {
            self.frame
                .process_batch_preserving(in_tail, out_tail, scratch);
        }
    }

    /// Lengths without a batched kernel: each lane through the frame plan.
    fn lanes_per_frame(&self, input: &[T], output: &mut [T], scratch: &mut [Complex<T>]) {
        let (n, nb, w) = (self.len, self.complex_len(), self.lanes);
        let (bins, rest) = scratch.split_at_mut(nb);
        let (samples, rest) = rest.split_at_mut(n.div_ceil(2));
        let samples = &mut reals_mut(samples)[..n];
        let blocks = input
            .chunks_exact(self.input_block_len())
            .zip(output.chunks_exact_mut(self.output_block_len()));
        for (inp, out) in blocks {
            for l in 0..w {
                for (t, x) in samples.iter_mut().enumerate() {
                    *x = inp[t * w + l];
                }
                self.frame.process_preserving(samples, bins, rest);
                for (k, c) in bins.iter().enumerate() {
                    out[k * 2 * w + l] = c.re;
                    out[k * 2 * w + w + l] = c.im;
                }
            }
        }
    }
}

/// `c` viewed as `2 * c.len()` real numbers.
fn reals_mut<T>(c: &mut [Complex<T>]) -> &mut [T] {
    // SAFETY: `Complex<T>` is `#[repr(C)] { re: T, im: T }`; see `aligned_reals`.
    unsafe { std::slice::from_raw_parts_mut(c.as_mut_ptr().cast(), c.len() * 2) }
}

impl<T> std::fmt::Debug for BatchFftPlan<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BatchFftPlan")
            .field("len", &self.len)
            .field("direction", &self.direction)
            .field("level", &self.level)
            .field("lanes", &self.lanes)
            .field("batched", &self.passes.is_some())
            .finish()
    }
}

impl<T> std::fmt::Debug for BatchRealFftPlan<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BatchRealFftPlan")
            .field("len", &self.len)
            .field("level", &self.level)
            .field("lanes", &self.lanes)
            .field("batched", &self.kernel.is_some())
            .finish()
    }
}
