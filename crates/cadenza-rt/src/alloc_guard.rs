//! Allocation accounting for the real-time thread.
//!
//! [`CountingAlloc`] wraps the system allocator; a binary or test installs it with
//! `#[global_allocator]`. Code that runs inside a callback marks itself with [`RtScope`] (a
//! thread-local flag), and every allocator call made while the flag is set is counted in a
//! process-wide counter. In debug builds the default [`Policy`] is [`Policy::Abort`], which
//! prints a message and aborts on the first such call, like `assert_no_alloc`; release builds
//! only count.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};

thread_local! {
    static IN_RT: Cell<bool> = const { Cell::new(false) };
}

static RT_CALLS: AtomicU64 = AtomicU64::new(0);
static ALL_CALLS: AtomicU64 = AtomicU64::new(0);
static INSTALLED: AtomicBool = AtomicBool::new(false);
static POLICY: AtomicU8 = AtomicU8::new(if cfg!(debug_assertions) { 1 } else { 0 });

/// What the allocator does when called from a thread inside an [`RtScope`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Policy {
    /// Count the call and carry on.
    Count,
    /// Count, print a message to stderr and abort the process.
    Abort,
}

/// Sets the process-wide [`Policy`] (default: `Abort` in debug builds, `Count` in release).
pub fn set_policy(policy: Policy) {
    POLICY.store(policy as u8, Ordering::Relaxed);
}

/// The process-wide [`Policy`] in force.
pub fn policy() -> Policy {
    if POLICY.load(Ordering::Relaxed) == 1 {
        Policy::Abort
    } else {
        Policy::Count
    }
}

/// Allocator calls (alloc, realloc, dealloc) made inside an [`RtScope`] since process start.
pub fn rt_allocator_calls() -> u64 {
    RT_CALLS.load(Ordering::Relaxed)
}

/// Allocator calls made by any thread since process start (only counted with [`CountingAlloc`]).
pub fn all_allocator_calls() -> u64 {
    ALL_CALLS.load(Ordering::Relaxed)
}

/// True when [`CountingAlloc`] is the global allocator, i.e. the counters mean something.
pub fn installed() -> bool {
    if !INSTALLED.load(Ordering::Relaxed) {
        // Any allocation through CountingAlloc sets the flag.
        drop(std::hint::black_box(Box::new(0u8)));
    }
    INSTALLED.load(Ordering::Relaxed)
}

/// True when the current thread is inside an [`RtScope`].
pub fn in_rt_scope() -> bool {
    IN_RT.try_with(Cell::get).unwrap_or(false)
}

/// Marks the current thread as running real-time code until dropped.
///
/// Nesting is allowed; the outermost scope restores the flag it found.
#[must_use = "the scope ends when this guard is dropped"]
pub struct RtScope {
    previous: bool,
}

impl RtScope {
    /// Enters a real-time scope on the current thread.
    pub fn enter() -> Self {
        let previous = IN_RT.try_with(|flag| flag.replace(true)).unwrap_or(false);
        RtScope { previous }
    }
}

impl Drop for RtScope {
    fn drop(&mut self) {
        let previous = self.previous;
        let _ = IN_RT.try_with(|flag| flag.set(previous));
    }
}

/// Global allocator that counts calls made from real-time scopes.
///
/// Install with `#[global_allocator] static ALLOC: CountingAlloc = CountingAlloc;`.
pub struct CountingAlloc;

#[inline]
fn note_call() {
    ALL_CALLS.fetch_add(1, Ordering::Relaxed);
    if !INSTALLED.load(Ordering::Relaxed) {
        INSTALLED.store(true, Ordering::Relaxed);
    }
    if in_rt_scope() {
        RT_CALLS.fetch_add(1, Ordering::Relaxed);
        if POLICY.load(Ordering::Relaxed) == 1 {
            abort_rt_allocation();
        }
    }
}

#[cold]
fn abort_rt_allocation() -> ! {
    const MSG: &[u8] =
        b"cadenza-rt: allocator called on the real-time thread (alloc_guard policy Abort)\n";
    // SAFETY: writing a static buffer to fd 2; no allocation, result deliberately ignored.
    unsafe { libc::write(2, MSG.as_ptr().cast(), MSG.len()) };
    std::process::abort()
}

// SAFETY: every method forwards to `System` with the caller's arguments unchanged; the counting
// touches only atomics and a const-initialised thread-local that never allocates.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note_call();
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, forwarded as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note_call();
        // SAFETY: the caller upholds `GlobalAlloc::alloc_zeroed`'s contract, forwarded as is.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        note_call();
        // SAFETY: `ptr` was allocated by `System` through this wrapper with `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note_call();
        // SAFETY: `ptr`/`layout` come from this allocator; the caller upholds realloc's contract.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}
