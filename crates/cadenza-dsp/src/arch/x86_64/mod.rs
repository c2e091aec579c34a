//! x86_64 kernels, one module per instruction-set tier. Every function is
//! compiled with `#[target_feature]`, so calling it is `unsafe`: callers
//! must have checked the CPU supports that tier (see `arch::Supported`).
//!
//! Loads and stores go through fixed-size chunks (`chunks_exact`), so each
//! `unsafe` pointer access is justified by the chunk length alone; the rest
//! of a slice is handed to the portable kernel.

/// Defines `#[target_feature]` wrappers that run the portable kernel compiled
/// for this tier (the compiler may auto-vectorise it). Used for kernels whose
/// hand-written version for the tier does not pay off.
macro_rules! portable {
    ($features:literal: $( fn $name:ident($($arg:ident : $ty:ty),* $(,)?) $(-> $ret:ty)?; )*) => {$(
        #[target_feature(enable = $features)]
        pub(crate) fn $name($($arg: $ty),*) $(-> $ret)? {
            crate::arch::scalar::$name($($arg),*)
        }
    )*};
}

pub(crate) mod avx2;
pub(crate) mod avx512;
pub(crate) mod sse2;
