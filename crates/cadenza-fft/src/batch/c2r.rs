//! Batched inverse real transforms (c2r), the counterpart of
//! [`BatchRealFftPlan`](super::BatchRealFftPlan): `n/2 + 1` bins per frame
//! back to `n` samples, `W` frames per SIMD register, so inverse STFTs and
//! other overlap-add paths on short frames get the same vertical arithmetic
//! as the forward ones.

use std::sync::Arc;

use cadenza_simd::Level;

use super::{
    BatchFloat, Job, RealKernel, aligned_reals, batched_frames, check_scratch, real_scratch_len,
    reals_mut,
};
use crate::{Complex, InverseRealFftPlan};

/// Longest half length `n/2` for which the frame-major entry point runs the
/// batched kernel. Measured on Zen 4 (AVX-512, 64 frames,
/// `CADENZA_BATCH_SIZES=64,128,256,512,1024 cargo bench -p cadenza-fft --bench
/// batch -- batch_c2r`): frame-major batched against the per-frame plan
/// 2.3x at n = 64, 1.35x at 128, 1.02x at 256 and 0.89x at 512 (the
/// transposes in and out cost what the vertical passes save from 256 on; the
/// lanes layout itself falls behind from 1024), so the limit sits lower than
/// r2c's.
const FRAME_MAJOR_LIMIT: usize = 64;

/// A batch of inverse complex-to-real FFTs of `n/2 + 1` bins into `n`
/// samples each, unnormalised (same output as [`InverseRealFftPlan`]:
/// `c2r(r2c(x)) == n * x`; the imaginary parts of bins 0 and `n/2` are
/// ignored).
///
/// # Lanes layout
///
/// The mirror image of [`BatchRealFftPlan`](super::BatchRealFftPlan): an
/// input block is `n/2 + 1` complex rows of `2W` (bin `k` of frame `l` at
/// `[k*2W + l]` and `[k*2W + W + l]`), an output block `n` rows of `W`
/// numbers (sample `t` of frame `l` at `[t*W + l]`). The input is left
/// untouched.
///
/// Lengths other than `n` even with `n/2` a power of two run the per-frame
/// plan. Created by [`crate::Planner::plan_batch_c2r`]; `Send + Sync`;
/// process calls never allocate.
pub struct BatchInverseRealFftPlan<T> {
    len: usize,
    level: Level,
    lanes: usize,
    kernel: Option<RealKernel<T>>,
    frame: Arc<InverseRealFftPlan<T>>,
}

impl<T: BatchFloat> BatchInverseRealFftPlan<T> {
    /// `frame` is the per-frame c2r plan of the same length; `level` must be
    /// supported by the CPU.
    pub(crate) fn new(frame: Arc<InverseRealFftPlan<T>>, level: Level) -> Self {
        let n = frame.len();
        let kernel = RealKernel::for_len(n, level, true);
        BatchInverseRealFftPlan {
            len: n,
            level,
            lanes: T::batch_lanes(level),
            kernel,
            frame,
        }
    }

    /// Number of real output samples per frame.
    pub fn len(&self) -> usize {
        self.len
    }

    /// `true` for the length-0 plan.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Input bins per frame, `n/2 + 1`.
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

    /// Numbers in one complex input block (lanes layout):
    /// `(n/2 + 1) * 2 * lanes`.
    pub fn input_block_len(&self) -> usize {
        self.complex_len() * 2 * self.lanes
    }

    /// Numbers in one real output block (lanes layout): `n * lanes`.
    pub fn output_block_len(&self) -> usize {
        self.len * self.lanes
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

    /// Transforms lanes-layout bins (`input`, a multiple of
    /// [`input_block_len`](Self::input_block_len)) into lanes-layout samples
    /// (`output`, the same number of [`output_block_len`](Self::output_block_len)
    /// blocks). `input` is left untouched.
    ///
    /// # Panics
    /// On length mismatches or short scratch.
    pub fn process_lanes(&self, input: &[T], output: &mut [T], scratch: &mut [Complex<T>]) {
        check_scratch(scratch.len(), self.scratch_len());
        let (ib, ob) = (self.input_block_len(), self.output_block_len());
        let blocks = output.len().checked_div(ob).unwrap_or(0);
        assert!(
            (ob == 0 || output.len().is_multiple_of(ob)) && input.len() == blocks * ib,
            "lanes c2r: input {} and output {} are not the same number of blocks of {ib} and {ob}",
            input.len(),
            output.len()
        );
        let Some(k) = &self.kernel else {
            return self.lanes_per_frame(input, output, scratch);
        };
        let tmp = aligned_reals(scratch);
        let job = Job::InverseRealLanes {
            plan: &k.passes,
            tw: &k.tw,
            input: input.as_ptr(),
            output: output.as_mut_ptr(),
            blocks,
            tmp: tmp[..ob].as_mut_ptr(),
        };
        // SAFETY: input/output hold `blocks` blocks of h + 1 and h complex
        // rows (distinct borrows), `tmp` h rows of the scratch; the planner
        // clamped `level` to the CPU.
        unsafe { T::batch_execute(job, self.level) }
    }

    /// Transforms consecutive frames of [`complex_len`](Self::complex_len)
    /// bins into consecutive frames of [`len`](Self::len) samples, like
    /// [`InverseRealFftPlan::process_batch_preserving`]. Up to 128 samples the
    /// frames go through the batched kernel `W` at a time; longer ones through
    /// the per-frame plan, which measured as fast or faster there.
    ///
    /// # Panics
    /// If the lengths do not describe the same number of frames, or the
    /// scratch is short.
    pub fn process(&self, input: &[Complex<T>], output: &mut [T], scratch: &mut [Complex<T>]) {
        check_scratch(scratch.len(), self.scratch_len());
        let (n, nb) = (self.len, self.complex_len());
        let count = output.len().checked_div(n).unwrap_or(input.len() / nb);
        assert!(
            output.len() == count * n && input.len() == count * nb,
            "c2r batch: {} bins and {} samples are not the same number of frames of {nb} and {n}",
            input.len(),
            output.len()
        );
        let Some(k) = self.kernel.as_ref().filter(|_| n / 2 <= FRAME_MAJOR_LIMIT) else {
            return self.frame.process_batch_preserving(input, output, scratch);
        };
        let batched = batched_frames(count, self.lanes);
        let (out_head, out_tail) = output.split_at_mut(batched * n);
        let (in_head, in_tail) = input.split_at(batched * nb);
        if batched > 0 {
            let rows = 2 * self.lanes;
            let h = n / 2;
            let reals = aligned_reals(scratch);
            let (a, rest) = reals.split_at_mut((h + 1) * rows);
            let job = Job::InverseRealFrames {
                plan: &k.passes,
                tw: &k.tw,
                input: in_head.as_ptr(),
                output: out_head.as_mut_ptr(),
                frames: batched,
                a: a.as_mut_ptr(),
                b: rest[..h * rows].as_mut_ptr(),
            };
            // SAFETY: the heads hold `batched` frames of n/2 + 1 bins and n
            // samples; `a` (h + 1 rows) and `b` (h rows) are disjoint parts
            // of the scratch borrow; level as above.
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
                for (k, c) in bins.iter_mut().enumerate() {
                    *c = Complex::new(inp[k * 2 * w + l], inp[k * 2 * w + w + l]);
                }
                self.frame.process_preserving(bins, samples, rest);
                for (t, &x) in samples.iter().enumerate() {
                    out[t * w + l] = x;
                }
            }
        }
    }
}

impl<T> std::fmt::Debug for BatchInverseRealFftPlan<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BatchInverseRealFftPlan")
            .field("len", &self.len)
            .field("level", &self.level)
            .field("lanes", &self.lanes)
            .field("batched", &self.kernel.is_some())
            .finish()
    }
}
