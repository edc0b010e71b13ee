//! A new year joins the earlier ones: `nianbao import` into a site that holds 2018 keeps the
//! 2018 slugs of the sections it continues and the ids of the series its figures continue,
//! so the metrics page compares the years; and `check` keeps the to-do list an import leaves
//! (placeholder ids, unnamed labels, tenfold jumps) until it is done.

mod common;

use common::*;
use serde_json::Value;

fn todo_messages(report: &Value) -> Vec<String> {
    report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["audit"] == "todo")
        .map(|p| p["message"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn without_an_earlier_year_sections_are_named_by_the_pinyin_of_their_titles() {
    let site = TempSite::fixture("minimal");
    std::fs::remove_dir_all(site.path("content/2018")).unwrap();
    let report = fixture("import/headings-chinese.txt");
    let output = site.run(&["import", report.to_str().unwrap(), "--year", "2019"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let mut names: Vec<String> = std::fs::read_dir(site.path("content/2019"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "01-dang-jian-yin-ling.md",
            "02-min-sheng-bao-zhang.md",
            "_year.md"
        ]
    );
}

#[test]
fn check_keeps_the_to_do_list_of_an_import_until_it_is_done() {
    let site = TempSite::fixture("minimal");
    std::fs::remove_dir_all(site.path("content/2018")).unwrap();
    let report = fixture("import/headings-chinese.txt");
    let output = site.run(&["import", report.to_str().unwrap(), "--year", "2019"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let (report, code) = check_json(&site, &["--strict"]);
    assert_eq!(code, Some(1), "--strict passes with placeholders left");
    let todo = todo_messages(&report);
    let placeholder_ids = todo
        .iter()
        .filter(|m| m.contains("says only where the figure was found"))
        .count();
    assert_eq!(placeholder_ids, 3, "{todo:#?}");

    // Renaming the ids (here and where the text cites them) takes them off the list.
    for (file, theme) in [
        ("01-dang-jian-yin-ling.md", "party"),
        ("02-min-sheng-bao-zhang.md", "welfare"),
    ] {
        let path = format!("content/2019/{file}");
        let mut text = site.read(&path);
        for (n, id) in ids_in(&text).into_iter().enumerate() {
            text = text.replace(&id, &format!("{theme}_figure_{n}"));
        }
        site.write(&path, &text);
    }
    let (report, _) = check_json(&site, &[]);
    let todo = todo_messages(&report);
    assert!(
        !todo.iter().any(|m| m.contains("says only where")),
        "{todo:#?}"
    );
}

/// The metric ids of a section file, in order.
fn ids_in(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.strip_prefix("[metrics.")?.strip_suffix(']'))
        .map(str::to_string)
        .collect()
}

#[test]
fn check_warns_of_a_figure_ten_times_last_years() {
    let site = TempSite::fixture("years");
    let text = site.read("content/2018/01-survey.md");
    site.write(
        "content/2018/01-survey.md",
        &text.replacen("value = 17000", "value = 170000", 1),
    );
    let (report, _) = check_json(&site, &[]);
    let todo = todo_messages(&report);
    assert!(
        todo.iter()
            .any(|m| m.starts_with("metric `resident_visits` goes from")
                && m.ends_with("in 2018: more than tenfold")),
        "{todo:#?}"
    );
}

#[derive(serde::Deserialize)]
struct Gold {
    sections: Vec<String>,
    figure: Vec<GoldFigure>,
}

#[derive(serde::Deserialize)]
struct GoldFigure {
    section: usize,
    value: String,
    series: String,
}

/// The `[metrics.ID]` tables of an imported section file: (id, value as written).
fn metrics_in(text: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut id = None;
    for line in text.lines() {
        if let Some(name) = line
            .strip_prefix("[metrics.")
            .and_then(|l| l.strip_suffix(']'))
        {
            id = Some(name.to_string());
        } else if let (Some(value), Some(name)) = (line.strip_prefix("value = "), id.take()) {
            found.push((name, value.to_string()));
        }
    }
    found
}

#[test]
fn a_next_year_report_joins_the_series_and_sections_of_2018() {
    let site = TempSite::bundled();
    let report = fixture("import/2019-nanjing-west-road-review.zh.txt");
    let output = site.run(&["import", report.to_str().unwrap(), "--year", "2019"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let gold: Gold = toml::from_str(
        &std::fs::read_to_string(fixture("import/2019-nanjing-west-road-review.gold.toml"))
            .unwrap(),
    )
    .unwrap();

    let mut files: Vec<String> = std::fs::read_dir(site.path("content/2019"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != "_year.md")
        .collect();
    files.sort();
    let slugs: Vec<String> = files
        .iter()
        .map(|name| name[3..name.len() - 3].to_string())
        .collect();
    assert_eq!(slugs, gold.sections, "sections keep their 2018 slugs");

    // Each figure of the gold, found in its section's file by its value.
    let (mut continuing, mut joined, mut new, mut took_earlier) = (0, 0, 0, 0);
    for (n, file) in files.iter().enumerate() {
        let metrics = metrics_in(&site.read(&format!("content/2019/{file}")));
        for figure in gold.figure.iter().filter(|f| f.section == n + 1) {
            let ids: Vec<&str> = metrics
                .iter()
                .filter(|(_, value)| *value == figure.value)
                .map(|(id, _)| id.as_str())
                .collect();
            if figure.series.is_empty() {
                new += 1;
                let earlier = site.read_dir_ids("content/2018");
                if ids.iter().any(|id| earlier.contains(&id.to_string())) {
                    took_earlier += 1;
                }
            } else {
                continuing += 1;
                if ids.contains(&figure.series.as_str()) {
                    joined += 1;
                }
            }
        }
    }
    println!(
        "2019 figures that continue a 2018 series: {joined} of {continuing} joined; new figures that took an earlier series' id: {took_earlier} of {new}"
    );
    assert!(
        joined * 10 >= continuing * 9,
        "{joined} of {continuing} joined their series"
    );
    assert_eq!(took_earlier, 0, "a new figure took an earlier series' id");

    // The site builds, and the metrics page compares the two years.
    site.build();
    let metrics = site.read("public/en/metrics/index.html");
    assert!(metrics.contains("2019") && metrics.contains("2018"));
}

#[test]
fn what_import_was_unsure_of_stays_on_checks_list_until_its_line_is_deleted() {
    let site = TempSite::fixture("minimal");
    std::fs::remove_dir_all(site.path("content/2018")).unwrap();
    // A report without a title line: import names the year itself, and says so.
    site.write(
        "report.txt",
        "一、党建引领\n新建楼宇党建服务站 3 个。\n二、民生保障\n全年开展社会救助 11251 人次。\n",
    );
    let output = site.run(&["import", "report.txt", "--year", "2019"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let cover = site.read("content/2019/_year.md");
    let kept: Vec<&str> = cover
        .lines()
        .filter(|l| l.starts_with("# to check:"))
        .collect();
    assert!(kept.iter().any(|l| l.contains("no title found")), "{cover}");
    let (report, _) = check_json(&site, &[]);
    let unsure = todo_messages(&report)
        .into_iter()
        .filter(|m| m.starts_with("import was unsure: "))
        .count();
    assert_eq!(unsure, kept.len());

    let cleared: String = cover
        .lines()
        .filter(|l| !l.starts_with("# to check:"))
        .map(|l| format!("{l}\n"))
        .collect();
    site.write("content/2019/_year.md", &cleared);
    let (report, _) = check_json(&site, &[]);
    assert!(
        !todo_messages(&report)
            .iter()
            .any(|m| m.starts_with("import was unsure")),
        "{report:#}"
    );
}
