//! Metric citations in a body: `{{ metric(id="resident_visits") }}`. The figure is written
//! once in front matter; the text names it and each language renders it in its own notation.

use std::ops::Range;

use crate::diagnostics::Diagnostic;
use crate::source::SourceFile;
use crate::toml_source::closest;

/// Marks where the n-th citation stands in a body's Markdown. Private-use characters are
/// plain text to a Markdown parser, so the marks survive parsing untouched.
pub const MARK_OPEN: char = '\u{E000}';
pub const MARK_CLOSE: char = '\u{E001}';

/// One language block's Markdown, with each citation replaced by a mark.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Body {
    pub markdown: String,
    pub citations: Vec<Citation>,
    /// The line of the file the block's text starts on.
    pub first_line: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Citation {
    pub metric: String,
    /// Where the citation stands in the source file.
    pub span: Range<usize>,
}

/// Reads a block's text, replacing citations by marks; malformed ones are reported.
pub fn parse(source: &SourceFile, range: Range<usize>) -> (Body, Vec<Diagnostic>) {
    let text = &source.text[range.clone()];
    let mut body = Body {
        markdown: String::with_capacity(text.len()),
        citations: Vec::new(),
        first_line: source.line_of(range.start),
    };
    let mut problems = Vec::new();
    let mut unreported = 0;
    let mut report = |problem: &dyn Fn() -> Diagnostic| {
        if problems.len() < super::MAX_ERRORS_PER_FILE {
            problems.push(problem());
        } else {
            unreported += 1;
        }
    };
    let mut rest = 0;
    while let Some(found) = text[rest..].find("{{") {
        let start = rest + found;
        body.markdown.push_str(&text[rest..start]);
        let span = |len: usize| range.start + start..range.start + start + len;
        match citation(&text[start..]) {
            Parsed::NotACall => {
                body.markdown.push_str("{{");
                rest = start + 2;
            }
            Parsed::Metric { id, len } => {
                body.markdown.push(MARK_OPEN);
                body.markdown.push_str(&body.citations.len().to_string());
                body.markdown.push(MARK_CLOSE);
                body.citations.push(Citation {
                    metric: id.to_string(),
                    span: span(len),
                });
                rest = start + len;
            }
            Parsed::OtherFunction { name, len } => {
                let hint = match closest(name, &["metric"]) {
                    Some(_) => "did you mean `metric`?".to_string(),
                    None => "the one function of a body is {{ metric(id=\"…\") }}".to_string(),
                };
                report(&|| {
                    Diagnostic::error(format!("unknown function `{name}` in the text"))
                        .at(source.location(span(len)))
                        .hint(hint.clone())
                });
                rest = start + len;
            }
            Parsed::Malformed { len } => {
                report(&|| {
                    Diagnostic::error("malformed metric citation")
                        .at(source.location(span(len)))
                        .hint("write it as {{ metric(id=\"resident_visits\") }}")
                });
                rest = start + len;
            }
        }
    }
    body.markdown.push_str(&text[rest..]);
    if unreported > 0 {
        problems.push(super::more_errors(
            source,
            unreported,
            "malformed citations",
        ));
    }
    (body, problems)
}

enum Parsed<'a> {
    NotACall,
    Metric { id: &'a str, len: usize },
    OtherFunction { name: &'a str, len: usize },
    Malformed { len: usize },
}

/// Parses `{{ name(id="x") }}` at the start of `text`.
fn citation(text: &str) -> Parsed<'_> {
    let mut cursor = Cursor { text, at: 2 };
    cursor.spaces();
    let name = cursor.take_while(|c| c.is_ascii_alphanumeric() || c == '_');
    cursor.spaces();
    if name.is_empty() || !cursor.eat("(") {
        return Parsed::NotACall;
    }
    let id = cursor.argument();
    let closed = cursor.eat(")") && {
        cursor.spaces();
        cursor.eat("}}")
    };
    // A broken citation is reported up to the end of its line or its `}}`.
    let len = if closed {
        cursor.at
    } else {
        let line_end = text.find('\n').unwrap_or(text.len());
        text[..line_end].find("}}").map_or(line_end, |i| i + 2)
    };
    match (name, id, closed) {
        ("metric", Some(id), true) => Parsed::Metric { id, len },
        ("metric", _, _) => Parsed::Malformed { len },
        (name, _, _) => Parsed::OtherFunction { name, len },
    }
}

struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn spaces(&mut self) {
        self.take_while(char::is_whitespace);
    }

    fn take_while(&mut self, keep: impl Fn(char) -> bool) -> &'a str {
        let rest = &self.text[self.at..];
        let len = rest.find(|c| !keep(c)).unwrap_or(rest.len());
        self.at += len;
        &rest[..len]
    }

    fn eat(&mut self, token: &str) -> bool {
        let found = self.text[self.at..].starts_with(token);
        if found {
            self.at += token.len();
        }
        found
    }

    /// `id = "value"` (single or double quotes), returning the value.
    fn argument(&mut self) -> Option<&'a str> {
        self.spaces();
        if !self.eat("id") {
            return None;
        }
        self.spaces();
        if !self.eat("=") {
            return None;
        }
        self.spaces();
        let quote = self.text[self.at..]
            .chars()
            .next()
            .filter(|c| *c == '"' || *c == '\'')?;
        self.at += 1;
        let value = self.take_while(|c| c != quote && c != '\n');
        if !self.eat(&quote.to_string()) {
            return None;
        }
        self.spaces();
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn read(text: &str) -> (Body, Vec<String>) {
        let source = SourceFile::new(Path::new("a.md"), text.to_string());
        let (body, problems) = parse(&source, 0..text.len());
        (body, problems.into_iter().map(|p| p.message).collect())
    }

    #[test]
    fn replaces_citations_with_marks() {
        let (body, problems) =
            read("走访居民{{ metric(id=\"resident_visits\") }},企业{{metric(id='firms')}}。");
        assert!(problems.is_empty());
        assert_eq!(
            body.markdown,
            "走访居民\u{E000}0\u{E001},企业\u{E000}1\u{E001}。"
        );
        let ids: Vec<&str> = body.citations.iter().map(|c| c.metric.as_str()).collect();
        assert_eq!(ids, ["resident_visits", "firms"]);
    }

    #[test]
    fn leaves_other_braces_alone() {
        let (body, problems) = read("a {{ b }} and {{ and {x}");
        assert!(problems.is_empty());
        assert_eq!(body.markdown, "a {{ b }} and {{ and {x}");
    }

    #[test]
    fn reports_unknown_functions_and_malformed_calls() {
        let (_, problems) =
            read("{{ metrc(id=\"a\") }} {{ metric(name=\"a\") }}\n{{ metric(id=\"a\" }}");
        assert_eq!(
            problems,
            [
                "unknown function `metrc` in the text",
                "malformed metric citation",
                "malformed metric citation"
            ]
        );
    }
}
