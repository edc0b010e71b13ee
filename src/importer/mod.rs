//! `nianbao import FILE --year YEAR`: a report as the office receives it (a text export, a
//! Markdown file or a Word document) becomes a new year's `_year.md` and section files, its
//! figures proposed as metrics for the editor to confirm and the translator to translate.
//!
//! The stages, top to bottom: `input` reads and decodes the file; `text` (or `docx`) turns it
//! into repaired blocks, `webpage` taking off what a web page adds; `outline` finds the
//! title, preface, sections (at the level `sections` chooses: the review/plans rule, or
//! `--split-at`) and closing attribution; `figures` turns numbers into metrics and cites
//! them; `write` lays out the files and writes them, never over an existing year. Only
//! `input` and `write` touch files.

mod chinese;
mod continuity;
mod docx;
mod figures;
mod headings;
mod input;
mod labels;
mod measure;
mod numbers;
mod outline;
mod pages;
mod report;
mod sections;
mod text;
mod webpage;
mod words;
mod write;
mod zip;

use std::fmt;
use std::path::PathBuf;

use crate::config::Lang;
use crate::content;
use crate::diagnostics::{Diagnostic, Diagnostics};

pub use figures::Proposal;
pub use report::Report;
pub use sections::SplitAt;

/// What `nianbao import` was asked to do.
#[derive(Clone, Debug)]
pub struct Options {
    /// The report: `.txt`, `.md` or `.docx`.
    pub file: PathBuf,
    pub year: u16,
    /// The language the report is written in.
    pub lang: Lang,
    /// Print the report of what would be written, write nothing.
    pub dry_run: bool,
    /// Write into an existing but empty year folder.
    pub force: bool,
    /// The folder that holds `content/`.
    pub root: PathBuf,
    /// Which headings start the sections.
    pub split_at: SplitAt,
}

/// Where a piece of the report came from: a line of a text file or a paragraph of a Word
/// document. Every note in the report names one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    Line(usize),
    Paragraph(usize),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Line(n) => write!(f, "line {n}"),
            Origin::Paragraph(n) => write!(f, "paragraph {n}"),
        }
    }
}

/// One thing the import did or doubted, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub at: Origin,
    pub message: String,
}

/// What the import changed, dropped and was unsure about, for the report.
#[derive(Clone, Debug, Default)]
pub struct Notes {
    /// Text the import changed: sentences rejoined, a stray "and", figures reworded.
    pub repaired: Vec<Note>,
    /// Lines left out: page numbers, running headers and footers.
    pub dropped: Vec<Note>,
    /// Guesses the editor should confirm.
    pub unsure: Vec<Note>,
}

impl Notes {
    fn repaired(&mut self, at: Origin, message: impl Into<String>) {
        self.repaired.push(Note::new(at, message.into()));
    }

    fn dropped(&mut self, at: Origin, message: impl Into<String>) {
        self.dropped.push(Note::new(at, message.into()));
    }

    fn unsure(&mut self, at: Origin, message: impl Into<String>) {
        self.unsure.push(Note::new(at, message.into()));
    }
}

impl Note {
    /// A note quotes the report; a quote of a huge paragraph is cut, so the import report
    /// stays readable and its size bounded whatever the input.
    fn new(at: Origin, message: String) -> Note {
        Note {
            at,
            message: crate::diagnostics::shorten(&message, NOTE_CHARS),
        }
    }
}

/// The longest note the import report prints, in characters.
const NOTE_CHARS: usize = 240;

/// A paragraph, heading or piece of Markdown structure of the report, after clean-up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// The text as it will be written (a heading's text includes its marker, `一、`).
    pub text: String,
    pub at: Origin,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    Heading(headings::Heading),
    /// Markdown structure kept as written: list items, tables, quotes, code.
    Verbatim,
}

/// Imports the report: reads it, proposes the year's files, and writes them unless this is
/// a dry run. The report says what was found, changed and guessed.
pub fn run(options: &Options) -> Result<Report, Diagnostics> {
    let shown_file = options.file.clone();
    let folder = options.root.join("content").join(options.year.to_string());
    let shown_folder = content::shown_path(&options.root, &format!("content/{}", options.year));
    let _lock = match options.dry_run {
        true => None,
        false => Some(crate::lock::lock_content(
            &options.root,
            &format!("an import into {}", shown_folder.display()),
        )?),
    };
    let refusal = write::check_target(&folder, &shown_folder, options.force);
    if let Err(refusal) = &refusal
        && !options.dry_run
    {
        return Err(refusal.clone().into());
    }
    let input = input::read(&options.file, &shown_file)?;
    let mut notes = Notes::default();
    let (blocks, page) = match input.content {
        input::Content::Text(ref text) => {
            text::blocks(text, input.format, options.lang, &mut notes)
        }
        input::Content::Docx(ref bytes) => docx::blocks(bytes, options.lang, &mut notes)
            .map(|blocks| (blocks, webpage::Page::default()))
            .map_err(|why| bad_docx(&shown_file, &why))?,
    };
    let outline = outline::build(blocks, page, options.split_at, options.lang, &mut notes)
        .map_err(|err| err.hint(HEADING_HINT))?;
    let mut imported = figures::propose(outline, options.year, options.lang, &mut notes);
    if imported.title.is_empty() {
        imported.title = match options.lang {
            Lang::Zh => format!("{}年工作报告", options.year),
            Lang::En => format!("{} Work Report", options.year),
        };
        notes.unsure(
            first_origin(&input),
            format!("no title found; the year is called “{}”", imported.title),
        );
    }
    continuity::link(&mut imported, &earlier_years(options));
    for list in [&mut notes.repaired, &mut notes.dropped, &mut notes.unsure] {
        list.sort_by_key(|note| note.at);
    }
    let to_check: Vec<String> = notes
        .unsure
        .iter()
        .map(|note| format!("{}: {}", note.at, note.message))
        .collect();
    let files = write::plan(&imported, options.lang, &to_check);
    if !options.dry_run {
        crate::content::write::year_folder(&folder, &shown_folder, &files)?;
    }
    Ok(Report {
        input: shown_file,
        described: input.describe(),
        year: options.year,
        lang: options.lang,
        folder: shown_folder,
        dry_run: options.dry_run,
        refusal: refusal.err(),
        imported,
        files,
        notes,
    })
}

/// The years of the site before the imported one; a site that does not load (yet) has none
/// to continue, and `check` will say why.
fn earlier_years(options: &Options) -> Vec<std::sync::Arc<content::Year>> {
    let shown = content::shown_path(&options.root, "content");
    let (years, _) = content::load(&options.root.join("content"), &shown);
    years
        .into_iter()
        .filter(|y| y.year < options.year)
        .collect()
}

/// Every figure the import proposes in a Chinese text, in reading order, wherever the
/// outline will put it (a section, the preface or a heading): what the figure reader finds,
/// measured apart from how the report is cut into sections.
pub fn figures_in(text: &str) -> Vec<Proposal> {
    let mut notes = Notes::default();
    let (blocks, _) = text::blocks(text, input::Format::Text, Lang::Zh, &mut notes);
    let mut ids = figures::Ids::new(2000, 1);
    blocks
        .iter()
        .flat_map(|block| figures::cite(&block.text, block.at, &mut ids, &mut notes).1)
        .collect()
}

fn first_origin(input: &input::Input) -> Origin {
    match input.format {
        input::Format::Docx => Origin::Paragraph(1),
        _ => Origin::Line(1),
    }
}

const HEADING_HINT: &str = "nianbao finds sections by their headings: `01 标题`, `一、标题`, \
    `（一）标题`, `1. 标题`, `第一部分`, `2020年工作回顾` or Markdown `# 标题` on a line of \
    their own, or leading a paragraph (`1.标题。正文…`, `一是标题。正文…`); in a Word \
    document, also heading styles and Word's own list numbering";

fn bad_docx(shown: &std::path::Path, why: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "{} is not a Word document nianbao can read: {why}",
        shown.display()
    ))
    .hint("open it in Word, WPS or LibreOffice and save it again as .docx, or export it as text")
}

/// The year as the import proposes it, before it is laid out as files.
#[derive(Clone, Debug)]
pub struct Imported {
    pub title: String,
    pub publisher: Option<String>,
    /// `YYYY-MM-DD`, from a dated closing attribution.
    pub date: Option<String>,
    /// The preface's Markdown, one paragraph per item.
    pub preface: Vec<String>,
    pub sections: Vec<ImportedSection>,
}

/// One section: its title, its Markdown with citations, and the figures it cites.
#[derive(Clone, Debug)]
pub struct ImportedSection {
    pub number: usize,
    pub title: String,
    pub paragraphs: Vec<String>,
    pub metrics: Vec<Proposal>,
    /// A slug made from the title's pinyin, for a section that continues none.
    pub slug: Option<String>,
    /// The earlier section it continues, if any (`continuity`).
    pub carried: Option<continuity::CarriedSection>,
}

impl ImportedSection {
    /// The slug of its address: the earlier section's, or one made from its title.
    pub fn slug(&self) -> String {
        match (&self.carried, &self.slug) {
            (Some(carried), _) => carried.slug.clone(),
            (None, Some(slug)) => slug.clone(),
            (None, None) => format!("section-{:02}", self.number),
        }
    }
}
