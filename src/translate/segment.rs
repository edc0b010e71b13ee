//! Sentences and their keys. A sentence is the unit a translator works on and the unit the
//! memory remembers; its key stands its citations and figures in by placeholders, so that
//! next year's sentence that differs only in its figures finds this year's English.

use std::ops::Range;

/// Cuts Chinese text after 。！？； (and the closing quotes or brackets that follow them).
pub fn split_zh(text: &str) -> Vec<Range<usize>> {
    split(text, |text, at, c| {
        matches!(c, '。' | '！' | '？' | '；' | '!' | '?') && !inside_citation(text, at)
    })
}

/// Cuts English text after `.`, `!` or `?` followed by a space and what starts a sentence;
/// abbreviations (`e.g.`, `No.`, `Mr.`, initials) and decimals do not end one.
pub fn split_en(text: &str) -> Vec<Range<usize>> {
    split(text, |text, at, c| {
        matches!(c, '.' | '!' | '?') && !inside_citation(text, at) && ends_english(text, at, c)
    })
}

/// Splits `text` at each character `ends` accepts, keeping closing quotes with the sentence
/// they close; the ranges are trimmed and never empty.
fn split(text: &str, ends: impl Fn(&str, usize, char) -> bool) -> Vec<Range<usize>> {
    let mut cuts = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if !ends(text, at, c) {
            continue;
        }
        let mut end = at + c.len_utf8();
        while let Some(&(next, q)) = chars.peek() {
            if !is_closing(q) {
                break;
            }
            end = next + q.len_utf8();
            chars.next();
        }
        push_trimmed(text, start..end, &mut cuts);
        start = end;
    }
    push_trimmed(text, start..text.len(), &mut cuts);
    cuts
}

fn push_trimmed(text: &str, range: Range<usize>, cuts: &mut Vec<Range<usize>>) {
    let piece = &text[range.clone()];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if piece.trim().is_empty() {
        return;
    }
    cuts.push(range.start + lead..range.end - trail);
}

fn is_closing(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '」' | '』' | '）' | ')' | '"' | '\'' | '》' | '*'
    )
}

/// Whether a `.`, `!` or `?` at `at` ends an English sentence.
fn ends_english(text: &str, at: usize, c: char) -> bool {
    let after = &text[at + c.len_utf8()..];
    let after = after.trim_start_matches(is_closing);
    let Some(rest) = after.strip_prefix([' ', '\n']) else {
        return after.is_empty();
    };
    let next = rest.trim_start().chars().next();
    let starts = next.is_some_and(|n| {
        n.is_uppercase() || n.is_ascii_digit() || matches!(n, '“' | '"' | '‘' | '(' | '{' | '*')
    });
    starts && (c != '.' || !is_abbreviation(&text[..at]))
}

/// Words before a dot that are abbreviations, not sentence ends.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "etc", "vs", "Mr", "Mrs", "Ms", "Dr", "Prof", "No", "Nos", "St", "Rd", "Ave",
    "Co", "Ltd", "Inc", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct",
    "Nov", "Dec", "approx", "Fig", "Vol", "p", "pp",
];

fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '“')
        .next()
        .unwrap_or("");
    let single_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    single_initial || word.contains('.') || ABBREVIATIONS.contains(&word)
}

/// Whether `at` lies inside a `{{ … }}` citation.
fn inside_citation(text: &str, at: usize) -> bool {
    let before = &text[..at];
    match (before.rfind("{{"), before.rfind("}}")) {
        (Some(open), Some(close)) => open > close,
        (Some(_), None) => true,
        _ => false,
    }
}

/// A citation `{{ metric(id="…") }}` in a text: its range and metric id.
pub fn citations(text: &str) -> Vec<(Range<usize>, String)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("{{").map(|i| from + i) {
        let Some(close) = text[open..].find("}}").map(|i| open + i + 2) else {
            break;
        };
        if let Some(id) = metric_id(&text[open..close]) {
            found.push((open..close, id));
        }
        from = close;
    }
    found
}

fn metric_id(citation: &str) -> Option<String> {
    let inner = citation.strip_prefix("{{")?.strip_suffix("}}")?.trim();
    let args = inner
        .strip_prefix("metric")?
        .trim_start()
        .strip_prefix('(')?;
    let args = args.strip_suffix(')')?.trim();
    let value = args
        .strip_prefix("id")?
        .trim_start()
        .strip_prefix('=')?
        .trim();
    let id = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))?;
    Some(id.to_string())
}

/// The plain figures of a text (outside citations): runs of digits with `,` or `.` inside.
pub fn figures(text: &str) -> Vec<(Range<usize>, String)> {
    let cited = citations(text);
    let mut found = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if !c.is_ascii_digit() || cited.iter().any(|(r, _)| r.contains(&at)) {
            continue;
        }
        let mut end = at + 1;
        while let Some(&(next, d)) = chars.peek() {
            let joins = matches!(d, ',' | '.')
                && text[next + 1..].starts_with(|x: char| x.is_ascii_digit());
            if !(d.is_ascii_digit() || joins) {
                break;
            }
            end = next + 1;
            chars.next();
        }
        found.push((at..end, text[at..end].to_string()));
    }
    found
}

/// Placeholders in keys: a citation and a plain figure.
pub const CITE: &str = "⟨c⟩";
pub const FIGURE: &str = "⟨n⟩";

/// The memory key of a Chinese (or English) text: citations and figures become placeholders,
/// runs of white space one space.
pub fn key(text: &str) -> String {
    let mut marks: Vec<(Range<usize>, &str)> = citations(text)
        .into_iter()
        .map(|(r, _)| (r, CITE))
        .chain(figures(text).into_iter().map(|(r, _)| (r, FIGURE)))
        .collect();
    marks.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (range, mark) in marks {
        out.push_str(&text[copied..range.start]);
        out.push_str(mark);
        copied = range.end;
    }
    out.push_str(&text[copied..]);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A short hash of a text (FNV-1a, 32 bits, as 8 hex digits) with white space collapsed:
/// what the content records for the Chinese an English text was written for.
pub fn hash(text: &str) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for word in text.split_whitespace() {
        for b in word.bytes().chain([b' ']) {
            h ^= u32::from(b);
            h = h.wrapping_mul(0x0100_0193);
        }
    }
    format!("{h:08x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str, cut: fn(&str) -> Vec<Range<usize>>) -> Vec<&str> {
        cut(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn splits_chinese_after_full_stops_and_closing_quotes() {
        assert_eq!(
            pieces(
                "完成改造，缓解“如厕难。”发放补贴！是吗？还有；最后",
                split_zh
            ),
            vec![
                "完成改造，缓解“如厕难。”",
                "发放补贴！",
                "是吗？",
                "还有；",
                "最后"
            ]
        );
    }

    #[test]
    fn keeps_citations_whole_in_chinese() {
        let text = "居民{{ metric(id=\"a.b\") }}户。下一句。";
        assert_eq!(
            pieces(text, split_zh),
            vec!["居民{{ metric(id=\"a.b\") }}户。", "下一句。"]
        );
    }

    #[test]
    fn guards_english_abbreviations_and_decimals() {
        let text =
            "It rose 97.15%, e.g. Mr. Li and the U.S. team. No. 5 came next. “It works.” Done";
        assert_eq!(
            pieces(text, split_en),
            vec![
                "It rose 97.15%, e.g. Mr. Li and the U.S. team.",
                "No. 5 came next.",
                "“It works.”",
                "Done"
            ]
        );
    }

    #[test]
    fn keys_stand_in_citations_and_figures() {
        assert_eq!(
            key("在2019年，居民{{ metric(id=\"x\") }}，1,600余人"),
            "在⟨n⟩年，居民⟨c⟩，⟨n⟩余人"
        );
        assert_eq!(key("a  b\nc"), "a b c");
    }

    #[test]
    fn hashes_ignore_line_breaks() {
        assert_eq!(hash("一 二"), hash("一\n二"));
        assert_eq!(hash("一二").len(), 8);
        assert_ne!(hash("一二"), hash("一三"));
    }

    #[test]
    fn reads_citation_ids() {
        let found = citations("a {{ metric(id='x_1') }} b {{metric(id=\"y\")}}");
        let ids: Vec<&str> = found.iter().map(|(_, id)| id.as_str()).collect();
        assert_eq!(ids, vec!["x_1", "y"]);
    }
}
