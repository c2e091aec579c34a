//! Optional real-time privileges: SCHED_FIFO priority and CPU affinity for the callback thread,
//! and `mlockall` for the process. Each request is tried separately and the outcome (granted,
//! refused with the OS error, or not requested) is reported rather than silently ignored.

use std::fmt;

/// What to ask the OS for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RtRequest {
    /// SCHED_FIFO priority for the callback thread (1..=99); `None` leaves the policy alone.
    pub fifo_priority: Option<i32>,
    /// Pin the callback thread to this CPU.
    pub cpu: Option<usize>,
    /// Lock current and future pages of the process in memory.
    pub mlockall: bool,
}

/// Outcome of one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Not asked for.
    NotRequested,
    /// Granted.
    Granted,
    /// Refused by the OS with this errno.
    Refused(i32),
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::NotRequested => f.write_str("not requested"),
            Outcome::Granted => f.write_str("granted"),
            Outcome::Refused(errno) => {
                write!(f, "REFUSED ({})", std::io::Error::from_raw_os_error(*errno))
            }
        }
    }
}

/// Scheduling state of a thread as observed after applying a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RtReport {
    /// Result of the SCHED_FIFO request.
    pub fifo: Outcome,
    /// Result of the affinity request.
    pub affinity: Outcome,
    /// Result of the mlockall request.
    pub mlockall: Outcome,
    /// Scheduling policy of the thread afterwards (`SCHED_OTHER`, `SCHED_FIFO`, ...).
    pub policy: i32,
    /// Its priority afterwards.
    pub priority: i32,
}

impl RtReport {
    /// Name of [`RtReport::policy`].
    pub fn policy_name(&self) -> &'static str {
        match self.policy {
            libc::SCHED_FIFO => "SCHED_FIFO",
            libc::SCHED_RR => "SCHED_RR",
            libc::SCHED_OTHER => "SCHED_OTHER",
            libc::SCHED_BATCH => "SCHED_BATCH",
            libc::SCHED_IDLE => "SCHED_IDLE",
            _ => "unknown",
        }
    }
}

impl fmt::Display for RtReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "callback thread {} priority {}; fifo request: {}; affinity: {}; mlockall: {}",
            self.policy_name(),
            self.priority,
            self.fifo,
            self.affinity,
            self.mlockall
        )
    }
}

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// Applies `req` to the calling thread (and `mlockall` to the process) and reports the outcome.
/// Not real-time safe: call it once when the thread starts.
pub fn apply_to_current_thread(req: &RtRequest) -> RtReport {
    let fifo = match req.fifo_priority {
        None => Outcome::NotRequested,
        Some(prio) => {
            let param = libc::sched_param {
                sched_priority: prio,
            };
            // SAFETY: pthread_self() is the calling thread; `param` is a valid sched_param.
            let rc = unsafe {
                libc::pthread_setschedparam(libc::pthread_self(), libc::SCHED_FIFO, &param)
            };
            if rc == 0 {
                Outcome::Granted
            } else {
                Outcome::Refused(rc)
            }
        }
    };
    let affinity = match req.cpu {
        None => Outcome::NotRequested,
        Some(cpu) if cpu >= libc::CPU_SETSIZE as usize => Outcome::Refused(libc::EINVAL),
        Some(cpu) => {
            // SAFETY: cpu_set_t is plain data; all-zero is a valid empty set.
            let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
            // SAFETY: `cpu` < CPU_SETSIZE was checked above, so the bit is inside `set`.
            unsafe { libc::CPU_SET(cpu, &mut set) };
            // SAFETY: pid 0 means the calling thread; `set` is a valid cpu_set_t of the given size.
            let rc =
                unsafe { libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set) };
            if rc == 0 {
                Outcome::Granted
            } else {
                Outcome::Refused(errno())
            }
        }
    };
    let mlockall = if req.mlockall {
        lock_memory()
    } else {
        Outcome::NotRequested
    };
    let (policy, priority) = current_policy();
    RtReport {
        fifo,
        affinity,
        mlockall,
        policy,
        priority,
    }
}

/// Locks the process's current and future pages in memory.
pub fn lock_memory() -> Outcome {
    // SAFETY: mlockall takes only flags and affects no Rust-visible memory.
    let rc = unsafe { libc::mlockall(libc::MCL_CURRENT | libc::MCL_FUTURE) };
    if rc == 0 {
        Outcome::Granted
    } else {
        Outcome::Refused(errno())
    }
}

/// Scheduling policy and priority of the calling thread.
pub fn current_policy() -> (i32, i32) {
    // SAFETY: pthread_self() is always a live thread (the caller).
    unsafe { policy_of(libc::pthread_self()) }
}

/// Scheduling policy and priority of `thread`, or `(-1, -1)` when it cannot be read.
///
/// # Safety
/// `thread` must identify a thread that has not exited yet.
pub unsafe fn policy_of(thread: libc::pthread_t) -> (i32, i32) {
    let mut policy = 0;
    let mut param = libc::sched_param { sched_priority: 0 };
    // SAFETY: both out-pointers are valid for writes; the caller guarantees `thread` is live.
    let rc = unsafe { libc::pthread_getschedparam(thread, &mut policy, &mut param) };
    if rc == 0 {
        (policy, param.sched_priority)
    } else {
        (-1, -1)
    }
}

/// Returns `report` with the policy and priority replaced by those `thread` has now (JACK
/// raises its client thread to SCHED_FIFO after the thread-init callback ran).
///
/// # Safety
/// `thread` must identify a thread that has not exited yet.
pub unsafe fn observed(mut report: RtReport, thread: libc::pthread_t) -> RtReport {
    // SAFETY: forwarded from the caller.
    let (policy, priority) = unsafe { policy_of(thread) };
    if policy >= 0 {
        report.policy = policy;
        report.priority = priority;
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_request_reports_not_requested_and_the_current_policy() {
        let report = std::thread::spawn(|| apply_to_current_thread(&RtRequest::default()))
            .join()
            .unwrap();
        assert_eq!(report.fifo, Outcome::NotRequested);
        assert_eq!(report.affinity, Outcome::NotRequested);
        assert_eq!(report.policy, libc::SCHED_OTHER);
    }

    #[test]
    fn out_of_range_cpu_is_refused_not_ignored() {
        let req = RtRequest {
            cpu: Some(1 << 20),
            ..RtRequest::default()
        };
        let report = std::thread::spawn(move || apply_to_current_thread(&req))
            .join()
            .unwrap();
        assert_eq!(report.affinity, Outcome::Refused(libc::EINVAL));
    }
}
