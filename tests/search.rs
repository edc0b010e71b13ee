//! Search runs the shipped JavaScript (under Node) on the indexes of the built 2018 report:
//! Chinese substrings across word boundaries, English word prefixes, mixed queries and
//! figures as either language writes them.

mod common;

use common::*;
use std::process::Command;

struct Found {
    url: String,
    lang: String,
    snippet: String,
    /// Only some of the query's terms are in the section.
    partial: bool,
}

fn search(site: &TempSite, lang: &str, queries: &[&str]) -> Vec<Vec<Found>> {
    let output = Command::new("node")
        .arg(repo().join("tests/search/run.mjs"))
        .arg(site.path("public"))
        .arg(lang)
        .args(queries)
        .output()
        .expect("node runs (install Node.js 18 or later)");
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    json.as_array()
        .unwrap()
        .iter()
        .map(|q| {
            q["results"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| Found {
                    url: r["url"].as_str().unwrap().to_string(),
                    lang: r["lang"].as_str().unwrap().to_string(),
                    snippet: r["snippet"].as_str().unwrap().to_string(),
                    partial: r["partial"].as_bool().unwrap(),
                })
                .collect()
        })
        .collect()
}

/// The sections that hold every term of the query (partial matches follow them).
fn slugs(found: &[Found]) -> Vec<String> {
    found
        .iter()
        .filter(|f| !f.partial)
        .map(|f| f.url.split('/').nth(2).unwrap_or("").to_string())
        .collect()
}

#[test]
fn finds_chinese_substrings_across_word_boundaries() {
    let site = TempSite::bundled();
    site.build();
    let queries = ["小餐饮", "如厕", "签约率", "养老顾问"];
    let found = search(&site, "zh", &queries);
    assert_eq!(slugs(&found[0]), ["city-environment"]);
    let mut toilets = slugs(&found[1]);
    toilets.sort();
    assert_eq!(toilets, ["big-survey", "welfare"]);
    assert_eq!(slugs(&found[2]), ["welfare"]);
    assert_eq!(slugs(&found[3]), ["welfare"]);
    assert!(
        found[2][0].snippet.contains("[签约率]"),
        "{}",
        found[2][0].snippet
    );
    assert!(found.iter().flatten().all(|f| f.lang == "zh"));
}

#[test]
fn finds_english_words_by_prefix_in_any_case() {
    let site = TempSite::bundled();
    site.build();
    let found = search(&site, "en", &["ZHANG yuan", "toilet", "volunt", "oun"]);
    assert_eq!(slugs(&found[0]), ["welfare"]);
    assert!(slugs(&found[1]).contains(&"welfare".to_string()));
    assert!(
        slugs(&found[2]).len() >= 3,
        "volunteers appear in several sections"
    );
    assert!(found[3].is_empty(), "a word's middle is not a prefix");
    assert!(
        found[0][0].snippet.contains("[Zhang] [Yuan]"),
        "{}",
        found[0][0].snippet
    );
}

#[test]
fn mixed_queries_and_figures_work_in_either_language() {
    let site = TempSite::bundled();
    site.build();
    let found = search(
        &site,
        "en",
        &[
            "Nancy 群团",
            "张园 signing",
            "97.15%",
            "1.7万",
            "17,000",
            "17000",
        ],
    );
    assert_eq!(slugs(&found[0]), ["mass-organizations"]);
    assert_eq!(
        slugs(&found[1]),
        ["welfare"],
        "terms may match the two versions of one section"
    );
    assert_eq!(slugs(&found[2]), ["welfare"]);
    for figure in &found[3..] {
        assert_eq!(slugs(figure), ["big-survey"]);
    }
    assert_eq!(
        found[3][0].lang, "en",
        "the English page finds 1.7万 in its own version too"
    );
    assert!(
        found[4][0].snippet.contains("[17,000]"),
        "{}",
        found[4][0].snippet
    );
}

/// The minimal site with two more sections that share words across languages: "Nancy" is
/// written three times in the Chinese text of 03 and once in the English text of 04, "Plaza"
/// three times in the English text of 04 and once in the Chinese text of 03. Ranked by hits
/// alone, each query's other-language section would come first.
fn site_with_shared_words() -> TempSite {
    let site = TempSite::fixture("minimal");
    site.write(
        "content/2018/03-nancy.md",
        "+++\ntitle = { zh = \"群团\", en = \"Mass organisations\" }\n+++\n\n\
         ::: zh\nNancy 群团的 Nancy 服务站，Nancy 志愿者，张园 Plaza 旁。\n:::\n\n\
         ::: en\nThe service station near the old garden.\n:::\n",
    );
    site.write(
        "content/2018/04-plaza.md",
        "+++\ntitle = { zh = \"商圈\", en = \"Business district\" }\n+++\n\n\
         ::: zh\n商圈的楼宇服务。\n:::\n\n\
         ::: en\nPlaza shops, Plaza offices and Plaza events, with Nancy's help.\n:::\n",
    );
    site.build();
    site
}

#[test]
fn results_in_the_page_language_come_first() {
    let site = site_with_shared_words();
    let found = search(&site, "en", &["nancy"]);
    let order: Vec<(String, String)> = found[0]
        .iter()
        .map(|f| (slugs(std::slice::from_ref(f))[0].clone(), f.lang.clone()))
        .collect();
    assert_eq!(
        order,
        [("plaza".into(), "en".into()), ("nancy".into(), "zh".into())],
        "on an English page the section whose English has the word comes first"
    );
    let found = search(&site, "zh", &["plaza"]);
    let order: Vec<(String, String)> = found[0]
        .iter()
        .map(|f| (slugs(std::slice::from_ref(f))[0].clone(), f.lang.clone()))
        .collect();
    assert_eq!(
        order,
        [("nancy".into(), "zh".into()), ("plaza".into(), "en".into())],
        "on a Chinese page the section whose Chinese has the word comes first"
    );
}

#[test]
fn a_number_does_not_find_a_longer_number_it_starts() {
    let site = TempSite::fixture("minimal");
    site.write(
        "content/2018/03-visits.md",
        "+++\ntitle = { zh = \"访问\", en = \"Visits\" }\n+++\n\n\
         ::: zh\n全年访问170000次，合计170,000次。\n:::\n\n\
         ::: en\nThere were 170000 visits, 170,000 in all.\n:::\n",
    );
    site.build();
    for lang in ["zh", "en"] {
        let found = search(&site, lang, &["17000", "17,000", "170000"]);
        for (query, short) in ["17000", "17,000"].iter().zip(&found) {
            let found = slugs(short);
            assert!(
                found.contains(&"survey".to_string()) && !found.contains(&"visits".to_string()),
                "{query} on a {lang} page finds {found:?}: the survey's 17,000 and not 170,000"
            );
        }
        assert_eq!(slugs(&found[2]), ["visits"], "170000 on a {lang} page");
    }
}

#[test]
fn build_reports_the_index_size() {
    let site = TempSite::bundled();
    let output = site.build();
    let said = stdout(&output);
    let zh = std::fs::metadata(site.path("public/search/zh/2018.js"))
        .unwrap()
        .len();
    let line = said
        .lines()
        .find_map(|line| line.strip_prefix("search index: "))
        .unwrap_or_else(|| panic!("no index size in {said}"));
    // One entry per language: the search script is not an index.
    let named: Vec<&str> = line
        .split(", ")
        .map(|entry| entry.split(' ').next().unwrap())
        .collect();
    assert_eq!(named, ["en", "zh"], "{said}");
    assert!(
        line.contains(&format!("zh {} KB", zh.div_ceil(1024))),
        "{said}"
    );
}

#[test]
fn finds_a_section_by_a_glossary_terms_english_chinese_or_aliases() {
    let site = TempSite::bundled();
    site.build();
    let found = search(
        &site,
        "en",
        &["rubbish", "garbage", "垃圾分类", "Great Survey"],
    );
    for (query, results) in ["rubbish", "garbage", "垃圾分类"].iter().zip(&found) {
        assert!(
            slugs(results).contains(&"city-environment".to_string()),
            "{query}: {:?}",
            slugs(results)
        );
    }
    assert!(slugs(&found[3]).contains(&"big-survey".to_string()));
}

#[test]
fn apostrophes_of_any_kind_or_none_find_the_same_sections() {
    let site = TempSite::bundled();
    site.build();
    let found = search(
        &site,
        "en",
        &["Jing\u{2019}an", "Jing'an", "Jingan", "jingan district"],
    );
    let typographic = slugs(&found[0]);
    assert!(typographic.len() >= 2, "{typographic:?}");
    assert_eq!(slugs(&found[1]), typographic, "a straight apostrophe");
    assert_eq!(slugs(&found[2]), typographic, "no apostrophe");
    assert!(!slugs(&found[3]).is_empty());
    assert!(
        found[1][0].snippet.contains("[Jing\u{2019}an]"),
        "the typographic text is marked whole: {}",
        found[1][0].snippet
    );
}

#[test]
fn partial_matches_come_after_full_ones() {
    let site = TempSite::bundled();
    site.build();
    let found = search(&site, "en", &["toilet xylophone", "toilet elderly"]);
    assert!(
        !found[0].is_empty() && found[0].iter().all(|f| f.partial),
        "no section has both words, so every result is partial"
    );
    let order: Vec<bool> = found[1].iter().map(|f| f.partial).collect();
    assert!(order.contains(&false) && order.contains(&true), "{order:?}");
    assert!(
        order.windows(2).all(|w| w[0] <= w[1]),
        "full matches first: {order:?}"
    );
}

#[test]
fn snippets_start_at_a_word_and_keep_paragraphs_apart() {
    let site = TempSite::bundled();
    site.build();
    let found = search(
        &site,
        "en",
        &["difficulty", "elderly", "volunteers", "residents"],
    );
    let index = site.read("public/search/en/2018.js");
    for result in found.iter().flatten() {
        let text = result.snippet.trim_start_matches('…');
        let glued = text
            .as_bytes()
            .windows(3)
            .any(|w| w[0].is_ascii_lowercase() && w[1] == b'.' && w[2].is_ascii_uppercase());
        assert!(!glued, "two paragraphs run together: {}", result.snippet);
        if let Some(text) = result.snippet.strip_prefix('…') {
            // The snippet's first two words follow a space (or open a text) in the index; a
            // snippet may start at the punctuation after a word (", the campaign").
            let text = text.trim_start_matches(|c: char| c.is_ascii_punctuation() || c == ' ');
            let words: Vec<&str> = text.split(' ').take(2).collect();
            let start = words.join(" ").replace(['[', ']'], "");
            assert!(
                index.contains(&format!(" {start}")) || index.contains(&format!("\"{start}")),
                "starts mid-word: {}",
                result.snippet
            );
        }
    }
}
