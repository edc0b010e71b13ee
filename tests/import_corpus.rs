//! The figures of real reports: every text of `fixtures/import-corpus/` (openings of 19 work
//! reports that sub-district and town offices published) is read by the importer, and the
//! figures it proposes are compared with the hand-made gold file beside the text. The test
//! prints a table per file and asserts the totals: recall and precision of at least 95%.
//! `cargo test --test import_corpus -- --nocapture` shows the table and every miss.

mod common;

use std::fmt::Write;

use common::fixture;
use nianbao::importer::{self, Proposal};
use nianbao::metrics::Decimal;
use serde::Deserialize;

#[derive(Deserialize)]
struct Gold {
    #[serde(default)]
    figure: Vec<GoldFigure>,
}

#[derive(Deserialize)]
struct GoldFigure {
    text: String,
    value: String,
    unit: String,
    qualifier: String,
}

/// What makes two figures the same: value, unit and the qualifier word as written.
type Key = (Decimal, String, String);

fn found_key(p: &Proposal) -> Key {
    (
        p.value,
        p.unit.zh.clone(),
        p.approx.word().unwrap_or("").to_string(),
    )
}

fn gold_key(g: &GoldFigure) -> Key {
    let value = Decimal::parse(&g.value).expect("a gold value is a decimal");
    (value, g.unit.clone(), g.qualifier.clone())
}

/// One file's score: matched one to one, in reading order, by value, unit and qualifier.
struct Score {
    gold: usize,
    found: usize,
    matched: usize,
    missed: Vec<String>,
    extra: Vec<String>,
}

fn score(gold: &[GoldFigure], found: &[Proposal]) -> Score {
    let mut open: Vec<Option<&GoldFigure>> = gold.iter().map(Some).collect();
    let mut extra = Vec::new();
    let mut matched = 0;
    for p in found {
        let key = found_key(p);
        match open
            .iter()
            .position(|g| g.is_some_and(|g| gold_key(g) == key))
        {
            Some(i) => {
                open[i] = None;
                matched += 1;
            }
            None => extra.push(format!("{} ({}, {}, “{}”)", p.written, key.0, key.1, key.2)),
        }
    }
    let missed = open
        .into_iter()
        .flatten()
        .map(|g| format!("{} ({}, {}, “{}”)", g.text, g.value, g.unit, g.qualifier))
        .collect();
    Score {
        gold: gold.len(),
        found: found.len(),
        matched,
        missed,
        extra,
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        100.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

#[test]
fn finds_the_figures_of_real_reports() {
    let folder = fixture("import-corpus");
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".gold.toml").map(str::to_string))
        .collect();
    names.sort();
    assert!(names.len() >= 19, "the corpus holds 19 reports or more");
    let mut table = String::new();
    let mut details = String::new();
    let mut labels = String::new();
    writeln!(
        table,
        "{:<36} {:>5} {:>5} {:>7} {:>7} {:>9}",
        "file", "gold", "found", "matched", "recall", "precision"
    )
    .unwrap();
    let (mut gold_all, mut found_all, mut matched_all) = (0, 0, 0);
    for name in &names {
        let text = std::fs::read_to_string(folder.join(format!("{name}.txt"))).unwrap();
        let gold: Gold = toml::from_str(
            &std::fs::read_to_string(folder.join(format!("{name}.gold.toml"))).unwrap(),
        )
        .unwrap();
        let found = importer::figures_in(&text);
        let s = score(&gold.figure, &found);
        for p in &found {
            writeln!(
                labels,
                "{name}: {} → {} [{}]",
                p.written,
                p.label,
                p.unit.en_name()
            )
            .unwrap();
        }
        writeln!(
            table,
            "{name:<36} {:>5} {:>5} {:>7} {:>6.1}% {:>8.1}%",
            s.gold,
            s.found,
            s.matched,
            percent(s.matched, s.gold),
            percent(s.matched, s.found)
        )
        .unwrap();
        for m in &s.missed {
            writeln!(details, "{name}: missed {m}").unwrap();
        }
        for e in &s.extra {
            writeln!(details, "{name}: extra  {e}").unwrap();
        }
        (gold_all, found_all, matched_all) = (
            gold_all + s.gold,
            found_all + s.found,
            matched_all + s.matched,
        );
    }
    let (recall, precision) = (
        percent(matched_all, gold_all),
        percent(matched_all, found_all),
    );
    writeln!(
        table,
        "{:<36} {gold_all:>5} {found_all:>5} {matched_all:>7} {recall:>6.1}% {precision:>8.1}%",
        "total"
    )
    .unwrap();
    println!("{table}\n{details}\nthe labels proposed:\n{labels}");
    assert!(gold_all >= 157, "the 19 gold files list 157 figures");
    assert!(recall >= 95.0 && precision >= 95.0, "{table}\n{details}");
}
