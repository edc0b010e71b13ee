//! `nianbao serve`: a preview for the people who write the report. It builds the site in
//! memory, serves it on this computer, and rebuilds whenever a file in `content/` or
//! `themes/` changes; open pages reload by themselves. An edit that does not build leaves
//! the last good build in place and shows its errors on every page. It never writes or
//! deletes anything, `public/` included.
//!
//! The threads: the main one accepts connections (`connections`), one per connection
//! answers it (`respond`), one answers the live-reload questions (`waits`), one answers
//! 503 when the preview is full, and one watches the folders and publishes each build to
//! the `Preview`.

mod build;
mod connections;
mod http;
mod preview;
mod respond;
mod route;
mod signal;
mod waits;
mod watch;

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::config::BaseUrl;
use crate::diagnostics::{Diagnostic, Diagnostics, plural};
use build::{Builder, Built};
use connections::Server;
use preview::Preview;
use waits::Waits;
use watch::Changes;

/// What `nianbao serve` was asked to do.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub root: PathBuf,
    /// 0 lets the system choose a free port (the address is printed).
    pub port: u16,
    /// 127.0.0.1 unless `--bind` says otherwise.
    pub bind: IpAddr,
}

/// How often the folders are looked at.
const POLL: Duration = Duration::from_millis(100);
/// After a change is seen, how long the folders must stay still before building: a save
/// can write a file in several steps, or several files at once.
const SETTLE: Duration = Duration::from_millis(20);
/// How long the folders must stay still before a failed build is shown.
const ERROR_GRACE: Duration = Duration::from_millis(200);

/// Serves the site under `options.root` until Ctrl-C.
pub fn serve(options: &ServeOptions) -> Result<(), Diagnostics> {
    let listener = listen(options)?;
    let address = listener
        .local_addr()
        .map_err(|err| Diagnostic::error(format!("cannot read the server's address: {err}")))?;
    let network = !options.bind.is_loopback();
    if network {
        eprintln!(
            "warning: serving on {address}: anyone who can reach this computer can see the \
             preview, drafts included\n  = help: leave out --bind to serve on this computer only\n"
        );
    }
    let local = local_address(address);
    let base_url = BaseUrl::parse(&format!("http://{local}/")).expect("a socket address is a host");
    let preview = Arc::new(Preview::new(first_version()));
    let mut builder = Builder::new(&options.root, base_url);
    let changes = Changes::new(&options.root);
    publish_first(builder.build(&[]), &preview);
    println!("serving the site at http://{local}/");
    println!(
        "watching {} and {} for changes; press Ctrl-C to stop",
        shown(&options.root, "content/"),
        shown(&options.root, "themes/")
    );
    // Only now: until the first build is done, Ctrl-C ends the process the system's way.
    signal::install(local);
    let cannot_start = |err: io::Error| Diagnostic::error(format!("cannot start serving: {err}"));
    let waits = Waits::start(Arc::clone(&preview)).map_err(cannot_start)?;
    let watching = Arc::clone(&preview);
    thread::Builder::new()
        .name("nianbao-watch".into())
        .spawn(move || watch(builder, changes, &watching))
        .map_err(cannot_start)?;
    let server = Arc::new(Server {
        preview,
        waits,
        network,
    });
    connections::accept(&listener, &server);
    println!("stopped");
    Ok(())
}

fn listen(options: &ServeOptions) -> Result<TcpListener, Diagnostic> {
    let address = SocketAddr::new(options.bind, options.port);
    let listener = TcpListener::bind(address).map_err(|err| {
        let other_port = format!(
            "nianbao serve --port {}",
            options.port.checked_add(1).unwrap_or(1111)
        );
        match err.kind() {
            io::ErrorKind::AddrInUse => Diagnostic::error(format!(
                "port {} is already in use on {}",
                options.port, options.bind
            ))
            .hint(format!(
                "another program (perhaps another `nianbao serve`) is using it; stop it, or \
                 choose another port: {other_port}"
            )),
            io::ErrorKind::AddrNotAvailable => Diagnostic::error(format!(
                "{} is not an address of this computer",
                options.bind
            ))
            .hint("leave out --bind to serve on 127.0.0.1"),
            io::ErrorKind::PermissionDenied => {
                Diagnostic::error(format!("not allowed to listen on port {}", options.port)).hint(
                    format!("ports below 1024 need special rights; try {other_port}"),
                )
            }
            _ => Diagnostic::error(format!("cannot listen on {address}: {err}")),
        }
    })?;
    longer_queue(&listener);
    Ok(listener)
}

/// Lets up to `QUEUE` connections wait to be accepted (the standard library asks for 128):
/// a burst of page loads beyond that would wait a second or more for the system to try
/// their handshake again.
#[cfg(target_os = "linux")]
fn longer_queue(listener: &TcpListener) {
    use std::os::fd::AsRawFd;
    const QUEUE: libc::c_int = 1024;
    // SAFETY: listening again on a listening socket only changes its queue's length.
    unsafe { libc::listen(listener.as_raw_fd(), QUEUE) };
}

#[cfg(not(target_os = "linux"))]
fn longer_queue(_listener: &TcpListener) {}

/// The address to open in a browser on this computer.
fn local_address(address: SocketAddr) -> SocketAddr {
    match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv4Addr::LOCALHOST.into(), address.port())
        }
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv6Addr::LOCALHOST.into(), address.port())
        }
        _ => address,
    }
}

/// Milliseconds since 1970: a page left open from an earlier run never holds this version.
fn first_version() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(1, |d| u64::try_from(d.as_millis()).unwrap_or(1))
}

fn shown(root: &Path, folder: &str) -> String {
    crate::content::shown_path(root, folder)
        .display()
        .to_string()
}

fn publish_first(outcome: Result<Built, Diagnostics>, preview: &Preview) {
    match outcome {
        Ok(built) => {
            for warning in built.warnings.warnings() {
                eprintln!("{warning}");
            }
            println!(
                "built {} in {} ms",
                plural(built.build.pages(), "page"),
                built.took.as_millis()
            );
            preview.publish(Ok(built.build));
        }
        Err(problems) => {
            eprint!("{problems}");
            println!("the site does not build yet; the browser shows the errors until it does");
            preview.publish(Err(problems.to_string()));
        }
    }
}

/// Watches the folders and publishes a build after every change, until Ctrl-C. Stopping
/// does not wait on this thread: a build stuck on a file does not keep the server up.
fn watch(mut builder: Builder, mut watcher: Changes, preview: &Preview) {
    loop {
        let changed = watcher.wait(POLL);
        if signal::stop_requested() {
            return;
        }
        if !changed.is_empty() {
            let changed = settle(&mut watcher, changed, SETTLE);
            // A save that leaves every byte as it was rebuilds and reloads nothing.
            let changed = watcher.differing(changed);
            if !changed.is_empty() {
                rebuild(&mut builder, &mut watcher, changed, preview);
            }
        }
    }
}

/// Adds what changes next, until the folders stay still for `quiet` (at most 20 times).
fn settle(watcher: &mut Changes, mut changed: Vec<PathBuf>, quiet: Duration) -> Vec<PathBuf> {
    for _ in 0..20 {
        let more = watcher.wait(quiet);
        if more.is_empty() {
            break;
        }
        changed.extend(more);
    }
    changed.sort();
    changed.dedup();
    changed
}

/// Builds and publishes. A failed build is published only once the folders have stayed
/// still for `ERROR_GRACE`: an editor that empties a file before writing it (or a machine
/// too busy to finish the save at once) must not flash an error.
fn rebuild(builder: &mut Builder, watcher: &mut Changes, changed: Vec<PathBuf>, preview: &Preview) {
    let mut changed = changed;
    loop {
        let problems = match builder.build(&changed) {
            Ok(built) => return publish_rebuild(built, &describe(&changed), preview),
            Err(problems) => problems,
        };
        let more = watcher.wait(Duration::ZERO);
        let more = if more.is_empty() {
            settle(watcher, more, ERROR_GRACE)
        } else {
            more
        };
        if more.is_empty() {
            eprint!("{problems}");
            println!(
                "{} does not build: the preview keeps the last good build and shows the errors",
                describe(&changed)
            );
            preview.publish(Err(problems.to_string()));
            return;
        }
        changed.extend(more);
        changed.sort();
        changed.dedup();
    }
}

fn publish_rebuild(built: Built, what: &str, preview: &Preview) {
    let took = built.took.as_millis();
    let warnings = built.warnings.warnings().count();
    let changed = preview.publish(Ok(built.build));
    let note = match (changed, warnings) {
        (false, _) => " (the site is unchanged)".to_string(),
        (true, 0) => String::new(),
        (true, n) => format!(" ({}; `nianbao check` lists them)", plural(n, "warning")),
    };
    println!("rebuilt in {took} ms after {what} changed{note}");
}

/// "content/2018/05-big-survey.md", "content/" (the folder itself, moved away), or
/// "3 files" when several changed.
fn describe(changed: &[PathBuf]) -> String {
    match changed {
        [one] if watch::WATCHED.iter().any(|folder| one == Path::new(folder)) => {
            format!("{}/", one.display())
        }
        [one] => one.display().to_string(),
        many => plural(many.len(), "file"),
    }
}
