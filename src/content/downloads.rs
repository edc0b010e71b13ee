//! Which files of a year's folder may be published as downloads. A download is served from
//! the site's own address, so a page or script among them would run with the site's
//! authority and pass its Content-Security-Policy: raw HTML in Markdown is refused unless
//! the site opts in (`allow_html = true`), and so is active content among the downloads.

use std::path::Path;
use std::sync::Arc;

use super::Year;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};

/// File types a browser runs or renders as a page of the site.
const ACTIVE: &[&str] = &[
    "html", "htm", "xhtml", "xht", "shtml", "mht", "mhtml", "js", "mjs", "cjs", "xsl", "xslt",
    "swf",
];

/// An error for each download that is active content, unless the site allows it.
pub fn active_content(years: &[Arc<Year>], allow_html: bool, root: &Path) -> Diagnostics {
    let mut problems = Diagnostics::new();
    if allow_html {
        return problems;
    }
    for year in years {
        for attachment in &year.attachments {
            let Some(why) = active(&attachment.name, &attachment.bytes) else {
                continue;
            };
            let shown =
                super::shown_path(root, &format!("content/{}/{}", year.year, attachment.name));
            problems.push(
                Diagnostic::error(format!(
                    "{} would be published as a download, but {why}",
                    shown.display()
                ))
                .at(Location::file(&shown))
                .hint("remove it from the year's folder (or zip it); a site that means to publish it sets allow_html = true in site.toml"),
            );
        }
    }
    problems
}

/// Why a download is active content, if it is.
fn active(name: &str, bytes: &[u8]) -> Option<String> {
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())?;
    if ACTIVE.contains(&extension.as_str()) {
        return Some(format!(
            "a .{extension} file is a page or script that would run on the site's own address"
        ));
    }
    if extension == "svg" || extension == "svgz" {
        return svg_is_active(bytes)
            .then(|| "this SVG picture holds a script, an event handler or embedded HTML".into());
    }
    None
}

/// An SVG that can run code: `<script>`, `on…=` handlers, `javascript:` links, or
/// `<foreignObject>` (HTML inside the picture). A compressed `.svgz` cannot be looked into
/// here and counts as active.
fn svg_is_active(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return true;
    }
    let text = String::from_utf8_lossy(bytes).to_ascii_lowercase();
    let handler = text
        .match_indices(" on")
        .chain(text.match_indices("\non"))
        .chain(text.match_indices("\ton"))
        .any(|(at, found)| {
            let rest = &text[at + found.len()..];
            let name_len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
            name_len > 0 && rest[name_len..].trim_start().starts_with('=')
        });
    handler
        || [
            "<script",
            "javascript:",
            "<foreignobject",
            "<iframe",
            "<embed",
            "<object",
        ]
        .iter()
        .any(|tag| text.contains(tag))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_scripts_are_active_documents_are_not() {
        for name in ["a.html", "b.HTM", "c.xhtml", "d.js", "e.mjs", "f.shtml"] {
            assert!(active(name, b"").is_some(), "{name}");
        }
        for name in [
            "report.pdf",
            "data.xlsx",
            "photo.jpg",
            "README",
            "plan.docx",
        ] {
            assert!(active(name, b"<script>").is_none(), "{name}");
        }
    }

    #[test]
    fn an_svg_is_active_only_when_it_can_run_code() {
        let plain =
            br#"<svg xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10"/></svg>"#;
        assert!(active("chart.svg", plain).is_none());
        for svg in [
            r#"<svg><script>alert(1)</script></svg>"#,
            r#"<svg><rect onload="alert(1)"/></svg>"#,
            r#"<svg><rect
onclick = "x()"/></svg>"#,
            r#"<svg><a href="JavaScript:alert(1)">x</a></svg>"#,
            r#"<svg><foreignObject><div>x</div></foreignObject></svg>"#,
        ] {
            assert!(active("chart.svg", svg.as_bytes()).is_some(), "{svg}");
        }
        assert!(active("x.svgz", &[0x1f, 0x8b, 8]).is_some());
    }
}
