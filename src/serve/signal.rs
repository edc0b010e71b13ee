//! Ctrl-C. On Linux the signal only raises a flag; a thread of its own sees it within
//! `LOOK` and wakes the accept loop, which stops, saying so and exiting 0. Nothing else is
//! waited for: a rebuild stuck on a file cannot keep the server up. Elsewhere the system's
//! default ends the process, which is as clean: `serve` writes no file and holds nothing
//! that needs putting away.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};

static STOP: AtomicBool = AtomicBool::new(false);

/// Whether Ctrl-C (or a polite kill) has asked the server to stop.
pub fn stop_requested() -> bool {
    STOP.load(Ordering::SeqCst)
}

/// Routes SIGINT and SIGTERM to the flag, and wakes the server listening at `server` once
/// it is raised.
#[cfg(target_os = "linux")]
pub fn install(server: SocketAddr) {
    use std::time::Duration;
    /// How often the flag is looked at.
    const LOOK: Duration = Duration::from_millis(50);

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
    let _ = std::thread::Builder::new()
        .name("nianbao-stop".into())
        .spawn(move || {
            while !stop_requested() {
                std::thread::sleep(LOOK);
            }
            // A connection wakes the accept loop, which then sees the flag.
            let _ = std::net::TcpStream::connect_timeout(&server, Duration::from_secs(1));
        });
}

/// The system's default handling stays.
#[cfg(not(target_os = "linux"))]
pub fn install(_server: SocketAddr) {}
