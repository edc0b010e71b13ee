//! Ctrl-C. On Linux the signal only raises a flag, and the server stops at its next look at
//! it, saying so and exiting 0. Elsewhere the system's default ends the process, which is as
//! clean: `serve` writes no file and holds nothing that needs putting away.

use std::sync::atomic::{AtomicBool, Ordering};

static STOP: AtomicBool = AtomicBool::new(false);

/// Whether Ctrl-C (or a polite kill) has asked the server to stop.
pub fn stop_requested() -> bool {
    STOP.load(Ordering::SeqCst)
}

/// Routes SIGINT and SIGTERM to the flag.
#[cfg(target_os = "linux")]
pub fn install() {
    extern "C" fn on_signal(_: libc::c_int) {
        // Only an atomic store: nothing else is safe inside a signal handler.
        STOP.store(true, Ordering::SeqCst);
    }
    let handler = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
    // SAFETY: the handler does nothing but store to an atomic, which is async-signal-safe.
    unsafe {
        libc::signal(libc::SIGINT, handler);
        libc::signal(libc::SIGTERM, handler);
    }
}

/// The system's default handling stays.
#[cfg(not(target_os = "linux"))]
pub fn install() {}
