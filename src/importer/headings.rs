//! Headings as Chinese reports write them: `01 标题`, `一、标题`, `（一）标题`, `（1）标题`,
//! `1. 标题`, `第一部分 标题`, `一是标题。`, Markdown `# 标题`, Word's heading styles, and the
//! unnumbered part headings of a review (`2020年工作回顾`). A heading may end with `。`
//! (`（一）城市管理水平不断提升。`), or lead a paragraph (`1.标题。正文…`: the lead sentence is
//! the heading, the rest the body). Which style is the top level is not fixed: the style that
//! comes first in the report is the outermost.

use crate::metrics::unit;

/// How a heading is marked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Style {
    /// `01 党建引领`: a (zero-padded) number and a space.
    Padded,
    /// `一、党建引领`.
    Chinese,
    /// `（一）党建引领` or `(一)党建引领`.
    ParenChinese,
    /// `（1）党建引领`.
    ParenArabic,
    /// `1. 党建引领`, `1、党建引领`.
    Arabic,
    /// `第一部分 党建引领`, `第一章`.
    Part,
    /// `一是党建引领。`: an enumeration that leads a paragraph.
    Ordinal,
    /// `2020年工作回顾`, `2021年工作打算`: a part of the report named, not numbered.
    Unnumbered,
    /// Markdown `#` to `######`.
    Markdown(u8),
    /// A Word heading style, `Heading 1` to `Heading 9`.
    Word(u8),
    /// Word's `Title` style.
    Title,
}

/// A recognised heading: its style, its marker as written (`一、`, `（1）`, empty for
/// Markdown and Word styles) and its text without the marker or a closing `。`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    pub style: Style,
    pub marker: String,
    pub title: String,
}

/// What a top-level heading names: the year's review, the plans for the next, or neither
/// (a theme).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Review,
    Plans,
}

/// The longest lead sentence read as a run-in heading (`1.标题。正文…`).
const RUN_IN_CHARS: usize = 30;

/// Headings are short; a longer line is a paragraph that happens to start with a number.
const MAX_TITLE_CHARS: usize = 40;

const CHINESE_DIGITS: &str = "一二三四五六七八九十百零〇";

/// Recognises a heading line, or returns `None` for a line of text.
pub fn recognise(line: &str) -> Option<Heading> {
    let line = line.trim();
    if let Some(heading) = markdown(line) {
        return Some(heading);
    }
    if let Some(heading) = unnumbered(line) {
        return Some(heading);
    }
    let (style, rest) = numbered(line)
        .or_else(|| part(line))
        .or_else(|| padded(line))?;
    let title = rest.trim_start_matches([' ', '\u{3000}', '\t']).trim_end();
    let marker = &line[..line.len() - rest.trim_start_matches([' ', '\u{3000}', '\t']).len()];
    let closed = title.strip_suffix('。');
    let title = match closed {
        _ if style == Style::Part && title.is_empty() => line,
        Some(title) => title,
        None => title,
    };
    let marker = if title == line { "" } else { marker };
    // A sentence closed by `。` is a heading only when it reads as a lead sentence does.
    let short = closed.is_none() || is_lead(title);
    (short && reads_as_title(style, title)).then(|| Heading {
        style,
        marker: marker.to_string(),
        title: title.to_string(),
    })
}

/// A paragraph led by a numbered heading sentence, `1.标题。正文…` or `一是标题。正文…`: the
/// heading and the body. `None` when the paragraph does not start that way.
pub fn run_in(line: &str) -> Option<(Heading, &str)> {
    let line = line.trim();
    let (style, rest) = numbered(line)?;
    let rest = rest.trim_start_matches([' ', '\u{3000}', '\t']);
    let marker = &line[..line.len() - rest.len()];
    let (lead, body) = rest.split_once('。')?;
    let lead = lead.trim_end();
    let body = body.trim_start();
    (is_lead(lead) && !body.is_empty() && reads_as_title(style, lead)).then(|| {
        let heading = Heading {
            style,
            marker: marker.to_string(),
            title: lead.to_string(),
        };
        (heading, body)
    })
}

/// A lead sentence names a theme: it is short and states no figure (`全年走访居民1.7万次` is a
/// fact, not a heading).
fn is_lead(sentence: &str) -> bool {
    sentence.chars().count() <= RUN_IN_CHARS
        && !sentence.contains(['；', ';', '：', ':'])
        && !sentence.contains(|c: char| c.is_ascii_digit())
}

/// Whether a top-level heading names the review (`2020年工作回顾`, `主要工作完成情况`) or the
/// plans (`2021年工作打算`, `工作思路`).
pub fn part_of_report(title: &str) -> Option<Part> {
    const REVIEW: &[&str] = &[
        "工作回顾",
        "工作总结",
        "工作成效",
        "完成情况",
        "开展情况",
        "工作情况",
        "主要工作",
    ];
    const PLANS: &[&str] = &[
        "工作打算",
        "工作计划",
        "工作思路",
        "工作要点",
        "工作安排",
        "工作目标",
        "目标思路",
        "主要任务",
        "工作设想",
        "工作重点",
    ];
    let title = title.trim_end_matches(['。', '：', ':']);
    if title.chars().count() > 20 || title.contains(['，', ',', '、']) {
        return None;
    }
    let ends = |words: &[&str]| words.iter().any(|w| title.ends_with(w));
    if ends(REVIEW) {
        Some(Part::Review)
    } else if ends(PLANS) {
        Some(Part::Plans)
    } else {
        None
    }
}

/// The number a heading's marker gives it (`三、` → 3, `（12）` → 12), for telling when
/// numbering restarts.
pub fn number(heading: &Heading) -> Option<u32> {
    let digits: String = heading
        .marker
        .chars()
        .filter(|c| c.is_ascii_digit() || CHINESE_DIGITS.contains(*c))
        .collect();
    if let Ok(n) = digits.parse() {
        return Some(n);
    }
    let value = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|n| n as u32)
    };
    let chars: Vec<char> = digits.chars().filter(|&c| c != '〇').collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [d] => value(*d),
        ['十', d] => Some(10 + value(*d)?),
        [t, '十'] => Some(10 * value(*t)?),
        [t, '十', d] => Some(10 * value(*t)? + value(*d)?),
        _ => None,
    }
}

/// A heading with a number: `一、`, `（一）`, `（1）`, `1.`, `一是`.
fn numbered(line: &str) -> Option<(Style, &str)> {
    chinese(line)
        .or_else(|| parenthesised(line))
        .or_else(|| arabic(line))
        .or_else(|| ordinal(line))
}

/// `2020年工作回顾`, `2021年主要工作回顾`, `“十三五”期间工作总结`, `工作打算`: a short line that
/// is only a year (or period) and the name of a part of the report.
fn unnumbered(line: &str) -> Option<Heading> {
    let title = line.strip_suffix('。').unwrap_or(line);
    part_of_report(title)?;
    let mut rest = title;
    for prefix in [
        "过去一年",
        "今年",
        "明年",
        "下一步",
        "“十三五”期间",
        "“十四五”期间",
    ] {
        rest = rest.strip_prefix(prefix).unwrap_or(rest);
    }
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits == 4 {
        rest = rest[4..].trim_start_matches(['年', '度']);
        rest = rest.strip_prefix("上半年").unwrap_or(rest);
    }
    for prefix in ["主要", "各项", "重点", "全年"] {
        rest = rest.strip_prefix(prefix).unwrap_or(rest);
    }
    (part_of_report(rest).is_some() && rest.chars().count() <= 6).then(|| Heading {
        style: Style::Unnumbered,
        marker: String::new(),
        title: title.to_string(),
    })
}

/// A title has text, is short, and is not a sentence (one closing `。` aside, which the
/// caller has removed). A Chinese-numbered title does not start with a numeral: `一、二两个
/// 居民区` is a sentence.
fn reads_as_title(style: Style, title: &str) -> bool {
    let count = title.chars().count();
    let ends_open = title.ends_with(['，', ',', '、', '；', ';', '。', '.', '!', '！', '?', '？']);
    let enumeration = matches!(style, Style::Chinese | Style::Ordinal)
        && title.starts_with(|c: char| CHINESE_DIGITS.contains(c));
    count > 0 && count <= MAX_TITLE_CHARS && !ends_open && !title.contains('。') && !enumeration
}

fn markdown(line: &str) -> Option<Heading> {
    let hashes = line.chars().take_while(|&c| c == '#').count();
    let rest = line[hashes..].strip_prefix([' ', '\t'])?;
    let title = rest.trim().trim_end_matches('#').trim_end();
    ((1..=6).contains(&hashes) && !title.is_empty()).then(|| Heading {
        style: Style::Markdown(hashes as u8),
        marker: String::new(),
        title: title.to_string(),
    })
}

/// The Chinese numeral at the start of `text` and what follows it.
fn numeral(text: &str) -> Option<(&str, &str)> {
    let end = text
        .char_indices()
        .find(|(_, c)| !CHINESE_DIGITS.contains(*c))
        .map_or(text.len(), |(i, _)| i);
    (end > 0 && text[..end].chars().count() <= 4).then(|| text.split_at(end))
}

/// Arabic digits at the start of `text` (at most two) and what follows them.
fn digits(text: &str) -> Option<(&str, &str)> {
    let end = text
        .char_indices()
        .find(|(_, c)| !c.is_ascii_digit())
        .map_or(text.len(), |(i, _)| i);
    ((1..=2).contains(&end)).then(|| text.split_at(end))
}

fn chinese(line: &str) -> Option<(Style, &str)> {
    let (_, rest) = numeral(line)?;
    Some((Style::Chinese, rest.strip_prefix(['、', '．'])?))
}

fn ordinal(line: &str) -> Option<(Style, &str)> {
    let (_, rest) = numeral(line)?;
    Some((Style::Ordinal, rest.strip_prefix('是')?))
}

fn parenthesised(line: &str) -> Option<(Style, &str)> {
    let inner = line.strip_prefix(['（', '('])?;
    let close = inner.find(['）', ')'])?;
    let (number, rest) = inner.split_at(close);
    let rest = rest.strip_prefix(['）', ')'])?;
    if numeral(number).is_some_and(|(_, after)| after.is_empty()) {
        Some((Style::ParenChinese, rest))
    } else if digits(number).is_some_and(|(_, after)| after.is_empty()) {
        Some((Style::ParenArabic, rest))
    } else {
        None
    }
}

fn arabic(line: &str) -> Option<(Style, &str)> {
    let (_, rest) = digits(line)?;
    let rest = rest.strip_prefix(['.', '．', '、'])?;
    // `3.0 版本` is a number, not heading 3.
    (!rest.starts_with(|c: char| c.is_ascii_digit())).then_some((Style::Arabic, rest))
}

fn part(line: &str) -> Option<(Style, &str)> {
    let (_, rest) = numeral(line.strip_prefix('第')?)?;
    let rest = ["部分", "章", "篇"]
        .iter()
        .find_map(|word| rest.strip_prefix(word))?;
    Some((Style::Part, rest.trim_start_matches(['、', '：', ':'])))
}

/// `01 标题`: the number must be followed by a space and then by words, not by a unit or a
/// date (`12 个居民区`, `5 月`).
fn padded(line: &str) -> Option<(Style, &str)> {
    let (_, rest) = digits(line)?;
    let title = rest.strip_prefix([' ', '\u{3000}', '\t'])?.trim_start();
    let first = title.chars().next()?;
    let starts_unit = (1..=4).any(|n| {
        let prefix: String = title.chars().take(n).collect();
        unit::lookup(&prefix).is_some()
    });
    let starts_word = first == '“' || first == '"' || first == '《' || is_han(first);
    let date = matches!(first, '年' | '月' | '日' | '号' | '时');
    (starts_word && !starts_unit && !date).then_some((Style::Padded, title))
}

pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFD)
}

/// The styles of a report's headings, outermost first. Markdown and Word levels rank by
/// their number; the other styles by the order they first appear, as reports nest them.
pub fn ranks(styles: impl IntoIterator<Item = Style>) -> Vec<Style> {
    let mut explicit = Vec::new();
    let mut textual = Vec::new();
    for style in styles {
        let list = match style {
            Style::Markdown(_) | Style::Word(_) => &mut explicit,
            Style::Title => continue,
            _ => &mut textual,
        };
        if !list.contains(&style) {
            list.push(style);
        }
    }
    explicit.sort_by_key(|style| match style {
        Style::Markdown(n) | Style::Word(n) => *n,
        _ => 0,
    });
    explicit.extend(textual);
    explicit
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style_of(line: &str) -> Option<(Style, String)> {
        recognise(line).map(|h| (h.style, h.title))
    }

    #[test]
    fn recognises_every_heading_style() {
        let cases = [
            (
                "01 党建引领共建共治共享",
                Style::Padded,
                "党建引领共建共治共享",
            ),
            (
                "06 “两个美丽”建设扎实推进",
                Style::Padded,
                "“两个美丽”建设扎实推进",
            ),
            ("一、党建引领", Style::Chinese, "党建引领"),
            ("十二、社会事业", Style::Chinese, "社会事业"),
            ("（一）楼宇党建", Style::ParenChinese, "楼宇党建"),
            ("(二) 区域化党建", Style::ParenChinese, "区域化党建"),
            ("（3）志愿服务", Style::ParenArabic, "志愿服务"),
            ("1. 星级楼组", Style::Arabic, "星级楼组"),
            ("2、自治项目", Style::Arabic, "自治项目"),
            ("第一部分 工作回顾", Style::Part, "工作回顾"),
            ("第二章", Style::Part, "第二章"),
            ("# 回顾2018", Style::Markdown(1), "回顾2018"),
            ("### 小标题 ##", Style::Markdown(3), "小标题"),
        ];
        for (line, style, title) in cases {
            assert_eq!(style_of(line), Some((style, title.to_string())), "{line}");
        }
    }

    #[test]
    fn leaves_sentences_and_numbers_as_text() {
        for line in [
            "12 个居民区通过“无违建居村”创建验收",
            "2018 年底基本实现全覆盖",
            "5 月 12 日召开会议",
            "3.0 版本",
            "一、二两个居民区已完成。",
            "1. 全年走访居民 1.7 万次,企业近 600 家,社会组织 54 家,汇总问题和建议 1600 余个,解决 1400 多个",
            "(街道党政办)",
            "#没有空格",
            "回顾 2018 街道都做了哪些工作",
        ] {
            assert_eq!(style_of(line), None, "{line}");
        }
    }

    #[test]
    fn recognises_headings_that_end_with_a_full_stop() {
        assert_eq!(
            style_of("（一）城市管理水平不断提升。"),
            Some((Style::ParenChinese, "城市管理水平不断提升".to_string()))
        );
        assert_eq!(
            style_of("一是进一步落实管党治党责任。"),
            Some((Style::Ordinal, "进一步落实管党治党责任".to_string()))
        );
        let long = "(一)以党支部标准化提升为抓手,深化党员教育管理,持续推进党建工作,发挥考核作用。";
        assert_eq!(style_of(long), None);
        assert_eq!(style_of("（一）全年走访居民1.7万次。"), None);
    }

    #[test]
    fn splits_a_lead_sentence_heading_from_its_body() {
        let cases = [
            (
                "1.从严从紧抓好疫情防控。有效应对多次疫情。",
                Style::Arabic,
                "1.",
                "从严从紧抓好疫情防控",
                "有效应对多次疫情。",
            ),
            (
                "(一)疫情防控成效显著。采用网格模式。",
                Style::ParenChinese,
                "(一)",
                "疫情防控成效显著",
                "采用网格模式。",
            ),
            (
                "一是坚定政治信念。深入学习。",
                Style::Ordinal,
                "一是",
                "坚定政治信念",
                "深入学习。",
            ),
            (
                "1、 环境整治有力开展。实施清扫保洁。",
                Style::Arabic,
                "1、 ",
                "环境整治有力开展",
                "实施清扫保洁。",
            ),
        ];
        for (line, style, marker, title, body) in cases {
            let (heading, rest) = run_in(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(
                (
                    heading.style,
                    heading.marker.as_str(),
                    heading.title.as_str(),
                    rest
                ),
                (style, marker, title, body)
            );
        }
        for line in [
            "1.7万人次参加了活动。后来又有更多。",
            "1.全年走访居民1.7万次。解决问题1400个。",
            "一、二两个居民区已完成。后来又完成了。",
            "1.目标：全年完成任务。其余。",
            "(一)以党支部标准化提升为抓手,深化党员教育管理,持续推进党建工作,发挥考核作用。正文。",
            "（一）只有一句。",
        ] {
            assert!(run_in(line).is_none(), "{line}");
        }
    }

    #[test]
    fn knows_the_review_and_the_plans_and_their_unnumbered_headings() {
        for title in [
            "2020年工作回顾",
            "2021年主要工作开展情况",
            "主要工作完成情况",
            "“十三五”期间工作总结",
            "2022年工作成效",
        ] {
            assert_eq!(part_of_report(title), Some(Part::Review), "{title}");
        }
        for title in ["2021年工作打算", "2023年工作思路", "工作计划"] {
            assert_eq!(part_of_report(title), Some(Part::Plans), "{title}");
        }
        for title in ["党建引领", "经济运行态势良好", "抓落实,脱贫攻坚成效显著"]
        {
            assert_eq!(part_of_report(title), None, "{title}");
        }
        assert_eq!(
            style_of("2021年主要工作回顾"),
            Some((Style::Unnumbered, "2021年主要工作回顾".to_string()))
        );
        assert_eq!(style_of("华庄街道2022年工作总结"), None);
    }

    #[test]
    fn reads_the_number_of_a_marker() {
        for (line, number) in [
            ("一、党建", 1),
            ("十二、民生", 12),
            ("（二十）平安", 20),
            ("3. 就业", 3),
        ] {
            assert_eq!(
                recognise(line).and_then(|h| super::number(&h)),
                Some(number),
                "{line}"
            );
        }
    }

    #[test]
    fn ranks_styles_by_first_appearance() {
        use Style::*;
        let seen = [Chinese, ParenChinese, Arabic, Chinese, ParenChinese];
        assert_eq!(ranks(seen), vec![Chinese, ParenChinese, Arabic]);
        let markdown = [Markdown(2), Markdown(3), Markdown(1), Title];
        assert_eq!(ranks(markdown), vec![Markdown(1), Markdown(2), Markdown(3)]);
    }
}
