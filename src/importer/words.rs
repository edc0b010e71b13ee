//! Chinese words, for the labels of figures. jieba-rs with its default dictionary cuts a
//! clause into words, so a label starts and ends where words do (`摸排下发`, never `排下发`),
//! and tags each word's part of speech, so the thing counted (a noun: `项目`) is told from
//! what the text says of it (`已完成`). The dictionary is loaded once, on first use: `build`
//! never pays for it.

use std::sync::LazyLock;

use jieba_rs::Jieba;

static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// What part of speech a word is, as far as labels care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A noun, a name, an abbreviation, a set phrase or a verb used as a noun: what is counted.
    Noun,
    Verb,
    /// An adverb (`已`, `均`), a preposition (`被`, `对`), a conjunction (`并`, `或`), a
    /// localizer (`中`, `以上`) or a pronoun: never the thing counted when it opens the words
    /// after a figure.
    Function,
    /// A numeral or a measure word: part of a name (`亿元以上项目`, `60岁以上老人`).
    Quantity,
    /// A particle (`的`, `了`).
    Particle,
    /// Anything else: adjectives, distinguishing words, punctuation, Latin letters.
    Other,
}

/// A word of a clause.
#[derive(Clone, Debug)]
pub struct Word {
    pub text: String,
    pub kind: Kind,
}

/// The words of `text`, in order; their texts joined give `text` back.
pub fn words(text: &str) -> Vec<Word> {
    JIEBA
        .tag(text, true)
        .into_iter()
        .map(|tag| Word {
            text: tag.word.to_string(),
            kind: kind(tag.tag),
        })
        .collect()
}

fn kind(tag: &str) -> Kind {
    match tag {
        "v" | "vd" | "vi" | "vq" | "vg" => Kind::Verb,
        "d" | "p" | "c" | "f" | "r" | "dg" | "rr" | "rz" => Kind::Function,
        "m" | "q" | "mq" => Kind::Quantity,
        t if t.starts_with('u') => Kind::Particle,
        t if t.starts_with('n') || matches!(t, "vn" | "j" | "l" | "i" | "s" | "an") => Kind::Noun,
        _ => Kind::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_at_word_boundaries() {
        let cut: Vec<String> = words("进行全面摸排下发告知书")
            .into_iter()
            .map(|w| w.text)
            .collect();
        assert!(cut.contains(&"摸排".to_string()), "{cut:?}");
        assert!(cut.contains(&"下发".to_string()), "{cut:?}");
    }

    #[test]
    fn tells_things_from_what_is_said_of_them() {
        let tagged = words("项目已完成");
        assert_eq!(tagged[0].kind, Kind::Noun);
        assert_eq!(tagged[1].kind, Kind::Function);
    }
}
