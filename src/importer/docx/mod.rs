//! Reading a Word document (`.docx`) with an XML parser (roxmltree, which refuses DTDs, so
//! no entity can expand or reach outside the archive): the paragraphs of
//! `word/document.xml` with their heading level (from the style, its outline level or the
//! style it is based on) and Word's own list numbering as the document shows it (`一、`,
//! `（一）`), tables as Markdown tables, footnotes as Markdown footnotes, text boxes as
//! paragraphs, fields as their shown result and tracked changes as accepted. Running headers,
//! footers and page numbers live in other parts of the archive, so they never reach the text.

mod body;
mod numbering;
mod styles;

use std::collections::HashMap;

use body::{FOOTNOTE_CLOSE, FOOTNOTE_OPEN, Item, Paragraph};
use numbering::{Counters, Marker, Numbering};
use styles::Styles;

use super::headings::{self, Heading, Style};
use super::text::{self, glue};
use super::{Block, BlockKind, Notes, Origin, zip};
use crate::config::Lang;

/// WordprocessingML's namespace.
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// Markup compatibility: `mc:AlternateContent` and its `mc:Fallback`.
const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Turns the document into blocks; the error says why it cannot be read.
pub fn blocks(archive: &[u8], lang: Lang, notes: &mut Notes) -> Result<Vec<Block>, String> {
    let part = |name: &str| -> Result<Option<String>, String> {
        Ok(zip::member(archive, name)?.map(|xml| String::from_utf8_lossy(&xml).into_owned()))
    };
    let document = part("word/document.xml")?.ok_or("it has no word/document.xml")?;
    let styles = part("word/styles.xml")?;
    let numbering = part("word/numbering.xml")?;
    let footnotes = part("word/footnotes.xml")?;
    let parts = Parts {
        document: &document,
        styles: styles.as_deref(),
        numbering: numbering.as_deref(),
        footnotes: footnotes.as_deref(),
    };
    from_parts(&parts, lang, notes)
}

/// The XML parts of a document that import reads.
struct Parts<'a> {
    document: &'a str,
    styles: Option<&'a str>,
    numbering: Option<&'a str>,
    footnotes: Option<&'a str>,
}

fn from_parts(parts: &Parts, lang: Lang, notes: &mut Notes) -> Result<Vec<Block>, String> {
    let styles = match parts.styles {
        Some(xml) => Styles::read(&parse(xml, "word/styles.xml")?),
        None => Styles::default(),
    };
    let numbering = match parts.numbering {
        Some(xml) => Numbering::read(&parse(xml, "word/numbering.xml")?),
        None => Numbering::default(),
    };
    let footnotes = match parts.footnotes {
        Some(xml) => body::footnotes(&parse(xml, "word/footnotes.xml")?),
        None => HashMap::new(),
    };
    let items = body::read(&parse(parts.document, "word/document.xml")?);
    let mut reader = Reader {
        styles,
        numbering,
        footnotes,
        counters: Counters::default(),
        footnote_numbers: HashMap::new(),
        lang,
    };
    let mut blocks = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let at = Origin::Paragraph(i + 1);
        match item {
            Item::Table(rows) if !rows.is_empty() => blocks.push(Block {
                kind: BlockKind::Verbatim,
                text: markdown_table(&rows),
                at,
            }),
            Item::Table(_) => {}
            Item::Paragraph(paragraph) => reader.paragraph(paragraph, at, notes, &mut blocks),
        }
    }
    Ok(blocks)
}

fn parse<'a>(xml: &'a str, name: &str) -> Result<roxmltree::Document<'a>, String> {
    roxmltree::Document::parse(xml)
        .map_err(|err| format!("its {name} is not well-formed XML ({err})"))
}

/// What turning paragraphs into blocks needs to know and keeps count of.
struct Reader {
    styles: Styles,
    numbering: Numbering,
    footnotes: HashMap<String, String>,
    counters: Counters,
    /// Footnote ids numbered `[^1]`, `[^2]`, … in the order they are first referenced.
    footnote_numbers: HashMap<String, usize>,
    lang: Lang,
}

impl Reader {
    fn paragraph(&mut self, p: Paragraph, at: Origin, notes: &mut Notes, out: &mut Vec<Block>) {
        let style = p.style.as_deref();
        if style.is_some_and(|s| self.styles.is_contents(s)) {
            return;
        }
        let list = p
            .numbering
            .clone()
            .or_else(|| style.and_then(|s| self.styles.numbering(s)));
        let marker =
            list.and_then(|(id, level)| self.numbering.next(&mut self.counters, &id, level));
        let mut joined = String::new();
        for piece in p.text.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
            glue(&mut joined, &piece.replace('\t', " "), self.lang);
        }
        let styled = match p.outline_level {
            Some(level) if level < 9 => Some(Style::Word(level + 1)),
            _ => style.and_then(|s| self.styles.heading(s)),
        };
        match marker {
            Some(Marker::Bullet) if styled.is_none() => {
                let item = self.footnoted(&text::finish(&joined, self.lang, at, notes));
                out.push(Block {
                    kind: BlockKind::Verbatim,
                    text: format!("- {item}"),
                    at,
                });
                self.definitions(&p.footnotes, at, notes, out);
                return;
            }
            Some(Marker::Number(number)) => joined.insert_str(0, &number),
            _ => {}
        }
        self.text_block(&joined, styled, at, notes, out);
        self.definitions(&p.footnotes, at, notes, out);
    }

    /// A paragraph as a heading (by its style, or by its marker), a run-in heading and its
    /// body, or a paragraph.
    fn text_block(
        &mut self,
        joined: &str,
        styled: Option<Style>,
        at: Origin,
        notes: &mut Notes,
        out: &mut Vec<Block>,
    ) {
        let bare: String = without_footnotes(joined);
        let marked = headings::recognise(&bare);
        // `一、党建引领` in a Heading 1 paragraph: the style says the level, the number stays.
        let heading = match styled {
            Some(style) => Some(Heading {
                style,
                marker: marked
                    .as_ref()
                    .map_or_else(String::new, |h| h.marker.clone()),
                title: marked.map_or_else(|| bare.clone(), |h| h.title),
            }),
            None => marked,
        };
        let (heading, body) = match heading {
            Some(heading) => (Some(heading), None),
            None => match headings::run_in(joined) {
                Some((mut heading, body)) => {
                    heading.title = without_footnotes(&heading.title);
                    (Some(heading), Some(body.to_string()))
                }
                None => (None, Some(joined.to_string())),
            },
        };
        if let Some(mut heading) = heading {
            out.push(Block {
                text: text::heading_text(&mut heading, self.lang, true),
                kind: BlockKind::Heading(heading),
                at,
            });
        }
        if let Some(body) = body {
            let text = text::finish(&body, self.lang, at, notes);
            out.push(Block {
                kind: BlockKind::Paragraph,
                text: self.footnoted(&text),
                at,
            });
        }
    }

    /// Replaces footnote placeholders by `[^n]`, numbering footnotes as first referenced.
    fn footnoted(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(open) = rest.find(FOOTNOTE_OPEN) {
            out.push_str(&rest[..open]);
            let after = &rest[open + FOOTNOTE_OPEN.len_utf8()..];
            let Some(close) = after.find(FOOTNOTE_CLOSE) else {
                rest = after;
                continue;
            };
            let next = self.footnote_numbers.len() + 1;
            let n = *self
                .footnote_numbers
                .entry(after[..close].to_string())
                .or_insert(next);
            out.push_str(&format!("[^{n}]"));
            rest = &after[close + FOOTNOTE_CLOSE.len_utf8()..];
        }
        out.push_str(rest);
        out
    }

    /// The footnotes a paragraph references, as Markdown definitions right after it (so they
    /// land in the same section file as their reference).
    fn definitions(&mut self, ids: &[String], at: Origin, notes: &mut Notes, out: &mut Vec<Block>) {
        for id in ids {
            let (Some(n), Some(note)) = (self.footnote_numbers.get(id), self.footnotes.get(id))
            else {
                continue;
            };
            let note = text::finish(&without_footnotes(note), self.lang, at, notes);
            out.push(Block {
                kind: BlockKind::Verbatim,
                text: format!("[^{n}]: {note}"),
                at,
            });
        }
    }
}

fn without_footnotes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    for c in text.chars() {
        match c {
            FOOTNOTE_OPEN => inside = true,
            FOOTNOTE_CLOSE => inside = false,
            _ if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

/// A table as Markdown: the first row is the header.
fn markdown_table(rows: &[Vec<String>]) -> String {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let line = |row: &[String]| {
        let cells: Vec<String> = (0..width)
            .map(|i| {
                let cell = row.get(i).map_or("", |c| c.as_str());
                text::escape_inline(&without_footnotes(cell)).replace('|', "\\|")
            })
            .collect();
        format!("| {} |", cells.join(" | "))
    };
    let mut lines = vec![line(&rows[0]), format!("|{}", " --- |".repeat(width))];
    lines.extend(rows[1..].iter().map(|row| line(row)));
    lines.join("\n")
}

#[cfg(test)]
mod tests;
