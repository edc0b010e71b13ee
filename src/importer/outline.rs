//! The shape of the report: its title, the preface before the first section, the sections
//! (chosen by `sections`) with lower headings inside them as Markdown headings, and the
//! closing attribution, which becomes the year's publisher (and date).

use super::headings::{self, Style};
use super::sections::{self, SplitAt};
use super::text::{ends_sentence, is_prose};
use super::webpage::{self, Page};
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

/// Finds the parts of the report; fails when it has no section headings. What the web page
/// said (`page`) fills in what the report itself does not.
pub fn build(
    mut blocks: Vec<Block>,
    page: Page,
    split_at: SplitAt,
    lang: Lang,
    notes: &mut Notes,
) -> Result<Outline, Diagnostic> {
    let mut ranks = headings::ranks(blocks.iter().filter_map(|b| match &b.kind {
        BlockKind::Heading(h) => Some(h.style),
        _ => None,
    }));
    let title = match page.title {
        Some(title) => Some(title),
        None => take_title(&mut blocks, &mut ranks, lang),
    };
    let (publisher, date) = take_attribution(&mut blocks, lang, notes);
    sections::note_restarts(&blocks, &ranks, notes);
    let (preface, sections) = sections::split(blocks, &ranks, split_at, notes);
    if sections.is_empty() {
        return Err(Diagnostic::error("found no section headings in the report"));
    }
    Ok(Outline {
        title,
        preface,
        sections,
        publisher: publisher.or(page.publisher),
        date: date.or(page.date),
    })
}

/// The report's title: a `Title`-styled first paragraph, a first heading of a style used
/// only once above the section headings, or a short first line that is not a sentence or
/// names the report (`大桥街道党工委、办事处2021年工作总结`).
fn take_title(blocks: &mut Vec<Block>, ranks: &mut Vec<Style>, lang: Lang) -> Option<String> {
    let first = blocks.first()?;
    let title = match &first.kind {
        BlockKind::Heading(heading) if heading.style == Style::Title => heading.title.clone(),
        BlockKind::Heading(heading)
            if ranks.len() > 1
                && ranks[0] == heading.style
                && (heading.marker.is_empty()
                    || headings::part_of_report(&heading.title).is_none()) =>
        {
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
        BlockKind::Paragraph
            if (!is_prose(&first.text, lang) && !ends_sentence(&first.text))
                || webpage::names_report(&first.text) =>
        {
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
            Page::default(),
            SplitAt::Auto,
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
            Page::default(),
            SplitAt::Auto,
            Lang::Zh,
            &mut Notes::default(),
        )
        .unwrap();
        assert_eq!(outline.title.as_deref(), Some("2019年工作回顾"));
        assert_eq!(outline.sections.len(), 2);
    }

    fn titles(outline: &Outline) -> Vec<&str> {
        outline.sections.iter().map(|s| s.title.as_str()).collect()
    }

    const REVIEW_AND_PLANS: &[&str] = &[
        "一、2019年工作回顾",
        "过去一年成绩显著。",
        "（一）党建",
        "正文。",
        "（二）民生",
        "1.就业",
        "正文。",
        "二、2020年工作打算",
        "（一）继续党建",
        "正文。",
    ];

    fn split_at(split: SplitAt) -> Outline {
        let (page, lang) = (Page::default(), Lang::Zh);
        build(
            blocks(REVIEW_AND_PLANS),
            page,
            split,
            lang,
            &mut Notes::default(),
        )
        .unwrap()
    }

    #[test]
    fn the_themes_of_a_review_are_the_sections_and_the_plans_one() {
        let outline = split_at(SplitAt::Auto);
        assert_eq!(titles(&outline), ["党建", "民生", "2020年工作打算"]);
        assert_eq!(outline.preface[0].text, "过去一年成绩显著。");
        let texts = |n: usize| -> Vec<String> {
            outline.sections[n]
                .blocks
                .iter()
                .map(|b| b.text.clone())
                .collect()
        };
        assert_eq!(texts(1), ["## 1.就业", "正文。"]);
        assert_eq!(texts(2), ["## （一）继续党建", "正文。"]);
        assert_eq!(outline.title, None);
    }

    #[test]
    fn split_at_a_level_overrides_the_review_rule() {
        let one = split_at(SplitAt::Level(1));
        assert_eq!(titles(&one), ["2019年工作回顾", "2020年工作打算"]);
        let two = split_at(SplitAt::Level(2));
        assert_eq!(titles(&two), ["党建", "民生", "继续党建"]);
        assert_eq!(SplitAt::parse("2"), Some(SplitAt::Level(2)));
        assert_eq!(SplitAt::parse("3"), None);
    }

    #[test]
    fn notes_numbering_that_starts_again() {
        let mut notes = Notes::default();
        let lines = [
            "一、党建",
            "正文。",
            "（一）支部",
            "一、党建工作",
            "正文。",
            "二、民生",
        ];
        build(
            blocks(&lines),
            Page::default(),
            SplitAt::Auto,
            Lang::Zh,
            &mut notes,
        )
        .unwrap();
        assert_eq!(notes.unsure.len(), 1, "{:?}", notes.unsure);
        assert_eq!(notes.unsure[0].at, Origin::Line(4));
    }

    #[test]
    fn the_page_gives_what_the_report_does_not() {
        let page = Page {
            title: Some("华庄街道2022年工作总结".into()),
            publisher: Some("华庄街道办事处".into()),
            date: Some("2023-01-17".into()),
        };
        let outline = build(
            blocks(&["一、党建", "正文。"]),
            page,
            SplitAt::Auto,
            Lang::Zh,
            &mut Notes::default(),
        )
        .unwrap();
        assert_eq!(outline.title.as_deref(), Some("华庄街道2022年工作总结"));
        assert_eq!(outline.publisher.as_deref(), Some("华庄街道办事处"));
        assert_eq!(outline.date.as_deref(), Some("2023-01-17"));
    }

    #[test]
    fn a_first_line_that_names_the_report_is_the_title_though_it_has_a_comma() {
        let lines = ["大桥街道党工委、办事处2021年工作总结", "一、党建", "正文。"];
        let outline = build(
            blocks(&lines),
            Page::default(),
            SplitAt::Auto,
            Lang::Zh,
            &mut Notes::default(),
        )
        .unwrap();
        assert_eq!(outline.title.as_deref(), Some(lines[0]));
    }

    #[test]
    fn fails_without_section_headings() {
        let err = build(
            blocks(&["只有正文。", "还是正文。"]),
            Page::default(),
            SplitAt::Auto,
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
