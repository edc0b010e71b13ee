//! `nianbao translate`: a 2019 made from the bundled 2018 (the same Chinese with new figures
//! and a few sentences changed, no English) gets its English back from the memory; a changed
//! Chinese sentence makes `check` name it; XLIFF and xlsx files go to translators' tools and
//! come back; an engine's answers are marked as machine translations.

mod common;

use std::collections::BTreeMap;
use std::process::Command;

use common::*;
use nianbao::translate::{self, ContentFile};

/// The sentences of 2018 the 2019 report words differently.
const CHANGED: [(&str, &str, &str); 3] = [
    (
        "05-big-survey.md",
        "按照“两个全覆盖”要求，系统深入推进大调研。",
        "按照“两个全覆盖”要求，持续深入推进大调研。",
    ),
    (
        "07-city-environment.md",
        "继续蝉联上海市市容环境市民满意度测评中心城区第二名，市容环境保持常态优良。",
        "首次获得上海市市容环境市民满意度测评中心城区第一名。",
    ),
    (
        "10-social-programs.md",
        "举办第二届“跃动南西”社区体育大联赛。",
        "举办第三届“跃动南西”社区体育大联赛。",
    ),
];

/// Cuts `text` from `start` up to and including `end`.
fn cut(text: &str, start: &str, end: &str) -> String {
    let Some(from) = text.find(start) else {
        return text.to_string();
    };
    let to = from + text[from..].find(end).expect("the end follows") + end.len();
    format!("{}{}", &text[..from], &text[to..])
}

/// `content/2019/`: each 2018 file without its English, its `[translation]` table and with
/// new figures: values, the dates of a sentence, and the sentences of `CHANGED`.
fn make_2019(site: &TempSite) {
    for entry in std::fs::read_dir(site.path("content/2018")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let mut text = site.read(&format!("content/2018/{name}"));
        text = cut(&text, "\n::: en\n", "\n:::\n");
        text = cut(&text, "[translation]", "]\n");
        let lines: Vec<String> = text
            .lines()
            .map(|line| {
                let texts = ["title =", "label =", "summary =", "publisher ="];
                match (
                    texts.iter().any(|t| line.starts_with(t)),
                    line.find(", en = \""),
                ) {
                    (true, Some(at)) => format!("{}, en = \"\" }}", &line[..at]),
                    _ if line.starts_with("value = ") => format!("{}1", line),
                    _ => line.to_string(),
                }
            })
            .collect();
        text = lines.join("\n") + "\n";
        text = text.replace("2019年1月12日至1月21日", "2020年1月10日至1月21日");
        text = text.replace("zh = \"走访社会组织\"", "zh = \"走访各类社会组织\"");
        for (file, old, new) in CHANGED {
            if file == name {
                assert!(text.contains(old), "{old}");
                text = text.replace(old, new);
            }
        }
        site.write(&format!("content/2019/{name}"), &text);
    }
}

fn units(site: &TempSite, year: u16) -> Vec<(String, translate::Unit)> {
    translate::read_year(&site.root, year)
        .unwrap()
        .into_iter()
        .flat_map(|file: ContentFile| {
            let name = file.name.clone();
            file.units
                .into_iter()
                .map(move |u| (format!("{name}#{}", u.id), u))
        })
        .collect()
}

#[test]
fn fill_restores_last_years_english_with_this_years_figures() {
    let site = TempSite::bundled_published();
    make_2019(&site);
    let output = site.run(&["translate", "fill", "--year", "2019"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let filled = units(&site, 2019);
    let mut changed: Vec<&str> = CHANGED.iter().map(|(_, _, new)| *new).collect();
    changed.push("走访各类社会组织");
    let (unchanged, new): (Vec<_>, Vec<_>) = filled
        .iter()
        .partition(|(_, u)| !changed.iter().any(|c| u.zh.contains(c)));
    let restored = unchanged.iter().filter(|(_, u)| !u.en.is_empty()).count();
    println!(
        "fill rate: {restored} of {} unchanged units restored ({:.1}%)",
        unchanged.len(),
        restored as f64 * 100.0 / unchanged.len() as f64
    );
    assert!(
        restored * 100 >= unchanged.len() * 90,
        "{restored} of {}",
        unchanged.len()
    );
    assert_eq!(new.len(), 4);
    assert!(new.iter().all(|(_, u)| u.en.is_empty()));

    let english: BTreeMap<&str, &str> = filled
        .iter()
        .map(|(id, u)| (id.as_str(), u.en.as_str()))
        .collect();
    assert!(
        english["2019/09-welfare.md#p1.s3"]
            .starts_with("During the pre-signing period from 10 to 21 January 2020, residents pre-signed agreements for {{ metric(id=\"zhang_yuan_presigned_certificates\") }} homes"),
        "{}",
        english["2019/09-welfare.md#p1.s3"]
    );
    assert_eq!(
        english["2019/09-welfare.md#title"],
        "Better Lives, Greater Sense of Gain for Residents"
    );
    assert_eq!(
        english["2019/09-welfare.md#label.job_placements"],
        "People placed in jobs"
    );

    let big_survey = site.read("content/2019/05-big-survey.md");
    assert!(
        big_survey.contains("<!-- nianbao:todo p1.s1 90% 2018/05-big-survey.md#p1.s1: In line with the requirement of “two full coverages”"),
        "{big_survey}"
    );
    assert!(big_survey.contains("review = ["), "{big_survey}");
    assert!(
        big_survey.contains("# nianbao:todo label.social_organizations_visited 75% 2018/05-big-survey.md#label.social_organizations_visited: Social organizations visited\nlabel = { zh = \"走访各类社会组织\", en = \"\" }"),
        "{big_survey}"
    );

    let suggested: usize = std::fs::read_dir(site.path("content/2019"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .map(|text| {
            let with_match = |(at, _): &(usize, &str)| {
                let words = text[*at..].split_whitespace().nth(2);
                words.is_some_and(|w| w.ends_with('%'))
            };
            text.match_indices("nianbao:todo ")
                .filter(with_match)
                .count()
        })
        .sum();
    assert_eq!(
        suggested, 3,
        "the reworded sentences of 05 and 10 and the label"
    );
    site.build();
    let check = site.run(&["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let messages: Vec<&str> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["audit"] == "translation")
        .map(|p| p["message"].as_str().unwrap())
        .collect();
    let to_review = messages
        .iter()
        .filter(|m| m.ends_with("needs review"))
        .count();
    let not_yet = messages
        .iter()
        .filter(|m| m.starts_with("not translated yet"))
        .count();
    assert_eq!(not_yet, 3, "{messages:#?}");
    assert_eq!(to_review, restored, "{messages:#?}");
    let en = site.read("public/en/2019/welfare/index.html");
    assert!(en.contains("from 10 to 21 January 2020"));
    assert!(!en.contains("nianbao:todo"));

    let accept = site.run(&["translate", "accept", "--year", "2019"]);
    assert!(accept.status.success(), "{}", stderr(&accept));
    let after = site.read("content/2019/05-big-survey.md");
    assert!(!after.contains("review = ["), "{after}");
}

#[test]
fn changing_one_chinese_sentence_makes_check_name_it() {
    let site = TempSite::bundled_published();
    let file = "content/2018/09-welfare.md";
    let text = site.read(file);
    site.write(
        file,
        &text.replace("努力改善居民居住条件。", "努力改善居民的居住条件。"),
    );
    let check = site.run(&["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let found: Vec<(String, String, u64)> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["audit"].as_str().unwrap().to_string(),
                p["file"].as_str().unwrap_or("").to_string(),
                p["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![("translation".to_string(), file.to_string(), 109)]
    );
    assert_eq!(
        report["problems"][0]["message"],
        "the English was written for an earlier Chinese text: “举全街道之力，推进实施张园地块征收工作，努力改善居民的居住条件。” changed"
    );
}

#[test]
fn the_bundled_report_starts_clean() {
    let site = TempSite::bundled_published();
    let check = site.run(&["check", "--strict"]);
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn an_engine_fills_what_memory_cannot_and_is_marked_as_machine_made() {
    let site = TempSite::bundled_published();
    make_2019(&site);
    site.write(
        "engine.py",
        "import json, sys\nfor line in sys.stdin:\n    unit = json.loads(line)\n    \
         marks = ''.join(' {%d}' % n for n in range(1, 10) if '{%d}' % n in unit['source'])\n    \
         print(json.dumps({'id': unit['id'], 'target': 'MT' + marks + '.'}))\n",
    );
    let output = site.run(&[
        "translate",
        "fill",
        "--year",
        "2019",
        "--engine",
        "python3 engine.py",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains(" 0 left to translate"),
        "{}",
        stdout(&output)
    );
    let text = site.read("content/2019/07-city-environment.md");
    assert!(text.contains("MT."), "{text}");
    assert!(text.contains("machine = ["), "{text}");
    let check = site.run(&["check"]);
    assert!(stderr(&check).contains("is machine-translated and needs review"));
}

#[test]
fn a_tmx_memory_fills_what_earlier_years_do_not_have() {
    let site = TempSite::bundled_published();
    make_2019(&site);
    site.write(
        "office.tmx",
        "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"zh-CN\" datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" o-tmf=\"x\" creationtool=\"x\" creationtoolversion=\"1\"/><body>\
         <tu><tuv xml:lang=\"zh-CN\"><seg>首次获得上海市市容环境市民满意度测评中心城区第一名。</seg></tuv>\
         <tuv xml:lang=\"en-US\"><seg>For the first time it ranked first in the central city in Shanghai's survey of residents' satisfaction with the city's appearance.</seg></tuv></tu></body></tmx>\n",
    );
    let output = site.run(&["translate", "fill", "--year", "2019", "--tmx", "office.tmx"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = site.read("content/2019/07-city-environment.md");
    assert!(
        text.contains("For the first time it ranked first in the central city"),
        "{text}"
    );
}

fn python(script: &str, args: &[&str]) -> String {
    let output = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 runs (.ci/setup installs it)");
    assert!(
        output.status.success(),
        "python failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Reads an XLIFF file with translate-toolkit: its units and their placeholders, and
/// optionally edits two targets the way a CAT tool does and saves the file.
const TOOLKIT: &str = r#"
import sys
from translate.storage import xliff
from translate.storage.placeables import xliff as px
store = xliff.xlifffile.parsefile(sys.argv[1])
units = [u for u in store.units if u.istranslatable()]
def count(rich):
    return sum(1 for r in rich for e in r.depth_first() if isinstance(e, px.X))
print(len(units), sum(count(u.rich_source) for u in units), sum(count(u.rich_target) for u in units))
if len(sys.argv) > 2:
    for u in units:
        uid = u.xmlelement.get("id")
        if uid == "2018/09-welfare.md#p1.s1":
            u.settarget("The whole sub-district backed the Zhang Yuan expropriation.")
        if uid == "2018/09-welfare.md#p1.s4":
            target = u.get_target_dom()
            target.text = target.text.replace("also completed", "completed")
    store.savefile(sys.argv[2])
"#;

fn citations_in_chinese(site: &TempSite, year: u16) -> usize {
    units(site, year)
        .iter()
        .map(|(_, u)| translate::segment::citations(&u.zh).len())
        .sum()
}

#[test]
fn xliff_is_well_formed_1_2_and_round_trips_through_translate_toolkit() {
    let site = TempSite::bundled_published();
    let exported = site.run(&[
        "translate",
        "export",
        "--year",
        "2018",
        "--format",
        "xliff",
        "--all",
        "--output",
        "out.xlf",
    ]);
    assert!(exported.status.success(), "{}", stderr(&exported));
    let xml = site.read("out.xlf");
    let document = roxmltree::Document::parse(&xml).unwrap();
    let ns = "urn:oasis:names:tc:xliff:document:1.2";
    let root = document.root_element();
    assert_eq!(
        (root.tag_name().namespace(), root.attribute("version")),
        (Some(ns), Some("1.2"))
    );
    let mut ids = std::collections::HashSet::new();
    for file in root.children().filter(|n| n.is_element()) {
        assert!(file.has_tag_name((ns, "file")));
        for attribute in ["original", "source-language", "datatype"] {
            assert!(file.attribute(attribute).is_some(), "{attribute}");
        }
    }
    let trans_units: Vec<_> = document
        .descendants()
        .filter(|n| n.has_tag_name((ns, "trans-unit")))
        .collect();
    for unit in &trans_units {
        assert!(ids.insert(unit.attribute("id").unwrap()), "ids are unique");
        let children: Vec<&str> = unit
            .children()
            .filter(|n| n.is_element())
            .map(|n| n.tag_name().name())
            .collect();
        assert_eq!(&children[..2], ["source", "target"]);
        assert!(
            children[2..]
                .iter()
                .all(|c| *c == "note" || *c == "alt-trans"),
            "{children:?}"
        );
    }
    let placeholders = document
        .descendants()
        .filter(|n| n.has_tag_name((ns, "x")))
        .count();
    assert_eq!(trans_units.len(), 145);
    assert_eq!(citations_in_chinese(&site, 2018), 67);
    assert_eq!(placeholders, 67 * 2, "every citation, in source and target");
    assert!(xml.contains("<note from=\"nianbao\">file: content/2018/09-welfare.md; section: 保障改善民生增强获得感 — p1.s4</note>"));

    let before = site.read("content/2018/09-welfare.md");
    let out = site.path("edited.xlf");
    let read = python(
        TOOLKIT,
        &[
            site.path("out.xlf").to_str().unwrap(),
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(read.trim(), "145 67 67");
    let imported = site.run(&["translate", "import", "edited.xlf"]);
    assert!(imported.status.success(), "{}", stderr(&imported));
    assert!(
        stdout(&imported).contains("wrote the English of 2 units into 1 file"),
        "{}",
        stdout(&imported)
    );
    let expected = before
        .replace(
            "The whole sub-district threw its weight behind the expropriation of the Zhang Yuan block, to improve residents' housing conditions.",
            "The whole sub-district backed the Zhang Yuan expropriation.",
        )
        .replace("The sub-district also completed {{", "The sub-district completed {{");
    assert_ne!(expected, before);
    assert_eq!(site.read("content/2018/09-welfare.md"), expected);
    let check = site.run(&["check", "--strict"]);
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn import_refuses_a_file_whose_target_lost_a_placeholder_and_writes_nothing() {
    let site = TempSite::bundled_published();
    let exported = site.run(&[
        "translate",
        "export",
        "--year",
        "2018",
        "--format",
        "xliff",
        "--all",
        "--output",
        "out.xlf",
    ]);
    assert!(exported.status.success(), "{}", stderr(&exported));
    let xml = site.read("out.xlf");
    let unit = xml.find("id=\"2018/09-welfare.md#p1.s4\"").unwrap();
    let target = unit + xml[unit..].find("<target").unwrap();
    let x_start = target + xml[target..].find("<x ").unwrap();
    let x_end = x_start + xml[x_start..].find("/>").unwrap() + 2;
    let mut broken = format!("{}{}", &xml[..x_start], &xml[x_end..]);
    broken = broken.replacen(
        "to improve residents&#39; housing conditions.",
        "to improve housing.",
        1,
    );
    site.write("broken.xlf", &broken);
    let before = site.read("content/2018/09-welfare.md");
    let imported = site.run(&["translate", "import", "broken.xlf"]);
    assert_eq!(imported.status.code(), Some(1));
    let errors = stderr(&imported);
    assert!(errors.contains("2018/09-welfare.md#p1.s4: the target lost the placeholder <x id=\"1\"/> (a cited figure)"), "{errors}");
    assert_eq!(site.read("content/2018/09-welfare.md"), before);
}

#[test]
fn xlsx_opens_in_openpyxl_and_round_trips() {
    let site = TempSite::bundled_published();
    let exported = site.run(&[
        "translate",
        "export",
        "--year",
        "2018",
        "--format",
        "xlsx",
        "--all",
        "--output",
        "out.xlsx",
    ]);
    assert!(exported.status.success(), "{}", stderr(&exported));
    let script = r#"
import sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1])
sheet = book.active
rows = list(sheet.iter_rows(values_only=True))
print(len(rows) - 1, rows[0])
for row in sheet.iter_rows(min_row=2):
    if row[0].value == "2018/09-welfare.md#p1.s4":
        row[2].value = row[2].value.replace("also completed", "completed")
        print(row[1].value[:6])
book.save(sys.argv[2])
"#;
    let out = site.path("edited.xlsx");
    let read = python(
        script,
        &[
            site.path("out.xlsx").to_str().unwrap(),
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(
        read.lines().collect::<Vec<_>>(),
        [
            "145 ('id', 'Chinese', 'English', 'memory suggestion', 'note')",
            "完成{1}“",
        ]
    );
    let before = site.read("content/2018/09-welfare.md");
    let imported = site.run(&["translate", "import", "edited.xlsx"]);
    assert!(imported.status.success(), "{}", stderr(&imported));
    assert_eq!(
        site.read("content/2018/09-welfare.md"),
        before.replace(
            "The sub-district also completed {{",
            "The sub-district completed {{"
        )
    );
}

#[test]
fn check_names_a_sentence_whose_english_lacks_a_glossary_term() {
    let site = TempSite::bundled_published();
    let file = "content/2018/10-social-programs.md";
    let text = site.read(file);
    site.write(
        file,
        &text.replace(
            "the business district, office towers",
            "the shopping district, office towers",
        ),
    );
    let check = site.run(&["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let problems = report["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0]["audit"], "translation");
    assert_eq!(problems[0]["file"], file);
    assert_eq!(
        problems[0]["message"],
        "“商圈” is in the Chinese but its English “business district” is not in the English"
    );
}

#[test]
fn export_lists_the_glossary_terms_of_each_unit() {
    let site = TempSite::bundled_published();
    let exported = site.run(&[
        "translate",
        "export",
        "--year",
        "2018",
        "--format",
        "xliff",
        "--all",
        "--output",
        "out.xlf",
    ]);
    assert!(exported.status.success(), "{}", stderr(&exported));
    let xml = site.read("out.xlf");
    let unit = &xml[xml
        .find("id=\"2018/07-city-environment.md#p2.s2\"")
        .unwrap()..];
    let unit = &unit[..unit.find("</trans-unit>").unwrap()];
    assert!(
        unit.contains("<note from=\"glossary\">glossary: 绿色账户 = Green Account (Shanghai&#39;s scheme that gives households points, exchangeable for goods, for sorting their waste.)</note>"),
        "{unit}"
    );
}

#[test]
fn glossary_pages_list_every_term_and_texts_link_their_first_use_in_both_themes() {
    let site = TempSite::bundled_published();
    for theme in ["default", "gov"] {
        let config = site.read("content/site.toml");
        let config: String = config
            .lines()
            .map(|l| {
                if l.starts_with("theme =") {
                    format!("theme = \"{theme}\"")
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        site.write("content/site.toml", &format!("{config}\n"));
        site.build();
        let en = site.read("public/en/glossary/index.html");
        assert!(en.contains("id=\"term-waste-sorting\""), "{theme}");
        assert!(en.contains("<dfn>waste sorting</dfn>"), "{theme}");
        assert!(
            en.contains("<span lang=\"zh-CN\">垃圾分类</span>"),
            "{theme}"
        );
        let zh = site.read("public/zh/glossary/index.html");
        assert!(zh.contains("<dfn>垃圾分类</dfn>"), "{theme}");
        let section = site.read("public/en/2018/city-environment/index.html");
        assert_eq!(
            section
                .matches("href=\"../../../en/glossary/index.html#term-waste-sorting\"")
                .count(),
            1,
            "{theme}: only the first use is linked"
        );
        assert!(section.contains("<a class=\"term\" href=\"../../../en/glossary/index.html#term-green-account\"><dfn>Green Account</dfn></a>"));
        assert!(
            section.contains("href=\"../../../en/glossary/index.html\""),
            "{theme}: the footer links the glossary"
        );
    }
}

#[test]
fn import_leaves_out_a_unit_whose_chinese_changed_since_the_export() {
    let site = TempSite::bundled_published();
    let exported = site.run(&[
        "translate",
        "export",
        "--year",
        "2018",
        "--format",
        "xliff",
        "--all",
        "--output",
        "out.xlf",
    ]);
    assert!(exported.status.success(), "{}", stderr(&exported));
    let file = "content/2018/09-welfare.md";
    let changed = site
        .read(file)
        .replace("努力改善居民居住条件。", "努力改善居民的居住条件。");
    site.write(file, &changed);
    let xml = site
        .read("out.xlf")
        .replace(
            "to improve residents&#39; housing conditions.</target>",
            "to better residents&#39; housing.</target>",
        )
        .replace(
            "went ahead smoothly.</target>",
            "went ahead without trouble.</target>",
        );
    site.write("edited.xlf", &xml);
    let imported = site.run(&["translate", "import", "edited.xlf"]);
    assert!(imported.status.success(), "{}", stderr(&imported));
    assert!(
        stderr(&imported).contains("2018/09-welfare.md#p1.s1: the Chinese changed since the export; its English is not written"),
        "{}",
        stderr(&imported)
    );
    let after = site.read(file);
    assert_eq!(
        after,
        changed.replace("went ahead smoothly.", "went ahead without trouble.")
    );
}
