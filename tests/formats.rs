//! Every output format stays well-formed whatever an editor writes in front matter, in the
//! text of a block or as a download's name, proved with real parsers: XML (feeds, sitemap, SVG charts) with roxmltree, JSON with serde_json,
//! CSV with csv, the search index's JSON inside its script, and HTML checked for text that
//! escaped its escaping. Texts with control characters, bidirectional controls or
//! noncharacters are refused with their `file:line`; download names are refused the same way
//! or percent-encoded in their links.
//!
//! `cargo test` builds 48 fuzzed sites in memory; a longer run:
//! `PROPTEST_CASES=2000 cargo test --test formats`.

mod common;

use std::path::Path;

use common::*;
use proptest::prelude::*;

#[test]
fn links_downloads_by_their_percent_encoded_names() {
    let site = TempSite::fixture("minimal");
    std::fs::write(site.path("content/2018/a b#c?d.pdf"), b"%PDF").unwrap();
    std::fs::write(site.path("content/2018/报告 100%.xlsx"), b"PK").unwrap();
    site.build();
    let cover = site.read("public/zh/2018/index.html");
    for href in [
        "href=\"../../files/2018/a%20b%23c%3Fd.pdf\"",
        "href=\"../../files/2018/%E6%8A%A5%E5%91%8A%20100%25.xlsx\"",
    ] {
        assert!(cover.contains(href), "no {href} in:\n{}", main_of(&cover));
    }
    assert_eq!(site.read("public/files/2018/a b#c?d.pdf"), "%PDF");
    assert_eq!(site.read("public/files/2018/报告 100%.xlsx"), "PK");
}

#[cfg(unix)]
#[test]
fn refuses_download_names_with_bidi_or_control_characters() {
    for (name, message, shown) in [
        (
            "invoice\u{202E}fdp.exe",
            "error: the file name `invoice\\u{202e}fdp.exe` holds an invisible bidirectional control (U+202E)",
            "--> content/2018/invoice\u{FFFD}fdp.exe",
        ),
        (
            "bell\u{7}.pdf",
            "error: the file name `bell\\u{7}.pdf` holds a control character (U+0007)",
            "--> content/2018/bell\u{FFFD}.pdf",
        ),
    ] {
        let site = TempSite::fixture("minimal");
        std::fs::write(site.path(&format!("content/2018/{name}")), b"x").unwrap();
        let output = site.run(&["build"]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{err}");
        assert!(err.contains(message), "no {message:?} in:\n{err}");
        assert!(err.contains(shown), "no {shown:?} in:\n{err}");
        assert!(!site.path("public").exists());
    }
}

/// The texts a fuzzed site is made of, each written into its place in front matter.
#[derive(Clone, Debug)]
struct Texts {
    site_title: String,
    year_title: String,
    summary: String,
    section_title: String,
    label: String,
    unit: String,
    /// A paragraph of the sections' text.
    body: String,
    download: String,
}

impl Texts {
    fn all(&self) -> [&str; 6] {
        [
            &self.site_title,
            &self.year_title,
            &self.summary,
            &self.section_title,
            &self.label,
            &self.unit,
        ]
    }
}

/// Text made of what breaks formats: markup, quotes, CDATA ends, controls, bidirectional
/// controls, private-use characters and noncharacters, citations, and anything at all.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<x-probe>".to_string()),
        Just("</script><x-probe>".to_string()),
        Just("]]><x-probe>".to_string()),
        Just("<!--x-probe-->".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("&amp;".to_string()),
        Just("&".to_string()),
        Just(",".to_string()),
        Just("\n".to_string()),
        Just("\t".to_string()),
        Just("\\".to_string()),
        Just("\u{1}".to_string()),
        Just("\u{1b}[31m".to_string()),
        Just("\u{7f}".to_string()),
        Just("\u{85}".to_string()),
        Just("\u{202E}".to_string()),
        Just("\u{2067}".to_string()),
        Just("\u{2028}".to_string()),
        Just("\u{E000}0\u{E001}".to_string()),
        Just("\u{FDD0}".to_string()),
        Just("\u{FFFF}".to_string()),
        Just("{{ metric(id=\"resident_visits\") }}".to_string()),
        Just("{{ b }}".to_string()),
        "[走访居民a-z ]{1,6}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..6).prop_map(|pieces| pieces.concat())
}

/// A download's name: what a file system allows, with what breaks links and readers.
fn download_name() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just(" ".to_string()),
        Just("#".to_string()),
        Just("?".to_string()),
        Just("%".to_string()),
        Just("&".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("<x-probe>".to_string()),
        Just("\u{202E}".to_string()),
        Just("\u{1}".to_string()),
        "[报告a-z0-9]{1,4}",
    ];
    prop::collection::vec(piece, 0..5).prop_map(|pieces| format!("d{}.pdf", pieces.concat()))
}

fn texts() -> impl Strategy<Value = Texts> {
    (
        [
            hostile_text(),
            hostile_text(),
            hostile_text(),
            hostile_text(),
            hostile_text(),
            hostile_text(),
            hostile_text(),
        ],
        download_name(),
        any::<bool>(),
    )
        .prop_map(|(t, download, clean)| {
            let [
                site_title,
                year_title,
                summary,
                section_title,
                label,
                unit,
                body,
            ] = t;
            // Half the sites hold only what is published, so that half of them build.
            let kept = |text: &str| match clean {
                true => text
                    .chars()
                    .filter(|&c| nianbao::written::refused(c).is_none())
                    .collect::<String>()
                    .replace("{{", "{"),
                false => text.to_string(),
            };
            // A text starts with a letter: one that is empty in both languages is another error.
            let named = |text: &str| format!("题{}", kept(text));
            let download = kept(&download);
            Texts {
                site_title: named(&site_title),
                year_title: named(&year_title),
                summary: named(&summary),
                section_title: named(&section_title),
                label: named(&label),
                unit: named(&unit),
                body: kept(&body),
                download,
            }
        })
}

/// A TOML basic string holding `text` exactly: every control character escaped.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Writes the fuzzed texts into a two-year site (so charts are drawn) under `root`.
fn write_site(root: &Path, texts: &Texts) {
    let text = |t: &str| format!("{{ zh = {}, en = {} }}", toml_string(t), toml_string(t));
    let write = |relative: &str, content: &str| {
        let path = root.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    };
    write(
        "content/site.toml",
        &format!(
            "title = {}\ndescription = {}\npublisher = {}\nbase_url = \"https://example.org/r/\"\n",
            text(&texts.site_title),
            text(&texts.summary),
            text(&texts.label)
        ),
    );
    for (year, value) in [("2018", "17000"), ("2019", "18000")] {
        write(
            &format!("content/{year}/_year.md"),
            &format!(
                "+++\ntitle = {}\npublisher = {}\nsummary = {}\n+++\n\n::: zh\n走访{{{{ metric(id=\"resident_visits\") }}}}。\n:::\n",
                text(&texts.year_title),
                text(&texts.label),
                text(&texts.summary)
            ),
        );
        write(
            &format!("content/{year}/01-survey.md"),
            &format!(
                "+++\ntitle = {}\n\n[metrics.resident_visits]\nvalue = {value}\nunit = {}\nlabel = {}\nhighlight = true\n+++\n\n::: zh\n{}\n\n走访{{{{ metric(id=\"resident_visits\") }}}}。\n:::\n\n::: en\n{}\n\nVisits: {{{{ metric(id=\"resident_visits\") }}}}.\n:::\n",
                text(&texts.section_title),
                text(&texts.unit),
                text(&texts.label),
                texts.body,
                texts.body
            ),
        );
    }
    write(&format!("content/2018/{}", texts.download), "%PDF");
}

/// Undoes the escaping of HTML text and attributes: named and numeric references.
fn unescape_html(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|&n| n <= 10);
        let entity = end.map_or("", |n| &rest[1..n]);
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity.strip_prefix('#').and_then(|n| {
                let code = match n.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => n.parse().ok(),
                };
                code.and_then(char::from_u32)
            }),
        };
        match (decoded, end) {
            (Some(c), Some(end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// What is wrong with one built file, if anything.
fn malformed(path: &str, bytes: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(bytes).ok()?;
    if path.ends_with(".xml") || path.ends_with(".svg") {
        let doc = match roxmltree::Document::parse(text) {
            Ok(doc) => doc,
            Err(err) => return Some(format!("not XML: {err}")),
        };
        if doc.descendants().any(|n| n.tag_name().name() == "x-probe") {
            return Some("an <x-probe> element from a text".into());
        }
    } else if path.ends_with(".json") {
        if let Err(err) = serde_json::from_str::<serde_json::Value>(text) {
            return Some(format!("not JSON: {err}"));
        }
    } else if path.starts_with("search/") && path.ends_with(".js") && path != "search/search.js" {
        // `(function (i) { …; x.docs = x.docs.concat([…]); })(…);`: the documents are JSON.
        let json = text
            .split_once(".concat(")
            .and_then(|(_, data)| data.rsplit_once("); })").map(|(docs, _)| docs));
        let parsed = json.map(serde_json::from_str::<serde_json::Value>);
        if !matches!(parsed, Some(Ok(_))) {
            return Some(format!("the index is not JSON: {parsed:?}"));
        }
    } else if path.ends_with(".csv") {
        let body = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let mut reader = csv::Reader::from_reader(body.as_bytes());
        let columns = reader.headers().ok()?.len();
        for record in reader.records() {
            match record {
                Ok(record) if record.len() == columns => {}
                other => return Some(format!("a broken CSV record: {other:?}")),
            }
        }
    } else if path.ends_with(".html") {
        if text.contains("<x-probe") || text.contains("<!--x-probe") {
            return Some("markup from a text".into());
        }
        if text.contains(|c: char| c.is_control() && !"\t\n\r".contains(c)) {
            return Some("a control character".into());
        }
    }
    None
}

/// Why a text is refused, as nianbao says it, if it is.
fn refused(text: &str) -> bool {
    nianbao::written::first_refused(text).is_some()
        || text
            .match_indices("{{")
            .any(|(at, _)| nianbao::written::opens_call(&text[at..]))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(48)))]

    #[test]
    fn every_output_parses_or_the_text_is_refused_at_its_line(texts in texts()) {
        let site = TempSite::empty("formats");
        copy_tree(&repo().join("themes"), &site.path("themes"));
        write_site(&site.root, &texts);
        let expect_refused = texts.all().iter().any(|t| refused(t))
            || nianbao::written::first_refused(&texts.body).is_some()
            || nianbao::written::first_refused(&texts.download).is_some();
        match nianbao::site::render_in_memory(&site.root, None) {
            Err(problems) => {
                prop_assert!(expect_refused, "refused:\n{}", problems);
                for problem in problems.iter().filter(|p| p.severity == nianbao::diagnostics::Severity::Error) {
                    let file_name = problem.message.starts_with("the file name");
                    let at = problem.location.as_ref();
                    prop_assert!(
                        at.is_some_and(|at| file_name || at.line > 0),
                        "{}", problem.message
                    );
                    let known = ["holds", "a citation cannot stand in"];
                    prop_assert!(known.iter().any(|k| problem.message.contains(k)), "{}", problem.message);
                }
            }
            Ok((files, _)) => {
                prop_assert!(!expect_refused, "built {:?}", texts);
                for file in &files {
                    if let Some(problem) = malformed(&file.path, &file.bytes) {
                        prop_assert!(false, "{}: {}", file.path, problem);
                    }
                }
                let page = |path: &str| {
                    let file = files.iter().find(|f| f.path == path).expect("the page is built");
                    String::from_utf8(file.bytes.clone()).unwrap()
                };
                let section = page("zh/2018/survey/index.html");
                let h1 = section.split_once("<h1>").and_then(|(_, h)| h.split_once("</h1>"));
                let shown = h1.map(|(h, _)| unescape_html(h));
                prop_assert_eq!(shown.as_deref(), Some(texts.section_title.trim()));
                let cover = page("zh/2018/index.html");
                let href = format!("files/2018/{}", percent_encoded(&texts.download));
                prop_assert!(cover.contains(&href), "no {} in the cover", href);
            }
        }
    }
}

/// Percent-encodes every byte but the unreserved ones: the test's own encoder.
fn percent_encoded(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `default` cases, unless `PROPTEST_CASES` asks for another number.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}
