//! The preview's connections, each of which gets an HTTP answer whatever arrives. The accept
//! loop never waits: it gives each connection a thread of its own, up to `MAX_CONNECTIONS`,
//! and hands any more to `Refuser`, which answers 503 with `Retry-After`. A request head
//! must arrive within `HEAD_TIMEOUT` in all, not per read, so a client that sends nothing
//! and one that trickles a byte at a time both get 408 and give their place back; an
//! answer must be taken within `WRITE_TIMEOUT`. A live-reload question leaves its thread at
//! once for `Waits`. So idle, slow and waiting connections never starve a page load.

use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use super::http::{self, BadRequest, Response};
use super::preview::Preview;
use super::respond::{self, Answer};
use super::signal;
use super::waits::Waits;

/// Connections answered at once, each on a thread of its own; more are answered 503. Far
/// more than a browser opens (six per site), and enough for idle or slow clients to wait
/// out their `HEAD_TIMEOUT` while page loads go on beside them.
pub const MAX_CONNECTIONS: usize = 256;
/// How long a connection may take to send its whole request head.
const HEAD_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a client may take to read its whole answer.
const WRITE_TIMEOUT: Duration = Duration::from_secs(20);
/// After a 503, how long whatever the client still sends is read and thrown away.
const LINGER: Duration = Duration::from_secs(1);
/// The most refused connections kept lingering at once; the oldest is closed first.
const MAX_LINGERING: usize = 1024;

/// What every connection's thread needs.
pub struct Server {
    pub preview: Arc<Preview>,
    pub waits: Arc<Waits>,
    /// Set when the server listens beyond this computer.
    pub network: bool,
}

/// Accepts connections until Ctrl-C.
pub fn accept(listener: &TcpListener, server: &Arc<Server>) {
    let active = Arc::new(AtomicUsize::new(0));
    let refuser = Refuser::start();
    for stream in listener.incoming() {
        if signal::stop_requested() {
            return;
        }
        let Ok(stream) = stream else {
            // Out of file handles, say: the connection waits in the queue until one is free.
            thread::sleep(Duration::from_millis(20));
            continue;
        };
        match Slot::take(&active) {
            Some(slot) => start(stream, slot, server, &refuser),
            None => refuser.refuse(stream),
        }
    }
}

/// Answers `stream` on a thread of its own, or refuses it if no thread can be had.
fn start(stream: TcpStream, slot: Slot, server: &Arc<Server>, refuser: &Refuser) {
    let spare = stream.try_clone().ok();
    let server = Arc::clone(server);
    let started = thread::Builder::new()
        .name("nianbao-http".into())
        .spawn(move || {
            let _slot = slot;
            answer(stream, &server);
        });
    if let (Err(_), Some(spare)) = (started, spare) {
        refuser.refuse(spare);
    }
}

/// One of the `MAX_CONNECTIONS` places, given back when the connection ends.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(active: &Arc<AtomicUsize>) -> Option<Slot> {
        active
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < MAX_CONNECTIONS).then_some(n + 1)
            })
            .ok()
            .map(|_| Slot(Arc::clone(active)))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn answer(stream: TcpStream, server: &Server) {
    let (response, head_only) = match http::read_request(&mut Timed::new(&stream, HEAD_TIMEOUT)) {
        Err(BadRequest::Gone) => return,
        Err(BadRequest::Status(status, why)) => (Response::text(status, why), false),
        Ok(request) => match respond::respond(&request, &server.preview, server.network) {
            Answer::Now(response) => (response, request.is_head()),
            Answer::WhenChanged(seen) => {
                return server.waits.park(stream, seen, request.is_head());
            }
        },
    };
    send(&stream, &response, head_only);
}

/// Writes `response` within `WRITE_TIMEOUT` and closes the sending side.
pub fn send(stream: &TcpStream, response: &Response, head_only: bool) {
    let _ = response.write_to(&mut Timed::new(stream, WRITE_TIMEOUT), head_only);
    let _ = stream.shutdown(Shutdown::Write);
}

/// The answer when the preview is full: come back in a second.
pub fn busy(why: &str) -> Response {
    Response::text(503, why).header("Retry-After", "1")
}

/// A connection whose reads and writes all end by one deadline.
struct Timed<'a> {
    stream: &'a TcpStream,
    deadline: Instant,
}

impl Timed<'_> {
    fn new(stream: &TcpStream, within: Duration) -> Timed<'_> {
        Timed {
            stream,
            deadline: Instant::now() + within,
        }
    }

    /// The time left, or a timed-out error once there is none.
    fn left(&self) -> io::Result<Duration> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        match left.is_zero() {
            true => Err(io::ErrorKind::TimedOut.into()),
            false => Ok(left),
        }
    }
}

impl Read for Timed<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.stream.set_read_timeout(Some(self.left()?))?;
        (&mut &*self.stream).read(buf)
    }
}

impl Write for Timed<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.stream.set_write_timeout(Some(self.left()?))?;
        (&mut &*self.stream).write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Answers the connections beyond `MAX_CONNECTIONS` with 503, on a thread of its own so
/// that the accept loop never waits on a client. The answer is written at once, without
/// waiting for the request (it fits in the socket's empty buffer); the connection then
/// stays open for `LINGER` while whatever the client sends is read and thrown away, since
/// closing a socket with unread bytes resets it, and a reset can destroy the answer before
/// the client reads it.
struct Refuser {
    queue: mpsc::Sender<TcpStream>,
}

impl Refuser {
    fn start() -> Refuser {
        let (queue, arrivals) = mpsc::channel();
        let _ = thread::Builder::new()
            .name("nianbao-busy".into())
            .spawn(move || refuse_all(&arrivals));
        Refuser { queue }
    }

    fn refuse(&self, stream: TcpStream) {
        // Only if the refusing thread could not start: answer here, without lingering.
        if let Err(mpsc::SendError(stream)) = self.queue.send(stream) {
            let _ = stream.set_nonblocking(true);
            send(&stream, &busy("the preview is answering all it can"), false);
        }
    }
}

fn refuse_all(arrivals: &mpsc::Receiver<TcpStream>) {
    let answer = busy("the preview is answering all it can");
    let mut lingering: VecDeque<(TcpStream, Instant)> = VecDeque::new();
    loop {
        let arrived = if lingering.is_empty() {
            match arrivals.recv() {
                Ok(stream) => Some(stream),
                Err(_) => return,
            }
        } else {
            match arrivals.recv_timeout(Duration::from_millis(10)) {
                Ok(stream) => Some(stream),
                Err(mpsc::RecvTimeoutError::Timeout) => None,
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            }
        };
        if let Some(stream) = arrived {
            if stream.set_nonblocking(true).is_ok() {
                let _ = answer.write_to(&mut &stream, false);
                let _ = stream.shutdown(Shutdown::Write);
                lingering.push_back((stream, Instant::now() + LINGER));
            }
            if lingering.len() > MAX_LINGERING {
                lingering.pop_front();
            }
        }
        let now = Instant::now();
        lingering.retain(|(stream, until)| now < *until && still_sending(stream));
    }
}

/// Reads and drops what a refused client has sent; false once it has closed its side.
fn still_sending(mut stream: &TcpStream) -> bool {
    let mut sink = [0u8; 4096];
    loop {
        match stream.read(&mut sink) {
            Ok(0) => return false,
            Ok(_) => {}
            Err(err) => return err.kind() == io::ErrorKind::WouldBlock,
        }
    }
}
