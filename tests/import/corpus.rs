//! The real reports of `tests/fixtures/import-corpus/`: each imports, checks and builds with
//! no line of its web page left in any file, and with the title, date and sections its
//! hand-made gold file gives. The test prints the table.

use super::*;

/// Lines a government web page adds around a report; none may reach an imported file.
const PAGE_MARKERS: &[&str] = &[
    "当前位置",
    "您当前的位置",
    "首页 >",
    "首页>",
    "发布日期",
    "发布时间",
    "发文机构",
    "发布机构",
    "信息来源",
    "索引号",
    "字体大小",
    "字体:",
    "内容概述",
    "文件下载",
    "来源:",
    "来源：",
    "【打印】",
    "浏览次数",
    "阅读次数",
    "生成日期",
    "公开方式",
    "效力状况",
    "LOGO",
    "欢迎您",
    "繁體",
    "老年人模式",
    "法定主动",
];

#[derive(serde::Deserialize)]
struct Gold {
    title: String,
    date: String,
    sections: Vec<String>,
}

#[test]
fn the_corpus_imports_without_its_web_pages_and_with_its_titles_and_sections() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture("import-corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 19);
    let mut table = String::from("file                               title  date   sections\n");
    let mut wrong = Vec::new();
    for file in &files {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        let gold: Gold =
            toml::from_str(&std::fs::read_to_string(file.with_extension("gold.toml")).unwrap())
                .unwrap();
        let (site, _) = imported(file, &["--year", "2020"]);
        let year = load_year(&site.path("content"), 2020);
        let mut text = String::new();
        for entry in std::fs::read_dir(site.path("content/2020")).unwrap() {
            text.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
        }
        for marker in PAGE_MARKERS {
            if text.contains(marker) {
                wrong.push(format!("{name}: “{marker}” left in the imported text"));
            }
        }
        if text.lines().any(|l| !l.is_empty() && l.trim().is_empty()) {
            wrong.push(format!("{name}: a line of spaces left"));
        }
        let title = year.cover.title.get(Lang::Zh);
        let title_ok = gold.title.is_empty() || title == gold.title;
        if !gold.title.is_empty() && text.matches(gold.title.as_str()).count() != 1 {
            wrong.push(format!("{name}: the title is repeated in the text"));
        }
        let date_ok =
            gold.date.is_empty() || year.cover.date.as_deref() == Some(gold.date.as_str());
        let sections: Vec<&str> = year
            .sections
            .iter()
            .map(|s| s.title.get(Lang::Zh))
            .collect();
        let sections_ok = sections == gold.sections;
        for (ok, what, found) in [
            (title_ok, "title", title.to_string()),
            (date_ok, "date", format!("{:?}", year.cover.date)),
            (sections_ok, "sections", format!("{sections:?}")),
        ] {
            if !ok {
                wrong.push(format!("{name}: {what} is {found}"));
            }
        }
        let mark = |ok: bool, given: bool| match (ok, given) {
            (true, true) => "✓",
            (true, false) => "·",
            (false, _) => "✗",
        };
        writeln!(
            table,
            "{name:<34} {:<6} {:<6} {} {}/{}",
            mark(title_ok, !gold.title.is_empty()),
            mark(date_ok, !gold.date.is_empty()),
            mark(sections_ok, true),
            sections.len(),
            gold.sections.len()
        )
        .unwrap();
        let check = site.run(&["check"]);
        if !check.status.success() {
            wrong.push(format!("{name}: check fails: {}", stderr(&check)));
        }
        let build = site.run(&["build"]);
        if !build.status.success() {
            wrong.push(format!("{name}: build fails: {}", stderr(&build)));
        }
    }
    println!("{table}");
    assert!(wrong.is_empty(), "{}\n{table}", wrong.join("\n"));
}
