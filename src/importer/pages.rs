//! What the pages of a printed report add to its text, and an export keeps: page numbers
//! (`- 3 -`, `第 3 页`) and running headers and footers. Both are dropped before the text is
//! read, and the report lists them.

use std::collections::HashMap;

use super::headings;
use super::text::ends_sentence;
use super::{Notes, Origin};

/// Page numbers: `3`, `- 3 -`, `— 3 —`, `第 3 页`, `第3页 共10页`, `3/10`, `Page 3 of 10`.
pub fn is_page_number(line: &str) -> bool {
    let core = line.trim_matches(|c: char| "-—–_~·•.。 \u{3000}|".contains(c));
    let core: String = core.chars().filter(|c| !c.is_whitespace()).collect();
    let lower = core.to_ascii_lowercase();
    let core = lower.strip_prefix("page").unwrap_or(&lower);
    let number = |s: &str| (1..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    if number(core) {
        return true;
    }
    if let Some(rest) = core.strip_prefix('第')
        && let Some((page, total)) = rest.split_once('页')
    {
        let of_total = total.strip_prefix('共').and_then(|t| t.strip_suffix('页'));
        return number(page) && (total.is_empty() || of_total.is_some_and(number));
    }
    let pair = core.split_once('/').or_else(|| core.split_once("of"));
    pair.is_some_and(|(page, total)| number(page) && number(total))
}

pub fn drop_page_numbers(lines: &mut [(usize, String)], notes: &mut Notes) {
    let mut dropped = Vec::new();
    for (n, line) in lines.iter_mut() {
        if !line.is_empty() && is_page_number(line) {
            dropped.push(*n);
            line.clear();
        }
    }
    if let Some(&first) = dropped.first() {
        notes.dropped(
            Origin::Line(first),
            format!("page numbers ({})", line_list(&dropped)),
        );
    }
}

/// A short line that comes back three times or more (page numbers inside it aside) is a
/// running header or footer. Its first occurrence stays when it opens the report: that is
/// the title the header repeats.
pub fn drop_running_lines(lines: &mut [(usize, String)], notes: &mut Notes) {
    let key = |line: &str| -> String {
        line.chars()
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .filter(|c| !c.is_whitespace())
            .collect()
    };
    let mut counts: HashMap<String, usize> = HashMap::new();
    for (_, line) in lines.iter() {
        if is_running_candidate(line) {
            *counts.entry(key(line)).or_default() += 1;
        }
    }
    let first_line = lines.iter().position(|(_, line)| !line.is_empty());
    let mut dropped: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, (n, line)) in lines.iter_mut().enumerate() {
        let k = key(line);
        if !is_running_candidate(line) || counts.get(&k).copied().unwrap_or(0) < 3 {
            continue;
        }
        if Some(i) == first_line {
            continue;
        }
        match dropped.iter_mut().find(|(text, _)| key(text) == k) {
            Some((_, at)) => at.push(*n),
            None => dropped.push((line.clone(), vec![*n])),
        }
        line.clear();
    }
    for (text, at) in dropped {
        notes.dropped(
            Origin::Line(at[0]),
            format!("running header or footer “{text}” ({})", line_list(&at)),
        );
    }
}

fn is_running_candidate(line: &str) -> bool {
    !line.is_empty()
        && line.chars().count() <= 40
        && !ends_sentence(line)
        && headings::recognise(line).is_none()
}

fn line_list(lines: &[usize]) -> String {
    let shown: Vec<String> = lines.iter().take(6).map(usize::to_string).collect();
    let more = if lines.len() > 6 { ", …" } else { "" };
    let noun = if lines.len() == 1 { "line" } else { "lines" };
    format!("{noun} {}{more}", shown.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_page_numbers_in_their_usual_forms() {
        for line in [
            "3",
            "- 3 -",
            "— 12 —",
            "第 3 页",
            "第3页 共10页",
            "3/10",
            "Page 3 of 10",
            "·5·",
        ] {
            assert!(is_page_number(line), "{line}");
        }
        for line in ["2018", "3.0", "第三年", "1.7 万次", "共 3 个"] {
            assert!(!is_page_number(line), "{line}");
        }
    }
}
