//! `nianbao translate fill --year YEAR`: the English of every unit that has none, from the
//! memory of earlier years (and a TMX file): exact matches are written with this year's
//! figures and citations, near matches become suggestions in the file's `nianbao:todo`
//! markers, and an optional engine translates what is left. Everything written is listed
//! in the file's `[translation] review` until an editor accepts it (`translate accept`).

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::memory::Memory;
use super::record::Record;
use super::write::{self, Change};
use super::{ContentFile, Unit, engine, read_year};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};

/// What `translate fill` was asked to do.
pub struct Options {
    pub root: PathBuf,
    pub year: u16,
    pub tmx: Option<PathBuf>,
    pub engine: Option<String>,
}

/// What it did, counted in units.
#[derive(Debug, Default)]
pub struct Report {
    pub memory: usize,
    pub exact: usize,
    pub machine: usize,
    pub suggested: usize,
    pub left: usize,
    pub files: Vec<String>,
}

/// Fills the year's English and writes the files it changed.
pub fn run(options: &Options) -> Result<Report, Diagnostics> {
    let _lock = crate::lock::lock_content(&options.root, "translate")?;
    let memory = super::memory(&options.root, options.year, options.tmx.as_deref())?;
    let files = read_year(&options.root, options.year)?;
    let mut report = Report {
        memory: memory.len(),
        ..Report::default()
    };
    let mut plans: Vec<(ContentFile, BTreeMap<String, Change>, Record)> = Vec::new();
    for file in files {
        let (changes, record) = plan(&file, &memory, &mut report);
        plans.push((file, changes, record));
    }
    if let Some(command) = &options.engine {
        machine(command, &mut plans, &mut report)?;
    }
    let mut problems = Diagnostics::new();
    for (file, changes, record) in &plans {
        let wrote = changes.values().any(|c| matches!(c, Change::English(_)));
        if !wrote {
            continue;
        }
        match write::apply(file, changes, record) {
            Ok(text) => match super::save(&file.path, &file.source.path, &text) {
                Ok(()) => report.files.push(file.source.path.display().to_string()),
                Err(err) => problems.push(err),
            },
            Err(why) => problems.push(Diagnostic::error(why).at(Location::file(&file.source.path))),
        }
    }
    match problems.is_empty() {
        true => Ok(report),
        false => Err(problems),
    }
}

/// The changes memory makes to one file, and its record with the filled units to review.
fn plan(
    file: &ContentFile,
    memory: &Memory,
    report: &mut Report,
) -> (BTreeMap<String, Change>, Record) {
    let mut record = file.record.clone().unwrap_or_default();
    let mut changes = whole_paragraphs(file, memory, &mut record);
    report.exact += changes.len();
    let whole: Vec<String> = changes.keys().cloned().collect();
    let open = file
        .units
        .iter()
        .filter(|u| u.en.trim().is_empty() && !whole.contains(&u.id));
    for unit in open {
        if let Some((en, _)) = memory.exact(&unit.zh) {
            report.exact += 1;
            record.source.insert(unit.hash());
            record.review.insert(unit.hash());
            changes.insert(unit.id.clone(), Change::English(en));
        } else if let Some(fuzzy) = memory.fuzzy(&unit.zh) {
            report.suggested += 1;
            let text = format!(
                "{}% {}: {}",
                fuzzy.percent, fuzzy.entry.origin, fuzzy.entry.en
            );
            changes.insert(unit.id.clone(), Change::Todo(Some(text)));
        } else {
            changes.insert(unit.id.clone(), Change::Todo(None));
        }
    }
    report.left += changes
        .values()
        .filter(|c| matches!(c, Change::Todo(_)))
        .count();
    (changes, record)
}

/// Runs of sentences that memory holds as one (a whole paragraph, or two sentences that
/// last year's English joined): the English goes to the first one's place.
fn whole_paragraphs(
    file: &ContentFile,
    memory: &Memory,
    record: &mut Record,
) -> BTreeMap<String, Change> {
    let mut changes = BTreeMap::new();
    let last = file.units.iter().map(|u| u.paragraph).max().unwrap_or(0);
    for paragraph in 1..=last {
        let units: Vec<&Unit> = file
            .units
            .iter()
            .filter(|u| u.paragraph == paragraph)
            .collect();
        let untranslated = units
            .iter()
            .all(|u| u.en.trim().is_empty() && u.en_span.is_none());
        if units.len() < 2 || !untranslated {
            continue;
        }
        if fill_run(file, &units, memory, record, &mut changes) {
            continue;
        }
        let mut i = 0;
        while i + 1 < units.len() {
            let single = memory.exact(&units[i].zh).is_some();
            match !single && fill_run(file, &units[i..i + 2], memory, record, &mut changes) {
                true => i += 2,
                false => i += 1,
            }
        }
    }
    changes
}

/// Fills `units` as one if memory has their joined Chinese exactly.
fn fill_run(
    file: &ContentFile,
    units: &[&Unit],
    memory: &Memory,
    record: &mut Record,
    changes: &mut BTreeMap<String, Change>,
) -> bool {
    let whole = &file.text()[units[0].zh_span.start..units[units.len() - 1].zh_span.end];
    let Some((en, _)) = memory.exact(whole) else {
        return false;
    };
    for (i, unit) in units.iter().enumerate() {
        let text = if i == 0 { en.clone() } else { String::new() };
        changes.insert(unit.id.clone(), Change::English(text));
        record.source.insert(unit.hash());
        record.review.insert(unit.hash());
    }
    record.source.insert(super::segment::hash(whole));
    record.review.insert(super::segment::hash(whole));
    true
}

/// Sends what memory left to the engine; its answers are written, marked machine-made.
fn machine(
    command: &str,
    plans: &mut [(ContentFile, BTreeMap<String, Change>, Record)],
    report: &mut Report,
) -> Result<(), Diagnostic> {
    let mut asked = Vec::new();
    for (file, changes, _) in plans.iter() {
        for (id, change) in changes {
            if matches!(change, Change::Todo(_))
                && let Some(unit) = file.unit(id)
            {
                asked.push((format!("{}#{id}", file.name), unit.zh.clone()));
            }
        }
    }
    if asked.is_empty() {
        return Ok(());
    }
    let answers = engine::translate(command, &asked)?;
    for (file, changes, record) in plans.iter_mut() {
        for (id, change) in changes.iter_mut() {
            let Some(en) = answers.get(&format!("{}#{id}", file.name)) else {
                continue;
            };
            let Some(unit) = file.unit(id) else { continue };
            if matches!(change, Change::Todo(_)) {
                *change = Change::English(en.clone());
                let hash = unit.hash();
                record.source.insert(hash.clone());
                record.review.insert(hash.clone());
                record.machine.insert(hash);
                report.machine += 1;
                report.left -= 1;
            }
        }
    }
    Ok(())
}

/// `nianbao translate accept --year YEAR`: the English as it stands is reviewed: the record
/// of every file lists the hash of each Chinese text that has English, and nothing to review.
pub fn accept(root: &std::path::Path, year: u16) -> Result<Vec<String>, Diagnostics> {
    let _lock = crate::lock::lock_content(root, "translate")?;
    let mut written = Vec::new();
    for file in read_year(root, year)? {
        let record = Record {
            source: file
                .units
                .iter()
                .filter(|u| !u.en.trim().is_empty())
                .map(|u| u.hash())
                .collect(),
            ..Record::default()
        };
        if file.record.as_ref() == Some(&record) {
            continue;
        }
        let text = write::apply(&file, &BTreeMap::new(), &record)
            .map_err(|why| Diagnostics::from(Diagnostic::error(why)))?;
        super::save(&file.path, &file.source.path, &text)?;
        written.push(file.source.path.display().to_string());
    }
    Ok(written)
}
