//! One content file as a translator sees it: its units (the front matter's texts, and the
//! sentences of its Chinese block aligned with the English), with where each one's English
//! stands in the file, so that English can be written back without touching anything else.

use std::ops::Range;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::Deserialize;
use toml::Spanned;

use super::align::{self, Piece};
use super::record::{self, Record};
use super::segment;
use crate::config::Lang;
use crate::content::{blocks, frontmatter};
use crate::diagnostics::{Diagnostic, Location};
use crate::source::SourceFile;

/// A translatable unit of a file.
#[derive(Clone, Debug)]
pub struct Unit {
    /// Within the file: `title`, `summary`, `publisher`, `label.ID`, `p2.s3` (paragraph 2,
    /// sentence 3), `p2.s3-4` (two sentences translated as one), `p2` (a whole paragraph).
    pub id: String,
    pub zh: String,
    /// Empty while untranslated.
    pub en: String,
    pub zh_span: Range<usize>,
    /// Where the English stands: the TOML string, the sentences, or the marker holding their
    /// place; `None` when the file has no English block yet.
    pub en_span: Option<Range<usize>>,
    /// The paragraph of the Chinese block (1-based); 0 for front-matter texts.
    pub paragraph: usize,
}

impl Unit {
    pub fn in_front_matter(&self) -> bool {
        self.paragraph == 0
    }

    pub fn hash(&self) -> String {
        segment::hash(&self.zh)
    }
}

/// A content file read for translation.
#[derive(Clone, Debug)]
pub struct ContentFile {
    pub path: PathBuf,
    pub source: SourceFile,
    /// `2018/09-welfare.md`: the file's name in unit ids.
    pub name: String,
    pub front: Range<usize>,
    pub record: Option<Record>,
    pub units: Vec<Unit>,
    /// Where a new English block goes: after the Chinese block's closing line.
    pub en_block: Option<Range<usize>>,
    pub zh_block_end: Option<usize>,
}

#[derive(Deserialize)]
struct RawTexts {
    title: Option<SpannedText>,
    summary: Option<SpannedText>,
    publisher: Option<SpannedText>,
    #[serde(default)]
    metrics: IndexMap<String, RawLabel>,
    translation: Option<Record>,
}

#[derive(Deserialize)]
struct SpannedText {
    zh: Spanned<String>,
    en: Spanned<String>,
}

#[derive(Deserialize)]
struct RawLabel {
    label: Option<SpannedText>,
}

/// The marker `nianbao translate fill` leaves for a sentence it could not translate.
pub const TODO: &str = "<!-- nianbao:todo ";

impl ContentFile {
    /// Reads a content file; `name` is how unit ids name it (`2018/09-welfare.md`).
    pub fn read(path: &Path, shown: &Path, name: &str) -> Result<ContentFile, Diagnostic> {
        let source = SourceFile::read(path, shown)?;
        ContentFile::parse(path, source, name)
    }

    pub fn parse(path: &Path, source: SourceFile, name: &str) -> Result<ContentFile, Diagnostic> {
        let parts = frontmatter::split(&source)?;
        let front_text = &source.text[parts.front.clone()];
        let raw: RawTexts = toml::from_str(front_text).map_err(|err| {
            Diagnostic::error(format!("cannot read the front matter: {}", err.message()))
                .at(Location::file(&source.path))
        })?;
        let (found, _) = blocks::split(&source, parts.body.clone());
        let block = |lang| {
            found
                .iter()
                .find(|b| b.lang == lang)
                .map(|b| b.text.clone())
        };
        let (zh, en) = (block(Lang::Zh), block(Lang::En));
        let mut units = front_units(&raw, parts.front.start);
        if let Some(zh) = &zh {
            units.extend(block_units(&source.text, zh.clone(), en.clone()));
        }
        let zh_block_end = zh.map(|z| line_end(&source.text, z.end));
        Ok(ContentFile {
            path: path.to_path_buf(),
            name: name.to_string(),
            front: parts.front,
            record: raw.translation,
            units,
            en_block: en,
            zh_block_end,
            source,
        })
    }

    pub fn text(&self) -> &str {
        &self.source.text
    }

    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.id == id)
    }
}

fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

fn front_units(raw: &RawTexts, offset: usize) -> Vec<Unit> {
    let shift = |r: Range<usize>| r.start + offset..r.end + offset;
    let mut units = Vec::new();
    let mut push = |id: String, text: &SpannedText| {
        units.push(Unit {
            id,
            zh: text.zh.get_ref().clone(),
            en: text.en.get_ref().clone(),
            zh_span: shift(text.zh.span()),
            en_span: Some(shift(text.en.span())),
            paragraph: 0,
        });
    };
    for (name, text) in [
        ("title", &raw.title),
        ("summary", &raw.summary),
        ("publisher", &raw.publisher),
    ] {
        if let Some(text) = text {
            push(name.to_string(), text);
        }
    }
    for (id, metric) in &raw.metrics {
        if let Some(label) = &metric.label {
            push(format!("label.{id}"), label);
        }
    }
    units.retain(|u| !u.zh.trim().is_empty());
    units
}

/// The paragraphs of a block: byte ranges of `text`, split at blank lines.
pub fn paragraphs(text: &str, block: Range<usize>) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut start = None;
    for (at, line) in frontmatter::lines_with_offsets(&text[block.clone()]) {
        let at = block.start + at;
        match (line.trim().is_empty(), start) {
            (true, Some(s)) => {
                found.push(s..at);
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
    }
    if let Some(s) = start {
        found.push(s..block.end);
    }
    found
        .into_iter()
        .map(|r| r.start..r.start + text[r.clone()].trim_end().len())
        .collect()
}

/// Sentences of a paragraph that can be split: prose, not a table or code.
fn sentences(text: &str, paragraph: Range<usize>, lang: Lang) -> Vec<Range<usize>> {
    let body = &text[paragraph.clone()];
    if body.starts_with('|') || body.starts_with("```") || body.starts_with("~~~") {
        return vec![paragraph];
    }
    let cut = match lang {
        Lang::Zh => segment::split_zh(body),
        Lang::En => split_en_with_markers(body),
    };
    cut.into_iter()
        .map(|r| paragraph.start + r.start..paragraph.start + r.end)
        .collect()
}

/// English sentences, with each `nianbao:todo` marker a piece of its own.
fn split_en_with_markers(body: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = body[from..].find(TODO).map(|i| from + i) {
        let close = body[open..]
            .find("-->")
            .map_or(body.len(), |i| open + i + 3);
        out.extend(
            segment::split_en(&body[from..open])
                .into_iter()
                .map(|r| from + r.start..from + r.end),
        );
        out.push(open..close);
        from = close;
    }
    out.extend(
        segment::split_en(&body[from..])
            .into_iter()
            .map(|r| from + r.start..from + r.end),
    );
    out
}

/// The unit id a `nianbao:todo` marker holds.
fn marker_id(piece: &str) -> Option<&str> {
    piece.strip_prefix(TODO)?.split_whitespace().next()
}

fn block_units(text: &str, zh: Range<usize>, en: Option<Range<usize>>) -> Vec<Unit> {
    let zh_paragraphs = paragraphs(text, zh);
    let en_paragraphs = en.map(|en| paragraphs(text, en)).unwrap_or_default();
    let paired = zh_paragraphs.len() == en_paragraphs.len();
    let mut units = Vec::new();
    for (p, zp) in zh_paragraphs.iter().enumerate() {
        let number = p + 1;
        let zs = sentences(text, zp.clone(), Lang::Zh);
        let ep = en_paragraphs.get(p).filter(|_| paired);
        let Some(ep) = ep else {
            // No English to align with: each sentence is a unit, untranslated.
            for (s, range) in zs.iter().enumerate() {
                units.push(unit(
                    text,
                    format!("p{number}.s{}", s + 1),
                    range.clone(),
                    None,
                    number,
                ));
            }
            continue;
        };
        let es = sentences(text, ep.clone(), Lang::En);
        let pieces: Vec<Piece> = es
            .iter()
            .map(|r| {
                let piece = &text[r.clone()];
                let pin = marker_id(piece).and_then(|id| sentence_index(id, number));
                Piece { text: piece, pin }
            })
            .collect();
        let zh_texts: Vec<&str> = zs.iter().map(|r| &text[r.clone()]).collect();
        match align::align(&zh_texts, &pieces) {
            Some(pairs) => {
                for (zr, er) in pairs {
                    let id = match zr.len() {
                        1 => format!("p{number}.s{}", zr.start + 1),
                        _ => format!("p{number}.s{}-{}", zr.start + 1, zr.end),
                    };
                    let zspan = zs[zr.start].start..zs[zr.end - 1].end;
                    let espan = (!er.is_empty()).then(|| es[er.start].start..es[er.end - 1].end);
                    units.push(unit(text, id, zspan, espan, number));
                }
            }
            None => units.push(unit(
                text,
                format!("p{number}"),
                zp.clone(),
                Some(ep.clone()),
                number,
            )),
        }
    }
    units
}

/// `p2.s3` in paragraph 2 is sentence index 2.
fn sentence_index(id: &str, paragraph: usize) -> Option<usize> {
    let rest = id.strip_prefix(&format!("p{paragraph}.s"))?;
    rest.parse::<usize>().ok()?.checked_sub(1)
}

fn unit(
    text: &str,
    id: String,
    zh: Range<usize>,
    en: Option<Range<usize>>,
    paragraph: usize,
) -> Unit {
    let english = en
        .clone()
        .map(|r| &text[r])
        .filter(|e| !e.contains(TODO))
        .unwrap_or("");
    Unit {
        id,
        zh: text[zh.clone()].to_string(),
        en: english.to_string(),
        zh_span: zh,
        en_span: en,
        paragraph,
    }
}

/// The record table's range in the file, or where a new one goes (the end of the front matter).
pub fn record_place(file: &ContentFile) -> Range<usize> {
    let front = &file.text()[file.front.clone()];
    match record::table_range(front) {
        Some(r) => file.front.start + r.start..file.front.start + r.end,
        None => file.front.end..file.front.end,
    }
}
