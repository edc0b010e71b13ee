//! The shape of the report: its title, the preface before the first section, the sections
//! (headings of the outermost style) with lower headings inside them as Markdown headings,
//! and the closing attribution, which becomes the year's publisher (and date).

use super::headings::{self, Style};
use super::text::{ends_sentence, is_prose};
use super::{Block, BlockKind, Notes};
use crate::config::Lang;
use crate::diagnostics::Diagnostic;

/// The report's parts, in order.
#[derive(Debug)]
pub struct Outline {
    pub title: Option<String>,
    /// Paragraphs and lower headings before the first section.
    pub preface: Vec<Block>,
    pub sections: Vec<Part>,
    pub publisher: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
}

/// One top-level section.
#[derive(Debug)]
pub struct Part {
    pub title: String,
    pub blocks: Vec<Block>,
}

/// Finds the parts of the report; fails when it has no section headings.
pub fn build(mut blocks: Vec<Block>, lang: Lang, notes: &mut Notes) -> Result<Outline, Diagnostic> {
    let mut ranks = headings::ranks(blocks.iter().filter_map(|b| match &b.kind {
        BlockKind::Heading(h) => Some(h.style),
        _ => None,
    }));
    let title = take_title(&mut blocks, &mut ranks, lang);
    let (publisher, date) = take_attribution(&mut blocks, lang, notes);
    let top = ranks.first().copied();
    let mut preface = Vec::new();
    let mut sections: Vec<Part> = Vec::new();
    for block in blocks {
        let block = match &block.kind {
            BlockKind::Heading(heading) if Some(heading.style) == top => {
                sections.push(Part {
                    title: heading.title.clone(),
                    blocks: Vec::new(),
                });
                continue;
            }
            BlockKind::Heading(heading) => {
                let rank = ranks.iter().position(|s| *s == heading.style).unwrap_or(1);
                let hashes = "#".repeat((rank + 1).clamp(2, 6));
                let text = match heading.style {
                    Style::Markdown(_) => heading.title.clone(),
                    _ => block.text.clone(),
                };
                Block {
                    text: format!("{hashes} {text}"),
                    ..block
                }
            }
            _ => block,
        };
        match sections.last_mut() {
            Some(section) => section.blocks.push(block),
            None => preface.push(block),
        }
    }
    if sections.is_empty() {
        return Err(Diagnostic::error("found no section headings in the report"));
    }
    Ok(Outline {
        title,
        preface,
        sections,
        publisher,
        date,
    })
}

/// The report's title: a `Title`-styled first paragraph, a first heading of a style used
/// only once above the section headings, or a short first line that is not a sentence.
fn take_title(blocks: &mut Vec<Block>, ranks: &mut Vec<Style>, lang: Lang) -> Option<String> {
    let first = blocks.first()?;
    let title = match &first.kind {
        BlockKind::Heading(heading) if heading.style == Style::Title => heading.title.clone(),
        BlockKind::Heading(heading) if ranks.len() > 1 && ranks[0] == heading.style => {
            let uses = blocks
                .iter()
                .filter(|b| matches!(&b.kind, BlockKind::Heading(h) if h.style == heading.style))
                .count();
            if uses > 1 {
                return None;
            }
            ranks.remove(0);
            heading.title.clone()
        }
        BlockKind::Paragraph if !is_prose(&first.text, lang) && !ends_sentence(&first.text) => {
            first.text.clone()
        }
        _ => return None,
    };
    blocks.remove(0);
    Some(title)
}

/// Up to three short lines closing the report, after its last sentence: who wrote it
/// (`(街道党政办)`) and when (`2019年1月31日`).
fn take_attribution(
    blocks: &mut Vec<Block>,
    lang: Lang,
    notes: &mut Notes,
) -> (Option<String>, Option<String>) {
    let mut lines = Vec::new();
    while lines.len() < 3
        && let Some(last) = blocks.last()
        && last.kind == BlockKind::Paragraph
        && !is_prose(&last.text, lang)
        && !ends_sentence(&last.text)
        && blocks.len() > 1
    {
        lines.push(blocks.pop().expect("checked above"));
    }
    lines.reverse();
    let mut publisher: Vec<String> = Vec::new();
    let mut date = None;
    for line in &lines {
        let text = unbracket(&line.text);
        match parse_date(text) {
            Some(day) => date = Some(day),
            None => publisher.push(text.to_string()),
        }
        notes.repaired(
            line.at,
            format!(
                "the closing attribution “{}” goes into _year.md as the {}",
                line.text,
                if parse_date(text).is_some() {
                    "date"
                } else {
                    "publisher"
                }
            ),
        );
    }
    let publisher = (!publisher.is_empty()).then(|| publisher.join(" "));
    (publisher, date)
}

fn unbracket(text: &str) -> &str {
    for (open, close) in [('（', '）'), ('(', ')'), ('【', '】'), ('[', ']')] {
        if let Some(inner) = text.strip_prefix(open).and_then(|t| t.strip_suffix(close)) {
            return inner.trim();
        }
    }
    text.trim_start_matches(['—', '-']).trim()
}

/// `2019年1月31日`, `2019-01-31`, `2019.1.31`, `2019/1/31` → `2019-01-31`.
pub fn parse_date(text: &str) -> Option<String> {
    let text = text.trim().trim_end_matches('日');
    let parts: Vec<&str> = text.split(['年', '月', '-', '.', '/']).collect();
    let [year, month, day] = parts.as_slice() else {
        return None;
    };
    let number = |s: &str| s.trim().parse::<u32>().ok();
    let (year, month, day) = (number(year)?, number(month)?, number(day)?);
    let valid =
        (1900..=2100).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day);
    valid.then(|| format!("{year:04}-{month:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::super::Origin;
    use super::super::headings::recognise;
    use super::*;

    fn blocks(lines: &[&str]) -> Vec<Block> {
        lines
            .iter()
            .enumerate()
            .map(|(i, line)| Block {
                kind: recognise(line).map_or(BlockKind::Paragraph, BlockKind::Heading),
                text: line.to_string(),
                at: Origin::Line(i + 1),
            })
            .collect()
    }

    #[test]
    fn finds_title_preface_sections_and_attribution() {
        let outline = build(
            blocks(&[
                "回顾2018街道都做了哪些工作",
                "2018年,街道全面完成目标任务。",
                "01 党建引领共建共治共享",
                "开启党建模式3.0版本。",
                "02 基层基础建设巩固夯实",
                "（一）换届选举",
                "街道圆满完成换届选举。",
                "(街道党政办)",
                "2019年1月31日",
            ]),
            Lang::Zh,
            &mut Notes::default(),
        )
        .unwrap();
        assert_eq!(outline.title.as_deref(), Some("回顾2018街道都做了哪些工作"));
        assert_eq!(outline.preface.len(), 1);
        let titles: Vec<&str> = outline.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["党建引领共建共治共享", "基层基础建设巩固夯实"]);
        let texts: Vec<&str> = outline.sections[1]
            .blocks
            .iter()
            .map(|b| b.text.as_str())
            .collect();
        assert_eq!(texts, ["## （一）换届选举", "街道圆满完成换届选举。"]);
        assert_eq!(outline.publisher.as_deref(), Some("街道党政办"));
        assert_eq!(outline.date.as_deref(), Some("2019-01-31"));
    }

    #[test]
    fn a_lone_first_heading_above_the_sections_is_the_title() {
        let outline = build(
            blocks(&["# 2019年工作回顾", "## 党建", "正文。", "## 民生", "正文。"]),
            Lang::Zh,
            &mut Notes::default(),
        )
        .unwrap();
        assert_eq!(outline.title.as_deref(), Some("2019年工作回顾"));
        assert_eq!(outline.sections.len(), 2);
    }

    #[test]
    fn fails_without_section_headings() {
        let err = build(
            blocks(&["只有正文。", "还是正文。"]),
            Lang::Zh,
            &mut Notes::default(),
        )
        .unwrap_err();
        assert!(err.message.contains("no section headings"));
    }

    #[test]
    fn reads_dates_in_the_usual_forms() {
        assert_eq!(parse_date("2019年1月31日").as_deref(), Some("2019-01-31"));
        assert_eq!(parse_date("2019.2.1").as_deref(), Some("2019-02-01"));
        assert_eq!(parse_date("2019年1月"), None);
        assert_eq!(parse_date("街道党政办"), None);
    }
}
