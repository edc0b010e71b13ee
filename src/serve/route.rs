//! From a request to what answers it: which requests are refused (a foreign `Host`, a path
//! that tries to escape), which built file a path names, and the type of each file.

use std::net::IpAddr;

/// Where the files of `serve` itself live: never a path of the site.
pub const INTERNAL: &str = "__nianbao/";

/// What a request target asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A file of `serve` itself (`reload.js`), with the query string.
    Internal { name: String, query: String },
    /// A site path (`zh/2018/`), decoded; `raw` is the path as sent, for redirects.
    Site { path: String, raw: String },
}

/// Reads a request target. Only plain paths are accepted: no absolute-form
/// (`http://host/x`), no `..` or `.` segment (however encoded), no backslash.
pub fn target(raw: &str) -> Result<Target, &'static str> {
    if !raw.starts_with('/') || raw.starts_with("//") {
        return Err("only paths on this server are served");
    }
    let end = raw.find(['?', '#']).unwrap_or(raw.len());
    let (raw_path, rest) = raw.split_at(end);
    let query = rest.strip_prefix('?').unwrap_or("");
    let path = percent_decode(raw_path).ok_or("the path is not valid percent-encoded UTF-8")?;
    if path.contains(['\\', '\0']) || path.chars().any(char::is_control) {
        return Err("the path holds a backslash or a control character");
    }
    if path
        .split('/')
        .any(|segment| segment == ".." || segment == ".")
    {
        return Err("the path tries to leave the site");
    }
    let path = path[1..].to_string();
    if let Some(name) = path.strip_prefix(INTERNAL) {
        return Ok(Target::Internal {
            name: name.to_string(),
            query: query.to_string(),
        });
    }
    Ok(Target::Site {
        path,
        raw: raw_path.to_string(),
    })
}

/// Decodes `%XX` escapes; `None` for a broken escape or bytes that are not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// What a site path names in a build.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    /// The built file with this output path.
    File(String),
    /// A folder asked for without its slash: where to send the browser.
    Redirect(String),
    NotFound,
}

/// Finds the built file for a site path: a folder's `index.html`, never a listing.
pub fn lookup(exists: &dyn Fn(&str) -> bool, path: &str, raw: &str) -> Lookup {
    if path.is_empty() || path.ends_with('/') {
        let index = format!("{path}index.html");
        return match exists(&index) {
            true => Lookup::File(index),
            false => Lookup::NotFound,
        };
    }
    if exists(path) {
        Lookup::File(path.to_string())
    } else if exists(&format!("{path}/index.html")) {
        Lookup::Redirect(format!("{raw}/"))
    } else {
        Lookup::NotFound
    }
}

/// Whether a request's `Host` names this computer. A web page elsewhere can point a name
/// it controls at 127.0.0.1 (DNS rebinding); refusing foreign names keeps it out. When the
/// server listens on the network (`--bind`), any address written as an IP is accepted too.
pub fn host_allowed(host: Option<&str>, network: bool) -> bool {
    let Some(host) = host else {
        return false;
    };
    let name = match host.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((inside, port)) if valid_port(port) => inside,
            _ => return false,
        },
        None => match host.split_once(':') {
            Some((name, port)) if valid_port(&format!(":{port}")) => name,
            Some(_) => return false,
            None => host,
        },
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    if name == "localhost" {
        return true;
    }
    match name.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback() || network,
        Err(_) => false,
    }
}

fn valid_port(port: &str) -> bool {
    match port.strip_prefix(':') {
        None => port.is_empty(),
        Some(digits) => !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()),
    }
}

/// The `Content-Type` of a built file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    let extension = name.rsplit_once('.').map_or("", |(_, ext)| ext);
    match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "doc" => "application/msword",
        "xls" => "application/vnd.ms-excel",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn site(path: &str) -> String {
        match target(path) {
            Ok(Target::Site { path, .. }) => path,
            other => panic!("{path} gave {other:?}"),
        }
    }

    #[test]
    fn decodes_paths_in_any_script() {
        assert_eq!(site("/zh/2018/"), "zh/2018/");
        assert_eq!(site("/"), "");
        assert_eq!(
            site("/files/2018/%E6%8A%A5%E5%91%8A.pdf?x=1"),
            "files/2018/报告.pdf"
        );
        assert_eq!(site("/a%2520b"), "a%20b");
    }

    #[test]
    fn refuses_every_way_out_of_the_site() {
        for bad in [
            "/../etc/passwd",
            "/zh/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2e%2fetc%2fpasswd",
            "/zh/%2e%2e%5c%2e%2e%5cwindows",
            "/zh\\..\\secret",
            "/./zh/",
            "http://127.0.0.1:1111/zh/",
            "//evil.example/",
            "*",
            "/%zz",
            "/%ff",
            "/a%00b",
        ] {
            assert!(target(bad).is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn keeps_serves_own_files_apart() {
        assert_eq!(
            target("/__nianbao/version?since=3"),
            Ok(Target::Internal {
                name: "version".into(),
                query: "since=3".into()
            })
        );
    }

    #[test]
    fn serves_index_files_and_redirects_bare_folders() {
        let files: HashMap<String, ()> = ["index.html", "zh/2018/index.html", "sitemap.xml"]
            .into_iter()
            .map(|p| (p.to_string(), ()))
            .collect();
        assert_eq!(
            lookup(&|p| files.contains_key(p), "", "/"),
            Lookup::File("index.html".into())
        );
        assert_eq!(
            lookup(&|p| files.contains_key(p), "zh/2018/", "/zh/2018/"),
            Lookup::File("zh/2018/index.html".into())
        );
        assert_eq!(
            lookup(&|p| files.contains_key(p), "zh/2018", "/zh/2018"),
            Lookup::Redirect("/zh/2018/".into())
        );
        assert_eq!(
            lookup(&|p| files.contains_key(p), "zh/", "/zh/"),
            Lookup::NotFound
        );
        assert_eq!(
            lookup(&|p| files.contains_key(p), "sitemap.xml/", "/sitemap.xml/"),
            Lookup::NotFound
        );
    }

    #[test]
    fn accepts_only_hosts_that_name_this_computer() {
        for good in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST",
            "127.0.0.2",
            "[::1]:1111",
        ] {
            assert!(host_allowed(Some(good), false), "{good}");
        }
        for bad in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "192.168.1.5:1111",
            "127.0.0.1:x",
            "[::1",
            "",
        ] {
            assert!(!host_allowed(Some(bad), false), "{bad}");
        }
        assert!(!host_allowed(None, false));
        assert!(host_allowed(Some("192.168.1.5:1111"), true));
        assert!(!host_allowed(Some("evil.example"), true));
    }

    #[test]
    fn names_the_types_a_site_holds() {
        assert_eq!(content_type("zh/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("data/metrics.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("favicon.svg"), "image/svg+xml");
        assert_eq!(content_type("assets/x.WOFF2"), "font/woff2");
        assert_eq!(content_type("files/2018/report.pdf"), "application/pdf");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }
}
