//! How exact a figure is, as the report words it: 近600家, 1400多个, 300左右, 超过90%. The
//! kind (nearly, over, about, at least) is what English and open data need; the Chinese word
//! is kept as the report wrote it, so `1400多个` stays `1400多个` and `300左右` is not `约300`.

use serde::Deserialize;

/// The kind of qualifier: what English says and what open data records.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Qualifier {
    #[default]
    Exact,
    About,
    Nearly,
    Over,
    AtLeast,
}

impl Qualifier {
    pub(super) const NAMES: [(&'static str, Qualifier); 5] = [
        ("exact", Qualifier::Exact),
        ("about", Qualifier::About),
        ("nearly", Qualifier::Nearly),
        ("over", Qualifier::Over),
        ("at_least", Qualifier::AtLeast),
    ];

    pub fn parse(name: &str) -> Option<Qualifier> {
        Qualifier::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, q)| *q)
    }

    /// The name used in front matter and open data.
    pub fn name(self) -> &'static str {
        Qualifier::NAMES
            .iter()
            .find(|(_, q)| *q == self)
            .map_or("exact", |(n, _)| n)
    }

    /// The Chinese words of this kind, as reports write them.
    pub fn words(self) -> impl Iterator<Item = &'static str> {
        WORDS.iter().filter(move |w| w.kind == self).map(|w| w.zh)
    }
}

/// Where a qualifier's word stands in a Chinese figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Place {
    /// Before the number: 近600家, 超过90%.
    Before,
    /// Right after the digits, before 万 and the unit: 1400多个, 7400余万元.
    AfterNumber,
    /// After the unit: 5个以上, 300人左右.
    AfterUnit,
}

/// A Chinese qualifier word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Word {
    pub zh: &'static str,
    pub kind: Qualifier,
    pub place: Place,
}

const fn word(zh: &'static str, kind: Qualifier, place: Place) -> Word {
    Word { zh, kind, place }
}

/// Every qualifier word nianbao knows, longest first where one ends another (超过 before 超).
/// 达 (覆盖率达98%) is emphasis, not a qualifier: the figure is exact.
pub const WORDS: &[Word] = &[
    word("将近", Qualifier::Nearly, Place::Before),
    word("接近", Qualifier::Nearly, Place::Before),
    word("近", Qualifier::Nearly, Place::Before),
    word("大约", Qualifier::About, Place::Before),
    word("约", Qualifier::About, Place::Before),
    word("左右", Qualifier::About, Place::AfterUnit),
    word("超过", Qualifier::Over, Place::Before),
    word("突破", Qualifier::Over, Place::Before),
    word("超", Qualifier::Over, Place::Before),
    word("逾", Qualifier::Over, Place::Before),
    word("余", Qualifier::Over, Place::AfterNumber),
    word("多", Qualifier::Over, Place::AfterNumber),
    word("不少于", Qualifier::AtLeast, Place::Before),
    word("至少", Qualifier::AtLeast, Place::Before),
    word("及以上", Qualifier::AtLeast, Place::AfterUnit),
    word("以上", Qualifier::AtLeast, Place::AfterUnit),
];

/// Looks a Chinese qualifier word up.
pub fn lookup(zh: &str) -> Option<Word> {
    WORDS.iter().copied().find(|w| w.zh == zh)
}

/// A figure's qualifier: its kind, and the Chinese word the report wrote, if one was given
/// (without one, nianbao writes its usual word for the kind: 约, 近, 余 or 超过, 以上).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Approx {
    pub kind: Qualifier,
    word: Option<Word>,
}

impl Approx {
    pub const EXACT: Approx = Approx {
        kind: Qualifier::Exact,
        word: None,
    };

    /// A qualifier of this kind with nianbao's usual Chinese word.
    pub fn of(kind: Qualifier) -> Approx {
        Approx { kind, word: None }
    }

    /// The qualifier a report's word stands for: `多` is over, written `多`.
    pub fn written(zh: &str) -> Option<Approx> {
        let word = lookup(zh)?;
        Some(Approx {
            kind: word.kind,
            word: Some(word),
        })
    }

    pub fn is_exact(self) -> bool {
        self.kind == Qualifier::Exact
    }

    /// The Chinese word as the report wrote it, if it was kept.
    pub fn word(self) -> Option<&'static str> {
        self.word.map(|w| w.zh)
    }

    pub(super) fn written_word(self) -> Option<Word> {
        self.word
    }
}

/// `approx = "over"` or `approx = { kind = "over", zh = "多" }` in front matter.
#[derive(Deserialize)]
#[serde(untagged)]
pub enum RawApprox {
    Kind(String),
    Written(RawWritten),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWritten {
    pub kind: String,
    pub zh: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_every_qualifier_both_ways() {
        for (name, qualifier) in Qualifier::NAMES {
            assert_eq!(Qualifier::parse(name), Some(qualifier));
            assert_eq!(qualifier.name(), name);
        }
        assert_eq!(Qualifier::parse("approximately"), None);
    }

    #[test]
    fn knows_the_words_reports_qualify_figures_with() {
        let cases = [
            ("近", Qualifier::Nearly),
            ("将近", Qualifier::Nearly),
            ("接近", Qualifier::Nearly),
            ("余", Qualifier::Over),
            ("多", Qualifier::Over),
            ("逾", Qualifier::Over),
            ("超", Qualifier::Over),
            ("超过", Qualifier::Over),
            ("突破", Qualifier::Over),
            ("约", Qualifier::About),
            ("左右", Qualifier::About),
            ("以上", Qualifier::AtLeast),
            ("及以上", Qualifier::AtLeast),
        ];
        for (zh, kind) in cases {
            let approx = Approx::written(zh).unwrap();
            assert_eq!((approx.kind, approx.word()), (kind, Some(zh)));
        }
        assert_eq!(Approx::written("达"), None, "达 is emphasis");
    }
}
