//! `nianbao check` on whole fixture sites: what it reports (untranslated texts, numbers only
//! one language has, broken anchors, images without alt text), what it leaves alone (one
//! figure in two notations), the JSON report, the exit codes, and the bundled report.
//! `fixtures/audits/` holds one problem of each kind; see the comments in its files.

mod common;

use common::*;
use serde_json::Value;

fn problems(report: &Value) -> &Vec<Value> {
    report["problems"].as_array().expect("problems is a list")
}

/// The one problem whose message contains `text`.
fn problem<'a>(report: &'a Value, text: &str) -> &'a Value {
    let found: Vec<&Value> = problems(report)
        .iter()
        .filter(|p| p["message"].as_str().unwrap().contains(text))
        .collect();
    assert_eq!(found.len(), 1, "{text}: {found:#?}\n{report:#}");
    found[0]
}

fn place(problem: &Value) -> String {
    format!(
        "{}:{}:{}",
        problem["file"].as_str().unwrap_or("-"),
        problem["line"],
        problem["col"]
    )
}

#[test]
fn reports_a_missing_english_block() {
    let site = TempSite::fixture("audits");
    let (report, _) = check_json(&site, &[]);
    let missing = problem(&report, "has no `::: en` block");
    assert_eq!(missing["severity"], "warning");
    assert_eq!(missing["file"], "content/2018/02-welfare.md");
    let rows = report["translation"][0]["rows"].as_array().unwrap();
    let welfare = rows.iter().find(|r| r["name"] == "02-welfare.md").unwrap();
    assert_eq!(
        welfare["text"],
        serde_json::json!({"total": 1, "zh": 1, "en": 0})
    );
    assert_eq!(
        welfare["title"],
        serde_json::json!({"total": 1, "zh": 1, "en": 0})
    );
    let title = problem(&report, "the section title has no English text yet");
    assert_eq!(place(title), "content/2018/02-welfare.md:3:1");
}

#[test]
fn reports_a_missing_metric_label() {
    let site = TempSite::fixture("audits");
    let (report, _) = check_json(&site, &[]);
    let label = problem(
        &report,
        "the label of metric `charity_raised` has no English text",
    );
    assert_eq!(label["audit"], "translation");
    assert_eq!(place(label), "content/2018/01-survey.md:16:1");
    let survey = &report["translation"][0]["rows"][1];
    assert_eq!(
        survey["labels"],
        serde_json::json!({"total": 2, "zh": 2, "en": 1})
    );
}

#[test]
fn reports_number_only_in_chinese() {
    let site = TempSite::fixture("audits");
    let (report, _) = check_json(&site, &[]);
    let number = problem(
        &report,
        "`12` is in the Chinese text but not in the English",
    );
    assert_eq!(number["audit"], "numbers");
    assert_eq!(number["severity"], "warning");
    assert_eq!(place(number), "content/2018/01-survey.md:20:61");
}

#[test]
fn does_not_report_a_number_written_in_two_notations() {
    let site = TempSite::fixture("audits");
    let (report, _) = check_json(&site, &[]);
    let numbers: Vec<&str> = problems(&report)
        .iter()
        .filter(|p| p["audit"] == "numbers")
        .map(|p| p["message"].as_str().unwrap())
        .collect();
    // "35.4 万元" and "CNY 354,000"; "4张清单" and "four lists"; a cited figure.
    assert_eq!(
        numbers,
        ["`12` is in the Chinese text but not in the English"]
    );
}

#[test]
fn reports_a_broken_anchor_as_an_error() {
    let site = TempSite::fixture("audits");
    let (report, code) = check_json(&site, &[]);
    let anchor = problem(&report, "the anchor of `../welfare/#assistance`");
    assert_eq!(anchor["severity"], "error");
    assert_eq!(anchor["audit"], "links");
    assert!(
        place(anchor).starts_with("content/2018/01-survey.md:32:"),
        "{anchor:#}"
    );
    assert!(
        !problems(&report)
            .iter()
            .any(|p| p["message"].as_str().unwrap().contains("#results")),
        "a good anchor was reported"
    );
    assert_eq!(code, Some(1));
}

#[test]
fn reports_an_image_without_alt_text() {
    let site = TempSite::fixture("audits");
    let (report, _) = check_json(&site, &[]);
    let image = problem(&report, "has no alt text");
    assert_eq!(image["severity"], "warning");
    assert!(place(image).starts_with("content/2018/01-survey.md:34:"));
}

#[test]
fn json_report_counts_what_it_lists() {
    let site = TempSite::fixture("audits");
    let (report, code) = check_json(&site, &[]);
    assert_eq!(report["format"], 1);
    assert_eq!(report["ok"], false);
    let count = |severity: &str| {
        problems(&report)
            .iter()
            .filter(|p| p["severity"] == severity)
            .count()
    };
    assert_eq!(report["errors"], count("error"));
    assert_eq!(report["warnings"], count("warning"));
    assert!(report["pages"].as_u64().unwrap() > 10);
    let totals = &report["translation"][0]["totals"];
    assert_eq!(
        totals["title"],
        serde_json::json!({"total": 3, "zh": 3, "en": 2})
    );
    assert_eq!(code, Some(1));
    assert!(!site.path("public").exists(), "check wrote public/");
}

#[test]
fn text_report_groups_problems_by_file_most_serious_first() {
    let site = TempSite::fixture("audits");
    let output = site.run(&["check"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    let survey = err
        .find("=== content/2018/01-survey.md: 1 error, 3 warnings ===")
        .expect(&err);
    let welfare = err
        .find("=== content/2018/02-welfare.md: 2 warnings ===")
        .expect(&err);
    assert!(survey < welfare, "{err}");
    let error = err.find("error: the anchor").unwrap();
    let warning = err[survey..].find("warning: ").unwrap() + survey;
    assert!(error < warning, "the error is not first:\n{err}");
    let out = stdout(&output);
    assert!(out.contains("translation of 2018"), "{out}");
    assert!(out.contains("02-welfare.md  ✓     ✗     ✓     ✗"), "{out}");
    let verdict = err.lines().last().unwrap();
    assert!(
        verdict.starts_with("check failed: 1 error found (and 6 warnings); a build would make "),
        "{err}"
    );
}

#[test]
fn warnings_fail_only_with_strict() {
    // The minimal site builds, with a section that has no English yet.
    let site = TempSite::fixture("minimal");
    let (report, code) = check_json(&site, &[]);
    assert_eq!((report["errors"].as_u64(), code), (Some(0), Some(0)));
    assert!(report["warnings"].as_u64().unwrap() > 0);
    let (report, code) = check_json(&site, &["--strict"]);
    assert_eq!((&report["ok"], code), (&Value::Bool(false), Some(1)));
    let text = site.run(&["check", "--strict"]);
    assert_eq!(text.status.code(), Some(1));
    assert!(stderr(&text).contains("--strict fails on warnings"));
}

#[test]
fn warns_while_base_url_is_an_example_address() {
    let site = TempSite::bundled();
    let (report, _) = check_json(&site, &[]);
    let found = problems(&report);
    let warning = found
        .iter()
        .find(|p| p["message"].as_str().unwrap().contains("example address"))
        .unwrap_or_else(|| panic!("{report:#}"));
    assert_eq!(warning["severity"], "warning");
    assert_eq!(warning["file"], "content/site.toml");
    assert!(
        warning["message"]
            .as_str()
            .unwrap()
            .contains("https://reports.example.org/nanjing-west-road/")
    );
}

/// The bundled report with the address a publisher would give it.

#[test]
fn bundled_report_passes_the_strict_check() {
    let site = TempSite::bundled_published();
    let (report, code) = check_json(&site, &["--strict"]);
    assert_eq!(problems(&report), &Vec::<Value>::new(), "{report:#}");
    assert_eq!(code, Some(0));
    let all = &report["translation"][0]["totals"]["labels"];
    assert_eq!(all["en"], all["total"]);
}

#[test]
fn reports_a_metric_cited_in_only_one_language() {
    let site = TempSite::fixture("minimal");
    let text = site.read("content/2018/01-survey.md");
    site.write(
        "content/2018/01-survey.md",
        &text.replace(
            "; the resolution rate was {{ metric(id=\"resolution_rate\") }}.",
            ".",
        ),
    );
    let (report, _) = check_json(&site, &[]);
    let cited = problem(
        &report,
        "metric `resolution_rate` is cited in the Chinese text but its figure is not in the English",
    );
    assert_eq!(cited["audit"], "numbers");
    assert_eq!(place(cited), "content/2018/01-survey.md:18:47");
}
