//! The unit after a number: a unit of the catalog (个, 万元, 平方米, ㎡), or any other Chinese
//! measure word (块, 本, 例, 剂), kept in Chinese and flagged for an English word, never
//! dropped. Two compounds are read as one unit: a measure word with 次 (`300余家次`: visits
//! to firms, `10万剂次`: doses given) and 大 before a measure word (`8大类`: eight broad classes).

use crate::metrics::unit::{self, English};
use crate::metrics::{Unit, approx};

/// Chinese measure words (量词) and units the catalog does not hold, so they have no English
/// word yet. Words that are mostly something else after a number are left out: 点 (o'clock),
/// 级 (a level: 三级), 届 (an ordinal), 周 (周年), 分 (a score or a minute), 站 (a stop).
const MEASURE_WORDS: &[&str] = &[
    "本", "块", "例", "种", "剂", "根", "片", "枚", "册", "头", "匹", "把", "顶", "面", "粒", "颗",
    "瓶", "箱", "包", "袋", "盒", "桶", "架", "艘", "趟", "轮", "回", "遍", "起", "宗", "桩", "笔",
    "单", "首", "幅", "封", "扇", "层", "段", "节", "堂", "门", "餐", "双", "对", "副", "组", "队",
    "班", "床", "口", "斤", "升", "课时", "学时",
];

/// A unit found after a number: its Chinese as written and the validated unit.
#[derive(Clone, Debug)]
pub struct Found {
    /// As written, scale folded away: `元` for `万元`, `家次`.
    pub written: String,
    pub unit: Unit,
    /// The power of ten its scale adds (`万元`: 4).
    pub places: u32,
    /// How many characters it takes.
    pub len: usize,
}

fn at(chars: &[char], j: usize, word: &str) -> bool {
    word.chars()
        .enumerate()
        .all(|(k, c)| chars.get(j + k) == Some(&c))
}

/// The unit starting at `j`, if any.
pub fn unit_at(chars: &[char], j: usize) -> Option<Found> {
    let simple = simple_at(chars, j)?;
    // 家次, 户次, 车次: a count of visits to, or trips of, the things the measure word counts.
    if matches!(simple.unit.en, English::Bare | English::Wanted)
        && chars.get(j + simple.len) == Some(&'次')
    {
        let zh = format!("{}次", simple.written);
        return Some(Found {
            unit: unit::wanted(&zh),
            written: zh,
            places: simple.places,
            len: simple.len + 1,
        });
    }
    Some(simple)
}

/// `8大类`: 大 before a measure word. Only after digits: after a Chinese numeral it makes a
/// slogan (`五大行动`).
pub fn big_at(chars: &[char], j: usize) -> Option<Found> {
    if chars.get(j) != Some(&'大') {
        return None;
    }
    let inner = simple_at(chars, j + 1)?;
    let counts = matches!(inner.unit.en, English::Bare | English::Wanted);
    counts.then(|| {
        let zh = format!("大{}", inner.written);
        Found {
            unit: unit::wanted(&zh),
            written: zh,
            places: 0,
            len: inner.len + 1,
        }
    })
}

/// The longest catalog unit, or else a measure word of the list, at `j`.
fn simple_at(chars: &[char], j: usize) -> Option<Found> {
    let mut units: Vec<&str> = unit::catalog();
    units.push("％");
    let catalog = units
        .into_iter()
        .filter(|u| at(chars, j, u))
        .filter_map(|u| {
            let (unit, places) = unit::lookup(u)?;
            let len = u.chars().count();
            Some(Found {
                written: unit.zh.clone(),
                unit,
                places,
                len,
            })
        })
        .max_by_key(|f| f.len);
    catalog.or_else(|| {
        MEASURE_WORDS
            .iter()
            .filter(|w| at(chars, j, w))
            .max_by_key(|w| w.chars().count())
            .map(|w| Found {
                written: w.to_string(),
                unit: unit::wanted(w),
                places: 0,
                len: w.chars().count(),
            })
    })
}

/// A count of things, which a Chinese numeral may carry (八个, 两项): a measure word, or 人,
/// 户, 名; not a time (三年), a rate or money.
pub fn is_count(unit: &Unit) -> bool {
    matches!(unit.en, English::Bare | English::Wanted) || matches!(unit.zh.as_str(), "人" | "户")
}

/// A qualifier word written after the unit (`以上`, `及以上`, `左右`) at `j`.
pub fn after_unit(chars: &[char], j: usize) -> Option<approx::Word> {
    approx::WORDS
        .iter()
        .filter(|w| w.place == approx::Place::AfterUnit)
        .find(|w| at(chars, j, w.zh))
        .copied()
}
