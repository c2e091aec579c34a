//! Turns column spectra (one power spectrum per image column) into an RGB
//! picture: frequency rows on a linear, logarithmic or mel axis, intensities in dB
//! through the colour map, and labelled frequency and time axes.
//!
//! Everything geometric lives here ([`Layout`], [`FreqAxis`]) so the chirp test
//! can map a pixel row back to the frequency it shows with the same code that
//! drew it.

use cadenza_fft::mel::MelScale;

use super::colormap::magma;
use super::font::{self, GLYPH_H};

/// Font scale for tick labels (3×5 glyphs drawn at 2× → 6×10 pixels).
const FONT_SCALE: usize = 2;
/// Length of a tick mark in pixels.
const TICK: usize = 4;
/// Dynamic range shown, in dB below the loudest cell.
pub(crate) const DYNAMIC_RANGE_DB: f32 = 80.0;
const BACKGROUND: [u8; 3] = [255, 255, 255];
const INK: [u8; 3] = [0, 0, 0];

/// An RGB image being drawn.
pub(crate) struct Canvas {
    /// Width in pixels.
    pub(crate) width: usize,
    /// Height in pixels.
    pub(crate) height: usize,
    /// Row-major RGB bytes, `width * height * 3`.
    pub(crate) rgb: Vec<u8>,
}

impl Canvas {
    /// A canvas filled with `colour`.
    pub(crate) fn new(width: usize, height: usize, colour: [u8; 3]) -> Canvas {
        let mut rgb = Vec::with_capacity(width * height * 3);
        for _ in 0..width * height {
            rgb.extend_from_slice(&colour);
        }
        Canvas { width, height, rgb }
    }

    /// Sets one pixel; outside the canvas is ignored.
    pub(crate) fn put(&mut self, x: usize, y: usize, colour: [u8; 3]) {
        if x < self.width && y < self.height {
            let o = (y * self.width + x) * 3;
            self.rgb[o..o + 3].copy_from_slice(&colour);
        }
    }

    /// Reads one pixel (must be inside the canvas).
    #[cfg(test)]
    pub(crate) fn get(&self, x: usize, y: usize) -> [u8; 3] {
        let o = (y * self.width + x) * 3;
        [self.rgb[o], self.rgb[o + 1], self.rgb[o + 2]]
    }

    /// Encodes the canvas as an 8-bit RGB PNG.
    pub(crate) fn to_png(&self) -> Result<Vec<u8>, png::EncodingError> {
        let mut out = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut out, self.width as u32, self.height as u32);
            enc.set_color(png::ColorType::Rgb);
            enc.set_depth(png::BitDepth::Eight);
            let mut writer = enc.write_header()?;
            writer.write_image_data(&self.rgb)?;
            writer.finish()?;
        }
        Ok(out)
    }
}

/// How the frequency axis is spaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scale {
    /// Equal Hz per pixel.
    Linear,
    /// Equal ratio per pixel, from a low cut (`max(20 Hz, one bin)`) to Nyquist.
    Log,
    /// Equal mel (Slaney) per pixel.
    Mel,
}

/// Maps frequencies to a 0..1 axis position (0 = bottom) and back.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FreqAxis {
    scale: Scale,
    lo: f64,
    hi: f64,
}

impl FreqAxis {
    /// The axis used for `scale` on a signal at `sample_rate` analysed with `n_fft`.
    pub(crate) fn new(scale: Scale, sample_rate: f64, n_fft: usize) -> FreqAxis {
        let nyquist = sample_rate / 2.0;
        let (lo, hi) = match scale {
            Scale::Linear => (0.0, nyquist),
            Scale::Log => (
                (sample_rate / n_fft as f64)
                    .max(20.0)
                    .min(nyquist / 2.0)
                    .log10(),
                nyquist.log10(),
            ),
            Scale::Mel => (0.0, MelScale::Slaney.hz_to_mel(nyquist)),
        };
        FreqAxis { scale, lo, hi }
    }

    fn warp(&self, hz: f64) -> f64 {
        match self.scale {
            Scale::Linear => hz,
            Scale::Log => hz.max(1e-9).log10(),
            Scale::Mel => MelScale::Slaney.hz_to_mel(hz),
        }
    }

    fn unwarp(&self, v: f64) -> f64 {
        match self.scale {
            Scale::Linear => v,
            Scale::Log => 10f64.powf(v),
            Scale::Mel => MelScale::Slaney.mel_to_hz(v),
        }
    }

    /// Axis position (0 bottom, 1 top) of `hz`.
    pub(crate) fn position(&self, hz: f64) -> f64 {
        (self.warp(hz) - self.lo) / (self.hi - self.lo)
    }

    /// Frequency at axis position `u`.
    pub(crate) fn hz(&self, u: f64) -> f64 {
        self.unwarp(self.lo + u * (self.hi - self.lo))
    }

    /// Lowest frequency shown.
    pub(crate) fn lowest_hz(&self) -> f64 {
        self.hz(0.0)
    }

    /// Highest frequency shown.
    pub(crate) fn highest_hz(&self) -> f64 {
        self.hz(1.0)
    }
}

/// Where the plot sits inside the image.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Layout {
    /// Image width in pixels.
    pub(crate) width: usize,
    /// Image height in pixels.
    pub(crate) height: usize,
    /// Left edge of the plot area.
    pub(crate) plot_x: usize,
    /// Top edge of the plot area.
    pub(crate) plot_y: usize,
    /// Plot width in pixels (one column spectrum per pixel column).
    pub(crate) plot_w: usize,
    /// Plot height in pixels.
    pub(crate) plot_h: usize,
}

const MARGIN_LEFT: usize = 50;
const MARGIN_RIGHT: usize = 20;
const MARGIN_TOP: usize = 18;
const MARGIN_BOTTOM: usize = 24;
/// Smallest plot dimension accepted.
pub(crate) const MIN_PLOT: usize = 16;

impl Layout {
    /// The layout for an image of `width × height` pixels; `None` if too small to
    /// leave a plot of at least [`MIN_PLOT`] pixels each way.
    pub(crate) fn for_image(width: usize, height: usize) -> Option<Layout> {
        let plot_w = width.checked_sub(MARGIN_LEFT + MARGIN_RIGHT)?;
        let plot_h = height.checked_sub(MARGIN_TOP + MARGIN_BOTTOM)?;
        (plot_w >= MIN_PLOT && plot_h >= MIN_PLOT).then_some(Layout {
            width,
            height,
            plot_x: MARGIN_LEFT,
            plot_y: MARGIN_TOP,
            plot_w,
            plot_h,
        })
    }

    /// Default image width for `n_frames` STFT frames: one column per frame,
    /// kept between 480 and 1600 pixels.
    pub(crate) fn default_width(n_frames: usize) -> usize {
        (n_frames + MARGIN_LEFT + MARGIN_RIGHT).clamp(480, 1600)
    }

    /// Default image height.
    pub(crate) const DEFAULT_HEIGHT: usize = 480;

    /// Axis position (0 bottom … 1 top) of the centre of plot row `row` (0 = top).
    pub(crate) fn row_position(&self, row: usize) -> f64 {
        (self.plot_h as f64 - row as f64 - 0.5) / self.plot_h as f64
    }
}

/// Power spectra reduced to one per plot column.
pub(crate) struct ColumnSpectra {
    /// Number of columns.
    pub(crate) n_cols: usize,
    /// Bins per spectrum (`n_fft/2 + 1`).
    pub(crate) n_bins: usize,
    /// Hz between bins (`sample_rate / n_fft`).
    pub(crate) bin_hz: f64,
    /// Seconds spanned by the whole x axis.
    pub(crate) duration_s: f64,
    /// Row-major `n_cols × n_bins` power values.
    pub(crate) power: Vec<f32>,
}

/// How a plot row samples a spectrum: the max over bins `lo..hi` when the row
/// covers at least one bin centre, else linear interpolation at `lo + frac`.
#[derive(Clone, Copy)]
enum RowSampler {
    Max { lo: usize, hi: usize },
    Interp { lo: usize, frac: f32 },
}

fn row_samplers(layout: &Layout, axis: &FreqAxis, n_bins: usize, bin_hz: f64) -> Vec<RowSampler> {
    (0..layout.plot_h)
        .map(|row| {
            let half = 0.5 / layout.plot_h as f64;
            let centre = layout.row_position(row);
            let f_lo = axis.hz(centre - half);
            let f_hi = axis.hz(centre + half);
            let lo = (f_lo / bin_hz).ceil().max(0.0) as usize;
            let hi = ((f_hi / bin_hz).ceil().max(0.0) as usize).min(n_bins);
            if lo < hi {
                RowSampler::Max { lo, hi }
            } else {
                let pos = (axis.hz(centre) / bin_hz).clamp(0.0, (n_bins - 1) as f64);
                let lo = (pos.floor() as usize).min(n_bins.saturating_sub(2));
                RowSampler::Interp {
                    lo,
                    frac: (pos - lo as f64) as f32,
                }
            }
        })
        .collect()
}

fn sample(spectrum: &[f32], s: RowSampler) -> f32 {
    match s {
        RowSampler::Max { lo, hi } => spectrum[lo..hi].iter().copied().fold(0.0, f32::max),
        RowSampler::Interp { lo, frac } => {
            let a = spectrum[lo];
            let b = spectrum.get(lo + 1).copied().unwrap_or(a);
            a + (b - a) * frac
        }
    }
}

/// Draws the spectrogram and its axes.
pub(crate) fn render(columns: &ColumnSpectra, axis: &FreqAxis, layout: &Layout) -> Canvas {
    let mut canvas = Canvas::new(layout.width, layout.height, BACKGROUND);
    let samplers = row_samplers(layout, axis, columns.n_bins, columns.bin_hz);
    // First pass: dB per plot cell, and the loudest cell.
    let mut cells = vec![0.0f32; layout.plot_w * layout.plot_h];
    let mut top = f32::NEG_INFINITY;
    for x in 0..layout.plot_w.min(columns.n_cols) {
        let spectrum = &columns.power[x * columns.n_bins..][..columns.n_bins];
        for (y, &s) in samplers.iter().enumerate() {
            let db = 10.0 * (sample(spectrum, s) + 1e-20).log10();
            top = top.max(db);
            cells[y * layout.plot_w + x] = db;
        }
    }
    let floor = top - DYNAMIC_RANGE_DB;
    for y in 0..layout.plot_h {
        for x in 0..layout.plot_w {
            let v = if x < columns.n_cols && top.is_finite() {
                (cells[y * layout.plot_w + x] - floor) / DYNAMIC_RANGE_DB
            } else {
                0.0
            };
            canvas.put(layout.plot_x + x, layout.plot_y + y, magma(v));
        }
    }
    draw_frame(&mut canvas, layout);
    draw_freq_ticks(&mut canvas, layout, axis);
    draw_time_ticks(&mut canvas, layout, columns.duration_s);
    canvas
}

fn draw_frame(canvas: &mut Canvas, l: &Layout) {
    let (x0, y0) = (l.plot_x - 1, l.plot_y - 1);
    let (x1, y1) = (l.plot_x + l.plot_w, l.plot_y + l.plot_h);
    for x in x0..=x1 {
        canvas.put(x, y0, INK);
        canvas.put(x, y1, INK);
    }
    for y in y0..=y1 {
        canvas.put(x0, y, INK);
        canvas.put(x1, y, INK);
    }
}

/// A "nice" step (1, 2 or 5 times a power of ten) giving at most about `max_ticks` ticks over `span`.
fn nice_step(span: f64, max_ticks: usize) -> f64 {
    let raw = span / max_ticks.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|&s| s >= raw)
        .unwrap_or(10.0 * mag)
}

/// Formats a number with at most two decimals and no trailing zeros.
fn format_number(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// A frequency tick label: "500", "1k", "2.5k".
pub(crate) fn format_hz(hz: f64) -> String {
    if hz >= 1000.0 {
        format!("{}k", format_number(hz / 1000.0))
    } else {
        format_number(hz)
    }
}

/// Candidate frequencies for tick marks on `axis`, lowest first.
fn freq_tick_candidates(axis: &FreqAxis, plot_h: usize) -> Vec<f64> {
    let (lo, hi) = (axis.lowest_hz(), axis.highest_hz());
    match axis.scale {
        Scale::Linear => {
            let step = nice_step(hi - lo, (plot_h / 40).max(2));
            (0..)
                .map(|i| i as f64 * step)
                .take_while(|&f| f <= hi)
                .collect()
        }
        Scale::Log | Scale::Mel => {
            let mut v = Vec::new();
            let mut decade = 1.0;
            while decade <= hi {
                for m in [1.0, 2.0, 5.0] {
                    let f = m * decade;
                    if f >= lo && f <= hi {
                        v.push(f);
                    }
                }
                decade *= 10.0;
            }
            if axis.scale == Scale::Mel && lo <= 0.0 {
                v.insert(0, 0.0);
            }
            v
        }
    }
}

fn draw_freq_ticks(canvas: &mut Canvas, l: &Layout, axis: &FreqAxis) {
    let label_h = GLYPH_H * FONT_SCALE;
    let mut last_y: Option<usize> = None;
    for f in freq_tick_candidates(axis, l.plot_h) {
        let u = axis.position(f);
        if !(0.0..=1.0).contains(&u) {
            continue;
        }
        let y = l.plot_y + ((1.0 - u) * (l.plot_h - 1) as f64).round() as usize;
        // Skip ticks whose labels would collide with the previous (lower) one.
        if last_y.is_some_and(|p| p < y + label_h + 4) {
            continue;
        }
        last_y = Some(y);
        for dx in 1..=TICK {
            canvas.put(l.plot_x - 1 - dx, y, INK);
        }
        let text = format_hz(f);
        let w = font::text_width(&text, FONT_SCALE);
        let x = (l.plot_x - 2 - TICK - 2).saturating_sub(w);
        let ty = y
            .saturating_sub(label_h / 2)
            .clamp(l.plot_y.saturating_sub(label_h / 2), l.height - label_h);
        font::draw_text(canvas, x, ty, &text, FONT_SCALE, INK);
    }
    font::draw_text(canvas, 2, 2, "Hz", FONT_SCALE, INK);
}

fn draw_time_ticks(canvas: &mut Canvas, l: &Layout, duration_s: f64) {
    if duration_s.is_nan() || duration_s <= 0.0 {
        return;
    }
    let step = nice_step(duration_s, (l.plot_w / 80).max(2));
    let y = l.plot_y + l.plot_h + 1;
    let mut i = 0usize;
    loop {
        let t = i as f64 * step;
        if t > duration_s + 1e-9 {
            break;
        }
        let x = l.plot_x + ((t / duration_s) * l.plot_w as f64).round() as usize;
        for dy in 0..TICK {
            canvas.put(x.min(l.plot_x + l.plot_w), y + dy, INK);
        }
        let text = format!("{}s", format_number(t));
        let w = font::text_width(&text, FONT_SCALE);
        let tx = x.saturating_sub(w / 2).min(l.width.saturating_sub(w + 1));
        font::draw_text(canvas, tx, y + TICK + 2, &text, FONT_SCALE, INK);
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_positions_round_trip_for_every_scale() {
        for scale in [Scale::Linear, Scale::Log, Scale::Mel] {
            let axis = FreqAxis::new(scale, 48_000.0, 2048);
            assert!((axis.position(axis.lowest_hz())).abs() < 1e-9);
            assert!((axis.position(24_000.0) - 1.0).abs() < 1e-9);
            for f in [100.0, 440.0, 1000.0, 7000.0] {
                assert!(
                    (axis.hz(axis.position(f)) - f).abs() < 1e-6 * f,
                    "{scale:?} {f}"
                );
            }
        }
        let log = FreqAxis::new(Scale::Log, 48_000.0, 2048);
        assert!(
            (log.lowest_hz() - 23.4375).abs() < 1e-6,
            "one bin at 48k/2048"
        );
    }

    #[test]
    fn tick_labels() {
        assert_eq!(format_hz(0.0), "0");
        assert_eq!(format_hz(500.0), "500");
        assert_eq!(format_hz(1000.0), "1k");
        assert_eq!(format_hz(2500.0), "2.5k");
        assert_eq!(format_hz(22_050.0), "22.05k");
        assert_eq!(format_number(1.5), "1.5");
        assert_eq!(format_number(10.0), "10");
        assert_eq!(nice_step(60.0, 8), 10.0);
        assert_eq!(nice_step(24_000.0, 10), 5000.0);
        assert_eq!(nice_step(0.9, 4), 0.5);
    }

    #[test]
    fn layout_rejects_tiny_images() {
        assert!(Layout::for_image(60, 60).is_none());
        let l = Layout::for_image(800, 480).unwrap();
        assert_eq!((l.plot_w, l.plot_h), (800 - 70, 480 - 42));
    }

    #[test]
    fn pure_tone_column_lights_the_row_of_its_frequency() {
        // 48 kHz, n_fft 2048: a spectrum with all energy in bin 100 (2343.75 Hz).
        let n_bins = 1025;
        let mut power = vec![1e-12f32; 16 * n_bins];
        for c in 0..16 {
            power[c * n_bins + 100] = 1.0;
        }
        let columns = ColumnSpectra {
            n_cols: 16,
            n_bins,
            bin_hz: 48_000.0 / 2048.0,
            duration_s: 1.0,
            power,
        };
        for scale in [Scale::Linear, Scale::Log, Scale::Mel] {
            let axis = FreqAxis::new(scale, 48_000.0, 2048);
            let layout = Layout::for_image(16 + 70, 300).unwrap();
            let img = render(&columns, &axis, &layout);
            let col = layout.plot_x + 1;
            let bright = (0..layout.plot_h)
                .max_by(|&a, &b| {
                    let la = super::super::colormap::luminance(img.get(col, layout.plot_y + a));
                    let lb = super::super::colormap::luminance(img.get(col, layout.plot_y + b));
                    la.total_cmp(&lb).then(b.cmp(&a))
                })
                .unwrap();
            let f = axis.hz(layout.row_position(bright));
            let row_hz = axis.hz(layout.row_position(bright) + 0.5 / layout.plot_h as f64)
                - axis.hz(layout.row_position(bright) - 0.5 / layout.plot_h as f64);
            assert!(
                (f - 2343.75).abs() <= row_hz.max(48_000.0 / 2048.0),
                "{scale:?}: row at {f} Hz"
            );
        }
    }

    #[test]
    fn png_encodes_and_decodes() {
        let mut c = Canvas::new(5, 3, [10, 20, 30]);
        c.put(4, 2, [1, 2, 3]);
        let bytes = c.to_png().unwrap();
        let dec = png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = dec.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!(
            (info.width, info.height, info.color_type),
            (5, 3, png::ColorType::Rgb)
        );
        assert_eq!(&buf[(2 * 5 + 4) * 3..][..3], &[1, 2, 3]);
        assert_eq!(&buf[..3], &[10, 20, 30]);
    }
}
