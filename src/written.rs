//! What a text an editor writes may hold, wherever it is written: front matter, `site.toml`,
//! the text of a block, the name of a download. Every page, feed, sitemap, chart, data file and search index
//! prints these texts, so a character that breaks one of those formats, or makes a reader
//! see something other than what is there, is refused where it is written, with its place.

use std::ops::Range;
use std::path::Path;

use crate::diagnostics::{Diagnostic, Location, printable};
use crate::source::SourceFile;

/// Why a character cannot stand in a published text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// C0 and C1 controls (tab and line break aside): XML cannot hold most of them at all.
    Control,
    /// Overrides and isolates (U+202A–U+202E, U+2066–U+2069) reorder what a reader sees:
    /// `invoice\u{202E}fdp.exe` reads as "invoiceexe.pdf".
    Bidi,
    /// Code points Unicode sets aside for a program's own use; nianbao's marks are among them.
    Noncharacter,
}

impl Refused {
    /// The character in a message's words: "a control character (U+0001)".
    pub fn describe(self, c: char) -> String {
        let code = format!("U+{:04X}", u32::from(c));
        match self {
            Refused::Control => format!("a control character ({code})"),
            Refused::Bidi => format!("an invisible bidirectional control ({code})"),
            Refused::Noncharacter => format!("a noncharacter ({code})"),
        }
    }

    /// What the editor should do about it.
    pub fn hint(self) -> &'static str {
        match self {
            Refused::Control => "delete it; a control character is not text and breaks the feeds",
            Refused::Bidi => {
                "delete it; it makes readers see the text in another order than it is written"
            }
            Refused::Noncharacter => {
                "delete it; it is not a character of any script (nianbao marks citations with such code points)"
            }
        }
    }
}

/// Whether `c` is a Unicode noncharacter: U+FDD0–U+FDEF and the last two code points of
/// every plane. No encoding maps text to them.
pub fn is_noncharacter(c: char) -> bool {
    let code = u32::from(c);
    (0xFDD0..=0xFDEF).contains(&code) || code & 0xFFFE == 0xFFFE
}

/// Why `c` is refused in a published text, if it is.
pub fn refused(c: char) -> Option<Refused> {
    match c {
        '\t' | '\n' => None,
        c if c.is_control() => Some(Refused::Control),
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => Some(Refused::Bidi),
        c if is_noncharacter(c) => Some(Refused::Noncharacter),
        _ => None,
    }
}

/// The first refused character of `text`: its byte offset, the character and why.
pub fn first_refused(text: &str) -> Option<(usize, char, Refused)> {
    text.char_indices()
        .find_map(|(at, c)| refused(c).map(|why| (at, c, why)))
}

/// What is wrong with `text`, in a message's words ("a control character (U+0001)"), if
/// it holds a refused character.
pub fn why_refused(text: &str) -> Option<String> {
    first_refused(text).map(|(_, c, why)| why.describe(c))
}

/// Whether `{{` at the start of `text` opens what a body would read as a call of a
/// function: `{{`, spaces, a name, spaces, `(` (the grammar of `content::cite`).
pub fn opens_call(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("{{") else {
        return false;
    };
    let rest = rest.trim_start();
    let name = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    name > 0 && rest[name..].trim_start().starts_with('(')
}

/// Checks a text of front matter or `site.toml` (`what` names it: "the section title"),
/// written at `span` of `source`: no refused character, no citation. A citation cannot stand
/// there: only the text of a `::: zh` or `::: en` block renders figures.
pub fn check_front_matter_text(
    source: &SourceFile,
    span: Range<usize>,
    text: &str,
    what: &str,
) -> Result<(), Diagnostic> {
    let written = source.text.get(span.clone()).unwrap_or("");
    if let Some((_, c, why)) = first_refused(text) {
        let at = find_written(written, c).map_or(span.clone(), |(at, len)| {
            span.start + at..span.start + at + len
        });
        return Err(
            Diagnostic::error(format!("{what} holds {}", why.describe(c)))
                .at(source.location(at))
                .hint(why.hint()),
        );
    }
    if first_call(text).is_some() {
        // Found again in the TOML source, where its quotes may be written `\"`.
        let at = first_call(written).map_or(span.clone(), |call| {
            span.start + call.start..span.start + call.end
        });
        return Err(
            Diagnostic::error(format!("a citation cannot stand in {what}"))
                .at(source.location(at))
                .hint("write the figure itself; only the text of a `::: zh` or `::: en` block cites metrics"),
        );
    }
    Ok(())
}

/// Where the first call (`{{ name(…) }}`) of `text` stands, up to its `}}` or the end.
fn first_call(text: &str) -> Option<Range<usize>> {
    let (at, _) = text
        .match_indices("{{")
        .find(|(at, _)| opens_call(&text[*at..]))?;
    let len = text[at..].find("}}").map_or(text.len() - at, |end| end + 2);
    Some(at..at + len)
}

/// Where `c` is written in TOML source text: as itself or as an escape (`\u0001`,
/// `\U0000202E`, `\x1b`, `\e`, `\b`, `\f`). Its byte offset and length.
fn find_written(written: &str, c: char) -> Option<(usize, usize)> {
    if let Some(at) = written.find(c) {
        return Some((at, c.len_utf8()));
    }
    let code = u32::from(c);
    let short = match c {
        '\u{8}' => "\\b",
        '\u{c}' => "\\f",
        '\u{1b}' => "\\e",
        '\r' => "\\r",
        _ => "",
    };
    [
        format!("\\u{code:04X}"),
        format!("\\u{code:04x}"),
        format!("\\U{code:08X}"),
        format!("\\U{code:08x}"),
        format!("\\x{code:02X}"),
        format!("\\x{code:02x}"),
        short.to_string(),
    ]
    .iter()
    .filter(|escape| !escape.is_empty())
    .find_map(|escape| written.find(escape.as_str()).map(|at| (at, escape.len())))
}

/// Checks the name of a file published as a download: no refused character. `shown` is the
/// path a message names.
pub fn check_file_name(name: &str, shown: &Path) -> Result<(), Diagnostic> {
    match first_refused(name) {
        None => Ok(()),
        Some((_, c, why)) => Err(Diagnostic::error(format!(
            "the file name `{}` holds {}",
            printable(name),
            why.describe(c)
        ))
        .at(Location::file(shown))
        .hint("rename the file; readers download it under the name they see")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(front: &str) -> Result<(), Diagnostic> {
        let source = SourceFile::new(Path::new("a.md"), front.to_string());
        let value: toml::Value = toml::from_str(front).unwrap();
        let text = value["title"].as_str().unwrap();
        check_front_matter_text(&source, 0..front.len(), text, "the title")
    }

    #[test]
    fn refuses_controls_bidi_and_noncharacters() {
        assert_eq!(refused('\u{1}'), Some(Refused::Control));
        assert_eq!(refused('\u{7F}'), Some(Refused::Control));
        assert_eq!(refused('\u{85}'), Some(Refused::Control));
        assert_eq!(refused('\u{202E}'), Some(Refused::Bidi));
        assert_eq!(refused('\u{2068}'), Some(Refused::Bidi));
        assert_eq!(refused('\u{FDD0}'), Some(Refused::Noncharacter));
        assert_eq!(refused('\u{FFFF}'), Some(Refused::Noncharacter));
        assert_eq!(refused('\u{10FFFE}'), Some(Refused::Noncharacter));
        for fine in [
            '\t', '\n', '走', '\u{E000}', '\u{F8FF}', '\u{200E}', '\u{FFFD}', '"',
        ] {
            assert_eq!(refused(fine), None, "{fine:?}");
        }
    }

    #[test]
    fn names_the_column_of_an_escaped_control_character() {
        let err = check("title = \"年度\\u0001报告\"").unwrap_err();
        assert_eq!(err.message, "the title holds a control character (U+0001)");
        let at = err.location.unwrap();
        assert_eq!((at.line, at.col, at.len), (1, 12, 6));
    }

    #[test]
    fn names_the_column_of_a_short_escape() {
        let err = check("title = \"a\\e[31m\"").unwrap_err();
        assert_eq!(err.message, "the title holds a control character (U+001B)");
        let at = err.location.unwrap();
        assert_eq!((at.col, at.len), (11, 2));
    }

    #[test]
    fn names_the_column_of_a_written_bidi_override() {
        let err = check("title = \"invoice\u{202E}fdp\"").unwrap_err();
        assert_eq!(
            err.message,
            "the title holds an invisible bidirectional control (U+202E)"
        );
        assert_eq!(err.location.unwrap().col, 17);
    }

    #[test]
    fn refuses_a_citation_in_front_matter() {
        let err = check("title = \"走访{{ metric(id='nope') }}次\"").unwrap_err();
        assert_eq!(err.message, "a citation cannot stand in the title");
        let at = err.location.unwrap();
        assert_eq!((at.col, at.len), (12, 23));
        assert!(check("title = \"a {{ b }} {x}\"").is_ok());
    }

    #[test]
    fn opens_calls_like_a_body_reads_them() {
        assert!(opens_call("{{ metric(id=\"a\") }}"));
        assert!(opens_call("{{metrc ("));
        assert!(!opens_call("{{ b }}"));
        assert!(!opens_call("{{ (x)"));
    }
}
