//! The shapes real reports take, written for these tests (`tests/fixtures/import/report-*.txt`)
//! and made in Word (`word-*.docx`, by `make_docx.py`): which headings become the sections,
//! the web page's lines and Word's own features.

use super::*;

fn titles(site: &TempSite, year: u16) -> Vec<String> {
    let year = load_year(&site.path("content"), year);
    year.sections
        .iter()
        .map(|s| s.title.get(Lang::Zh).to_string())
        .collect()
}

/// Every file of the imported year, joined.
fn all_text(site: &TempSite, year: u16) -> String {
    let mut names: Vec<PathBuf> = std::fs::read_dir(site.path(&format!("content/{year}")))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    names
        .iter()
        .map(|path| std::fs::read_to_string(path).unwrap())
        .collect()
}

#[test]
fn the_themes_of_a_review_are_the_sections_and_the_plans_one_section() {
    let (site, report) = imported(&input("report-review-plans.txt"), &["--year", "2019"]);
    assert_eq!(
        titles(&site, 2019),
        [
            "党建引领更加有力",
            "经济运行稳中有进",
            "城市管理持续改善",
            "民生保障不断加强",
            "社会治理扎实有效",
            "自身建设全面加强",
            "2020年工作打算"
        ]
    );
    let year = load_year(&site.path("content"), 2019);
    assert_eq!(
        year.cover.title.get(Lang::Zh),
        "清溪街道2019年工作总结和2020年工作打算"
    );
    assert_eq!(year.cover.publisher.get(Lang::Zh), "清溪街道办事处");
    assert_eq!(year.cover.date.as_deref(), Some("2020-01-15"));
    let cover = site.read("content/2019/_year.md");
    assert!(cover.contains("::: zh\n2019年，清溪街道在区委"), "{cover}");
    let plans = site.read_section("content/2019", 7);
    assert!(
        plans.contains("## （一）坚持党建引领\n\n推动区域化党建"),
        "{plans}"
    );
    assert!(
        report.contains("the heading “一、2019年工作回顾”"),
        "{report}"
    );
    let text = all_text(&site, 2019);
    for line in [
        "当前位置",
        "发布日期",
        "来源：",
        "字体大小",
        "索引号",
        "内容概述",
        "文件下载",
        "【打印】",
    ] {
        assert!(!text.contains(line), "{line} left in:\n{text}");
    }
    assert!(!report.contains("rejoined"), "{report}");
}

#[test]
fn split_at_chooses_the_level_of_the_sections() {
    let file = input("report-review-plans.txt");
    let (site, _) = imported(&file, &["--year", "2019", "--split-at", "1"]);
    assert_eq!(titles(&site, 2019), ["2019年工作回顾", "2020年工作打算"]);
    let (site, _) = imported(&file, &["--year", "2019", "--split-at", "2"]);
    let all = titles(&site, 2019);
    assert_eq!(all.len(), 9, "{all:?}");
    assert_eq!(all[6..], ["坚持党建引领", "坚持民生优先", "坚持精细管理"]);
    let output = import(&empty_site(), &file, &["--year", "2019", "--split-at", "3"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
}

#[test]
fn run_in_headings_start_sections_and_their_sentences_stay_the_body() {
    let (site, _) = imported(&input("report-run-in.txt"), &["--year", "2020"]);
    assert_eq!(
        titles(&site, 2020),
        [
            "疫情防控扎实有效",
            "产业发展稳中有进",
            "乡村振兴步伐加快",
            "社会事业全面进步",
            "2021年工作计划"
        ]
    );
    let first = site.read_section("content/2020", 1);
    assert!(first.contains("::: zh\n组织排查返乡人员"), "{first}");
    let plans = site.read_section("content/2020", 5);
    assert!(
        plans.contains("## 1.抓好项目建设\n\n全年计划实施"),
        "{plans}"
    );
}

#[test]
fn parts_of_a_report_divide_into_their_themes() {
    let (site, _) = imported(&input("report-parts.txt"), &["--year", "2021"]);
    assert_eq!(
        titles(&site, 2021),
        [
            "基层党建全面加强",
            "城市更新稳步推进",
            "为民服务更加精准",
            "2022年工作打算"
        ]
    );
    let cover = site.read("content/2021/_year.md");
    assert!(cover.contains("2021年是“十四五”开局之年"), "{cover}");
    let plans = site.read_section("content/2021", 4);
    assert!(plans.contains("## 一、持续深化党建引领"), "{plans}");
}

#[test]
fn headings_ending_in_a_full_stop_and_lead_sentences_are_headings() {
    let (site, _) = imported(&input("report-full-stops.txt"), &["--year", "2022"]);
    assert_eq!(
        titles(&site, 2022),
        [
            "城市管理水平不断提升",
            "民生保障更加有力",
            "平安建设成效明显"
        ]
    );
    let first = site.read_section("content/2022", 1);
    assert!(
        first.contains("## 一是环境整治有力推进\n\n全年清理卫生死角"),
        "{first}"
    );
    let year = load_year(&site.path("content"), 2022);
    assert_eq!(year.cover.date.as_deref(), Some("2023-01-10"));
    assert_eq!(year.cover.publisher.get(Lang::Zh), "街道党政办");
}

#[test]
fn numbering_that_starts_again_is_reported_as_unsure() {
    let (_, report) = imported(&input("report-restarts.txt"), &["--year", "2021"]);
    let unsure = report.split("unsure").nth(1).unwrap_or("");
    assert!(
        unsure.contains("line 7: the numbering starts again at “一、党建工作”"),
        "{report}"
    );
    assert!(
        unsure.contains("line 15: the numbering starts again at “二、2022年工作打算”"),
        "{report}"
    );
}

#[test]
fn language_fences_and_citations_in_the_text_are_escaped() {
    let (site, _) = imported(&input("report-markup.txt"), &["--year", "2021"]);
    let first = site.read_section("content/2021", 1);
    assert!(first.contains("\n\\:::\n"), "{first}");
    assert!(first.contains("张贴{\\{标语}}和海报"), "{first}");
    assert!(first.contains("\n\\::: en\n"), "{first}");
    site.build();
    let page = site.read(&format!(
        "public/zh/2021/{}/index.html",
        site.section_slug("content/2021", 1)
    ));
    assert!(page.contains("张贴{{标语}}和海报"), "{page}");
}

#[test]
fn word_list_numbering_fields_footnotes_text_boxes_and_changes_are_read() {
    let (site, report) = imported(&input("word-numbered.docx"), &["--year", "2019"]);
    assert_eq!(
        titles(&site, 2019),
        ["党建引领", "城市管理", "民生保障", "2020年工作打算"],
        "{report}"
    );
    let year = load_year(&site.path("content"), 2019);
    assert_eq!(
        year.cover.title.get(Lang::Zh),
        "青石街道2019年工作总结和2020年工作打算"
    );
    let first = site.read_section("content/2019", 1);
    assert!(
        first.contains("value = 6\n"),
        "the inserted 6, not the deleted 4:\n{first}"
    );
    assert!(
        !first.contains("约"),
        "moved-away text is dropped:\n{first}"
    );
    assert_eq!(
        first.matches("党建品牌“青石红”覆盖全部居民区。").count(),
        1,
        "{first}"
    );
    let second = site.read_section("content/2019", 2);
    assert!(second.contains("[^1]。详见第3页。"), "{second}");
    assert!(second.contains("\n[^1]: 含地面泊位"), "{second}");
    assert!(
        second.contains("| 项目 | 数量 |\n| --- | --- |\n| 改造小区 | 5个 |"),
        "{second}"
    );
    let third = site.read_section("content/2019", 3);
    assert!(
        third.contains("value = 1520000\n"),
        "the REF field's result:\n{third}"
    );
    let plans = site.read_section("content/2019", 4);
    assert!(plans.contains("## （一）深化党建引领"), "{plans}");
    assert!(plans.contains("## （二）改善人居环境"), "{plans}");
    let text = all_text(&site, 2019);
    assert!(!text.contains("页眉") && !text.contains("PAGE"), "{text}");
    site.build();
    let page = site.read(&format!(
        "public/zh/2019/{}/index.html",
        site.section_slug("content/2019", 2)
    ));
    assert!(page.contains("footnote"), "{page}");
}

#[test]
fn renamed_heading_styles_give_the_headings() {
    let (site, report) = imported(&input("word-styles.docx"), &["--year", "2021"]);
    assert_eq!(
        titles(&site, 2021),
        ["产业发展提速增效", "乡村面貌持续改善", "公共服务更加均衡"],
        "{report}"
    );
    let year = load_year(&site.path("content"), 2021);
    assert_eq!(year.cover.title.get(Lang::Zh), "云溪镇2021年工作总结");
    let first = site.read_section("content/2021", 1);
    assert!(first.contains("## 招商引资"), "{first}");
    assert!(first.contains("value = 8650000000\n"), "{first}");
    assert!(first.contains("重点项目：云溪智能制造产业园。"), "{first}");
    assert!(first.contains("\n[^1]: 其中亿元以上项目"), "{first}");
    let last = site.read_section("content/2021", 3);
    assert!(!last.contains("待核实"), "{last}");
    assert!(
        site.read_section("content/2021", 2)
            .contains("| 东溪村 | 7 |")
    );
}

#[test]
fn every_report_fixture_imports_checks_and_builds() {
    for name in [
        "report-review-plans.txt",
        "report-run-in.txt",
        "report-parts.txt",
        "report-full-stops.txt",
        "report-restarts.txt",
        "report-markup.txt",
        "word-numbered.docx",
        "word-styles.docx",
    ] {
        let (site, _) = imported(&input(name), &["--year", "2020"]);
        let check = site.run(&["check"]);
        assert!(check.status.success(), "{name}: {}", stderr(&check));
        site.build();
    }
}
