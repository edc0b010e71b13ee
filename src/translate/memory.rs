//! The translation memory: every aligned pair of earlier years (and of a TMX file), found by
//! its key, so that a sentence that differs only in its figures or cited metrics matches
//! exactly and gets this year's figures; near matches are offered, never written.

use std::collections::HashMap;

use super::segment;

/// One remembered pair.
#[derive(Clone, Debug)]
pub struct Entry {
    pub zh: String,
    pub en: String,
    /// Where it came from: `2018/09-welfare.md#p1.s2`, or `memory.tmx`.
    pub origin: String,
}

/// A near match, with how alike the two Chinese texts are (75–99%).
#[derive(Clone, Debug)]
pub struct Fuzzy<'a> {
    pub percent: u32,
    pub entry: &'a Entry,
}

/// The lowest similarity offered as a suggestion.
pub const FUZZY_FLOOR: u32 = 75;

#[derive(Default)]
pub struct Memory {
    entries: Vec<Entry>,
    keys: Vec<Vec<char>>,
    exact: HashMap<String, Vec<usize>>,
}

impl Memory {
    /// Remembers a pair; earlier additions win over later ones with the same key.
    pub fn add(&mut self, zh: &str, en: &str, origin: String) {
        if zh.trim().is_empty() || en.trim().is_empty() {
            return;
        }
        let key = segment::key(zh);
        self.exact
            .entry(key.clone())
            .or_default()
            .push(self.entries.len());
        self.keys.push(key.chars().collect());
        self.entries.push(Entry {
            zh: zh.to_string(),
            en: en.to_string(),
            origin,
        });
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The English of an exact match, with `zh`'s figures and citations put in, and the
    /// entry it came from.
    pub fn exact(&self, zh: &str) -> Option<(String, &Entry)> {
        let found = self.exact.get(&segment::key(zh))?;
        found.iter().find_map(|&i| {
            let entry = &self.entries[i];
            adapt(entry, zh).map(|en| (en, entry))
        })
    }

    /// The most alike entry at or above `FUZZY_FLOOR`, if any.
    pub fn fuzzy(&self, zh: &str) -> Option<Fuzzy<'_>> {
        let key: Vec<char> = segment::key(zh).chars().collect();
        let mut best: Option<(u32, usize)> = None;
        for (i, other) in self.keys.iter().enumerate() {
            let (short, long) = (key.len().min(other.len()), key.len().max(other.len()));
            if long == 0 || (short * 100) < long * FUZZY_FLOOR as usize {
                continue;
            }
            let percent = similarity(&key, other);
            if percent >= FUZZY_FLOOR && best.is_none_or(|(b, _)| percent > b) {
                best = Some((percent, i));
            }
        }
        best.map(|(percent, i)| Fuzzy {
            percent,
            entry: &self.entries[i],
        })
    }
}

/// 100 × (1 − edit distance / longer length), in characters.
pub fn similarity(a: &[char], b: &[char]) -> u32 {
    let longer = a.len().max(b.len());
    if longer == 0 {
        return 100;
    }
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    let distance = row[b.len()];
    ((longer - distance) * 100 / longer) as u32
}

/// The remembered English for a new Chinese text with the same key: each cited metric is
/// replaced by the one cited in the same place of the new text, each changed figure by the
/// new one. `None` when a changed figure cannot be found once in the English.
pub fn adapt(entry: &Entry, zh: &str) -> Option<String> {
    let old_ids: Vec<String> = segment::citations(&entry.zh)
        .into_iter()
        .map(|(_, id)| id)
        .collect();
    let new_ids: Vec<String> = segment::citations(zh)
        .into_iter()
        .map(|(_, id)| id)
        .collect();
    let mut en = entry.en.clone();
    if old_ids != new_ids {
        let cited = segment::citations(&en);
        for (range, id) in cited.into_iter().rev() {
            let at = old_ids.iter().position(|o| *o == id)?;
            let citation = format!("{{{{ metric(id=\"{}\") }}}}", new_ids.get(at)?);
            en.replace_range(range, &citation);
        }
    }
    let old_figures = segment::figures(&entry.zh);
    let new_figures = segment::figures(zh);
    for ((_, old), (_, new)) in old_figures.iter().zip(&new_figures) {
        if old == new {
            continue;
        }
        let places: Vec<_> = segment::figures(&en)
            .into_iter()
            .filter(|(_, f)| f.replace(',', "") == old.replace(',', ""))
            .collect();
        let [(range, _)] = places.as_slice() else {
            return None;
        };
        en.replace_range(range.clone(), new);
    }
    Some(en)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn memory() -> Memory {
        let mut memory = Memory::default();
        memory.add(
            "全年走访居民{{ metric(id=\"visits\") }}，于2018年12月完成。",
            "Officials made {{ metric(id=\"visits\") }}, finishing in December 2018.",
            "2018/a.md#p1.s1".into(),
        );
        memory
    }

    #[test]
    fn an_exact_match_takes_the_new_figures_and_citations() {
        let (en, _) = memory()
            .exact("全年走访居民{{ metric(id=\"visits_2019\") }}，于2019年12月完成。")
            .unwrap();
        assert_eq!(
            en,
            "Officials made {{ metric(id=\"visits_2019\") }}, finishing in December 2019."
        );
    }

    #[test]
    fn a_changed_sentence_is_only_a_suggestion() {
        let memory = memory();
        let zh = "全年走访居民{{ metric(id=\"visits\") }}，于2018年11月底完成。";
        assert!(memory.exact(zh).is_none());
        let fuzzy = memory.fuzzy(zh).unwrap();
        assert_eq!(fuzzy.percent, 95);
        assert!(memory.fuzzy("完全不同的一句话。").is_none());
    }

    #[test]
    fn measures_similarity_in_characters() {
        let a: Vec<char> = "大调研工作".chars().collect();
        let b: Vec<char> = "大调研工程".chars().collect();
        assert_eq!(similarity(&a, &b), 80);
    }
}
