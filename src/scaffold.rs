//! `nianbao new YEAR`: next year's report, scaffolded from an earlier one. The same sections,
//! slugs, titles and metrics (ids, units, qualifiers, labels), with every value pending and
//! every text replaced by a marked placeholder, so the office fills in rather than retypes.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{Lang, Localized};
use crate::content::{self, PLACEHOLDER, Section, Year, write};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};

/// What `new` wrote and what is left for the editor.
#[derive(Debug)]
pub struct Scaffolded {
    pub from: u16,
    pub folder: PathBuf,
    pub files: Vec<PathBuf>,
    pub pending_values: usize,
    pub placeholder_texts: usize,
}

/// Creates `content/YEAR/` from `from` (default: the latest year before `year`).
pub fn create(root: &Path, year: u16, from: Option<u16>) -> Result<Scaffolded, Diagnostics> {
    let shown = content::shown_path(root, "content");
    let folder = root.join("content").join(year.to_string());
    let shown_folder = shown.join(year.to_string());
    let _lock = crate::lock::lock_content(root, &format!("nianbao new {year}"))?;
    if folder.exists() {
        return Err(
            Diagnostic::error(format!("{} already exists", shown_folder.display()))
                .at(Location::file(&shown_folder))
                .hint("nianbao new never touches an existing year; edit its files instead")
                .into(),
        );
    }
    let (years, problems) = content::load(&root.join("content"), &shown);
    problems.into_result()?;
    let source = pick_source(&years, year, from)?;
    let files = plan(source, year);
    content::write::year_folder(&folder, &shown_folder, &files)?;
    let written = files
        .iter()
        .map(|(name, _)| shown_folder.join(name))
        .collect();
    Ok(Scaffolded {
        from: source.year,
        folder: shown_folder,
        files: written,
        pending_values: source.sections.iter().map(|s| s.metrics.len()).sum(),
        placeholder_texts: source.sections.len() + 1,
    })
}

fn pick_source(years: &[Arc<Year>], year: u16, from: Option<u16>) -> Result<&Year, Diagnostic> {
    match from {
        Some(from) => years
            .iter()
            .map(|y| &**y)
            .find(|y| y.year == from)
            .ok_or_else(|| {
                Diagnostic::error(format!("there is no report for {from} to start from")).hint(
                    format!("content/{from}/ does not exist; pick a year that does"),
                )
            }),
        None => years
            .iter()
            .rev()
            .map(|y| &**y)
            .find(|y| y.year < year)
            .ok_or_else(|| {
                Diagnostic::error(format!("there is no report before {year} to start from"))
                    .hint("pass --from YEAR to name the report to copy")
            }),
    }
}

/// The files of the new year, by file name.
pub fn plan(source: &Year, year: u16) -> Vec<(String, String)> {
    let mut files = vec![("_year.md".to_string(), cover(source, year))];
    for section in &source.sections {
        let name = format!("{:02}-{}.md", section.number, section.slug);
        files.push((name, section_file(section, source.year, year)));
    }
    files
}

fn retitle(text: &Localized, from: u16, to: u16) -> Localized {
    let (from, to) = (from.to_string(), to.to_string());
    Localized::new(
        text.get(Lang::Zh).replace(&from, &to),
        text.get(Lang::En).replace(&from, &to),
    )
}

fn placeholder_blocks(what_zh: &str, what_en: &str) -> String {
    format!(
        "{}\n{}",
        write::block(Lang::Zh, &format!("{PLACEHOLDER}\n（待填写：{what_zh}）")),
        write::block(
            Lang::En,
            &format!("{PLACEHOLDER}\n(To be written: {what_en}.)")
        )
    )
}

fn cover(source: &Year, year: u16) -> String {
    let cover = &source.cover;
    let summary = Localized::new(
        format!("（待填写：{year}年工作概要）"),
        format!("(To be written: a summary of {year})"),
    );
    let mut front = format!(
        "title = {}\n",
        write::localized(&retitle(&cover.title, source.year, year))
    );
    if cover.publisher.is_translated(Lang::Zh) || cover.publisher.is_translated(Lang::En) {
        front.push_str(&format!(
            "publisher = {}\n",
            write::localized(&cover.publisher)
        ));
    }
    front.push_str(&format!("summary = {}\n", write::localized(&summary)));
    format!(
        "+++\n{front}+++\n\n{}",
        placeholder_blocks(
            &format!("{year}年工作回顾的概述"),
            &format!("the overview of the {year} review")
        )
    )
}

fn section_file(section: &Section, from: u16, year: u16) -> String {
    let mut front = format!("title = {}\n", write::localized(&section.title));
    let file_slug = section
        .document
        .source
        .path
        .file_stem()
        .and_then(|s| s.to_str())
        .and_then(|s| s.split_once('-'))
        .map(|(_, slug)| slug);
    if file_slug != Some(section.slug.as_str()) {
        front.push_str(&format!("slug = {}\n", write::string(&section.slug)));
    }
    for metric in &section.metrics {
        let last = match metric.value {
            Some(value) => {
                format!("# value = …    (fill in the {year} figure; {from} was {value})")
            }
            None => format!("# value = …    (fill in the {year} figure)"),
        };
        front.push('\n');
        front.push_str(&write::metric(metric, &last));
    }
    let title = section.title.show(Lang::Zh).0;
    format!(
        "+++\n{front}+++\n\n{}",
        placeholder_blocks(
            &format!("{year}年“{title}”部分的工作回顾"),
            &format!("the {year} review of this section")
        )
    )
}
