//! Word's own list numbering (`word/numbering.xml`), rendered as the document shows it: each
//! list (`w:num`) counts per level from its start, a level restarts the levels below it, and
//! the level's text (`%1、`, `（%1）`, `%1.%2`) is filled with the counters in the level's
//! format (`chineseCounting` 一, `decimal` 1, `ideographTraditional` 甲, …).

use std::collections::HashMap;

use roxmltree::Document;

use super::body::{attr, child, is};

/// The lists a document defines.
#[derive(Debug, Default)]
pub struct Numbering {
    /// Each abstract numbering's levels, by level.
    abstracts: HashMap<String, HashMap<u8, Level>>,
    /// Each list: its abstract numbering and the levels whose start it overrides.
    lists: HashMap<String, (String, HashMap<u8, u32>)>,
}

#[derive(Debug, Clone)]
struct Level {
    start: u32,
    format: String,
    text: String,
}

/// What a numbered paragraph shows before its text.
#[derive(Debug, PartialEq, Eq)]
pub enum Marker {
    Number(String),
    Bullet,
}

/// Where each list has counted to, by list id and level.
#[derive(Debug, Default)]
pub struct Counters(HashMap<String, [Option<u32>; 9]>);

impl Numbering {
    pub fn read(document: &Document) -> Numbering {
        let mut numbering = Numbering::default();
        let root = document.root_element();
        for definition in root.children().filter(|n| is(n, "abstractNum")) {
            let Some(id) = attr(definition, "abstractNumId") else {
                continue;
            };
            let levels = definition
                .children()
                .filter(|n| is(n, "lvl"))
                .filter_map(|level| {
                    let value = |name: &str| child(level, name).and_then(|n| attr(n, "val"));
                    let ilvl = attr(level, "ilvl")?.parse().ok()?;
                    let start = value("start").and_then(|s| s.parse().ok()).unwrap_or(1);
                    let format = value("numFmt").unwrap_or("decimal").to_string();
                    let text = value("lvlText").unwrap_or("").to_string();
                    Some((
                        ilvl,
                        Level {
                            start,
                            format,
                            text,
                        },
                    ))
                })
                .collect();
            numbering.abstracts.insert(id.to_string(), levels);
        }
        for list in root.children().filter(|n| is(n, "num")) {
            let Some(id) = attr(list, "numId") else {
                continue;
            };
            let Some(abstract_id) = child(list, "abstractNumId").and_then(|n| attr(n, "val"))
            else {
                continue;
            };
            let starts = list
                .children()
                .filter(|n| is(n, "lvlOverride"))
                .filter_map(|o| {
                    let ilvl = attr(o, "ilvl")?.parse().ok()?;
                    let start = attr(child(o, "startOverride")?, "val")?.parse().ok()?;
                    Some((ilvl, start))
                })
                .collect();
            numbering
                .lists
                .insert(id.to_string(), (abstract_id.to_string(), starts));
        }
        numbering
    }

    /// Counts the next paragraph of list `id` at `level` and returns its marker; `None` for
    /// a list the document does not define (or `numId` 0, "no numbering").
    pub fn next(&self, counters: &mut Counters, id: &str, level: u8) -> Option<Marker> {
        let (abstract_id, starts) = self.lists.get(id)?;
        let levels = self.abstracts.get(abstract_id)?;
        let this = levels.get(&level)?;
        let ilvl = usize::from(level).min(8);
        let start = |l: usize| {
            let l = l as u8;
            starts
                .get(&l)
                .copied()
                .or_else(|| levels.get(&l).map(|d| d.start))
                .unwrap_or(1)
        };
        let counts = counters.0.entry(id.to_string()).or_default();
        counts[ilvl] = Some(counts[ilvl].map_or(start(ilvl), |n| n + 1));
        counts[ilvl + 1..].iter_mut().for_each(|n| *n = None);
        if this.format == "bullet" {
            return Some(Marker::Bullet);
        }
        let mut shown = String::new();
        let mut chars = this.text.chars().peekable();
        while let Some(c) = chars.next() {
            let digit = chars
                .peek()
                .and_then(|d| d.to_digit(10))
                .filter(|d| *d >= 1);
            match (c, digit) {
                ('%', Some(d)) => {
                    chars.next();
                    let l = (d - 1) as usize;
                    let n = counts[l].unwrap_or_else(|| start(l));
                    let format = levels.get(&(l as u8)).map_or("decimal", |d| &d.format);
                    shown.push_str(&number(n, format));
                }
                _ => shown.push(c),
            }
        }
        Some(Marker::Number(shown))
    }
}

/// `n` written in one of Word's number formats.
pub fn number(n: u32, format: &str) -> String {
    let from = |list: &str| {
        list.chars()
            .nth(n.wrapping_sub(1) as usize)
            .map(String::from)
    };
    let shifted = |first: u32, count: u32| {
        (1..=count)
            .contains(&n)
            .then(|| char::from_u32(first + n - 1).map(String::from))
            .flatten()
    };
    let written = match format {
        "decimalZero" => Some(format!("{n:02}")),
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand" => Some(chinese(n)),
        "ideographDigital" | "taiwaneseDigital" => Some(
            n.to_string()
                .chars()
                .map(|d| {
                    "〇一二三四五六七八九"
                        .chars()
                        .nth(d as usize - '0' as usize)
                        .unwrap_or(d)
                })
                .collect(),
        ),
        "chineseLegalSimplified" => Some(
            chinese(n)
                .chars()
                .map(|c| match "一二三四五六七八九十百千".find(c) {
                    Some(i) => "壹贰叁肆伍陆柒捌玖拾佰仟"[i..].chars().next().unwrap_or(c),
                    None => c,
                })
                .collect(),
        ),
        "ideographTraditional" => from("甲乙丙丁戊己庚辛壬癸"),
        "ideographZodiac" => from("子丑寅卯辰巳午未申酉戌亥"),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => shifted(0x2460, 20),
        "decimalEnclosedParen" => shifted(0x2474, 20),
        "decimalEnclosedFullstop" => shifted(0x2488, 20),
        "decimalFullWidth" | "decimalFullWidth2" => Some(
            n.to_string()
                .chars()
                .filter_map(|d| char::from_u32(d as u32 - '0' as u32 + 0xFF10))
                .collect(),
        ),
        "upperLetter" | "lowerLetter" => {
            let letter = char::from(b'A' + ((n.max(1) - 1) % 26) as u8);
            let repeat = ((n.max(1) - 1) / 26 + 1) as usize;
            let text = letter.to_string().repeat(repeat);
            Some(if format == "lowerLetter" {
                text.to_lowercase()
            } else {
                text
            })
        }
        "upperRoman" | "lowerRoman" => {
            let text = roman(n);
            Some(if format == "lowerRoman" {
                text.to_lowercase()
            } else {
                text
            })
        }
        "none" => Some(String::new()),
        _ => None,
    };
    written.unwrap_or_else(|| n.to_string())
}

/// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五.
fn chinese(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if n == 0 || n >= 10_000 {
        return n.to_string();
    }
    let mut out = String::new();
    let mut zero = false;
    for (value, unit) in [(1000, "千"), (100, "百"), (10, "十"), (1, "")] {
        let digit = (n / value % 10) as usize;
        if digit == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        if !(value == 10 && digit == 1 && out.is_empty()) {
            out.push_str(DIGITS[digit]);
        }
        out.push_str(unit);
    }
    out
}

fn roman(n: u32) -> String {
    const NUMERALS: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut n = n;
    let mut out = String::new();
    for (value, numeral) in NUMERALS {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_numbers_in_word_formats() {
        let cases = [
            (1, "chineseCounting", "一"),
            (10, "chineseCounting", "十"),
            (12, "chineseCountingThousand", "十二"),
            (20, "chineseCounting", "二十"),
            (105, "chineseCounting", "一百零五"),
            (3, "decimal", "3"),
            (3, "decimalZero", "03"),
            (2, "ideographTraditional", "乙"),
            (3, "decimalEnclosedCircle", "③"),
            (12, "chineseLegalSimplified", "拾贰"),
            (4, "lowerRoman", "iv"),
            (28, "upperLetter", "BB"),
            (2, "somethingNew", "2"),
        ];
        for (n, format, written) in cases {
            assert_eq!(number(n, format), written, "{n} {format}");
        }
    }

    const NUMBERING: &str = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
        <w:abstractNum w:abstractNumId="7">
          <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
          <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
          <w:lvl w:ilvl="2"><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%3"/></w:lvl>
        </w:abstractNum>
        <w:abstractNum w:abstractNumId="8"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>
        <w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>
        <w:num w:numId="2"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride></w:num>
        <w:num w:numId="3"><w:abstractNumId w:val="8"/></w:num>
    </w:numbering>"#;

    #[test]
    fn counts_each_list_by_level_and_restarts_the_levels_below() {
        let document = Document::parse(NUMBERING).unwrap();
        let numbering = Numbering::read(&document);
        let mut counters = Counters::default();
        let mut next = |id: &str, level: u8| match numbering.next(&mut counters, id, level) {
            Some(Marker::Number(text)) => text,
            Some(Marker::Bullet) => "bullet".to_string(),
            None => "none".to_string(),
        };
        let shown: Vec<String> = [
            ("1", 0),
            ("1", 1),
            ("1", 1),
            ("1", 2),
            ("1", 0),
            ("1", 1),
            ("2", 0),
            ("3", 0),
            ("0", 0),
        ]
        .into_iter()
        .map(|(id, level)| next(id, level))
        .collect();
        assert_eq!(
            shown,
            [
                "一、",
                "（一）",
                "（二）",
                "一.1",
                "二、",
                "（一）",
                "三、",
                "bullet",
                "none"
            ]
        );
    }
}
