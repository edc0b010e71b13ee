//! Markup and script written into content: in bodies, titles, labels, units, footnotes, link
//! targets, site.toml texts and base_url. A build shows it as text or drops it; it never
//! reaches a page, feed or chart as a tag, an event attribute or a script link. The claim is
//! checked on the built files by a small tag scanner (the browser proof is `browser.rs`).

mod common;

use common::*;

const SITE_TOML: &str = r#"
title = { zh = "<script>alert(101)</script>站点", en = "Site <img src=x onerror=alert(102)>" }
description = { zh = "\"><script>alert(103)</script>", en = "' onmouseover='alert(104)" }
publisher = { zh = "<base href=//evil.example/>", en = "</script><script>alert(105)</script>" }
base_url = "https://example.org/a&b=1&amp;c/%22onerror=alert(106)/"
"#;

const COVER: &str = r#"+++
title = { zh = "<svg onload=alert(201)>年度", en = "<iframe src=javascript:alert(202)>" }
publisher = { zh = "<object data=javascript:alert(203)>", en = "<embed src=x onerror=alert(204)>" }
summary = { zh = "<meta http-equiv=refresh content=0;url=javascript:alert(205)>", en = "&lt;b&gt;&#60;i&#62;" }
+++

::: zh
<iframe src="javascript:alert(206)"></iframe>{{ metric(id="evil") }}
:::

::: en
<a href="javascript:alert(207)">cover</a> {{ metric(id="evil") }}
:::
"#;

const SECTION: &str = r#"+++
title = { zh = "<script>alert(301)</script>标题", en = "<img src=x onerror=alert(302)>\"'" }

[metrics.evil]
value = VALUE
unit = { zh = "<script>alert(303)</script>", en = "<b onmouseover=alert(304)>x</b>" }
label = { zh = "<base href=\"https://evil.example/\">标签", en = "</title><script>alert(305)</script>" }
highlight = true
+++

::: zh
<script>alert(306)</script>
<img src=x onerror=alert(307)>

走访<img src=x onerror=alert(308)>{{ metric(id="evil") }} <base href="https://evil.example/"> <svg/onload=alert(309)>

[a](javascript:alert(310)) [b](JaVaScRiPt:alert(311)) [c](java&#x09;script:alert(312))
[d](&#106;avascript:alert(313)) [e](javascript&colon;alert(314)) [f](<java script:alert(315)>)
[g](data:text/html;base64,PHNjcmlwdD5hbGVydCgzMTYpPC9zY3JpcHQ+) [h](vbscript:msgbox(317))
![i](javascript:alert(318)) ![j<script>](data:image/svg+xml,<svg/onload=alert(319)>)
<javascript:alert(320)> [k][ref] [l](https://ok.example/ "t\" onmouseover=\"alert(321)")

[ref]: javascript:alert(322)

## 标题<script>alert(323)</script> {#x"onmouseover="alert(324)}

| <script>alert(325)</script> | `<script>alert(326)</script>` |
|---|---|
| <img src=x onerror=alert(327)> | [m](javascript:alert(328)) |

脚注[^<script>alert(329)</script>]

[^<script>alert(329)</script>]: <b onclick=alert(330)>注</b>
:::

::: en
<ScRiPt>alert(331)</ScRiPt> <scr<script>ipt>alert(332)</script>
[n](jav&#x0A;ascript:alert(333)) [o](&#x6A;avascript:alert(334)) [p](%6Aavascript:alert(335))
{{ metric(id="evil") }} "quoted" 'single' <style>body{background:url(javascript:alert(336))}</style>
:::
"#;

/// A two-year site (so charts and comparisons are drawn) carrying the payloads above.
fn hostile_site() -> TempSite {
    let site = TempSite::fixture("minimal");
    site.write("content/site.toml", SITE_TOML);
    for (year, value) in [("2018", "5"), ("2019", "7")] {
        site.write(&format!("content/{year}/_year.md"), COVER);
        site.write(
            &format!("content/{year}/03-xss.md"),
            &SECTION.replace("VALUE", value),
        );
    }
    site.write(
        "content/2019/01-survey.md",
        &site.read("content/2018/01-survey.md"),
    );
    site
}

/// A start tag as the scanner reads it.
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
    /// For `<script>` and `<style>`: the raw text up to the closing tag.
    content: String,
}

/// The start tags of an HTML or XML text, read the way a browser tokenizer reads them.
fn tags(text: &str) -> Vec<Tag> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(at) = text[i..].find('<').map(|n| n + i) {
        i = at + 1;
        if text[i..].starts_with("!--") {
            i = text[i..].find("-->").map_or(text.len(), |n| i + n + 3);
            continue;
        }
        if !bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name_len = text[i..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
            .unwrap_or(text.len() - i);
        let name = text[i..i + name_len].to_ascii_lowercase();
        i += name_len;
        let mut attrs = Vec::new();
        loop {
            i += text[i..]
                .find(|c: char| !(c.is_ascii_whitespace() || c == '/'))
                .unwrap_or(text.len() - i);
            if i >= text.len() || bytes[i] == b'>' {
                i += 1;
                break;
            }
            let len = text[i..]
                .find(|c: char| c.is_ascii_whitespace() || "=>/".contains(c))
                .unwrap_or(text.len() - i)
                .max(1);
            let attr = text[i..i + len].to_ascii_lowercase();
            i += len;
            let mut value = String::new();
            if text[i..].trim_start().starts_with('=') {
                i = text.len() - text[i..].trim_start().len() + 1;
                i = text.len() - text[i..].trim_start().len();
                let end = match bytes.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        i += 1;
                        text[i..].find(q as char).map_or(text.len(), |n| i + n)
                    }
                    _ => text[i..]
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .map_or(text.len(), |n| i + n),
                };
                value = text[i..end].to_string();
                i = (end + 1).min(text.len());
            }
            attrs.push((attr, value));
        }
        let mut content = String::new();
        if name == "script" || name == "style" {
            let end = text[i..]
                .to_ascii_lowercase()
                .find(&format!("</{name}"))
                .map_or(text.len(), |n| i + n);
            content = text[i.min(end)..end].to_string();
            i = end;
        }
        found.push(Tag {
            name,
            attrs,
            content,
        });
    }
    found
}

/// Character references decoded, as a browser does before it reads a URL's scheme.
fn decode(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        let end = rest.find(';').filter(|&n| n <= 10);
        let entity = end.map(|n| &rest[..n]).unwrap_or("");
        let numeric = entity
            .strip_prefix('#')
            .and_then(|n| match n.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => n.parse().ok(),
            });
        let named = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "colon" => Some(':'),
            "Tab" => Some('\t'),
            "NewLine" => Some('\n'),
            _ => None,
        };
        match numeric.and_then(char::from_u32).or(named) {
            Some(c) => {
                out.push(c);
                rest = &rest[end.unwrap() + 1..];
            }
            None => out.push('&'),
        }
    }
    out.push_str(rest);
    out
}

/// What is wrong with one start tag, if anything.
fn unsafe_tag(tag: &Tag) -> Option<String> {
    let attr = |name: &str| {
        tag.attrs
            .iter()
            .find(|(a, _)| a == name)
            .map(|(_, v)| v.as_str())
    };
    if [
        "base", "iframe", "object", "embed", "frame", "frameset", "applet",
    ]
    .contains(&tag.name.as_str())
    {
        return Some(format!("a <{}> tag", tag.name));
    }
    if tag.name == "meta" && attr("http-equiv").is_some() {
        return Some("a <meta http-equiv> tag".into());
    }
    if tag.name == "script" {
        let src = attr("src").unwrap_or_default();
        if src.is_empty()
            || src.contains(':')
            || src.starts_with("//")
            || !tag.content.trim().is_empty()
        {
            return Some(format!(
                "a script that is not one of the theme's files: src={src:?}, {:?}",
                tag.content
            ));
        }
    }
    for (name, value) in &tag.attrs {
        if name.starts_with("on") {
            return Some(format!(
                "an event attribute {name}={value:?} on <{}>",
                tag.name
            ));
        }
        let url: String = decode(value)
            .chars()
            .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
            .collect::<String>()
            .to_ascii_lowercase();
        let is_url = [
            "href",
            "src",
            "action",
            "formaction",
            "xlink:href",
            "data",
            "poster",
            "srcset",
        ]
        .contains(&name.as_str());
        let image = tag.name == "img" && url.starts_with("data:image/") && !url.contains("svg");
        let scheme = ["javascript:", "vbscript:", "data:"]
            .iter()
            .any(|s| url.starts_with(s));
        if (is_url && scheme && !image) || (name == "style" && url.contains("javascript")) {
            return Some(format!("{name}={value:?} on <{}>", tag.name));
        }
    }
    None
}

/// How many pages, feeds and drawings there are under `dir`, and every problem of its files.
fn scan(dir: &std::path::Path) -> (usize, Vec<String>) {
    let mut problems = Vec::new();
    let mut scanned = 0;
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        let relative = entry
            .path()
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        if text.contains(['\u{FDD0}', '\u{FDD1}', '\u{10FFFE}']) {
            problems.push(format!("{relative}: an internal mark was left in the text"));
        }
        let markup = [".html", ".xml", ".svg"]
            .iter()
            .any(|e| relative.ends_with(e));
        if markup {
            scanned += 1;
            // A feed's `type="html"` elements carry HTML escaped once: read them unescaped too.
            let mut layers = vec![text.clone()];
            for part in text.split("type=\"html\">").skip(1) {
                layers.push(decode(&part[..part.find("</").unwrap_or(part.len())]));
            }
            for layer in layers {
                problems.extend(
                    tags(&layer)
                        .iter()
                        .filter_map(unsafe_tag)
                        .map(|p| format!("{relative}: {p}")),
                );
            }
        }
        let data = (relative.starts_with("search/") && relative != "search/search.js")
            || relative.ends_with(".json");
        if data && text.contains('<') {
            problems.push(format!("{relative}: a raw `<` in script data"));
        }
    }
    problems.sort();
    problems.dedup();
    (scanned, problems)
}

#[test]
fn the_scanner_sees_what_a_browser_would_run() {
    let page = r#"<p title="a>b" onclick=x>t</p><a href=" java&#x09;script:x">a</a><script>x()</script>
        <img src="data:image/png;base64,AA" alt=""><!-- <script>no</script> --><BASE HREF=/>
        <script src="assets/search.js?v=1" defer></script><svg><a xlink:href="JavaScript:x"/></svg>"#;
    let problems: Vec<String> = tags(page).iter().filter_map(unsafe_tag).collect();
    assert_eq!(problems.len(), 5, "{problems:#?}");
    assert!(
        problems[0].starts_with("an event attribute onclick"),
        "{problems:#?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("a script that is not")),
        "{problems:#?}"
    );
    assert!(
        problems.iter().any(|p| p == "a <base> tag"),
        "{problems:#?}"
    );
}

/// The control: a site that opts in with `allow_html = true` publishes the body's markup as
/// written, and the scanner reports it; so a clean report above means something.
#[test]
fn the_scanner_finds_the_markup_a_site_opts_in_to() {
    let site = hostile_site();
    site.write(
        "content/site.toml",
        &format!("{SITE_TOML}allow_html = true\n"),
    );
    site.build();
    let (_, problems) = scan(&site.path("public"));
    let on_page = |text: &str| {
        problems
            .iter()
            .any(|p| p.starts_with("zh/2018/xss/index.html: ") && p.contains(text))
    };
    assert!(on_page("alert(306)"), "{problems:#?}");
    assert!(on_page("onerror=\"alert(307)\""), "{problems:#?}");
    assert!(on_page("a <base> tag"), "{problems:#?}");
}

#[test]
fn markup_in_content_never_reaches_a_page_as_markup_in_any_bundled_theme() {
    for theme in ["default", "gov"] {
        let site = hostile_site();
        site.write(
            "content/site.toml",
            &format!("{SITE_TOML}theme = \"{theme}\"\n"),
        );
        let output = site.run(&["build"]);
        assert!(output.status.success(), "{theme}: {}", stderr(&output));
        let (scanned, problems) = scan(&site.path("public"));
        assert!(scanned >= 30, "{theme}: only {scanned} pages");
        assert!(
            site.path("public/search/zh/2018.js").is_file(),
            "the search data moved"
        );
        assert!(
            problems.is_empty(),
            "{theme}: {} problems:\n{}",
            problems.len(),
            problems.join("\n")
        );
    }
}

#[test]
fn markup_in_titles_labels_and_units_is_shown_as_text() {
    let site = hostile_site();
    site.build();
    let zh = site.read("public/zh/2018/xss/index.html");
    for text in [
        "&lt;script&gt;alert(301)&lt;/script&gt;标题",
        "&lt;base href=&quot;https://evil.example/&quot;&gt;标签",
        "5&lt;script&gt;alert(303)&lt;/script&gt;",
        "&lt;script&gt;alert(306)&lt;/script&gt;",
    ] {
        assert!(
            zh.contains(text),
            "the page does not show {text} as text:\n{}",
            main_of(&zh)
        );
    }
    let en = site.read("public/en/2018/xss/index.html");
    assert!(
        en.contains("&lt;img src=x onerror=alert(302)&gt;"),
        "{}",
        main_of(&en)
    );
    assert!(
        en.contains("&lt;/title&gt;&lt;script&gt;alert(305)&lt;/script&gt;"),
        "{}",
        main_of(&en)
    );
    let home = site.read("public/zh/index.html");
    assert!(home.contains("&lt;script&gt;alert(101)&lt;/script&gt;站点"));
}

#[test]
fn script_links_are_dropped_and_their_text_kept() {
    let site = hostile_site();
    site.build();
    let page = site.read("public/zh/2018/xss/index.html");
    let main = main_of(&page);
    let links: Vec<String> = tags(main)
        .into_iter()
        .filter(|tag| tag.name == "a")
        .filter_map(|tag| tag.attrs.into_iter().find(|(a, _)| a == "href"))
        .map(|(_, href)| href)
        .collect();
    let external: Vec<&String> = links
        .iter()
        .filter(|href| !href.starts_with("../") && !href.starts_with('#'))
        .collect();
    assert_eq!(external, ["https://ok.example/"], "{links:#?}");
    assert!(
        main.contains("<p>a b c\nd e f\ng h\ni j&lt;script&gt;\n"),
        "{main}"
    );
    assert!(main.contains("<td>m</td>"), "{main}");
}
