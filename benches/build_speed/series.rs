//! The `series` corpus: a sub-district that has published for decades. Every section keeps
//! the same eight figures year after year (households served, visits, funds in 万元, a rate,
//! floor space, …), so each one is a series that the metrics pages, charts and changes join;
//! a figure starts in a later year or skips one now and then, as real reports do. The bodies
//! are several paragraphs in each language that cite the figures, with a list and a table,
//! about the length of a real report's section.

/// One figure of every section: id stem, unit, qualifier, labels, and how its value grows.
struct Figure {
    id: &'static str,
    unit: &'static str,
    approx: &'static str,
    zh: &'static str,
    en: &'static str,
    /// The value in the first year and what a year adds, in hundredths.
    base: usize,
    step: usize,
}

const FIGURES: [Figure; 8] = [
    Figure {
        id: "households",
        unit: "户",
        approx: "",
        zh: "服务家庭",
        en: "Households served",
        base: 120_000,
        step: 3_700,
    },
    Figure {
        id: "visits",
        unit: "人次",
        approx: "over",
        zh: "走访居民",
        en: "Resident visits",
        base: 1_700_000,
        step: 41_300,
    },
    Figure {
        id: "funds",
        unit: "万元",
        approx: "",
        zh: "投入资金",
        en: "Funds invested",
        base: 3_541,
        step: 287,
    },
    Figure {
        id: "rate",
        unit: "%",
        approx: "over",
        zh: "问题解决率",
        en: "Issue resolution rate",
        base: 8_000,
        step: 31,
    },
    Figure {
        id: "space",
        unit: "平方米",
        approx: "",
        zh: "改造面积",
        en: "Space renovated",
        base: 273_354,
        step: 10_021,
    },
    Figure {
        id: "firms",
        unit: "家",
        approx: "nearly",
        zh: "服务企业",
        en: "Firms served",
        base: 60_000,
        step: 1_100,
    },
    Figure {
        id: "events",
        unit: "场",
        approx: "about",
        zh: "开展活动",
        en: "Events held",
        base: 4_500,
        step: 300,
    },
    Figure {
        id: "volunteers",
        unit: "人",
        approx: "at_least",
        zh: "志愿者",
        en: "Volunteers",
        base: 150_000,
        step: 5_000,
    },
];

/// Whether section `s` reports figure `m` in year index `y`: the last figure starts in the
/// sixth year, the seventh skips every seventh year.
fn reported(y: usize, s: usize, m: usize) -> bool {
    match m {
        7 => y >= 5,
        6 => (y + s) % 7 != 3,
        _ => true,
    }
}

/// The value as the report writes it: hundredths shown with their decimals when they
/// have any, so some values are whole and some are not.
fn value(y: usize, s: usize, m: usize) -> String {
    let figure = &FIGURES[m];
    let hundredths = figure.base + figure.step * y + (s * 37 + m * 11) % 97 * 100;
    let hundredths = if figure.unit == "%" {
        hundredths.min(9_990)
    } else {
        hundredths
    };
    match hundredths % 100 {
        0 => (hundredths / 100).to_string(),
        cents if cents.is_multiple_of(10) => format!("{}.{}", hundredths / 100, cents / 10),
        cents => format!("{}.{cents:02}", hundredths / 100),
    }
}

/// One section of year `year` (the first year is 2000).
pub fn section(year: usize, s: usize) -> String {
    let y = year - 2000;
    let mut text = format!("+++\ntitle = {{ zh = \"第{s}项工作\", en = \"Work area {s}\" }}\n");
    for (m, figure) in FIGURES.iter().enumerate() {
        if !reported(y, s, m) {
            continue;
        }
        text.push_str(&format!(
            "\n[metrics.s{s}_{id}]\nvalue = {value}\nunit = \"{unit}\"\n{approx}label = {{ zh = \"{zh}（{s}）\", en = \"{en} ({s})\" }}\n{highlight}",
            id = figure.id,
            value = value(y, s, m),
            unit = figure.unit,
            approx = if figure.approx.is_empty() {
                String::new()
            } else {
                format!("approx = \"{}\"\n", figure.approx)
            },
            zh = figure.zh,
            en = figure.en,
            highlight = if m == 0 && s.is_multiple_of(4) { "highlight = true\n" } else { "" },
        ));
    }
    text.push_str("+++\n\n::: zh\n");
    text.push_str(&zh_body(y, s));
    text.push_str(":::\n\n::: en\n");
    text.push_str(&en_body(y, s));
    text.push_str(":::\n");
    text
}

fn cite(s: usize, m: usize) -> String {
    format!("{{{{ metric(id=\"s{s}_{}\") }}}}", FIGURES[m].id)
}

fn zh_body(y: usize, s: usize) -> String {
    let year = 2000 + y;
    let mut body = format!(
        "{year}年，街道围绕第{s}项工作，坚持党建引领、居民自治、多方参与，\
         服务家庭{}，走访居民{}，群众满意度持续提升。\n\n",
        cite(s, 0),
        cite(s, 1)
    );
    body.push_str(&format!(
        "## 聚焦重点任务\n\n街道统筹投入资金{}，完成改造面积{}，\
         补齐社区公共服务短板。各居民区结合自身特点，梳理问题清单、责任清单和项目清单，\
         做到底数清、情况明、措施实。问题解决率{}，一批群众急难愁盼的问题得到解决。\n\n",
        cite(s, 2),
        cite(s, 4),
        cite(s, 3)
    ));
    body.push_str(&format!(
        "街道深化“店小二”服务，走访服务企业{}，协调解决用工、融资、场地等诉求，\
         营商环境持续优化。楼宇党建与区域化党建联动推进，形成共建共治共享的良好格局。\n\n",
        cite(s, 5)
    ));
    if reported(y, s, 6) {
        body.push_str(&format!(
            "全年开展各类活动{}，覆盖老年人、青少年、新就业群体等不同人群，\
             社区凝聚力不断增强。\n\n",
            cite(s, 6)
        ));
    }
    if reported(y, s, 7) {
        body.push_str(&format!(
            "志愿服务队伍不断壮大，注册志愿者{}，常态化参与社区治理、平安建设和为老服务。\n\n",
            cite(s, 7)
        ));
    }
    body.push_str(
        "## 主要做法\n\n- 坚持问题导向，建立走访发现、分类处置、跟踪反馈的闭环机制\n\
         - 整合辖区资源，推动党建、自治、法治、德治融合\n\
         - 完善考核评价，把群众满意作为衡量工作的标准\n\n",
    );
    body.push_str(&format!(
        "| 项目 | {year}年 |\n|---|---|\n| 专题会议 | {} |\n| 培训场次 | {} |\n| 结对单位 | {} |\n\n",
        12 + y % 5,
        7 + s % 9,
        30 + (y + s) % 11
    ));
    body.push_str(
        "下一步，街道将继续对标最高标准、最好水平，推动各项工作提质增效，\
         不断增强居民群众的获得感、幸福感、安全感。\n",
    );
    body
}

fn en_body(y: usize, s: usize) -> String {
    let year = 2000 + y;
    let mut body = format!(
        "In {year} the sub-district pursued work area {s} under Party leadership, with residents \
         governing their own affairs and many partners taking part. It served {} and made {}, \
         and residents' satisfaction kept rising.\n\n",
        cite(s, 0),
        cite(s, 1)
    );
    body.push_str(&format!(
        "## Focus on key tasks\n\nThe sub-district invested {} and renovated {}, closing gaps in \
         community public services. Each neighbourhood drew up lists of problems, \
         responsibilities and projects suited to its own character, so that the facts were \
         known, the situation clear and the measures concrete. The issue resolution rate was \
         {}, and many of the problems residents cared most about were solved.\n\n",
        cite(s, 2),
        cite(s, 4),
        cite(s, 3)
    ));
    body.push_str(&format!(
        "Its one-stop service for business visited {}, settling requests about staffing, \
         finance and premises, and the business environment kept improving. Party building in \
         office towers and across the area moved forward together, building a pattern of \
         shared development, governance and benefit.\n\n",
        cite(s, 5)
    ));
    if reported(y, s, 6) {
        body.push_str(&format!(
            "Over the year it held {}, reaching older people, young people and new kinds of \
             workers, and the community grew closer.\n\n",
            cite(s, 6)
        ));
    }
    if reported(y, s, 7) {
        body.push_str(&format!(
            "Its volunteer teams kept growing, to {}, who take part in community governance, \
             public safety and care for the elderly as a matter of routine.\n\n",
            cite(s, 7)
        ));
    }
    body.push_str(
        "## How it worked\n\n- A closed loop of visits, sorting, handling and follow-up for \
         every problem found\n- The area's resources joined up, bringing Party building, \
         self-governance, law and ethics together\n- Assessment that takes residents' \
         satisfaction as the measure of the work\n\n",
    );
    body.push_str(&format!(
        "| Item | {year} |\n|---|---|\n| Meetings | {} |\n| Training sessions | {} |\n| Partner units | {} |\n\n",
        12 + y % 5,
        7 + s % 9,
        30 + (y + s) % 11
    ));
    body.push_str(
        "Next, the sub-district will hold itself to the highest standards and best practice, \
         improving the quality of every task so that residents feel more fulfilled, happier \
         and safer.\n",
    );
    body
}
