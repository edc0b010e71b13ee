//! What a number in Chinese text is: a figure with its unit and qualifier ("1.7 万次", "近
//! 600 家", "1600 余个", "超过 90%", "35.4 万元"), or a date, year, ordinal, address,
//! version or code, which is not a figure; or something to report, like a range or a
//! number without a unit. Works on the characters of a paragraph, never on its bytes.

use std::ops::Range;

use crate::metrics::{Decimal, Qualifier, Unit, unit};

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
    pub approx: Qualifier,
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

/// Whether a number starts at `i` (and not in the middle of one).
pub fn starts_number(chars: &[char], i: usize) -> bool {
    let prev = i.checked_sub(1).map(|k| chars[k]);
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
    let tail = tail(chars, end);
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
    let (qualifier_start, before_qualifier) = qualifier_before(chars, before);
    let approx = before_qualifier.or(tail.approx).unwrap_or(Qualifier::Exact);
    Reading::Figure(Figure {
        span: qualifier_start.unwrap_or(start)..tail.end,
        value,
        unit,
        approx,
        doubt,
    })
}

/// Dates (`2019-01-12`, `1 月 12 日`), years (`2018 年`), ordinals (`第 3`), versions
/// (`3.0 版本`) and codes (`4A`): where the thing ends; `None` for a possible figure.
fn not_a_figure(chars: &[char], number: &Number, start: usize, before: usize) -> Option<usize> {
    let end = number.end;
    let next = skip_spaces(chars, end);
    let dotted = chars.get(end) == Some(&'.') && chars.get(end + 1).is_some_and(|&c| is_digit(c));
    if dotted || (number.is_year() && matches!(chars.get(end), Some('-' | '.' | '/'))) {
        return Some(date_end(chars, end));
    }
    let latin = |c: Option<&char>| c.is_some_and(|c| c.is_ascii_alphabetic());
    let skip = latin(start.checked_sub(1).map(|k| &chars[k]))
        || latin(chars.get(end))
        || ends_with(chars, before, "第")
        || ends_with(chars, before, "版本")
        || matches!(
            chars.get(next),
            Some('月' | '日' | '号' | '时' | '版' | '届' | '/')
        )
        || (number.is_year() && at(chars, next, "年"));
    skip.then_some(end)
}

/// `2019-01-12`, `2019.1.12`: where the date that starts with a year ends.
fn date_end(chars: &[char], mut end: usize) -> usize {
    while matches!(chars.get(end), Some('-' | '.' | '/'))
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

/// What follows a number: 万/亿, 余/多, the unit, 以上/左右.
#[derive(Debug)]
struct Tail {
    places: u32,
    /// Where the unit starts (after the scale and 余/多).
    unit_at: usize,
    unit: Option<String>,
    approx: Option<Qualifier>,
    end: usize,
}

fn tail(chars: &[char], end: usize) -> Tail {
    let mut j = skip_spaces(chars, end);
    let mut approx = None;
    let mut places = 0;
    for pass in 0..2 {
        if matches!(chars.get(j), Some('余' | '多')) && approx.is_none() {
            approx = Some(Qualifier::Over);
            j = skip_spaces(chars, j + 1);
        }
        if pass == 0 {
            places = match chars.get(j) {
                Some('万') => 4,
                Some('亿') => 8,
                _ => 0,
            };
            if places > 0 {
                j = skip_spaces(chars, j + 1);
            }
        }
    }
    let unit_at = j;
    let unit = catalog_unit(chars, j);
    match &unit {
        Some(unit) => {
            j += unit.chars().count();
            for (word, qualifier) in [("以上", Qualifier::AtLeast), ("左右", Qualifier::About)]
            {
                if at(chars, j, word) && approx.is_none() {
                    approx = Some(qualifier);
                    j += 2;
                }
            }
        }
        // `多` without a unit after it is a word of its own (`多元`), not a qualifier.
        None if places == 0 => (approx, j) = (None, end),
        None => {}
    }
    Tail {
        places,
        unit_at,
        unit,
        approx,
        end: j,
    }
}

/// The longest unit of the catalog starting at `j`.
fn catalog_unit(chars: &[char], j: usize) -> Option<String> {
    let mut units: Vec<&str> = unit::catalog();
    units.push("％");
    units
        .into_iter()
        .filter(|u| at(chars, j, u))
        .max_by_key(|u| u.chars().count())
        .map(str::to_string)
}

/// The unit of a figure, with a doubt when it had to be guessed: `13.2 万帮困助学金` is
/// money, though it names no 元.
fn tail_unit(chars: &[char], tail: &Tail) -> Option<(Unit, Option<String>)> {
    if let Some(zh) = &tail.unit {
        let (unit, _) = unit::lookup(zh)?;
        return Some((unit, None));
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

/// 近 / 将近 / 接近 600, 约 30, 超过 90%, 逾 100, 至少 5: where the qualifier starts.
fn qualifier_before(chars: &[char], before: usize) -> (Option<usize>, Option<Qualifier>) {
    const WORDS: &[(&str, Qualifier)] = &[
        ("超过", Qualifier::Over),
        ("逾", Qualifier::Over),
        ("超", Qualifier::Over),
        ("将近", Qualifier::Nearly),
        ("接近", Qualifier::Nearly),
        ("近", Qualifier::Nearly),
        ("大约", Qualifier::About),
        ("约", Qualifier::About),
        ("不少于", Qualifier::AtLeast),
        ("至少", Qualifier::AtLeast),
    ];
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
    for (word, qualifier) in WORDS {
        if ends_with(chars, before, word) {
            return (Some(before - word.chars().count()), Some(*qualifier));
        }
    }
    (None, None)
}
