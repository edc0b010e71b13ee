//! Splitting a content file into its TOML front matter (between `+++` lines) and its body.

use std::ops::Range;

use crate::diagnostics::Diagnostic;
use crate::source::SourceFile;

/// Byte ranges of the two parts of a content file.
#[derive(Debug, PartialEq, Eq)]
pub struct Parts {
    pub front: Range<usize>,
    pub body: Range<usize>,
}

const FENCE: &str = "+++";

/// Finds the front matter. The file must begin with a `+++` line (blank lines before it are
/// allowed) and the front matter ends at the next line that is exactly `+++`. A language
/// marker (`::: zh`) before that line means the closing `+++` was forgotten: a `+++` further
/// down, say in a code block, does not close it.
pub fn split(source: &SourceFile) -> Result<Parts, Diagnostic> {
    let text = &source.text;
    if text.trim().is_empty() {
        return Err(
            Diagnostic::error(format!("{} is empty", source.path.display()))
                .at(crate::diagnostics::Location::file(&source.path))
                .hint("a content file starts with front matter between +++ lines, then the text"),
        );
    }
    let mut lines = lines_with_offsets(text).skip_while(|(_, line)| line.trim().is_empty());
    let (open_at, open_line) = lines.next().expect("the file has a non-blank line");
    if open_line.trim_end() != FENCE {
        return Err(
            Diagnostic::error("the file does not begin with front matter")
                .at(source.location(open_at..open_at + open_line.len()))
                .hint("start the file with a line `+++`, the TOML front matter, and another `+++`"),
        );
    }
    let front_start = open_at + open_line.len() + 1;
    let mut hint = "add a line `+++` after the last line of front matter".to_string();
    for (at, line) in lines {
        if line.trim_end() == FENCE {
            let body_start = (at + line.len() + 1).min(text.len());
            return Ok(Parts {
                front: front_start.min(text.len())..at,
                body: body_start..text.len(),
            });
        }
        let marker = line.trim();
        let lang = marker.strip_prefix(":::").map(str::trim);
        if lang.and_then(crate::config::Lang::from_code).is_some() {
            hint = format!("{hint}, before `{marker}` on line {}", source.line_of(at));
            break;
        }
    }
    Err(Diagnostic::error("the front matter is never closed")
        .at(source.location(open_at..open_at + FENCE.len()))
        .hint(hint))
}

/// Each line with the byte offset it starts at (without its `\n`).
pub fn lines_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    text.split_inclusive('\n').map(move |line| {
        let start = offset;
        offset += line.len();
        (start, line.strip_suffix('\n').unwrap_or(line))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn parts(text: &str) -> Result<(String, String), Diagnostic> {
        let source = SourceFile::new(Path::new("a.md"), text.to_string());
        split(&source).map(|p| (text[p.front].to_string(), text[p.body].to_string()))
    }

    #[test]
    fn splits_front_matter_from_body() {
        let (front, body) = parts("+++\ntitle = 1\n+++\n\n::: zh\n正文\n:::\n").unwrap();
        assert_eq!(front, "title = 1\n");
        assert_eq!(body, "\n::: zh\n正文\n:::\n");
    }

    #[test]
    fn accepts_front_matter_only_and_empty_front_matter() {
        assert_eq!(
            parts("+++\na = 1\n+++").unwrap(),
            ("a = 1\n".into(), String::new())
        );
        assert_eq!(parts("+++\n+++\nx").unwrap(), (String::new(), "x".into()));
    }

    #[test]
    fn errors_on_unclosed_front_matter() {
        let err = parts("+++\ntitle = 1\n\nbody\n").unwrap_err();
        assert_eq!(err.message, "the front matter is never closed");
        assert_eq!(err.location.unwrap().line, 1);
    }

    #[test]
    fn a_language_block_ends_unclosed_front_matter() {
        let err = parts("+++\ntitle = 1\n\n::: en\n```\n+++\n```\n:::\n").unwrap_err();
        assert_eq!(err.message, "the front matter is never closed");
        assert!(err.hint.unwrap().ends_with("before `::: en` on line 4"));
    }

    #[test]
    fn errors_on_missing_front_matter_and_empty_files() {
        assert_eq!(parts("\n# 标题\n").unwrap_err().location.unwrap().line, 2);
        assert!(parts(" \n\n").unwrap_err().message.ends_with("is empty"));
    }
}
