//! How nianbao puts pages together may change (what many pages share made once, big pages
//! written as they are made); what the pages say may not. Each site below is built and every
//! file it writes is compared, by path and a hash of its bytes, with the list in
//! `tests/snapshots/output/NAME.txt`. The lists were made by the binary of `main` before the
//! pages were put together otherwise, so a test that passes proves the new way writes the
//! same bytes: the bundled report in each theme, with file links, the fixture sites, and a
//! decade of the benchmark's `series` corpus (figures continuing across twelve years).
//!
//! When a page is meant to change, make the lists again and review the diff:
//!
//! ```sh
//! UPDATE_SNAPSHOTS=1 cargo test --test same_output
//! git diff tests/snapshots/output
//! ```
//!
//! (`NIANBAO_BIN=path/to/nianbao` makes them with another binary, such as an older build.)

mod common;

#[path = "../benches/build_speed/series.rs"]
mod series;

use std::path::PathBuf;

use common::*;

/// Builds `site` (with extra build arguments) and compares its output with the list `name`.
fn same_as_listed(name: &str, site: &TempSite, args: &[&str]) {
    let binary = std::env::var_os("NIANBAO_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_nianbao")));
    let output = std::process::Command::new(binary)
        .arg("build")
        .args(args)
        .current_dir(&site.root)
        .env("LC_ALL", "C")
        .output()
        .expect("the nianbao binary runs");
    assert!(
        output.status.success(),
        "{name}: build failed:\n{}",
        stderr(&output)
    );
    // A PDF's bytes depend on the fonts of the machine that typesets it, and so does the
    // output's manifest, which lists every file's size; `pdf.rs` and `determinism.rs`
    // test those.
    let listed: String = manifest(&site.path("public"))
        .into_iter()
        .filter(|(path, _)| !path.ends_with(".pdf") && path != ".nianbao-manifest")
        .map(|(path, hash)| format!("{hash:016x}  {path}\n"))
        .collect();
    let file = repo()
        .join("tests/snapshots/output")
        .join(format!("{name}.txt"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, &listed).unwrap();
        return;
    }
    let expected =
        std::fs::read_to_string(&file).unwrap_or_else(|err| panic!("{}: {err}", file.display()));
    if listed != expected {
        let ours: Vec<&str> = listed.lines().collect();
        let theirs: Vec<&str> = expected.lines().collect();
        let differing: Vec<&str> = ours
            .iter()
            .filter(|line| !theirs.contains(line))
            .chain(theirs.iter().filter(|line| !ours.contains(line)))
            .take(20)
            .copied()
            .collect();
        panic!(
            "{name}: the output differs from {} ({} files now, {} listed); first differences:\n{}",
            file.display(),
            ours.len(),
            theirs.len(),
            differing.join("\n")
        );
    }
}

#[test]
fn the_bundled_report_is_written_byte_for_byte_as_before() {
    same_as_listed("bundled", &TempSite::bundled(), &[]);
}

#[test]
fn the_bundled_report_in_the_gov_theme_with_file_links_is_written_as_before() {
    let site = TempSite::bundled();
    let config = site.read("content/site.toml");
    site.write(
        "content/site.toml",
        &config.replace("theme = \"default\"", "theme = \"gov\""),
    );
    same_as_listed(
        "bundled-gov-files",
        &site,
        &[
            "--links",
            "files",
            "--base-url",
            "https://example.org/reports/",
        ],
    );
}

#[test]
fn the_fixture_sites_are_written_byte_for_byte_as_before() {
    for name in ["minimal", "years", "exact-figures"] {
        same_as_listed(name, &TempSite::fixture(name), &[]);
    }
    // A site's own templates, stylesheet and strings over the theme's.
    let site = TempSite::fixture("minimal");
    site.overlay("override");
    same_as_listed("minimal-override", &site, &[]);
}

#[test]
fn twelve_years_of_continuing_figures_are_written_byte_for_byte_as_before() {
    let site = TempSite::empty("series");
    copy_tree(&repo().join("themes"), &site.path("themes"));
    site.write(
        "content/site.toml",
        "title = { zh = \"基准街道年度工作报告\", en = \"Benchmark Sub-district Reports\" }\n\
         base_url = \"https://example.org/\"\n",
    );
    for year in 2000..2012 {
        site.write(
            &format!("content/{year}/_year.md"),
            &format!(
                "+++\ntitle = {{ zh = \"{year}年工作回顾\", en = \"{year} in Review\" }}\n\
                 publisher = {{ zh = \"街道党政办\", en = \"Sub-district Office\" }}\n+++\n\n\
                 ::: zh\n{year}年，街道各项工作稳步推进。\n:::\n\n::: en\nIn {year} the sub-district's work moved ahead.\n:::\n"
            ),
        );
        for s in 0..6 {
            site.write(
                &format!("content/{year}/{:02}-section-{s}.md", s + 1),
                &series::section(year as usize, s),
            );
        }
    }
    same_as_listed("series-12x6", &site, &[]);
}
