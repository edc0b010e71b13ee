//! Figures in the Chinese text become proposed metrics: `numbers` says what each number is;
//! each figure gets a label, an id and a note of where it came from, and the text cites it
//! in place of the number. A number nianbao cannot place is left as text and reported.

use std::ops::Range;

use super::labels;
use super::numbers::{Figure, Reading, read, starts_number};
use super::outline::{Outline, Part};
use super::{Block, BlockKind, Imported, ImportedSection, Notes, Origin};
use crate::config::Lang;
use crate::metrics::{Approx, Decimal, Unit, format};

/// A figure proposed as a metric.
#[derive(Clone, Debug)]
pub struct Proposal {
    pub id: String,
    pub value: Decimal,
    pub unit: Unit,
    pub approx: Approx,
    pub label: String,
    pub at: Origin,
    /// The figure as the report wrote it, qualifier and unit included: `1400多个`.
    pub written: String,
    /// The figure with a few words before it, as the report wrote them.
    pub context: String,
    /// The earlier years' series it continues, if any (`continuity`).
    pub carried: Option<super::continuity::CarriedSeries>,
}

/// Proposes the year: figures become metrics in each section (Chinese reports only).
pub fn propose(outline: Outline, year: u16, lang: Lang, notes: &mut Notes) -> Imported {
    let Outline {
        title,
        preface,
        sections,
        publisher,
        date,
    } = outline;
    for block in preface.iter().filter(|b| b.kind == BlockKind::Paragraph) {
        if lang == Lang::Zh {
            let (_, found) = cite(
                &block.text,
                block.at,
                &mut Ids::new(year, 0),
                &mut Notes::default(),
            );
            for figure in found {
                notes.unsure(
                    block.at,
                    format!(
                        "“{}” in the preface stays as text: _year.md has no metrics",
                        figure.context
                    ),
                );
            }
        }
    }
    let sections = sections
        .into_iter()
        .enumerate()
        .map(|(i, part)| section(i + 1, part, Ids::new(year, i + 1), lang, notes))
        .collect();
    Imported {
        title: title.unwrap_or_default(),
        publisher,
        date,
        preface: preface.into_iter().map(|b| b.text).collect(),
        sections,
    }
}

fn section(
    number: usize,
    part: Part,
    mut ids: Ids,
    lang: Lang,
    notes: &mut Notes,
) -> ImportedSection {
    let mut metrics = Vec::new();
    let mut paragraphs = Vec::new();
    for block in part.blocks {
        let text = match block.kind {
            _ if lang != Lang::Zh => block.text,
            BlockKind::Paragraph => {
                let (text, found) = cite(&block.text, block.at, &mut ids, notes);
                metrics.extend(found);
                text
            }
            BlockKind::Verbatim => cite_lines(&block, &mut ids, &mut metrics, notes),
            BlockKind::Heading(_) => block.text,
        };
        paragraphs.push(text);
    }
    ImportedSection {
        number,
        title: part.title,
        paragraphs,
        metrics,
        slug: None,
        carried: None,
    }
}

/// Markdown kept as written: figures in list items and quotes are cited, table rows and
/// code are left alone.
fn cite_lines(
    block: &Block,
    ids: &mut Ids,
    metrics: &mut Vec<Proposal>,
    notes: &mut Notes,
) -> String {
    let mut fence = false;
    let mut lines = Vec::new();
    for line in block.text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = !fence;
        }
        if fence || trimmed.starts_with('|') || trimmed.starts_with("```") {
            lines.push(line.to_string());
            continue;
        }
        let (text, found) = cite(line, block.at, ids, notes);
        metrics.extend(found);
        lines.push(text);
    }
    lines.join("\n")
}

/// Hands out ids within a section: `s05_01_visits_2019`, `s05_02_count_2019`.
pub struct Ids {
    year: u16,
    section: usize,
    next: usize,
}

impl Ids {
    pub fn new(year: u16, section: usize) -> Ids {
        Ids {
            year,
            section,
            next: 1,
        }
    }

    fn next(&mut self, unit: &Unit) -> String {
        let id = labels::id(self.year, self.section, self.next, unit);
        self.next += 1;
        id
    }
}

/// Replaces each figure of `text` by a citation; returns the new text and the figures.
pub fn cite(text: &str, at: Origin, ids: &mut Ids, notes: &mut Notes) -> (String, Vec<Proposal>) {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut found: Vec<Proposal> = Vec::new();
    let (mut copied, mut i) = (0, 0);
    while i < chars.len() {
        if !starts_number(&chars, i) {
            i += 1;
            continue;
        }
        match read(&chars, i) {
            Reading::Skip { end } => i = end,
            Reading::Doubt { end, why } => {
                notes.unsure(
                    at,
                    format!("“{}”: {why}; left as text", snippet(&chars, i, end)),
                );
                i = end;
            }
            Reading::Figure(figure) => {
                let span = figure.span.clone();
                let proposal = propose_one(&chars, copied, &figure, at, ids, found.last(), notes);
                out.extend(&chars[copied..span.start]);
                out.push_str(&format!("{{{{ metric(id=\"{}\") }}}}", proposal.id));
                found.push(proposal);
                (copied, i) = (span.end, span.end);
            }
        }
    }
    out.extend(&chars[copied..]);
    (out, found)
}

fn propose_one(
    chars: &[char],
    copied: usize,
    figure: &Figure,
    at: Origin,
    ids: &mut Ids,
    previous: Option<&Proposal>,
    notes: &mut Notes,
) -> Proposal {
    let span = figure.span.clone();
    let written: String = chars[span.clone()]
        .iter()
        .filter(|c| !c.is_whitespace())
        .collect();
    if let Some(doubt) = &figure.doubt {
        notes.unsure(at, format!("“{written}”: {doubt}"));
    }
    let shown = format::figure(Some(figure.value), &figure.unit, figure.approx, Lang::Zh);
    if shown != written {
        notes.repaired(
            at,
            format!("“{written}” will read “{shown}”, as nianbao writes this figure"),
        );
    }
    let before: String = chars[copied..span.start].iter().collect();
    let after: String = chars[span.end..].iter().collect();
    let unit = match figure.unit.zh.as_str() {
        "次" => labels::times_unit(&before, &after),
        _ => figure.unit.clone(),
    };
    let label = labels::label(labels::Around {
        before: &before,
        after: &after,
        unit: &unit,
        previous: previous.map(|p| p.label.as_str()),
        adjacent: copied == span.start && copied > 0,
        names_after: figure.doubt.is_some(),
    });
    Proposal {
        id: ids.next(&unit),
        value: figure.value,
        unit,
        approx: figure.approx,
        label,
        at,
        written,
        context: context(chars, span),
        carried: None,
    }
}

/// The figure and the clause before it (two clauses, when the first is a word or two):
/// `全年走访居民1.7万次`, `全年走访居民1.7万次,企业近600家`.
fn context(chars: &[char], span: Range<usize>) -> String {
    let clause_start = |end: usize| {
        (0..end)
            .rev()
            .find(|&k| {
                matches!(
                    chars[k],
                    '，' | ',' | '。' | '；' | ';' | '：' | '！' | '？'
                )
            })
            .map_or(0, |k| k + 1)
    };
    let mut start = clause_start(span.start);
    if span.start - start < 6 && start > 0 && chars[start - 1] != '。' {
        start = clause_start(start - 1);
    }
    let start = start.max(span.start.saturating_sub(30));
    chars[start..span.end].iter().collect()
}

fn snippet(chars: &[char], start: usize, end: usize) -> String {
    let from = start.saturating_sub(6);
    chars[from..(end + 2).min(chars.len())].iter().collect()
}

#[cfg(test)]
#[path = "figures_tests.rs"]
mod tests;
