//! Publishing to a plain static host: the site built for a sub-path is served under that
//! sub-path by a real HTTP server (Python's http.server), and every internal link and asset
//! of every page resolves. Also: the default build links to `index.html` files, so it works
//! opened from disk; `--links directories` gives clean addresses.

mod common;

use common::*;
use std::collections::{BTreeSet, VecDeque};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SUB_PATH: &str = "/reports/nanxi/";

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// GET `path`; the status code and body.
fn get(port: u16, path: &str) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let head_end = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(response.len());
    let status = String::from_utf8_lossy(&response[..head_end])
        .split(' ')
        .nth(1)
        .unwrap_or("0")
        .parse()
        .unwrap_or(0);
    (
        status,
        response[(head_end + 4).min(response.len())..].to_vec(),
    )
}

/// Every `href="…"`, `src="…"` and form `action="…"` of a page.
fn references(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in ["href=\"", "src=\"", "action=\""] {
        for part in html.split(attribute).skip(1) {
            found.push(part[..part.find('"').unwrap()].replace("&amp;", "&"));
        }
    }
    found
}

/// Resolves a reference against the page's path; `None` for other hosts and fragments.
fn resolve(page: &str, reference: &str) -> Option<String> {
    if reference.contains("://") || reference.starts_with("mailto:") || reference.starts_with('#') {
        return None;
    }
    let reference = reference.split(['#', '?']).next().unwrap();
    let mut parts: Vec<&str> = if reference.starts_with('/') {
        Vec::new()
    } else {
        page.trim_end_matches(|c| c != '/')
            .split('/')
            .filter(|p| !p.is_empty())
            .collect()
    };
    for part in reference.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let trailing = if reference.ends_with('/') || reference.is_empty() {
        "/"
    } else {
        ""
    };
    Some(format!("/{}{trailing}", parts.join("/")).replace("//", "/"))
}

#[test]
fn sub_path_site_resolves_every_link_on_a_real_server() {
    let site = TempSite::bundled();
    let built = site.run(&["build", "--base-url", "https://example.org/reports/nanxi/"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let www = site.path("www");
    std::fs::create_dir_all(www.join("reports")).unwrap();
    std::fs::rename(site.path("public"), www.join("reports/nanxi")).unwrap();
    let port = free_port();
    let _server = Server(
        Command::new("python3")
            .args([
                "-m",
                "http.server",
                &port.to_string(),
                "--bind",
                "127.0.0.1",
                "--directory",
            ])
            .arg(&www)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 runs"),
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    // Pages link to `index.html` files, the landing page's too.
    let start = format!("{SUB_PATH}index.html");
    let mut queue = VecDeque::from([start.clone()]);
    let mut seen = BTreeSet::from([start]);
    let mut broken = Vec::new();
    let mut pages = 0;
    while let Some(path) = queue.pop_front() {
        let (status, body) = get(port, &path);
        if status != 200 {
            broken.push(format!("{path}: {status}"));
            continue;
        }
        if !(path.ends_with('/') || path.ends_with(".html")) {
            continue;
        }
        pages += 1;
        let html = String::from_utf8_lossy(&body);
        for reference in references(&html) {
            let Some(target) = resolve(&path, &reference) else {
                continue;
            };
            assert!(
                target.starts_with(SUB_PATH),
                "{path} links outside the sub-path: {reference}"
            );
            if seen.insert(target.clone()) {
                queue.push_back(target);
            }
        }
    }
    assert!(broken.is_empty(), "broken links: {broken:?}");
    let html_files = manifest(&www)
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .count();
    assert_eq!(
        pages,
        html_files - 1,
        "every page but 404.html is reachable by a link"
    );
    assert!(seen.contains("/reports/nanxi/data/metrics.csv"));
}

#[test]
fn the_default_build_links_to_index_files_so_it_opens_from_disk() {
    let site = TempSite::fixture("minimal");
    let built = site.run(&["build"]);
    assert!(built.status.success(), "{}", stderr(&built));
    // Search results too: the index names each page's file.
    let index = site.read("public/search/zh/2018.js");
    assert!(
        index.contains("\"url\": \"zh/2018/survey/index.html\""),
        "{index}"
    );
    let public = site.path("public");
    let mut checked = 0;
    let pages = manifest(&public)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html") && p != "404.html");
    for (page, _) in pages {
        let html = site.read(&format!("public/{page}"));
        for reference in references(&html) {
            let Some(target) = resolve(&format!("/{page}"), &reference) else {
                continue;
            };
            let file = public.join(target.trim_start_matches('/'));
            assert!(
                !target.ends_with('/'),
                "{page} links to a folder: {reference}"
            );
            assert!(file.is_file(), "{page}: {reference} is not a file");
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked}");
}

#[test]
fn links_directories_gives_clean_addresses() {
    let site = TempSite::fixture("minimal");
    let built = site.run(&["build", "--links", "directories"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let page = site.read("public/zh/2018/survey/index.html");
    assert!(page.contains("href=\"../../../en/2018/survey/\""), "{page}");
    assert!(!page.contains("index.html\""), "{page}");
    let index = site.read("public/search/zh/2018.js");
    assert!(index.contains("\"url\": \"zh/2018/survey/\""), "{index}");
}
