//! Just enough HTTP/1.1 for a preview on one's own computer: read one request head (GET or
//! HEAD, no body), write one response, close the connection. Everything that is not a plain
//! request for a path is refused before anything looks at the site.

use std::io::{self, Read, Write};

/// The most a request head (request line and headers) may take.
pub const MAX_HEAD: usize = 8 * 1024;
/// The most header lines a request may have.
const MAX_HEADERS: usize = 64;

/// The parts of a request the server looks at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The request target exactly as sent: `/zh/2018/?x=1`.
    pub target: String,
    /// The `Host` header, if there was exactly one.
    pub host: Option<String>,
}

impl Request {
    /// Whether the response carries no body.
    pub fn is_head(&self) -> bool {
        self.method == "HEAD"
    }
}

/// A request that cannot be answered normally, with the status to answer it with.
#[derive(Debug, PartialEq, Eq)]
pub enum BadRequest {
    /// The client closed the connection before its request was whole: no one to answer.
    Gone,
    /// Malformed, or more than the server accepts: answered with this status.
    Status(u16, &'static str),
}

/// Reads one request head from `stream`, never more than `MAX_HEAD` bytes. A read that
/// times out (the reader's deadline passed) is answered with 408.
pub fn read_request(stream: &mut impl Read) -> Result<Request, BadRequest> {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    loop {
        if let Some(end) = head_end(&head) {
            head.truncate(end);
            break;
        }
        if head.len() > MAX_HEAD {
            return Err(BadRequest::Status(431, "the request head is too large"));
        }
        match stream.read(&mut chunk) {
            Ok(0) => return Err(BadRequest::Gone),
            Ok(n) => head.extend_from_slice(&chunk[..n]),
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err)
                if matches!(
                    err.kind(),
                    io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
                ) =>
            {
                return Err(BadRequest::Status(
                    408,
                    "the request did not arrive in time",
                ));
            }
            Err(_) => return Err(BadRequest::Gone),
        }
    }
    let head = std::str::from_utf8(&head)
        .map_err(|_| BadRequest::Status(400, "the request head is not UTF-8"))?;
    parse_head(head)
}

/// Where the head ends: the first empty line.
fn head_end(bytes: &[u8]) -> Option<usize> {
    let crlf = bytes.windows(4).position(|w| w == b"\r\n\r\n");
    let lf = bytes.windows(2).position(|w| w == b"\n\n");
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Parses a request line and its headers.
pub fn parse_head(head: &str) -> Result<Request, BadRequest> {
    let bad = |why| BadRequest::Status(400, why);
    let mut lines = head
        .split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line));
    let request_line = lines.next().unwrap_or_default();
    let parts: Vec<&str> = request_line.split(' ').collect();
    let [method, target, version] = parts[..] else {
        return Err(bad("the request line is malformed"));
    };
    if !matches!(version, "HTTP/1.1" | "HTTP/1.0") {
        return Err(BadRequest::Status(
            505,
            "only HTTP/1.0 and HTTP/1.1 are spoken",
        ));
    }
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(bad("the method is malformed"));
    }
    if target.is_empty() || target.bytes().any(|b| b <= b' ' || b == 0x7F) {
        return Err(bad("the request target is malformed"));
    }
    let mut host = None;
    let mut hosts = 0;
    for (count, line) in lines.enumerate() {
        if count >= MAX_HEADERS {
            return Err(BadRequest::Status(431, "too many headers"));
        }
        if line.starts_with([' ', '\t']) {
            return Err(bad("folded header lines are not accepted"));
        }
        let (name, value) = line
            .split_once(':')
            .ok_or(bad("a header line is malformed"))?;
        if name.is_empty() || name.contains([' ', '\t']) {
            return Err(bad("a header name is malformed"));
        }
        if name.eq_ignore_ascii_case("host") {
            hosts += 1;
            host = Some(value.trim().to_string());
        }
    }
    Ok(Request {
        method: method.to_string(),
        target: target.to_string(),
        host: if hosts == 1 { host } else { None },
    })
}

/// One response: a status, headers and a body.
#[derive(Clone, Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

/// Headers every response carries: nothing is cached, nothing is shared with other sites.
const COMMON_HEADERS: &[(&str, &str)] = &[
    ("Cache-Control", "no-store"),
    ("X-Content-Type-Options", "nosniff"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
    ("Referrer-Policy", "no-referrer"),
    (
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'",
    ),
    ("Connection", "close"),
];

impl Response {
    pub fn new(status: u16, content_type: &str, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body,
        }
    }

    /// A short plain-text answer, for refusals and errors.
    pub fn text(status: u16, message: &str) -> Response {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            format!("{status} {}: {message}\n", reason(status)).into_bytes(),
        )
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }

    /// Writes the response; the body is left out for a HEAD request.
    pub fn write_to(&self, out: &mut impl Write, head_only: bool) -> io::Result<()> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        for (name, value) in COMMON_HEADERS {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\n\r\n", self.body.len()));
        out.write_all(head.as_bytes())?;
        if !head_only {
            out.write_all(&self.body)?;
        }
        out.flush()
    }
}

/// The reason phrase of each status the server sends.
pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(raw: &str) -> Result<Request, BadRequest> {
        read_request(&mut raw.as_bytes())
    }

    #[test]
    fn reads_a_browser_request() {
        let request =
            read("GET /zh/2018/ HTTP/1.1\r\nHost: 127.0.0.1:1111\r\nAccept: */*\r\n\r\n").unwrap();
        assert_eq!(request.method, "GET");
        assert_eq!(request.target, "/zh/2018/");
        assert_eq!(request.host.as_deref(), Some("127.0.0.1:1111"));
    }

    #[test]
    fn refuses_malformed_and_oversized_heads() {
        let status = |raw: &str| match read(raw) {
            Err(BadRequest::Status(status, _)) => status,
            other => panic!("{raw:?} gave {other:?}"),
        };
        assert_eq!(status("GET /\r\n\r\n"), 400);
        assert_eq!(status("GET / HTTP/2\r\n\r\n"), 505);
        assert_eq!(status("get / HTTP/1.1\r\n\r\n"), 400);
        assert_eq!(status("GET /a b HTTP/1.1\r\n\r\n"), 400);
        assert_eq!(status("GET / HTTP/1.1\r\nHost\r\n\r\n"), 400);
        assert_eq!(status("GET / HTTP/1.1\r\nA: b\r\n  folded\r\n\r\n"), 400);
        let huge = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_HEAD * 2));
        assert_eq!(status(&huge), 431);
        let many = format!("GET / HTTP/1.1\r\n{}\r\n", "A: b\r\n".repeat(100));
        assert_eq!(status(&many), 431);
    }

    #[test]
    fn forgets_the_host_when_it_is_sent_twice() {
        let request = read("GET / HTTP/1.1\r\nHost: localhost\r\nhost: evil.test\r\n\r\n");
        assert_eq!(request.unwrap().host, None);
    }

    #[test]
    fn treats_a_closed_connection_as_gone() {
        assert_eq!(read("GET / HTTP/1.1\r\n"), Err(BadRequest::Gone));
    }

    #[test]
    fn answers_a_head_that_does_not_arrive_in_time_with_408() {
        struct Slow<'a>(&'a [u8]);
        impl Read for Slow<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                match self.0.split_first() {
                    Some((&byte, rest)) => {
                        self.0 = rest;
                        buf[0] = byte;
                        Ok(1)
                    }
                    None => Err(io::ErrorKind::WouldBlock.into()),
                }
            }
        }
        let partial = read_request(&mut Slow(b"GET / HTTP/1.1\r\nHo"));
        assert!(
            matches!(partial, Err(BadRequest::Status(408, _))),
            "{partial:?}"
        );
        let nothing = read_request(&mut Slow(b""));
        assert!(
            matches!(nothing, Err(BadRequest::Status(408, _))),
            "{nothing:?}"
        );
    }

    #[test]
    fn writes_no_body_for_head() {
        let mut out = Vec::new();
        Response::text(404, "no such page")
            .write_to(&mut out, true)
            .unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.starts_with("HTTP/1.1 404 Not Found\r\n"), "{out}");
        assert!(out.contains("Content-Length: 28\r\n"), "{out}");
        assert!(out.ends_with("\r\n\r\n"), "{out}");
        assert!(!out.contains("Access-Control"), "{out}");
    }
}
