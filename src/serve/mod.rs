//! `nianbao serve`: a preview for the people who write the report. It builds the site in
//! memory, serves it on this computer, and rebuilds whenever a file in `content/` or
//! `themes/` changes; open pages reload by themselves. An edit that does not build leaves
//! the last good build in place and shows its errors on every page. It never writes or
//! deletes anything, `public/` included.
//!
//! Three kinds of thread: the main one accepts connections, one per connection answers it
//! (`respond`), and one watches the folders and publishes each build to the `Preview`.

mod build;
mod http;
mod preview;
mod respond;
mod route;
mod signal;
mod watch;

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::config::BaseUrl;
use crate::diagnostics::{Diagnostic, Diagnostics, plural};
use build::{Builder, Built};
use http::{BadRequest, Response};
use preview::Preview;
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
/// Connections answered at once; more are closed at once.
const MAX_CONNECTIONS: usize = 64;
/// How long a connection may take to send its request or read the answer.
const IO_TIMEOUT: Duration = Duration::from_secs(10);

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
    signal::install();
    let watching = Arc::clone(&preview);
    thread::Builder::new()
        .name("nianbao-watch".into())
        .spawn(move || watch(builder, changes, &watching, local))
        .map_err(|err| Diagnostic::error(format!("cannot start watching the folders: {err}")))?;
    accept(&listener, &preview, network);
    preview.wake_all();
    println!("stopped");
    Ok(())
}

fn listen(options: &ServeOptions) -> Result<TcpListener, Diagnostic> {
    let address = SocketAddr::new(options.bind, options.port);
    TcpListener::bind(address).map_err(|err| {
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
    })
}

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

/// Watches the folders and publishes a build after every change, until Ctrl-C.
fn watch(mut builder: Builder, mut watcher: Changes, preview: &Preview, server: SocketAddr) {
    loop {
        let changed = watcher.wait(POLL);
        if signal::stop_requested() {
            // Wake the accept loop so it sees the request to stop.
            let _ = TcpStream::connect_timeout(&server, Duration::from_secs(1));
            return;
        }
        if !changed.is_empty() {
            let changed = settle(&mut watcher, changed, SETTLE);
            rebuild(&mut builder, &mut watcher, changed, preview);
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

/// "content/2018/05-big-survey.md", or "3 files" when several changed.
fn describe(changed: &[PathBuf]) -> String {
    match changed {
        [one] => one.display().to_string(),
        many => plural(many.len(), "file"),
    }
}

/// Accepts connections until Ctrl-C, answering each on a thread of its own.
fn accept(listener: &TcpListener, preview: &Arc<Preview>, network: bool) {
    let active = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        if signal::stop_requested() {
            return;
        }
        let Ok(stream) = stream else {
            // Out of file handles, say: give the open connections a moment to finish.
            thread::sleep(Duration::from_millis(20));
            continue;
        };
        if active.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
            continue;
        }
        let slot = Slot::take(&active);
        let preview = Arc::clone(preview);
        let _ = thread::Builder::new()
            .name("nianbao-http".into())
            .spawn(move || {
                let _slot = slot;
                answer(stream, &preview, network);
            });
    }
}

/// One of the `MAX_CONNECTIONS` places, given back when the connection ends.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(active: &Arc<AtomicUsize>) -> Slot {
        active.fetch_add(1, Ordering::SeqCst);
        Slot(Arc::clone(active))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn answer(mut stream: TcpStream, preview: &Preview, network: bool) {
    let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
    let (response, head_only) = match http::read_request(&mut stream) {
        Err(BadRequest::Gone) => return,
        Err(BadRequest::Status(status, why)) => (Response::text(status, why), false),
        Ok(request) => (
            respond::respond(&request, preview, network),
            request.is_head(),
        ),
    };
    let _ = response.write_to(&mut stream, head_only);
    let _ = stream.shutdown(std::net::Shutdown::Write);
}
