//! Headings as Chinese reports write them: `01 标题`, `一、标题`, `（一）标题`, `（1）标题`,
//! `1. 标题`, `第一部分 标题`, Markdown `# 标题`, and Word's heading styles. Which style is
//! the top level is not fixed: the style that comes first in the report is the outermost.

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
    /// Markdown `#` to `######`.
    Markdown(u8),
    /// A Word heading style, `Heading 1` to `Heading 9`.
    Word(u8),
    /// Word's `Title` style.
    Title,
}

/// A recognised heading: its style and its text without the marker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    pub style: Style,
    pub title: String,
}

/// Headings are short; a longer line is a paragraph that happens to start with a number.
const MAX_TITLE_CHARS: usize = 40;

const CHINESE_DIGITS: &str = "一二三四五六七八九十百零〇";

/// Recognises a heading line, or returns `None` for a line of text.
pub fn recognise(line: &str) -> Option<Heading> {
    let line = line.trim();
    if let Some(heading) = markdown(line) {
        return Some(heading);
    }
    let (style, rest) = chinese(line)
        .or_else(|| parenthesised(line))
        .or_else(|| arabic(line))
        .or_else(|| part(line))
        .or_else(|| padded(line))?;
    let title = rest.trim_start_matches([' ', '\u{3000}', '\t']).trim_end();
    let title = if style == Style::Part && title.is_empty() {
        line
    } else {
        title
    };
    reads_as_title(title).then(|| Heading {
        style,
        title: title.to_string(),
    })
}

/// A title has text, is short, and is not a sentence.
fn reads_as_title(title: &str) -> bool {
    let count = title.chars().count();
    let ends_open = title.ends_with(['，', ',', '、', '；', ';', '。', '.', '!', '！', '?', '？']);
    count > 0 && count <= MAX_TITLE_CHARS && !ends_open && !title.contains('。')
}

fn markdown(line: &str) -> Option<Heading> {
    let hashes = line.chars().take_while(|&c| c == '#').count();
    let rest = line[hashes..].strip_prefix([' ', '\t'])?;
    let title = rest.trim().trim_end_matches('#').trim_end();
    ((1..=6).contains(&hashes) && !title.is_empty()).then(|| Heading {
        style: Style::Markdown(hashes as u8),
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
    fn ranks_styles_by_first_appearance() {
        use Style::*;
        let seen = [Chinese, ParenChinese, Arabic, Chinese, ParenChinese];
        assert_eq!(ranks(seen), vec![Chinese, ParenChinese, Arabic]);
        let markdown = [Markdown(2), Markdown(3), Markdown(1), Title];
        assert_eq!(ranks(markdown), vec![Markdown(1), Markdown(2), Markdown(3)]);
    }
}
