//! `nianbao serve` as an editor uses it: the server runs on a free port of this computer, a
//! saved edit changes the served page, a broken edit shows its error over the last good
//! page, and whatever a request tries, only the built site is served, to this computer only.
//! `public/` is never touched. Nothing here is timed: changes are awaited with a generous
//! deadline.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;

/// Long enough for any machine; a change normally shows within half a second.
const DEADLINE: Duration = Duration::from_secs(30);

/// A running `nianbao serve`, stopped when dropped.
struct Server {
    child: Child,
    address: SocketAddr,
    stdout: Arc<Mutex<String>>,
}

impl Server {
    fn start(site: &TempSite, extra: &[&str]) -> Server {
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

    fn host(&self) -> String {
        self.address.to_string()
    }

    fn get(&self, target: &str) -> Reply {
        self.request("GET", target, Some(&self.host()))
    }

    fn request(&self, method: &str, target: &str, host: Option<&str>) -> Reply {
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
    fn page_when(&self, target: &str, what: &str, ready: impl Fn(&str) -> bool) -> String {
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

fn drain(pipe: impl Read + Send + 'static, into: Arc<Mutex<String>>) {
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            let mut text = into.lock().unwrap();
            text.push_str(&line);
            text.push('\n');
        }
    });
}

fn eventually<T>(what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let started = Instant::now();
    loop {
        if let Some(value) = check() {
            return value;
        }
        assert!(started.elapsed() < DEADLINE, "gave up waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    fn parse(raw: &[u8]) -> Reply {
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

    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// A site with a built `public/` and a file of the publisher's own in it.
fn site_with_public() -> (TempSite, Vec<(String, u64)>) {
    let site = TempSite::fixture("minimal");
    site.build();
    site.write("public/CNAME", "reports.example.org\n");
    let before = manifest(&site.path("public"));
    (site, before)
}

const SURVEY: &str = "content/2018/01-survey.md";

#[test]
fn serves_the_built_site_with_its_reload_script() {
    let site = TempSite::fixture("minimal");
    let server = Server::start(&site, &[]);
    let page = server.get("/zh/2018/survey/");
    assert_eq!(page.status, 200, "{}", page.head);
    assert_eq!(
        page.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert!(page.body.contains("全年走访居民"), "{}", page.body);
    assert!(
        page.body
            .contains("<script src=\"/__nianbao/reload.js\" data-version=\"")
    );
    assert!(!page.body.contains("nianbao-error"));
    assert_eq!(server.get("/en/2018/").status, 200);
    let script = server.get("/__nianbao/reload.js");
    assert_eq!(
        script.header("Content-Type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(script.body.contains("/__nianbao/version"));
    assert!(!site.path("public").exists(), "serve wrote public/");
}

#[test]
fn serves_each_kind_of_file_with_its_type() {
    let site = TempSite::fixture("minimal");
    let server = Server::start(&site, &[]);
    let cases = [
        ("/", "text/html; charset=utf-8"),
        ("/favicon.svg", "image/svg+xml"),
        ("/data/metrics.csv", "text/csv; charset=utf-8"),
        ("/data/metrics.json", "application/json"),
        ("/sitemap.xml", "application/xml"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/search/zh.js", "text/javascript; charset=utf-8"),
        ("/__nianbao/overlay.css", "text/css; charset=utf-8"),
    ];
    for (target, content_type) in cases {
        let reply = server.get(target);
        assert_eq!(reply.status, 200, "{target}");
        assert_eq!(reply.header("Content-Type"), Some(content_type), "{target}");
        assert_eq!(
            reply.header("Access-Control-Allow-Origin"),
            None,
            "{target}"
        );
    }
    let folder = server.get("/zh/2018");
    assert_eq!(folder.status, 308);
    assert_eq!(folder.header("Location"), Some("/zh/2018/"));
}

#[test]
fn answers_unknown_paths_with_the_sites_404_page_and_lists_no_folder() {
    let site = TempSite::fixture("minimal");
    let server = Server::start(&site, &[]);
    for target in ["/zh/2018/no-such-section/", "/assets/", "/data/"] {
        let reply = server.get(target);
        assert_eq!(reply.status, 404, "{target}");
        assert!(reply.body.contains("Page not found"), "{target}");
        assert!(
            !reply.body.contains("metrics.csv"),
            "{target} lists a folder"
        );
    }
}

#[test]
fn shows_an_edit_to_a_section_file() {
    let (site, before) = site_with_public();
    let server = Server::start(&site, &[]);
    let first = server.get("/zh/2018/survey/").body;
    assert!(!first.contains("新增的一句话"));
    let text = site
        .read(SURVEY)
        .replace("问题解决率", "新增的一句话。问题解决率");
    site.write(SURVEY, &text);
    let page = server.page_when("/zh/2018/survey/", "the edit to be served", |p| {
        p.contains("新增的一句话")
    });
    assert_ne!(
        version_of(&first),
        version_of(&page),
        "the reload script sees no change"
    );
    assert_eq!(
        manifest(&site.path("public")),
        before,
        "serve changed public/"
    );
}

fn version_of(page: &str) -> &str {
    page.split("data-version=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the page has the reload script")
}

#[test]
fn keeps_the_last_good_page_under_the_escaped_error_of_a_broken_edit() {
    let (site, before) = site_with_public();
    let server = Server::start(&site, &[]);
    let good = site.read(SURVEY);
    site.write(
        SURVEY,
        &good.replace("approx = \"over\"", "approx = \"<b>ovr</b>\""),
    );
    let page = server.page_when("/zh/2018/survey/", "the error to be shown", |p| {
        p.contains("nianbao-error")
    });
    assert!(page.contains("unknown approx"), "{page}");
    assert!(page.contains("&lt;b&gt;ovr&lt;/b&gt;"), "{page}");
    assert!(!page.contains("<b>ovr</b>"), "the error is not escaped");
    assert!(page.contains("全年走访居民"), "the last good page is gone");
    assert!(page.contains("--&gt; content/2018/01-survey.md:"), "{page}");
    let other = server.get("/en/");
    assert!(
        other.body.contains("nianbao-error"),
        "not every page shows it"
    );
    site.write(SURVEY, &good.replace("全年走访居民", "全年共走访居民"));
    let fixed = server.page_when("/zh/2018/survey/", "the error to clear", |p| {
        !p.contains("nianbao-error")
    });
    assert!(fixed.contains("全年共走访居民"), "{fixed}");
    assert_eq!(
        manifest(&site.path("public")),
        before,
        "serve changed public/"
    );
}

#[test]
fn shows_the_error_until_a_site_that_never_built_is_fixed() {
    let site = TempSite::fixture("minimal");
    let good = site.read(SURVEY);
    site.write(SURVEY, &good.replace("+++\n\n::: zh", "\n::: zh"));
    let server = Server::start(&site, &[]);
    let reply = server.get("/zh/2018/survey/");
    assert_eq!(reply.status, 500);
    assert!(reply.body.contains("nianbao-error"), "{}", reply.body);
    site.write(SURVEY, &good);
    server.page_when("/zh/2018/survey/", "the site to build", |p| {
        p.contains("全年走访居民") && !p.contains("nianbao-error")
    });
}

#[test]
fn refuses_path_traversal() {
    let site = TempSite::fixture("minimal");
    site.write("secret.txt", "do not serve");
    let server = Server::start(&site, &[]);
    for target in [
        "/../secret.txt",
        "/zh/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/zh/..%5c..%5csecret.txt",
        "/zh\\..\\..\\secret.txt",
        "/..\\secret.txt",
        "//secret.txt",
        "http://127.0.0.1/secret.txt",
        "http://evil.example/zh/",
        "*",
    ] {
        let reply = server.get(target);
        assert_eq!(reply.status, 400, "{target} was not refused");
        assert!(!reply.body.contains("do not serve"), "{target}");
    }
    assert_eq!(server.get("/%2e%2e%252f/secret.txt").status, 404);
}

#[test]
fn refuses_requests_for_other_hosts() {
    let site = TempSite::fixture("minimal");
    let server = Server::start(&site, &[]);
    let port = server.address.port();
    for host in [
        Some("evil.example".to_string()),
        Some(format!("evil.example:{port}")),
        Some(format!("localhost.evil.example:{port}")),
        Some(format!("192.168.1.5:{port}")),
        None,
    ] {
        let reply = server.request("GET", "/zh/", host.as_deref());
        assert_eq!(reply.status, 403, "{host:?} was served");
    }
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}")] {
        assert_eq!(
            server.request("GET", "/zh/", Some(&host)).status,
            200,
            "{host}"
        );
    }
}

#[test]
fn answers_get_and_head_only() {
    let site = TempSite::fixture("minimal");
    let server = Server::start(&site, &[]);
    let host = server.host();
    let head = server.request("HEAD", "/zh/", Some(&host));
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
        let reply = server.request(method, "/zh/", Some(&host));
        assert_eq!(reply.status, 405, "{method}");
        assert_eq!(reply.header("Allow"), Some("GET, HEAD"));
    }
}

#[test]
fn exits_with_a_clear_message_when_the_port_is_taken() {
    let site = TempSite::fixture("minimal");
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = site.run(&["serve", "--port", &port]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains(&format!(
            "error: port {port} is already in use on 127.0.0.1"
        )),
        "{err}"
    );
    assert!(err.contains("--port"), "{err}");
}

#[test]
fn warns_when_serving_beyond_this_computer() {
    let site = TempSite::fixture("minimal");
    let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["serve", "--port", "0", "--bind", "0.0.0.0"])
        .current_dir(&site.root)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(line.starts_with("warning: serving on 0.0.0.0:"), "{line}");
}

#[cfg(unix)]
#[test]
fn stops_cleanly_on_ctrl_c() {
    let site = TempSite::fixture("minimal");
    let mut server = Server::start(&site, &[]);
    assert_eq!(server.get("/").status, 200);
    let pid = server.child.id().to_string();
    let sent = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(sent.success());
    let status = eventually("the server to stop", || server.child.try_wait().unwrap());
    if cfg!(target_os = "linux") {
        assert!(status.success(), "{status:?}");
        let out = eventually("the last words", || {
            let out = server.stdout.lock().unwrap().clone();
            out.contains("stopped").then_some(out)
        });
        assert!(out.ends_with("stopped\n"), "{out}");
    }
    assert!(
        TcpStream::connect(server.address).is_err(),
        "still listening"
    );
}
