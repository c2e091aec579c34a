//! Run-time SIMD level selection shared by every cadenza kernel crate.
//!
//! Kernel crates (`cadenza-fft`, `cadenza-dsp`) ship one module per instruction
//! set and pick one at run time. This crate is the single place that decides
//! which: it detects what the CPU offers once, caches the answer in an atomic,
//! and honours the `CADENZA_SIMD=scalar|sse2|avx2|avx512|neon` override so one
//! test suite can run every path on one machine against a naive reference.
//!
//! An override can only lower the level: asking for `avx512` on a CPU without
//! it yields the best level the CPU does support, never an illegal instruction.
#![forbid(unsafe_code)]

use std::sync::atomic::{AtomicU8, Ordering};

/// One instruction-set tier a kernel may be written for.
///
/// The tiers are ordered: on x86_64 `Scalar < Sse2 < Avx2 < Avx512`; `Neon` is
/// the aarch64 tier and only ever selected there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum Level {
    /// Portable Rust, no explicit SIMD.
    Scalar = 1,
    /// x86_64 SSE2 (always present on x86_64).
    Sse2 = 2,
    /// x86_64 AVX2 together with FMA.
    Avx2 = 3,
    /// x86_64 AVX-512F (with AVX2 and FMA).
    Avx512 = 4,
    /// aarch64 Advanced SIMD.
    Neon = 5,
}

impl Level {
    /// The name used by `CADENZA_SIMD` and in reports.
    pub const fn name(self) -> &'static str {
        match self {
            Level::Scalar => "scalar",
            Level::Sse2 => "sse2",
            Level::Avx2 => "avx2",
            Level::Avx512 => "avx512",
            Level::Neon => "neon",
        }
    }

    /// Parses a `CADENZA_SIMD` value (case-insensitive); `None` if unknown.
    pub fn parse(s: &str) -> Option<Level> {
        let s = s.trim();
        [
            Level::Scalar,
            Level::Sse2,
            Level::Avx2,
            Level::Avx512,
            Level::Neon,
        ]
        .into_iter()
        .find(|l| l.name().eq_ignore_ascii_case(s))
    }

    fn from_u8(v: u8) -> Option<Level> {
        match v {
            1 => Some(Level::Scalar),
            2 => Some(Level::Sse2),
            3 => Some(Level::Avx2),
            4 => Some(Level::Avx512),
            5 => Some(Level::Neon),
            _ => None,
        }
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Every level this CPU can run, best first, ending with [`Level::Scalar`].
pub fn supported() -> impl Iterator<Item = Level> {
    let best = detect_hardware();
    [
        Level::Avx512,
        Level::Avx2,
        Level::Sse2,
        Level::Neon,
        Level::Scalar,
    ]
    .into_iter()
    .filter(move |&l| is_supported(l, best))
}

fn is_supported(level: Level, best: Level) -> bool {
    match (level, best) {
        (Level::Scalar, _) => true,
        (Level::Neon, b) => b == Level::Neon,
        (l, Level::Neon) => l == Level::Scalar,
        (l, b) => l <= b,
    }
}

/// The best level the hardware offers, ignoring any override.
pub fn detect_hardware() -> Level {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx2")
            && std::arch::is_x86_feature_detected!("fma")
        {
            return Level::Avx512;
        }
        if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
        {
            return Level::Avx2;
        }
        Level::Sse2
    }
    #[cfg(target_arch = "aarch64")]
    {
        if std::arch::is_aarch64_feature_detected!("neon") {
            return Level::Neon;
        }
        Level::Scalar
    }
    #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
    {
        Level::Scalar
    }
}

/// Clamps a requested level to what the hardware supports: the requested level
/// if available, else the best supported level below it.
pub fn clamp_to_hardware(requested: Level) -> Level {
    let best = detect_hardware();
    if is_supported(requested, best) {
        return requested;
    }
    supported()
        .find(|&l| l != Level::Neon && l <= requested)
        .unwrap_or(Level::Scalar)
}

static CACHED: AtomicU8 = AtomicU8::new(0);

/// The level kernels should use: detected once, then cached.
///
/// Honours `CADENZA_SIMD` (read once, at the first call). Unknown override
/// values are ignored and hardware detection is used.
#[inline]
pub fn level() -> Level {
    if let Some(l) = Level::from_u8(CACHED.load(Ordering::Relaxed)) {
        return l;
    }
    let l = resolve(std::env::var("CADENZA_SIMD").ok().as_deref());
    CACHED.store(l as u8, Ordering::Relaxed);
    l
}

/// Resolves an override string (or its absence) to a level for this machine.
pub fn resolve(override_value: Option<&str>) -> Level {
    match override_value.and_then(Level::parse) {
        Some(req) => clamp_to_hardware(req),
        None => detect_hardware(),
    }
}

/// Forces the cached level for this process (tests and benches use this to run
/// every path in one process). The level is clamped to what the hardware runs.
pub fn force(level: Level) -> Level {
    let l = clamp_to_hardware(level);
    CACHED.store(l as u8, Ordering::Relaxed);
    l
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_round_trips_every_name() {
        for l in [
            Level::Scalar,
            Level::Sse2,
            Level::Avx2,
            Level::Avx512,
            Level::Neon,
        ] {
            assert_eq!(Level::parse(l.name()), Some(l));
            assert_eq!(Level::parse(&l.name().to_uppercase()), Some(l));
        }
        assert_eq!(Level::parse("avx3"), None);
    }

    #[test]
    fn override_never_exceeds_hardware() {
        let hw = detect_hardware();
        for l in [
            Level::Scalar,
            Level::Sse2,
            Level::Avx2,
            Level::Avx512,
            Level::Neon,
        ] {
            let got = resolve(Some(l.name()));
            assert!(is_supported(got, hw), "{got} not supported on {hw}");
            if is_supported(l, hw) {
                assert_eq!(got, l);
            }
        }
        assert_eq!(resolve(Some("bogus")), hw);
        assert_eq!(resolve(None), hw);
    }

    #[test]
    fn supported_ends_with_scalar_and_starts_with_hardware() {
        let v: Vec<Level> = supported().collect();
        assert_eq!(v.last(), Some(&Level::Scalar));
        assert_eq!(v.first(), Some(&detect_hardware()));
    }

    #[test]
    fn force_is_visible_through_level() {
        let f = force(Level::Scalar);
        assert_eq!(f, Level::Scalar);
        assert_eq!(level(), Level::Scalar);
        let hw = detect_hardware();
        assert_eq!(force(hw), hw);
        assert_eq!(level(), hw);
    }
}
