//! A running `nianbao serve` for the tests that talk to it (`serve.rs`),
//! and the replies it gives.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::TempSite;

/// Long enough for any machine; a change normally shows within half a second.
pub const DEADLINE: Duration = Duration::from_secs(30);

/// A running `nianbao serve`, stopped when dropped.
pub struct Server {
    pub child: Child,
    pub address: SocketAddr,
    pub stdout: Arc<Mutex<String>>,
}

impl Server {
    pub fn start(site: &TempSite, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .args(["serve", "--port", "0"])
            .args(extra)
            .current_dir(&site.root)
            .env("LC_ALL", "C")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("nianbao serve starts");
        let stdout = Arc::new(Mutex::new(String::new()));
        drain(child.stdout.take().unwrap(), Arc::clone(&stdout));
        drain(
            child.stderr.take().unwrap(),
            Arc::new(Mutex::new(String::new())),
        );
        let address = eventually("the server to say where it listens", || {
            let out = stdout.lock().unwrap();
            let rest = out.split("serving the site at http://").nth(1)?;
            rest.split('/').next()?.parse().ok()
        });
        Server {
            child,
            address,
            stdout,
        }
    }

    pub fn host(&self) -> String {
        self.address.to_string()
    }

    pub fn get(&self, target: &str) -> Reply {
        self.request("GET", target, Some(&self.host()))
    }

    pub fn request(&self, method: &str, target: &str, host: Option<&str>) -> Reply {
        let mut head = format!("{method} {target} HTTP/1.1\r\n");
        if let Some(host) = host {
            head.push_str(&format!("Host: {host}\r\n"));
        }
        head.push_str("Connection: close\r\n\r\n");
        let mut stream = TcpStream::connect(self.address).unwrap();
        stream.set_read_timeout(Some(DEADLINE)).unwrap();
        stream.write_all(head.as_bytes()).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        Reply::parse(&raw)
    }

    /// The page at `target`, once `ready` holds for it.
    pub fn page_when(&self, target: &str, what: &str, ready: impl Fn(&str) -> bool) -> String {
        eventually(what, || {
            let page = self.get(target).body;
            ready(&page).then_some(page)
        })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn drain(pipe: impl Read + Send + 'static, into: Arc<Mutex<String>>) {
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            let mut text = into.lock().unwrap();
            text.push_str(&line);
            text.push('\n');
        }
    });
}

pub fn eventually<T>(what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let started = Instant::now();
    loop {
        if let Some(value) = check() {
            return value;
        }
        assert!(started.elapsed() < DEADLINE, "gave up waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Reply {
    pub fn parse(raw: &[u8]) -> Reply {
        let text = String::from_utf8_lossy(raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        Reply {
            status,
            head: head.to_string(),
            body: body.to_string(),
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}
