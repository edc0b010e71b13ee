//! Input that is odd, huge or made to hurt, beyond the fixture folders of `errors.rs`: what
//! cannot be committed (symbolic links, file names with control characters, megabytes of
//! text) is made here. Odd but valid input builds; bad input fails with a message that
//! names the file and leaves the output folder as it was; nothing runs away with time.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// Far more than any of these builds needs: a build that is still running then is stuck.
const DEADLINE: Duration = Duration::from_secs(300);

/// Runs `nianbao ARGS` in the site, killing it if it is still running after `DEADLINE`.
fn run_bounded(site: &TempSite, args: &[&str]) -> Output {
    let log = |name: &str| std::fs::File::create(site.path(name)).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .current_dir(&site.root)
        .env("LC_ALL", "C")
        .stdout(log("stdout.log"))
        .stderr(log("stderr.log"))
        .stdin(Stdio::null())
        .spawn()
        .expect("the nianbao binary runs");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > DEADLINE {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!(
                "`nianbao {}` was still running after {DEADLINE:?}",
                args.join(" ")
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let output = Output {
        status,
        stdout: std::fs::read(site.path("stdout.log")).unwrap(),
        stderr: std::fs::read(site.path("stderr.log")).unwrap(),
    };
    std::fs::remove_file(site.path("stdout.log")).unwrap();
    std::fs::remove_file(site.path("stderr.log")).unwrap();
    output
}

/// A section file with `body` after its front matter.
fn section(title: &str, body: &str) -> String {
    format!("+++\ntitle = {{ zh = \"{title}\", en = \"{title}\" }}\n+++\n{body}")
}

/// The minimal site, built once, so a failed build can be compared with it.
fn built_minimal() -> (TempSite, Vec<(String, u64)>) {
    let site = TempSite::fixture("minimal");
    site.build();
    let before = manifest(&site.path("public"));
    (site, before)
}

/// `build` and `check` both exit 1 saying `message` about `location`, with no terminal
/// control character in what they print, and the output folder is untouched.
fn assert_refused(site: &TempSite, before: &[(String, u64)], message: &str, location: &str) {
    for command in ["build", "check"] {
        let output = run_bounded(site, &[command]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "`{command}`:\n{err}");
        assert!(
            err.contains(message),
            "`{command}` does not say {message}:\n{err}"
        );
        assert!(
            err.contains(&format!("--> {location}")),
            "`{command}` does not point at {location}:\n{err}"
        );
        assert!(
            !err.contains(['\u{1b}', '\r', '\0']),
            "`{command}` prints control characters:\n{err:?}"
        );
        assert_eq!(
            manifest(&site.path("public")),
            before,
            "`{command}` changed the output"
        );
    }
}

#[test]
fn lone_cr_mixed_line_endings_and_two_boms_give_the_same_output_as_lf() {
    let plain = TempSite::fixture("minimal");
    plain.build();
    let expected = manifest(&plain.path("public"));
    // In this order a lone CR is never followed by an LF, which would make one CRLF of two.
    let variants: [(&str, &str, &[&str]); 3] = [
        ("lone CR", "", &["\r"]),
        ("mixed", "", &["\r", "\r\n", "\n"]),
        ("two BOMs", "\u{FEFF}\u{FEFF}", &["\r\n"]),
    ];
    for (name, start, ending) in variants {
        let site = TempSite::fixture("minimal");
        for entry in walkdir::WalkDir::new(site.path("content")) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let text = std::fs::read_to_string(entry.path()).unwrap();
                let converted: String = std::iter::once(start.to_string())
                    .chain(text.split_inclusive('\n').enumerate().map(|(n, line)| {
                        match line.strip_suffix('\n') {
                            Some(line) => format!("{line}{}", ending[n % ending.len()]),
                            None => line.to_string(),
                        }
                    }))
                    .collect();
                std::fs::write(entry.path(), converted).unwrap();
            }
        }
        site.build();
        assert_eq!(manifest(&site.path("public")), expected, "{name}");
    }
}

#[test]
fn front_matter_without_a_body_builds_an_empty_section() {
    let site = TempSite::fixture("minimal");
    site.write("content/2018/03-empty.md", &section("空", ""));
    site.build();
    let page = site.read("public/zh/2018/empty/index.html");
    assert!(page.contains("<h1>空</h1>"), "{}", main_of(&page));
}

#[test]
fn plus_lines_and_markers_inside_a_code_block_are_body_text() {
    let site = TempSite::fixture("minimal");
    let body = "\n::: en\n```toml\n+++\ntitle = 1\n:::\n+++\n```\n\n```a``` is code.\n:::\n";
    site.write("content/2018/03-code.md", &section("代码", body));
    site.build();
    let page = site.read("public/en/2018/code/index.html");
    assert!(
        page.contains("<code class=\"language-toml\">+++\ntitle = 1\n:::\n+++\n</code>"),
        "{}",
        main_of(&page)
    );
    assert!(
        page.contains("<code>a</code> is code."),
        "{}",
        main_of(&page)
    );
}

#[test]
fn a_huge_section_builds_and_checks_within_the_deadline() {
    let site = TempSite::fixture("minimal");
    let paragraph = "全年走访居民，问题解决率很高。The survey reached every household. ".repeat(40);
    let text = format!("{paragraph}\n\n").repeat(2_000);
    let body = format!("\n::: zh\n{text}:::\n\n::: en\n{text}:::\n");
    site.write("content/2018/03-huge.md", &section("长篇", &body));
    assert!(
        std::fs::metadata(site.path("content/2018/03-huge.md"))
            .unwrap()
            .len()
            > 8_000_000
    );
    for command in ["build", "check"] {
        let output = run_bounded(&site, &[command]);
        assert!(output.status.success(), "`{command}`:\n{}", stderr(&output));
    }
    assert!(site.path("public/en/2018/huge/index.html").is_file());
}

#[test]
fn pathological_markdown_terminates() {
    let site = TempSite::fixture("minimal");
    let nested_list: String = (0..1_000)
        .map(|depth| format!("{}- item\n", "  ".repeat(depth)))
        .collect();
    let bodies = [
        ">".repeat(50_000),
        format!("{}x{}", "[".repeat(50_000), "]".repeat(50_000)),
        "*".repeat(50_000) + "a" + &"_".repeat(50_000),
        "[a](".repeat(20_000),
        "![".repeat(1_000) + "a" + &"](https://example.org/x.png)".repeat(1_000),
        "*a **".repeat(20_000),
        "- ".repeat(20_000) + "a",
        "> - 1. ".repeat(5_000) + "a",
        nested_list,
        format!(
            "{}|\n{}|\n{}|",
            "|a".repeat(3_000),
            "|-".repeat(3_000),
            "|x".repeat(3_000)
        ),
        "<div>".repeat(20_000),
        "&#".repeat(50_000),
        "{{".repeat(50_000),
        "走访居民 ".repeat(50_000),
        "a".repeat(1_000_000),
        (0..5_000)
            .map(|n| format!("[^{n}]: see [^{}]\n", n + 1))
            .collect(),
    ];
    for (n, markdown) in bodies.iter().enumerate() {
        let body = format!("\n::: en\n{markdown}\n:::\n");
        site.write(
            &format!("content/2018/{:02}-case-{n}.md", n + 3),
            &section("病态", &body),
        );
    }
    for command in ["build", "check"] {
        let output = run_bounded(&site, &[command]);
        assert!(output.status.success(), "`{command}`:\n{}", stderr(&output));
    }
}

#[test]
fn thousands_of_bad_citations_on_one_line_are_counted_not_listed() {
    let storms = [
        (
            "{{ metric(id=\"nowhere\") }}",
            "unknown metric `nowhere`",
            "citations of unknown metrics",
        ),
        (
            "{{ metric(id=\"x\" }}",
            "malformed metric citation",
            "malformed citations",
        ),
    ];
    for (citation, message, counted) in storms {
        let (site, before) = built_minimal();
        let body = format!("\n::: zh\n{}\n:::\n", citation.repeat(10_000));
        site.write("content/2018/03-storm.md", &section("风暴", &body));
        assert_refused(
            &site,
            &before,
            &format!("error: {message}"),
            "content/2018/03-storm.md:6:",
        );
        let err = stderr(&run_bounded(&site, &["build"]));
        assert!(
            err.contains(&format!("error: 9980 more {counted} in this file")),
            "{err}"
        );
        assert!(err.len() < 100_000, "{} bytes of messages", err.len());
    }
}

#[cfg(unix)]
#[test]
fn symbolic_links_in_content_are_refused() {
    use std::os::unix::fs::symlink;
    let outside = TempSite::empty("outside");
    outside.write("secret.md", &section("机密", "\n::: zh\n机密\n:::\n"));
    outside.write("2017/_year.md", &section("机密", ""));
    outside.write(
        "site.toml",
        &std::fs::read_to_string(fixture("minimal/content/site.toml")).unwrap(),
    );
    let cases: [(&str, &Path, &str); 6] = [
        (
            "content/2018/03-secret.md",
            &outside.path("secret.md"),
            "content/2018/03-secret.md",
        ),
        (
            "content/2018/report.pdf",
            &outside.path("secret.md"),
            "content/2018/report.pdf",
        ),
        ("content/2017", &outside.path("2017"), "content/2017"),
        (
            "content/2018/03-loop.md",
            Path::new("03-loop.md"),
            "content/2018/03-loop.md",
        ),
        ("content/2019", Path::new("."), "content/2019"),
        (
            "content/site.toml",
            &outside.path("site.toml"),
            "content/site.toml",
        ),
    ];
    for (link, target, location) in cases {
        let (site, before) = built_minimal();
        let _ = std::fs::remove_file(site.path(link));
        symlink(target, site.path(link)).unwrap();
        assert_refused(
            &site,
            &before,
            &format!("error: {location} is a symbolic link"),
            location,
        );
    }
}

#[cfg(unix)]
#[test]
fn file_names_with_control_characters_or_separators_are_refused() {
    for name in [
        "03-red\u{1b}[31m.md",
        "03-line\rfeed.md",
        "03-a\\b.md",
        "03-bell\u{7}.md",
    ] {
        let (site, before) = built_minimal();
        site.write(&format!("content/2018/{name}"), &section("名", ""));
        let shown = name.replace(|c: char| c.is_control(), "\u{FFFD}");
        assert_refused(
            &site,
            &before,
            "has characters other than lowercase letters",
            &format!("content/2018/{shown}"),
        );
    }
}

#[cfg(unix)]
#[test]
fn refuses_output_folders_that_are_or_hold_the_project() {
    use std::os::unix::fs::symlink;
    let site = TempSite::fixture("minimal");
    symlink(".", site.path("mirror")).unwrap();
    symlink("content", site.path("sources")).unwrap();
    symlink(&site.root, site.path("deep-link")).unwrap();
    let project = manifest(&site.root);
    let root = site.root.to_string_lossy().into_owned();
    let parent = site.root.parent().unwrap().to_string_lossy().into_owned();
    let outputs = [
        ".".to_string(),
        "..".to_string(),
        "/".to_string(),
        "./".to_string(),
        "content".to_string(),
        "content/../content/2018".to_string(),
        "mirror".to_string(),
        "mirror/".to_string(),
        "sources".to_string(),
        "sources/new".to_string(),
        "deep-link".to_string(),
        "public/../..".to_string(),
        root,
        parent,
    ];
    for output in &outputs {
        let result = site.run(&["build", "--output", output]);
        assert_eq!(result.status.code(), Some(1), "--output {output}");
        assert!(
            stderr(&result).contains("refusing to write the site"),
            "{output}: {}",
            stderr(&result)
        );
        assert_eq!(
            manifest(&site.root),
            project,
            "--output {output} changed the project"
        );
    }
    std::fs::remove_file(site.path("mirror")).unwrap();
    symlink(".", site.path("public")).unwrap();
    let result = site.run(&["build"]);
    assert_eq!(
        result.status.code(),
        Some(1),
        "public/ as a link to the project"
    );
    assert!(
        stderr(&result).contains("it is the project folder"),
        "{}",
        stderr(&result)
    );
}
