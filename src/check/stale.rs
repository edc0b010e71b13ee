//! The translation state of each file, as `nianbao translate` records it: English written
//! for a Chinese text that has changed since (stale), English filled from memory or by a
//! machine that no editor has accepted yet, sentences still marked to translate, and
//! sentences whose Chinese uses a glossary term their English does not.

use std::path::Path;

use crate::content::Document;
use crate::diagnostics::{Diagnostic, shorten};
use crate::site::Site;
use crate::translate::file::TODO;
use crate::translate::glossary::{self, Term};
use crate::translate::{ContentFile, Unit};

/// Every stale, unreviewed, untranslated or off-glossary unit of the site.
pub fn audit(site: &Site, root: &Path) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let terms = match glossary::load(root) {
        Ok(terms) => terms,
        Err(err) => {
            problems.push(err);
            Vec::new()
        }
    };
    for year in &site.years {
        let documents =
            std::iter::once(&year.cover.document).chain(year.sections.iter().map(|s| &s.document));
        for document in documents {
            problems.extend(audit_document(document, year.year, &terms));
        }
    }
    problems
}

fn audit_document(document: &Document, year: u16, terms: &[Term]) -> Vec<Diagnostic> {
    let source = &document.source;
    let name = source
        .path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let file = match ContentFile::parse(&source.path, source.clone(), &format!("{year}/{name}")) {
        Ok(file) => file,
        Err(err) => {
            return vec![
                Diagnostic::warning(format!(
                    "cannot read the translation record: {}",
                    err.message
                ))
                .at(crate::diagnostics::Location::file(&source.path))
                .hint(
                    "`[translation]` holds only `source`, `review` and `machine` lists of hashes",
                ),
            ];
        }
    };
    let mut problems = Vec::new();
    for unit in &file.units {
        problems.extend(unit_problems(&file, unit, year));
        problems.extend(glossary_problems(&file, unit, terms));
    }
    problems
}

fn quoted(text: &str) -> String {
    format!("“{}”", shorten(text.trim(), 40))
}

fn unit_problems(file: &ContentFile, unit: &Unit, year: u16) -> Option<Diagnostic> {
    let source = &file.source;
    let accept = format!("then run `nianbao translate accept --year {year}`");
    if let Some(span) = &unit.en_span
        && source.text[span.clone()].contains(TODO)
    {
        let marker = &source.text[span.clone()];
        let suggestion = marker[TODO.len()..].trim_end_matches("-->").trim();
        let hint = match suggestion.split_once(' ') {
            Some((_, offered)) => format!("the memory offers {offered}"),
            None => "translate it in place of the `nianbao:todo` marker".to_string(),
        };
        return Some(
            Diagnostic::warning(format!("not translated yet: {}", quoted(&unit.zh)))
                .at(source.location(unit.zh_span.clone()))
                .hint(hint),
        );
    }
    let record = file.record.as_ref()?;
    if unit.en.trim().is_empty() {
        return None;
    }
    let hash = unit.hash();
    if record.review.contains(&hash) {
        let how = match record.machine.contains(&hash) {
            true => "machine-translated",
            false => "filled from the memory of earlier years",
        };
        let at = unit.en_span.clone().unwrap_or(unit.zh_span.clone());
        return Some(
            Diagnostic::warning(format!(
                "the English of {} is {how} and needs review",
                quoted(&unit.zh)
            ))
            .at(source.location(at))
            .hint(format!("check it against the Chinese, {accept}")),
        );
    }
    if !record.source.contains(&hash) {
        return Some(
            Diagnostic::warning(format!(
                "the English was written for an earlier Chinese text: {} changed",
                quoted(&unit.zh)
            ))
            .at(source.location(unit.zh_span.clone()))
            .hint(format!(
                "update the English of this text ({}), {accept}",
                unit.id
            )),
        );
    }
    None
}

fn glossary_problems(file: &ContentFile, unit: &Unit, terms: &[Term]) -> Vec<Diagnostic> {
    if unit.en.trim().is_empty() {
        return Vec::new();
    }
    glossary::terms_in(terms, &unit.zh)
        .into_iter()
        .filter(|term| !glossary::english_has(term, &unit.en))
        .map(|term| {
            let at = unit.en_span.clone().unwrap_or(unit.zh_span.clone());
            Diagnostic::warning(format!(
                "“{}” is in the Chinese but its English “{}” is not in the English",
                term.zh, term.en
            ))
            .at(file.source.location(at))
            .hint("use the glossary's English (content/glossary.toml), or add what this text uses as an alias")
        })
        .collect()
}
