//! What the kernel did to a thread: page faults, context switches and CPU time, read from
//! `/proc/self/task/<tid>/{stat,status}` after a run (never from the callback). A callback that
//! never faults and is never preempted shows `minor_faults` ~ constant start-up cost and
//! `involuntary_switches` ~ 0; anything more is time the kernel took inside the callback.

use std::fmt;

/// Kernel counters of one thread since it started.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ThreadCounters {
    /// Kernel thread id.
    pub tid: i32,
    /// Minor page faults (no I/O: first touch of a page, copy-on-write).
    pub minor_faults: u64,
    /// Major page faults (the page had to be read from disk).
    pub major_faults: u64,
    /// Times the thread gave up the CPU itself (blocked, slept).
    pub voluntary_switches: u64,
    /// Times the thread was preempted.
    pub involuntary_switches: u64,
    /// CPU time in user mode, microseconds.
    pub user_us: u64,
    /// CPU time in kernel mode, microseconds.
    pub system_us: u64,
}

impl fmt::Display for ThreadCounters {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "tid {}: {} minor / {} major page faults, {} voluntary / {} involuntary context switches, cpu {:.3} s user / {:.3} s system",
            self.tid,
            self.minor_faults,
            self.major_faults,
            self.voluntary_switches,
            self.involuntary_switches,
            self.user_us as f64 / 1e6,
            self.system_us as f64 / 1e6
        )
    }
}

/// Kernel thread id of the calling thread (a system call: not for the callback path).
pub fn current_tid() -> i32 {
    // SAFETY: gettid has no arguments and cannot fail.
    unsafe { libc::gettid() }
}

fn ticks_per_second() -> u64 {
    // SAFETY: sysconf only reads a configuration value.
    let t = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    if t > 0 { t as u64 } else { 100 }
}

/// Parses the fields after the `(comm)` of a `/proc/.../stat` line: returns (policy, counters).
fn parse_stat(stat: &str, tid: i32) -> Option<(u32, ThreadCounters)> {
    // comm may contain spaces and parentheses: the fields start after the last ')'.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // `rest` starts at field 3 (state); field k of proc(5) is fields[k - 3].
    let field = |k: usize| fields.get(k - 3).and_then(|v| v.parse::<u64>().ok());
    let us_per_tick = 1_000_000 / ticks_per_second();
    let counters = ThreadCounters {
        tid,
        minor_faults: field(10)?,
        major_faults: field(12)?,
        user_us: field(14)? * us_per_tick,
        system_us: field(15)? * us_per_tick,
        ..ThreadCounters::default()
    };
    Some((field(41)? as u32, counters))
}

fn status_value(status: &str, key: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.trim_start_matches(':').trim().parse().ok())
}

fn read_with_policy(tid: i32) -> Option<(u32, ThreadCounters)> {
    let dir = format!("/proc/self/task/{tid}");
    let stat = std::fs::read_to_string(format!("{dir}/stat")).ok()?;
    let (policy, mut c) = parse_stat(&stat, tid)?;
    if let Ok(status) = std::fs::read_to_string(format!("{dir}/status")) {
        c.voluntary_switches = status_value(&status, "voluntary_ctxt_switches").unwrap_or(0);
        c.involuntary_switches = status_value(&status, "nonvoluntary_ctxt_switches").unwrap_or(0);
    }
    Some((policy, c))
}

/// Counters of thread `tid` of this process, if it still exists.
pub fn read(tid: i32) -> Option<ThreadCounters> {
    read_with_policy(tid).map(|(_, c)| c)
}

/// Counters of every thread of this process running under SCHED_FIFO or SCHED_RR (how the
/// callback thread of a backend that gives no thread-start hook, like cpal's, is found).
pub fn realtime_threads() -> Vec<ThreadCounters> {
    let Ok(dir) = std::fs::read_dir("/proc/self/task") else {
        return Vec::new();
    };
    let mut out: Vec<ThreadCounters> = dir
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<i32>().ok())
        .filter_map(read_with_policy)
        .filter(|(policy, _)| {
            *policy == libc::SCHED_FIFO as u32 || *policy == libc::SCHED_RR as u32
        })
        .map(|(_, c)| c)
        .collect();
    out.sort_by_key(|c| c.tid);
    out
}

/// Counters of the only SCHED_FIFO/SCHED_RR thread of this process: a backend's callback
/// thread when one engine runs on a real-time server. `None` when there is none (server not
/// real-time) or several (which one is the callback would be a guess).
pub fn sole_realtime_thread() -> Option<ThreadCounters> {
    let mut threads = realtime_threads();
    (threads.len() == 1).then(|| threads.remove(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_fields_are_counted_after_a_comm_with_spaces_and_parens() {
        // Fields 3.. of a real stat line, with a hostile comm.
        let line = "42 (a b) c)) S 1 1 1 0 -1 4194304 17 0 3 0 250 120 0 0 -11 0 3 0 \
                    100 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 -1 1 10 1 0 0 0 0 0 0 0 0 0 0 0";
        let (policy, c) = parse_stat(line, 42).unwrap();
        let us = 1_000_000 / ticks_per_second();
        assert_eq!((policy, c.minor_faults, c.major_faults), (1, 17, 3));
        assert_eq!((c.user_us, c.system_us), (250 * us, 120 * us));
        assert!(parse_stat("7 (x) S 1", 7).is_none());
    }

    #[test]
    fn a_thread_that_touches_fresh_pages_shows_minor_faults() {
        let (before, after) = std::thread::spawn(|| {
            let tid = current_tid();
            let before = read(tid).unwrap();
            // 8 MiB of fresh pages, written once each.
            let mut v: Vec<u8> = Vec::with_capacity(8 << 20);
            v.resize(8 << 20, 1);
            std::hint::black_box(&mut v);
            (before, read(tid).unwrap())
        })
        .join()
        .unwrap();
        assert!(
            after.minor_faults >= before.minor_faults + 100,
            "{before} -> {after}"
        );
        assert_eq!(after.tid, before.tid);
    }
}
