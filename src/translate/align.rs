//! Aligning the Chinese sentences of a paragraph with its English ones, by order and length
//! (as Gale and Church do), with citations and figures as anchors: a pair whose citations
//! differ is never made. A sentence may pair with one or two of the other language's, and a
//! Chinese sentence may have no English yet (a `nianbao:todo` marker pins it in place).

use std::collections::BTreeSet;
use std::ops::Range;

use super::segment;

/// One English piece of a paragraph: a sentence, or the marker that stands for the Chinese
/// sentence number `pin` until it is translated.
#[derive(Clone, Debug)]
pub struct Piece<'a> {
    pub text: &'a str,
    pub pin: Option<usize>,
}

/// Pairs of Chinese and English sentence ranges (indices into the two lists), in order, or
/// `None` when the two cannot be aligned sentence by sentence.
pub fn align(zh: &[&str], en: &[Piece]) -> Option<Vec<(Range<usize>, Range<usize>)>> {
    let (n, m) = (zh.len(), en.len());
    if n == 0 || m == 0 {
        return None;
    }
    let zh_len: usize = zh.iter().map(|s| length(s)).sum();
    let en_len: usize = en
        .iter()
        .filter(|p| p.pin.is_none())
        .map(|p| length(p.text))
        .sum();
    let ratio = (en_len.max(1) as f64 / zh_len.max(1) as f64).clamp(0.5, 6.0);
    let mut cost = vec![vec![f64::INFINITY; m + 1]; n + 1];
    let mut back = vec![vec![(0usize, 0usize); m + 1]; n + 1];
    cost[0][0] = 0.0;
    for i in 0..=n {
        for j in 0..=m {
            let here = cost[i][j];
            if !here.is_finite() {
                continue;
            }
            for (di, dj) in [(1, 1), (1, 2), (2, 1), (1, 0)] {
                let (ni, nj) = (i + di, j + dj);
                if ni > n || nj > m {
                    continue;
                }
                let step = bead(&zh[i..ni], &en[j..nj], i, ratio);
                if here + step < cost[ni][nj] {
                    cost[ni][nj] = here + step;
                    back[ni][nj] = (i, j);
                }
            }
        }
    }
    if !cost[n][m].is_finite() {
        return None;
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let (pi, pj) = back[i][j];
        pairs.push((pi..i, pj..j));
        (i, j) = (pi, pj);
    }
    pairs.reverse();
    Some(pairs)
}

/// The cost of pairing `zh` (starting at sentence `first`) with `en`: how far the lengths are
/// from the paragraph's ratio, more for merged sentences; infinite where anchors disagree.
fn bead(zh: &[&str], en: &[Piece], first: usize, ratio: f64) -> f64 {
    if let Some(pin) = en.iter().find_map(|p| p.pin) {
        let exact = zh.len() == 1 && en.len() == 1 && pin == first;
        return if exact { 0.0 } else { f64::INFINITY };
    }
    let zh_text = zh.join("");
    let lz = length(&zh_text) as f64;
    if en.is_empty() {
        return 12.0 + lz / 10.0;
    }
    let en_text: String = en.iter().map(|p| p.text).collect::<Vec<_>>().join(" ");
    let cited = |text: &str| -> BTreeSet<String> {
        segment::citations(text)
            .into_iter()
            .map(|(_, id)| id)
            .collect()
    };
    let (cz, ce) = (cited(&zh_text), cited(&en_text));
    if cz != ce {
        return f64::INFINITY;
    }
    let le = length(&en_text) as f64;
    let expected = ratio * lz;
    let spread = (expected + 20.0).sqrt();
    let mut step = ((le - expected) / spread).powi(2) / 4.0;
    if zh.len() + en.len() > 2 {
        step += 2.5;
    }
    if !cz.is_empty() {
        step -= 1.0 * cz.len() as f64;
    }
    step + shared_figures_bonus(&zh_text, &en_text)
}

/// A text's length in characters, each citation counting as one (its code is not prose).
fn length(text: &str) -> usize {
    segment::key(text).chars().count()
}

/// Plain figures both sentences have make the pair likelier.
fn shared_figures_bonus(zh: &str, en: &str) -> f64 {
    let en_figures: BTreeSet<String> = segment::figures(en)
        .into_iter()
        .map(|(_, f)| f.replace(',', ""))
        .collect();
    let shared = segment::figures(zh)
        .into_iter()
        .filter(|(_, f)| en_figures.contains(&f.replace(',', "")))
        .count();
    -(shared as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces<'a>(texts: &[&'a str]) -> Vec<Piece<'a>> {
        texts.iter().map(|t| Piece { text: t, pin: None }).collect()
    }

    #[test]
    fn pairs_sentences_one_to_one_by_length() {
        let zh = [
            "第一句比较短。",
            "第二句要长得多，有很多很多的内容和细节需要说明。",
        ];
        let en = pieces(&[
            "The first is short.",
            "The second is much longer, with many, many contents and details to explain.",
        ]);
        assert_eq!(align(&zh, &en).unwrap(), vec![(0..1, 0..1), (1..2, 1..2)]);
    }

    #[test]
    fn citations_anchor_a_sentence_split_in_two() {
        let zh = [
            "居民{{ metric(id=\"a\") }}，签约{{ metric(id=\"b\") }}。",
            "完成{{ metric(id=\"c\") }}。",
        ];
        let en = pieces(&[
            "Residents {{ metric(id=\"a\") }}.",
            "Signing was {{ metric(id=\"b\") }}.",
            "It completed {{ metric(id=\"c\") }}.",
        ]);
        assert_eq!(align(&zh, &en).unwrap(), vec![(0..1, 0..2), (1..2, 2..3)]);
    }

    #[test]
    fn refuses_pairs_whose_citations_differ() {
        let zh = ["居民{{ metric(id=\"a\") }}。"];
        let en = pieces(&["Residents {{ metric(id=\"z\") }}."]);
        assert_eq!(align(&zh, &en), None);
    }

    #[test]
    fn a_marker_holds_the_place_of_an_untranslated_sentence() {
        let zh = ["第一句。", "第二句。", "第三句。"];
        let en = vec![
            Piece {
                text: "One.",
                pin: None,
            },
            Piece {
                text: "<!-- nianbao:todo -->",
                pin: Some(1),
            },
            Piece {
                text: "Three.",
                pin: None,
            },
        ];
        assert_eq!(
            align(&zh, &en).unwrap(),
            vec![(0..1, 0..1), (1..2, 1..2), (2..3, 2..3)]
        );
    }
}
