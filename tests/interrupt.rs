//! A build killed at any moment (SIGKILL: none of its own clean-up runs) leaves the output
//! folder as the complete old site or the complete new one, never a mix, and the next build
//! clears what the killed one left beside it (its staging folder, the old copy). An import
//! killed the same way leaves the new year whole or not at all.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// How many builds are killed.
const KILLS: u64 = 30;
const YEARS: u16 = 10;
const SECTIONS: usize = 8;
const GIT_OBJECTS: usize = 3_000;

const SITE_TOML: &str = r#"title = { zh = "中断测试", en = "Interrupted builds" }
base_url = "https://example.org/reports/"
pdf = false
"#;

/// Writes `content/` afresh: variant 1 changes every figure and text and has one section a
/// year less than variant 0, so a mix of the two would show.
fn write_content(site: &TempSite, variant: usize) {
    let _ = std::fs::remove_dir_all(site.path("content"));
    site.write("content/site.toml", SITE_TOML);
    let prose = "街道开展各项工作，取得明显成效。".repeat(12);
    let english = "The sub-district did its work with clear results. ".repeat(6);
    for year in 2000..2000 + YEARS {
        site.write(
            &format!("content/{year}/_year.md"),
            &format!(
                "+++\ntitle = {{ zh = \"{year}年（稿{variant}）\", en = \"{year} (draft {variant})\" }}\n+++\n\n\
                 ::: zh\n{prose}{{{{ metric(id=\"visits_1\") }}}}\n:::\n\n::: en\n{english}\n:::\n"
            ),
        );
        for n in 1..=SECTIONS - variant {
            let value = usize::from(year) * 10 + n + variant;
            site.write(
                &format!("content/{year}/{n:02}-part-{n}.md"),
                &format!(
                    "+++\ntitle = {{ zh = \"第{n}部分\", en = \"Part {n}\" }}\n\n\
                     [metrics.visits_{n}]\nvalue = {value}\nunit = \"次\"\n\
                     label = {{ zh = \"走访{n}\", en = \"Visits {n}\" }}\nhighlight = {}\n+++\n\n\
                     ::: zh\n走访{{{{ metric(id=\"visits_{n}\") }}}}。{prose}\n\n{prose}（稿{variant}）\n:::\n\n\
                     ::: en\n{{{{ metric(id=\"visits_{n}\") }}}}. {english}\n\n{english}\n:::\n",
                    n <= 2
                ),
            );
        }
    }
}

/// A number in [0, 1) that depends only on `seed` (splitmix64): a failing kill can be
/// replayed from its number.
fn uniform(seed: u64) -> f64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

/// Starts a build and sends it SIGKILL after `delay`; whether it had finished by then.
fn build_killed_after(site: &TempSite, delay: Duration) -> bool {
    killed_after(site, &["build"], delay)
}

/// Starts `nianbao ARGS` and sends it SIGKILL after `delay`; whether it had finished by then.
fn killed_after(site: &TempSite, args: &[&str], delay: Duration) -> bool {
    let mut build = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .current_dir(&site.root)
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the nianbao binary runs");
    std::thread::sleep(delay);
    build.kill().unwrap();
    build.wait().unwrap().success()
}

/// Where a kill landed, judged by what it left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Landed {
    /// The build had exited (successfully) before the signal: the new site.
    AfterFinishing,
    /// The new site is in place, its clean-up (the old copy beside it) perhaps not done.
    AfterTheSwap,
    /// The old site is in place and a staging folder (or the old copy) lies beside it.
    WhileWriting,
    /// The old site is in place and nothing lies beside it.
    BeforeWriting,
}

fn landed(finished: bool, new_site: bool, nothing_beside: bool) -> Landed {
    match (finished, new_site, nothing_beside) {
        (true, _, _) => Landed::AfterFinishing,
        (false, true, _) => Landed::AfterTheSwap,
        (false, false, false) => Landed::WhileWriting,
        (false, false, true) => Landed::BeforeWriting,
    }
}

/// Every file under `dir` with its bytes, sorted by path; none when `dir` is missing.
fn files(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    if !dir.exists() {
        return Vec::new();
    }
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let relative = entry.path().strip_prefix(dir).unwrap();
            (
                relative.to_string_lossy().into_owned(),
                std::fs::read(entry.path()).unwrap(),
            )
        })
        .collect()
}

/// A complete build, and how long it took.
fn timed_build(site: &TempSite, args: &[&str]) -> Duration {
    let started = Instant::now();
    let output = site.run(args);
    assert!(output.status.success(), "{}", stderr(&output));
    started.elapsed()
}

/// What the project folder holds besides `content/`, `themes/` and `public/`.
fn leftovers(site: &TempSite) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(&site.root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !["content", "themes", "public"].contains(&name.as_str()))
        .collect();
    names.sort();
    names
}

#[test]
fn a_killed_build_leaves_the_old_site_or_the_new_one() {
    let site = TempSite::empty("interrupt");
    copy_tree(&repo().join("themes"), &site.path("themes"));
    write_content(&site, 1);
    timed_build(&site, &["build"]);
    // A publisher's `.git` (kept across builds) makes carrying over and clearing away slow
    // enough for kills to land there too.
    for n in 0..GIT_OBJECTS {
        site.write(
            &format!("public/.git/objects/{:02x}/{n:04}", n % 256),
            "blob",
        );
    }
    let one = files(&site.path("public"));
    write_content(&site, 0);
    // A rebuild over the other site is the work each killed build does.
    let rebuild = timed_build(&site, &["build"]);
    let sites = [files(&site.path("public")), one];
    assert!(sites[0].len() > 100 && sites[0] != sites[1]);
    // Each delay falls in its own slot of the rebuild's time (the median so far, so a busy
    // machine stretches the slots) and a little past it.
    let mut rebuilds = vec![rebuild];
    let mut where_landed = std::collections::BTreeMap::<Landed, usize>::new();
    let mut old = 0;
    for kill in 0..KILLS {
        let new = 1 - old;
        write_content(&site, new);
        rebuilds.sort();
        let whole = rebuilds[rebuilds.len() / 2].mul_f64(1.5);
        let delay = whole.mul_f64((kill as f64 + uniform(kill)) / KILLS as f64);
        let finished = build_killed_after(&site, delay);
        let found = files(&site.path("public"));
        let left = leftovers(&site);
        let why = format!("kill {kill} after {delay:?} (left {left:?})");
        let landing = if found == sites[new] {
            landed(finished, true, left.is_empty())
        } else {
            assert!(
                found == sites[old],
                "{why}: neither the old site nor the new one, byte for byte"
            );
            assert!(!finished, "{why}: a build that finished left the old site");
            landed(finished, false, left.is_empty())
        };
        *where_landed.entry(landing).or_default() += 1;
        rebuilds.push(timed_build(&site, &["build"]));
        assert!(
            files(&site.path("public")) == sites[new],
            "{why}: the next build"
        );
        assert_eq!(
            leftovers(&site),
            Vec::<String>::new(),
            "{why}: the next build"
        );
        old = new;
    }
    let count = |l: Landed| where_landed.get(&l).copied().unwrap_or(0);
    let summary = format!(
        "{KILLS} kills, a rebuild taking {:?}: {where_landed:?}",
        rebuilds[rebuilds.len() / 2]
    );
    // The kills must have reached the moments the promise is about: some while the new site
    // was being written (the old one must stay), some once it was in place.
    assert!(
        count(Landed::WhileWriting) >= 1,
        "no kill landed while writing: {summary}"
    );
    assert!(
        count(Landed::AfterTheSwap) + count(Landed::AfterFinishing) >= 1,
        "no kill left the new site: {summary}"
    );
    eprintln!("{summary}");
}

#[test]
fn the_next_build_clears_a_stale_staging_folder_and_restores_a_moved_site() {
    let site = TempSite::fixture("minimal");
    site.build();
    site.write("public/CNAME", "reports.example.org\n");
    // What a build killed in the middle of a swap without RENAME_EXCHANGE leaves: the old
    // site moved aside, a half-written new one beside it.
    std::fs::rename(site.path("public"), site.path(".public.nianbao-old")).unwrap();
    site.write(".public.nianbao-staging/zh/index.html", "half written");
    site.write(
        "content/2018/03-new.md",
        "+++\ntitle = { zh = \"新\", en = \"New\" }\n+++\n",
    );
    site.build();
    assert_eq!(leftovers(&site), Vec::<String>::new());
    assert_eq!(
        site.read("public/CNAME"),
        "reports.example.org\n",
        "the old site was restored"
    );
    site.run(&["build", "--output", "fresh"]);
    let mut fresh = manifest(&site.path("fresh"));
    fresh.push((
        "CNAME".into(),
        nianbao::theme::fingerprint(b"reports.example.org\n"),
    ));
    fresh.sort();
    assert_eq!(manifest(&site.path("public")), fresh);
}

/// A text report of many sections, each with figures, so that writing its year takes long
/// enough for kills to land there.
fn long_report() -> String {
    let mut text = String::from("示例街道2019年工作报告\n\n");
    for n in 1..=90 {
        text.push_str(&format!(
            "{n}. 第{n}项工作\n全年走访居民{n}.7万次，慰问困难家庭{}户，募集慈善捐款{n}.4万元，\
             问题解决率超过90%。{}\n\n",
            n * 3,
            "街道开展各项工作，取得明显成效。".repeat(40)
        ));
    }
    text
}

#[test]
fn a_killed_import_leaves_a_whole_year_or_none() {
    let site = TempSite::fixture("minimal");
    site.write("report.txt", &long_report());
    let import = ["import", "report.txt", "--year", "2019"];
    let started = Instant::now();
    let output = site.run(&import);
    let whole_import = started.elapsed();
    assert!(output.status.success(), "{}", stderr(&output));
    let year = files(&site.path("content/2019"));
    assert!(year.len() > 50, "{} files", year.len());
    std::fs::remove_dir_all(site.path("content/2019")).unwrap();
    let mut where_landed = std::collections::BTreeMap::<&str, usize>::new();
    for kill in 0..KILLS {
        let delay = whole_import.mul_f64(1.2 * (kill as f64 + uniform(kill)) / KILLS as f64);
        let finished = killed_after(&site, &import, delay);
        let found = files(&site.path("content/2019"));
        let staging = site.path("content/.2019.nianbao-writing").exists();
        let why = format!("kill {kill} after {delay:?}");
        let landing = if found.is_empty() {
            assert!(!finished, "{why}: an import that finished left no year");
            if staging {
                "while writing"
            } else {
                "before writing"
            }
        } else {
            assert!(found == year, "{why}: a year that is not the whole import");
            "after moving the year in"
        };
        *where_landed.entry(landing).or_default() += 1;
        // The killed import's leftovers stop nothing: the next import writes the year whole.
        let _ = std::fs::remove_dir_all(site.path("content/2019"));
        let output = site.run(&import);
        assert!(
            output.status.success(),
            "{why}: the next import: {}",
            stderr(&output)
        );
        assert!(
            files(&site.path("content/2019")) == year,
            "{why}: the next import"
        );
        assert!(
            !site.path("content/.2019.nianbao-writing").exists(),
            "{why}: the next import left its staging folder"
        );
        std::fs::remove_dir_all(site.path("content/2019")).unwrap();
    }
    let summary = format!("{KILLS} kills, an import taking {whole_import:?}: {where_landed:?}");
    assert!(
        where_landed.contains_key("after moving the year in") && where_landed.len() > 1,
        "the kills did not reach both sides of the move: {summary}"
    );
    eprintln!("{summary}");
}
