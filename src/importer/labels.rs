//! Names for proposed metrics. The Chinese label comes from the words around the figure
//! (`全年走访居民 1.7 万次` → `走访居民`); the editor polishes it. The id must be ASCII and
//! pinyin is not at hand, so it says honestly where the figure is and what it counts
//! (`s05_01_visits_2019`). It names its year so that it joins no series by chance: the
//! editor renames it to a lasting name, and the same name in another year is the same series.

use crate::metrics::Unit;
use crate::metrics::unit::English;

/// Characters that end a clause: a label never reaches across one.
const BOUNDARIES: &[char] = &[
    '，', ',', '。', '；', ';', '：', ':', '、', '！', '!', '？', '?', '（', '(', '）', ')', '\n',
    '…',
];

/// Words that open a clause without naming anything: 全年走访居民 → 走访居民.
const LEADING: &[&str] = &[
    "全年",
    "年内",
    "今年",
    "累计",
    "共计",
    "合计",
    "总计",
    "其中",
    "同时",
    "此外",
    "另外",
    "先后",
    "全街道",
    "街道",
    "辖区内",
    "并",
    "还",
    "已",
    "在",
    "等",
];

/// Words between the thing and its number: 覆盖率达 98% → 覆盖率.
const TRAILING: &[&str] = &["达到", "达", "为", "共", "计", "等", "向", "对", "的", "已"];

/// Words that join two things: `8 个甲工程和 3 个乙工程` names the second by what follows.
const CONJUNCTIONS: &[&str] = &["和", "与", "及", "或", "、"];

/// The most characters a label takes from before the figure, from after it, in all.
const MAX_BEFORE: usize = 16;
const MAX_AFTER: usize = 20;
const MAX_LABEL: usize = 20;

/// A Chinese label for a figure: the words of its clause before it, and, for a count (or
/// when `names_after`), the thing counted after it (`完成 7 个业委会组` → `完成业委会组`). A
/// figure right after another one (`82 处 2733.54 平方米`) is named after that one.
pub fn label(
    before: &str,
    after: &str,
    unit: &Unit,
    previous: Option<&str>,
    names_after: bool,
) -> String {
    if let Some(previous) = previous.filter(|_| before.trim().is_empty()) {
        return format!("{previous}（{}）", unit.zh);
    }
    let joined = CONJUNCTIONS.iter().any(|c| before.trim_end().ends_with(c));
    let before = if joined {
        String::new()
    } else {
        clause_before(before)
    };
    let counted = matches!(unit.en, English::Bare) || matches!(unit.zh.as_str(), "户" | "人");
    let after = if counted || names_after {
        clause_after(after)
    } else {
        String::new()
    };
    let mut label = format!("{before}{after}");
    if label.chars().count() > MAX_LABEL && !after.is_empty() {
        label = after;
    }
    let label = balance_quotes(strip_words(&label, &[], &["与", "和", "及", "的"]));
    let label: String = label.chars().filter(|&c| c != '\\').collect();
    if label.trim().is_empty() {
        crate::check::todo::UNNAMED_LABEL.to_string()
    } else {
        label.trim().to_string()
    }
}

fn clause_before(text: &str) -> String {
    let start = text.rfind(BOUNDARIES).map_or(0, |i| {
        i + text[i..].chars().next().map_or(0, char::len_utf8)
    });
    // A Markdown list item or quote: its marker names nothing.
    let mut clause = text[start..]
        .trim()
        .trim_start_matches(['-', '*', '+', '>', ' ']);
    // `开展“我为文明小区出份力·爱我美丽家园”居民自治项目 35 个`: in a long clause, the
    // words after a quotation name the thing.
    if let Some(i) = clause.rfind('”')
        && clause.chars().count() > MAX_BEFORE
    {
        let after = clause[i + '”'.len_utf8()..].trim();
        if after.chars().count() >= 2 {
            clause = after;
        }
    }
    let clause = strip_words(clause, LEADING, TRAILING);
    let count = clause.chars().count();
    clause
        .chars()
        .skip(count.saturating_sub(MAX_BEFORE))
        .collect()
}

fn strip_words<'a>(mut clause: &'a str, leading: &[&str], trailing: &[&str]) -> &'a str {
    loop {
        let before = clause;
        for word in leading {
            if let Some(rest) = clause.strip_prefix(word)
                && !rest.is_empty()
            {
                clause = rest;
            }
        }
        for word in trailing {
            if let Some(rest) = clause.strip_suffix(word)
                && !rest.is_empty()
            {
                clause = rest;
            }
        }
        if clause == before {
            return clause.trim();
        }
    }
}

/// The thing counted after a figure: up to the clause's end, a quotation's end, or 的 in a
/// long clause. Parentheses stay: `工作站(室)`.
fn clause_after(text: &str) -> String {
    let boundaries: Vec<char> = BOUNDARIES
        .iter()
        .copied()
        .filter(|c| !matches!(c, '（' | '(' | '）' | ')'))
        .collect();
    let end = text.find(boundaries.as_slice()).unwrap_or(text.len());
    let mut clause = text[..end].trim();
    if clause.starts_with('“')
        && clause.chars().count() > MAX_AFTER
        && let Some(i) = clause.find('”')
    {
        clause = &clause[..i + '”'.len_utf8()];
    }
    let clause = match clause.find('的') {
        Some(i) if clause.chars().count() > MAX_AFTER => &clause[..i],
        _ => clause,
    };
    clause.chars().take(MAX_AFTER).collect()
}

/// Drops a quotation mark whose partner the clause cut off.
fn balance_quotes(text: &str) -> String {
    let text = text.trim();
    let mut open = 0usize;
    let mut kept: Vec<char> = Vec::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '“' => {
                open += 1;
                kept.push(c);
            }
            '”' if open == 0 => {}
            '”' => {
                open -= 1;
                kept.push(c);
            }
            _ => kept.push(c),
        }
    }
    while open > 0 {
        let last = kept.iter().rposition(|&c| c == '“').expect("counted above");
        kept.remove(last);
        open -= 1;
    }
    kept.into_iter().collect()
}

/// `s05_01_visits_2019`: section, figure, the unit's English name, and the year.
pub fn id(year: u16, section: usize, seq: usize, unit: &Unit) -> String {
    let kind = match &unit.en {
        English::Bare => "count".to_string(),
        English::Percent => "percent".to_string(),
        English::Currency(code) => code.to_ascii_lowercase(),
        English::Noun { many, .. } => many.to_ascii_lowercase(),
        English::Symbol(symbol) => symbol.to_ascii_lowercase(),
    };
    let kind: String = kind
        .chars()
        .map(|c| match c {
            '²' => '2',
            '³' => '3',
            c if c.is_ascii_alphanumeric() => c,
            _ => '_',
        })
        .collect();
    format!("s{section:02}_{seq:02}_{kind}_{year}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::unit::lookup;

    fn unit(zh: &str) -> Unit {
        lookup(zh).unwrap().0
    }

    #[test]
    fn labels_from_the_words_before_the_figure() {
        let cases = [
            ("听问题、找对策、抓落实,全年走访居民", "", "次", "走访居民"),
            (",问题解决率", "。", "%", "问题解决率"),
            ("强化垃圾分类,覆盖率达", "。", "%", "覆盖率"),
            (
                "开展“我为文明小区出份力·爱我美丽家园”居民自治项目",
                "。",
                "个",
                "居民自治项目",
            ),
            (
                "大力推进“康健工程”,新增“康健苑”",
                ",实现全覆盖",
                "个",
                "新增“康健苑”",
            ),
            (
                "街道圆满完成",
                "居民区的党总支和居委会换届选举,形成",
                "个",
                "圆满完成居民区的党总支和居委会换届选举",
            ),
            (
                "乐龄家园“十助”服务",
                ",独居老人",
                "人次",
                "乐龄家园“十助”服务",
            ),
            (
                "高架沿线外立面专项整治工程和",
                "停偿项目外立面整治工程,配合",
                "个",
                "停偿项目外立面整治工程",
            ),
            (
                "福民法律服务中心和",
                "“公共法律服务工作站(室)”指导居委会调解纠纷",
                "个",
                "“公共法律服务工作站(室)”",
            ),
            ("促成社区", "志愿者与", "名", "促成社区志愿者"),
            (
                "完成",
                "“一平方米马桶”改造及合用卫生设施建设,根本缓解",
                "个",
                "“一平方米马桶”改造及合用卫生设施建设",
            ),
            ("发放助残补贴", "。", "元", "发放助残补贴"),
        ];
        for (before, after, zh, expected) in cases {
            assert_eq!(
                label(before, after, &unit(zh), None, false),
                expected,
                "{before}"
            );
        }
    }

    #[test]
    fn names_a_figure_after_the_one_it_follows() {
        assert_eq!(
            label("", ",超额完成", &unit("平方米"), Some("拆除“违建”"), false),
            "拆除“违建”（平方米）"
        );
    }

    #[test]
    fn never_leaves_a_label_empty_or_unbalanced() {
        assert_eq!(label("", "", &unit("个"), None, false), "（待命名）");
        assert_eq!(label("指导“公", "", &unit("个"), None, false), "指导公");
    }

    #[test]
    fn derives_ascii_ids_from_the_unit() {
        assert_eq!(id(2019, 5, 1, &unit("万次")), "s05_01_visits_2019");
        assert_eq!(id(2019, 9, 12, &unit("万元")), "s09_12_cny_2019");
        assert_eq!(id(2019, 6, 3, &unit("平方米")), "s06_03_m2_2019");
        assert_eq!(id(2019, 8, 1, &unit("人次")), "s08_01_person_times_2019");
        assert_eq!(id(2019, 4, 2, &unit("个")), "s04_02_count_2019");
        assert_eq!(id(2019, 7, 5, &unit("%")), "s07_05_percent_2019");
    }
}
