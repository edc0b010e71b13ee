//! The real-world checks of the built site, with the tools the web uses: every internal link
//! and fragment resolves, the W3C Nu HTML checker finds no error, every page works in Debian's
//! headless Chromium under a strict Content-Security-Policy (and on a 360 px phone), and
//! axe-core finds no WCAG 2.1 AA violation. Each test builds the sites it needs and runs
//! `tests/e2e/run.mjs` (see tests/README.md). A missing tool fails the test: nothing is
//! skipped, so install them first (`npm ci`, and Chromium and Java as `.ci/run` does).

mod common;

use common::*;
use std::io::Write;
use std::process::Command;
use std::sync::Mutex;

/// The checks share two cores with Chromium and Java: one at a time keeps timings honest
/// and their reports readable.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

#[test]
fn every_internal_link_and_fragment_resolves() {
    run_checks("links");
}

#[test]
fn every_page_passes_the_nu_html_checker() {
    run_checks("html");
}

#[test]
fn every_page_works_in_chromium_under_a_strict_csp() {
    run_checks("browser");
}

#[test]
fn every_kind_of_page_passes_axe_in_both_languages() {
    run_checks("a11y");
}

/// The bundled themes: every check runs on the sites built with each of them.
/// `NIANBAO_E2E_THEMES=gov` (a comma-separated list) runs the checks on those themes only.
const THEMES: &[&str] = &["default", "gov"];

/// The themes to check: all bundled ones, or those `NIANBAO_E2E_THEMES` names. A list that
/// names none, or a theme nianbao does not bundle, is an error: a check that ran on no site
/// must not pass.
fn themes() -> Result<Vec<String>, String> {
    match std::env::var("NIANBAO_E2E_THEMES") {
        Ok(list) => chosen_themes(&list),
        Err(_) => Ok(THEMES.iter().map(|t| t.to_string()).collect()),
    }
}

fn chosen_themes(list: &str) -> Result<Vec<String>, String> {
    let chosen: Vec<String> = list
        .split(',')
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    if chosen.is_empty() {
        return Err(format!(
            "NIANBAO_E2E_THEMES={list:?} names no theme: unset it to check every bundled theme \
             ({}), or name some",
            THEMES.join(", ")
        ));
    }
    if let Some(unknown) = chosen.iter().find(|t| !THEMES.contains(&t.as_str())) {
        return Err(format!(
            "NIANBAO_E2E_THEMES names `{unknown}`, which is not a bundled theme ({})",
            THEMES.join(", ")
        ));
    }
    Ok(chosen)
}

#[test]
fn an_empty_or_unknown_theme_list_is_refused() {
    assert_eq!(chosen_themes("gov").unwrap(), ["gov"]);
    assert_eq!(chosen_themes(" gov , default").unwrap(), ["gov", "default"]);
    for list in ["", " ", ",", " , "] {
        let err = chosen_themes(list).unwrap_err();
        assert!(err.contains("names no theme"), "{list:?}: {err}");
    }
    let err = chosen_themes("gov,goverment").unwrap_err();
    assert!(err.contains("`goverment`"), "{err}");
}

/// Runs one check of `tests/e2e/run.mjs` on the sites built with each theme.
fn run_checks(check: &str) {
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let themes = themes().unwrap_or_else(|err| panic!("{err}"));
    require_node_packages();
    let failed: Vec<String> = themes
        .into_iter()
        .filter(|theme| !passes_with_theme(check, theme))
        .collect();
    assert!(
        failed.is_empty(),
        "the {check} check failed with the theme(s) {}: its report above lists each problem (marked ✗)",
        failed.join(", ")
    );
}

/// Builds the bundled report, the minimal fixture (which has an untranslated section) and
/// the three-year fixture with `theme`, then runs one check of `tests/e2e/run.mjs` over them.
/// Screenshots go to `target/e2e-artifacts/THEME/`.
fn passes_with_theme(check: &str, theme: &str) -> bool {
    let report = TempSite::bundled();
    let untranslated = TempSite::fixture("minimal");
    let years = TempSite::fixture("years");
    for site in [&report, &untranslated, &years] {
        use_theme(site, theme);
        site.build();
    }
    // Straight to the terminal, like node's report below it (`println!` would be captured).
    let _ = writeln!(std::io::stdout(), "theme {theme}:");
    let status = Command::new("node")
        .arg(repo().join("tests/e2e/run.mjs"))
        .arg(check)
        .arg("--report")
        .arg(report.path("public"))
        .arg("--untranslated")
        .arg(untranslated.path("public"))
        .arg("--years")
        .arg(years.path("public"))
        .arg("--artifacts")
        .arg(repo().join("target/e2e-artifacts").join(theme))
        .current_dir(repo())
        .status()
        .expect("node runs (install Node.js 20 or later)");
    status.success()
}

/// Builds `site` with `theme`: replaces its `theme = "…"` line of site.toml, or adds one
/// at the top, before any table.
fn use_theme(site: &TempSite, theme: &str) {
    let path = site.path("content/site.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let rest: Vec<&str> = text
        .lines()
        .filter(|line| !line.starts_with("theme ="))
        .collect();
    std::fs::write(&path, format!("theme = \"{theme}\"\n{}\n", rest.join("\n"))).unwrap();
}

fn require_node_packages() {
    for package in ["playwright-core", "axe-core", "vnu-jar"] {
        assert!(
            repo().join("node_modules").join(package).is_dir(),
            "node_modules/{package} is missing: run `npm ci` in {} first",
            repo().display()
        );
    }
}
