//! Kernel selection: one module per instruction set plus the portable
//! [`scalar`] one, and a dispatcher per kernel that picks the module for a
//! [`Supported`] level. The level is detected once by `cadenza_simd`; the
//! dispatch itself is a match on a cached byte.

use cadenza_simd::Level;

#[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
pub(crate) mod aarch64;
pub(crate) mod scalar;
#[cfg(target_arch = "x86_64")]
pub(crate) mod x86_64;

/// A SIMD level this CPU is known to run. Only constructible through
/// [`Supported::current`] and [`Supported::clamp`], which is what makes the
/// `unsafe` calls into `#[target_feature]` kernels sound.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Supported(Level);

impl Supported {
    /// The process-wide level (`cadenza_simd::level()`, honours
    /// `CADENZA_SIMD`; already clamped to the hardware by `cadenza_simd`).
    #[inline]
    pub(crate) fn current() -> Self {
        Self::for_this_crate(cadenza_simd::level())
    }

    /// `level`, lowered to what this CPU and this crate's kernels run.
    #[inline]
    pub(crate) fn clamp(level: Level) -> Self {
        Self::for_this_crate(cadenza_simd::clamp_to_hardware(level))
    }

    /// The AVX-512 kernels also use AVX-512BW and VL (present on every
    /// AVX-512 CPU since Skylake-SP, checked anyway); `l` must already be
    /// supported.
    #[inline]
    fn for_this_crate(l: Level) -> Self {
        #[cfg(target_arch = "x86_64")]
        if l == Level::Avx512
            && !(std::arch::is_x86_feature_detected!("avx512bw")
                && std::arch::is_x86_feature_detected!("avx512vl"))
        {
            return Supported(Level::Avx2);
        }
        Supported(l)
    }

    /// The level kernels will run at.
    pub(crate) fn level(self) -> Level {
        self.0
    }
}

macro_rules! dispatch {
    ($( fn $name:ident($($arg:ident : $ty:ty),* $(,)?) $(-> $ret:ty)?; )*) => {$(
        #[inline]
        pub(crate) fn $name(level: Supported, $($arg: $ty),*) $(-> $ret)? {
            match level.0 {
                #[cfg(target_arch = "x86_64")]
                Level::Avx512 => {
                    // SAFETY: `Supported` guarantees AVX-512F/BW/VL, AVX2 and FMA.
                    unsafe { x86_64::avx512::$name($($arg),*) }
                }
                #[cfg(target_arch = "x86_64")]
                Level::Avx2 => {
                    // SAFETY: `Supported` guarantees AVX2 and FMA.
                    unsafe { x86_64::avx2::$name($($arg),*) }
                }
                #[cfg(target_arch = "x86_64")]
                Level::Sse2 => {
                    // SAFETY: SSE2 is part of the x86_64 baseline.
                    unsafe { x86_64::sse2::$name($($arg),*) }
                }
                #[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
                Level::Neon => {
                    // SAFETY: NEON is enabled for this target (module cfg).
                    unsafe { aarch64::neon::$name($($arg),*) }
                }
                _ => scalar::$name($($arg),*),
            }
        }
    )*};
}

dispatch! {
    fn u8_to_f32(src: &[u8], dst: &mut [f32]);
    fn f32_to_u8(src: &[f32], dst: &mut [u8]);
    fn i16_to_f32(src: &[i16], dst: &mut [f32]);
    fn f32_to_i16(src: &[f32], dst: &mut [i16]);
    fn i24_to_f32(src: &[u8], dst: &mut [f32]);
    fn f32_to_i24(src: &[f32], dst: &mut [u8]);
    fn i32_to_f32(src: &[i32], dst: &mut [f32]);
    fn f32_to_i32(src: &[f32], dst: &mut [i32]);
    fn f64_to_f32(src: &[f64], dst: &mut [f32]);
    fn f32_to_f64(src: &[f32], dst: &mut [f64]);
    fn interleave2(left: &[f32], right: &[f32], out: &mut [f32]);
    fn deinterleave2(input: &[f32], left: &mut [f32], right: &mut [f32]);
    fn interleave_n(inputs: &[&[f32]], out: &mut [f32]);
    fn deinterleave_n(input: &[f32], outputs: &mut [&mut [f32]]);
    fn mix_f32(sources: &[&[f32]], gains: &[f32], dst: &mut [f32]);
    fn mix_i16(sources: &[&[i16]], gains: &[f32], dst: &mut [i16]);
    fn gain_ramp(buf: &mut [f32], start: f32, step: f32);
    fn peak(x: &[f32]) -> f32;
    fn sum_squares(x: &[f32]) -> f64;
    fn peak_sum_squares(x: &[f32]) -> (f32, f64);
}
