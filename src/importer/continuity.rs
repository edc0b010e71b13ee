//! A new year joins the earlier years: each imported section is matched to the earlier
//! section on the same theme and keeps its slug and English title; each figure is matched to
//! the series it continues and takes its id, labels, English unit and highlight. Matching
//! is by the words the report uses: character pairs (bigrams) of the titles, texts and
//! labels, which suit Chinese without a word list. What is carried over is marked for the
//! editor's review in the files and listed with its confidence in the report.
//!
//! Sections that match nothing get a slug from the pinyin of their title, never a number.

use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

use super::{Imported, ImportedSection};
use crate::content::{Section, Year};
use crate::metrics::Metric;

/// Below this, a section is not taken to continue an earlier one.
const SECTION_THRESHOLD: f32 = 0.2;
/// Below this, a figure is not taken to continue a series.
const SERIES_THRESHOLD: f32 = 0.34;

/// What a section took from the earlier section it continues.
#[derive(Clone, Debug, PartialEq)]
pub struct CarriedSection {
    pub from_year: u16,
    pub slug: String,
    pub title_en: String,
    /// 0–1: how alike the two sections' titles and texts are.
    pub confidence: f32,
}

/// What a figure took from the series it continues.
#[derive(Clone, Debug, PartialEq)]
pub struct CarriedSeries {
    pub from_year: u16,
    pub label_en: String,
    pub highlight: bool,
    /// The series' previous value, as the earlier year wrote it ("1.7万次").
    pub previous: String,
    pub confidence: f32,
}

/// Links the imported year to the earlier ones (`earlier`: every year before it).
pub fn link(imported: &mut Imported, earlier: &[Arc<Year>]) {
    let Some(latest) = earlier.iter().max_by_key(|y| y.year) else {
        name_by_pinyin(imported);
        return;
    };
    let pairs = match_sections(&imported.sections, &latest.sections);
    for (i, j, confidence) in pairs {
        let old = &latest.sections[j];
        imported.sections[i].carried = Some(CarriedSection {
            from_year: latest.year,
            slug: old.slug.clone(),
            title_en: old.title.get(crate::config::Lang::En).to_string(),
            confidence,
        });
    }
    link_series(imported, earlier);
    name_by_pinyin(imported);
}

/// One-to-one, best pairs first: (imported index, earlier index, confidence).
fn match_sections(new: &[ImportedSection], old: &[Section]) -> Vec<(usize, usize, f32)> {
    let old_words: Vec<(Bigrams, Bigrams)> = old
        .iter()
        .map(|s| {
            let text: String = s
                .document
                .body(crate::config::Lang::Zh)
                .map(|b| b.markdown.clone())
                .unwrap_or_default();
            let labels: String = s
                .metrics
                .iter()
                .map(|m| m.label.get(crate::config::Lang::Zh))
                .collect();
            (
                bigrams(s.title.get(crate::config::Lang::Zh)),
                bigrams(&(text + &labels)),
            )
        })
        .collect();
    let mut scored = Vec::new();
    for (i, section) in new.iter().enumerate() {
        let title = bigrams(&section.title);
        let text = bigrams(&section.paragraphs.concat());
        for (j, (old_title, old_text)) in old_words.iter().enumerate() {
            let score = 0.5 * dice(&title, old_title) + 0.5 * dice(&text, old_text);
            if score >= SECTION_THRESHOLD {
                scored.push((i, j, score));
            }
        }
    }
    one_to_one(scored)
}

/// Takes the best-scored pairs first, each side at most once.
fn one_to_one(mut scored: Vec<(usize, usize, f32)>) -> Vec<(usize, usize, f32)> {
    scored.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    let (mut left, mut right) = (BTreeSet::new(), BTreeSet::new());
    scored
        .into_iter()
        .filter(|(i, j, _)| {
            let free = !left.contains(i) && !right.contains(j);
            if free {
                left.insert(*i);
                right.insert(*j);
            }
            free
        })
        .collect()
}

/// Matches each figure to a series of the earlier years: same unit, alike label or words
/// around it, in the section it continues (or, less likely, another one).
fn link_series(imported: &mut Imported, earlier: &[Arc<Year>]) {
    // The latest year of each series stands for it.
    let mut series: Vec<(&Metric, u16, Option<&str>)> = Vec::new();
    let mut seen = HashSet::new();
    let mut years: Vec<&Arc<Year>> = earlier.iter().collect();
    years.sort_by_key(|y| std::cmp::Reverse(y.year));
    for year in years {
        for section in &year.sections {
            for metric in &section.metrics {
                if seen.insert(metric.id.as_str()) {
                    series.push((metric, year.year, Some(section.slug.as_str())));
                }
            }
        }
    }
    let mut scored = Vec::new();
    let mut proposals = Vec::new();
    for (s, section) in imported.sections.iter().enumerate() {
        let slug = section.carried.as_ref().map(|c| c.slug.as_str());
        for (p, proposal) in section.metrics.iter().enumerate() {
            let index = proposals.len();
            proposals.push((s, p));
            let label = bigrams(&proposal.label);
            let clause = bigrams(&around(&section.paragraphs, &proposal.id, CLAUSE_ENDS));
            let sentence = bigrams(&format!(
                "{}{}",
                proposal.context,
                around(&section.paragraphs, &proposal.id, SENTENCE_ENDS)
            ));
            for (k, (metric, _, series_slug)) in series.iter().enumerate() {
                if metric.unit.zh != proposal.unit.zh {
                    continue;
                }
                let old = bigrams(metric.label.get(crate::config::Lang::Zh));
                let mut score = dice(&label, &old)
                    .max(0.9 * containment(&old, &clause))
                    .max(0.6 * containment(&old, &sentence));
                if slug.is_some() && slug == *series_slug {
                    score += 0.15;
                }
                if let Some(value) = metric.value
                    && !value.within_ten_times(proposal.value)
                {
                    score -= 0.2;
                }
                if score >= SERIES_THRESHOLD {
                    scored.push((index, k, score.min(1.0)));
                }
            }
        }
    }
    let taken: HashSet<String> = series.iter().map(|(m, _, _)| m.id.clone()).collect();
    for (index, k, confidence) in one_to_one(scored) {
        let (s, p) = proposals[index];
        let (metric, year, _) = series[k];
        let section = &mut imported.sections[s];
        let old_id = std::mem::replace(&mut section.metrics[p].id, metric.id.clone());
        for paragraph in &mut section.paragraphs {
            *paragraph = paragraph.replace(
                &format!("metric(id=\"{old_id}\")"),
                &format!("metric(id=\"{}\")", metric.id),
            );
        }
        let proposal = &mut section.metrics[p];
        proposal.label = metric.label.get(crate::config::Lang::Zh).to_string();
        proposal.unit = metric.unit.clone();
        proposal.carried = Some(CarriedSeries {
            from_year: year,
            label_en: metric.label.get(crate::config::Lang::En).to_string(),
            highlight: metric.highlight,
            previous: metric.figure(crate::config::Lang::Zh).to_string(),
            confidence,
        });
    }
    avoid_taken_ids(imported, &taken);
}

const SENTENCE_ENDS: &[char] = &['。', '；', ';', '！', '？', '\n'];
const CLAUSE_ENDS: &[char] = &['。', '；', ';', '！', '？', '\n', '，', ',', '：'];

/// The sentence (or clause) of the section's text that cites `id`: a report names what it
/// counts before or after the figure (走访居民1.7万次, 连续 7 年获评平安示范社区).
fn around(paragraphs: &[String], id: &str, ends: &[char]) -> String {
    let citation = format!("metric(id=\"{id}\")");
    for paragraph in paragraphs {
        let Some(at) = paragraph.find(&citation) else {
            continue;
        };
        let start = paragraph[..at]
            .char_indices()
            .rev()
            .find(|(_, c)| ends.contains(c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let end = paragraph[at..]
            .find(ends)
            .map_or(paragraph.len(), |i| at + i);
        return paragraph[start..end].to_string();
    }
    String::new()
}

/// A new series must not take the id of an earlier series it does not continue.
fn avoid_taken_ids(imported: &mut Imported, taken: &HashSet<String>) {
    for section in &mut imported.sections {
        for p in 0..section.metrics.len() {
            if section.metrics[p].carried.is_some() || !taken.contains(&section.metrics[p].id) {
                continue;
            }
            let old = section.metrics[p].id.clone();
            let new = (2..)
                .map(|n| format!("{old}_{n}"))
                .find(|id| !taken.contains(id))
                .expect("some suffix is free");
            section.metrics[p].id = new.clone();
            for paragraph in &mut section.paragraphs {
                *paragraph = paragraph.replace(
                    &format!("metric(id=\"{old}\")"),
                    &format!("metric(id=\"{new}\")"),
                );
            }
        }
    }
}

/// Gives every section without an earlier one a slug from the pinyin of its title.
fn name_by_pinyin(imported: &mut Imported) {
    let mut used: HashSet<String> = imported
        .sections
        .iter()
        .filter_map(|s| s.carried.as_ref().map(|c| c.slug.clone()))
        .collect();
    for section in &mut imported.sections {
        if section.carried.is_some() {
            continue;
        }
        let base = pinyin_slug(&section.title, section.number);
        let slug = std::iter::once(base.clone())
            .chain((2..).map(|n| format!("{base}-{n}")))
            .find(|s| {
                !used.contains(s) && !crate::content::section::RESERVED_SLUGS.contains(&s.as_str())
            })
            .expect("some suffix is free");
        used.insert(slug.clone());
        section.slug = Some(slug);
    }
}

/// The pinyin of a title's first six Han characters (ASCII letters and digits kept), as a
/// slug: 大调研工作成果丰硕 → `da-diao-yan-gong-zuo-cheng`.
pub fn pinyin_slug(title: &str, number: usize) -> String {
    use pinyin::ToPinyin;
    let title = super::headings::recognise(title).map_or_else(|| title.to_string(), |h| h.title);
    let mut parts: Vec<String> = Vec::new();
    let mut ascii = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            ascii.push(c.to_ascii_lowercase());
            continue;
        }
        if !ascii.is_empty() {
            parts.push(std::mem::take(&mut ascii));
        }
        if let Some(syllable) = c.to_pinyin() {
            parts.push(syllable.plain().to_string());
        }
        if parts.len() >= 6 {
            break;
        }
    }
    if !ascii.is_empty() && parts.len() < 6 {
        parts.push(ascii);
    }
    match parts.is_empty() {
        true => format!("section-{number}"),
        false => parts.join("-"),
    }
}

/// The pairs of adjacent characters of a text's words.
type Bigrams = HashSet<[char; 2]>;

/// The pairs of adjacent Han characters (and letters) in a text; digits and punctuation are
/// left out, so the same sentence with new figures reads the same.
fn bigrams(text: &str) -> Bigrams {
    let chars: Vec<char> = text
        .chars()
        .filter(|c| c.is_alphanumeric() && !c.is_ascii_digit())
        .collect();
    chars.windows(2).map(|w| [w[0], w[1]]).collect()
}

/// Dice's coefficient of two sets: 1 for the same, 0 for nothing in common.
fn dice(a: &Bigrams, b: &Bigrams) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    2.0 * a.intersection(b).count() as f32 / (a.len() + b.len()) as f32
}

/// How much of `part` is found in `whole`.
fn containment(part: &Bigrams, whole: &Bigrams) -> f32 {
    if part.is_empty() {
        return 0.0;
    }
    part.intersection(whole).count() as f32 / part.len() as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_come_from_the_pinyin_of_the_title() {
        assert_eq!(
            pinyin_slug("大调研工作成果丰硕", 5),
            "da-diao-yan-gong-zuo-cheng"
        );
        assert_eq!(pinyin_slug("一、12345热线", 2), "12345-re-xian");
        assert_eq!(pinyin_slug("（三）城市管理", 3), "cheng-shi-guan-li");
        assert_eq!(pinyin_slug("——", 4), "section-4");
    }

    #[test]
    fn pairs_are_taken_best_first_and_once() {
        let pairs = one_to_one(vec![(0, 0, 0.5), (0, 1, 0.9), (1, 1, 0.8), (1, 0, 0.4)]);
        assert_eq!(pairs, vec![(0, 1, 0.9), (1, 0, 0.4)]);
    }

    #[test]
    fn alike_texts_score_higher_than_unrelated_ones() {
        let a = bigrams("垃圾分类实效显著，湿垃圾分出量");
        let b = bigrams("垃圾分类工作成效，湿垃圾日均分出");
        let c = bigrams("党建引领基层治理");
        assert!(dice(&a, &b) > 0.3, "{}", dice(&a, &b));
        assert_eq!(dice(&a, &c), 0.0);
    }
}
