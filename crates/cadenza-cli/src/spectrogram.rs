//! `cadenza spectrogram FILE -o OUT.png`: decode audio, run cadenza-fft's STFT,
//! and draw a labelled spectrogram PNG.
//!
//! The work is split so each step can be tested on its own: `decode` turns a
//! file into mono samples, [`analyse`] runs the STFT and reduces frames to one
//! power spectrum per image column (memory stays `columns × bins` however long
//! the file), `render` draws, `colormap` and `font` are the drawing assets.

mod colormap;
mod decode;
mod font;
mod render;

#[cfg(test)]
mod chirp_tests;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use cadenza_fft::Planner;
use cadenza_fft::stft::{Centre, Stft};
use cadenza_fft::window::Window;

use render::{Canvas, ColumnSpectra, FreqAxis, Layout, Scale};

const HELP: &str = "\
usage: cadenza spectrogram FILE -o OUT.png [options]

Renders a spectrogram of an audio file (MP1/2/3, FLAC, Ogg Vorbis, WAV, AAC/MP4, MKV)
as a PNG with a frequency axis (Hz) and a time axis (seconds).

options:
  -o, --output OUT.png     where to write the image (required)
      --fft N              FFT length in samples (default 2048; 16..=65536)
      --hop N              hop between frames in samples (default 512)
      --scale SCALE        frequency axis: log, linear or mel (default log)
      --width W            image width in pixels (default: one column per frame, 480..1600)
      --height H           image height in pixels (default 480)
  -h, --help               show this help";

/// What to draw, independent of where the samples came from.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Options {
    /// FFT length.
    pub(crate) fft: usize,
    /// Hop in samples.
    pub(crate) hop: usize,
    /// Frequency axis spacing.
    pub(crate) scale: Scale,
    /// Image width, or `None` for the default.
    pub(crate) width: Option<usize>,
    /// Image height, or `None` for the default.
    pub(crate) height: Option<usize>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            fft: 2048,
            hop: 512,
            scale: Scale::Log,
            width: None,
            height: None,
        }
    }
}

/// The rendered picture with the geometry needed to read it back.
pub(crate) struct Rendered {
    /// The image.
    pub(crate) canvas: Canvas,
    /// Where the plot sits.
    #[cfg_attr(not(test), allow(dead_code, reason = "read back by the chirp test"))]
    pub(crate) layout: Layout,
    /// Row ↔ frequency mapping of the plot.
    #[cfg_attr(not(test), allow(dead_code, reason = "read back by the chirp test"))]
    pub(crate) axis: FreqAxis,
    /// STFT frames per image column (fractional when columns repeat frames).
    #[cfg_attr(not(test), allow(dead_code, reason = "read back by the chirp test"))]
    pub(crate) frames_per_column: f64,
}

pub(crate) fn run(args: Vec<OsString>) -> anyhow::Result<ExitCode> {
    let (input, output, opts) = match parse_args(args) {
        Ok(Some(parsed)) => parsed,
        Ok(None) => {
            println!("{HELP}");
            return Ok(ExitCode::SUCCESS);
        }
        Err(msg) => {
            eprintln!("cadenza spectrogram: {msg}\n\n{HELP}");
            return Ok(ExitCode::from(2));
        }
    };
    let audio = decode::decode_file(&input)
        .map_err(|reason| anyhow::anyhow!("{}: {reason}", input.display()))?;
    if let Some(w) = &audio.warning {
        eprintln!(
            "cadenza spectrogram: warning: {}: {w}; drawing the audio decoded around it",
            input.display()
        );
    }
    let rendered = spectrogram_image(&audio.samples, audio.sample_rate, &opts)
        .map_err(|reason| anyhow::anyhow!("{}: {reason}", input.display()))?;
    let png = rendered
        .canvas
        .to_png()
        .with_context(|| format!("{}: encoding PNG", output.display()))?;
    std::fs::write(&output, png).with_context(|| format!("{}", output.display()))?;
    Ok(ExitCode::SUCCESS)
}

/// Parses the arguments; `Ok(None)` means `--help`.
fn parse_args(args: Vec<OsString>) -> Result<Option<(PathBuf, PathBuf, Options)>, String> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_args(args);
    let mut input = None;
    let mut output = None;
    let mut opts = Options::default();
    let number = |p: &mut lexopt::Parser, name: &str| -> Result<usize, String> {
        let v = p.value().map_err(|e| e.to_string())?;
        v.to_str()
            .and_then(|s| s.parse::<usize>().ok())
            .ok_or_else(|| {
                format!(
                    "--{name}: expected a positive integer, got '{}'",
                    v.to_string_lossy()
                )
            })
    };
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Short('h') | Long("help") => return Ok(None),
            Short('o') | Long("output") => {
                output = Some(PathBuf::from(parser.value().map_err(|e| e.to_string())?))
            }
            Long("fft") => opts.fft = number(&mut parser, "fft")?,
            Long("hop") => opts.hop = number(&mut parser, "hop")?,
            Long("width") => opts.width = Some(number(&mut parser, "width")?),
            Long("height") => opts.height = Some(number(&mut parser, "height")?),
            Long("scale") => {
                let v = parser.value().map_err(|e| e.to_string())?;
                opts.scale = match v.to_str() {
                    Some("log") => Scale::Log,
                    Some("linear") => Scale::Linear,
                    Some("mel") => Scale::Mel,
                    _ => {
                        return Err(format!(
                            "--scale: expected log, linear or mel, got '{}'",
                            v.to_string_lossy()
                        ));
                    }
                };
            }
            Value(v) if input.is_none() => input = Some(PathBuf::from(v)),
            other => return Err(other.unexpected().to_string()),
        }
    }
    let input = input.ok_or("missing input FILE")?;
    let output = output.ok_or("missing -o OUT.png")?;
    if !(16..=65_536).contains(&opts.fft) {
        return Err(format!(
            "--fft must be between 16 and 65536, got {}",
            opts.fft
        ));
    }
    if !(1..=1 << 20).contains(&opts.hop) {
        return Err(format!(
            "--hop must be between 1 and 1048576, got {}",
            opts.hop
        ));
    }
    for (name, v) in [("width", opts.width), ("height", opts.height)] {
        if let Some(v) = v
            && !(100..=16_384).contains(&v)
        {
            return Err(format!("--{name} must be between 100 and 16384, got {v}"));
        }
    }
    Ok(Some((input, output, opts)))
}

/// The whole pipeline after decoding: STFT, column reduction, drawing. `Err`
/// is a one-line reason.
pub(crate) fn spectrogram_image(
    samples: &[f32],
    sample_rate: u32,
    opts: &Options,
) -> Result<Rendered, String> {
    if sample_rate == 0 {
        return Err("sample rate is zero".into());
    }
    let planner = Planner::new();
    let mut stft = Stft::<f32>::with_window(
        &planner,
        Window::Hann,
        opts.fft,
        opts.hop,
        Centre::ReflectPad,
    )
    .map_err(|e| e.to_string())?;
    let n_frames = stft.n_frames(samples.len());
    let width = opts
        .width
        .unwrap_or_else(|| Layout::default_width(n_frames));
    let height = opts.height.unwrap_or(Layout::DEFAULT_HEIGHT);
    let layout = Layout::for_image(width, height)
        .ok_or_else(|| format!("image {width}x{height} is too small"))?;
    let columns = analyse(&mut stft, samples, sample_rate, layout.plot_w);
    let axis = FreqAxis::new(opts.scale, f64::from(sample_rate), opts.fft);
    let canvas = render::render(&columns, &axis, &layout);
    Ok(Rendered {
        canvas,
        layout,
        axis,
        frames_per_column: n_frames as f64 / layout.plot_w as f64,
    })
}

/// Frames processed per STFT call while reducing to columns.
const FRAME_BLOCK: usize = 64;

/// Runs the STFT over `samples` and keeps, for each of `n_cols` columns, the
/// per-bin maximum power of the frames that fall in it (so short events stay
/// visible when many frames share a column). With fewer frames than columns,
/// column `c` repeats frame `⌊c·n_frames/n_cols⌋`.
pub(crate) fn analyse(
    stft: &mut Stft<f32>,
    samples: &[f32],
    sample_rate: u32,
    n_cols: usize,
) -> ColumnSpectra {
    let nb = stft.n_bins();
    let n_frames = stft.n_frames(samples.len());
    let mut power = vec![0.0f32; n_cols * nb];
    let mut block = vec![0.0f32; FRAME_BLOCK * nb];
    let mut frame = 0;
    while frame < n_frames {
        let k = FRAME_BLOCK.min(n_frames - frame);
        stft.process_frames_power(samples, frame, &mut block[..k * nb]);
        for (j, row) in block[..k * nb].chunks_exact(nb).enumerate() {
            let f = frame + j;
            let cols = if n_frames >= n_cols {
                let c = f * n_cols / n_frames;
                c..c + 1
            } else {
                // Columns c with ⌊c·n_frames/n_cols⌋ == f.
                let lo = (f * n_cols).div_ceil(n_frames);
                let hi = ((f + 1) * n_cols).div_ceil(n_frames).min(n_cols);
                lo..hi
            };
            for c in cols {
                for (p, &v) in power[c * nb..(c + 1) * nb].iter_mut().zip(row) {
                    *p = p.max(v);
                }
            }
        }
        frame += k;
    }
    ColumnSpectra {
        n_cols,
        n_bins: nb,
        bin_hz: f64::from(sample_rate) / stft.n_fft() as f64,
        duration_s: n_frames as f64 * stft.hop() as f64 / f64::from(sample_rate),
        power,
    }
}
