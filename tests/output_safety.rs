//! What nianbao did not write stays as it was: links, the publisher's files and folders in
//! the output, what links point to, the content itself. An output that is a file is refused
//! before anything moves; two builds at once leave one complete site; pipes and devices are
//! never opened; a closed pipe ends a command quietly; `new` and `import` need a project.

#![cfg(unix)]

mod common;

use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Runs nianbao in the site and fails the test if it has not ended within 60 s (a pipe that
/// was opened would block it for ever).
fn run_within(site: &TempSite, args: &[&str]) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .current_dir(&site.root)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("`nianbao {}` hung", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn links_and_the_publishers_files_in_the_output_survive_rebuilds_untouched() {
    let site = TempSite::fixture("minimal");
    site.build();
    let media = site.path("media");
    std::fs::create_dir_all(media.join("2018")).unwrap();
    std::fs::write(media.join("photo.jpg"), "a photo").unwrap();
    std::fs::write(media.join("2018/plan.pdf"), "a plan").unwrap();
    std::fs::write(site.path("notes.txt"), "notes").unwrap();
    let public = site.path("public");
    symlink(&media, public.join("uploads")).unwrap();
    symlink("../content", public.join("src")).unwrap();
    symlink("../notes.txt", public.join("notes.txt")).unwrap();
    symlink("../../media", public.join("zh/media")).unwrap();
    symlink("/nowhere/at/all", public.join("dangling")).unwrap();
    std::fs::write(public.join("CNAME"), "reports.example.org\n").unwrap();
    std::fs::create_dir_all(public.join(".git/objects")).unwrap();
    std::fs::write(public.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    std::fs::create_dir_all(public.join("downloads/old")).unwrap();
    std::fs::write(public.join("downloads/old/2017.pdf"), "last year").unwrap();
    mkfifo(&public.join("zh/a-pipe"));
    let sources = [snapshot(&site.path("content")), snapshot(&media)];
    let notes = std::fs::read(site.path("notes.txt")).unwrap();
    let theirs = |snapshot: &std::collections::BTreeMap<String, String>| -> Vec<(String, String)> {
        snapshot
            .iter()
            .filter(|(path, _)| {
                [
                    "uploads",
                    "src",
                    "notes.txt",
                    "zh/media",
                    "dangling",
                    "CNAME",
                    ".git",
                    "downloads",
                    "zh/a-pipe",
                ]
                .iter()
                .any(|own| path == own || path.starts_with(&format!("{own}/")))
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    };
    let publishers = theirs(&snapshot(&public));

    for _ in 0..3 {
        let output = run_within(&site, &["build"]);
        assert!(output.status.success(), "{}", stderr(&output));
    }

    assert_eq!(
        snapshot(&site.path("content")),
        sources[0],
        "content/ changed"
    );
    assert_eq!(snapshot(&media), sources[1], "the linked folder changed");
    assert_eq!(std::fs::read(site.path("notes.txt")).unwrap(), notes);
    assert_eq!(
        theirs(&snapshot(&public)),
        publishers,
        "the publisher's files changed"
    );
    assert!(
        public.join("zh/index.html").is_file(),
        "the new site is there"
    );
}

#[test]
fn a_page_the_publisher_changed_or_replaced_stops_the_build_before_anything_moves() {
    let site = TempSite::fixture("minimal");
    site.build();
    let public = site.path("public");
    // Listed in the manifest, but no longer what nianbao wrote there.
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(
        public.join("robots.txt"),
        "User-agent: *\nDisallow: /drafts/\n",
    )
    .unwrap();
    let before = snapshot(&public);
    let output = run_within(&site, &["build"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("robots.txt") && err.contains("nianbao did not write"),
        "{err}"
    );
    assert_eq!(snapshot(&public), before, "the output changed");

    // A page replaced by a link: the link and what it points to stay.
    std::fs::write(public.join("robots.txt"), "").unwrap();
    std::fs::remove_file(public.join("robots.txt")).unwrap();
    site.build();
    std::fs::write(site.path("mine.html"), "my own page").unwrap();
    std::fs::remove_file(public.join("404.html")).unwrap();
    symlink("../mine.html", public.join("404.html")).unwrap();
    let output = run_within(&site, &["build"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("404.html"), "{}", stderr(&output));
    assert_eq!(site.read("mine.html"), "my own page");
    assert!(
        std::fs::symlink_metadata(public.join("404.html"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn a_forged_manifest_cannot_make_a_build_drop_the_publishers_files() {
    let site = TempSite::fixture("minimal");
    site.build();
    let public = site.path("public");
    std::fs::write(public.join("CNAME"), "reports.example.org\n").unwrap();
    std::fs::create_dir_all(public.join("uploads")).unwrap();
    std::fs::write(public.join("uploads/a.pdf"), "a").unwrap();
    let manifest = site.read("public/.nianbao-manifest");
    std::fs::write(
        public.join(".nianbao-manifest"),
        format!("{manifest}CNAME\nuploads/a.pdf\n../content/site.toml\n"),
    )
    .unwrap();
    let site_toml = site.read("content/site.toml");
    std::thread::sleep(Duration::from_millis(20));
    // Touched after the manifest: no longer as the last build could have written them.
    std::fs::write(public.join("CNAME"), "reports.example.org\n").unwrap();
    std::fs::write(public.join("uploads/a.pdf"), "a").unwrap();
    site.build();
    assert_eq!(site.read("public/CNAME"), "reports.example.org\n");
    assert_eq!(site.read("public/uploads/a.pdf"), "a");
    assert_eq!(site.read("content/site.toml"), site_toml);
}

#[test]
fn an_output_that_is_a_file_or_a_link_to_one_is_refused_before_anything_moves() {
    let site = TempSite::fixture("minimal");
    std::fs::write(site.path("site.html"), "a file of mine").unwrap();
    symlink("site.html", site.path("linked.html")).unwrap();
    symlink("no-such-folder", site.path("dangling")).unwrap();
    let cases = [
        ("site.html", "it is a file, not a folder"),
        ("linked.html", "which is a file, not a folder"),
        (
            "dangling",
            "it is a link to no-such-folder, which does not exist",
        ),
    ];
    for (output, says) in cases {
        let before = snapshot(&site.root);
        let run = run_within(&site, &["build", "--output", output]);
        assert_eq!(run.status.code(), Some(1), "--output {output}");
        assert!(
            stderr(&run).contains(says),
            "--output {output}: {}",
            stderr(&run)
        );
        assert_eq!(
            snapshot(&site.root),
            before,
            "--output {output} changed the project"
        );
    }
    assert_eq!(site.read("site.html"), "a file of mine");
}

#[test]
fn leftovers_of_interrupted_builds_are_cleared_and_never_block_a_build() {
    let site = TempSite::fixture("minimal");
    site.build();
    for leftover in [
        ".public.nianbao-staging-1",
        ".public.nianbao-staging-2-1",
        ".public.nianbao-staging",
    ] {
        site.write(&format!("{leftover}/zh/index.html"), "half written");
    }
    site.build();
    let names: Vec<String> = std::fs::read_dir(&site.root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("nianbao-"))
        .collect();
    assert!(names.is_empty(), "left over: {names:?}");
}

#[test]
fn two_builds_at_once_leave_one_complete_site_and_the_publishers_files() {
    let site = TempSite::fixture("minimal");
    site.build();
    std::fs::write(site.path("public/CNAME"), "reports.example.org\n").unwrap();
    let complete = manifest(&site.path("public"));
    for round in 0..4 {
        let builds: Vec<_> = (0..3).map(|_| spawn(&site.root, &["build"])).collect();
        for build in builds {
            let output = build.wait_with_output().unwrap();
            assert!(
                output.status.success(),
                "round {round}: {}",
                stderr(&output)
            );
        }
        assert_eq!(manifest(&site.path("public")), complete, "round {round}");
    }
}

#[test]
fn pipes_in_content_and_themes_are_skipped_with_a_message_never_opened() {
    let site = TempSite::fixture("minimal");
    mkfifo(&site.path("content/2018/03-pipe.md"));
    mkfifo(&site.path("content/2018/report.pdf"));
    let build = run_within(&site, &["build"]);
    let err = stderr(&build);
    assert!(build.status.success(), "{err}");
    assert!(
        err.contains("03-pipe.md") && err.contains("named pipe"),
        "{err}"
    );
    assert!(err.contains("report.pdf"), "{err}");
    let check = run_within(&site, &["check"]);
    assert!(stderr(&check).contains("named pipe"), "{}", stderr(&check));

    mkfifo(&site.path("themes/default/templates/pipe.html"));
    let build = run_within(&site, &["build"]);
    assert_eq!(build.status.code(), Some(1));
    assert!(stderr(&build).contains("pipe.html"), "{}", stderr(&build));
}

#[test]
fn a_linked_template_override_is_reported_not_ignored() {
    let site = TempSite::fixture("minimal");
    std::fs::create_dir_all(site.path("elsewhere")).unwrap();
    std::fs::write(site.path("elsewhere/section.html"), "{{ nothing }}").unwrap();
    std::fs::create_dir_all(site.path("themes/default/templates/partials")).unwrap();
    symlink(
        site.path("elsewhere/section.html"),
        site.path("themes/default/templates/partials/linked.html"),
    )
    .unwrap();
    let build = run_within(&site, &["build"]);
    assert_eq!(build.status.code(), Some(1));
    let err = stderr(&build);
    assert!(
        err.contains("linked.html") && err.contains("symbolic link"),
        "{err}"
    );
}

#[test]
fn import_refuses_a_pipe_or_a_device_without_opening_it() {
    let site = TempSite::fixture("minimal");
    mkfifo(&site.path("report.txt"));
    let import = run_within(&site, &["import", "report.txt", "--year", "2019"]);
    assert_eq!(import.status.code(), Some(1));
    assert!(
        stderr(&import).contains("named pipe"),
        "{}",
        stderr(&import)
    );
    symlink("/dev/zero", site.path("zero.txt")).unwrap();
    let import = run_within(&site, &["import", "zero.txt", "--year", "2019"]);
    assert_eq!(import.status.code(), Some(1));
    assert!(stderr(&import).contains("a device"), "{}", stderr(&import));
    assert!(!site.path("content/2019").exists());
}

#[test]
fn a_closed_pipe_ends_check_and_import_quietly() {
    let site = TempSite::bundled();
    let seed = fixture("import/2018-nanjing-west-road-review.zh.txt");
    let seed = seed.to_str().unwrap();
    for args in [
        &["check"][..],
        &["import", "--dry-run", "--year", "2019", seed],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .args(args)
            .current_dir(&site.root)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let err = stderr(&output);
        assert!(
            !err.contains("panicked") && !err.contains("Broken pipe"),
            "{args:?}: {err}"
        );
        assert_ne!(output.status.code(), Some(101), "{args:?}");
    }
}

#[test]
fn new_and_import_refuse_a_root_that_is_not_a_project_and_create_nothing() {
    let site = TempSite::empty("no-project");
    std::fs::write(site.path("report.txt"), "一、工作回顾\n走访居民1.7万次。\n").unwrap();
    for args in [
        &["new", "2019", "--root", "typo"][..],
        &["import", "report.txt", "--year", "2019", "--root", "typo"],
    ] {
        let output = site.run(args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&output).contains("not a nianbao project"),
            "{}",
            stderr(&output)
        );
        assert!(!site.path("typo").exists(), "{args:?} made a folder");
    }
}

#[test]
fn two_news_of_the_same_year_at_once_make_one_whole_year() {
    let site = TempSite::bundled();
    let runs: Vec<_> = (0..3)
        .map(|_| spawn(&site.root, &["new", "2019"]))
        .collect();
    let codes: Vec<Option<i32>> = runs
        .into_iter()
        .map(|run| run.wait_with_output().unwrap().status.code())
        .collect();
    assert_eq!(
        codes.iter().filter(|c| **c == Some(0)).count(),
        1,
        "{codes:?}"
    );
    assert_eq!(
        codes.iter().filter(|c| **c == Some(1)).count(),
        2,
        "{codes:?}"
    );
    let made = std::fs::read_dir(site.path("content/2019"))
        .unwrap()
        .count();
    let from = std::fs::read_dir(site.path("content/2018"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".md")
        })
        .count();
    assert_eq!(made, from);
    site.build();
}

#[test]
fn a_previous_site_that_cannot_be_removed_never_fails_or_blocks_a_build() {
    let site = TempSite::fixture("minimal");
    site.build();
    let page = site.path("public/zh/index.html");
    let immutable = Command::new("chattr").arg("+i").arg(&page).status();
    if !immutable.is_ok_and(|s| s.success()) {
        eprintln!("chattr +i is not possible here (needs root and ext4-like storage); not tested");
        return;
    }
    let first = run_within(&site, &["build"]);
    let second = run_within(&site, &["build"]);
    let leftovers: Vec<_> = std::fs::read_dir(&site.root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".public.nianbao-"))
        .collect();
    for path in &leftovers {
        let _ = Command::new("chattr")
            .arg("-R")
            .arg("-i")
            .arg(path)
            .status();
    }
    let _ = Command::new("chattr").arg("-i").arg(&page).status();
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stderr(&first).contains("the new site is in place, but the previous one in"));
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(
        stderr(&second).contains("cannot remove"),
        "{}",
        stderr(&second)
    );
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");
}
