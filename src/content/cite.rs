//! Metric citations in a body: `{{ metric(id="resident_visits") }}`. The figure is written
//! once in front matter; the text names it and each language renders it in its own notation.
//!
//! A body reaches the Markdown parser with each citation replaced by a mark: U+FDD0, the
//! citation's number, U+FDD1. The marks cannot be confused with anything an editor writes:
//! they are Unicode noncharacters, which the standard sets aside for a program's own use
//! and no encoding produces from text (the user-defined characters of GBK and GB18030 are
//! private-use characters, U+E000–U+F8FF, and stay ordinary text here), and `parse` refuses
//! a body that holds any noncharacter, at its line and column. So every noncharacter the
//! renderer meets is a mark this module wrote, and no text of the editor's is ever read as
//! one. (Control characters and bidirectional controls are refused with them, as in every
//! published text.) A mark is plain text to the parser, so it comes out in whatever context
//! the citation stood: prose, code, alt text, a heading, a footnote or a link's title all
//! show the figure, and `misplaced` refuses the places a figure cannot stand (a link's
//! address, a heading's id, a footnote's label).

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::config::Lang;
use crate::diagnostics::Diagnostic;
use crate::source::SourceFile;
use crate::toml_source::closest;
use crate::written::refused;

/// Marks where the n-th citation stands in a body's Markdown (see the top of this file).
pub const MARK_OPEN: char = '\u{FDD0}';
pub const MARK_CLOSE: char = '\u{FDD1}';

/// The Markdown a body is written in: CommonMark with tables, footnotes, strikethrough and
/// heading attributes; English gets typographic quotes and dashes.
pub fn extensions(lang: Lang) -> Options {
    let flags = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    match lang {
        Lang::En => flags | Options::ENABLE_SMART_PUNCTUATION,
        Lang::Zh => flags,
    }
}

/// A piece of marked text: the editor's text, or the n-th citation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Citation(usize),
}

/// Splits marked text into the editor's text and citations. A broken mark (which `parse`
/// never writes) is dropped, never the text around it.
pub fn pieces(text: &str) -> impl Iterator<Item = Piece<'_>> {
    let mut rest = text;
    std::iter::from_fn(move || {
        loop {
            if rest.is_empty() {
                return None;
            }
            let open = rest.find(MARK_OPEN).unwrap_or(rest.len());
            if open > 0 {
                let (before, after) = rest.split_at(open);
                rest = after;
                return Some(Piece::Text(before));
            }
            rest = &rest[MARK_OPEN.len_utf8()..];
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            let number = rest[..digits].parse().ok();
            if let (Some(n), Some(tail)) = (number, rest[digits..].strip_prefix(MARK_CLOSE)) {
                rest = tail;
                return Some(Piece::Citation(n));
            }
        }
    })
}

/// The numbers of the citations marked in `text`.
fn marked(text: &str) -> impl Iterator<Item = usize> + '_ {
    pieces(text).filter_map(|piece| match piece {
        Piece::Citation(n) => Some(n),
        Piece::Text(_) => None,
    })
}

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
    // Noncharacters would be taken for marks; controls and bidirectional controls are refused
    // here as in every other text (`crate::written`).
    for (at, c, why) in text
        .char_indices()
        .filter_map(|(at, c)| refused(c).map(|why| (range.start + at, c, why)))
    {
        report(&|| {
            Diagnostic::error(format!("the text holds {}", why.describe(c)))
                .at(source.location(at..at + c.len_utf8()))
                .hint(why.hint())
        });
    }
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

/// Citations standing where a figure cannot: in a link's or image's address, a heading's
/// id or a footnote's label. Each is an error at the citation.
pub fn misplaced(source: &SourceFile, body: &Body, lang: Lang) -> Vec<Diagnostic> {
    // A link, image, autolink, footnote or heading id needs one of these: without any, the
    // block need not be parsed again (most blocks of a report have none).
    if body.citations.is_empty() || !body.markdown.contains(['[', '<', '{']) {
        return Vec::new();
    }
    let mut found: Vec<(usize, &str)> = Vec::new();
    let mut note = |text: &str, place: &'static str| found.extend(marked(text).map(|n| (n, place)));
    for event in Parser::new_ext(&body.markdown, extensions(lang)) {
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                note(&dest_url, "a link's address")
            }
            Event::Start(Tag::Heading { id: Some(id), .. }) => note(&id, "a heading's id"),
            Event::Start(Tag::FootnoteDefinition(label)) | Event::FootnoteReference(label) => {
                note(&label, "a footnote's label")
            }
            _ => {}
        }
    }
    found.sort_unstable();
    found.dedup();
    found
        .into_iter()
        .filter_map(|(n, place)| Some((body.citations.get(n)?, place)))
        .take(super::MAX_ERRORS_PER_FILE)
        .map(|(citation, place)| {
            Diagnostic::error(format!("a figure cannot stand in {place}"))
                .at(source.location(citation.span.clone()))
                .hint(
                    "cite the metric in the text instead, as in [{{ metric(id=\"…\") }}](address)",
                )
        })
        .collect()
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
            "走访居民\u{FDD0}0\u{FDD1},企业\u{FDD0}1\u{FDD1}。"
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

    #[test]
    fn keeps_private_use_characters_as_text() {
        let written = "造字\u{E000}0\u{E001}与\u{E010}x{{ metric(id=\"a\") }}";
        let (body, problems) = read(written);
        assert!(problems.is_empty(), "{problems:?}");
        let pieces: Vec<Piece> = pieces(&body.markdown).collect();
        assert_eq!(
            pieces,
            [
                Piece::Text("造字\u{E000}0\u{E001}与\u{E010}x"),
                Piece::Citation(0)
            ]
        );
    }

    #[test]
    fn refuses_noncharacters_at_their_column() {
        let source = SourceFile::new(Path::new("a.md"), "一\n走访\u{FDD0}0\u{FDD1}".into());
        let (_, problems) = parse(&source, 0..source.text.len());
        let found: Vec<(String, usize, usize)> = problems
            .into_iter()
            .map(|p| {
                let at = p.location.unwrap();
                (p.message, at.line, at.col)
            })
            .collect();
        assert_eq!(
            found,
            [
                ("the text holds a noncharacter (U+FDD0)".to_string(), 2, 3),
                ("the text holds a noncharacter (U+FDD1)".to_string(), 2, 5)
            ]
        );
    }

    #[test]
    fn refuses_control_and_bidirectional_characters_in_the_text() {
        let (_, problems) = read("走访\u{202E}居民\t{{ metric(id=\"a\") }}\u{1b}[31m");
        assert_eq!(
            problems,
            [
                "the text holds an invisible bidirectional control (U+202E)",
                "the text holds a control character (U+001B)"
            ]
        );
    }

    #[test]
    fn drops_broken_marks_but_never_the_text_around_them() {
        let pieces: Vec<Piece> = pieces("a\u{FDD0}b\u{FDD0}7\u{FDD1}c\u{FDD0}").collect();
        assert_eq!(
            pieces,
            [
                Piece::Text("a"),
                Piece::Text("b"),
                Piece::Citation(7),
                Piece::Text("c")
            ]
        );
    }

    #[test]
    fn refuses_figures_in_addresses_ids_and_footnote_labels() {
        let text = "[a](https://x.org/{{ metric(id=\"a\") }}) ![b]({{ metric(id=\"a\") }}.png)\n\n\
                    ## 标题 {#h{{ metric(id=\"a\") }}}\n\n[`{{ metric(id=\"a\") }}`](https://ok.org/ \"{{ metric(id=\"a\") }}\")\n\n\
                    [^{{ metric(id=\"a\") }}]: 注\n";
        let source = SourceFile::new(Path::new("a.md"), text.to_string());
        let (body, problems) = parse(&source, 0..text.len());
        assert!(problems.is_empty(), "{problems:?}");
        let found: Vec<(String, usize, usize)> = misplaced(&source, &body, Lang::Zh)
            .into_iter()
            .map(|p| {
                let at = p.location.unwrap();
                (p.message, at.line, at.col)
            })
            .collect();
        assert_eq!(
            found,
            [
                (
                    "a figure cannot stand in a link's address".to_string(),
                    1,
                    19
                ),
                (
                    "a figure cannot stand in a link's address".to_string(),
                    1,
                    46
                ),
                ("a figure cannot stand in a heading's id".to_string(), 3, 10),
                (
                    "a figure cannot stand in a footnote's label".to_string(),
                    7,
                    3
                ),
            ]
        );
    }
}
