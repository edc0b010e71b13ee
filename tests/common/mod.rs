//! Helpers shared by the integration tests: throwaway copies of fixture sites, running the
//! `nianbao` binary in them, and hashing output folders.

#![allow(dead_code)]

pub mod serve;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests").join("fixtures").join(name)
}

/// A site in a fresh temporary folder, removed when dropped.
pub struct TempSite {
    pub root: PathBuf,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

impl TempSite {
    /// An empty folder of its own.
    pub fn empty(label: &str) -> TempSite {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let root =
            std::env::temp_dir().join(format!("nianbao-test-{label}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        TempSite { root }
    }

    /// A copy of `tests/fixtures/NAME` with the bundled themes beside it.
    pub fn fixture(name: &str) -> TempSite {
        let site = TempSite::empty(&name.replace('/', "-"));
        copy_tree(&repo().join("themes"), &site.root.join("themes"));
        copy_tree(&fixture(name), &site.root);
        site
    }

    /// A copy of the bundled site (content/ and themes/ of the repository).
    pub fn bundled() -> TempSite {
        let site = TempSite::empty("bundled");
        copy_tree(&repo().join("themes"), &site.root.join("themes"));
        copy_tree(&repo().join("content"), &site.root.join("content"));
        site
    }

    /// The bundled site with its address set, as an office sets it before publishing (the
    /// bundled `base_url` is an example address, which `check` warns of).
    pub fn bundled_published() -> TempSite {
        let site = TempSite::bundled();
        let config = site.read("content/site.toml");
        site.write(
            "content/site.toml",
            &config.replace("reports.example.org", "reports.nanjingxilu.gov.cn"),
        );
        site
    }

    /// Copies the files of `tests/fixtures/NAME` over this site.
    pub fn overlay(&self, name: &str) {
        copy_tree(&fixture(name), &self.root);
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    pub fn write(&self, relative: &str, text: &str) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative))
            .unwrap_or_else(|err| panic!("cannot read {relative}: {err}"))
    }

    /// Runs `nianbao ARGS` with the site's root as the working folder.
    pub fn run(&self, args: &[&str]) -> Output {
        nianbao(&self.root, args)
    }

    /// Runs `nianbao ARGS` with extra environment variables.
    pub fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .args(args)
            .current_dir(&self.root)
            .env("LC_ALL", "C")
            .envs(env.iter().copied())
            .output()
            .expect("the nianbao binary runs")
    }

    /// The name of section NUMBER's file in a year's folder (`05-big-survey.md`).
    pub fn section_file(&self, folder: &str, number: u32) -> String {
        let prefix = format!("{number:02}-");
        let mut names: Vec<String> = std::fs::read_dir(self.path(folder))
            .unwrap_or_else(|err| panic!("cannot list {folder}: {err}"))
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with(&prefix) && name.ends_with(".md"))
            .collect();
        names.sort();
        names
            .pop()
            .unwrap_or_else(|| panic!("{folder} has no section {number:02}"))
    }

    /// The text of section NUMBER's file in a year's folder.
    pub fn read_section(&self, folder: &str, number: u32) -> String {
        self.read(&format!("{folder}/{}", self.section_file(folder, number)))
    }

    /// The slug (the address) of section NUMBER of a year's folder.
    pub fn section_slug(&self, folder: &str, number: u32) -> String {
        let file = self.section_file(folder, number);
        file[3..file.len() - 3].to_string()
    }

    /// Every metric id of the section files in `folder`.
    pub fn read_dir_ids(&self, folder: &str) -> Vec<String> {
        let mut ids = Vec::new();
        for entry in std::fs::read_dir(self.path(folder)).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
            ids.extend(
                text.lines()
                    .filter_map(|l| l.strip_prefix("[metrics.")?.strip_suffix(']'))
                    .map(str::to_string),
            );
        }
        ids
    }

    /// Builds into `public/` and panics with the messages if the build fails.
    pub fn build(&self) -> Output {
        let output = self.run(&["build"]);
        assert!(
            output.status.success(),
            "build failed:\n{}",
            stderr(&output)
        );
        output
    }
}

impl Drop for TempSite {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

pub fn nianbao(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .current_dir(cwd)
        .env("LC_ALL", "C")
        .output()
        .expect("the nianbao binary runs")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            if entry.file_name() == "expect.toml" {
                continue;
            }
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir` with a hash of its bytes, sorted: two equal manifests mean two
/// byte-identical folders.
pub fn manifest(dir: &Path) -> Vec<(String, u64)> {
    let mut files = Vec::new();
    if !dir.exists() {
        return files;
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let relative = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let bytes = std::fs::read(entry.path()).unwrap();
            files.push((relative, nianbao::theme::fingerprint(&bytes)));
        }
    }
    files
}

/// Every entry under `dir` (links as links, never followed) with what it is: a file's size
/// and hash, a link's target, a folder, a pipe or device. Two equal snapshots mean nothing
/// under `dir` changed.
pub fn snapshot(dir: &Path) -> std::collections::BTreeMap<String, String> {
    let mut entries = std::collections::BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(false)
        .follow_root_links(false)
        .sort_by_file_name()
    {
        let entry = entry.unwrap();
        let relative = entry
            .path()
            .strip_prefix(dir)
            .unwrap()
            .display()
            .to_string();
        let kind = entry.file_type();
        let what = if kind.is_symlink() {
            format!(
                "link to {}",
                std::fs::read_link(entry.path()).unwrap().display()
            )
        } else if kind.is_dir() {
            "folder".to_string()
        } else if kind.is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            format!(
                "{} bytes, {:x}",
                bytes.len(),
                nianbao::theme::fingerprint(&bytes)
            )
        } else {
            "special".to_string()
        };
        entries.insert(relative, what);
    }
    entries
}

/// Starts `nianbao ARGS` in `root` without waiting for it; its messages are kept.
pub fn spawn(root: &Path, args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .current_dir(root)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the nianbao binary runs")
}

/// The JSON report of `nianbao check --format json EXTRA` on a site, and its exit code.
pub fn check_json(site: &TempSite, extra: &[&str]) -> (serde_json::Value, Option<i32>) {
    let mut args = vec!["check", "--format", "json"];
    args.extend(extra);
    let output = site.run(&args);
    let report = serde_json::from_str(&stdout(&output))
        .unwrap_or_else(|err| panic!("not JSON ({err}):\n{}", stdout(&output)));
    (report, output.status.code())
}

/// The `<main>` element of a page: the part a theme change should not disturb.
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("the page has a <main>");
    let end = html.find("</main>").expect("the page closes <main>") + "</main>".len();
    &html[start..end]
}

/// The text of the table row of metric `id` on a page, tags removed.
pub fn row_text(html: &str, id: &str) -> String {
    let start = html
        .find(&format!("<tr id=\"m-{id}\""))
        .unwrap_or_else(|| panic!("no row {id}"));
    let end = start + html[start..].find("</tr>").unwrap();
    let mut text = String::new();
    let mut in_tag = false;
    for c in html[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
