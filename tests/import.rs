//! `nianbao import`: the 2018 report imported as the bundled `content/2018/` was made by
//! hand (the same sections, the same text, and the figures, with their recall and
//! precision); every heading style; GB18030 text; a Word document; page-break damage; and
//! what import refuses to do.

mod common;

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::*;
use nianbao::config::Lang;
use nianbao::content::cite::{MARK_CLOSE, MARK_OPEN};
use nianbao::content::{self, Body, Year};

fn input(name: &str) -> PathBuf {
    fixture("import").join(name)
}

/// A site with its theme and `site.toml` but no year yet.
fn empty_site() -> TempSite {
    let site = TempSite::empty("import");
    copy_tree(&repo().join("themes"), &site.path("themes"));
    site.write(
        "content/site.toml",
        &std::fs::read_to_string(repo().join("content/site.toml")).unwrap(),
    );
    site
}

fn import(site: &TempSite, file: &Path, args: &[&str]) -> Output {
    let mut all = vec!["import", file.to_str().unwrap()];
    all.extend(args);
    site.run(&all)
}

fn imported(file: &Path, args: &[&str]) -> (TempSite, String) {
    let site = empty_site();
    let output = import(&site, file, args);
    assert!(
        output.status.success(),
        "import failed:\n{}",
        stderr(&output)
    );
    (site, stdout(&output))
}

fn load_year(content: &Path, year: u16) -> std::sync::Arc<Year> {
    let (years, problems) = content::load(content, Path::new("content"));
    assert!(!problems.has_errors(), "{problems}");
    years
        .into_iter()
        .find(|y| y.year == year)
        .expect("the year loads")
}

/// A block's Chinese as readers see it: citations replaced by their figures, whitespace
/// (and so paragraph breaks) removed.
/// The text a reader sees, without white space, and with punctuation compared by shape: the
/// bundled text restores the full-width commas and brackets (，（）) that the seed's text
/// export flattened to ASCII, while `import` keeps punctuation as written.
fn rendered(year: &Year, body: &Body) -> String {
    let mut out = String::new();
    let mut chars = body.markdown.chars();
    while let Some(c) = chars.next() {
        if c == MARK_OPEN {
            let n: String = chars.by_ref().take_while(|&c| c != MARK_CLOSE).collect();
            let id = &body.citations[n.parse::<usize>().unwrap()].metric;
            write!(out, "{}", year.metric(id).unwrap().figure(Lang::Zh)).unwrap();
        } else if !c.is_whitespace() {
            out.push(match c {
                '，' => ',',
                '；' => ';',
                '：' => ':',
                '（' => '(',
                '）' => ')',
                '？' => '?',
                '！' => '!',
                other => other,
            });
        }
    }
    out
}

/// Every metric of a year as (value, unit, approx): what "proposed right" means.
fn figures(year: &Year) -> Vec<(String, String, &'static str)> {
    year.sections
        .iter()
        .flat_map(|s| &s.metrics)
        .map(|m| {
            let value = m.value.map(|v| v.to_string()).unwrap_or_default();
            (value, m.unit.zh.clone(), m.approx.kind.name())
        })
        .collect()
}

/// Recall and precision of the proposed figures against the bundled ones, matched one to
/// one by value, unit and approx (not by id: ids are the editor's to choose).
fn score(
    proposed: &[(String, String, &'static str)],
    bundled: &[(String, String, &'static str)],
) -> (f64, f64, String) {
    let mut missed = bundled.to_vec();
    let matched = proposed
        .iter()
        .filter(|figure| match missed.iter().position(|e| e == *figure) {
            Some(i) => {
                missed.remove(i);
                true
            }
            None => false,
        })
        .count();
    let recall = matched as f64 / bundled.len() as f64;
    let precision = matched as f64 / proposed.len() as f64;
    let stated = format!(
        "figures of the 2018 report: recall {:.1}% ({matched} of {} bundled metrics proposed with \
         the right value, unit and approx), precision {:.1}% ({matched} of {} proposals right); \
         missed: {missed:?}",
        recall * 100.0,
        bundled.len(),
        precision * 100.0,
        proposed.len()
    );
    (recall, precision, stated)
}

/// Whether a score is 100%: every figure found, every proposal right.
fn matched_all(score: &f64) -> bool {
    (*score - 1.0).abs() < f64::EPSILON
}

#[test]
fn importing_the_2018_report_reproduces_the_bundled_year() {
    let (site, report) = imported(
        &input("2018-nanjing-west-road-review.zh.txt"),
        &["--year", "2018"],
    );
    let ours = load_year(&site.path("content"), 2018);
    let bundled = load_year(&repo().join("content"), 2018);

    let titles = |year: &Year| -> Vec<String> {
        year.sections
            .iter()
            .map(|s| s.title.get(Lang::Zh).to_string())
            .collect()
    };
    assert_eq!(
        titles(&ours),
        titles(&bundled),
        "the same ten sections in order"
    );
    assert_eq!(ours.cover.publisher.get(Lang::Zh), "街道党政办");
    let preface = |year: &Year| rendered(year, year.cover.document.body(Lang::Zh).unwrap());
    assert_eq!(preface(&ours), preface(&bundled));
    for (mine, theirs) in ours.sections.iter().zip(&bundled.sections) {
        assert_eq!(
            rendered(&ours, mine.document.body(Lang::Zh).unwrap()),
            rendered(&bundled, theirs.document.body(Lang::Zh).unwrap()),
            "the text of section {:02}",
            mine.number
        );
    }

    let (recall, precision, stated) = score(&figures(&ours), &figures(&bundled));
    println!("{stated}");
    eprintln!("{stated}");
    assert_eq!(
        (matched_all(&recall), matched_all(&precision)),
        (true, true),
        "{stated}"
    );
    assert!(
        report.contains("67 figures proposed as metrics"),
        "{report}"
    );
}

#[test]
fn the_imported_year_builds_and_check_lists_what_the_translator_must_do() {
    let (site, _) = imported(
        &input("2018-nanjing-west-road-review.zh.txt"),
        &["--year", "2019"],
    );
    site.build();
    let english = site.read(&format!(
        "public/en/2019/{}/index.html",
        site.section_slug("content/2019", 5)
    ));
    assert!(
        english.contains("lang=\"zh-CN\""),
        "untranslated text is marked Chinese"
    );
    assert!(english.contains("1.7万次"));
    let check = site.run(&["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    let said = format!("{}{}", stdout(&check), stderr(&check));
    for entry in std::fs::read_dir(site.path("content/2019")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(said.contains(&name), "check names {name}:\n{said}");
    }
    let section = site.read_section("content/2019", 5);
    assert!(section.contains("title = { zh = \"大调研工作成果丰硕\", en = \"\" }"));
    assert!(section.contains("label = { zh = \"走访居民\", en = \"\" }"));
    assert!(!section.contains("::: en"));
}

#[test]
fn recognises_every_heading_style() {
    let cases = [
        (
            "headings-padded.txt",
            ["党建引领共建共治共享", "大调研工作成果丰硕"],
            None,
        ),
        (
            "headings-chinese.txt",
            ["党建引领", "民生保障"],
            Some("## （一）楼宇党建"),
        ),
        (
            "headings-paren.txt",
            ["党建引领", "民生保障"],
            Some("## 1、楼宇党建"),
        ),
        (
            "headings-arabic.txt",
            ["党建引领", "民生保障"],
            Some("## （1）楼宇党建"),
        ),
        (
            "headings-part.txt",
            ["党建引领", "民生保障"],
            Some("## 一、楼宇党建"),
        ),
        (
            "headings-markdown.md",
            ["党建引领", "民生保障"],
            Some("## 楼宇党建"),
        ),
    ];
    for (file, titles, lower) in cases {
        let (site, report) = imported(&input(file), &["--year", "2019"]);
        let year = load_year(&site.path("content"), 2019);
        let found: Vec<&str> = year
            .sections
            .iter()
            .map(|s| s.title.get(Lang::Zh))
            .collect();
        assert_eq!(found, titles, "{file}:\n{report}");
        assert!(
            year.cover.title.get(Lang::Zh).contains("2019"),
            "{file}: the title"
        );
        if let Some(lower) = lower {
            let first = site.read_section("content/2019", 1);
            assert!(first.contains(&format!("\n{lower}\n")), "{file}:\n{first}");
        }
        let check = site.run(&["check"]);
        assert!(check.status.success(), "{file}: {}", stderr(&check));
    }
}

#[test]
fn the_chinese_heading_style_nests_three_levels() {
    let (site, _) = imported(&input("headings-chinese.txt"), &["--year", "2019"]);
    let first = site.read_section("content/2019", 1);
    assert!(first.contains("\n## （一）楼宇党建\n"), "{first}");
    assert!(first.contains("\n### 1. 白领驿家\n"), "{first}");
}

#[test]
fn converts_gb18030_text_and_says_so() {
    let (site, report) = imported(&input("gb18030.txt"), &["--year", "2019"]);
    assert!(
        report.contains("GB18030 text, converted to UTF-8"),
        "{report}"
    );
    let second = site.read_section("content/2019", 2);
    assert!(
        second.contains("title = { zh = \"大调研工作成果丰硕\", en = \"\" }"),
        "{second}"
    );
    assert!(
        second.contains("全年走访居民{{ metric(id=\"s02_01_visits_2019\") }}"),
        "{second}"
    );
    assert!(second.contains("value = 18000\n"), "{second}");
}

#[test]
fn imports_a_word_document_made_by_libreoffice() {
    let (site, report) = imported(&input("report.docx"), &["--year", "2019"]);
    assert!(report.contains("(Word document)"), "{report}");
    let year = load_year(&site.path("content"), 2019);
    assert_eq!(year.cover.title.get(Lang::Zh), "回顾2019街道都做了哪些工作");
    assert_eq!(year.cover.publisher.get(Lang::Zh), "街道党政办");
    let titles: Vec<&str> = year
        .sections
        .iter()
        .map(|s| s.title.get(Lang::Zh))
        .collect();
    assert_eq!(titles, ["党建引领共建共治共享", "保障改善民生增强获得感"]);
    assert_eq!(year.sections[0].metrics.len(), 5, "{report}");
    let first = site.read_section("content/2019", 1);
    assert!(first.contains("\n## （一）楼宇党建\n"), "{first}");
    assert!(
        first.contains("| 项目 | 数量 |\n| --- | --- |\n| 服务站 | 3 个 |"),
        "{first}"
    );
    assert!(site.read_section("content/2019", 2).contains("R&D"));
    site.build();
}

#[test]
fn repairs_page_breaks_and_drops_page_numbers_and_running_headers() {
    let (site, report) = imported(&input("page-breaks.txt"), &["--year", "2019"]);
    let first = site.read_section("content/2019", 1);
    assert!(
        first.contains("组织人大代表、政协委员广泛参与社区事务。"),
        "{first}"
    );
    assert!(first.contains("新一轮“五违四必”综合治理攻坚战"), "{first}");
    let second = site.read_section("content/2019", 2);
    assert!(
        second.contains("市民满意度测评中心城区第二名。"),
        "{second}"
    );
    for file in [&first, &second] {
        assert!(
            !file.contains("- 1 -") && !file.contains("第 3 页"),
            "{file}"
        );
        assert!(!file.contains("南京西路街道2019年工作回顾"), "{file}");
    }
    assert!(
        report.contains("page numbers (lines 11, 19, 29)"),
        "{report}"
    );
    assert!(
        report.contains("rejoined a sentence cut by a page break"),
        "{report}"
    );
    let cover = site.read("content/2019/_year.md");
    assert!(cover.contains("date = 2020-01-31\n"), "{cover}");
    assert!(
        cover.contains("title = { zh = \"南京西路街道2019年工作回顾\""),
        "{cover}"
    );
}

#[test]
fn imports_an_english_report_into_english_blocks() {
    let (site, _) = imported(&input("en-report.txt"), &["--year", "2019", "--lang", "en"]);
    let first = site.read_section("content/2019", 1);
    assert!(
        first.contains("title = { zh = \"\", en = \"Party Building\" }"),
        "{first}"
    );
    assert!(first.contains("::: en\nThe sub-district opened 3 service stations in office towers and served over 5,000 office workers.\n:::"), "{first}");
    site.build();
}

#[test]
fn never_overwrites_an_existing_year() {
    let site = TempSite::bundled();
    let before = manifest(&site.path("content"));
    let output = import(
        &site,
        &input("2018-nanjing-west-road-review.zh.txt"),
        &["--year", "2018", "--force"],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("already exists; import never overwrites a year"));
    assert_eq!(manifest(&site.path("content")), before);
}

#[test]
fn writes_into_an_empty_year_folder_only_with_force() {
    let site = empty_site();
    std::fs::create_dir_all(site.path("content/2019")).unwrap();
    let refused = import(&site, &input("headings-padded.txt"), &["--year", "2019"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("--force"), "{}", stderr(&refused));
    let forced = import(
        &site,
        &input("headings-padded.txt"),
        &["--year", "2019", "--force"],
    );
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert!(
        site.path(&format!(
            "content/2019/{}",
            site.section_file("content/2019", 2)
        ))
        .is_file()
    );
}

#[test]
fn a_dry_run_reports_the_same_and_writes_nothing() {
    let site = empty_site();
    let dry = import(
        &site,
        &input("page-breaks.txt"),
        &["--year", "2019", "--dry-run"],
    );
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert!(!site.path("content/2019").exists());
    let real = import(&site, &input("page-breaks.txt"), &["--year", "2019"]);
    let (dry, real) = (stdout(&dry), stdout(&real));
    let found = |report: &str| {
        report
            .split("\ndry run")
            .next()
            .unwrap()
            .split("\nwrote")
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(found(&dry), found(&real));
    assert!(dry.contains("dry run: nothing written"), "{dry}");
    let again = import(
        &site,
        &input("page-breaks.txt"),
        &["--year", "2019", "--dry-run"],
    );
    assert!(
        stdout(&again).contains("a real import would refuse"),
        "{}",
        stdout(&again)
    );
}

#[test]
fn bad_input_exits_1_and_bad_usage_exits_2() {
    let site = empty_site();
    site.write("notes.txt", "只有正文,没有标题。\n还是正文。\n");
    site.write("old.doc", "not really");
    let cases: [(&[&str], i32, &str); 6] = [
        (
            &["import", "notes.txt", "--year", "2019"],
            1,
            "no section headings",
        ),
        (
            &["import", "old.doc", "--year", "2019"],
            1,
            "save it as .docx",
        ),
        (
            &["import", "missing.txt", "--year", "2019"],
            1,
            "cannot read",
        ),
        (&["import", "notes.txt"], 2, "--year"),
        (&["import", "notes.txt", "--year", "19"], 2, "not a year"),
        (
            &["import", "notes.txt", "--year", "2019", "--lang", "fr"],
            2,
            "`fr`",
        ),
    ];
    for (args, code, message) in cases {
        let output = site.run(args);
        assert_eq!(
            output.status.code(),
            Some(code),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(message),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn keeps_units_and_qualifier_words_as_written_and_check_asks_for_english_words() {
    let site = empty_site();
    site.write(
        "report.txt",
        "一、疫情防控\n全年接种疫苗3200剂,解决问题1400多个,召开中心组学习16次。\n\n二、民生保障\n服务居民300人左右。\n",
    );
    let output = import(&site, &site.path("report.txt"), &["--year", "2019"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report = stdout(&output);
    assert!(
        report.contains("“3200剂”"),
        "the import report asks about 剂:\n{report}"
    );
    assert!(
        report.contains("give the unit 剂 its English word"),
        "{report}"
    );
    let section = site.read_section("content/2019", 1);
    for written in [
        "unit = { zh = \"剂\", en = \"\" }",
        "approx = { kind = \"over\", zh = \"多\" }",
        "unit = { zh = \"次\", en = \"sessions\" }",
    ] {
        assert!(section.contains(written), "{written} in:\n{section}");
    }
    let plans = site.read_section("content/2019", 2);
    assert!(
        plans.contains("approx = { kind = \"about\", zh = \"左右\" }"),
        "{plans}"
    );

    let check = site.run(&["check"]);
    let said = format!("{}{}", stdout(&check), stderr(&check));
    assert!(
        said.contains("the unit “剂”"),
        "check lists the unit:\n{said}"
    );
    assert!(!said.contains("the unit “个”"), "{said}");

    let approx = "approx = { kind = \"over\", zh = \"多\" }\n";
    let highlighted = section.replace(approx, &format!("{approx}highlight = true\n"));
    site.write(
        &format!("content/2019/{}", site.section_file("content/2019", 1)),
        &highlighted,
    );
    site.build();
    let cover = site.read("public/en/2019/index.html");
    assert!(
        cover.contains("1,400+"),
        "a figure card, short of space, says 1,400+"
    );
    let zh = site.read(&format!(
        "public/zh/2019/{}/index.html",
        site.section_slug("content/2019", 1)
    ));
    assert!(zh.contains("1400多个"), "the Chinese keeps 多");
    let en = site.read(&format!(
        "public/en/2019/{}/index.html",
        site.section_slug("content/2019", 1)
    ));
    assert!(
        en.contains("more than 1,400"),
        "the English prose says more than"
    );
    assert!(en.contains("16 sessions"));
    let zh_plans = site.read(&format!(
        "public/zh/2019/{}/index.html",
        site.section_slug("content/2019", 2)
    ));
    assert!(zh_plans.contains("300人左右"), "300左右 is not 约300");
}

#[path = "import/structure.rs"]
mod structure;

#[path = "import/corpus.rs"]
mod corpus;
