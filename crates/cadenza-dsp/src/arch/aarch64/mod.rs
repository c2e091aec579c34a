//! aarch64 kernels. NEON (Advanced SIMD) is the one instruction-set tier, and
//! part of the baseline of every aarch64 target this module is compiled for
//! (`target_feature = "neon"`); its functions still carry
//! `#[target_feature(enable = "neon")]`, so calling them is `unsafe` and goes
//! through `arch::Supported` like the x86_64 tiers.
//!
//! Loads and stores go through fixed-size chunks (`as_chunks`), so each
//! `unsafe` pointer access is justified by the chunk length alone; the rest
//! of a slice is handed to the portable kernel.

pub(crate) mod neon;
