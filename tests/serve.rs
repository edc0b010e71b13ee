//! `nianbao serve` as an editor uses it: the server runs on a free port of this computer, a
//! saved edit changes the served page, a broken edit shows its error over the last good
//! page, and whatever a request tries, only the built site is served, to this computer only.
//! `public/` is never touched. Changes are awaited with a generous deadline; only what a
//! visitor would feel is timed: a page load beside idle, slow and waiting connections, and
//! how soon Ctrl-C stops the server.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::serve::*;
use common::*;

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
        ("/search/zh/2018.js", "text/javascript; charset=utf-8"),
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

#[test]
fn serves_every_page_under_the_content_security_policy_of_a_published_site() {
    let (site, _) = site_with_public();
    let server = Server::start(&site, &[]);
    for target in ["/", "/zh/", "/en/2018/survey/", "/__nianbao/reload.js"] {
        let reply = server.get(target);
        let policy = reply
            .header("content-security-policy")
            .unwrap_or_else(|| panic!("{target} has no Content-Security-Policy"));
        assert!(
            policy.contains("default-src 'self'") && policy.contains("script-src 'self'"),
            "{target}: {policy}"
        );
        assert!(!policy.contains("unsafe-inline"), "{target}: {policy}");
    }
}

#[test]
fn a_save_caught_halfway_never_shows_an_error() {
    let (site, _) = site_with_public();
    let server = Server::start(&site, &[]);
    let version: u64 = server
        .get("/__nianbao/version")
        .body
        .trim()
        .parse()
        .unwrap();
    // An editor that empties the file, then writes it whole 50 ms later.
    let text = site
        .read(SURVEY)
        .replace("问题解决率", "半途保存后的问题解决率");
    site.write(SURVEY, "");
    std::thread::sleep(Duration::from_millis(50));
    site.write(SURVEY, &text);
    server.page_when("/zh/2018/survey/", "the whole save to be served", |p| {
        p.contains("半途保存后的")
    });
    let now: u64 = server
        .get("/__nianbao/version")
        .body
        .trim()
        .parse()
        .unwrap();
    assert_eq!(
        now,
        version + 1,
        "the empty file was shown as an error in between"
    );
}

#[test]
fn a_save_that_changes_no_byte_reloads_nothing() {
    let (site, _) = site_with_public();
    let server = Server::start(&site, &[]);
    let version = server.get("/__nianbao/version").body;
    // An editor saving an unchanged file, twice, and a touch of a theme file.
    let text = site.read(SURVEY);
    site.write(SURVEY, &text);
    site.write(SURVEY, &text);
    let style = "themes/default/templates/section.html";
    site.write(style, &site.read(style));
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        server.get("/__nianbao/version").body,
        version,
        "reloaded for nothing"
    );
    // A real edit still reloads.
    site.write(SURVEY, &text.replace("问题解决率", "新的问题解决率"));
    eventually("the edit to change the version", || {
        let now = server.get("/__nianbao/version").body;
        (now != version).then_some(())
    });
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

/// Connections that send nothing, as a browser's spare ones or an attacker's do.
fn idle_connections(server: &Server, count: usize) -> Vec<TcpStream> {
    (0..count)
        .map(|_| TcpStream::connect(server.address).unwrap())
        .collect()
}

/// A page load, timed; its reply must be a page or a "come back" that says when.
fn page_load_beside_others(server: &Server) -> Duration {
    let started = Instant::now();
    let reply = server.get("/zh/2018/survey/");
    let took = started.elapsed();
    match reply.status {
        200 => assert!(reply.body.contains("全年走访居民"), "{}", reply.body),
        503 => assert_eq!(reply.header("Retry-After"), Some("1"), "{}", reply.head),
        _ => panic!("a page load got no useful answer: {:?}", reply.head),
    }
    took
}

/// The reply to a request already sent on `stream`, or what arrived before it closed.
fn reply_on(stream: &mut TcpStream, within: Duration) -> Reply {
    stream.set_read_timeout(Some(within)).unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    Reply::parse(&raw)
}

#[test]
fn answers_a_page_load_beside_80_idle_connections() {
    let site = TempSite::fixture("minimal");
    let server = Server::start(&site, &[]);
    let _idle = idle_connections(&server, 80);
    let took = page_load_beside_others(&server);
    assert!(took < Duration::from_secs(2), "the page took {took:?}");
}

#[test]
fn answers_every_request_of_200_clients_at_once() {
    let site = TempSite::fixture("minimal");
    let server = Server::start(&site, &[]);
    let (address, host) = (server.address, server.host());
    let start = Arc::new(std::sync::Barrier::new(200));
    let clients: Vec<_> = (0..200)
        .map(|_| {
            let (host, start) = (host.clone(), Arc::clone(&start));
            std::thread::spawn(move || {
                let request = format!("GET /zh/ HTTP/1.1\r\nHost: {host}\r\n\r\n");
                start.wait();
                (0..20)
                    .filter(|_| {
                        let mut raw = Vec::new();
                        let answered = TcpStream::connect_timeout(&address, DEADLINE)
                            .and_then(|mut stream| {
                                stream.set_read_timeout(Some(DEADLINE))?;
                                stream.write_all(request.as_bytes())?;
                                stream.read_to_end(&mut raw)
                            })
                            .is_ok();
                        !(answered && raw.starts_with(b"HTTP/1.1 "))
                    })
                    .count()
            })
        })
        .collect();
    let unanswered: usize = clients.into_iter().map(|c| c.join().unwrap()).sum();
    assert_eq!(unanswered, 0, "of 4000 requests");
}

#[test]
fn answers_every_connection_beyond_capacity_with_503_and_retry_after() {
    let site = TempSite::fixture("minimal");
    let server = Server::start(&site, &[]);
    let mut idle = idle_connections(&server, 300);
    let took = page_load_beside_others(&server);
    assert!(took < Duration::from_secs(2), "the page took {took:?}");
    for stream in idle.iter_mut().rev().take(20) {
        let reply = reply_on(stream, Duration::from_secs(2));
        assert_eq!(reply.status, 503, "{:?}", reply.head);
        assert_eq!(reply.header("Retry-After"), Some("1"), "{}", reply.head);
    }
}

#[test]
fn times_out_a_request_head_that_trickles_in_with_408() {
    let site = TempSite::fixture("minimal");
    let server = Server::start(&site, &[]);
    let head = format!("GET / HTTP/1.1\r\nHost: {}\r\nX-Slow: ", server.host());
    let mut slow = TcpStream::connect(server.address).unwrap();
    slow.write_all(head.as_bytes()).unwrap();
    let mut idle = TcpStream::connect(server.address).unwrap();
    let started = Instant::now();
    // One byte every half second: each read arrives well within any per-read timeout.
    slow.set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    while started.elapsed() < Duration::from_secs(12) {
        if slow.write_all(b"a").is_err() || slow.peek(&mut [0; 1]).is_ok() {
            break;
        }
    }
    let reply = reply_on(&mut slow, Duration::from_secs(1));
    assert_eq!(reply.status, 408, "the slow client got {:?}", reply.head);
    assert_eq!(reply_on(&mut idle, Duration::from_secs(1)).status, 408);
}

#[test]
fn answers_80_live_reload_waits_at_the_next_change_and_page_loads_meanwhile() {
    let site = TempSite::fixture("minimal");
    let server = Server::start(&site, &[]);
    let version = server.get("/__nianbao/version").body;
    let question = format!(
        "GET /__nianbao/version?since={version} HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.host()
    );
    let mut waiting: Vec<TcpStream> = (0..80)
        .map(|_| {
            let mut stream = TcpStream::connect(server.address).unwrap();
            stream.write_all(question.as_bytes()).unwrap();
            stream
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let took = page_load_beside_others(&server);
    assert!(took < Duration::from_secs(2), "the page took {took:?}");
    site.write(
        SURVEY,
        &site.read(SURVEY).replace("全年走访居民", "全年共走访居民"),
    );
    for stream in &mut waiting {
        let reply = reply_on(stream, DEADLINE);
        assert_eq!(reply.status, 200, "{:?}", reply.head);
        assert_ne!(reply.body, version, "answered before the site changed");
    }
}

#[test]
fn shows_a_notice_while_content_is_renamed_away() {
    let site = TempSite::fixture("minimal");
    let server = Server::start(&site, &[]);
    assert!(
        !server
            .get("/zh/2018/survey/")
            .body
            .contains("nianbao-error")
    );
    std::fs::rename(site.path("content"), site.path("content-old")).unwrap();
    let page = server.page_when("/zh/2018/survey/", "the notice", |p| {
        p.contains("nianbao-error")
    });
    assert!(page.contains("content/ is gone"), "{page}");
    assert!(page.contains("全年走访居民"), "the last good page is gone");
    let out = eventually("the terminal to say so", || {
        let out = server.stdout.lock().unwrap().clone();
        out.contains("content/ does not build").then_some(out)
    });
    assert!(out.contains("keeps the last good build"), "{out}");
    std::fs::rename(site.path("content-old"), site.path("content")).unwrap();
    server.page_when("/zh/2018/survey/", "the notice to go", |p| {
        !p.contains("nianbao-error") && p.contains("全年走访居民")
    });
}

#[cfg(unix)]
#[test]
fn stops_within_a_second_of_sigterm_with_a_named_pipe_in_content() {
    let site = TempSite::fixture("minimal");
    let mut server = Server::start(&site, &[]);
    let made = Command::new("mkfifo")
        .arg(site.path("content/2018/03-pipe.md"))
        .status()
        .unwrap();
    assert!(made.success());
    // Time for the watcher to see the pipe and for a rebuild to try it.
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(server.get("/").status, 200, "the last good build is served");
    let pid = server.child.id().to_string();
    let sent = Instant::now();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let stopped = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            sent.elapsed() < Duration::from_secs(1),
            "still running a second after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    if cfg!(target_os = "linux") {
        assert!(stopped.success(), "{stopped:?}");
    }
}
