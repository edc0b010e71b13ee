//! Answering one request from the preview: refusals first (foreign hosts, other methods,
//! path escapes), then serve's own files, then the built file a path names, or the site's
//! 404 page. HTML is served with the reload script and, while the latest edit does not
//! build, the error notice; the built files themselves never contain either.

use super::http::{Request, Response};
use super::preview::{Preview, Snapshot};
use super::route::{self, Lookup, Target};
use crate::escape;

const RELOAD_JS: &str = include_str!("reload.js");
const OVERLAY_CSS: &str = include_str!("overlay.css");

/// What a request gets.
#[derive(Debug)]
pub enum Answer {
    Now(Response),
    /// The reload script's question, asked with the version still served: it is answered
    /// with `version_response` when the version moves on (or after a while; see `waits`).
    WhenChanged(u64),
}

/// Answers `request`. `network` is set when the server listens beyond this computer.
pub fn respond(request: &Request, preview: &Preview, network: bool) -> Answer {
    if !route::host_allowed(request.host.as_deref(), network) {
        return Answer::Now(Response::text(
            403,
            "this preview answers only requests for localhost or 127.0.0.1",
        ));
    }
    if !matches!(request.method.as_str(), "GET" | "HEAD") {
        return Answer::Now(
            Response::text(405, "the preview only serves GET and HEAD")
                .header("Allow", "GET, HEAD"),
        );
    }
    match route::target(&request.target) {
        Err(why) => Answer::Now(Response::text(400, why)),
        Ok(Target::Internal { name, query }) => internal(&name, &query, preview),
        Ok(Target::Site { path, raw }) => Answer::Now(site_file(&path, &raw, &preview.snapshot())),
    }
}

/// Serve's own files: the reload script, the notice's style, and the version.
fn internal(name: &str, query: &str, preview: &Preview) -> Answer {
    let file = |text: &str| Response::new(200, route::content_type(name), text.as_bytes().to_vec());
    match name {
        "reload.js" => Answer::Now(file(RELOAD_JS)),
        "overlay.css" => Answer::Now(file(OVERLAY_CSS)),
        "version" => {
            let since = query
                .split('&')
                .find_map(|pair| pair.strip_prefix("since="))
                .and_then(|v| v.parse::<u64>().ok());
            let current = preview.snapshot().version;
            match since {
                Some(seen) if seen == current => Answer::WhenChanged(seen),
                _ => Answer::Now(version_response(current)),
            }
        }
        _ => Answer::Now(Response::text(404, "no such file of nianbao serve")),
    }
}

/// The answer to the reload script: the version now served.
pub fn version_response(version: u64) -> Response {
    Response::new(
        200,
        "text/plain; charset=utf-8",
        version.to_string().into_bytes(),
    )
}

fn site_file(path: &str, raw: &str, seen: &Snapshot) -> Response {
    let Some(build) = &seen.build else {
        // Nothing has built yet: every page is the error notice, and reloads once fixed.
        let page = page_with_notice(seen);
        return Response::new(500, "text/html; charset=utf-8", page);
    };
    let (status, key) = match route::lookup(&|p| build.contains(p), path, raw) {
        Lookup::File(key) => (200, key),
        Lookup::Redirect(location) => {
            return Response::text(308, "this is a folder").header("Location", location);
        }
        Lookup::NotFound if build.contains("404.html") => (404, "404.html".to_string()),
        Lookup::NotFound => return Response::text(404, "no such page in the site"),
    };
    let bytes = match build.get(&key) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Response::text(404, "no such page in the site"),
        Err(err) => {
            let failed = Snapshot {
                error: Some(err.to_string().into()),
                ..seen.clone()
            };
            return Response::new(500, "text/html; charset=utf-8", page_with_notice(&failed));
        }
    };
    let content_type = route::content_type(&key);
    let body = if content_type.starts_with("text/html") {
        inject(&bytes, seen)
    } else {
        bytes.as_ref().clone()
    };
    Response::new(status, content_type, body)
}

/// The tags `serve` adds to a served page: its style and script, and the error notice.
fn inject(html: &[u8], seen: &Snapshot) -> Vec<u8> {
    let html = String::from_utf8_lossy(html);
    let head = r#"<link rel="stylesheet" href="/__nianbao/overlay.css">"#;
    let script = format!(
        r#"<script src="/__nianbao/reload.js" data-version="{}"></script>"#,
        seen.version
    );
    let notice = seen.error.as_deref().map(notice).unwrap_or_default();
    let mut out = String::with_capacity(html.len() + notice.len() + 256);
    let head_end = find_ascii(&html, "</head>").unwrap_or(0);
    let body_start = find_ascii(&html, "<body")
        .and_then(|at| html[at..].find('>').map(|end| at + end + 1))
        .filter(|&at| at >= head_end)
        .unwrap_or(head_end);
    let body_end = find_ascii(&html, "</body>")
        .filter(|&at| at >= body_start)
        .unwrap_or(html.len());
    out.push_str(&html[..head_end]);
    out.push_str(head);
    out.push_str(&html[head_end..body_start]);
    out.push_str(&notice);
    out.push_str(&html[body_start..body_end]);
    out.push_str(&script);
    out.push_str(&html[body_end..]);
    out.into_bytes()
}

/// The error notice, the problems HTML-escaped exactly as the terminal shows them. It is a
/// `<details>` element, so a reader can fold it away without any script.
fn notice(error: &str) -> String {
    format!(
        concat!(
            r#"<div class="nianbao-error" role="alert"><details open><summary>"#,
            r#"<span class="nianbao-error-title" lang="zh-CN">最近的修改有错误，页面显示的是上一次成功生成的版本。</span>"#,
            r#"<span class="nianbao-error-title" lang="en">The latest edit does not build; this is the last good build.</span>"#,
            r#"</summary><pre lang="en">{}</pre>"#,
            r#"<p class="nianbao-error-hint" lang="en">Fix the file and save it: this notice goes away by itself.</p>"#,
            "</details></div>"
        ),
        escape::xml(error.trim_end())
    )
}

/// A page for when nothing has built yet: only the notice.
fn page_with_notice(seen: &Snapshot) -> Vec<u8> {
    let shell = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
                 <title>nianbao serve: the site does not build</title>\n</head>\n<body>\n</body>\n</html>\n";
    let seen = Snapshot {
        error: Some(
            seen.error
                .clone()
                .unwrap_or_else(|| "the site is building".into()),
        ),
        ..seen.clone()
    };
    inject(shell.as_bytes(), &seen)
}

/// The first place `needle` (ASCII) occurs, ignoring ASCII case.
fn find_ascii(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(error: Option<&str>) -> Snapshot {
        Snapshot {
            build: None,
            error: error.map(Into::into),
            version: 7,
        }
    }

    #[test]
    fn injects_the_script_and_style_as_files() {
        let page = "<!DOCTYPE html><html><head><title>t</title></head><body class=\"x\"><main>正文</main></body></html>";
        let out = String::from_utf8(inject(page.as_bytes(), &snapshot(None))).unwrap();
        assert!(out.contains(
            "<link rel=\"stylesheet\" href=\"/__nianbao/overlay.css\"></head><body class=\"x\"><main>正文</main>"
        ), "{out}");
        assert!(
            out.contains(
                "<script src=\"/__nianbao/reload.js\" data-version=\"7\"></script></body>"
            ),
            "{out}"
        );
        assert!(!out.contains("nianbao-error"), "{out}");
    }

    #[test]
    fn escapes_the_error_it_shows() {
        let page = "<html><head></head><body><main>last good</main></body></html>";
        let error = "error: unknown approx \"<script>alert(1)</script>\"";
        let out = String::from_utf8(inject(page.as_bytes(), &snapshot(Some(error)))).unwrap();
        assert!(
            out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{out}"
        );
        assert!(!out.contains("<script>alert"), "{out}");
        assert!(out.contains("<main>last good</main>"), "{out}");
        assert!(!out.contains("style="), "{out}");
    }

    #[test]
    fn shows_the_error_when_nothing_has_built() {
        let out = String::from_utf8(page_with_notice(&snapshot(Some("error: x & y")))).unwrap();
        assert!(out.contains("error: x &amp; y"), "{out}");
        assert!(out.contains("reload.js"), "{out}");
    }
}
