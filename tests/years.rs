//! Every year side by side: the three-year fixture (`tests/fixtures/years`) with a metric
//! missing in one year, a pending value, a zero previous value and a percentage; `nianbao
//! new`; open data; charts.

mod common;

use common::*;

fn built() -> TempSite {
    let site = TempSite::fixture("years");
    site.build();
    site
}

#[test]
fn metrics_page_gives_changes_in_words_and_percent() {
    let site = built();
    let en = comparisons(&site, "en");
    assert_eq!(
        row_text(&en, "resident_visits"),
        "Resident visits 15,000 visits 16,000 visits ▲ up 1,000 visits (+6.7%) 17,000 visits ▲ up 1,000 visits (+6.3%)"
    );
    let zh = comparisons(&site, "zh");
    assert_eq!(
        row_text(&zh, "resolution_rate"),
        "问题解决率 80% 85% ▲ 增加5个百分点 超过90% ▲ 增加约5个百分点"
    );
}

#[test]
fn zero_previous_value_gives_no_percentage() {
    let site = built();
    let en = comparisons(&site, "en");
    assert_eq!(
        row_text(&en, "new_groups"),
        "New groups formed 0 5 ▲ up 5 5 = no change"
    );
    assert!(!en.contains("inf") && !en.contains("NaN"));
}

#[test]
fn missing_year_is_skipped_and_compared_with_the_one_before() {
    let site = built();
    let en = comparisons(&site, "en");
    let row = row_text(&en, "volunteers");
    assert!(
        row.ends_with("100 not reported 120 ▲ up 20 (+20%)"),
        "{row}"
    );
    let section = site.read("public/en/2018/welfare/index.html");
    assert!(
        row_text(&section, "volunteers").contains("100 (2016) ▲ up 20 (+20%)"),
        "last year's value"
    );
}

#[test]
fn pending_value_shows_a_dash_and_has_no_change_or_bar() {
    let site = built();
    let en = comparisons(&site, "en");
    assert_eq!(
        row_text(&en, "barrier_free_homes"),
        "Homes of disabled residents given barrier-free renovations 40 households 45 households ▲ up 5 households (+12.5%) —"
    );
    let chart_start = en
        .find("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\"")
        .unwrap();
    let chart = &en[en.find("id=\"chart-barrier_free_homes-title\"").unwrap()..];
    let chart = &chart[..chart.find("</svg>").unwrap()];
    assert!(chart_start > 0);
    assert_eq!(
        chart.matches("<rect").count(),
        2,
        "no bar for the pending 2018 value"
    );
    let check = site.run(&["check"]);
    assert!(
        stderr(&check).contains("metric `barrier_free_homes` has no value yet"),
        "{}",
        stderr(&check)
    );
}

#[test]
fn a_changed_unit_is_an_error_naming_both_files() {
    let site = TempSite::fixture("years");
    site.overlay("invalid-units");
    let output = site.run(&["build"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: metric `volunteers` is counted in 人 in 2018 but in 名 in 2016"),
        "{err}"
    );
    assert!(err.contains("--> content/2018/02-welfare.md:4:1"), "{err}");
    assert!(err.contains("--> content/2016/02-welfare.md:4:1"), "{err}");
}

#[test]
fn adding_a_year_keeps_every_url_of_earlier_years() {
    let site = TempSite::fixture("years");
    let latest = site.path("content/2018");
    let aside = site.path("2018-aside");
    std::fs::rename(&latest, &aside).unwrap();
    site.build();
    let before: Vec<String> = manifest(&site.path("public"))
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    std::fs::rename(&aside, &latest).unwrap();
    site.build();
    let after: Vec<String> = manifest(&site.path("public"))
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    let lost: Vec<&String> = before.iter().filter(|p| !after.contains(p)).collect();
    assert!(lost.is_empty(), "URLs gone after adding 2018: {lost:?}");
    assert!(after.len() > before.len());
}

/// `data/metrics.csv` of the years fixture, written out by hand from its files: a BOM, CRLF
/// line ends, RFC 4180 quotes around fields with a comma, a pending value empty.
const METRICS_CSV: &[&str] = &[
    "year,section,section_slug,section_zh,section_en,id,value,approx,unit_zh,unit_en,label_zh,label_en,figure_zh,figure_en,highlight",
    "2016,1,survey,大调研,The Big Survey,resident_visits,15000,exact,次,visits,走访居民,Resident visits,1.5万次,\"15,000 visits\",true",
    "2016,1,survey,大调研,The Big Survey,new_groups,0,exact,个,,新成立小组,New groups formed,0个,0,false",
    "2016,1,survey,大调研,The Big Survey,resolution_rate,80,exact,%,%,问题解决率,Issue resolution rate,80%,80%,true",
    "2016,2,welfare,民生,Welfare,volunteers,100,exact,名,,志愿者 & <b>结对</b>,Volunteers & <b>paired</b> <script>alert(1)</script>,100名,100,false",
    "2016,2,welfare,民生,Welfare,barrier_free_homes,40,exact,户,households,完成无障碍改造的残疾人家庭,Homes of disabled residents given barrier-free renovations,40户,40 households,true",
    "2017,1,survey,大调研,The Big Survey,resident_visits,16000,exact,次,visits,走访居民,Resident visits,1.6万次,\"16,000 visits\",true",
    "2017,1,survey,大调研,The Big Survey,new_groups,5,exact,个,,新成立小组,New groups formed,5个,5,false",
    "2017,1,survey,大调研,The Big Survey,resolution_rate,85,exact,%,%,问题解决率,Issue resolution rate,85%,85%,true",
    "2017,2,welfare,民生,Welfare,barrier_free_homes,45,exact,户,households,完成无障碍改造的残疾人家庭,Homes of disabled residents given barrier-free renovations,45户,45 households,true",
    "2018,1,survey,大调研,The Big Survey,resident_visits,17000,exact,次,visits,走访居民,Resident visits,1.7万次,\"17,000 visits\",true",
    "2018,1,survey,大调研,The Big Survey,new_groups,5,exact,个,,新成立小组,New groups formed,5个,5,false",
    "2018,1,survey,大调研,The Big Survey,resolution_rate,90,over,%,%,问题解决率,Issue resolution rate,超过90%,over 90%,true",
    "2018,2,welfare,民生,Welfare,volunteers,120,exact,名,,志愿者 & <b>结对</b>,Volunteers & <b>paired</b> <script>alert(1)</script>,120名,120,false",
    "2018,2,welfare,民生,Welfare,barrier_free_homes,,exact,户,households,完成无障碍改造的残疾人家庭,Homes of disabled residents given barrier-free renovations,—,—,true",
];

#[test]
fn csv_is_excel_ready_and_round_trips_through_a_csv_parser() {
    let site = built();
    let bytes = std::fs::read(site.path("public/data/metrics.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM, for Excel");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(text.ends_with("\r\n"), "the last line ends with CRLF too");
    assert!(
        !text.replace("\r\n", "").contains(['\r', '\n']),
        "every line ends with CRLF, none with a bare LF or CR"
    );
    let lines: Vec<&str> = text.trim_end_matches("\r\n").split("\r\n").collect();
    assert_eq!(lines, METRICS_CSV);
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let parsed: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert_eq!(parsed.len(), 14, "every metric of every year");
    assert_eq!(
        parsed[0][13], "15,000 visits",
        "a quoted field reads back whole"
    );
    assert_eq!(parsed[13][6], "", "a pending value is empty");
    let year: Vec<u8> = std::fs::read(site.path("public/data/2017.csv")).unwrap();
    assert_eq!(csv::Reader::from_reader(&year[3..]).records().count(), 4);
    let json = site.read("public/data/metrics.json");
    assert!(
        json.contains("\"id\": \"barrier_free_homes\", \"value\": null"),
        "pending is null"
    );
    assert!(json.contains("\\u003cscript>"), "no raw tag in JSON");
}

/// A generous width of `text` in em, whatever sans-serif font draws it: a Chinese (or other
/// full-width) character or a dash is 1 em; anything else 0.7 em, wider than the digits,
/// commas and Latin letters of DejaVu Sans (0.64 em), Noto Sans (0.57) and Liberation Sans
/// (0.56).
fn widest_em(text: &str) -> f64 {
    text.chars()
        .map(|c| if c >= '\u{2000}' { 1.0 } else { 0.7 })
        .sum()
}

#[test]
fn charts_have_title_desc_escaped_labels_and_fit_their_box() {
    let site = built();
    for lang in ["zh", "en"] {
        let page = comparisons(&site, lang);
        let mut charts = 0;
        for svg in page.split("<svg class=\"chart\"").skip(1) {
            let svg = &svg[..svg.find("</svg>").unwrap()];
            charts += 1;
            assert!(
                svg.contains("<title id=") && svg.contains("<desc id="),
                "{svg}"
            );
            assert!(
                !svg.contains("<script") && !svg.contains("<b>"),
                "unescaped label: {svg}"
            );
            let width: f64 = svg
                .split("viewBox=\"0 0 ")
                .nth(1)
                .unwrap()
                .split(' ')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            // The labels share one font size, set on their group.
            let size: f64 = svg
                .split("font-size=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            for text in svg.split("<text ").skip(1) {
                let x: f64 = text
                    .split("x=\"")
                    .nth(1)
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap()
                    .parse()
                    .unwrap();
                let content = &text[text.find('>').unwrap() + 1..text.find("</text>").unwrap()];
                let half = widest_em(content) * size / 2.0;
                assert!(
                    x - half >= 0.0 && x + half <= width,
                    "{content:?} at {x} runs past {width}"
                );
            }
        }
        assert_eq!(charts, 5, "one chart per series compared in {lang}");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;") || lang == "zh");
    }
    let cover = site.read("public/zh/2018/index.html");
    assert_eq!(
        cover.matches("<svg class=\"chart\"").count(),
        3,
        "small multiples of highlighted series"
    );
}

#[test]
fn new_year_scaffold_builds_and_looks_like_a_scaffold() {
    let site = TempSite::bundled();
    let output = site.run(&["new", "2019"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stdout(&output);
    assert!(said.contains("created content/2019 from 2018"), "{said}");
    assert!(said.contains("67 metric values"), "{said}");
    let survey = site.read("content/2019/05-big-survey.md");
    assert!(survey.contains("[metrics.resident_visits]\n# value = …    (fill in the 2019 figure; 2018 was 17000)\nunit = \"次\""), "{survey}");
    assert!(
        site.read("content/2019/_year.md")
            .contains("回顾 2019 街道都做了哪些工作")
    );
    let build = site.run(&["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
    assert!(stderr(&build).contains("metric `resident_visits` has no value yet"));
    assert!(stderr(&build).contains("still holds the placeholder of `nianbao new`"));
    let page = site.read("public/zh/2019/big-survey/index.html");
    assert!(
        page.contains("class=\"notice notice-draft\""),
        "the draft is marked"
    );
    assert!(
        row_text(&page, "resident_visits").contains("— 1.7万次 (2018)"),
        "{}",
        row_text(&page, "resident_visits")
    );
    assert!(site.path("public/zh/2018/big-survey/index.html").is_file());
    let again = site.run(&["new", "2019"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("content/2019 already exists"));
}

#[test]
fn year_switch_shows_the_ten_nearest_years_and_links_to_all() {
    let site = TempSite::fixture("years");
    for year in 2004..2016 {
        copy_tree(
            &site.path("content/2016"),
            &site.path(&format!("content/{year}")),
        );
    }
    site.build();
    let page = site.read("public/en/2010/index.html");
    let switch = &page[page.find("years-label\">").unwrap()..];
    let switch = &switch[..switch.find("</ul>").unwrap()];
    let years: Vec<&str> = switch
        .split("\">")
        .skip(1)
        .filter_map(|s| s.get(..4))
        .filter(|y| y.starts_with("20"))
        .collect();
    assert_eq!(years.len(), 10, "{years:?}");
    assert!(years.contains(&"2010") && switch.contains("aria-current=\"true\">2010<"));
    assert!(switch.contains(">All years</a>"), "{switch}");
    let home = site.read("public/en/index.html");
    assert_eq!(
        home.matches("class=\"year-entry\"").count(),
        15,
        "the home lists every year"
    );
}

#[test]
fn every_output_path_leads_back_to_its_page() {
    let site = TempSite::fixture("years");
    let (loaded, _) = nianbao::site::Site::load(&site.root).unwrap();
    let options = loaded.render_options(None, None);
    let bodies = nianbao::render::prepare::Bodies::lazy();
    let renderer = nianbao::render::Renderer::new(&loaded, &options, &bodies);
    let pages = renderer.pages();
    for &page in &pages {
        let path = nianbao::render::paths::output_file(&renderer.site_path(page));
        assert_eq!(renderer.page_at(&path), Some(page), "{path}");
    }
    for stray in [
        "zh/2019/",
        "fr/",
        "zh/2018/nothing/",
        "zh/2018/survey/extra/",
        "en/data.html",
    ] {
        assert_eq!(
            renderer.page_at(&format!("{stray}index.html")),
            None,
            "{stray}"
        );
    }
    let on_demand = nianbao::render::ondemand::OnDemand::new(loaded, options);
    assert_eq!(on_demand.page_count(), pages.len());
}

/// Every comparison page of a language (`/en/metrics/SLUG/`, one per section), one after
/// another.
fn comparisons(site: &TempSite, lang: &str) -> String {
    let mut pages: Vec<_> = std::fs::read_dir(site.path(&format!("public/{lang}/metrics")))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .collect();
    pages.sort();
    assert!(!pages.is_empty(), "no comparison pages in {lang}");
    pages
        .iter()
        .map(|dir| std::fs::read_to_string(dir.join("index.html")).unwrap())
        .collect()
}
