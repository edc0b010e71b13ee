//! The language blocks of a body: `::: zh` … `:::` and `::: en` … `:::`. Everything a reader
//! sees lives in one of them; the markers inside a fenced code block are content.

use std::ops::Range;

use crate::config::Lang;
use crate::diagnostics::Diagnostic;
use crate::source::SourceFile;

use super::frontmatter::lines_with_offsets;

/// One language's Markdown, as a byte range of the source file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LangBlock {
    pub lang: Lang,
    pub text: Range<usize>,
}

enum Marker<'a> {
    Open(&'a str),
    Close,
}

fn marker(line: &str) -> Option<Marker<'_>> {
    let rest = line.trim().strip_prefix(":::")?;
    let name = rest.trim();
    if name.is_empty() {
        Some(Marker::Close)
    } else {
        Some(Marker::Open(name))
    }
}

/// A fenced code block's opening: three or more backticks or tildes.
fn fence(line: &str) -> Option<(char, usize)> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let c = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let run = trimmed.chars().take_while(|x| *x == c).count();
    // "```a```" at the start of a line is inline code: a backtick fence's info has no backtick.
    if c == '`' && trimmed[run..].contains('`') {
        return None;
    }
    (run >= 3).then_some((c, run))
}

struct Open {
    /// `None` for an unknown language: read to its end, but not kept.
    lang: Option<Lang>,
    marker: Range<usize>,
    content_start: usize,
    fence: Option<(char, usize)>,
    /// Where the code block that is open (if any) began.
    fence_at: usize,
}

/// Splits `body` (a byte range of `source`) into its language blocks, reporting every
/// malformed marker, unclosed or repeated block and stray text.
pub fn split(source: &SourceFile, body: Range<usize>) -> (Vec<LangBlock>, Vec<Diagnostic>) {
    let mut blocks: Vec<LangBlock> = Vec::new();
    let mut problems = Vec::new();
    let mut open: Option<Open> = None;
    for (at, line) in lines_with_offsets(&source.text[body.clone()]) {
        let at = body.start + at;
        let span = at..at + line.len();
        if let Some(block) = open.as_mut() {
            if let Some((c, n)) = block.fence {
                if fence(line).is_some_and(|(c2, n2)| {
                    c2 == c && n2 >= n && line.trim().chars().all(|x| x == c)
                }) {
                    block.fence = None;
                }
                continue;
            }
            if let Some(f) = fence(line) {
                block.fence = Some(f);
                block.fence_at = at;
                continue;
            }
        }
        match (marker(line), open.as_ref()) {
            (Some(Marker::Close), Some(block)) => {
                if let Some(lang) = block.lang {
                    blocks.push(LangBlock {
                        lang,
                        text: block.content_start..at,
                    });
                }
                open = None;
            }
            (Some(Marker::Close), None) => problems.push(
                Diagnostic::error("`:::` closes a language block that was never opened")
                    .at(source.location(span))
                    .hint("open the block first with `::: zh` or `::: en`"),
            ),
            (Some(Marker::Open(name)), current) => {
                if let Some(block) = current {
                    problems.push(unclosed(source, block));
                }
                let lang = Lang::from_code(name);
                let repeated = lang.is_some_and(|l| blocks.iter().any(|b| b.lang == l));
                if lang.is_none() {
                    problems.push(
                        Diagnostic::error(format!("unknown language marker `::: {name}`"))
                            .at(source.location(span.clone()))
                            .hint(
                                "language blocks are `::: zh` and `::: en`, each closed by `:::`",
                            ),
                    );
                } else if repeated {
                    problems.push(
                        Diagnostic::error(format!("a second `::: {name}` block"))
                            .at(source.location(span.clone()))
                            .hint("each language has one block; merge the two"),
                    );
                }
                open = Some(Open {
                    lang: lang.filter(|_| !repeated),
                    marker: span.clone(),
                    content_start: (at + line.len() + 1).min(source.text.len()),
                    fence: None,
                    fence_at: at,
                });
            }
            (None, Some(_)) => {}
            (None, None) if line.trim().is_empty() => {}
            (None, None) => problems.push(
                Diagnostic::error("text outside a language block")
                    .at(source.location(span))
                    .hint("put the text between `::: zh` (or `::: en`) and `:::`"),
            ),
        }
    }
    if let Some(block) = open {
        problems.push(unclosed(source, &block));
    }
    (blocks, problems)
}

fn unclosed(source: &SourceFile, block: &Open) -> Diagnostic {
    let marker = source.text[block.marker.clone()].trim();
    let hint = match block.fence {
        Some((c, n)) => format!(
            "the code block opened on line {} is never closed, and a `:::` inside it is read \
             as code: end the code block with a line {}",
            source.line_of(block.fence_at),
            c.to_string().repeat(n)
        ),
        None => "end the block with a line `:::`".to_string(),
    };
    Diagnostic::error(format!("the `{marker}` block is never closed"))
        .at(source.location(block.marker.clone()))
        .hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn blocks(text: &str) -> (Vec<(Lang, String)>, Vec<String>) {
        let source = SourceFile::new(Path::new("a.md"), text.to_string());
        let (blocks, problems) = split(&source, 0..text.len());
        (
            blocks
                .into_iter()
                .map(|b| (b.lang, text[b.text].to_string()))
                .collect(),
            problems
                .into_iter()
                .map(|p| format!("{}:{}", p.location.unwrap().line, p.message))
                .collect(),
        )
    }

    #[test]
    fn reads_both_language_blocks() {
        let (found, problems) = blocks("::: zh\n正文\n:::\n\n:::en\nText\n\nMore\n:::\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            found,
            vec![
                (Lang::Zh, "正文\n".into()),
                (Lang::En, "Text\n\nMore\n".into())
            ]
        );
    }

    #[test]
    fn keeps_markers_inside_code_fences() {
        let (found, problems) = blocks("::: en\n```\n:::\n+++\n```\n:::\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(found[0].1, "```\n:::\n+++\n```\n");
    }

    #[test]
    fn reads_inline_code_at_the_start_of_a_line_as_text() {
        let (found, problems) = blocks("::: en\n```a``` b\n:::\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(found[0].1, "```a``` b\n");
    }

    #[test]
    fn reports_every_malformed_block() {
        let (found, problems) = blocks("intro\n::: fr\nTexte\n:::\n:::\n::: zh\na\n::: en\nb\n");
        assert_eq!(
            problems,
            vec![
                "1:text outside a language block",
                "2:unknown language marker `::: fr`",
                "5:`:::` closes a language block that was never opened",
                "6:the `::: zh` block is never closed",
                "8:the `::: en` block is never closed",
            ]
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn rejects_a_repeated_language() {
        let (_, problems) = blocks("::: zh\na\n:::\n::: zh\nb\n:::\n");
        assert_eq!(problems, vec!["4:a second `::: zh` block"]);
    }
}
