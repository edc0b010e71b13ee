//! Writing English into a content file: each unit's English where its English stands (the
//! TOML string, the sentences, the marker holding their place), a new `::: en` block when
//! the file has none, and the `[translation]` table. Nothing else in the file changes.

use std::collections::BTreeMap;
use std::ops::Range;

use super::file::{ContentFile, TODO, Unit, record_place};
use super::record::Record;
use crate::content::write;

/// What to write for one unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    English(String),
    /// Not translated: a marker holding its place, with a suggestion for the translator.
    Todo(Option<String>),
}

/// The text of `file` with `changes` (by unit id) made and `record` as its table. `None`
/// when a unit of a paragraph whose English is not aligned would have to be written.
pub fn apply(
    file: &ContentFile,
    changes: &BTreeMap<String, Change>,
    record: &Record,
) -> Result<String, String> {
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut new_block: Vec<&Unit> = Vec::new();
    for unit in &file.units {
        let change = changes.get(&unit.id);
        match (&unit.en_span, change) {
            (_, None) if file.en_block.is_none() && !unit.in_front_matter() => new_block.push(unit),
            (_, None) => {}
            (Some(span), Some(change)) => {
                edits.push((span.clone(), text_of(unit, change)));
                if let Some(comment) = toml_suggestion(file, unit, change) {
                    edits.push(comment);
                }
            }
            (None, Some(_)) if file.en_block.is_none() => new_block.push(unit),
            (None, Some(_)) => {
                return Err(format!(
                    "{}: the English block's paragraphs do not match the Chinese ones; \
                     write the English of paragraph {} by hand",
                    unit.id, unit.paragraph
                ));
            }
        }
    }
    let writes_block = new_block
        .iter()
        .any(|u| matches!(changes.get(&u.id), Some(Change::English(_))));
    if writes_block && let Some(at) = file.zh_block_end {
        edits.push((at..at, english_block(&new_block, changes)));
    }
    edits.push((record_place(file), table(file, record)));
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    let mut text = file.text().to_string();
    for (range, new) in edits.into_iter().rev() {
        text.replace_range(range, &new);
    }
    Ok(text)
}

fn text_of(unit: &Unit, change: &Change) -> String {
    match (unit.in_front_matter(), change) {
        (true, Change::English(en)) => write::string(en),
        (true, Change::Todo(_)) => write::string(""),
        (false, Change::English(en)) => en.clone(),
        (false, Change::Todo(suggestion)) => marker(&unit.id, suggestion.as_deref()),
    }
}

/// A front-matter text's suggestion, as a TOML comment on the line above it (once).
fn toml_suggestion(
    file: &ContentFile,
    unit: &Unit,
    change: &Change,
) -> Option<(Range<usize>, String)> {
    let Change::Todo(Some(suggestion)) = change else {
        return None;
    };
    if !unit.in_front_matter() {
        return None;
    }
    let text = file.text();
    let line_start = text[..unit.zh_span.start].rfind('\n').map_or(0, |i| i + 1);
    let comment = format!(
        "# nianbao:todo {} {}\n",
        unit.id,
        suggestion.replace('\n', " ")
    );
    let before = &text[..line_start];
    let previous = before
        .trim_end_matches('\n')
        .rsplit('\n')
        .next()
        .unwrap_or("");
    if previous.starts_with(&format!("# nianbao:todo {} ", unit.id)) {
        return None;
    }
    Some((line_start..line_start, comment))
}

/// `<!-- nianbao:todo p2.s3 suggestion: … -->`: never shown on a page (comments are notes
/// to editors), read back by `file` as the place of sentence 3 of paragraph 2.
pub fn marker(id: &str, suggestion: Option<&str>) -> String {
    match suggestion {
        Some(s) => format!("{TODO}{id} {} -->", s.replace("--", "–")),
        None => format!("{TODO}{id} -->"),
    }
}

fn english_block(units: &[&Unit], changes: &BTreeMap<String, Change>) -> String {
    let mut paragraphs: Vec<Vec<String>> = Vec::new();
    let mut last = 0;
    for unit in units {
        if unit.paragraph != last {
            paragraphs.push(Vec::new());
            last = unit.paragraph;
        }
        let change = changes.get(&unit.id).cloned().unwrap_or(Change::Todo(None));
        paragraphs
            .last_mut()
            .expect("a paragraph was opened")
            .push(text_of(unit, &change));
    }
    let body: Vec<String> = paragraphs
        .iter()
        .map(|p| {
            let filled: Vec<&str> = p
                .iter()
                .map(String::as_str)
                .filter(|s| !s.is_empty())
                .collect();
            filled.join(" ")
        })
        .collect();
    format!(
        "\n{}",
        write::block(crate::config::Lang::En, &body.join("\n\n"))
    )
}

/// The `[translation]` table, set apart from what precedes it by a blank line.
fn table(file: &ContentFile, record: &Record) -> String {
    let place = record_place(file);
    let before = &file.text()[..place.start];
    let gap = if before.ends_with("\n\n") || before.ends_with("+++\n") {
        ""
    } else if before.ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    };
    format!("{gap}{}", record.to_toml())
}
