//! A model-based test of nianbao's promise never to lose a byte. A random sequence of steps
//! (builds, builds killed at a random moment, several builds at once, edits that break and
//! mend the content, links, folders, files and pipes added inside the output, pipes and
//! devices dropped into content/) is run against a small site, and after every step:
//!
//! - every byte nianbao did not write is as it was: content/, themes/, the publisher's files
//!   and links in the output, and everything those links point to;
//! - what nianbao wrote in the output is a complete site: the one before the step or the
//!   one the content now gives (built apart, into a folder of its own, for comparison).
//!
//! `NIANBAO_MODEL_STEPS` sets the number of steps (500 by default, as CI runs it; the README
//! gives a longer run) and `NIANBAO_MODEL_SEED` the sequence; a failure names both.

#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::*;

/// A small, fast, reproducible random sequence (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// The site nianbao wrote: regular files of the output that are not the publisher's.
fn written(public: &Path, theirs: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    snapshot(public)
        .into_iter()
        .filter(|(path, what)| {
            what != "folder"
                && path != ".nianbao-manifest"
                && !theirs
                    .keys()
                    .any(|own| path == own || path.starts_with(&format!("{own}/")))
        })
        .collect()
}

struct Model {
    site: TempSite,
    outside: PathBuf,
    rng: Rng,
    /// What the test itself put under content/ and themes/, and outside the project.
    sources: BTreeMap<String, String>,
    outside_snapshot: BTreeMap<String, String>,
    /// The publisher's entries in the output, by path, as the test made them.
    theirs: BTreeMap<String, String>,
    /// The complete site in the output now, and the one the content now gives.
    current: BTreeMap<String, String>,
    expected: Option<BTreeMap<String, String>>,
    broken: bool,
    made: usize,
    log: Vec<String>,
}

impl Model {
    fn new(seed: u64) -> Model {
        let site = TempSite::fixture("minimal");
        let outside = site.path("outside");
        std::fs::create_dir_all(outside.join("photos")).unwrap();
        std::fs::write(outside.join("photos/a.jpg"), "a photo").unwrap();
        std::fs::write(outside.join("notes.txt"), "notes").unwrap();
        site.build();
        let mut model = Model {
            outside_snapshot: snapshot(&outside),
            outside,
            rng: Rng(seed.max(1)),
            sources: BTreeMap::new(),
            theirs: BTreeMap::new(),
            current: BTreeMap::new(),
            expected: None,
            broken: false,
            made: 0,
            log: Vec::new(),
            site,
        };
        model.sources = model.source_snapshot();
        model.current = written(&model.site.path("public"), &model.theirs);
        model
    }

    fn source_snapshot(&self) -> BTreeMap<String, String> {
        let mut all = BTreeMap::new();
        for folder in ["content", "themes"] {
            for (path, what) in snapshot(&self.site.path(folder)) {
                all.insert(format!("{folder}/{path}"), what);
            }
        }
        all
    }

    /// The site the content now gives, built apart; `None` while the content is broken.
    fn expected(&mut self) -> Option<BTreeMap<String, String>> {
        if self.broken {
            return None;
        }
        if self.expected.is_none() {
            let apart = self.site.path("apart");
            let _ = std::fs::remove_dir_all(&apart);
            let output = self.site.run(&["build", "--output", "apart"]);
            assert!(output.status.success(), "{}", stderr(&output));
            self.expected = Some(written(&apart, &BTreeMap::new()));
            std::fs::remove_dir_all(&apart).unwrap();
        }
        self.expected.clone()
    }

    fn spawn_build(&self) -> std::process::Child {
        Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .arg("build")
            .current_dir(&self.site.root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    }

    fn step(&mut self) {
        match self.rng.below(100) {
            0..=24 => self.build(),
            25..=44 => self.killed_build(),
            45..=54 => self.builds_at_once(),
            55..=69 => self.edit(),
            70..=89 => self.add_to_output(),
            _ => self.add_to_content(),
        }
    }

    fn build(&mut self) {
        self.log.push("build".into());
        let status = self.spawn_build().wait().unwrap();
        assert_eq!(status.success(), !self.broken, "build exit status");
        if let Some(expected) = self.expected() {
            self.current = expected;
        }
    }

    fn killed_build(&mut self) {
        let delay = self.rng.below(60);
        self.log.push(format!("build killed after {delay} ms"));
        let mut child = self.spawn_build();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let status = child.wait().unwrap();
        if status.success()
            && let Some(expected) = self.expected()
        {
            self.current = expected;
        }
    }

    fn builds_at_once(&mut self) {
        let count = 2 + self.rng.below(2);
        self.log.push(format!("{count} builds at once"));
        let children: Vec<_> = (0..count).map(|_| self.spawn_build()).collect();
        for mut child in children {
            assert_eq!(child.wait().unwrap().success(), !self.broken);
        }
        if let Some(expected) = self.expected() {
            self.current = expected;
        }
    }

    fn edit(&mut self) {
        let file = "content/2018/02-welfare.md";
        let text = self.site.read(file);
        self.made += 1;
        let edited = if self.broken {
            // Mend: drop the two lines the break put before the front matter.
            text.splitn(3, '\n').nth(2).unwrap().to_string()
        } else if self.rng.below(3) == 0 {
            format!("+++\ntitle = broken{}\n{text}", self.made)
        } else {
            text.replacen(":::\n", &format!("\n第{}次修改。\n:::\n", self.made), 1)
        };
        self.broken = edited.starts_with("+++\ntitle = broken");
        self.log
            .push(format!("edit (content broken: {})", self.broken));
        self.site.write(file, &edited);
        self.expected = None;
        self.sources = self.source_snapshot();
    }

    fn add_to_output(&mut self) {
        self.made += 1;
        let n = self.made;
        let public = self.site.path("public");
        let folder = ["", "zh/", "en/2018/", "assets/"][self.rng.below(4) as usize];
        let name = format!("{folder}extra-{n}");
        let path = public.join(&name);
        if !path.parent().unwrap().is_dir() {
            return;
        }
        let kind = self.rng.below(6);
        match kind {
            0 => std::fs::write(&path, format!("the publisher's file {n}")).unwrap(),
            1 => symlink(self.outside.join("photos"), &path).unwrap(),
            2 => symlink(self.site.path("content/2018"), &path).unwrap(),
            3 => symlink(self.outside.join("notes.txt"), &path).unwrap(),
            4 => {
                let status = Command::new("mkfifo").arg(&path).status().unwrap();
                assert!(status.success());
            }
            _ => {
                std::fs::create_dir_all(path.join("inner")).unwrap();
                std::fs::write(path.join("inner/upload.pdf"), format!("upload {n}")).unwrap();
                symlink("../../", path.join("inner/up")).unwrap();
            }
        }
        self.log
            .push(format!("added {name} (kind {kind}) to the output"));
        for (inner, what) in snapshot(&path) {
            let key = if inner.is_empty() {
                name.clone()
            } else {
                format!("{name}/{inner}")
            };
            self.theirs.insert(key, what);
        }
    }

    fn add_to_content(&mut self) {
        self.made += 1;
        let name = format!("content/2018/pipe-{}.pdf", self.made);
        let path = self.site.path(&name);
        // A device needs root; a pipe does not. Both are skipped by a build, never opened.
        let device = self.rng.below(2) == 0
            && Command::new("mknod")
                .arg(&path)
                .args(["c", "1", "3"])
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
        if !device {
            assert!(
                Command::new("mkfifo")
                    .arg(&path)
                    .status()
                    .unwrap()
                    .success()
            );
        }
        self.log.push(format!("added {name} (device: {device})"));
        self.sources = self.source_snapshot();
    }

    fn check(&mut self, step: usize, seed: u64) {
        let at = || {
            format!(
                "step {step} of seed {seed}; the last steps: {:?}",
                &self.log[self.log.len().saturating_sub(6)..]
            )
        };
        assert_eq!(
            self.source_snapshot(),
            self.sources,
            "content/ or themes/ changed at {}",
            at()
        );
        assert_eq!(
            snapshot(&self.outside),
            self.outside_snapshot,
            "a linked folder changed at {}",
            at()
        );
        let public = snapshot(&self.site.path("public"));
        for (path, what) in &self.theirs {
            assert_eq!(
                public.get(path),
                Some(what),
                "the publisher's {path} changed at {}",
                at()
            );
        }
        let site = written(&self.site.path("public"), &self.theirs);
        if site == self.current {
            return;
        }
        let last = at();
        let expected = self.expected();
        assert!(
            expected.as_ref() == Some(&site),
            "the output is neither the previous site nor the new one at {last}"
        );
        self.current = site;
    }
}

#[test]
fn random_builds_kills_edits_and_foreign_files_never_lose_a_byte() {
    let steps: usize = std::env::var("NIANBAO_MODEL_STEPS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(500);
    let seed: u64 = std::env::var("NIANBAO_MODEL_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2018);
    let mut model = Model::new(seed);
    for step in 0..steps {
        model.step();
        model.check(step, seed);
    }
    let kinds = [
        "build",
        "killed",
        "at once",
        "edit",
        "to the output",
        "device",
    ];
    let counts: Vec<String> = kinds
        .iter()
        .map(|kind| {
            let n = match *kind {
                "build" => model.log.iter().filter(|l| *l == "build").count(),
                kind => model.log.iter().filter(|l| l.contains(kind)).count(),
            };
            format!("{kind}: {n}")
        })
        .collect();
    println!("{steps} steps of seed {seed}: {}", counts.join(", "));
}
