//! A perceptual colour map (magma-like: black → purple → orange → pale yellow) for
//! spectrogram intensities.
//!
//! The map is a small table of control points interpolated linearly in sRGB. The
//! control points were chosen so luminance rises strictly from one to the next,
//! so brighter always means louder and the map stays readable in grey scale;
//! the chirp test relies on that to find the ridge by luminance.

/// Control points `(position, [r, g, b])`, positions increasing from 0 to 1.
const CONTROL_POINTS: [(f32, [u8; 3]); 9] = [
    (0.0, [0, 0, 4]),
    (0.125, [28, 16, 68]),
    (0.25, [79, 18, 123]),
    (0.375, [129, 37, 129]),
    (0.5, [181, 54, 122]),
    (0.625, [229, 80, 100]),
    (0.75, [251, 135, 97]),
    (0.875, [254, 194, 135]),
    (1.0, [252, 253, 191]),
];

/// The colour for intensity `v` in `[0, 1]` (values outside are clamped; NaN maps to 0).
pub(crate) fn magma(v: f32) -> [u8; 3] {
    let v = if v.is_nan() { 0.0 } else { v.clamp(0.0, 1.0) };
    let mut i = 1;
    while i < CONTROL_POINTS.len() - 1 && CONTROL_POINTS[i].0 < v {
        i += 1;
    }
    let (p0, c0) = CONTROL_POINTS[i - 1];
    let (p1, c1) = CONTROL_POINTS[i];
    let t = ((v - p0) / (p1 - p0)).clamp(0.0, 1.0);
    let mut out = [0u8; 3];
    for ch in 0..3 {
        let a = f32::from(c0[ch]);
        let b = f32::from(c1[ch]);
        out[ch] = (a + (b - a) * t).round() as u8;
    }
    out
}

/// Relative luminance (Rec. 709 weights, on the sRGB values) of a colour, 0..255.
#[cfg(test)]
pub(crate) fn luminance(c: [u8; 3]) -> f32 {
    0.2126 * f32::from(c[0]) + 0.7152 * f32::from(c[1]) + 0.0722 * f32::from(c[2])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_are_the_table_ends() {
        assert_eq!(magma(0.0), [0, 0, 4]);
        assert_eq!(magma(1.0), [252, 253, 191]);
        assert_eq!(magma(-3.0), magma(0.0));
        assert_eq!(magma(7.0), magma(1.0));
        assert_eq!(magma(f32::NAN), magma(0.0));
    }

    #[test]
    fn luminance_is_strictly_increasing_through_the_map() {
        let mut prev = -1.0;
        for i in 0..=64 {
            let l = luminance(magma(i as f32 / 64.0));
            assert!(l > prev, "step {i}: {l} <= {prev}");
            prev = l;
        }
    }
}
