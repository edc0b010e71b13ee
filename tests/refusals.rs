//! What nianbao refuses, and how it says so: pages and scripts among the downloads, an
//! address with a password in it, implausible years, a template that never stops writing,
//! ids and values far too long to echo. Each refusal names the file and says what to do, in
//! the editor's words, never the program's own type names.

mod common;

use common::*;

fn refused(site: &TempSite, says: &str) -> String {
    let output = site.run(&["build"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains(says), "does not say {says:?}:\n{err}");
    assert!(
        !site.path("public").exists(),
        "a refused build wrote the site"
    );
    err
}

#[test]
fn pages_and_scripts_among_the_downloads_are_refused_unless_the_site_allows_html() {
    for (name, bytes) in [
        ("invoice.html", "<script>alert(1)</script>"),
        ("tracker.js", "alert(1)"),
        (
            "chart.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
        ),
    ] {
        let site = TempSite::fixture("minimal");
        site.write(&format!("content/2018/{name}"), bytes);
        let err = refused(&site, "would be published as a download");
        assert!(err.contains(&format!("content/2018/{name}")), "{err}");

        let toml = site.read("content/site.toml");
        site.write("content/site.toml", &format!("allow_html = true\n{toml}"));
        site.build();
        assert_eq!(site.read(&format!("public/files/2018/{name}")), bytes);
    }
    let site = TempSite::fixture("minimal");
    site.write(
        "content/2018/map.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"4\" height=\"4\"/></svg>",
    );
    site.build();
    assert!(site.path("public/files/2018/map.svg").is_file());
}

#[test]
fn an_address_with_a_password_or_dot_segments_is_refused() {
    for (url, says) in [
        (
            "https://editor:secret@example.org/reports/",
            "must not hold a user name or password",
        ),
        (
            "https://example.org/reports/../admin/",
            "must not have . or .. in its path",
        ),
        (
            "https://example.org/100%/",
            "has a % that is not followed by two hexadecimal digits",
        ),
    ] {
        let site = TempSite::fixture("minimal");
        let toml = site.read("content/site.toml");
        site.write(
            "content/site.toml",
            &toml.replace("https://example.org/reports/", url),
        );
        let err = refused(&site, says);
        assert!(err.contains("content/site.toml:4:"), "{err}");
        let flag = site.run(&["build", "--base-url", url]);
        assert_eq!(flag.status.code(), Some(2), "--base-url {url}");
    }
}

#[test]
fn an_international_address_is_published_in_its_ascii_form() {
    let site = TempSite::fixture("minimal");
    site.build();
    let output = site.run(&["build", "--base-url", "https://例子.测试/年报/"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let sitemap = site.read("public/sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://xn--fsqu00a.xn--0zwm56d/%E5%B9%B4%E6%8A%A5/zh/</loc>"),
        "{sitemap}"
    );
}

#[test]
fn an_implausible_year_is_refused_as_a_folder_and_as_an_argument() {
    let site = TempSite::fixture("minimal");
    std::fs::create_dir_all(site.path("content/0000")).unwrap();
    std::fs::copy(
        site.path("content/2018/_year.md"),
        site.path("content/0000/_year.md"),
    )
    .unwrap();
    let err = refused(&site, "content/0000 is not a plausible year for a report");
    assert!(err.contains("from 1900 to 2999"), "{err}");
    for args in [&["new", "0000"][..], &["import", "x.txt", "--year", "0000"]] {
        let output = site.run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains("is not a year like 2019"),
            "{}",
            stderr(&output)
        );
    }
}

#[test]
fn a_template_that_never_stops_writing_fails_its_page_with_a_message() {
    let site = TempSite::fixture("minimal");
    site.write(
        "templates/404.html",
        "{% for i in range(end=99999) %}{% for j in range(end=99999) %}{{ i }}-{{ j }} {% endfor %}{% endfor %}",
    );
    let err = refused(
        &site,
        "the template 404.html wrote more than 128 MB for one page",
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn ids_and_texts_too_long_to_echo_are_named_not_printed_whole() {
    let site = TempSite::fixture("minimal");
    let text = site.read("content/2018/02-welfare.md");
    let long_id = "a".repeat(65);
    site.write(
        "content/2018/02-welfare.md",
        &text.replace("[metrics.charity_raised]", &format!("[metrics.{long_id}]")),
    );
    refused(&site, "is longer than 64 characters");

    let huge_id = "b".repeat(100_000);
    site.write(
        "content/2018/02-welfare.md",
        &text.replace("charity_raised", &huge_id),
    );
    let err = refused(&site, "is longer than 64 characters");
    assert!(err.len() < 20_000, "{} bytes of messages", err.len());
}

#[test]
fn messages_describe_the_content_format_not_the_programs_types() {
    let site = TempSite::fixture("minimal");
    let text = site.read("content/2018/02-welfare.md");
    site.write(
        "content/2018/02-welfare.md",
        &text.replace("unit = \"元\"", "unit = 5").replace(
            "label = { zh = \"募集慈善捐款\", en = \"Charity donations raised\" }",
            "label = \"募集慈善捐款\"",
        ),
    );
    let err = refused(&site, "02-welfare.md");
    assert!(
        !err.contains("Raw") && !err.contains("struct ") && !err.contains("enum "),
        "{err}"
    );
}

#[test]
fn a_huge_paragraph_gives_an_import_report_of_ordinary_size() {
    let site = TempSite::fixture("minimal");
    let paragraph = "街道开展社区服务工作推进治理".repeat(150_000);
    site.write(
        "big.txt",
        &format!("一、工作回顾\n{paragraph}\n二、工作打算\n继续努力。\n"),
    );
    let output = site.run(&["import", "big.txt", "--year", "2019", "--dry-run"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let printed = output.stdout.len() + output.stderr.len();
    assert!(
        printed < 8 * 1024,
        "{printed} bytes printed for a 6 MB paragraph"
    );
}
