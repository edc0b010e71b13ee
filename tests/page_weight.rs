//! Pages stay light at scale (issue 17): on a site of fifty years, no page and nothing a page
//! loads (stylesheets, scripts, each file of the search index) is over 500 KB uncompressed;
//! the open-data downloads and the sitemap, which no page loads, aside. The site is the
//! benchmark's (`benches/build_speed.rs`: six metrics per section, three cited, headings,
//! lists and a table in both languages), built here at 50 years × 20 sections, where the
//! limit is a fifth (100 KB: what grows with a year grows with its sections) plus the 6 KB
//! of a page's frame (head, header, footer), which does not grow. KB are 1024 bytes, as
//! `build` reports them. Measured at 50 × 100 with the release binary: the heaviest page is
//! a year's bilingual print edition, 489 KB.
//! `NIANBAO_PAGE_WEIGHT_FULL=1 cargo test --release --test page_weight` builds the whole
//! 50 × 100 site against 500 KB.

mod common;

use common::*;

#[test]
fn no_page_or_file_a_page_loads_passes_the_limit_on_a_fifty_year_site() {
    let full = std::env::var_os("NIANBAO_PAGE_WEIGHT_FULL").is_some();
    let (years, sections) = if full { (50, 100) } else { (50, 20) };
    let frame = if full { 0 } else { 6 * 1024 };
    let limit = 500 * 1024 * sections / 100 + frame;
    let site = TempSite::empty("page-weight");
    generate(&site, years, sections);
    site.build();
    let public = site.path("public");
    let mut heaviest = Vec::new();
    for (path, size) in files(&public, "") {
        let download = path.starts_with("data/") || path == "sitemap.xml";
        if !download {
            heaviest.push((size, path));
        }
    }
    heaviest.sort();
    let over: Vec<_> = heaviest.iter().filter(|(size, _)| *size > limit).collect();
    let top: Vec<_> = heaviest.iter().rev().take(5).collect();
    println!("heaviest: {top:?}");
    assert!(over.is_empty(), "over {limit} bytes: {over:?}");
    // The figures page is split: one comparison page per section.
    assert!(
        site.path("public/zh/metrics/section-0/index.html")
            .is_file()
    );
    assert!(site.path("public/search/zh/2049.js").is_file());
}

fn files(dir: &std::path::Path, prefix: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            out.extend(files(&entry.path(), &format!("{name}/")));
        } else if kind.is_file() {
            out.push((name, entry.metadata().unwrap().len() as usize));
        }
    }
    out
}

/// The benchmark's site (`benches/build_speed.rs`, `generate`), with the bundled themes.
fn generate(site: &TempSite, years: usize, sections: usize) {
    copy_tree(&repo().join("themes"), &site.path("themes"));
    site.write(
        "content/site.toml",
        "title = { zh = \"基准街道年度工作报告\", en = \"Benchmark Sub-district Reports\" }\n\
         base_url = \"https://example.org/\"\npdf = false\n",
    );
    for y in 0..years {
        let year = 2000 + y;
        site.write(
            &format!("content/{year}/_year.md"),
            &format!(
                "+++\ntitle = {{ zh = \"{year}年工作回顾\", en = \"{year} in Review\" }}\n\
                 publisher = {{ zh = \"街道党政办\", en = \"Sub-district Office\" }}\n+++\n\n\
                 ::: zh\n{year}年，街道各项工作稳步推进。\n:::\n\n::: en\nIn {year} the sub-district's work moved ahead.\n:::\n"
            ),
        );
        for s in 0..sections {
            site.write(
                &format!("content/{year}/{:02}-section-{s}.md", s + 1),
                &section(year, s),
            );
        }
    }
}

fn section(year: usize, s: usize) -> String {
    let mut text = format!("+++\ntitle = {{ zh = \"第{s}项工作\", en = \"Work area {s}\" }}\n");
    let units = ["个", "户", "人次", "元", "%", "平方米"];
    for (m, unit) in units.iter().enumerate() {
        let value = 1000 + year * 7 + s * 13 + m * 101;
        text.push_str(&format!(
            "\n[metrics.s{s}_m{m}]\nvalue = {value}\nunit = \"{unit}\"\nlabel = {{ zh = \"指标{s}-{m}\", en = \"Metric {s}-{m}\" }}\n{}",
            if m == 0 { "highlight = true\n" } else { "" }
        ));
    }
    text.push_str("+++\n\n::: zh\n");
    for p in 0..3 {
        text.push_str(&format!(
            "## 工作要点{p}\n\n街道深入推进第{s}项工作，完成{{{{ metric(id=\"s{s}_m{p}\") }}}}，\
             群众满意度持续提升。坚持精心谋划、精准发力、精细管理，补短板、攻难题。\n\n\
             - 走访居民区和楼宇\n- 解决群众反映的问题\n- 建立长效机制\n\n"
        ));
    }
    text.push_str("| 项目 | 数量 |\n|---|---|\n| 活动 | 12 |\n| 培训 | 7 |\n:::\n\n::: en\n");
    for p in 0..3 {
        text.push_str(&format!(
            "## Priority {p}\n\nThe sub-district pressed ahead with work area {s}, completing \
             {{{{ metric(id=\"s{s}_m{p}\") }}}}, and residents' satisfaction kept rising. It planned \
             carefully, acted precisely and managed meticulously.\n\n\
             - Visits to neighbourhoods and office towers\n- Problems raised by residents solved\n\
             - Lasting mechanisms set up\n\n"
        ));
    }
    text.push_str("| Item | Count |\n|---|---|\n| Events | 12 |\n| Training | 7 |\n:::\n");
    text
}
