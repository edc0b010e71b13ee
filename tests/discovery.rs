//! What search engines and feed readers see: the sitemap and the Atom feeds parse as XML,
//! every sitemap address exists, language alternates are symmetric, and every page carries
//! its canonical address, description and Open Graph tags in its own language.

mod common;

use common::*;
use std::collections::{BTreeMap, BTreeSet};

const BASE: &str = "https://reports.example.org/nanjing-west-road/";

fn file_of(public: &std::path::Path, url: &str) -> std::path::PathBuf {
    let path = url
        .strip_prefix(BASE)
        .unwrap_or_else(|| panic!("{url} is not under {BASE}"));
    let file = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    };
    public.join(file)
}

#[test]
fn sitemap_parses_lists_existing_pages_and_symmetric_alternates() {
    let site = TempSite::bundled();
    site.build();
    let xml = site.read("public/sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("the sitemap is well-formed XML");
    let mut alternates: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut pdfs = BTreeSet::new();
    for url in doc.descendants().filter(|n| n.has_tag_name("url")) {
        let loc = url
            .children()
            .find(|n| n.has_tag_name("loc"))
            .unwrap()
            .text()
            .unwrap()
            .to_string();
        assert!(
            file_of(&site.path("public"), &loc).is_file(),
            "{loc} is not in the output"
        );
        let links: BTreeMap<String, String> = url
            .children()
            .filter(|n| n.has_tag_name("link"))
            .map(|l| {
                (
                    l.attribute("hreflang").unwrap().to_string(),
                    l.attribute("href").unwrap().to_string(),
                )
            })
            .collect();
        // Each year's PDFs are listed too, documents without language alternates.
        if loc.ends_with(".pdf") {
            assert!(links.is_empty(), "{loc} has no alternates");
            pdfs.insert(loc);
            continue;
        }
        alternates.insert(loc, links);
    }
    let written: BTreeSet<String> = manifest(&site.path("public"))
        .into_iter()
        .filter(|(p, _)| p.ends_with(".pdf"))
        .map(|(p, _)| format!("{BASE}{p}"))
        .collect();
    assert_eq!(pdfs, written, "every PDF is listed");
    assert_eq!(
        pdfs.len(),
        4,
        "a PDF in each language, the bilingual one in both folders"
    );
    let pages = manifest(&site.path("public"))
        .iter()
        .filter(|(p, _)| p.ends_with(".html") && p != "404.html")
        .count();
    assert_eq!(
        alternates.len(),
        pages,
        "every page but the 404 page is listed"
    );
    for (loc, links) in &alternates {
        if loc == BASE {
            continue;
        }
        assert!(links.contains_key("x-default"), "{loc} has no x-default");
        assert_eq!(
            links.get(if loc.contains("/zh/") { "zh-CN" } else { "en" }),
            Some(loc),
            "{loc} lists itself"
        );
        for (lang, href) in links.iter().filter(|(l, _)| *l != "x-default") {
            let back = &alternates[href];
            let own = if loc.contains("/zh/") { "zh-CN" } else { "en" };
            assert_eq!(
                back.get(own),
                Some(loc),
                "{href} ({lang}) does not point back at {loc}"
            );
        }
    }
}

#[test]
fn atom_feeds_parse_with_one_stable_entry_per_year() {
    let site = TempSite::fixture("years");
    site.build();
    for (lang, tag) in [("zh", "zh-CN"), ("en", "en")] {
        let xml = site.read(&format!("public/{lang}/atom.xml"));
        let doc = roxmltree::Document::parse(&xml).expect("the feed is well-formed XML");
        let feed = doc.root_element();
        assert_eq!(
            feed.tag_name().namespace(),
            Some("http://www.w3.org/2005/Atom")
        );
        assert_eq!(
            feed.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
            Some(tag)
        );
        for required in ["id", "title", "updated", "author"] {
            assert!(
                feed.children().any(|n| n.has_tag_name(required)),
                "feed has no {required}"
            );
        }
        let ids: Vec<&str> = feed
            .children()
            .filter(|n| n.has_tag_name("entry"))
            .map(|e| {
                e.children()
                    .find(|n| n.has_tag_name("id"))
                    .unwrap()
                    .text()
                    .unwrap()
            })
            .collect();
        assert_eq!(
            ids,
            [2018, 2017, 2016].map(|y| format!("https://example.org/{lang}/{y}/")),
            "newest first, ids are the covers' addresses"
        );
        let unique: BTreeSet<&&str> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len());
    }
    let page = site.read("public/en/2018/index.html");
    assert!(page.contains(
        "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"../../en/atom.xml\""
    ));
}

#[test]
fn every_page_has_canonical_description_and_open_graph_in_its_language() {
    let site = TempSite::bundled();
    site.build();
    for (page, _) in manifest(&site.path("public"))
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
    {
        let html = site.read(&format!("public/{page}"));
        if page == "404.html" {
            continue;
        }
        assert!(
            html.contains(&format!("<link rel=\"canonical\" href=\"{BASE}")),
            "{page}: canonical"
        );
        assert!(
            html.contains("<meta property=\"og:title\""),
            "{page}: og:title"
        );
        let locale = if page.starts_with("en/") {
            "en_US"
        } else {
            "zh_CN"
        };
        assert!(
            html.contains(&format!(
                "<meta property=\"og:locale\" content=\"{locale}\">"
            )),
            "{page}"
        );
    }
    let section = site.read("public/en/2018/welfare/index.html");
    assert!(section.contains(
        "<meta name=\"description\" content=\"The whole sub-district threw its weight behind"
    ));
    let zh = site.read("public/zh/2018/welfare/index.html");
    assert!(zh.contains("<meta name=\"description\" content=\"举全街道之力"));
}
