//! Names for proposed metrics. The Chinese label names what the figure counts, from the words
//! around it (`全年走访居民 1.7 万次` → `走访居民`, `开展了 13 次中心组学习` → `中心组学习`),
//! cut where words begin and end; the editor polishes it. A label never holds only filler
//! (`共`, `累计实现`) and never takes what the text says of the thing for its name (`项目 40 个
//! 已完成` is not "completed"): where nothing is named, it says `（待命名）`. The id must be
//! ASCII and pinyin is not at hand, so it says honestly where the figure is and what it
//! counts (`s05_01_visits_2019`). It names its year so that it joins no series by chance: the
//! editor renames it to a lasting name, and the same name in another year is the same series.

use super::measure;
use super::words::{Kind, Word, words};
use crate::metrics::Unit;
use crate::metrics::unit::{self, English};

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
    "即",
    "共",
    "共有",
    "又",
    "均",
    "了",
    "截至目前",
    "截止目前",
    "截至",
    "截止",
    "目前",
    "对",
    "向",
    "为",
    "把",
    "将",
];

/// Words between the thing and its number: 覆盖率达 98% → 覆盖率.
const TRAILING: &[&str] = &[
    "达到", "达", "为", "共", "计", "等", "向", "对", "的", "已", "了", "共有", "有", "约", "共计",
    "合计", "累计", "总计",
];

/// Verbs that say only that something was done, not what: a label of these alone names
/// nothing (`累计实现 1429 户`).
const LIGHT_VERBS: &[&str] = &[
    "实现",
    "完成",
    "开展",
    "组织",
    "进行",
    "达到",
    "成立",
    "推出",
    "发布",
    "形成",
    "做到",
    "经历",
    "处理",
    "落实",
    "提升到",
    "从原来",
];

/// Words after a count that begin what the text says of the thing: `企业全部开展`.
const STOPS_AFTER: &[&str] = &["全部", "全面", "均", "都", "已", "已经", "共", "分别"];

/// Words that say a percentage is a change: it names the figure before it.
const CHANGES: &[&str] = &[
    "同比增长",
    "增长",
    "同比下降",
    "下降",
    "增幅",
    "降幅",
    "提高",
    "减少",
];

/// Words that join two things: `8 个甲工程和 3 个乙工程` names the second by what follows.
const CONJUNCTIONS: &[&str] = &["和", "与", "及", "或", "、"];

/// The most characters a label takes from before the figure, from after it, in all.
const MAX_BEFORE: usize = 16;
const MAX_AFTER: usize = 20;
const MAX_LABEL: usize = 20;

/// What a label is made from: the words around a figure.
#[derive(Clone, Copy, Debug)]
pub struct Around<'a> {
    /// The text before the figure, back to the previous figure or the paragraph's start.
    pub before: &'a str,
    /// The text after the figure, to the end of the paragraph.
    pub after: &'a str,
    pub unit: &'a Unit,
    /// The label of the figure before this one in the paragraph.
    pub previous: Option<&'a str>,
    /// Whether the previous figure ends right where this one starts: `82处2733.54平方米`.
    pub adjacent: bool,
    /// Whether to name the figure by the words after it, whatever its unit.
    pub names_after: bool,
}

/// A label for a figure is made of the words of its clause before it (dates, filler and
/// light verbs dropped) and, for a count, the thing counted after it (`完成 7 个业委会组` →
/// `完成业委会组`). A figure right after another one (`82 处 2733.54 平方米`) is named after
/// that one, and so is a change (`收入 18.35 亿元，同比增长 28.69%`).
pub fn label(around: Around) -> String {
    let previous = around.previous.filter(|p| *p != UNNAMED);
    let joined = CONJUNCTIONS
        .iter()
        .any(|c| around.before.trim_end().ends_with(c));
    let enumerated = clause(around.before).trim_end().ends_with('等');
    let before = match joined || enumerated {
        true => String::new(),
        false => clause_before(around.before),
    };
    if let Some(previous) = previous
        && let Some(named) = after_previous(&around, &before, previous)
    {
        return named;
    }
    let counted = matches!(around.unit.en, English::Bare | English::Wanted)
        || matches!(around.unit.zh.as_str(), "户" | "人" | "次" | "人次" | "天");
    let after = match counted || around.names_after {
        true => clause_after(around.after),
        false => String::new(),
    };
    let mut label = format!("{before}{after}");
    if label.chars().count() > MAX_LABEL && !after.is_empty() {
        label = after;
    }
    if let Some(previous) = previous
        && !names_something(&label)
        && only_filler(clause(around.before))
    {
        // `拆除违章建筑点位 32 个，共 4184 平方米`: a clause of filler goes on with the thing before.
        return format!("{previous}（{}）", around.unit.zh);
    }
    let label = balance_quotes(&label);
    let label: String = label.chars().filter(|&c| c != '\\').collect();
    match names_something(&label) {
        true => label.trim().to_string(),
        false => UNNAMED.to_string(),
    }
}

/// A figure named after the one before it in the paragraph: right after it (`82处2733.54平方米`),
/// the figure a change reaches (`场地从原来60㎡提升到320㎡`), or the change itself
/// (`收入18.35亿元,同比增长28.69%`).
fn after_previous(around: &Around, before: &str, previous: &str) -> Option<String> {
    if around.adjacent && around.before.trim().is_empty() {
        return Some(format!("{previous}（{}）", around.unit.zh));
    }
    let reached = clause(around.before);
    if reached.ends_with(['到', '至']) && reached.chars().count() <= 4 {
        return Some(previous.to_string());
    }
    (around.unit.is_percent() && CHANGES.contains(&before)).then(|| format!("{previous}{before}"))
}

/// Whether a clause holds words and only filler: `共`, `累计`.
fn only_filler(clause: &str) -> bool {
    !clause.is_empty()
        && words(clause)
            .iter()
            .all(|w| LEADING.contains(&w.text.as_str()) || TRAILING.contains(&w.text.as_str()))
}

/// The label of a figure whose words name nothing: the editor names it.
pub const UNNAMED: &str = crate::check::todo::UNNAMED_LABEL;

fn clause(text: &str) -> &str {
    let start = text.rfind(BOUNDARIES).map_or(0, |i| {
        i + text[i..].chars().next().map_or(0, char::len_utf8)
    });
    // A Markdown list item or quote: its marker names nothing.
    text[start..]
        .trim()
        .trim_start_matches(['-', '*', '+', '>', ' '])
}

/// The words of the clause before a figure that name it: after any date or period (`2019年`,
/// `1月至10月`), without filler, and at most [`MAX_BEFORE`] characters of whole words.
fn clause_before(text: &str) -> String {
    let mut clause = clause(text);
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
    let mut said = trim_filler(words(after_dates(clause)));
    let mut length: usize = said.iter().map(|w| w.text.chars().count()).sum();
    while length > MAX_BEFORE && !said.is_empty() {
        length -= said.remove(0).text.chars().count();
    }
    trim_filler(said).iter().map(|w| w.text.as_str()).collect()
}

/// Drops whole words that name nothing from both ends: `街道共计排摸` → `排摸`, `覆盖率达` →
/// `覆盖率`; never part of a word (`行为` keeps its `为`).
fn trim_filler(mut said: Vec<Word>) -> Vec<Word> {
    let opens = |w: &Word| {
        LEADING.contains(&w.text.as_str())
            || matches!(w.kind, Kind::Function | Kind::Particle)
            || w.text.trim().is_empty()
    };
    while said.first().is_some_and(opens) {
        said.remove(0);
    }
    let closes = |w: &Word| {
        TRAILING.contains(&w.text.as_str())
            || LIGHT_VERBS.contains(&w.text.as_str())
            || matches!(w.kind, Kind::Particle | Kind::Function)
            || w.text.trim().is_empty()
    };
    while said.last().is_some_and(closes) {
        said.pop();
    }
    said
}

/// The clause after its last date or period: `2016-2019年街道财政总收入` → `街道财政总收入`,
/// `1月至10月救助` → `救助`; `60岁以上老人` keeps its age.
fn after_dates(clause: &str) -> &str {
    const DATE_WORDS: &[&str] = &["年度", "月份", "年", "月", "日", "份", "以来", "底", "初"];
    let mut cut = None;
    for (i, c) in clause.char_indices() {
        let rest = &clause[i + c.len_utf8()..];
        if c.is_ascii_digit()
            && let Some(word) = DATE_WORDS.iter().find(|w| rest.starts_with(*w))
        {
            cut = Some(i + c.len_utf8() + word.len());
        }
    }
    let Some(cut) = cut else {
        return clause;
    };
    let rest = &clause[cut..];
    ["至", "止", "以来", "底", "初"]
        .iter()
        .find_map(|w| rest.strip_prefix(w))
        .unwrap_or(rest)
}

fn strip_words<'a>(mut clause: &'a str, trailing: &[&str]) -> &'a str {
    while let Some(rest) = trailing.iter().find_map(|w| clause.strip_suffix(w))
        && !rest.is_empty()
    {
        clause = rest;
    }
    clause.trim()
}

/// The thing counted after a figure: the words up to the clause's end that name something
/// (`个居委，` → `居委`, `项目已完成` → `项目`), skipping the figure that may follow at once
/// (`8大类30项资源清单` → `资源清单`). Words that open with a verb or an adverb say what
/// happened to the thing, not what it is (`完成或开工`): they give nothing, unless a noun
/// follows (`结对帮扶干部`). Parentheses stay: `工作站(室)`.
fn clause_after(text: &str) -> String {
    let text = skip_figure(text.trim_start());
    let end = text
        .find(|c: char| BOUNDARIES.contains(&c) && !matches!(c, '（' | '(' | '）' | ')'))
        .unwrap_or(text.len());
    let mut clause = text[..end].trim();
    let long = clause.chars().count() > MAX_AFTER;
    // `“公共法律服务工作站(室)”指导居委会调解纠纷`: a quoted name is the thing.
    if clause.starts_with('“')
        && long
        && let Some(i) = clause.find('”')
    {
        clause = &clause[..i + '”'.len_utf8()];
    }
    let said = words(clause);
    let first_is_verb = said.first().is_some_and(|w| w.kind == Kind::Verb);
    let (mut kept, mut named) = (Vec::<Word>::new(), false);
    for (i, word) in said.into_iter().enumerate() {
        let stop = match word.kind {
            Kind::Function | Kind::Particle if i == 0 => return String::new(),
            // The next figure ends the thing counted: `干部和68名县、镇干部`.
            Kind::Quantity => word.text.contains(|c: char| c.is_ascii_digit() || c == '%'),
            Kind::Function => {
                !matches!(word.text.as_str(), "以上" | "以下")
                    && !CONJUNCTIONS.contains(&word.text.as_str())
            }
            Kind::Particle => long || word.text != "的",
            Kind::Verb => i > 0 && LIGHT_VERBS.contains(&word.text.as_str()),
            _ if STOPS_AFTER.contains(&word.text.as_str()) => true,
            _ => false,
        };
        let length: usize = kept.iter().map(|w| w.text.chars().count()).sum();
        if stop || length + word.text.chars().count() > MAX_AFTER {
            break;
        }
        named |= word.kind == Kind::Noun;
        kept.push(word);
    }
    // `企业亩均税收`, cut at 均: a measure word does not end a name.
    while kept.last().is_some_and(|w| w.kind == Kind::Quantity) {
        kept.pop();
    }
    let kept: String = kept.iter().map(|w| w.text.as_str()).collect();
    if first_is_verb && !named {
        return String::new();
    }
    strip_words(&kept, &["与", "和", "及", "的", "、"]).to_string()
}

/// Skips a figure at the start of `text`, with its unit: `30项资源清单` → `资源清单`.
fn skip_figure(text: &str) -> &str {
    if !text.starts_with(|c: char| c.is_ascii_digit()) {
        return text;
    }
    let number = text.trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | ','));
    if number.len() == text.len() {
        return text;
    }
    let number = number.trim_start_matches(['余', '多', '万', '亿']);
    let chars: Vec<char> = number.chars().collect();
    let len = measure::unit_at(&chars, 0).map_or(0, |found| found.len);
    let bytes: usize = chars[..len].iter().map(|c| c.len_utf8()).sum();
    &number[bytes..]
}

/// Whether a label names something: two characters or more, not filler, not a light verb
/// alone.
fn names_something(label: &str) -> bool {
    let label = label.trim();
    // One character names nothing a reader can tell apart: `内` of `14天内`.
    if label.chars().count() < 2 || LEADING.contains(&label) || TRAILING.contains(&label) {
        return false;
    }
    let said = words(label);
    let only_light = said
        .iter()
        .all(|w| LIGHT_VERBS.contains(&w.text.as_str()) || w.kind == Kind::Function);
    !only_light
}

/// The English word of 次 from what was done, named before it (`中心组学习16次`) or right
/// after it (`开展了13次中心组学习`): study, meetings, training and events are "sessions";
/// visiting and serving are "visits"; anything else is "times".
pub fn times_unit(before: &str, after: &str) -> Unit {
    const SESSIONS: &[&str] = &[
        "学习",
        "会议",
        "培训",
        "活动",
        "讲座",
        "宣讲",
        "报告会",
        "座谈",
        "例会",
        "演练",
        "课",
    ];
    const VISITS: &[&str] = &["走访", "服务", "慰问", "上门", "拜访", "探访", "家访"];
    let after_end = after.find(BOUNDARIES).unwrap_or(after.len());
    let clause = format!("{}{}", clause(before), &after[..after_end]);
    let last = |list: &[&str]| list.iter().filter_map(|w| clause.rfind(w)).max();
    let english = match (last(SESSIONS), last(VISITS)) {
        (Some(s), Some(v)) if s > v => "sessions",
        (Some(_), None) => "sessions",
        (_, Some(_)) => {
            return unit::lookup("次")
                .map(|(u, _)| u)
                .expect("次 is catalogued");
        }
        (None, None) => "times",
    };
    unit::from_table("次", english).0
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
        English::Bare | English::Wanted => "count".to_string(),
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
#[path = "labels_tests.rs"]
mod tests;
