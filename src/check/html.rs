//! Reading the start tags of built HTML, with their attributes: enough to find every link,
//! image and id of a page. The pages come from nianbao's own templates and Markdown
//! renderer, so this reads well-formed HTML; it skips comments and the insides of
//! `<script>` and `<style>`, and never looks at text.

/// A start tag: `<a href="../">`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    /// Lowercase: `a`, `img`, `link`.
    pub name: String,
    /// Names lowercase, values with character references decoded.
    pub attrs: Vec<(String, String)>,
    /// Byte offset of the `<`.
    pub at: usize,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Every start tag of `html`, in order.
pub fn tags(html: &str) -> Vec<Tag> {
    let mut tags = Vec::new();
    let mut i = 0;
    while let Some(found) = html[i..].find('<') {
        let at = i + found;
        let rest = &html[at + 1..];
        if let Some(comment) = rest.strip_prefix("!--") {
            i = comment
                .find("-->")
                .map_or(html.len(), |end| at + 4 + end + 3);
            continue;
        }
        let name_len = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        if name_len == 0 || !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            i = rest.find('>').map_or(html.len(), |end| at + 1 + end + 1);
            continue;
        }
        let name = rest[..name_len].to_ascii_lowercase();
        let (attrs, end) = attributes(html, at + 1 + name_len);
        i = end;
        if name == "script" || name == "style" {
            i = find_ignoring_case(html, end, &format!("</{name}")).unwrap_or(html.len());
        }
        tags.push(Tag { name, attrs, at });
    }
    tags
}

/// Reads attributes from `start` to the tag's `>`; returns them and the offset after it.
fn attributes(html: &str, start: usize) -> (Vec<(String, String)>, usize) {
    let bytes = html.as_bytes();
    let mut attrs = Vec::new();
    let mut i = start;
    let skip_space = |mut i: usize| {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        i
    };
    loop {
        i = skip_space(i);
        if i >= bytes.len() {
            return (attrs, bytes.len());
        }
        if bytes[i] == b'>' {
            return (attrs, i + 1);
        }
        let name_end = html[i..]
            .find(|c: char| c.is_ascii_whitespace() || "=>/".contains(c))
            .map_or(bytes.len(), |n| i + n);
        let name = html[i..name_end].to_ascii_lowercase();
        i = name_end;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] != b'=' {
            attrs.push((name, String::new()));
            continue;
        }
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let (value, after) = match bytes.get(i) {
            Some(&quote @ (b'"' | b'\'')) => {
                let end = html[i + 1..]
                    .find(quote as char)
                    .map_or(bytes.len(), |n| i + 1 + n);
                (&html[i + 1..end], (end + 1).min(bytes.len()))
            }
            _ => {
                let end = html[i..]
                    .find(|c: char| c.is_ascii_whitespace() || c == '>')
                    .map_or(bytes.len(), |n| i + n);
                (&html[i..end], end)
            }
        };
        attrs.push((name, crate::escape::unescape(value)));
        i = after;
    }
}

fn find_ignoring_case(html: &str, from: usize, needle: &str) -> Option<usize> {
    html.as_bytes()[from..]
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
        .map(|n| from + n)
}

pub use crate::escape::percent_decode;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tags_and_attributes() {
        let html = "<!DOCTYPE html><!-- <a href=\"no\"> --><html lang=zh-CN><a class=\"x\" href='../a?b=1&amp;c=2' hidden>文</a><img src=\"p.png\" alt=\"\"/>";
        let tags = tags(html);
        let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["html", "a", "img"]);
        assert_eq!(tags[0].attr("lang"), Some("zh-CN"));
        assert_eq!(tags[1].attr("href"), Some("../a?b=1&c=2"));
        assert_eq!(tags[1].attr("hidden"), Some(""));
        assert_eq!(tags[2].attr("alt"), Some(""));
        assert_eq!(tags[2].attr("title"), None);
    }

    #[test]
    fn skips_scripts_and_styles() {
        let html = "<script>var a = '<a href=\"x\">';</script><style>a>b{}</style><p id=\"main\">";
        let tags = tags(html);
        assert_eq!(tags.len(), 3);
        assert_eq!(tags[2].attr("id"), Some("main"));
    }

    #[test]
    fn decodes_percent_escapes_in_links() {
        assert_eq!(percent_decode("#%E6%88%90%E6%9E%9C"), "#成果");
        assert_eq!(percent_decode("100%"), "100%");
    }

    #[test]
    fn decodes_character_references() {
        assert_eq!(
            crate::escape::unescape("a&amp;b &#39;c&#x27; &lt;&gt; & &zz;"),
            "a&b 'c' <> & &zz;"
        );
    }
}
