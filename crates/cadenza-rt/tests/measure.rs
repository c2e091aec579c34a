//! `measure` (what `cadenza rt-stats` runs) on the real server: cadenza's workload and the
//! trivial client both produce complete timing statistics, JACK lateness, zero allocator calls
//! on the callback thread and, for cadenza, a lossless recording.

mod common;

use cadenza_rt::alloc_guard::{self, CountingAlloc, Policy};
use cadenza_rt::measure::{self, Client, MeasureOptions, Workload};
use cadenza_rt::rt_thread::RtRequest;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

fn options(workload: Workload) -> MeasureOptions {
    let probe = cadenza_rt::backend::jack::open_client("cadenza-measure-probe").unwrap();
    let (rate, period) = (probe.sample_rate(), probe.buffer_size() as usize);
    drop(probe);
    MeasureOptions {
        client: Client::Jack,
        workload,
        seconds: 1.5,
        sample_rate: rate,
        period,
        channels: 2,
        busy_worker: false,
        scratch_dir: common::scratch_dir(&format!("measure-{workload:?}")),
        rt: RtRequest::default(),
    }
}

#[test]
fn cadenza_and_trivial_workloads_report_full_statistics_on_jack() {
    if !common::jack_available("cadenza_and_trivial_workloads_report_full_statistics_on_jack") {
        return;
    }
    alloc_guard::set_policy(Policy::Count);
    for workload in [Workload::Cadenza, Workload::Trivial] {
        let opts = options(workload);
        let m = measure::measure(&opts).unwrap();
        let r = &m.report;
        println!("{workload:?}\n{r}");
        let period_us = opts.period as f64 * 1e6 / f64::from(opts.sample_rate);
        assert!(
            r.periods as f64 > 0.5 * opts.seconds * 1e6 / period_us,
            "{} periods",
            r.periods
        );
        assert!(
            (r.timing.period.p50 - period_us).abs() < 0.2 * period_us,
            "period p50 {}",
            r.timing.period.p50
        );
        assert!(r.timing.lateness.is_some(), "JACK lateness missing");
        assert!(
            r.timing.busy.p50 < period_us,
            "callback busier than its period"
        );
        assert_eq!(r.rt_allocator_calls, 0);
        match workload {
            Workload::Cadenza => {
                let rec = m.recording.as_ref().unwrap();
                assert_eq!(rec.dropped_frames, 0);
                assert_eq!(rec.frames_written, r.frames);
            }
            Workload::Trivial => assert!(m.recording.is_none()),
        }
        std::fs::remove_dir_all(&opts.scratch_dir).unwrap();
    }
}

#[test]
fn recording_callback_does_not_page_fault_on_fresh_ring_or_timing_pages() {
    // Regression: rtrb allocates its buffer uninitialised and the timing log came from calloc,
    // so the callback's first pass through them page-faulted (one fault per 4 KiB: ~190 extra
    // faults in 1.5 s of 2-channel audio). Both are now written before the first period, so
    // the recording callback faults no more than the trivial one.
    if !common::jack_available(
        "recording_callback_does_not_page_fault_on_fresh_ring_or_timing_pages",
    ) {
        return;
    }
    alloc_guard::set_policy(Policy::Count);
    let faults = |workload| {
        let opts = options(workload);
        let m = measure::measure(&opts).unwrap();
        std::fs::remove_dir_all(&opts.scratch_dir).unwrap();
        m.report.callback_thread
    };
    let (Some(cadenza), Some(trivial)) = (faults(Workload::Cadenza), faults(Workload::Trivial))
    else {
        // Only a real-time server gives the callback a SCHED_FIFO thread to find.
        eprintln!("SKIPPED: the JACK server is not real-time, callback thread not identified");
        return;
    };
    println!("cadenza {cadenza}\ntrivial {trivial}");
    assert!(
        cadenza.minor_faults <= trivial.minor_faults + 16,
        "cadenza callback {} faults vs trivial {}",
        cadenza.minor_faults,
        trivial.minor_faults
    );
}
