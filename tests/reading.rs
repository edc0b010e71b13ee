//! Reading the built site as people do (issue 17), claims on the pages and stylesheets of
//! both bundled themes: the phone menu, justification by the paragraph's language, the
//! text-size control, the figures and data pages, one search form, and the publishing
//! details (date, cards, bilingual tables, quotes, the landing page, the 404 page). What
//! needs a browser (opening from disk, 200% text, the elder mode under axe) is in
//! `tests/e2e/reading.mjs`, run by `browser.rs`.

mod common;

use common::*;

const THEMES: [(&str, &str); 2] = [("default", "nianbao.css"), ("gov", "gov.css")];

/// The bundled report built with `theme`.
fn bundled(theme: &str) -> TempSite {
    let site = TempSite::bundled();
    let config = site.read("content/site.toml");
    site.write(
        "content/site.toml",
        &config.replace("theme = \"default\"", &format!("theme = \"{theme}\"")),
    );
    site.build();
    site
}

#[test]
fn phones_get_a_menu_button_that_works_without_javascript() {
    for (theme, _) in THEMES {
        let site = bundled(theme);
        let page = site.read("public/zh/2018/big-survey/index.html");
        let menu = page.find("<details class=\"site-menu\">").expect(theme);
        let summary = page[menu..].find("<summary>").expect(theme) + menu;
        let nav = page.find("<nav class=\"site-nav\"").expect(theme);
        assert!(
            menu < summary && summary < nav,
            "{theme}: the nav is inside the menu"
        );
    }
}

#[test]
fn chinese_is_justified_by_the_paragraphs_own_language_and_figures_never_stretch() {
    for (theme, css) in THEMES {
        let site = bundled(theme);
        let sheet = site.read(&format!("public/assets/{css}"));
        assert!(
            sheet.contains(".prose > p:lang(zh) {")
                && sheet.contains("text-justify: inter-character"),
            "{theme}"
        );
        assert!(
            !sheet.contains(":lang(zh) .prose p") && !sheet.contains(".prose:lang(zh) p"),
            "{theme}: a rule keyed on the page's language justifies English columns"
        );
        let figure = sheet
            .lines()
            .find(|l| l.starts_with("data.figure {"))
            .expect(theme);
        assert!(
            figure.contains("display: inline-block"),
            "{theme}: {figure}"
        );
    }
}

#[test]
fn every_page_offers_three_text_sizes_that_work_without_javascript() {
    for (theme, css) in THEMES {
        let site = bundled(theme);
        for page in [
            "zh/2018/big-survey/index.html",
            "en/index.html",
            "index.html",
        ] {
            let html = site.read(&format!("public/{page}"));
            for size in ["normal", "large", "larger"] {
                assert!(
                    html.contains(&format!("<li id=\"text-{size}\"><a href=\"#text-{size}\"")),
                    "{theme} {page}: {size}"
                );
            }
            assert!(html.contains("assets/reading.js"), "{theme} {page}");
        }
        let sheet = site.read(&format!("public/assets/{css}"));
        assert!(
            sheet.contains("html:has(#text-large:target) { font-size: 125%; }"),
            "{theme}"
        );
        assert!(sheet.contains("html[data-text=\"larger\"]"), "{theme}");
        let script = site.read("public/assets/reading.js");
        assert!(script.contains("localStorage"), "{theme}");
    }
}

#[test]
fn the_figures_page_lists_every_figure_of_a_one_year_site_linked_to_its_sentence() {
    let site = bundled("default");
    let (loaded, _) = nianbao::site::Site::load(&site.root).expect("the bundled site loads");
    let page = site.read("public/en/metrics/index.html");
    let mut linked = 0;
    for section in &loaded.years[0].sections {
        let text = site.read(&format!("public/en/2018/{}/index.html", section.slug));
        for metric in &section.metrics {
            let figure = metric.figure(nianbao::config::Lang::En).to_string();
            assert!(
                page.contains(&figure),
                "{} ({figure}) is missing",
                metric.id
            );
            let cite = format!("{}/index.html#cite-{}\"", section.slug, metric.id);
            if page.contains(&cite) {
                assert!(text.contains(&format!("id=\"cite-{}\"", metric.id)));
                linked += 1;
            }
        }
    }
    assert!(linked >= 60, "only {linked} figures link to their sentence");
}

#[test]
fn the_data_dictionary_gives_values_with_labels_first_and_ids_last() {
    let site = bundled("default");
    let page = site.read("public/zh/data/index.html");
    let row = page
        .lines()
        .find(|l| l.contains("<code>resident_visits</code>"))
        .expect("the row of resident_visits");
    let label = row.find("走访居民").unwrap();
    let value = row.find("1.7万次").expect("the value");
    let id = row.find("<code>resident_visits</code>").unwrap();
    assert!(label < value && value < id, "{row}");
}

#[test]
fn the_search_page_has_one_search_form_that_works_as_a_plain_get() {
    for (theme, _) in THEMES {
        let site = bundled(theme);
        let page = site.read("public/en/search/index.html");
        assert_eq!(page.matches("role=\"search\"").count(), 1, "{theme}");
        assert!(page.contains("<form id=\"search-form\" role=\"search\" action=\"../../en/search/index.html\" method=\"get\">"), "{theme}");
        assert!(
            page.contains("data-msg-results-one=\"1 result\""),
            "{theme}"
        );
        let other = site.read("public/en/2018/index.html");
        assert!(
            other.contains("action=\"../../en/search/index.html\" method=\"get\""),
            "{theme}"
        );
    }
}

#[test]
fn the_publication_date_stands_under_the_title_and_in_the_feed() {
    for (theme, _) in THEMES {
        let site = TempSite::fixture("minimal");
        let config = site.read("content/site.toml");
        site.write(
            "content/site.toml",
            &format!("theme = \"{theme}\"\n{config}"),
        );
        let cover = site.read("content/2018/_year.md");
        site.write(
            "content/2018/_year.md",
            &cover.replacen("+++\n", "+++\ndate = 2019-01-31\n", 1),
        );
        site.build();
        for page in ["zh/2018/index.html", "zh/2018/survey/index.html"] {
            let html = site.read(&format!("public/{page}"));
            let title = html.find("<h1").unwrap();
            let date = html.find("<time datetime=\"2019-01-31\">").expect(page);
            assert!(title < date, "{theme} {page}");
            assert!(
                html[..date].rfind("发布日期").is_some_and(|at| at > title),
                "{theme} {page}"
            );
        }
        assert!(site.read("public/zh/atom.xml").contains("2019-01-31"));
    }
}

#[test]
fn english_cards_do_not_repeat_the_unit_of_their_label() {
    let site = TempSite::fixture("minimal");
    site.build();
    let home = site.read("public/en/index.html");
    assert!(
        home.contains("<span class=\"figure-value\">17,000</span>"),
        "{home}"
    );
    assert!(!home.contains("<span class=\"figure-value\">17,000 visits</span>"));
}

#[test]
fn bilingual_figure_tables_name_their_columns_and_head_rows_with_labels() {
    for (theme, _) in THEMES {
        let site = bundled(theme);
        let page = site.read("public/zh/2018/print/bilingual/index.html");
        assert!(
            page.contains(
                "<th scope=\"col\">指标 <span class=\"col-lang\" lang=\"en\">English</span></th>"
            ),
            "{theme}"
        );
        assert!(page.contains("<th scope=\"col\" class=\"num\">数值 <span class=\"col-lang\" lang=\"zh-CN\">中文</span></th>"), "{theme}");
        assert!(
            page.contains("<th scope=\"row\">走访居民</th><td lang=\"en\">Resident visits</td>"),
            "{theme}"
        );
    }
}

#[test]
fn front_matter_texts_get_typographic_quotes_like_bodies() {
    let site = bundled("default");
    let landing = site.read("public/index.html");
    assert!(
        landing.contains("Jing’an District, Shanghai"),
        "site.toml description"
    );
    assert!(!landing.contains("Jing'an"));
    let cover = site.read("public/en/2018/index.html");
    assert!(cover.contains("Jing’an, Shanghai"), "_year.md summary");
}

#[test]
fn the_landing_page_is_bilingual_and_one_click_from_the_newest_report() {
    for (theme, _) in THEMES {
        let site = bundled(theme);
        let landing = site.read("public/index.html");
        let header = &landing[landing.find("<header").unwrap()..landing.find("</header>").unwrap()];
        assert!(header.contains("南京西路街道年度工作报告"), "{theme}");
        assert!(
            header.contains("Nanjing West Road Sub-district Annual Reports"),
            "{theme}"
        );
        assert!(
            landing.contains("<a href=\"zh/2018/index.html\">"),
            "{theme}"
        );
        assert!(
            landing.contains("<a href=\"en/2018/index.html\">"),
            "{theme}"
        );
    }
}

#[test]
fn the_404_page_links_from_the_base_path_so_it_works_at_any_depth() {
    for (theme, _) in THEMES {
        let site = bundled(theme);
        let page = site.read("public/404.html");
        let mut links = 0;
        for attr in ["href=\"", "src=\""] {
            for piece in page.split(attr).skip(1) {
                let link = &piece[..piece.find('"').unwrap()];
                if link.starts_with('#') || link.starts_with("https://") {
                    continue;
                }
                assert!(link.starts_with("/nanjing-west-road/"), "{theme}: {link}");
                links += 1;
            }
        }
        assert!(links > 5, "{theme}");
    }
}

#[test]
fn focus_rings_and_tap_targets_of_the_default_theme() {
    let site = bundled("default");
    let sheet = site.read("public/assets/nianbao.css");
    // #f2c14e on the navy #1d3a5c is 6.9:1 (the orange #c26a00 was 2.96:1).
    assert!(sheet.contains(".site-header :focus-visible { outline-color: #f2c14e; }"));
    for rule in [".breadcrumbs a {", ".site-footer a {"] {
        let line = sheet.lines().find(|l| l.starts_with(rule)).expect(rule);
        assert!(line.contains("min-height: 24px"), "{line}");
    }
}
