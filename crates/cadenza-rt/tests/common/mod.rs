//! Shared helpers for the integration tests: JACK availability policy and scratch dirs.
#![allow(dead_code)]

use std::path::PathBuf;

/// Returns true when a JACK server is reachable. Without one: panics when
/// `CADENZA_REQUIRE_JACK=1` (CI), otherwise prints why the test is skipped and returns false.
pub(crate) fn jack_available(test: &str) -> bool {
    match cadenza_rt::backend::jack::open_client("cadenza-probe") {
        Ok(client) => {
            drop(client);
            true
        }
        Err(e) => {
            if std::env::var("CADENZA_REQUIRE_JACK").as_deref() == Ok("1") {
                panic!("{test}: CADENZA_REQUIRE_JACK=1 but no JACK server is reachable: {e}");
            }
            eprintln!(
                "SKIPPED {test}: no JACK server reachable ({e}); run under scripts/jack-test.sh"
            );
            false
        }
    }
}

/// A fresh scratch directory for one test.
pub(crate) fn scratch_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cadenza-rt-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
