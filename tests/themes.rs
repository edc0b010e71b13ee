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

#[test]
fn every_bundled_theme_builds_the_same_site() {
    for theme in THEMES {
        let site = TempSite::fixture("years");
        with_theme(&site, theme, "");
        site.build();
        for page in [
            "index.html",
            "zh/index.html",
            "en/2018/index.html",
            "zh/2018/survey/index.html",
            "en/2018/print/index.html",
            "zh/metrics/index.html",
            "en/data/index.html",
            "zh/search/index.html",
            "404.html",
        ] {
            let html = site.read(&format!("public/{page}"));
            assert!(html.contains("<main"), "{theme}: {page}");
        }
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
