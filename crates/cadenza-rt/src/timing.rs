//! Per-period timing samples recorded inside the callback into preallocated arrays, and the
//! statistics computed from them after the run.
//!
//! Recording is three array stores and an index increment; sorting and percentiles happen only
//! in [`TimingLog::summary`], off the real-time path.

use std::fmt;

/// Preallocated per-period timing samples (nanoseconds, saturated to `u32`).
#[derive(Clone, Debug)]
pub struct TimingLog {
    period_ns: Vec<u32>,
    lateness_ns: Vec<i32>,
    busy_ns: Vec<u32>,
    len: usize,
    dropped: u64,
    has_lateness: bool,
    last_entry_ns: Option<u64>,
}

/// A zeroed vector whose pages have all been written once. `vec![0; n]` would come from
/// `calloc`, i.e. untouched zero pages that fault on the first write, inside the callback.
fn prefaulted<T: Copy + Default>(len: usize) -> Vec<T> {
    let mut v = vec![T::default(); len];
    let per_page = (4096 / std::mem::size_of::<T>().max(1)).max(1);
    for i in (0..len).step_by(per_page) {
        std::hint::black_box(&mut v[..])[i] = T::default();
    }
    v
}

fn sat_u32(v: u64) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

fn sat_i32(v: i64) -> i32 {
    v.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
}

impl TimingLog {
    /// Creates a log able to hold `capacity` periods without allocating, with every page
    /// already written (so recording never page-faults in the callback).
    pub fn with_capacity(capacity: usize) -> Self {
        TimingLog {
            period_ns: prefaulted(capacity),
            lateness_ns: prefaulted(capacity),
            busy_ns: prefaulted(capacity),
            len: 0,
            dropped: 0,
            has_lateness: false,
            last_entry_ns: None,
        }
    }

    /// Records one callback: its entry time, its lateness against the cycle start (when the
    /// backend knows it; negative when the backend's cycle-start estimate lies after the entry)
    /// and the time spent inside the callback. Never allocates; once full,
    /// further periods are only counted in [`TimingLog::dropped`].
    #[inline]
    pub fn record(&mut self, entry_ns: u64, lateness_ns: Option<i64>, busy_ns: u64) {
        let previous = self.last_entry_ns.replace(entry_ns);
        // The first callback has no preceding entry, so it contributes no period sample.
        let Some(previous) = previous else { return };
        if self.len >= self.period_ns.len() {
            self.dropped += 1;
            return;
        }
        let i = self.len;
        self.period_ns[i] = sat_u32(entry_ns.saturating_sub(previous));
        if let Some(late) = lateness_ns {
            self.lateness_ns[i] = sat_i32(late);
            self.has_lateness = true;
        }
        self.busy_ns[i] = sat_u32(busy_ns);
        self.len += 1;
    }

    /// Number of periods stored.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when no period was stored.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Periods that arrived after the log was full.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    /// Statistics over the stored periods.
    pub fn summary(&self) -> TimingSummary {
        TimingSummary {
            samples: self.len,
            period: Stats::of(&self.period_ns[..self.len]),
            lateness: self
                .has_lateness
                .then(|| Stats::of(&self.lateness_ns[..self.len])),
            busy: Stats::of(&self.busy_ns[..self.len]),
        }
    }
}

/// Distribution of one timing quantity, in microseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Stats {
    /// Median.
    pub p50: f64,
    /// 99th percentile.
    pub p99: f64,
    /// 99.9th percentile.
    pub p999: f64,
    /// Largest value.
    pub max: f64,
    /// Arithmetic mean.
    pub mean: f64,
    /// Population standard deviation.
    pub stddev: f64,
}

impl Stats {
    /// Computes the statistics of nanosecond samples, reported in microseconds.
    pub fn of<T: Copy + Ord + Into<f64>>(samples_ns: &[T]) -> Stats {
        if samples_ns.is_empty() {
            return Stats::default();
        }
        let mut sorted = samples_ns.to_vec();
        sorted.sort_unstable();
        let pick = |q: f64| {
            // Nearest-rank percentile.
            let rank = (q * sorted.len() as f64).ceil() as usize;
            Into::<f64>::into(sorted[rank.clamp(1, sorted.len()) - 1]) / 1000.0
        };
        let n = sorted.len() as f64;
        let mean = sorted.iter().map(|&v| Into::<f64>::into(v)).sum::<f64>() / n;
        let var = sorted
            .iter()
            .map(|&v| (Into::<f64>::into(v) - mean).powi(2))
            .sum::<f64>()
            / n;
        Stats {
            p50: pick(0.50),
            p99: pick(0.99),
            p999: pick(0.999),
            max: Into::<f64>::into(sorted[sorted.len() - 1]) / 1000.0,
            mean: mean / 1000.0,
            stddev: var.sqrt() / 1000.0,
        }
    }
}

/// Statistics of a whole run.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TimingSummary {
    /// Number of period samples the statistics cover.
    pub samples: usize,
    /// Time between consecutive callback entries.
    pub period: Stats,
    /// Callback entry time minus the backend's cycle start, when the backend reports one.
    pub lateness: Option<Stats>,
    /// Time spent inside the callback (processor plus engine bookkeeping).
    pub busy: Stats,
}

impl fmt::Display for Stats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:>9.1} {:>9.1} {:>9.1} {:>9.1} {:>9.1} {:>9.1}",
            self.p50, self.p99, self.p999, self.max, self.mean, self.stddev
        )
    }
}

impl fmt::Display for TimingSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<22} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}",
            "(microseconds)", "p50", "p99", "p99.9", "max", "mean", "stddev"
        )?;
        writeln!(f, "{:<22} {}", "callback period", self.period)?;
        match &self.lateness {
            Some(l) => writeln!(f, "{:<22} {}", "lateness vs cycle", l)?,
            None => writeln!(f, "{:<22} {:>9}", "lateness vs cycle", "n/a")?,
        }
        write!(f, "{:<22} {}", "time in callback", self.busy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_nearest_rank() {
        let samples: Vec<u32> = (1..=1000).map(|v| v * 1000).collect();
        let s = Stats::of(&samples);
        assert_eq!(s.p50, 500.0);
        assert_eq!(s.p99, 990.0);
        assert_eq!(s.p999, 999.0);
        assert_eq!(s.max, 1000.0);
        assert!((s.mean - 500.5).abs() < 1e-9);
    }

    #[test]
    fn first_callback_has_no_period_and_full_log_counts_drops() {
        let mut log = TimingLog::with_capacity(2);
        log.record(1_000, Some(5), 10);
        log.record(3_000, Some(7), 20);
        log.record(6_000, Some(-4_000), 30);
        log.record(7_000, None, 30);
        assert_eq!(log.len(), 2);
        assert_eq!(log.dropped(), 1);
        let s = log.summary();
        assert_eq!(s.period.max, 3.0);
        assert_eq!(s.busy.p50, 0.02);
        // Lateness may be negative (JACK's cycle-start estimate after the callback entry).
        assert_eq!(s.lateness.unwrap().p50, -4.0);
    }
}
