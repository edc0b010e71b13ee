//! Pointing at text inside a language block. Audits read a block's Markdown, where each
//! citation is a short mark; messages must point into the source file, where it is not.
//! Lines are the same in both, so a place is found by its line and the text written there.

use crate::content::Document;
use crate::content::cite::Body;
use crate::diagnostics::Location;

/// The line of the source file that byte `at` of the block's Markdown is on.
pub fn line_of(body: &Body, at: usize) -> usize {
    let at = at.min(body.markdown.len());
    body.first_line
        + body.markdown.as_bytes()[..at]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
}

/// Where the `nth` occurrence of `needle` on `line` stands in the source file, skipping
/// citations (whose ids may hold digits); the whole line when it cannot be found.
pub fn locate(document: &Document, body: &Body, line: usize, needle: &str, nth: usize) -> Location {
    let source = &document.source;
    let whole_line = source.line_location(line);
    let Some(start) = line_start(&source.text, line) else {
        return whole_line;
    };
    if needle.is_empty() {
        return whole_line;
    }
    let text = &source.text[start..start + whole_line.source_line.len()];
    let in_citation = |at: usize| body.citations.iter().any(|c| c.span.contains(&at));
    // "1" is not the 1 inside "2019".
    let digit_at = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    let whole = |at: usize| {
        let (before, after) = (&text[..at], &text[at + needle.len()..]);
        let glued_before = needle.starts_with(|c: char| c.is_ascii_digit())
            && digit_at(before.chars().next_back());
        let glued_after =
            needle.ends_with(|c: char| c.is_ascii_digit()) && digit_at(after.chars().next());
        !glued_before && !glued_after
    };
    text.match_indices(needle)
        .map(|(at, _)| at)
        .filter(|&at| whole(at))
        .map(|at| start + at)
        .filter(|&at| !in_citation(at))
        .nth(nth)
        .map_or(whole_line, |at| source.location(at..at + needle.len()))
}

/// The byte offset where a 1-based line starts.
fn line_start(text: &str, line: usize) -> Option<usize> {
    if line <= 1 {
        return Some(0);
    }
    text.match_indices('\n').nth(line - 2).map(|(at, _)| at + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
    use std::path::Path;

    #[test]
    fn points_past_citations_holding_digits() {
        let text = "+++\n+++\n::: zh\n共{{ metric(id=\"units_2018\") }}家，2018年新增2018家\n:::\n";
        let source = SourceFile::new(Path::new("a.md"), text.to_string());
        let (body, _) = crate::content::cite::parse(&source, 15..text.len() - 4);
        let document = Document {
            source,
            bodies: vec![],
        };
        let first = locate(&document, &body, 4, "2018", 0);
        assert_eq!((first.line, first.col), (4, 33));
        let second = locate(&document, &body, 4, "2018", 1);
        assert_eq!(second.col, 40);
        assert_eq!(locate(&document, &body, 4, "9999", 0).col, 1);
        assert_eq!(
            locate(&document, &body, 4, "8", 0).col,
            1,
            "no whole 8 on the line"
        );
    }
}
