//! Themes others can write: the bundled themes build the same site, a site overrides single
//! templates, stylesheets and strings without forking, and theme options reach the page.

mod common;

use common::*;

const THEMES: &[&str] = &["default", "gov"];

fn with_theme(site: &TempSite, theme: &str, options: &str) {
    let path = site.path("content/site.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.split("[theme_options]").next().unwrap();
    let text = text
        .lines()
        .filter(|l| !l.starts_with("theme ="))
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&path, format!("{text}\ntheme = \"{theme}\"\n{options}")).unwrap();
}

/// What the years fixture says, written out by hand from its files: each page's `<main>`
/// must show these in every theme (tags removed, white space collapsed).
const SEED_ON_PAGES: &[(&str, &[&str])] = &[
    (
        "zh/2018/survey/index.html",
        &[
            "走访居民1.7万次。",
            "5个",
            "超过90%",
            "1.6万次 (2017)",
            "增加1000次（+6.3%）",
        ],
    ),
    (
        "en/2018/survey/index.html",
        &[
            "Officials made 17,000 visits.",
            "over 90%",
            "up 1,000 visits (+6.3%)",
        ],
    ),
    (
        "zh/2018/welfare/index.html",
        &[
            "志愿者120名，无障碍改造—。",
            "100名 (2016)",
            "增加20名（+20%）",
        ],
    ),
    (
        "en/2018/welfare/index.html",
        &["120 volunteers; — renovated.", "45 households (2017)"],
    ),
    (
        "zh/2017/survey/index.html",
        &["走访居民1.6万次。", "85%", "增加5个百分点"],
    ),
    (
        "en/2016/welfare/index.html",
        &["100 volunteers.", "40 households"],
    ),
    (
        "zh/2018/index.html",
        &[
            "2018年工作回顾",
            "2018年的工作。",
            "2018年概述。",
            "1.7万次",
            "超过90%",
        ],
    ),
    (
        "en/2018/index.html",
        &[
            "2018 in Review",
            "The work of 2018.",
            "An overview of 2018.",
            "17,000 visits",
        ],
    ),
    (
        "zh/2018/print/index.html",
        &[
            "2018年概述。",
            "走访居民1.7万次。",
            "志愿者120名，无障碍改造—。",
        ],
    ),
    (
        "en/2018/print/bilingual/index.html",
        &[
            "Officials made 17,000 visits.",
            "走访居民1.7万次。",
            "120 volunteers;",
        ],
    ),
    (
        "zh/metrics/survey/index.html",
        &["1.5万次", "1.6万次", "1.7万次", "0个", "80%"],
    ),
    ("zh/metrics/welfare/index.html", &["40户"]),
    ("zh/metrics/index.html", &["1.7万次"]),
    (
        "en/index.html",
        &[
            "17,000 Resident visits",
            "up 1,000 visits (+6.3%)",
            "over 90% Issue resolution rate",
        ],
    ),
    ("zh/search/index.html", &["搜索需要启用 JavaScript"]),
    ("404.html", &["页面未找到", "Page not found"]),
];

/// Files that belong to the theme rather than the site: its stylesheets, its icon, and the
/// list of written files that names them.
fn belongs_to_theme(path: &str) -> bool {
    path.starts_with("assets/") || path == "favicon.svg" || path == ".nianbao-manifest"
}

/// The text of `html` with its tags removed and its white space collapsed.
fn text_of(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of every table in the `<main>` of `html`: the figures, their previous values
/// and changes.
fn tables_of(html: &str) -> Vec<String> {
    main_of(html)
        .split("<table")
        .skip(1)
        .map(|rest| text_of(&rest[..rest.find("</table>").unwrap()]))
        .collect()
}

#[test]
fn every_bundled_theme_builds_the_same_site() {
    let sites: Vec<TempSite> = THEMES
        .iter()
        .map(|theme| {
            let site = TempSite::fixture("years");
            with_theme(&site, theme, "");
            site.build();
            site
        })
        .collect();
    let files: Vec<Vec<(String, u64)>> = sites
        .iter()
        .map(|site| {
            manifest(&site.path("public"))
                .into_iter()
                .filter(|(path, _)| !belongs_to_theme(path))
                .collect()
        })
        .collect();
    let paths = |files: &[(String, u64)]| files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert!(files[0].len() > 50, "{:?}", paths(&files[0]));
    assert_eq!(
        paths(&files[0]),
        paths(&files[1]),
        "the themes make the same pages"
    );
    for ((path, default), (_, gov)) in files[0].iter().zip(&files[1]) {
        if !path.ends_with(".html") {
            assert_eq!(
                default, gov,
                "{path}: data, feeds and search are the theme's to leave alone"
            );
        }
    }
    for (theme, site) in THEMES.iter().zip(&sites) {
        for (page, expected) in SEED_ON_PAGES {
            let main = text_of(main_of(&site.read(&format!("public/{page}"))));
            for text in *expected {
                assert!(
                    main.contains(text),
                    "{theme}: {page} lacks {text:?}:\n{main}"
                );
            }
        }
    }
    for (path, _) in files[0].iter().filter(|(path, _)| path.ends_with(".html")) {
        let page = |site: &TempSite| tables_of(&site.read(&format!("public/{path}")));
        assert_eq!(
            page(&sites[0]),
            page(&sites[1]),
            "{path}: the tables of figures"
        );
    }
}

#[test]
fn every_bundled_theme_loads_nianbaos_search_script() {
    for theme in THEMES {
        let site = TempSite::fixture("minimal");
        with_theme(&site, theme, "");
        site.build();
        let page = site.read("public/zh/search/index.html");
        assert!(
            page.contains("<script src=\"../../search/search.js?v="),
            "{theme}"
        );
        assert_eq!(
            site.read("public/search/search.js"),
            nianbao::search::SCRIPT,
            "{theme}"
        );
    }
}

#[test]
fn an_override_replaces_one_partial_the_stylesheet_and_a_string() {
    let site = TempSite::fixture("minimal");
    site.overlay("override");
    site.build();
    let page = site.read("public/en/2018/index.html");
    assert!(
        page.contains("OVERRIDE-FOOTER-MARKER · Example Sub-district · Built with nianbao"),
        "the partial"
    );
    assert!(
        page.contains("<h2 id=\"contents\">Table of contents</h2>"),
        "the string"
    );
    assert!(
        page.contains("class=\"site-header\""),
        "the rest of the theme is still there"
    );
    assert!(
        site.read("public/assets/nianbao.css")
            .contains("OVERRIDE-STYLESHEET-MARKER")
    );
    let zh = site.read("public/zh/2018/index.html");
    assert!(
        zh.contains("<h2 id=\"contents\">目录</h2>"),
        "the other language keeps the theme's string"
    );
}

#[test]
fn a_broken_override_names_template_line_and_column_and_changes_nothing() {
    let site = TempSite::fixture("minimal");
    site.build();
    let before = manifest(&site.path("public"));
    site.overlay("invalid-override");
    let output = site.run(&["build"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: template error: Field `hotline` is not defined."),
        "{err}"
    );
    assert!(
        err.contains("--> templates/partials/footer.html:3:"),
        "{err}"
    );
    assert_eq!(manifest(&site.path("public")), before);
}

#[test]
fn accent_and_logo_reach_the_page_without_editing_a_template() {
    for theme in THEMES {
        let site = TempSite::fixture("minimal");
        site.overlay("override");
        std::fs::remove_file(site.path("templates/partials/footer.html")).unwrap();
        std::fs::remove_file(site.path("static/assets/nianbao.css")).unwrap();
        with_theme(
            &site,
            theme,
            "[theme_options]\naccent = \"#8B1A1A\"\nlogo = \"logo.svg\"\nfooter = { zh = \"服务热线：62880000\", en = \"Hotline: 6288 0000\" }\n",
        );
        site.build();
        assert!(
            site.read("public/assets/options.css")
                .contains("--accent: #8b1a1a;"),
            "{theme}"
        );
        let page = site.read("public/en/2018/survey/index.html");
        assert!(
            page.contains("src=\"../../../logo.svg\""),
            "{theme}: the logo"
        );
        assert!(
            page.contains("Hotline: 6288 0000"),
            "{theme}: the footer text"
        );
        assert!(
            page.contains("assets/options.css?v="),
            "{theme}: the options stylesheet"
        );
        assert!(
            site.read("public/zh/index.html")
                .contains("服务热线：62880000"),
            "{theme}"
        );
    }
}

#[test]
fn theme_options_are_checked_against_theme_toml() {
    let site = TempSite::fixture("minimal");
    with_theme(
        &site,
        "default",
        "[theme_options]\naccnet = \"#000000\"\nlogo = \"missing.svg\"\n",
    );
    let output = site.run(&["build"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        err.contains("error: unknown theme option `accnet`"),
        "{err}"
    );
    assert!(err.contains("did you mean `accent`?"), "{err}");
    assert!(err.contains("theme option `logo` names \"missing.svg\", which is not in the site's or the theme's static/ folder"), "{err}");
    with_theme(&site, "default", "[theme_options]\naccent = \"#e8b04b\"\n");
    let output = site.run(&["build"]);
    assert!(output.status.success());
    assert!(
        stderr(&output).contains("warning: colour #e8b04b has a contrast of"),
        "{}",
        stderr(&output)
    );
    with_theme(
        &site,
        "default",
        "[theme_options]\naccent = \"red;}body{display:none\"\n",
    );
    assert_eq!(
        site.run(&["build"]).status.code(),
        Some(1),
        "a colour cannot smuggle CSS in"
    );
}

#[test]
fn without_javascript_the_search_page_says_so_and_no_other_page_needs_it() {
    for theme in THEMES {
        let site = TempSite::fixture("years");
        with_theme(&site, theme, "");
        site.build();
        for (lang, notice) in [
            (
                "zh",
                "搜索需要启用 JavaScript，您输入的字词保留在地址栏（?q= 之后）。其他页面无需 JavaScript：每年的打印版收录全文，可用浏览器的查找（Ctrl+F）。",
            ),
            (
                "en",
                "Search needs JavaScript; your words stay in the address (after ?q=). Every other page reads without it: a year’s print edition holds its whole text for your browser’s Find (Ctrl+F).",
            ),
        ] {
            let page = site.read(&format!("public/{lang}/search/index.html"));
            assert!(
                page.contains(&format!(
                    "<noscript><p class=\"notice\">{notice}</p></noscript>"
                )),
                "{theme}: {lang}/search/ does not say it needs JavaScript"
            );
            assert!(
                page.contains("<div id=\"search-app\" hidden"),
                "{theme}: {lang}/search/ shows its form before the script runs"
            );
        }
        for (path, _) in manifest(&site.path("public")) {
            if path.ends_with(".html") && !path.ends_with("search/index.html") {
                let page = site.read(&format!("public/{path}"));
                // The text-size control remembers its choice with a script; it works
                // without one (see reading.rs), so it is the only script a page may have.
                let scripts = page.matches("<script").count();
                let reading = page.matches("assets/reading.js").count();
                assert!(
                    scripts == reading && !page.contains("<noscript"),
                    "{theme}: {path} has a script"
                );
            }
        }
    }
}
