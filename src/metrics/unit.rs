//! Units of measure and their English forms. A report writes 个, 户, 万元, 平方米; the unit
//! catalog says how each reads in English, and which are only Chinese measure words.

use serde::Deserialize;

/// How a unit is written after (or before) an English number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum English {
    /// A Chinese measure word (个, 家, 处): the English sentence names the thing itself.
    Bare,
    /// A countable noun: "1 household", "66 households".
    Noun { one: String, many: String },
    /// A currency written before the number: "CNY 354,000".
    Currency(&'static str),
    /// The percent sign, written against the number: "90%".
    Percent,
    /// A symbol after a space: "2,733.54 m²".
    Symbol(&'static str),
    /// A unit outside the catalog whose English word is still to be chosen
    /// (`unit = { zh = "剂", en = "" }`): English shows the number alone meanwhile, and
    /// `check` lists it.
    Wanted,
}

/// A validated unit. Scaled forms (万元, 万人次) are folded into their base unit at load
/// time, so values of the same series are always in the same unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    /// The base Chinese unit: `元`, never `万元`.
    pub zh: String,
    pub en: English,
}

impl Unit {
    pub fn is_percent(&self) -> bool {
        self.en == English::Percent
    }

    /// The unit's English form on its own, as a table header or data column shows it.
    pub fn en_name(&self) -> &str {
        match &self.en {
            English::Bare | English::Wanted => "",
            English::Noun { many, .. } => many,
            English::Currency(code) => code,
            English::Percent => "%",
            English::Symbol(symbol) => symbol,
        }
    }
}

/// `unit = "户"` or `unit = { zh = "次", en = "sessions" }` in front matter.
#[derive(Deserialize)]
#[serde(untagged)]
pub enum RawUnit {
    Catalog(String),
    Table(RawUnitTable),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUnitTable {
    pub zh: String,
    pub en: String,
}

/// Measure words: no English form of their own.
const MEASURE_WORDS: &[&str] = &[
    "个", "家", "处", "场", "名", "张", "份", "只", "条", "项", "证", "座", "所", "台", "辆", "件",
    "篇", "批", "栋", "间", "支", "套", "部", "位", "期", "类", "幢", "盏", "棵", "株",
];

/// Units with an English noun: (zh, singular, plural).
const NOUNS: &[(&str, &str, &str)] = &[
    ("人", "person", "people"),
    ("人次", "person-time", "person-times"),
    ("户", "household", "households"),
    ("次", "visit", "visits"),
    ("年", "year", "years"),
    ("天", "day", "days"),
    ("小时", "hour", "hours"),
    ("个月", "month", "months"),
    ("岁", "year of age", "years of age"),
    ("个百分点", "percentage point", "percentage points"),
];

/// Units written as a symbol in English.
const SYMBOLS: &[(&str, &str)] = &[
    ("平方米", "m²"),
    ("㎡", "m²"),
    ("微克/立方米", "μg/m³"),
    ("平方公里", "km²"),
    ("公顷", "ha"),
    ("亩", "mu"),
    ("公里", "km"),
    ("米", "m"),
    ("吨", "t"),
    ("千克", "kg"),
    ("公斤", "kg"),
    ("立方米", "m³"),
    ("千瓦时", "kWh"),
];

/// The units a metric may name without giving an English form, for messages and docs.
pub fn catalog() -> Vec<&'static str> {
    let mut all: Vec<&str> = vec!["%", "元"];
    all.extend(NOUNS.iter().map(|(zh, _, _)| *zh));
    all.extend(SYMBOLS.iter().map(|(zh, _)| *zh));
    all.extend(MEASURE_WORDS);
    all
}

/// Looks a Chinese unit up in the catalog. Returns the unit and the power of ten its
/// values are multiplied by (`万元` is `元` times 10^4).
pub fn lookup(zh: &str) -> Option<(Unit, u32)> {
    if let Some(base) = base_unit(zh) {
        return Some((base, 0));
    }
    for (prefix, places) in [("万", 4), ("亿", 8)] {
        if let Some(base) = zh.strip_prefix(prefix).and_then(base_unit)
            && !base.is_percent()
        {
            return Some((base, places));
        }
    }
    None
}

fn base_unit(zh: &str) -> Option<Unit> {
    let en = if zh == "%" || zh == "％" {
        English::Percent
    } else if zh == "元" {
        English::Currency("CNY")
    } else if let Some((_, one, many)) = NOUNS.iter().find(|(z, _, _)| *z == zh) {
        English::Noun {
            one: one.to_string(),
            many: many.to_string(),
        }
    } else if let Some((_, symbol)) = SYMBOLS.iter().find(|(z, _)| *z == zh) {
        English::Symbol(symbol)
    } else if MEASURE_WORDS.contains(&zh) {
        English::Bare
    } else {
        return None;
    };
    let zh = if zh == "％" { "%" } else { zh };
    Some(Unit {
        zh: zh.to_string(),
        en,
    })
}

/// A unit outside the catalog, kept in Chinese until an editor gives its English word.
pub fn wanted(zh: &str) -> Unit {
    Unit {
        zh: zh.to_string(),
        en: English::Wanted,
    }
}

/// A unit given with both forms. A catalog unit keeps its scale; its English is replaced.
/// An empty English word is a measure word's (the English names the thing) for a catalog
/// unit, and a word still wanted for any other.
pub fn from_table(zh: &str, en: &str) -> (Unit, u32) {
    let (catalogued, places) = lookup(zh).unwrap_or((wanted(zh), 0));
    let en = en.trim();
    let english = if en.is_empty() && catalogued.en == English::Wanted {
        English::Wanted
    } else if en.is_empty() {
        English::Bare
    } else {
        English::Noun {
            one: en.to_string(),
            many: en.to_string(),
        }
    };
    (
        Unit {
            zh: catalogued.zh,
            en: english,
        },
        places,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_scaled_units_into_their_base() {
        let (unit, places) = lookup("万元").unwrap();
        assert_eq!((unit.zh.as_str(), places), ("元", 4));
        assert_eq!(lookup("万人次").unwrap().1, 4);
        assert_eq!(lookup("亿元").unwrap().1, 8);
        assert_eq!(lookup("万%"), None);
    }

    #[test]
    fn knows_measure_words_have_no_english() {
        assert_eq!(lookup("家").unwrap().0.en, English::Bare);
        assert_eq!(lookup("平方米").unwrap().0.en_name(), "m²");
        assert_eq!(lookup("％").unwrap().0.zh, "%");
        assert_eq!(lookup("公顷").unwrap().0.en, English::Symbol("ha"));
        assert_eq!(lookup("furlong"), None);
    }

    #[test]
    fn table_overrides_english_but_keeps_scale() {
        let (unit, places) = from_table("万人次", "volunteer turnouts");
        assert_eq!(unit.zh, "人次");
        assert_eq!(places, 4);
        assert_eq!(unit.en_name(), "volunteer turnouts");
        assert_eq!(from_table("座", "").0.en, English::Bare);
    }

    #[test]
    fn a_unit_outside_the_catalog_without_english_wants_a_word() {
        assert_eq!(from_table("剂", "").0.en, English::Wanted);
        assert_eq!(from_table("剂", "doses").0.en_name(), "doses");
        assert_eq!(lookup("剂"), None);
    }
}
