//! The same input gives byte-identical output whatever the machine around it: the number of
//! threads, the time zone, the locale, the order the files were created in, their
//! modification times, and the folder the build was started from.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, SystemTime};

use common::*;

/// Copies every file of `from` into `to`, creating them in the given order (so folders and
/// files come into being in that order too) and stamping each with `modified`.
fn copy_in_order(from: &Path, to: &Path, reverse: bool, modified: SystemTime) {
    let mut files: Vec<_> = walkdir::WalkDir::new(from)
        .sort_by_file_name()
        .into_iter()
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| entry.into_path())
        .collect();
    if reverse {
        files.reverse();
    }
    for file in files {
        let target = to.join(file.strip_prefix(from).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&file, &target).unwrap();
        let handle = std::fs::File::options().write(true).open(&target).unwrap();
        handle.set_modified(modified).unwrap();
    }
}

/// The output of a fresh copy of the site at `source` (its `content/` and the bundled
/// themes), built with `env`, from another folder with `--root` if `from_elsewhere`.
fn build_copy(
    source: &Path,
    reverse: bool,
    modified: SystemTime,
    env: &[(&str, &str)],
    from_elsewhere: bool,
) -> Vec<(String, u64)> {
    let site = TempSite::empty("determinism");
    copy_in_order(
        &repo().join("themes"),
        &site.path("themes"),
        reverse,
        modified,
    );
    copy_in_order(
        &source.join("content"),
        &site.path("content"),
        reverse,
        modified,
    );
    let root = site.root.to_string_lossy().into_owned();
    let elsewhere = TempSite::empty("elsewhere");
    let (cwd, args) = if from_elsewhere {
        (&elsewhere.root, vec!["build", "--root", &root])
    } else {
        (&site.root, vec!["build"])
    };
    let output = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(&args)
        .current_dir(cwd)
        .env_remove("NIANBAO_THREADS")
        .envs(env.iter().copied())
        .output()
        .expect("the nianbao binary runs");
    assert!(output.status.success(), "{env:?}: {}", stderr(&output));
    manifest(&site.path("public"))
}

fn assert_identical_builds(source: &Path) {
    let day = Duration::from_secs(86_400);
    let first = build_copy(
        source,
        false,
        SystemTime::UNIX_EPOCH + day,
        &[
            ("NIANBAO_THREADS", "1"),
            ("TZ", "UTC"),
            ("LC_ALL", "C"),
            ("LANG", "C"),
        ],
        false,
    );
    let second = build_copy(
        source,
        true,
        SystemTime::now() + 400 * day,
        &[
            ("NIANBAO_THREADS", "7"),
            ("TZ", "Pacific/Kiritimati"),
            ("LC_ALL", "tr_TR.UTF-8"),
            ("LANG", "zh_CN.GB18030"),
            ("LC_COLLATE", "zh_CN.UTF-8"),
        ],
        true,
    );
    assert!(first.len() > 30, "only {} files", first.len());
    let differing: Vec<&String> = first
        .iter()
        .zip(&second)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| &a.0)
        .collect();
    assert_eq!(first.len(), second.len(), "different files were written");
    assert!(differing.is_empty(), "these files differ: {differing:?}");
}

#[test]
fn three_years_build_to_the_same_bytes_anywhere() {
    assert_identical_builds(&fixture("years"));
}

#[test]
fn the_bundled_report_builds_to_the_same_bytes_anywhere() {
    assert_identical_builds(&repo());
}
