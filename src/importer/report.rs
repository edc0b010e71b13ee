//! What `nianbao import` tells the user: what it found (title, sections, figures per
//! section), what it changed or dropped, what it was unsure about, what it wrote, and what
//! is left to do.

use std::fmt;
use std::path::PathBuf;

use super::{Imported, Note, Notes, write};
use crate::config::Lang;
use crate::diagnostics::{Diagnostic, display_width, plural};
use crate::metrics::format;
use crate::metrics::unit::English;

/// The outcome of an import, printed by `nianbao import`.
#[derive(Debug)]
pub struct Report {
    pub input: PathBuf,
    /// "UTF-8 text", "GB18030 text, converted to UTF-8", "Word document".
    pub described: String,
    pub year: u16,
    pub lang: Lang,
    /// The year's folder, as shown to the user.
    pub folder: PathBuf,
    pub dry_run: bool,
    /// Why a real import would refuse to write (reported by a dry run).
    pub refusal: Option<Diagnostic>,
    pub imported: Imported,
    /// The files, by name, with their text.
    pub files: Vec<(String, String)>,
    pub notes: Notes,
}

impl Report {
    /// How many figures were proposed as metrics.
    pub fn figures(&self) -> usize {
        self.imported.sections.iter().map(|s| s.metrics.len()).sum()
    }

    /// The units outside the catalog the proposed metrics use, each once, in order.
    fn units_wanted(&self) -> Vec<&str> {
        let mut wanted: Vec<&str> = Vec::new();
        let units = self.imported.sections.iter().flat_map(|s| &s.metrics);
        for unit in units.map(|m| &m.unit).filter(|u| u.en == English::Wanted) {
            if !wanted.contains(&unit.zh.as_str()) {
                wanted.push(&unit.zh);
            }
        }
        wanted
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "importing {} ({}) as {}",
            self.input.display(),
            self.described,
            self.year
        )?;
        let year = &self.imported;
        writeln!(f, "  title      {}", year.title)?;
        if let Some(publisher) = &year.publisher {
            writeln!(f, "  publisher  {publisher}")?;
        }
        if let Some(date) = &year.date {
            writeln!(f, "  date       {date}")?;
        }
        writeln!(
            f,
            "  preface    {} → _year.md",
            plural(year.preface.len(), "paragraph")
        )?;
        self.fmt_sections(f)?;
        notes(
            f,
            "repaired (the text now differs from the report)",
            &self.notes.repaired,
        )?;
        notes(f, "dropped", &self.notes.dropped)?;
        notes(f, "unsure (confirm or correct these)", &self.notes.unsure)?;
        self.fmt_outcome(f)
    }
}

impl Report {
    fn fmt_sections(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sections = &self.imported.sections;
        writeln!(f, "\n{} found:", plural(sections.len(), "section"))?;
        let widest = sections
            .iter()
            .map(|s| display_width(&s.title))
            .max()
            .unwrap_or(0);
        for section in sections {
            let pad = " ".repeat(widest - display_width(&section.title));
            writeln!(
                f,
                "  {:02}  {}{pad}  {:<11}  → {}",
                section.number,
                section.title,
                plural(section.metrics.len(), "figure"),
                write::file_name(section)
            )?;
            if let Some(carried) = &section.carried {
                writeln!(
                    f,
                    "        continues {}'s `{}` ({:.0}% alike)",
                    carried.from_year,
                    carried.slug,
                    carried.confidence * 100.0
                )?;
            }
            for metric in &section.metrics {
                let figure =
                    format::figure(Some(metric.value), &metric.unit, metric.approx, Lang::Zh);
                let series = match &metric.carried {
                    Some(c) => format!(
                        ", continues {} {} ({:.0}% alike)",
                        c.from_year,
                        c.previous,
                        c.confidence * 100.0
                    ),
                    None => ", new series".to_string(),
                };
                writeln!(
                    f,
                    "        {figure}  {}  ({}{series})",
                    metric.label, metric.id
                )?;
            }
        }
        if self.lang == Lang::Zh {
            writeln!(
                f,
                "  {} proposed as metrics",
                plural(self.figures(), "figure")
            )?;
        } else {
            writeln!(
                f,
                "  figures are proposed from Chinese text only; the English text keeps its numbers"
            )?;
        }
        Ok(())
    }

    fn fmt_outcome(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let folder = self.folder.display();
        let count = plural(self.files.len() - 1, "section file");
        if self.dry_run {
            writeln!(
                f,
                "\ndry run: nothing written (would write {folder}/: _year.md and {count})"
            )?;
            if let Some(refusal) = &self.refusal {
                writeln!(f, "but a real import would refuse: {}", refusal.message)?;
            }
        } else {
            writeln!(f, "\nwrote {folder}/: _year.md and {count}")?;
        }
        let other = self.lang.other().code();
        writeln!(f, "next:")?;
        if self.lang == Lang::Zh {
            writeln!(
                f,
                "  - check each proposed metric (value, unit, approx, label); a comment above each names the line it came from"
            )?;
            writeln!(
                f,
                "  - rename the metric ids to lasting names (s05_01_visits_{} says only where a \
                 figure is): the same id in another year is the same series",
                self.year
            )?;
            let wanted = self.units_wanted();
            if let Some(first) = wanted.first() {
                let (units, their) = match wanted.len() {
                    1 => ("the unit", "its English word"),
                    _ => ("the units", "their English words"),
                };
                writeln!(
                    f,
                    "  - give {units} {} {their}: unit = {{ zh = \"{first}\", en = \"…\" }}",
                    wanted.join(" "),
                )?;
            }
        }
        if let Some(first) = self.imported.sections.iter().find(|s| s.carried.is_none()) {
            writeln!(
                f,
                "  - give each new section an English slug: slug = \"party-building\" in its front matter, or rename {}",
                write::file_name(first)
            )?;
        }
        writeln!(
            f,
            "  - translate: fill in the empty `{other} = \"\"` texts and add a `::: {other}` block to each file"
        )?;
        writeln!(
            f,
            "  - `nianbao check` lists everything still to do; `nianbao build` builds the site"
        )
    }
}

fn notes(f: &mut fmt::Formatter<'_>, heading: &str, notes: &[Note]) -> fmt::Result {
    if notes.is_empty() {
        return Ok(());
    }
    writeln!(f, "\n{heading}:")?;
    for note in notes {
        writeln!(f, "  {}: {}", note.at, note.message)?;
    }
    Ok(())
}
