//! `CADENZA_SIMD` as a whole process sees it. [`cadenza_simd::level`] reads
//! the variable once, at its first call, so one process checks one value:
//! with `CADENZA_SIMD_EXPECT` unset this checks that `level()` is what the
//! override (or its absence) resolves to on this CPU; `scripts/neon-test.sh`
//! runs this binary again under qemu with `CADENZA_SIMD=neon`, `scalar`, an
//! x86-only name and a bogus value, naming in `CADENZA_SIMD_EXPECT` the level
//! each must give on aarch64.

#[test]
fn level_follows_the_environment_override() {
    let set = std::env::var("CADENZA_SIMD").ok();
    let got = cadenza_simd::level();
    match std::env::var("CADENZA_SIMD_EXPECT") {
        Ok(want) => assert_eq!(got.name(), want, "CADENZA_SIMD={set:?}"),
        Err(_) => assert_eq!(
            got,
            cadenza_simd::resolve(set.as_deref()),
            "CADENZA_SIMD={set:?}"
        ),
    }
    // The cached answer is stable and always a level this CPU runs.
    assert_eq!(cadenza_simd::level(), got);
    assert!(cadenza_simd::supported().any(|l| l == got), "{got}");
}
