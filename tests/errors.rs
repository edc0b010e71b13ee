//! Every class of bad input ends the same way: exit code 1, a message naming
//! `file:line:col` with a hint, every error of the build listed, and the output folder left
//! exactly as it was. Each case is a folder under `tests/fixtures/invalid/` whose files are
//! laid over the minimal site, with an `expect.toml` saying what nianbao must report.

mod common;

use common::*;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    message: String,
    /// Where the error points, exactly: `file:line:col`, or only `file` for an error about
    /// the file as a whole (its name, its encoding, its absence) that no line holds.
    location: String,
    hint: Option<String>,
    note: Option<String>,
    #[serde(default)]
    also: Vec<String>,
}

fn cases() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixture("invalid"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn check_case(name: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(fixture(&format!("invalid/{name}/expect.toml"))).unwrap();
    let expect: Expect = toml::from_str(&text).map_err(|e| format!("bad expect.toml: {e}"))?;
    let site = TempSite::fixture("minimal");
    site.build();
    let before = manifest(&site.path("public"));
    site.overlay(&format!("invalid/{name}"));
    for command in ["build", "check"] {
        let output = site.run(&[command]);
        let err = stderr(&output);
        let fail = |what: &str| Err(format!("`{command}` {what}\n--- stderr:\n{err}"));
        if output.status.code() != Some(1) {
            return fail(&format!("exited with {:?}, not 1", output.status.code()));
        }
        let said = format!("error: {}", expect.message);
        let Some(at) = err.lines().position(|line| line.starts_with(&said)) else {
            return fail(&format!("does not say: {}", expect.message));
        };
        let pointed = err.lines().nth(at + 1).unwrap_or_default().trim();
        if pointed != format!("--> {}", expect.location) {
            return fail(&format!(
                "points at `{pointed}`, not at {}",
                expect.location
            ));
        }
        if let Some(hint) = &expect.hint
            && !err.contains(&format!("= help: {hint}"))
        {
            return fail(&format!("does not hint: {hint}"));
        }
        if let Some(note) = &expect.note
            && !err.contains(&format!("--> {note}"))
        {
            return fail(&format!("does not note {note}"));
        }
        for also in &expect.also {
            if !err.contains(also.as_str()) {
                return fail(&format!("does not also say: {also}"));
            }
        }
        if manifest(&site.path("public")) != before {
            return fail("changed the output folder");
        }
    }
    Ok(())
}

#[test]
fn every_invalid_fixture_is_reported_and_leaves_output_untouched() {
    let cases = cases();
    assert!(cases.len() >= 40, "only {} invalid fixtures", cases.len());
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|name| check_case(name).err().map(|why| format!("[{name}] {why}")))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
