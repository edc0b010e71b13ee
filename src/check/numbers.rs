//! The number audit: a number in one language's block of a file that the other block does
//! not have, in any notation, is worth a translator's second look. Figures cited with
//! `{{ metric() }}` are the same in both blocks by construction; they count as present on
//! the side that cites them, so a plain "1.7万" in one block matches a citation in the other.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, TextMergeWithOffset};

use super::locate::{line_of, locate};
use super::scan::{self, Context, Found};
use crate::config::Lang;
use crate::content::cite::{Body, MARK_CLOSE, MARK_OPEN};
use crate::content::{Document, PLACEHOLDER, Year};
use crate::diagnostics::{Diagnostic, Location};
use crate::metrics::{Decimal, Metric, format};
use crate::site::Site;

/// Every number of every file that only one language has.
pub fn audit(site: &Site) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for year in &site.years {
        problems.extend(audit_document(&year.cover.document, year, &[]));
        for section in &year.sections {
            problems.extend(audit_document(&section.document, year, &section.metrics));
        }
    }
    problems
}

/// The numbers of one language's block.
struct Side {
    /// Numbers worth reporting, each with where it stands.
    found: Vec<(Found, Location)>,
    /// Every value the block holds in any form, cited figures included.
    values: HashSet<Decimal>,
}

fn audit_document(document: &Document, year: &Year, metrics: &[Metric]) -> Vec<Diagnostic> {
    let (Some(zh), Some(en)) = (document.body(Lang::Zh), document.body(Lang::En)) else {
        return Vec::new();
    };
    if zh.markdown.contains(PLACEHOLDER) || en.markdown.contains(PLACEHOLDER) {
        return Vec::new();
    }
    let (zh_body, en_body) = (zh, en);
    let zh = side(document, zh, year, Lang::Zh);
    let en = side(document, en, year, Lang::En);
    let mut problems = missing(&zh, &en, Lang::Zh, metrics);
    problems.extend(missing(&en, &zh, Lang::En, metrics));
    problems.extend(cited_on_one_side(
        document,
        zh_body,
        en_body,
        &en,
        year,
        Lang::Zh,
    ));
    problems.extend(cited_on_one_side(
        document,
        en_body,
        zh_body,
        &zh,
        year,
        Lang::En,
    ));
    problems
}

/// Metrics `this` block cites whose figure the other block has in no form: neither cited
/// nor written out.
fn cited_on_one_side(
    document: &Document,
    this: &Body,
    other_body: &Body,
    other: &Side,
    year: &Year,
    lang: Lang,
) -> Vec<Diagnostic> {
    let (this_name, other_name) = match lang {
        Lang::Zh => ("Chinese", "English"),
        Lang::En => ("English", "Chinese"),
    };
    let mut reported = HashSet::new();
    let mut problems = Vec::new();
    for citation in &this.citations {
        let id = citation.metric.as_str();
        let cited_there = other_body.citations.iter().any(|c| c.metric == id);
        let written_there = year
            .metric(id)
            .and_then(|m| m.value)
            .is_some_and(|value| other.values.contains(&value));
        if cited_there || written_there || !reported.insert(id) {
            continue;
        }
        problems.push(
            Diagnostic::warning(format!(
                "metric `{id}` is cited in the {this_name} text but its figure is not in the {other_name}"
            ))
            .at(document.source.location(citation.span.clone()))
            .hint(format!(
                "write {{{{ metric(id=\"{id}\") }}}} where the {other_name} text gives this figure"
            )),
        );
    }
    problems
}

fn side(document: &Document, body: &Body, year: &Year, lang: Lang) -> Side {
    let context = Context {
        lang,
        year: year.year,
    };
    let mut values: HashSet<Decimal> = body
        .citations
        .iter()
        .filter_map(|c| year.metric(&c.metric)?.value)
        .collect();
    let mut found = Vec::new();
    let mut seen_on_line: HashMap<(usize, String), usize> = HashMap::new();
    for block in blocks(&body.markdown) {
        for number in scan::numbers(&block.text, context) {
            values.insert(number.value);
            if !number.reportable {
                continue;
            }
            let line = line_of(body, block.markdown_offset(number.at));
            let nth = seen_on_line
                .entry((line, number.written.clone()))
                .or_insert(0);
            let location = locate(document, body, line, &number.written, *nth);
            *nth += 1;
            found.push((number, location));
        }
    }
    Side { found, values }
}

/// Numbers of `this` side that `other` lacks, one message per value.
fn missing(this: &Side, other: &Side, lang: Lang, metrics: &[Metric]) -> Vec<Diagnostic> {
    let mut by_value: Vec<(&Found, &Location, usize)> = Vec::new();
    for (found, location) in &this.found {
        if other.values.contains(&found.value) {
            continue;
        }
        match by_value.iter_mut().find(|(f, _, _)| f.value == found.value) {
            Some((_, _, count)) => *count += 1,
            None => by_value.push((found, location, 1)),
        }
    }
    by_value
        .into_iter()
        .map(|(found, location, count)| message(found, location, count, lang, metrics))
        .collect()
}

fn message(
    found: &Found,
    location: &Location,
    count: usize,
    lang: Lang,
    metrics: &[Metric],
) -> Diagnostic {
    let plain = found.value.to_string();
    let digits: String = found.written.chars().filter(char::is_ascii_digit).collect();
    let shown = if plain.replace('.', "") == digits {
        format!("`{}`", found.written)
    } else {
        format!("`{}` (= {})", found.written, format::en_number(found.value))
    };
    let (this, other) = match lang {
        Lang::Zh => ("Chinese", "English"),
        Lang::En => ("English", "Chinese"),
    };
    let times = if count > 1 {
        format!(" ({count} times)")
    } else {
        String::new()
    };
    let hint = match metrics.iter().find(|m| m.value == Some(found.value)) {
        Some(metric) => format!(
            "it is the value of metric `{}`: write {{{{ metric(id=\"{}\") }}}} in both blocks",
            metric.id, metric.id
        ),
        None => format!(
            "check the {other} translation: add the number, or correct the side that is wrong"
        ),
    };
    Diagnostic::warning(format!(
        "{shown}{times} is in the {this} text but not in the {other}"
    ))
    .at(location.clone())
    .hint(hint)
}

/// The prose of one block of Markdown (a paragraph, heading, list item or table cell).
#[derive(Default)]
struct Block {
    text: String,
    /// Where each piece of `text` starts: (offset in `text`, offset in the Markdown).
    pieces: Vec<(usize, usize)>,
}

impl Block {
    /// Where the text at `at` stands in the Markdown.
    fn markdown_offset(&self, at: usize) -> usize {
        let (text_at, md_at) = self
            .pieces
            .iter()
            .rev()
            .find(|(t, _)| *t <= at)
            .copied()
            .unwrap_or((0, 0));
        md_at + at - text_at
    }
}

/// The blocks of prose in Markdown; code, links' addresses and markup are left out, and
/// each citation mark becomes spaces of the same length.
fn blocks(markdown: &str) -> Vec<Block> {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let events = TextMergeWithOffset::new(Parser::new_ext(markdown, options).into_offset_iter());
    let mut blocks = Vec::new();
    let mut current = Block::default();
    let mut in_code = false;
    for (event, range) in events {
        match event {
            Event::Text(text) if !in_code => {
                current.pieces.push((current.text.len(), range.start));
                current.text.push_str(&blank_marks(&text));
            }
            Event::SoftBreak | Event::HardBreak | Event::Code(_) => current.text.push(' '),
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Start(tag) if is_block(&tag.to_end()) => {
                blocks.push(std::mem::take(&mut current))
            }
            Event::End(end) if is_block(&end) => blocks.push(std::mem::take(&mut current)),
            _ => {}
        }
    }
    blocks.push(current);
    blocks.retain(|b| !b.text.trim().is_empty());
    blocks
}

fn is_block(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::FootnoteDefinition
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::TableCell
    )
}

/// Replaces each citation mark (`\u{FDD0}3\u{FDD1}`) by spaces of the same byte length, so
/// its number is not read and offsets still match the Markdown.
fn blank_marks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_mark = false;
    for c in text.chars() {
        if c == MARK_OPEN {
            in_mark = true;
        }
        if in_mark {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        } else {
            out.push(c);
        }
        if c == MARK_CLOSE {
            in_mark = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_prose_but_not_code_or_addresses() {
        let markdown = "走访\u{FDD0}12\u{FDD1}次，见[第3页](../p4/)。\n\n```\nlet x = 5;\n```\n\n| 项目 | 数量 |\n|---|---|\n| 清单 | 4 |\n";
        let texts: Vec<String> = blocks(markdown).into_iter().map(|b| b.text).collect();
        assert_eq!(texts[0], format!("走访{}次，见第3页。", " ".repeat(8)));
        assert!(
            !texts.iter().any(|t| t.contains('5') || t.contains("p4")),
            "{texts:?}"
        );
        assert!(texts.iter().any(|t| t.trim() == "4"), "{texts:?}");
    }

    #[test]
    fn finds_the_line_of_a_number() {
        let markdown = "第一段。\n\n第二段有 *强调* 和 17 个。\n";
        let blocks = blocks(markdown);
        let block = &blocks[1];
        let at = block.markdown_offset(block.text.find("17").unwrap());
        assert_eq!(&markdown[at..at + 2], "17");
    }
}
