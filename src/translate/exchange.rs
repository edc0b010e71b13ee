//! Files for translators: `translate export` writes the units to translate (untranslated,
//! stale, unreviewed; `--all` for every one) as XLIFF 1.2 or xlsx, and `translate import`
//! writes their English back. Import checks every unit first (a known id, the Chinese
//! unchanged since export, every placeholder and figure kept) and writes nothing when one
//! is wrong, naming each at its unit.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::glossary::{self, Term};
use super::write::Change;
use super::{ContentFile, Unit, read_year, segment, write};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Xliff,
    Xlsx,
}

pub struct ExportOptions {
    pub root: PathBuf,
    pub year: u16,
    pub format: Format,
    pub all: bool,
    pub output: Option<PathBuf>,
}

/// A unit as a translator's file shows it.
#[derive(Clone, Debug)]
pub struct Exported {
    /// `2018/09-welfare.md#p1.s2`
    pub id: String,
    pub file: String,
    /// The section's title, or the label's metric: what the translator needs to know.
    pub context: String,
    pub zh: String,
    pub en: String,
    pub state: State,
    pub suggestion: Option<(u32, String, String)>,
    pub terms: Vec<Term>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    New,
    Stale,
    Review,
    Done,
}

/// A unit read back from a translator's file.
#[derive(Clone, Debug)]
pub struct Returned {
    pub id: String,
    /// Where it stands in the file: `line 12`, `row 4`.
    pub at: String,
    /// The Chinese as exported, citations restored.
    pub zh: String,
    /// The English, citations restored; an error when a placeholder was lost.
    pub en: Result<String, String>,
    /// Citations are still `{1}`, `{2}` (a spreadsheet): the content's Chinese restores them.
    pub braces: bool,
}

/// What `export` wrote.
pub struct ExportDone {
    pub units: usize,
    pub path: PathBuf,
}

/// What `import` wrote, and the units it left out with a warning.
pub struct Imported {
    pub units: usize,
    pub files: Vec<String>,
    pub warnings: Vec<Diagnostic>,
}

/// The state of a unit by its file's record.
pub fn state(file: &ContentFile, unit: &Unit) -> State {
    let Some(record) = &file.record else {
        return if unit.en.trim().is_empty() {
            State::New
        } else {
            State::Done
        };
    };
    let hash = unit.hash();
    match () {
        _ if unit.en.trim().is_empty() => State::New,
        _ if record.review.contains(&hash) => State::Review,
        _ if !record.source.contains(&hash) => State::Stale,
        _ => State::Done,
    }
}

/// Writes the translator's file.
pub fn export(options: &ExportOptions) -> Result<ExportDone, Diagnostics> {
    let files = read_year(&options.root, options.year)?;
    let memory = super::memory(&options.root, options.year, None)?;
    let terms = glossary::load(&options.root)?;
    let mut units = Vec::new();
    for file in &files {
        let title = file.unit("title").map_or(String::new(), |u| u.zh.clone());
        for unit in &file.units {
            let state = state(file, unit);
            if state == State::Done && !options.all {
                continue;
            }
            let context = match unit.id.strip_prefix("label.") {
                Some(metric) => format!("{title} — label of metric `{metric}`"),
                None => format!("{title} — {}", unit.id),
            };
            let suggestion = memory
                .exact(&unit.zh)
                .map(|(en, e)| (100, e.origin.clone(), en))
                .or_else(|| {
                    memory
                        .fuzzy(&unit.zh)
                        .map(|f| (f.percent, f.entry.origin.clone(), f.entry.en.clone()))
                });
            units.push(Exported {
                id: format!("{}#{}", file.name, unit.id),
                file: file.source.path.display().to_string(),
                context,
                zh: unit.zh.clone(),
                en: unit.en.clone(),
                state,
                suggestion,
                terms: glossary::terms_in(&terms, &unit.zh)
                    .into_iter()
                    .cloned()
                    .collect(),
            });
        }
    }
    let extension = match options.format {
        Format::Xliff => "xlf",
        Format::Xlsx => "xlsx",
    };
    let path = options.output.clone().unwrap_or_else(|| {
        options
            .root
            .join(format!("translate-{}.{extension}", options.year))
    });
    let written = match options.format {
        Format::Xliff => {
            std::fs::write(&path, super::xliff::write(&units)).map_err(|e| e.to_string())
        }
        Format::Xlsx => super::xlsx::write(&units, &path),
    };
    written.map_err(|why| {
        Diagnostic::error(format!("cannot write {}: {why}", path.display()))
            .at(Location::file(&path))
    })?;
    Ok(ExportDone {
        units: units.len(),
        path,
    })
}

/// Reads a translated file and writes its English into the content, or nothing at all.
pub fn import(root: &Path, path: &Path) -> Result<Imported, Diagnostics> {
    let _lock = crate::lock::lock_content(root, "translate")?;
    let fail = |why: String| Diagnostics::from(Diagnostic::error(why).at(Location::file(path)));
    let returned = match path.extension().and_then(|e| e.to_str()) {
        Some("xlsx") => super::xlsx::read(path).map_err(fail)?,
        _ => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| fail(format!("cannot read {}: {e}", path.display())))?;
            super::xliff::read(&text).map_err(fail)?
        }
    };
    let mut years: HashMap<u16, Vec<ContentFile>> = HashMap::new();
    let mut problems = Diagnostics::new();
    let mut warnings = Vec::new();
    let mut plans: BTreeMap<String, BTreeMap<String, Change>> = BTreeMap::new();
    for unit in &returned {
        let at = |message: String| {
            Diagnostic::error(format!("{}: {message}", unit.id))
                .at(Location::file(path))
                .hint(format!("at {}", unit.at))
        };
        let Some((file_name, unit_id)) = unit.id.split_once('#') else {
            problems.push(at("is not an id nianbao wrote".into()));
            continue;
        };
        let year = file_name
            .split('/')
            .next()
            .and_then(crate::content::plausible_year);
        let Some(year) = year else {
            problems.push(at("names no year".into()));
            continue;
        };
        years
            .entry(year)
            .or_insert_with(|| read_year(root, year).unwrap_or_default());
        let file = years[&year].iter().find(|f| f.name == file_name);
        let Some(current) = file.and_then(|f| f.unit(unit_id)) else {
            problems.push(at("is not a unit of the content (unknown id)".into()));
            continue;
        };
        let (zh, en) = match (&unit.en, unit.braces) {
            (Ok(en), _) if en.trim().is_empty() => continue,
            (Ok(en), false) => (unit.zh.clone(), en.clone()),
            (Ok(en), true) => match super::xlsx::restore_with(en, &current.zh) {
                Ok(en) => (super::engine::protect(&unit.zh).0, en),
                Err(why) => {
                    problems.push(at(why));
                    continue;
                }
            },
            (Err(why), _) => {
                problems.push(at(why.clone()));
                continue;
            }
        };
        let exported = match unit.braces {
            true => super::engine::protect(&current.zh).0,
            false => current.zh.clone(),
        };
        if exported.split_whitespace().ne(zh.split_whitespace()) {
            warnings.push(
                Diagnostic::warning(format!(
                    "{}: the Chinese changed since the export; its English is not written",
                    unit.id
                ))
                .at(Location::file(path))
                .hint("export again and translate the new Chinese"),
            );
            continue;
        }
        if let Some(lost) = lost_figure(&current.zh, &en) {
            problems.push(at(format!(
                "the English lost the figure `{lost}` of the Chinese"
            )));
            continue;
        }
        if current.en != en {
            plans
                .entry(file_name.to_string())
                .or_default()
                .insert(unit_id.to_string(), Change::English(en));
        }
    }
    if problems.has_errors() {
        return Err(problems);
    }
    let mut done = Imported {
        units: 0,
        files: Vec::new(),
        warnings,
    };
    let mut texts = Vec::new();
    for (name, changes) in &plans {
        let year = name
            .split('/')
            .next()
            .and_then(crate::content::plausible_year)
            .expect("checked above");
        let file = years[&year]
            .iter()
            .find(|f| f.name == *name)
            .expect("checked above");
        let mut record = file.record.clone().unwrap_or_default();
        for id in changes.keys() {
            let hash = file.unit(id).expect("checked above").hash();
            record.review.remove(&hash);
            record.machine.remove(&hash);
            record.source.insert(hash);
        }
        let text = write::apply(file, changes, &record).map_err(&fail)?;
        texts.push((file, text));
        done.units += changes.len();
    }
    for (file, text) in texts {
        super::save(&file.path, &file.source.path, &text)?;
        done.files.push(file.source.path.display().to_string());
    }
    Ok(done)
}

/// A figure of the Chinese (two digits or more, not a month or a day) the English lacks.
pub fn lost_figure(zh: &str, en: &str) -> Option<String> {
    let english: Vec<String> = segment::figures(en)
        .into_iter()
        .map(|(_, f)| f.replace(',', ""))
        .collect();
    segment::figures(zh)
        .into_iter()
        .find_map(|(range, figure)| {
            let plain = figure.replace(',', "");
            let date = zh[range.end..].starts_with(['月', '日']);
            (plain.len() >= 2 && !date && !english.contains(&plain)).then_some(figure)
        })
}
