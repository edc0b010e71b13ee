//! Finding the numbers in a piece of text, each normalised to its value so that two
//! notations of one figure compare equal: "1.7万" and "17,000", "35.4 万" and "354,000",
//! "3.91 million" and "391万". Text is walked by characters, never by bytes.
//!
//! Some numbers are kept only as counterparts, never reported: the report's own year
//! (implied throughout), list labels ("1、", "(2)"), numbers inside names ("Plaza 66",
//! "COVID-19", "G20"), and numbers written as words ("four", "四", "January").

use crate::config::Lang;
use crate::metrics::Decimal;

use super::words;

/// A number found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub value: Decimal,
    /// As written, with its 万 or "million": "1.7万", "17,000".
    pub written: String,
    /// Byte offset of the number in the text.
    pub at: usize,
    /// Whether a number missing from the other language is worth reporting.
    pub reportable: bool,
}

/// What the scan knows about the text besides its language.
#[derive(Clone, Copy, Debug)]
pub struct Context {
    pub lang: Lang,
    /// The report's year, implied everywhere, so never reported.
    pub year: u16,
}

/// Every number in `text`, in order.
pub fn numbers(text: &str, context: Context) -> Vec<Found> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        let next = if digit(c).is_some() {
            number(text, &chars, i, context).map(|(f, end)| {
                found.push(f);
                end
            })
        } else if context.lang == Lang::Zh && words::is_chinese_numeral(c) {
            chinese_numerals(text, &chars, i).map(|(f, end)| {
                found.push(f);
                end
            })
        } else if context.lang == Lang::En && c.is_ascii_alphabetic() {
            Some(english_word(text, &chars, i, &mut found))
        } else {
            None
        };
        i = next.unwrap_or(i + 1).max(i + 1);
    }
    found
}

/// An ASCII or full-width digit's value.
fn digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
        _ => None,
    }
}

/// The byte offset of character `i` (the text's end past the last).
fn offset(text: &str, chars: &[(usize, char)], i: usize) -> usize {
    chars.get(i).map_or(text.len(), |(at, _)| *at)
}

fn char_at(chars: &[(usize, char)], i: usize) -> Option<char> {
    chars.get(i).map(|(_, c)| *c)
}

/// Reads digits with grouping commas and a decimal part: returns the plain digits
/// (`17000`, `2733.54`) and the index after the number.
fn digits(chars: &[(usize, char)], start: usize) -> (String, usize) {
    let mut plain = String::new();
    let mut i = start;
    let mut run = 0;
    let mut grouped = false;
    while let Some(c) = char_at(chars, i) {
        if let Some(d) = digit(c) {
            plain.push(d);
            run += 1;
            i += 1;
            continue;
        }
        let group_ok = c == ',' && (grouped && run == 3 || !grouped && (1..=3).contains(&run));
        if group_ok && group_of_three(chars, i + 1) {
            grouped = true;
            run = 0;
            i += 1;
            continue;
        }
        let point = matches!(c, '.' | '．');
        if point && !plain.contains('.') && char_at(chars, i + 1).and_then(digit).is_some() {
            if grouped && run != 3 {
                break;
            }
            plain.push('.');
            i += 1;
            while let Some(d) = char_at(chars, i).and_then(digit) {
                plain.push(d);
                i += 1;
            }
        }
        break;
    }
    (plain, i)
}

/// Whether exactly three digits follow, and then no digit.
fn group_of_three(chars: &[(usize, char)], i: usize) -> bool {
    (i..i + 3).all(|k| char_at(chars, k).and_then(digit).is_some())
        && char_at(chars, i + 3).and_then(digit).is_none()
}

fn number(
    text: &str,
    chars: &[(usize, char)],
    start: usize,
    context: Context,
) -> Option<(Found, usize)> {
    let (plain, end) = digits(chars, start);
    let value = Decimal::parse(&plain)?;
    let (value, end_with_scale) = scaled(chars, end, value, context.lang);
    let written_end = match char_at(chars, skip_spaces(chars, end_with_scale)) {
        Some('%' | '％') => skip_spaces(chars, end_with_scale) + 1,
        _ => end_with_scale,
    };
    let reportable = !(is_report_year(&plain, context.year)
        || is_list_label(chars, start, end)
        || is_in_name(chars, start, context.lang));
    let found = Found {
        value,
        written: text[offset(text, chars, start)..offset(text, chars, written_end)].to_string(),
        at: offset(text, chars, start),
        reportable,
    };
    Some((found, written_end))
}

fn skip_spaces(chars: &[(usize, char)], mut i: usize) -> usize {
    while matches!(
        char_at(chars, i),
        Some(' ' | '\u{a0}' | '\u{2009}' | '\u{202f}')
    ) {
        i += 1;
    }
    i
}

/// Applies a 万 or 亿 (Chinese) or "thousand", "million" (English) after the number.
fn scaled(chars: &[(usize, char)], end: usize, value: Decimal, lang: Lang) -> (Decimal, usize) {
    let at = skip_spaces(chars, end);
    let (places, after) = match lang {
        Lang::Zh => chinese_scale(chars, at),
        Lang::En => {
            let word: String = chars[at.min(chars.len())..]
                .iter()
                .map(|(_, c)| *c)
                .take_while(char::is_ascii_alphabetic)
                .collect();
            let places = words::english_multiplier(&word).unwrap_or(0);
            (places, at + word.chars().count())
        }
    };
    match value.scaled_up(places) {
        Some(scaled) if places > 0 => (scaled, after),
        _ => (value, end),
    }
}

/// 万 (10⁴), 亿 (10⁸), 万亿, and 千万 or 百万 (but not 千米 or 百分之).
fn chinese_scale(chars: &[(usize, char)], at: usize) -> (u32, usize) {
    let mut places = 0;
    let mut i = at;
    loop {
        let step = match (char_at(chars, i), char_at(chars, i + 1)) {
            (Some('万'), _) => (4, 1),
            (Some('亿'), _) => (8, 1),
            (Some('千'), Some('万')) => (7, 2),
            (Some('百'), Some('万')) => (6, 2),
            (Some('千'), Some('亿')) => (11, 2),
            _ => break,
        };
        places += step.0;
        i += step.1;
    }
    (places, i)
}

fn is_report_year(plain: &str, year: u16) -> bool {
    plain == year.to_string()
}

/// "1、", "2.", "3)" at the start of a text, or "(1)" and "（二）" anywhere.
fn is_list_label(chars: &[(usize, char)], start: usize, end: usize) -> bool {
    if end - start > 2 {
        return false;
    }
    let before = start
        .checked_sub(1)
        .and_then(|i| char_at(chars, i))
        .filter(|c| !c.is_whitespace());
    let after = char_at(chars, end);
    let bracketed = matches!(before, Some('(' | '（')) && matches!(after, Some(')' | '）'));
    let leading = chars[..start].iter().all(|(_, c)| c.is_whitespace())
        && matches!(after, Some('、' | '.' | '．' | ')' | '）'))
        && char_at(chars, end + 1).is_none_or(|c| digit(c).is_none());
    bracketed || leading
}

/// A number that is part of a name: glued to Latin letters ("G20", "COVID-19") in either
/// language, or after a capitalised word in the middle of an English sentence ("Plaza 66").
fn is_in_name(chars: &[(usize, char)], start: usize, lang: Lang) -> bool {
    let at = |k: usize| start.checked_sub(k).and_then(|i| char_at(chars, i));
    let glued = at(1).is_some_and(|c| c.is_ascii_alphabetic())
        || (at(1) == Some('-') && at(2).is_some_and(|c| c.is_ascii_alphabetic()));
    if glued || lang != Lang::En || at(1) != Some(' ') {
        return glued;
    }
    let word_end = start - 1;
    let mut word_start = word_end;
    while word_start > 0 && chars[word_start - 1].1.is_ascii_alphabetic() {
        word_start -= 1;
    }
    let word: String = chars[word_start..word_end]
        .iter()
        .map(|(_, c)| *c)
        .collect();
    let title_case = word.len() >= 2
        && word.starts_with(|c: char| c.is_ascii_uppercase())
        && word[1..].chars().all(|c| c.is_ascii_lowercase());
    title_case && !words::is_month(&word) && !starts_sentence(chars, word_start)
}

/// Whether the word starting at `i` opens a sentence.
fn starts_sentence(chars: &[(usize, char)], i: usize) -> bool {
    let before = chars[..i]
        .iter()
        .rev()
        .map(|(_, c)| *c)
        .find(|c| !c.is_whitespace() && !matches!(c, '“' | '"' | '‘' | '\''));
    matches!(before, None | Some('.' | '!' | '?'))
}

fn chinese_numerals(text: &str, chars: &[(usize, char)], start: usize) -> Option<(Found, usize)> {
    let mut end = start;
    while char_at(chars, end).is_some_and(words::is_chinese_numeral) {
        end += 1;
    }
    let run = &text[offset(text, chars, start)..offset(text, chars, end)];
    let value = words::chinese(run)?;
    let found = Found {
        value: Decimal::from_int(value),
        written: run.to_string(),
        at: offset(text, chars, start),
        reportable: false,
    };
    Some((found, end))
}

/// Reads an English word; a number word ("four", "twenty-one", "March") is kept as a
/// counterpart. Returns the index after the word.
fn english_word(
    text: &str,
    chars: &[(usize, char)],
    start: usize,
    found: &mut Vec<Found>,
) -> usize {
    let mut end = start;
    while char_at(chars, end).is_some_and(|c| {
        c.is_ascii_alphabetic()
            || (c == '-' && char_at(chars, end + 1).is_some_and(|n| n.is_ascii_alphabetic()))
    }) {
        end += 1;
    }
    let word = &text[offset(text, chars, start)..offset(text, chars, end)];
    if let Some(value) = words::english(word) {
        let (value, _) = scaled(chars, end, Decimal::from_int(value), Lang::En);
        found.push(Found {
            value,
            written: word.to_string(),
            at: offset(text, chars, start),
            reportable: false,
        });
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(text: &str, lang: Lang) -> Vec<(String, String, bool)> {
        numbers(text, Context { lang, year: 2018 })
            .into_iter()
            .map(|f| (f.value.to_string(), f.written, f.reportable))
            .collect()
    }

    fn reported(text: &str, lang: Lang) -> Vec<String> {
        scan(text, lang)
            .into_iter()
            .filter(|(_, _, r)| *r)
            .map(|(v, _, _)| v)
            .collect()
    }

    #[test]
    fn normalises_wan_and_yi() {
        assert_eq!(
            scan("走访居民1.7万次，募集35.4 万元，共3亿元", Lang::Zh),
            [
                ("17000".into(), "1.7万".into(), true),
                ("354000".into(), "35.4 万".into(), true),
                ("300000000".into(), "3亿".into(), true)
            ]
        );
        assert_eq!(reported("投入1200万元", Lang::Zh), ["12000000"]);
        assert_eq!(reported("跑了3千米", Lang::Zh), ["3"]);
    }

    #[test]
    fn reads_grouping_decimals_and_multipliers_in_english() {
        assert_eq!(
            reported(
                "17,000 visits, CNY 354,000, 2,733.54 m² and 3.91 million",
                Lang::En
            ),
            ["17000", "354000", "2733.54", "3910000"]
        );
        assert_eq!(reported("in 2019, 300 people", Lang::En), ["2019", "300"]);
        assert_eq!(reported("1,2,3", Lang::En), ["1", "2", "3"]);
        assert_eq!(reported("over 90% and 97.15 %", Lang::En)[1], "97.15");
        assert_eq!(scan("over 90%", Lang::En)[0].1, "90%");
        assert_eq!(reported("version 3.0.", Lang::En), ["3"]);
        assert_eq!(reported("１２３人", Lang::Zh), ["123"]);
    }

    #[test]
    fn keeps_names_labels_and_the_report_year_as_counterparts_only() {
        assert!(
            reported(
                "a joint committee for Plaza 66 and COVID-19 and G20",
                Lang::En
            )
            .is_empty()
        );
        assert_eq!(
            reported("Plaza 66 was opened. In 2017 it grew", Lang::En),
            ["66", "2017"]
        );
        assert_eq!(reported("on 12 January 2019", Lang::En), ["12", "2019"]);
        assert!(reported("1、加强党建 (2) 服务 by the end of 2018", Lang::Zh).is_empty());
        assert_eq!(reported("铜仁路330、陕西北路288", Lang::Zh), ["330", "288"]);
    }

    #[test]
    fn reads_numbers_written_as_words() {
        assert_eq!(
            scan("four stages and twelve steps in January", Lang::En)
                .into_iter()
                .map(|(v, _, r)| (v, r))
                .collect::<Vec<_>>(),
            [
                ("4".into(), false),
                ("12".into(), false),
                ("1".into(), false)
            ]
        );
        assert_eq!(scan("四阶十二步", Lang::Zh)[1].0, "12");
    }
}
