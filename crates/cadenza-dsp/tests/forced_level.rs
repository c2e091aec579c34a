//! The plain (non-`_at`) kernels follow the process-wide level, including
//! one forced through `cadenza_simd::force` (what `CADENZA_SIMD` sets).

use cadenza_dsp::{Level, active_level, convert, meter};

#[test]
fn plain_kernels_follow_the_forced_level() {
    let src: Vec<f32> = (0..1001).map(|i| ((i as f32) * 0.37).sin() * 1.1).collect();
    let mut want = vec![0i16; src.len()];
    convert::f32_to_i16_at(Level::Scalar, &src, &mut want);
    for level in cadenza_simd::supported() {
        cadenza_simd::force(level);
        assert_eq!(active_level(), level);
        let mut got = vec![0i16; src.len()];
        convert::f32_to_i16(&src, &mut got);
        assert_eq!(got, want, "{level}");
        assert_eq!(meter::peak(&src), meter::peak_at(Level::Scalar, &src));
    }
}
