//! A tiny 3×5 bitmap font for axis tick labels: digits, '.', '-', 'k', 'H', 'z', 's'.
//!
//! The spectrogram needs only numbers and unit letters, so a handful of
//! hand-drawn glyphs keeps the binary free of a font dependency. Glyphs are drawn
//! scaled by an integer factor onto an RGB buffer; unknown characters draw as a
//! blank of the same advance.

use super::render::Canvas;

/// Glyph width in font pixels.
pub(crate) const GLYPH_W: usize = 3;
/// Glyph height in font pixels.
pub(crate) const GLYPH_H: usize = 5;
/// Advance between glyph origins in font pixels (glyph plus one column of space).
pub(crate) const ADVANCE: usize = GLYPH_W + 1;

/// The 5 rows of a glyph, 3 bits each, most significant bit leftmost.
fn glyph(c: char) -> [u8; GLYPH_H] {
    match c {
        '0' => [0b111, 0b101, 0b101, 0b101, 0b111],
        '1' => [0b010, 0b110, 0b010, 0b010, 0b111],
        '2' => [0b111, 0b001, 0b111, 0b100, 0b111],
        '3' => [0b111, 0b001, 0b111, 0b001, 0b111],
        '4' => [0b101, 0b101, 0b111, 0b001, 0b001],
        '5' => [0b111, 0b100, 0b111, 0b001, 0b111],
        '6' => [0b111, 0b100, 0b111, 0b101, 0b111],
        '7' => [0b111, 0b001, 0b001, 0b010, 0b010],
        '8' => [0b111, 0b101, 0b111, 0b101, 0b111],
        '9' => [0b111, 0b101, 0b111, 0b001, 0b111],
        '.' => [0b000, 0b000, 0b000, 0b000, 0b010],
        '-' => [0b000, 0b000, 0b111, 0b000, 0b000],
        'k' => [0b100, 0b101, 0b110, 0b101, 0b101],
        'H' => [0b101, 0b101, 0b111, 0b101, 0b101],
        'z' => [0b000, 0b111, 0b001, 0b010, 0b111],
        's' => [0b000, 0b011, 0b110, 0b001, 0b110],
        _ => [0; GLYPH_H],
    }
}

/// Width in image pixels of `text` drawn at `scale` (no trailing space).
pub(crate) fn text_width(text: &str, scale: usize) -> usize {
    let n = text.chars().count();
    if n == 0 { 0 } else { (n * ADVANCE - 1) * scale }
}

/// Draws `text` with its top-left corner at `(x, y)` at an integer `scale`;
/// pixels falling outside the canvas are skipped.
pub(crate) fn draw_text(
    canvas: &mut Canvas,
    x: usize,
    y: usize,
    text: &str,
    scale: usize,
    colour: [u8; 3],
) {
    for (i, c) in text.chars().enumerate() {
        let gx = x + i * ADVANCE * scale;
        for (row, bits) in glyph(c).iter().enumerate() {
            for col in 0..GLYPH_W {
                if bits & (1 << (GLYPH_W - 1 - col)) == 0 {
                    continue;
                }
                for dy in 0..scale {
                    for dx in 0..scale {
                        let px = gx + col * scale + dx;
                        let py = y + row * scale + dy;
                        canvas.put(px, py, colour);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_character_has_a_distinct_visible_glyph() {
        let chars = "0123456789.-kHzs";
        let glyphs: Vec<_> = chars.chars().map(glyph).collect();
        for (i, g) in glyphs.iter().enumerate() {
            assert!(
                g.iter().any(|&r| r != 0),
                "glyph {:?} is blank",
                chars.chars().nth(i)
            );
            for (j, h) in glyphs.iter().enumerate().skip(i + 1) {
                assert_ne!(g, h, "glyphs {i} and {j} collide");
            }
        }
    }

    #[test]
    fn draws_scaled_pixels_and_clips_at_the_edge() {
        let mut canvas = Canvas::new(10, 12, [0, 0, 0]);
        draw_text(&mut canvas, 0, 0, "1", 2, [255, 255, 255]);
        // '1' row 0 is 0b010: the middle column, scaled 2x → pixels x 2..4, y 0..2.
        let lit = |x: usize, y: usize| canvas.get(x, y) == [255, 255, 255];
        assert!(lit(2, 0) && lit(3, 1) && !lit(0, 0) && !lit(4, 0));
        // Bottom row 0b111 at y 8..10.
        assert!(lit(0, 8) && lit(5, 9));
        assert_eq!(text_width("1k", 2), 14);
        // Drawing partly outside must not panic.
        draw_text(&mut canvas, 8, 10, "88", 2, [1, 2, 3]);
    }
}
