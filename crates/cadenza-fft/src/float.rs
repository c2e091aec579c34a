//! The float types the transforms support, and the per-type dispatch from a
//! SIMD [`Level`] to the matching kernel instantiation.

use cadenza_simd::Level;

use crate::kernel::Job;

/// A float type cadenza can transform: `f32` or `f64`. Sealed.
pub trait FftFloat:
    rustfft::FftNum + rustfft::num_traits::Float + Default + std::fmt::Display + Sealed
{
}

impl FftFloat for f32 {}
impl FftFloat for f64 {}

/// Per-type kernel selection; not nameable outside the crate, so its
/// crate-private argument types never leak.
#[allow(unreachable_pub, private_interfaces)]
pub trait Sealed: Sized {
    /// `1/sqrt(2)` in this type.
    const FRAC_1_SQRT_2: Self;

    /// Complex numbers per register of `level` for this type.
    fn lanes(level: Level) -> usize;

    /// Runs `job` at `level` (FFT kernels planned for `Self::lanes(level)`).
    ///
    /// # Safety
    /// As [`crate::kernel::execute`]; `level` is supported by the CPU.
    unsafe fn execute(job: Job<'_, Self>, level: Level);

    /// [`Sealed::execute`] for a split or merge job, through an entry point
    /// that contains only those: its stack frame is small, where the general
    /// one holds 2-3 KiB of spill slots that a caller's buffer can alias (4K
    /// aliasing, see BENCHMARKS "One process is one memory layout").
    ///
    /// # Safety
    /// As [`Sealed::execute`], and the job is a split or a merge.
    unsafe fn execute_small(job: Job<'_, Self>, level: Level);

    /// [`Sealed::execute`] for an FFT job whose kernel is one
    /// [`crate::kernel::Pass::Block`], through an entry point per block shape,
    /// each with the stack frame its shape needs (one shared entry had the
    /// 3 KiB frame of the 128-point block for f64 at AVX-512, and 64 points
    /// there varied 1.5x with the heap layout; session 8).
    ///
    /// # Safety
    /// As [`Sealed::execute`], and the job is one of those.
    unsafe fn execute_block(job: Job<'_, Self>, level: Level);

    /// Real lengths beyond 16 that [`Sealed::r2c_codelet`] transforms.
    const R2C_CODELETS: &'static [usize] = &[];

    /// A hand-written r2c of `input.len()` samples where one exists for this
    /// type, length and architecture (see [`crate::realtiny`]); `false` when
    /// it did nothing.
    fn r2c_codelet(
        _input: &[Self],
        _output: &mut [crate::Complex<Self>],
        _tw: &crate::kernel::RealTwiddles<Self>,
    ) -> bool {
        false
    }

    /// A hand-written in-place complex FFT of `n` points (4, 8, 16, and 32
    /// at the widest levels) for a plan at `level`, where one exists for this type and architecture (see
    /// [`crate::kernel::tiny_fn`]).
    fn tiny_fn(_n: usize, _inverse: bool, _level: Level) -> Option<crate::kernel::TinyFn<Self>> {
        None
    }
}

/// Implements [`Sealed`] for `$t`; `$tiny` names the `arch::x86_64` module
/// with that type's r2c codelets (16/32 samples), `$tinyfn` the function
/// picking its complex codelets.
macro_rules! impl_sealed {
    ($t:ty, $sqrt:expr, $exec:ident, $lanes:ident, $tiny:ident, $tinyfn:ident) => {
        #[allow(private_interfaces)]
        impl Sealed for $t {
            const FRAC_1_SQRT_2: Self = $sqrt;

            fn lanes(level: Level) -> usize {
                crate::arch::$lanes(level)
            }

            #[inline]
            unsafe fn execute(job: Job<'_, Self>, level: Level) {
                // SAFETY: forwarded contract of this function.
                unsafe { crate::arch::$exec::<false, 0>(job, level) }
            }

            unsafe fn execute_small(job: Job<'_, Self>, level: Level) {
                // SAFETY: forwarded contract of this function.
                unsafe { crate::arch::$exec::<true, 0>(job, level) }
            }

            unsafe fn execute_block(job: Job<'_, Self>, level: Level) {
                let Job::Fft(kernel, _) = &job else {
                    unreachable!("not an FFT job")
                };
                let [crate::kernel::Pass::Block { rows, .. }] = kernel.passes[..] else {
                    unreachable!("not a block kernel")
                };
                // SAFETY: (all arms) forwarded contract of this function;
                // each entry checks `rows` again.
                unsafe {
                    match rows {
                        4 => crate::arch::$exec::<true, 4>(job, level),
                        8 => crate::arch::$exec::<true, 8>(job, level),
                        16 => crate::arch::$exec::<true, 16>(job, level),
                        32 => crate::arch::$exec::<true, 32>(job, level),
                        _ => unreachable!("block of {rows} rows"),
                    }
                }
            }

            #[cfg(target_arch = "x86_64")]
            #[inline]
            fn r2c_codelet(
                input: &[Self],
                output: &mut [crate::Complex<Self>],
                tw: &crate::kernel::RealTwiddles<Self>,
            ) -> bool {
                use crate::arch::x86_64::$tiny::{r2c16, r2c32};
                // SAFETY: SSE2 is part of the x86_64 baseline.
                unsafe {
                    match input.len() {
                        16 => r2c16(input, output, tw),
                        32 => r2c32(input, output, tw),
                        _ => return false,
                    }
                }
                true
            }

            #[cfg(target_arch = "x86_64")]
            const R2C_CODELETS: &'static [usize] = &[32];

            #[cfg(target_arch = "x86_64")]
            fn tiny_fn(
                n: usize,
                inverse: bool,
                level: Level,
            ) -> Option<crate::kernel::TinyFn<Self>> {
                crate::arch::x86_64::$tinyfn(n, inverse, level)
            }
        }
    };
}

impl_sealed!(
    f32,
    std::f32::consts::FRAC_1_SQRT_2,
    execute_f32,
    lanes_f32,
    tiny_sse2,
    tiny_fn_f32
);
impl_sealed!(
    f64,
    std::f64::consts::FRAC_1_SQRT_2,
    execute_f64,
    lanes_f64,
    tiny_sse2_f64,
    tiny_fn_f64
);
