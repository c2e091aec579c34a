//! `cadenza record`: run cadenza-rt's recording pipeline (callback -> lock-free rings -> worker
//! -> WAV + JSON-lines log) for a fixed time, from JACK capture ports, a generated tone, or a
//! speech WAV file, and print what the callback and the worker saw.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use cadenza_rt::backend::jack::{JackEngine, JackOptions};
use cadenza_rt::backend::offline::{self, OfflineOptions};
use cadenza_rt::recorder::{self, RecordSummary, RecorderOptions, WorkerOptions};
use cadenza_rt::source::{Source, SourceProcessor};
use cadenza_rt::{EngineOptions, RunReport};

const HELP: &str = "\
usage: cadenza record --seconds S --out FILE.wav [options]

Records through cadenza's real-time engine: the callback meters the signal, runs VAD and
pushes samples and per-period metadata into lock-free rings; a worker thread writes a 32-bit
float WAV (renamed into place when complete) and a JSON-lines log (one record per period).

options:
      --seconds S          how long to record (required)
      --out FILE.wav       output file (required)
      --source SRC         jack (capture from JACK ports, default), tone (generated sine)
                           or speech (a speech WAV given with --input)
      --input FILE.wav     speech file for --source speech
      --backend B          jack (default) or offline (tone/speech only: runs flat out)
      --channels N         channels to record (default 1)
      --connect PORT       JACK port to record from (repeat per channel; default
                           system:capture_1, system:capture_2, ...)
      --generator          with --source jack: also start a tone-generator JACK client and
                           record it (useful on the dummy driver, whose capture is silent)
      --freq HZ            tone frequency (default 440)
      --log FILE.jsonl     metadata log (default: FILE.wav with .jsonl)
  -h, --help               show this help";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SourceKind {
    Jack,
    Tone,
    Speech,
}

#[derive(Debug)]
struct Args {
    seconds: f64,
    out: PathBuf,
    source: SourceKind,
    input: Option<PathBuf>,
    offline: bool,
    channels: usize,
    connect: Vec<String>,
    generator: bool,
    freq: f32,
    log: Option<PathBuf>,
}

fn parse_args(args: Vec<OsString>) -> Result<Option<Args>, String> {
    use lexopt::prelude::*;
    let mut p = lexopt::Parser::from_args(args);
    let (mut seconds, mut out) = (None, None);
    let mut a = Args {
        seconds: 0.0,
        out: PathBuf::new(),
        source: SourceKind::Jack,
        input: None,
        offline: false,
        channels: 1,
        connect: Vec::new(),
        generator: false,
        freq: 440.0,
        log: None,
    };
    fn text(p: &mut lexopt::Parser) -> Result<String, String> {
        p.value()
            .map_err(|e| e.to_string())?
            .into_string()
            .map_err(|v| format!("not UTF-8: {}", v.to_string_lossy()))
    }
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Long("seconds") => {
                let v = text(&mut p)?;
                seconds = Some(
                    v.parse::<f64>()
                        .ok()
                        .filter(|s| *s > 0.0 && s.is_finite())
                        .ok_or(format!("--seconds: expected a positive number, got '{v}'"))?,
                );
            }
            Long("out") | Short('o') => {
                out = Some(PathBuf::from(p.value().map_err(|e| e.to_string())?))
            }
            Long("source") => {
                a.source = match text(&mut p)?.as_str() {
                    "jack" => SourceKind::Jack,
                    "tone" => SourceKind::Tone,
                    "speech" => SourceKind::Speech,
                    other => {
                        return Err(format!(
                            "--source: expected jack, tone or speech, got '{other}'"
                        ));
                    }
                }
            }
            Long("input") => a.input = Some(PathBuf::from(p.value().map_err(|e| e.to_string())?)),
            Long("backend") => {
                a.offline = match text(&mut p)?.as_str() {
                    "jack" => false,
                    "offline" => true,
                    other => {
                        return Err(format!(
                            "--backend: expected jack or offline, got '{other}'"
                        ));
                    }
                }
            }
            Long("channels") => {
                let v = text(&mut p)?;
                a.channels = v
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=cadenza_rt::MAX_CHANNELS).contains(n))
                    .ok_or(format!(
                        "--channels: expected 1..={}, got '{v}'",
                        cadenza_rt::MAX_CHANNELS
                    ))?;
            }
            Long("connect") => a.connect.push(text(&mut p)?),
            Long("generator") => a.generator = true,
            Long("freq") => {
                let v = text(&mut p)?;
                a.freq = v
                    .parse::<f32>()
                    .ok()
                    .filter(|f| *f > 0.0 && f.is_finite())
                    .ok_or(format!("--freq: expected a positive number, got '{v}'"))?;
            }
            Long("log") => a.log = Some(PathBuf::from(p.value().map_err(|e| e.to_string())?)),
            Short('h') | Long("help") => return Ok(None),
            other => return Err(other.unexpected().to_string()),
        }
    }
    a.seconds = seconds.ok_or("--seconds is required")?;
    a.out = out.ok_or("--out is required")?;
    if a.offline && a.source == SourceKind::Jack {
        return Err("--backend offline needs --source tone or speech".into());
    }
    if a.source == SourceKind::Speech && a.input.is_none() {
        return Err("--source speech needs --input FILE.wav (a speech recording)".into());
    }
    Ok(Some(a))
}

/// Loads a speech WAV as mono at `rate` (linear interpolation when the rates differ).
fn load_speech(path: &Path, rate: u32) -> anyhow::Result<Arc<[f32]>> {
    let data = cadenza_rt::wav::read(path)
        .with_context(|| format!("{}: reading speech WAV", path.display()))?;
    let ch = usize::from(data.channels);
    let mono: Vec<f32> = data
        .samples
        .chunks_exact(ch)
        .map(|f| f.iter().sum::<f32>() / ch as f32)
        .collect();
    if mono.is_empty() {
        anyhow::bail!("{}: no samples", path.display());
    }
    if data.sample_rate == rate {
        return Ok(Arc::from(mono));
    }
    let step = f64::from(data.sample_rate) / f64::from(rate);
    let n = ((mono.len() as f64) / step) as usize;
    let out: Vec<f32> = (0..n)
        .map(|i| {
            let x = i as f64 * step;
            let j = x as usize;
            let t = (x - j as f64) as f32;
            let a = mono[j.min(mono.len() - 1)];
            let b = mono[(j + 1).min(mono.len() - 1)];
            a + (b - a) * t
        })
        .collect();
    Ok(Arc::from(out))
}

fn print_result(a: &Args, report: &RunReport, summary: &RecordSummary, log: &Path) {
    println!("{report}");
    println!(
        "recorded {} frames ({:.2} s) to {}; metadata log {}",
        summary.frames_written,
        summary.frames_written as f64 / f64::from(report.config.sample_rate.max(1)),
        a.out.display(),
        log.display()
    );
    println!(
        "periods {}; dropped frames {}; dropped metadata {}; period gaps {}; xrun periods {}",
        summary.periods,
        summary.dropped_frames,
        summary.dropped_metas,
        summary.period_gaps,
        summary.xrun_periods
    );
    println!(
        "peak {:.4}, rms {:.4}; voice in {} periods, {} speech segments",
        summary.peak,
        summary.rms,
        summary.vad_periods,
        summary.speech_segments.len()
    );
}

pub(crate) fn run(args: Vec<OsString>) -> anyhow::Result<ExitCode> {
    let a = match parse_args(args) {
        Ok(Some(a)) => a,
        Ok(None) => {
            println!("{HELP}");
            return Ok(ExitCode::SUCCESS);
        }
        Err(msg) => {
            eprintln!("cadenza record: {msg}\n\n{HELP}");
            return Ok(ExitCode::from(2));
        }
    };
    let log = a
        .log
        .clone()
        .unwrap_or_else(|| a.out.with_extension("jsonl"));
    let worker_opts = WorkerOptions {
        wav_path: a.out.clone(),
        log_path: Some(log.clone()),
        spin: false,
    };

    if a.offline {
        let rate = match &a.input {
            Some(p) if a.source == SourceKind::Speech => {
                cadenza_rt::wav::read(p)
                    .with_context(|| format!("{}", p.display()))?
                    .sample_rate
            }
            _ => 48_000,
        };
        let source = match a.source {
            SourceKind::Speech => Source::Samples(load_speech(
                a.input.as_deref().unwrap_or(Path::new("")),
                rate,
            )?),
            _ => Source::Tone {
                freq_hz: a.freq,
                amplitude: 0.5,
            },
        };
        let period = 256usize;
        let periods = (a.seconds * f64::from(rate) / period as f64).ceil() as u64;
        let (proc_, sink) = recorder::pipeline(&RecorderOptions {
            channels: a.channels,
            source,
            ring_frames: (periods as usize * period).min(1 << 24),
            meta_capacity: (periods as usize).min(1 << 20) + 1,
        });
        let worker = sink
            .spawn_worker(rate, worker_opts)
            .context("starting the writer")?;
        let (_p, report, _) = offline::run(
            proc_,
            OfflineOptions {
                config: offline::config(rate, period, 0, 0),
                periods,
                paced: false,
                input: Vec::new(),
                engine: EngineOptions {
                    timing_capacity: periods as usize + 1,
                    ..EngineOptions::default()
                },
            },
            false,
        );
        let summary = worker.finish().context("writing the recording")?;
        print_result(&a, &report, &summary, &log);
        return Ok(ExitCode::SUCCESS);
    }

    let probe = cadenza_rt::backend::jack::open_client("cadenza-record-probe").context(
        "no JACK server reachable (start one, e.g. scripts/jack-test.sh, or use --backend offline)",
    )?;
    let rate = probe.sample_rate();
    drop(probe);
    let source = match a.source {
        SourceKind::Jack => Source::Input,
        SourceKind::Tone => Source::Tone {
            freq_hz: a.freq,
            amplitude: 0.5,
        },
        SourceKind::Speech => Source::Samples(load_speech(
            a.input.as_deref().unwrap_or(Path::new("")),
            rate,
        )?),
    };
    let generator = if a.source == SourceKind::Jack && a.generator {
        Some(JackEngine::start(
            SourceProcessor::new(Source::Tone {
                freq_hz: a.freq,
                amplitude: 0.5,
            }),
            &JackOptions {
                client_name: "cadenza-generator".into(),
                outputs: a.channels,
                ..JackOptions::default()
            },
        )?)
    } else {
        None
    };
    let connect_inputs = if a.source != SourceKind::Jack {
        Vec::new()
    } else if let Some(g) = &generator {
        g.output_port_names().to_vec()
    } else if a.connect.is_empty() {
        (1..=a.channels)
            .map(|i| format!("system:capture_{i}"))
            .collect()
    } else {
        a.connect.clone()
    };
    let (proc_, sink) = recorder::pipeline(&RecorderOptions {
        channels: a.channels,
        source,
        ring_frames: rate as usize * 10,
        meta_capacity: 8192,
    });
    let periods_expected = (a.seconds * f64::from(rate) / 64.0) as usize + 1024;
    let engine = JackEngine::start(
        proc_,
        &JackOptions {
            client_name: "cadenza-record".into(),
            inputs: if a.source == SourceKind::Jack {
                a.channels
            } else {
                0
            },
            outputs: a.channels,
            connect_inputs,
            engine: EngineOptions {
                timing_capacity: periods_expected,
                ..EngineOptions::default()
            },
            ..JackOptions::default()
        },
    )?;
    let worker = sink
        .spawn_worker(engine.config().sample_rate, worker_opts)
        .context("starting the writer")?;
    std::thread::sleep(Duration::from_secs_f64(a.seconds));
    let (_p, report) = engine.stop()?;
    let summary = worker.finish().context("writing the recording")?;
    if let Some(g) = generator {
        g.stop()?;
    }
    print_result(&a, &report, &summary, &log);
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(v: &[&str]) -> Vec<OsString> {
        v.iter().map(OsString::from).collect()
    }

    #[test]
    fn usage_errors_are_reported_not_guessed() {
        assert!(
            parse_args(args(&["--out", "x.wav"]))
                .unwrap_err()
                .contains("--seconds")
        );
        assert!(
            parse_args(args(&["--seconds", "1"]))
                .unwrap_err()
                .contains("--out")
        );
        assert!(parse_args(args(&["--seconds", "-1", "--out", "x.wav"])).is_err());
        assert!(
            parse_args(args(&[
                "--seconds",
                "1",
                "--out",
                "x.wav",
                "--source",
                "speech"
            ]))
            .unwrap_err()
            .contains("--input")
        );
        assert!(
            parse_args(args(&[
                "--seconds",
                "1",
                "--out",
                "x.wav",
                "--backend",
                "offline"
            ]))
            .is_err()
        );
        let a = parse_args(args(&[
            "--seconds",
            "2.5",
            "--out",
            "x.wav",
            "--source",
            "tone",
            "--backend",
            "offline",
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(
            (a.seconds, a.source, a.offline),
            (2.5, SourceKind::Tone, true)
        );
    }

    #[test]
    fn offline_tone_recording_writes_a_complete_wav_and_log() {
        let dir = std::env::temp_dir().join(format!("cadenza-cli-record-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let out = dir.join("tone.wav");
        let code = run(args(&[
            "--seconds",
            "0.5",
            "--out",
            out.to_str().unwrap(),
            "--source",
            "tone",
            "--backend",
            "offline",
        ]))
        .unwrap();
        assert_eq!(code, ExitCode::SUCCESS);
        let data = cadenza_rt::wav::read(&out).unwrap();
        // 0.5 s at 48 kHz rounded up to whole 256-frame periods.
        assert_eq!(data.samples.len(), 94 * 256);
        let peak = data.samples.iter().fold(0.0f32, |m, s| m.max(s.abs()));
        assert!((peak - 0.5).abs() < 1e-3, "peak {peak}");
        let lines = std::fs::read_to_string(dir.join("tone.jsonl")).unwrap();
        assert_eq!(
            lines
                .lines()
                .filter(|l| l.starts_with("{\"period\""))
                .count(),
            94
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
