//! What a number in Chinese text is: a figure with its unit and qualifier ("1.7 万次", "近
//! 600 家", "1400 多个", "超过 90%", "35.4 万元", "八项"), or a date, year, age, ordinal,
//! address, version, code name or a name that holds a number, which is not a figure; or
//! something to report, like a range or a number without a unit. Works on the characters of
//! a paragraph, never on its bytes.

use std::ops::Range;

use super::chinese;
use super::measure::{self, Found};
use crate::metrics::approx::{self, Place, Word};
use crate::metrics::{Approx, Decimal, Qualifier, Unit, unit};

/// What a number in the text turned out to be.
#[derive(Debug)]
pub enum Reading {
    Figure(Figure),
    /// A date, year, ordinal, address, version or code: not a figure, nothing to report.
    Skip {
        end: usize,
    },
    /// Perhaps a figure, but not one nianbao can propose.
    Doubt {
        end: usize,
        why: String,
    },
}

#[derive(Debug)]
pub struct Figure {
    /// Characters from the qualifier before the number to the end of the unit.
    pub span: Range<usize>,
    pub value: Decimal,
    pub unit: Unit,
    pub approx: Approx,
    /// Why the unit is a guess, if it is.
    pub doubt: Option<String>,
}

/// An ASCII or full-width digit.
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn ascii_digit(c: char) -> char {
    if c.is_ascii_digit() {
        c
    } else {
        char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c)
    }
}

/// Whether a number, in digits or Chinese numerals, starts at `i` (and not in the middle of
/// one).
pub fn starts_number(chars: &[char], i: usize) -> bool {
    let prev = i.checked_sub(1).map(|k| chars[k]);
    if chinese::is_numeral(chars[i]) {
        return !prev.is_some_and(chinese::is_numeral);
    }
    // A comma after a digit groups digits (`1,600`); after a word it separates clauses.
    let grouping = prev == Some(',') && i >= 2 && is_digit(chars[i - 2]);
    is_digit(chars[i]) && !grouping && !prev.is_some_and(|p| is_digit(p) || matches!(p, '.' | '．'))
}

/// A number as written: `1.7`, `2,733.54`, `１２`.
struct Number {
    /// In plain ASCII notation: `2733.54`.
    text: String,
    end: usize,
}

impl Number {
    /// `2018`: four digits that could be a year.
    fn is_year(&self) -> bool {
        self.text.len() == 4
            && self
                .text
                .parse::<u32>()
                .is_ok_and(|y| (1900..=2100).contains(&y))
    }
}

fn number(chars: &[char], start: usize) -> Number {
    let mut text = String::new();
    let mut j = start;
    while j < chars.len() && is_digit(chars[j]) {
        text.push(ascii_digit(chars[j]));
        j += 1;
    }
    while text.len() <= 3
        && chars.get(j) == Some(&',')
        && (1..=3).all(|k| chars.get(j + k).is_some_and(|&c| c.is_ascii_digit()))
        && !chars.get(j + 4).is_some_and(|&c| is_digit(c))
    {
        text.extend(&chars[j + 1..j + 4]);
        j += 4;
    }
    if matches!(chars.get(j), Some('.' | '．')) && chars.get(j + 1).is_some_and(|&c| is_digit(c)) {
        text.push('.');
        j += 1;
        while j < chars.len() && is_digit(chars[j]) {
            text.push(ascii_digit(chars[j]));
            j += 1;
        }
    }
    Number { text, end: j }
}

fn skip_spaces(chars: &[char], mut j: usize) -> usize {
    while chars
        .get(j)
        .is_some_and(|c| matches!(c, ' ' | '\u{3000}' | '\t'))
    {
        j += 1;
    }
    j
}

fn at(chars: &[char], j: usize, word: &str) -> bool {
    word.chars()
        .enumerate()
        .all(|(k, c)| chars.get(j + k) == Some(&c))
}

fn ends_with(chars: &[char], end: usize, word: &str) -> bool {
    let n = word.chars().count();
    end >= n && at(chars, end - n, word)
}

/// Reads the number at `start` and what surrounds it.
pub fn read(chars: &[char], start: usize) -> Reading {
    if chinese::is_numeral(chars[start]) {
        return read_chinese(chars, start);
    }
    let number = number(chars, start);
    let end = number.end;
    let mut before = start;
    while before > 0 && matches!(chars[before - 1], ' ' | '\u{3000}') {
        before -= 1;
    }
    if let Some(end) = not_a_figure(chars, &number, start, before) {
        return Reading::Skip { end };
    }
    if let Some(end) = range_end(chars, skip_spaces(chars, end)) {
        let why = "a range, not one figure".into();
        return Reading::Doubt { end, why };
    }
    let tail = tail(chars, end, true);
    let Some(value) = Decimal::parse(&number.text).and_then(|v| v.scaled_up(tail.places)) else {
        let why = "a number too long or too precise for a figure".into();
        return Reading::Doubt { end, why };
    };
    let Some((unit, doubt)) = tail_unit(chars, &tail) else {
        let why = if tail.places > 0 {
            "a number in 万 or 亿 without a unit".to_string()
        } else if number.is_year() || is_address(chars, before) {
            return Reading::Skip { end };
        } else {
            "a number without a unit".to_string()
        };
        return Reading::Doubt { end: tail.end, why };
    };
    figure(chars, start..tail.end, before, value, unit, &tail, doubt)
}

/// The figure, with the qualifier before it if there is one: that word wins over a second
/// one after the number (`约1200余人` is "about 1,200").
fn figure(
    chars: &[char],
    span: Range<usize>,
    before: usize,
    value: Decimal,
    unit: Unit,
    tail: &Tail,
    doubt: Option<String>,
) -> Reading {
    let (qualifier_start, before_word) = qualifier_before(chars, before);
    // 近3年, 近5个月: "the past three years", a period, not a figure.
    if before_word.is_some_and(|w| w.kind == Qualifier::Nearly)
        && matches!(unit.zh.as_str(), "年" | "个月" | "天")
    {
        return Reading::Skip { end: span.end };
    }
    let word = before_word.or(tail.word);
    let approx = word.map_or(Approx::EXACT, |w| {
        Approx::written(w.zh).unwrap_or(Approx::EXACT)
    });
    Reading::Figure(Figure {
        span: qualifier_start.unwrap_or(span.start)..span.end,
        value,
        unit,
        approx,
        doubt,
    })
}

/// A count in Chinese numerals: a figure only with a measure word, where it can count.
fn read_chinese(chars: &[char], start: usize) -> Reading {
    let mut end = start;
    while chars.get(end).is_some_and(|&c| chinese::is_numeral(c)) {
        end += 1;
    }
    let skip = Reading::Skip { end };
    let Some(value) = chinese::value(&chars[start..end]) else {
        return skip;
    };
    if !chinese::can_count(chars, start) || in_quotation(chars, start) {
        return skip;
    }
    let tail = tail(chars, end, false);
    let Some(found) = &tail.unit else {
        return skip;
    };
    let one_word =
        value == 1 && (!chinese::one_counts(&found.written) || chinese::describes(chars, tail.end));
    if tail.places > 0 || !measure::is_count(&found.unit) || one_word {
        return skip;
    }
    let value = Decimal::from_int(value as i64);
    figure(
        chars,
        start..tail.end,
        start,
        value,
        found.unit.clone(),
        &tail,
        None,
    )
}

/// Dates (`2019-01-12`, `1 月 12 日`, `3·5`), years (`2018 年`), ages (`60岁以上`),
/// anniversaries (`100周年`), ordinals (`第 3`), versions (`3.0 版本`), codes (`4A`, `2+12`)
/// and names in quotation marks (`“光荣在党50年”`): where the thing ends; `None` for a
/// possible figure.
fn not_a_figure(chars: &[char], number: &Number, start: usize, before: usize) -> Option<usize> {
    let end = number.end;
    let next = skip_spaces(chars, end);
    let dotted = chars.get(end) == Some(&'.') && chars.get(end + 1).is_some_and(|&c| is_digit(c));
    let dated = matches!(chars.get(end), Some('-' | '.' | '/' | '·'));
    if dotted || (number.is_year() && dated) || chars.get(end) == Some(&'·') {
        return Some(date_end(chars, end));
    }
    let latin = |c: Option<&char>| c.is_some_and(|c| c.is_ascii_alphabetic());
    let prev = start.checked_sub(1).map(|k| &chars[k]);
    // `2+12`, `1+6+1+2`, `+7人员`: numbers joined by + name a scheme or a category.
    let code = matches!(prev, Some('+' | '＋' | '·')) || matches!(chars.get(end), Some('+' | '＋'));
    let skip = latin(prev)
        || latin(chars.get(end))
        || code
        || is_list_number(chars, start, end)
        || ends_with(chars, before, "第")
        || ends_with(chars, before, "版本")
        || in_quotation(chars, start)
        || matches!(
            chars.get(next),
            Some('月' | '日' | '号' | '时' | '版' | '届' | '/' | '岁' | ':' | '：')
        )
        || at(chars, next, "周年")
        || at(chars, next, "周岁")
        || (number.is_year() && at(chars, next, "年"));
    skip.then_some(end)
}

/// `1.`, `2、`, `(3)` at the start of a line, `[1]` anywhere: a list number or a footnote
/// mark (Markdown escapes the dot of `1\.` in imported text).
fn is_list_number(chars: &[char], start: usize, end: usize) -> bool {
    let prev = start.checked_sub(1).map(|k| chars[k]);
    let next = chars.get(end).copied();
    let escaped_dot = next == Some('\\') && chars.get(end + 1) == Some(&'.');
    let starts_line = prev.is_none_or(|c| c == '\n' || c.is_whitespace());
    let listed = matches!(next, Some('.' | '．' | '、')) || escaped_dot;
    let bracketed = matches!((prev, next), (Some('(' | '（'), Some(')' | '）')))
        || (prev == Some('[') && next == Some(']'));
    (starts_line && listed) || bracketed
}

/// Whether `i` is inside a short quotation (`“光荣在党50年”`, `“330”`, `“六个精准”`): a
/// name or a slogan, not a quantity.
fn in_quotation(chars: &[char], i: usize) -> bool {
    const SHORT: usize = 16;
    let opened = (i.saturating_sub(SHORT)..i)
        .rev()
        .find(|&k| matches!(chars[k], '“' | '”'))
        .is_some_and(|k| chars[k] == '“');
    let closed = (i..chars.len().min(i + SHORT)).any(|k| chars[k] == '”');
    opened && closed
}

/// `2019-01-12`, `2019.1.12`, `3·5`: where the date ends.
fn date_end(chars: &[char], mut end: usize) -> usize {
    while matches!(chars.get(end), Some('-' | '.' | '/' | '·'))
        && chars.get(end + 1).is_some_and(|&c| is_digit(c))
    {
        end += 1;
        while chars.get(end).is_some_and(|&c| is_digit(c)) {
            end += 1;
        }
    }
    end
}

/// `3-5 个`, `3 至 5 个`: where the second number ends.
fn range_end(chars: &[char], next: usize) -> Option<usize> {
    if !matches!(
        chars.get(next),
        Some('-' | '–' | '—' | '~' | '～' | '至' | '到')
    ) {
        return None;
    }
    let second = skip_spaces(chars, next + 1);
    chars
        .get(second)
        .is_some_and(|&c| is_digit(c))
        .then(|| number(chars, second).end)
}

fn is_address(chars: &[char], before: usize) -> bool {
    before > 0
        && matches!(
            chars[before - 1],
            '路' | '街' | '弄' | '巷' | '号' | '道' | '村'
        )
}

/// What follows a number: 余/多, 万/亿, the unit, 以上/左右.
#[derive(Debug)]
struct Tail {
    places: u32,
    /// Where the unit starts (after the scale and 余/多).
    unit_at: usize,
    unit: Option<Found>,
    word: Option<Word>,
    end: usize,
}

/// 余 or 多 at `j`, right after the number or its scale.
fn after_number(chars: &[char], j: usize) -> Option<Word> {
    let zh = match chars.get(j) {
        Some('余') => "余",
        Some('多') => "多",
        _ => return None,
    };
    approx::lookup(zh).filter(|w| w.place == Place::AfterNumber)
}

fn tail(chars: &[char], end: usize, digits: bool) -> Tail {
    let mut j = skip_spaces(chars, end);
    let mut word = after_number(chars, j);
    if word.is_some() {
        j = skip_spaces(chars, j + 1);
    }
    let places = match chars.get(j) {
        Some('万') => 4,
        Some('亿') => 8,
        _ => 0,
    };
    if places > 0 {
        j = skip_spaces(chars, j + 1);
        if word.is_none()
            && let Some(w) = after_number(chars, j)
        {
            word = Some(w);
            j = skip_spaces(chars, j + 1);
        }
    }
    let unit_at = j;
    let found =
        measure::unit_at(chars, j).or_else(|| digits.then(|| measure::big_at(chars, j)).flatten());
    match &found {
        Some(found) => {
            j += found.len;
            if let Some(after) = measure::after_unit(chars, j) {
                j += after.zh.chars().count();
                word = word.or(Some(after));
            }
        }
        // `多` without a unit after it is a word of its own (`多元`), not a qualifier.
        None if places == 0 => (word, j) = (None, end),
        None => {}
    }
    Tail {
        places: places + found.as_ref().map_or(0, |f| f.places),
        unit_at,
        unit: found,
        word,
        end: j,
    }
}

/// The unit of a figure, with a doubt when it had to be guessed: `13.2 万帮困助学金` is
/// money, though it names no 元; `52块` is kept as 块, its English word still to be chosen.
fn tail_unit(chars: &[char], tail: &Tail) -> Option<(Unit, Option<String>)> {
    if let Some(found) = &tail.unit {
        let doubt = (found.unit.en == unit::English::Wanted).then(|| {
            format!(
                "“{}” is not in the unit catalog: kept in Chinese, its English word wanted",
                found.written
            )
        });
        return Some((found.unit.clone(), doubt));
    }
    if tail.places == 0 {
        return None;
    }
    let words: String = chars[tail.unit_at..]
        .iter()
        .take_while(|c| !matches!(c, '，' | ',' | '。' | '；' | ';' | '、'))
        .take(8)
        .collect();
    let money = ["金", "款", "经费", "补贴", "补助", "奖励", "费"]
        .iter()
        .find(|word| words.contains(*word))?;
    let (unit, _) = unit::lookup("元")?;
    let why = format!("no unit after the number; read as 元 from “{money}” in “{words}”");
    Some((unit, Some(why)))
}

/// 近 / 将近 / 接近 600, 约 30, 超过 90%, 逾 100, 突破 20 万, 至少 5: the word and where it
/// starts.
fn qualifier_before(chars: &[char], before: usize) -> (Option<usize>, Option<Word>) {
    // Words that end in a qualifier's character without being one: 预签约 1090 证.
    const NOT_QUALIFIERS: &[&str] = &[
        "最近", "附近", "邻近", "靠近", "就近", "临近", "亲近", "签约", "节约", "预约", "合约",
        "条约", "公约", "制约", "履约", "违约", "特约", "简约", "赶超",
    ];
    if NOT_QUALIFIERS
        .iter()
        .any(|word| ends_with(chars, before, word))
    {
        return (None, None);
    }
    let word = approx::WORDS
        .iter()
        .filter(|w| w.place == Place::Before)
        .find(|w| ends_with(chars, before, w.zh));
    match word {
        Some(w) => (Some(before - w.zh.chars().count()), Some(*w)),
        None => (None, None),
    }
}
