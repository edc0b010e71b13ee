//! Live-reload waits. A served page's script asks `/__nianbao/version?since=N`, and the
//! answer comes when the site changes, or after `VERSION_WAIT` (the script then asks
//! again). A waiting question holds no thread: its connection is parked here, and one
//! thread answers every parked connection when the version moves on or its time is up, and
//! lets go of those whose page was closed. At most `MAX_WAITS` wait at once; one more is
//! told to come back (503 with `Retry-After`), which the script does after a second, so
//! open tabs can never take the places that page loads need.

use std::io;
use std::net::TcpStream;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use super::connections::{busy, send};
use super::preview::Preview;
use super::respond::version_response;

/// How long a question for the version waits for a change before it is answered anyway.
const VERSION_WAIT: Duration = Duration::from_secs(20);
/// The most questions waiting at once: a tab each, so far more than anyone opens.
pub const MAX_WAITS: usize = 256;
/// How often the waits are looked at when nothing changes: the precision of
/// `VERSION_WAIT`, and how soon a closed tab's connection is let go.
const TICK: Duration = Duration::from_millis(500);

/// The parked questions, shared by the connection threads (which park them) and the thread
/// that answers them.
pub struct Waits {
    parked: Mutex<Vec<Parked>>,
}

struct Parked {
    stream: TcpStream,
    seen: u64,
    head_only: bool,
    until: Instant,
}

impl Waits {
    /// Starts the thread that answers the waits on `preview`.
    pub fn start(preview: Arc<Preview>) -> io::Result<Arc<Waits>> {
        let waits = Arc::new(Waits {
            parked: Mutex::new(Vec::new()),
        });
        let answering = Arc::clone(&waits);
        thread::Builder::new()
            .name("nianbao-reload".into())
            .spawn(move || answering.run(&preview))?;
        Ok(waits)
    }

    /// Parks a question asked with version `seen`, or answers 503 when `MAX_WAITS` wait.
    pub fn park(&self, stream: TcpStream, seen: u64, head_only: bool) {
        let mut parked = self.lock();
        if parked.len() >= MAX_WAITS || stream.set_nonblocking(true).is_err() {
            drop(parked);
            let answer = busy("too many pages are waiting for a change");
            return send(&stream, &answer, head_only);
        }
        parked.push(Parked {
            stream,
            seen,
            head_only,
            until: Instant::now() + VERSION_WAIT,
        });
    }

    /// How many questions wait now.
    #[cfg(test)]
    fn waiting(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> MutexGuard<'_, Vec<Parked>> {
        self.parked
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Answers the waits whose version moved on or whose time is up, for ever.
    fn run(&self, preview: &Preview) {
        let mut version = preview.snapshot().version;
        loop {
            version = preview.wait_for_change(version, TICK);
            self.answer_due(preview.snapshot().version, Instant::now());
        }
    }

    /// Answers every wait that is due at `now` with `version`, and drops those whose page
    /// was closed. The version is read afresh by the caller: a question parked a moment
    /// ago with the newest version must not be answered with an older one.
    fn answer_due(&self, version: u64, now: Instant) {
        self.lock().retain(|wait| {
            if closed(&wait.stream) {
                return false;
            }
            if wait.seen == version && now < wait.until {
                return true;
            }
            // The answer is a few hundred bytes: it fits in the socket's empty buffer, so
            // a write on the non-blocking socket never waits on the client.
            let _ = version_response(version).write_to(&mut &wait.stream, wait.head_only);
            let _ = wait.stream.shutdown(std::net::Shutdown::Write);
            false
        });
    }
}

/// Whether the client closed its side: its page was closed or reloaded.
fn closed(stream: &TcpStream) -> bool {
    match stream.peek(&mut [0u8; 1]) {
        Ok(0) => true,
        Ok(_) => false,
        Err(err) => err.kind() != io::ErrorKind::WouldBlock,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::net::TcpListener;

    /// A connected pair: the server's end and the client's.
    fn pair(listener: &TcpListener) -> (TcpStream, TcpStream) {
        let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (server, _) = listener.accept().unwrap();
        (server, client)
    }

    fn waits() -> Waits {
        Waits {
            parked: Mutex::new(Vec::new()),
        }
    }

    #[test]
    fn answers_a_wait_when_the_version_moves_on_and_keeps_the_others() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let waits = waits();
        let (server, mut client) = pair(&listener);
        waits.park(server, 7, false);
        waits.answer_due(7, Instant::now());
        assert_eq!(waits.waiting(), 1);
        waits.answer_due(8, Instant::now());
        assert_eq!(waits.waiting(), 0);
        let mut answer = String::new();
        client.read_to_string(&mut answer).unwrap();
        assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
        assert!(answer.ends_with("\r\n\r\n8"), "{answer}");
    }

    #[test]
    fn answers_a_wait_whose_time_is_up_with_the_same_version() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let waits = waits();
        let (server, mut client) = pair(&listener);
        waits.park(server, 7, false);
        waits.answer_due(7, Instant::now() + VERSION_WAIT);
        let mut answer = String::new();
        client.read_to_string(&mut answer).unwrap();
        assert!(answer.ends_with("\r\n\r\n7"), "{answer}");
    }

    #[test]
    fn lets_go_of_a_closed_page_and_refuses_one_wait_too_many() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let waits = waits();
        let mut clients = Vec::new();
        for _ in 0..MAX_WAITS {
            let (server, client) = pair(&listener);
            waits.park(server, 1, false);
            clients.push(client);
        }
        let (server, mut refused) = pair(&listener);
        waits.park(server, 1, false);
        let mut answer = String::new();
        refused.read_to_string(&mut answer).unwrap();
        assert!(answer.starts_with("HTTP/1.1 503 "), "{answer}");
        assert!(answer.contains("\r\nRetry-After: 1\r\n"), "{answer}");
        drop(clients.pop());
        std::thread::sleep(Duration::from_millis(50));
        waits.answer_due(1, Instant::now());
        assert_eq!(waits.waiting(), MAX_WAITS - 1);
    }
}
