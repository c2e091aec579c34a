//! `cadenza rt-stats`: timed runs of cadenza's real-time engine on a JACK server, printing
//! callback period, lateness against JACK's cycle start, time inside the callback, xruns and
//! allocator calls seen on the callback thread; optionally alternating with a trivial client
//! (plain JACK or cpal on the same server) for a side-by-side comparison.
//!
//! This module also installs cadenza-rt's counting global allocator for the binary, which is
//! what makes "allocator calls on the callback thread" a measured number.

use std::ffi::OsString;
use std::process::ExitCode;

use cadenza_rt::alloc_guard::{self, CountingAlloc};
use cadenza_rt::measure::{self, BusyLoop, Client, MeasureOptions, Measured, Workload};
use cadenza_rt::rt_thread::RtRequest;
use cadenza_rt::timing::Stats;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

const HELP: &str = "\
usage: cadenza rt-stats --seconds S [options]

Runs cadenza's real-time engine on the running JACK server for S seconds and prints callback
timing statistics (microseconds): period between callbacks, lateness of the callback against
JACK's cycle start, time spent inside the callback; plus xruns and allocator calls made on the
callback thread.

options:
      --seconds S          length of each run (required)
      --rate R             expected sample rate (default 48000; must match the server)
      --period N           frames per period (default 128; the server's is changed to it)
      --backend B          jack (default) or cpal (cpal's JACK host on the same server)
      --workload W         cadenza (recording pipeline: tone, meters, VAD, rings, WAV
                           writer; default) or trivial (writes silence)
      --compare-cpal       alternate with a trivial cpal client on the same server
      --compare-trivial    alternate with a trivial plain-JACK client
      --rounds N           alternating rounds (default 1)
      --channels N         output channels (default 2)
      --busy-worker        the recording worker busy-polls instead of sleeping
      --load-cpu N         spin a busy loop pinned to CPU N during the runs
      --fifo PRIO          request SCHED_FIFO PRIO for the callback thread
      --cpu N              pin the callback thread to CPU N
      --mlockall           lock the process's memory
  -h, --help               show this help";

#[derive(Debug)]
struct Args {
    base: MeasureOptions,
    compare_cpal: bool,
    compare_trivial: bool,
    rounds: usize,
    load_cpu: Option<usize>,
}

fn parse_args(args: Vec<OsString>) -> Result<Option<Args>, String> {
    use lexopt::prelude::*;
    let mut p = lexopt::Parser::from_args(args);
    let mut seconds = None;
    let mut a = Args {
        base: MeasureOptions {
            client: Client::Jack,
            workload: Workload::Cadenza,
            seconds: 0.0,
            sample_rate: 48_000,
            period: 128,
            channels: 2,
            busy_worker: false,
            scratch_dir: std::env::temp_dir(),
            rt: RtRequest::default(),
        },
        compare_cpal: false,
        compare_trivial: false,
        rounds: 1,
        load_cpu: None,
    };
    fn text(p: &mut lexopt::Parser) -> Result<String, String> {
        p.value()
            .map_err(|e| e.to_string())?
            .into_string()
            .map_err(|v| format!("not UTF-8: {}", v.to_string_lossy()))
    }
    fn int(
        p: &mut lexopt::Parser,
        name: &str,
        range: std::ops::RangeInclusive<usize>,
    ) -> Result<usize, String> {
        let v = text(p)?;
        v.parse::<usize>()
            .ok()
            .filter(|n| range.contains(n))
            .ok_or(format!(
                "--{name}: expected {}..={}, got '{v}'",
                range.start(),
                range.end()
            ))
    }
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Long("seconds") => {
                let v = text(&mut p)?;
                seconds = Some(
                    v.parse::<f64>()
                        .ok()
                        .filter(|s| *s > 0.0 && *s <= 86_400.0)
                        .ok_or(format!("--seconds: expected a positive number, got '{v}'"))?,
                );
            }
            Long("rate") => a.base.sample_rate = int(&mut p, "rate", 1000..=768_000)? as u32,
            Long("period") => a.base.period = int(&mut p, "period", 16..=8192)?,
            Long("backend") => {
                a.base.client = match text(&mut p)?.as_str() {
                    "jack" => Client::Jack,
                    #[cfg(feature = "cpal")]
                    "cpal" => Client::Cpal,
                    #[cfg(not(feature = "cpal"))]
                    "cpal" => return Err(NO_CPAL.to_string()),
                    other => {
                        return Err(format!("--backend: expected jack or cpal, got '{other}'"));
                    }
                }
            }
            Long("workload") => {
                a.base.workload = match text(&mut p)?.as_str() {
                    "cadenza" => Workload::Cadenza,
                    "trivial" => Workload::Trivial,
                    other => {
                        return Err(format!(
                            "--workload: expected cadenza or trivial, got '{other}'"
                        ));
                    }
                }
            }
            Long("compare-cpal") if cfg!(feature = "cpal") => a.compare_cpal = true,
            Long("compare-cpal") => return Err(NO_CPAL.to_string()),
            Long("compare-trivial") => a.compare_trivial = true,
            Long("rounds") => a.rounds = int(&mut p, "rounds", 1..=1000)?,
            Long("channels") => {
                a.base.channels = int(&mut p, "channels", 1..=cadenza_rt::MAX_CHANNELS)?
            }
            Long("busy-worker") => a.base.busy_worker = true,
            Long("load-cpu") => a.load_cpu = Some(int(&mut p, "load-cpu", 0..=1023)?),
            Long("fifo") => a.base.rt.fifo_priority = Some(int(&mut p, "fifo", 1..=99)? as i32),
            Long("cpu") => a.base.rt.cpu = Some(int(&mut p, "cpu", 0..=1023)?),
            Long("mlockall") => a.base.rt.mlockall = true,
            Short('h') | Long("help") => return Ok(None),
            other => return Err(other.unexpected().to_string()),
        }
    }
    a.base.seconds = seconds.ok_or("--seconds is required")?;
    Ok(Some(a))
}

/// Why cpal options fail in a build without the `cpal` feature.
const NO_CPAL: &str = "this cadenza was built without the cpal backend \
(build with `--features cpal`, which needs libasound2-dev)";

fn label(opts: &MeasureOptions) -> String {
    let client = match opts.client {
        Client::Jack => "jack",
        #[cfg(feature = "cpal")]
        Client::Cpal => "cpal",
    };
    let work = match opts.workload {
        Workload::Cadenza => "cadenza",
        Workload::Trivial => "trivial",
    };
    format!("{work}/{client}")
}

/// Machine state around a run: the 1-minute load average and the CPU time the hypervisor
/// took from this VM (`steal` in /proc/stat), so noisy runs can be told apart.
#[derive(Clone, Copy, Debug, Default)]
struct MachineState {
    load1: f64,
    steal_ticks: u64,
}

impl MachineState {
    fn now() -> Self {
        let load1 = std::fs::read_to_string("/proc/loadavg")
            .ok()
            .and_then(|s| s.split_whitespace().next()?.parse().ok())
            .unwrap_or(f64::NAN);
        let steal_ticks = std::fs::read_to_string("/proc/stat")
            .ok()
            .and_then(|s| {
                let cpu = s.lines().next()?;
                cpu.split_whitespace().nth(8)?.parse().ok()
            })
            .unwrap_or(0);
        MachineState { load1, steal_ticks }
    }
}

fn quad(s: &Stats) -> String {
    format!(
        "{:>7.0} {:>7.0} {:>7.0} {:>7.0}",
        s.p50, s.p99, s.p999, s.max
    )
}

fn row(
    name: &str,
    round: usize,
    m: &Measured,
    before: MachineState,
    after: MachineState,
) -> String {
    let r = &m.report;
    let late = r
        .timing
        .lateness
        .map_or_else(|| format!("{:>31}", "n/a"), |l| quad(&l));
    let busy = &r.timing.busy;
    let allocs = if r.allocator_counted {
        r.rt_allocator_calls.to_string()
    } else {
        "n/c".into()
    };
    let dropped = m
        .recording
        .as_ref()
        .map_or_else(|| "-".into(), |s| s.dropped_frames.to_string());
    let (faults, preempted) = r.callback_thread.map_or_else(
        || ("n/a".into(), "n/a".into()),
        |c| {
            (
                c.minor_faults.to_string(),
                c.involuntary_switches.to_string(),
            )
        },
    );
    format!(
        "{name:<16} {round:>3} {:>7} | {} | {} | {:>6.1} {:>6.1} {:>6.1} {:>6.1} | {:>5} {:>6} {:>7} | {:>6} {:>6} | {:>4.1}-{:<4.1} {:>5}",
        r.periods,
        quad(&r.timing.period),
        late,
        busy.p50,
        busy.p99,
        busy.p999,
        busy.max,
        r.xruns,
        allocs,
        dropped,
        faults,
        preempted,
        before.load1,
        after.load1,
        after.steal_ticks.saturating_sub(before.steal_ticks)
    )
}

const TABLE_HEAD: &str = "\
                              |  callback period (us)           |  lateness vs JACK cycle (us)    |  in-callback (us)           |                      | callback thread | machine
run              rnd periods  |     p50     p99   p99.9     max |     p50     p99   p99.9     max |    p50    p99  p99.9    max | xruns allocs dropped | minflt  invcs | load1     steal";

pub(crate) fn run(args: Vec<OsString>) -> anyhow::Result<ExitCode> {
    let a = match parse_args(args) {
        Ok(Some(a)) => a,
        Ok(None) => {
            println!("{HELP}");
            return Ok(ExitCode::SUCCESS);
        }
        Err(msg) => {
            eprintln!("cadenza rt-stats: {msg}\n\n{HELP}");
            return Ok(ExitCode::from(2));
        }
    };
    if !alloc_guard::installed() {
        anyhow::bail!("the counting allocator is not installed");
    }
    // Count rather than abort, so a stray allocation shows up in the table.
    alloc_guard::set_policy(alloc_guard::Policy::Count);
    let mut plan: Vec<MeasureOptions> = vec![a.base.clone()];
    if a.compare_trivial {
        plan.push(MeasureOptions {
            client: Client::Jack,
            workload: Workload::Trivial,
            ..a.base.clone()
        });
    }
    #[cfg(feature = "cpal")]
    if a.compare_cpal {
        plan.push(MeasureOptions {
            client: Client::Cpal,
            workload: Workload::Trivial,
            ..a.base.clone()
        });
    }
    let _load = a.load_cpu.map(|cpu| BusyLoop::start(Some(cpu)));
    let mut rows = Vec::new();
    for round in 1..=a.rounds {
        for opts in &plan {
            let name = label(opts);
            eprintln!(
                "== {name}, round {round}: {} s at {} Hz / {} frames",
                opts.seconds, opts.sample_rate, opts.period
            );
            let before = MachineState::now();
            let m = measure::measure(opts)?;
            let after = MachineState::now();
            println!(
                "-- {name} (round {round}); load average {:.2} -> {:.2}, steal {} ticks\n{}",
                before.load1,
                after.load1,
                after.steal_ticks.saturating_sub(before.steal_ticks),
                m.report
            );
            if let Some(s) = &m.recording {
                println!(
                    "worker: {} frames written, {} dropped, {} metadata dropped, {} voiced periods",
                    s.frames_written, s.dropped_frames, s.dropped_metas, s.vad_periods
                );
                if let Some(w) = &s.worker_thread {
                    println!("worker thread {w}");
                }
            }
            println!();
            rows.push(row(&name, round, &m, before, after));
        }
    }
    println!("{TABLE_HEAD}");
    for r in &rows {
        println!("{r}");
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_options() {
        let v = |s: &[&str]| s.iter().map(OsString::from).collect::<Vec<_>>();
        let a = parse_args(v(&["--seconds", "2", "--period", "64", "--rounds", "3"]))
            .unwrap()
            .unwrap();
        assert_eq!(
            (a.base.seconds, a.base.period, a.compare_cpal, a.rounds),
            (2.0, 64, false, 3)
        );
        let cpal = parse_args(v(&["--seconds", "2", "--compare-cpal"]));
        assert_eq!(cpal.is_ok(), cfg!(feature = "cpal"), "{cpal:?}");
        assert!(parse_args(v(&["--period", "64"])).is_err());
        assert!(parse_args(v(&["--seconds", "1", "--backend", "alsa"])).is_err());
    }
}
