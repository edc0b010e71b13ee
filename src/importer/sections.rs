//! Which headings start the sections. The outermost headings do, except when one names the
//! year's review (`一、2019年工作回顾`, `2020年工作总结`): its themes (`（一）…`) are the sections,
//! as readers expect a site to list them, and the plans that follow (`二、2020年工作打算`) stay
//! one section. `--split-at` chooses otherwise. Lower headings become `##`, `###` inside.

use super::headings::{self, Style};
use super::outline::Part;
use super::{Block, BlockKind, Notes};

/// Which headings start the sections (`--split-at`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SplitAt {
    /// The outermost headings, except a review of the year (`一、2020年工作回顾`): the themes
    /// inside it are the sections, and the plans stay one section.
    #[default]
    Auto,
    /// The outermost headings (`1`), or the headings inside each of them (`2`; an outermost
    /// heading with none inside stays a section).
    Level(u8),
}

impl SplitAt {
    /// `auto`, `1` or `2`.
    pub fn parse(text: &str) -> Option<SplitAt> {
        match text {
            "auto" => Some(SplitAt::Auto),
            "1" => Some(SplitAt::Level(1)),
            "2" => Some(SplitAt::Level(2)),
            _ => None,
        }
    }
}

/// The preface and the sections. A top-level heading is a section, unless it is divided:
/// then the headings one level inside it are, and its own text before them goes to the
/// preface (or, after the first section, to the first of them).
pub fn split(
    blocks: Vec<Block>,
    ranks: &[Style],
    split_at: SplitAt,
    notes: &mut Notes,
) -> (Vec<Block>, Vec<Part>) {
    let rank = |block: &Block| match &block.kind {
        BlockKind::Heading(h) => ranks.iter().position(|s| *s == h.style),
        _ => None,
    };
    let mut preface = Vec::new();
    let mut chunks: Vec<(Block, Vec<Block>)> = Vec::new();
    for block in blocks {
        match chunks.last_mut() {
            _ if rank(&block) == Some(0) => chunks.push((block, Vec::new())),
            Some((_, body)) => body.push(block),
            None => preface.push(block),
        }
    }
    let mut sections = Vec::new();
    for (head, body) in chunks {
        let title = title_of(&head);
        let inner = body.iter().filter_map(rank).min();
        let divided = match split_at {
            SplitAt::Auto => headings::part_of_report(&title) == Some(headings::Part::Review),
            SplitAt::Level(level) => level >= 2,
        };
        let Some(inner) = inner.filter(|_| divided) else {
            sections.push(section(title, body, 0, ranks));
            continue;
        };
        notes.dropped(
            head.at,
            format!(
                "the heading “{}”: the headings inside it are the sections \
                 (--split-at 1 keeps it one section)",
                head.text
            ),
        );
        let mut intro = Vec::new();
        let mut open: Option<(String, Vec<Block>)> = None;
        for block in body {
            if rank(&block) == Some(inner) {
                let mut blocks = Vec::new();
                if sections.is_empty() && open.is_none() {
                    preface.append(&mut intro);
                } else {
                    blocks.append(&mut intro);
                }
                if let Some((title, blocks)) = open.replace((title_of(&block), blocks)) {
                    sections.push(section(title, blocks, inner, ranks));
                }
            } else {
                match open.as_mut() {
                    Some((_, blocks)) => blocks.push(block),
                    None => intro.push(block),
                }
            }
        }
        if let Some((title, blocks)) = open {
            sections.push(section(title, blocks, inner, ranks));
        }
    }
    (preface, sections)
}

fn title_of(block: &Block) -> String {
    match &block.kind {
        BlockKind::Heading(heading) => heading.title.clone(),
        _ => block.text.clone(),
    }
}

/// A section whose headings are of rank `at`: the lower headings in it become `##`, `###`.
fn section(title: String, blocks: Vec<Block>, at: usize, ranks: &[Style]) -> Part {
    let blocks = blocks
        .into_iter()
        .map(|block| match &block.kind {
            BlockKind::Heading(heading) => {
                let rank = ranks.iter().position(|s| *s == heading.style).unwrap_or(1);
                let hashes = "#".repeat((rank.saturating_sub(at) + 1).clamp(2, 6));
                Block {
                    text: format!("{hashes} {}", block.text),
                    ..block
                }
            }
            _ => block,
        })
        .collect();
    Part { title, blocks }
}

/// Numbering that starts again under the same parent (`一、` after `三、`) is often one
/// marker used at two levels: the sections may not be the ones meant.
pub fn note_restarts(blocks: &[Block], ranks: &[Style], notes: &mut Notes) {
    let mut last: Vec<Option<u32>> = vec![None; ranks.len()];
    for block in blocks {
        let BlockKind::Heading(heading) = &block.kind else {
            continue;
        };
        let Some(rank) = ranks.iter().position(|s| *s == heading.style) else {
            continue;
        };
        last[rank + 1..].iter_mut().for_each(|n| *n = None);
        let Some(number) = headings::number(heading) else {
            continue;
        };
        if let Some(before) = last[rank]
            && number <= before
        {
            notes.unsure(
                block.at,
                format!(
                    "the numbering starts again at “{}” (after number {before}): is one \
                     marker used at two levels? Check the sections, or choose them with \
                     --split-at",
                    block.text
                ),
            );
        }
        last[rank] = Some(number);
    }
}
