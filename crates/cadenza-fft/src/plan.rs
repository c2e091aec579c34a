//! [`FftPlan`]: a complex transform of one length and direction, ready to run.

use std::sync::Arc;

use cadenza_simd::Level;

use crate::kernel::{Io, Job, Kernel};
use crate::{Complex, Direction, FftFloat};

/// How a plan computes its transform.
enum Imp<T> {
    /// Length 0 or 1: the transform is the identity.
    Identity,
    /// Length 2, 4 or 8 (on x86_64 also 16, and 32 in `f32` at AVX2 and
    /// above and in `f64` at AVX-512): a codelet called without dispatch
    /// ([`crate::kernel::tiny_fn`]), chosen for the plan's `level`.
    Tiny {
        f: crate::kernel::TinyFn<T>,
        level: Level,
    },
    /// cadenza's own power-of-two kernel at `level`.
    Own { kernel: Kernel<T>, level: Level },
    /// Any other length: rustfft's plan.
    Delegate(Arc<dyn rustfft::Fft<T>>),
}

/// A complex FFT of a fixed length and [`Direction`], unnormalised.
///
/// Created by [`crate::Planner`]; cheap to share (`Arc`), `Send + Sync`, and its
/// process calls never allocate.
pub struct FftPlan<T> {
    len: usize,
    direction: Direction,
    imp: Imp<T>,
}

impl<T: FftFloat> FftPlan<T> {
    pub(crate) fn new_own(n: usize, direction: Direction, level: Level) -> Self {
        let imp = if n <= 1 {
            Imp::Identity
        } else if let Some(f) =
            crate::kernel::tiny_fn::<T>(n, direction == Direction::Inverse, level)
        {
            Imp::Tiny { f, level }
        } else {
            let lanes = T::lanes(level);
            let inverse = direction == Direction::Inverse;
            let kernel = crate::stockham::plan::<T>(n, inverse, lanes, max_block_rows(level));
            Imp::Own { kernel, level }
        };
        FftPlan {
            len: n,
            direction,
            imp,
        }
    }

    /// A plan running `kernel` at `level` (tests of kernel variants).
    #[cfg(test)]
    pub(crate) fn with_kernel(
        n: usize,
        direction: Direction,
        kernel: Kernel<T>,
        level: Level,
    ) -> Self {
        FftPlan {
            len: n,
            direction,
            imp: Imp::Own { kernel, level },
        }
    }

    pub(crate) fn new_delegate(fft: Arc<dyn rustfft::Fft<T>>, direction: Direction) -> Self {
        FftPlan {
            len: fft.len(),
            direction,
            imp: Imp::Delegate(fft),
        }
    }

    /// Transform length in complex numbers.
    pub fn len(&self) -> usize {
        self.len
    }

    /// `true` for the (trivial) length-0 plan.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The direction this plan transforms in.
    pub fn direction(&self) -> Direction {
        self.direction
    }

    /// The SIMD level the plan was made for, or `None` when the length is
    /// delegated to rustfft or trivial. (A codelet of 2-32 points may use a
    /// lower instruction set where that measured faster.)
    pub fn level(&self) -> Option<Level> {
        match &self.imp {
            Imp::Own { level, .. } | Imp::Tiny { level, .. } => Some(*level),
            _ => None,
        }
    }

    /// Minimum scratch length (complex numbers) for every process call.
    pub fn scratch_len(&self) -> usize {
        match &self.imp {
            Imp::Identity | Imp::Tiny { .. } => 0,
            Imp::Own { kernel, .. } => {
                let buffers = if uses_ring::<T>(kernel.n) { 2 } else { 1 };
                buffers * kernel.n + kernel.tile_len() + align_pad::<T>()
            }
            Imp::Delegate(fft) => fft
                .get_inplace_scratch_len()
                .max(fft.get_immutable_scratch_len()),
        }
    }

    /// Transforms `buf` (exactly [`len`](Self::len) elements) in place.
    ///
    /// # Panics
    /// If `buf.len() != self.len()` or `scratch.len() < self.scratch_len()`.
    #[inline]
    pub fn process(&self, buf: &mut [Complex<T>], scratch: &mut [Complex<T>]) {
        if let Imp::Tiny { f, .. } = self.imp {
            // Checked first and inlined into the caller: the full check, or
            // the prologue of the general path, costs as much as the
            // transform.
            assert!(
                buf.len() == self.len,
                "buffer length must equal the FFT length"
            );
            return f(buf);
        }
        self.process_general(buf, scratch);
    }

    /// [`process`](Self::process) for every plan but a tiny codelet.
    #[inline(never)]
    fn process_general(&self, buf: &mut [Complex<T>], scratch: &mut [Complex<T>]) {
        self.check(buf.len(), scratch.len());
        match &self.imp {
            Imp::Identity => {}
            Imp::Tiny { f, .. } => f(buf),
            Imp::Own { kernel, level } => {
                let ptr = buf.as_mut_ptr();
                let io = scratch_io(scratch, kernel.n, ptr, ptr);
                // SAFETY: `buf` holds n elements, `a`/`b` are disjoint
                // n-element parts of the distinct `scratch` borrow; the kernel
                // was planned for `level`, which the planner clamped to the CPU.
                unsafe { exec(kernel, io, *level) }
            }
            Imp::Delegate(fft) => {
                let need = fft.get_inplace_scratch_len();
                fft.process_with_scratch(buf, &mut scratch[..need]);
            }
        }
    }

    /// Transforms `input` into `output` (both [`len`](Self::len) elements),
    /// leaving `input` untouched.
    ///
    /// # Panics
    /// On length mismatches, as [`process`](Self::process).
    pub fn process_out_of_place(
        &self,
        input: &[Complex<T>],
        output: &mut [Complex<T>],
        scratch: &mut [Complex<T>],
    ) {
        self.check(input.len(), scratch.len());
        assert_eq!(
            output.len(),
            self.len,
            "output length must equal the FFT length"
        );
        match &self.imp {
            Imp::Identity => output.copy_from_slice(input),
            Imp::Tiny { f, .. } => {
                output.copy_from_slice(input);
                f(output);
            }
            Imp::Own { kernel, level } => {
                let io = scratch_io(scratch, kernel.n, input.as_ptr(), output.as_mut_ptr());
                // SAFETY: three distinct borrows; `input`/`output` hold n
                // elements, `a`/`b` are disjoint n-element parts of `scratch`;
                // the kernel was planned for `level`, clamped to the CPU.
                unsafe { exec(kernel, io, *level) }
            }
            Imp::Delegate(fft) => {
                let need = fft.get_immutable_scratch_len();
                fft.process_immutable_with_scratch(input, output, &mut scratch[..need]);
            }
        }
    }

    /// Transforms `input` into `output` using `input` as working memory (its
    /// contents are unspecified afterwards), with
    /// [`clobbering_scratch_len`](Self::clobbering_scratch_len) scratch: for
    /// cadenza's own kernels, which ping-pong between the two buffers, none
    /// or the tile of their pass pairs or column blocks.
    pub(crate) fn process_clobbering(
        &self,
        input: &mut [Complex<T>],
        output: &mut [Complex<T>],
        scratch: &mut [Complex<T>],
    ) {
        match &self.imp {
            Imp::Own { kernel, level } => {
                assert_eq!(
                    input.len(),
                    self.len,
                    "input length must equal the FFT length"
                );
                assert_eq!(
                    output.len(),
                    self.len,
                    "output length must equal the FFT length"
                );
                assert!(
                    scratch.len() >= self.clobbering_scratch_len(),
                    "scratch holds {} elements, the plan needs {}",
                    scratch.len(),
                    self.clobbering_scratch_len()
                );
                let (src, dst) = (input.as_mut_ptr(), output.as_mut_ptr());
                let io = Io {
                    src,
                    dst,
                    a: dst,
                    b: src,
                    tile: scratch.as_mut_ptr(),
                };
                // SAFETY: two distinct n-element borrows in the clobbering
                // layout `Io` documents, and the tile in a third (checked
                // above); the kernel was planned for `level`, which the
                // planner clamped to the CPU.
                unsafe { exec(kernel, io, *level) }
            }
            _ => self.process_out_of_place(input, output, scratch),
        }
    }

    /// Scratch [`process_clobbering`](Self::process_clobbering) needs.
    pub(crate) fn clobbering_scratch_len(&self) -> usize {
        match &self.imp {
            Imp::Own { kernel, .. } => kernel.tile_len(),
            _ => self.scratch_len(),
        }
    }

    /// Transforms each consecutive [`len`](Self::len)-element chunk of `bufs`
    /// in place.
    ///
    /// # Panics
    /// If `bufs.len()` is not a multiple of the length, or the scratch is short.
    pub fn process_batch(&self, bufs: &mut [Complex<T>], scratch: &mut [Complex<T>]) {
        if self.len == 0 {
            assert!(
                bufs.is_empty(),
                "a length-0 plan can only process an empty batch"
            );
            return;
        }
        assert!(
            bufs.len().is_multiple_of(self.len),
            "batch length {} is not a multiple of the FFT length {}",
            bufs.len(),
            self.len
        );
        for chunk in bufs.chunks_exact_mut(self.len) {
            self.process(chunk, scratch);
        }
    }

    fn check(&self, len: usize, scratch: usize) {
        assert_eq!(len, self.len, "buffer length must equal the FFT length");
        assert!(
            scratch >= self.scratch_len(),
            "scratch holds {scratch} elements, the plan needs {}",
            self.scratch_len()
        );
    }
}

/// How many registers a whole-transform [`crate::kernel::Pass::Block`] may
/// keep in flight at `level`: 32 with AVX-512's 32 registers, 16 otherwise
/// (measured: f64 32 points at AVX2 as a 2 x 16 block take 21 ns instead of
/// 30, f32 128 points at AVX-512 as 8 x 16 take 37 ns instead of 45).
pub(crate) fn max_block_rows(level: Level) -> usize {
    match level {
        Level::Avx512 => 32,
        _ => 16,
    }
}

/// Runs `kernel` on `io` at `level`: a one-block kernel through the block
/// entry points ([`FftFloat`]'s `execute_block`).
///
/// # Safety
/// As [`crate::kernel::execute`] for `Job::Fft(kernel, io)`; the CPU supports
/// `level` and `kernel` was planned for it.
#[inline]
unsafe fn exec<T: FftFloat>(kernel: &Kernel<T>, io: Io<T>, level: Level) {
    let job = Job::Fft(kernel, io);
    // SAFETY: forwarded contract; `is_block` selects the block entry.
    unsafe {
        if kernel.is_block() {
            T::execute_block(job, level)
        } else {
            T::execute(job, level)
        }
    }
}

/// Extra scratch elements that let [`scratch_io`] start on 64 bytes.
fn align_pad<T>() -> usize {
    64 / std::mem::size_of::<Complex<T>>()
}

/// Whether an `n`-point transform ping-pongs between two aligned scratch
/// buffers (small, cache-resident sizes: the caller's buffer is only read
/// once and written once, so its alignment matters little) or between one
/// scratch buffer and the output (large sizes: less memory in flight).
fn uses_ring<T>(n: usize) -> bool {
    n * std::mem::size_of::<Complex<T>>() <= 16 * 1024
}

/// The kernel's [`Io`] for reading `src` and writing `dst` (may be equal),
/// with scratch areas 64-byte aligned when the slice's address allows it,
/// and the [`crate::kernel::Pass::Pair`] or [`crate::kernel::Pass::Columns`]
/// tile after them. `scratch` holds at
/// least `scratch_len()` elements.
fn scratch_io<T>(
    scratch: &mut [Complex<T>],
    n: usize,
    src: *const Complex<T>,
    dst: *mut Complex<T>,
) -> Io<T> {
    let off = scratch.as_ptr().align_offset(64);
    let off = if off <= align_pad::<T>() { off } else { 0 };
    let (a, rest) = scratch[off..].split_at_mut(n);
    let (b, tile) = if uses_ring::<T>(n) {
        let (b, tile) = rest.split_at_mut(n);
        (b.as_mut_ptr(), tile.as_mut_ptr())
    } else {
        (dst, rest.as_mut_ptr())
    };
    Io {
        src,
        dst,
        a: a.as_mut_ptr(),
        b,
        tile,
    }
}

impl<T> std::fmt::Debug for FftPlan<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let imp = match &self.imp {
            Imp::Identity => "identity".to_string(),
            Imp::Tiny { level, .. } => format!("codelet for {level}"),
            Imp::Own { kernel, level } => format!("cadenza {level} {} passes", kernel.passes.len()),
            Imp::Delegate(_) => "rustfft".to_string(),
        };
        f.debug_struct("FftPlan")
            .field("len", &self.len)
            .field("direction", &self.direction)
            .field("imp", &imp)
            .finish()
    }
}
