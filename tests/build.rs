//! Building whole sites: the bundled 2018 report, the minimal fixture, and the promises a
//! build makes about its output (determinism, line endings, snapshots).

mod common;

use common::*;

const LANGS: [&str; 2] = ["zh", "en"];

#[test]
fn bundled_report_builds_every_section_in_both_languages() {
    let site = TempSite::bundled();
    site.build();
    let sections: Vec<String> = std::fs::read_dir(site.path("content/2018"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".md") && name != "_year.md")
        .collect();
    assert_eq!(sections.len(), 10, "the 2018 report has ten sections");
    for lang in LANGS {
        for name in &sections {
            let slug = name.trim_end_matches(".md").split_once('-').unwrap().1;
            let page = site.read(&format!("public/{lang}/2018/{slug}/index.html"));
            assert!(
                !page.contains("class=\"notice\""),
                "{lang}/{slug} is marked untranslated"
            );
            assert!(page.contains(&format!(
                "<html lang=\"{}\">",
                if lang == "zh" { "zh-CN" } else { "en" }
            )));
        }
        for page in ["index.html", "2018/index.html", "2018/print/index.html"] {
            assert!(
                site.path(&format!("public/{lang}/{page}")).is_file(),
                "{lang}/{page}"
            );
        }
    }
    for file in ["index.html", "404.html", "robots.txt", "sitemap.xml"] {
        assert!(site.path(&format!("public/{file}")).is_file(), "{file}");
    }
}

#[test]
fn research_section_cites_one_metric_in_two_notations() {
    let site = TempSite::bundled();
    site.build();
    let zh = site.read("public/zh/2018/big-survey/index.html");
    let en = site.read("public/en/2018/big-survey/index.html");
    assert!(
        zh.contains(
            "走访居民<data class=\"figure\" id=\"cite-resident_visits\" value=\"17000\">1.7万次</data>"
        ),
        "zh text"
    );
    assert!(
        en.contains(
            "<data class=\"figure\" id=\"cite-resident_visits\" value=\"17000\">17,000 visits</data>"
        ),
        "en text"
    );
}

/// Figures of the 2018 report as its text writes them (content/2018, and the printed report
/// it was typed from): the section, the value, the Chinese and the English.
const SEED_FIGURES: &[(&str, &str, &str, &str)] = &[
    ("big-survey", "17000", "1.7万次", "17,000 visits"),
    ("big-survey", "600", "近600家", "nearly 600"),
    ("big-survey", "1600", "1600余个", "more than 1,600"),
    ("big-survey", "90", "超过90%", "over 90%"),
    ("welfare", "354000", "35.4万元", "CNY 354,000"),
    ("welfare", "11251", "11251人次", "11,251 cases"),
    ("urban-renewal", "2733.54", "2733.54平方米", "2,733.54 m²"),
];

#[test]
fn the_reports_figures_are_printed_as_written() {
    let site = TempSite::bundled();
    site.build();
    for (slug, value, zh, en) in SEED_FIGURES {
        for (lang, figure) in [("zh", zh), ("en", en)] {
            let page = site.read(&format!("public/{lang}/2018/{slug}/index.html"));
            assert!(
                cites(&page, value, Some(figure)),
                "{lang}/{slug} lacks <data class=\"figure\" value=\"{value}\">{figure}</data>"
            );
        }
    }
}

/// Whether the page cites a figure: a `<data class="figure" …>` element (the first citation
/// of a metric also carries its id) with this value and, if given, this text.
fn cites(page: &str, value: &str, figure: Option<&str>) -> bool {
    page.match_indices("<data class=\"figure\"").any(|(at, _)| {
        let rest = &page[at..];
        let Some(end) = rest.find('>') else {
            return false;
        };
        rest[..end].contains(&format!(" value=\"{value}\""))
            && figure.is_none_or(|figure| rest[end + 1..].starts_with(&format!("{figure}</data>")))
    })
}

/// Each metric of a content file, read from its lines rather than by nianbao: the id of
/// every `[metrics.ID]` table and its `value = …` as written.
fn metrics_written_in(text: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut id = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("[metrics.") {
            id = Some(rest.trim_end_matches(']').to_string());
        } else if let (Some(current), Some(value)) = (&id, line.strip_prefix("value = ")) {
            found.push((current.clone(), value.trim().to_string()));
            id = None;
        }
    }
    found
}

#[test]
fn every_metric_of_the_report_appears_on_both_pages() {
    let site = TempSite::bundled();
    site.build();
    let mut count = 0;
    for entry in std::fs::read_dir(site.path("content/2018")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let Some((_, slug)) = name.trim_end_matches(".md").split_once('-') else {
            continue;
        };
        let text = site.read(&format!("content/2018/{name}"));
        for (id, value) in metrics_written_in(&text) {
            count += 1;
            for lang in LANGS {
                let page = site.read(&format!("public/{lang}/2018/{slug}/index.html"));
                assert!(
                    cites(&page, &value, None),
                    "{id} is not cited in the {lang} text with value {value}"
                );
                assert!(
                    page.contains(&format!("id=\"m-{id}\"")),
                    "{id} missing from the {lang} table"
                );
            }
        }
    }
    assert_eq!(count, 67, "the 2018 report has 67 figures");
}

#[test]
fn untranslated_section_shows_chinese_marked_and_noticed() {
    let site = TempSite::fixture("minimal");
    site.build();
    let en = site.read("public/en/2018/welfare/index.html");
    assert!(
        en.contains("class=\"notice\""),
        "the English page says it is not translated"
    );
    assert!(
        en.contains("<div class=\"prose\" lang=\"zh-CN\">"),
        "the Chinese text is marked"
    );
    assert!(
        en.contains("<h1 lang=\"zh-CN\">民生</h1>"),
        "the untranslated title is marked"
    );
    let check = site.run(&["check"]);
    assert!(
        stderr(&check).contains("the section has no `::: en` block"),
        "{}",
        stderr(&check)
    );
}

#[test]
fn a_chinese_only_site_has_no_english_pages_and_no_translation_warnings() {
    let site = TempSite::fixture("minimal");
    let config = site.read("content/site.toml");
    site.write(
        "content/site.toml",
        &format!("{config}languages = [\"zh\"]\n"),
    );
    let output = site.build();
    assert!(!stderr(&output).contains("::: en"), "{}", stderr(&output));
    assert!(site.path("public/zh/2018/welfare/index.html").is_file());
    assert!(!site.path("public/en").exists());
}

#[test]
fn links_are_relative_so_any_sub_path_works() {
    let site = TempSite::fixture("minimal");
    site.build();
    let page = site.read("public/zh/2018/survey/index.html");
    assert!(
        page.contains("href=\"../../../en/2018/survey/index.html\""),
        "language switch"
    );
    assert!(
        page.contains("href=\"../../../assets/nianbao.css?v="),
        "stylesheet"
    );
    assert!(
        page.contains(
            "<link rel=\"canonical\" href=\"https://example.org/reports/zh/2018/survey/\">"
        )
    );
    let not_found = site.read("public/404.html");
    assert!(
        not_found.contains("href=\"/reports/assets/nianbao.css?v="),
        "404 links from the base path"
    );
}

#[test]
fn base_url_flag_overrides_site_toml() {
    let site = TempSite::fixture("minimal");
    let output = site.run(&["build", "--base-url", "https://host.example/reports/nanxi"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let sitemap = site.read("public/sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://host.example/reports/nanxi/zh/2018/survey/</loc>"),
        "{sitemap}"
    );
    assert!(
        site.read("public/robots.txt")
            .contains("Sitemap: https://host.example/reports/nanxi/sitemap.xml")
    );
}

#[test]
fn sitemap_lists_every_page_with_both_languages() {
    let site = TempSite::fixture("minimal");
    site.build();
    let sitemap = site.read("public/sitemap.xml");
    let pages = manifest(&site.path("public"))
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html") && path != "404.html")
        .count();
    assert_eq!(sitemap.matches("<url>").count(), pages);
    assert!(sitemap.contains(
        "<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/reports/en/2018/welfare/\"/>"
    ));
}

#[test]
fn same_input_gives_identical_bytes() {
    let site = TempSite::fixture("minimal");
    site.build();
    let first = manifest(&site.path("public"));
    std::fs::remove_dir_all(site.path("public")).unwrap();
    site.build();
    assert_eq!(first, manifest(&site.path("public")));
}

#[test]
fn parallel_and_sequential_builds_give_identical_bytes() {
    let site = TempSite::fixture("years");
    let one = site.run_with(&["build", "--output", "one"], &[("NIANBAO_THREADS", "1")]);
    let many = site.run_with(&["build", "--output", "many"], &[("NIANBAO_THREADS", "7")]);
    assert!(one.status.success() && many.status.success());
    let (one, many) = (manifest(&site.path("one")), manifest(&site.path("many")));
    assert!(one.len() > 40);
    assert_eq!(one, many);
}

#[test]
fn bom_and_crlf_give_the_same_output_as_lf() {
    let plain = TempSite::fixture("minimal");
    plain.build();
    let windows = TempSite::fixture("minimal");
    for entry in walkdir::WalkDir::new(windows.path("content")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let converted = format!("\u{FEFF}{}", text.replace('\n', "\r\n"));
            std::fs::write(entry.path(), converted).unwrap();
        }
    }
    windows.build();
    assert_eq!(
        manifest(&plain.path("public")),
        manifest(&windows.path("public"))
    );
}

#[test]
fn rebuild_keeps_publishing_files_and_removes_stale_pages() {
    let site = TempSite::fixture("minimal");
    site.build();
    site.write("public/CNAME", "reports.example.org\n");
    site.write("public/.git/HEAD", "ref: refs/heads/gh-pages\n");
    site.write("public/zh/notes.txt", "the office's own file\n");
    std::fs::remove_file(site.path("content/2018/02-welfare.md")).unwrap();
    site.build();
    assert!(
        !site.path("public/zh/2018/welfare/index.html").exists(),
        "a removed section's page is gone"
    );
    assert_eq!(site.read("public/CNAME"), "reports.example.org\n");
    assert_eq!(site.read("public/.git/HEAD"), "ref: refs/heads/gh-pages\n");
    assert_eq!(site.read("public/zh/notes.txt"), "the office's own file\n");
}

#[test]
fn refuses_to_overwrite_a_folder_it_did_not_make() {
    let site = TempSite::fixture("minimal");
    site.write("elsewhere/report.docx", "not ours");
    let output = site.run(&["build", "--output", "elsewhere"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("already holds files that nianbao did not make"),
        "{}",
        stderr(&output)
    );
    assert_eq!(site.read("elsewhere/report.docx"), "not ours");
}

#[test]
fn refuses_dangerous_output_folders() {
    let site = TempSite::fixture("minimal");
    for output in [
        ".",
        "..",
        "/",
        "content",
        "content/2018/out",
        "themes/default",
    ] {
        let result = site.run(&["build", "--output", output]);
        assert_eq!(result.status.code(), Some(1), "--output {output}");
        assert!(
            stderr(&result).contains("refusing to write the site"),
            "{output}: {}",
            stderr(&result)
        );
    }
}

#[test]
fn output_path_through_a_missing_folder_makes_only_the_output() {
    let site = TempSite::fixture("minimal");
    site.run(&["build", "--output", "public/../out"]);
    assert!(site.path("out/index.html").exists());
    assert!(
        !site.path("public").exists(),
        "no public/ on the way to out/"
    );
}

#[cfg(unix)]
#[test]
fn a_linked_output_folder_stays_a_link() {
    let site = TempSite::fixture("minimal");
    std::fs::create_dir_all(site.path("www/reports")).unwrap();
    std::os::unix::fs::symlink(site.path("www/reports"), site.path("public")).unwrap();
    for _ in 0..2 {
        site.build();
        let link = std::fs::symlink_metadata(site.path("public")).unwrap();
        assert!(link.file_type().is_symlink(), "public/ is still a link");
        assert!(site.path("www/reports/zh/2018/index.html").exists());
    }
    assert!(!site.path("www/.reports.nianbao-staging").exists());
}

#[test]
fn usage_errors_exit_with_two() {
    let site = TempSite::fixture("minimal");
    assert_eq!(
        site.run(&["build", "--no-such-flag"]).status.code(),
        Some(2)
    );
    assert_eq!(site.run(&["publish"]).status.code(), Some(2));
    assert_eq!(
        site.run(&["build", "--base-url", "example.org"])
            .status
            .code(),
        Some(2)
    );
}

/// Snapshots of the `<main>` of a few pages of the minimal site. To accept a change on
/// purpose: `UPDATE_SNAPSHOTS=1 cargo test --test build snapshots`.
#[test]
fn snapshots_of_main_content() {
    let site = TempSite::fixture("minimal");
    site.build();
    let pages = [
        ("zh/2018/survey/index.html", "zh-section.html"),
        ("en/2018/survey/index.html", "en-section.html"),
        ("en/2018/welfare/index.html", "en-untranslated.html"),
        ("zh/2018/index.html", "zh-cover.html"),
        ("en/index.html", "en-home.html"),
    ];
    let dir = repo().join("tests/snapshots");
    let mut changed = Vec::new();
    for (page, snapshot) in pages {
        let html = site.read(&format!("public/{page}"));
        let actual = main_of(&html);
        let path = dir.join(snapshot);
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        if expected != actual {
            changed.push(format!(
                "{snapshot}:\n--- expected\n{expected}\n--- actual\n{actual}"
            ));
        }
    }
    assert!(
        changed.is_empty(),
        "snapshots differ (UPDATE_SNAPSHOTS=1 to accept):\n{}",
        changed.join("\n")
    );
}

/// Keeps what a build renders, for comparing two builds in memory.
#[derive(Default)]
struct Kept(std::sync::Mutex<Vec<nianbao::render::OutputFile>>);

impl nianbao::render::Sink for Kept {
    fn put(
        &self,
        file: &nianbao::render::OutputFile,
    ) -> Result<(), nianbao::diagnostics::Diagnostic> {
        self.0.lock().unwrap().push(file.clone());
        Ok(())
    }
}

#[test]
fn pages_are_the_same_once_the_content_text_is_let_go() {
    // A build lets go of the content files' text after rendering their Markdown; nothing
    // made after that may depend on it.
    for site in [TempSite::bundled(), TempSite::fixture("years")] {
        let (loaded, _) = nianbao::site::Site::load(&site.root).unwrap();
        let options = loaded.render_options(None, None);
        let whole = nianbao::render::render(&loaded, &options).unwrap();

        let (mut forgetful, _) = nianbao::site::Site::load(&site.root).unwrap();
        let bodies = nianbao::render::prepare::Bodies::prepare(&forgetful);
        forgetful.forget_texts();
        assert!(
            forgetful.years[0].sections[0]
                .document
                .source
                .text
                .is_empty(),
            "the text is let go"
        );
        let kept = Kept::default();
        nianbao::render::render_prepared(&forgetful, &bodies, &options, &kept).unwrap();
        let mut after = kept.0.into_inner().unwrap();
        after.sort_by(|a, b| a.path.cmp(&b.path));

        assert_eq!(whole.len(), after.len());
        for (a, b) in whole.iter().zip(&after) {
            assert_eq!(a.path, b.path);
            assert!(a.bytes == b.bytes, "{} differs", a.path);
        }
    }
}
