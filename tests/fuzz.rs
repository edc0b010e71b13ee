//! Property tests of the code that reads what people type and writes figures: front-matter
//! splitting, language blocks, citations, decoding, decimal values and number formatting.
//! None of it may panic on any input, and what is formatted reads back as the same value.
//!
//! `cargo test` runs a short round (256 cases each); a longer one, in a debug build so that
//! integer overflow panics: `PROPTEST_CASES=100000 cargo test --test fuzz`.

use std::path::Path;

use nianbao::config::Lang;
use nianbao::content::{blocks, cite, frontmatter};
use nianbao::markdown::{self, Figure, MarkdownOptions};
use nianbao::metrics::format::{change, en_number, figure, zh_number};
use nianbao::metrics::history::{Change, Direction};
use nianbao::metrics::{Approx, Decimal, Qualifier, approx, unit};
use nianbao::source::SourceFile;
use proptest::prelude::*;

fn source(text: &str) -> SourceFile {
    SourceFile::new(Path::new("a.md"), text.to_string())
}

/// Text made of the pieces content files are made of, so the interesting cases come often.
fn content_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("+++".to_string()),
        Just("::: zh".to_string()),
        Just("::: en".to_string()),
        Just(":::".to_string()),
        Just("```".to_string()),
        Just("~~~~".to_string()),
        Just("{{ metric(id=\"a_b\") }}".to_string()),
        Just("{{".to_string()),
        Just("}}".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\u{FEFF}".to_string()),
        Just("<script>".to_string()),
        Just("</script>".to_string()),
        Just("<b>".to_string()),
        Just("`".to_string()),
        Just("[a](".to_string()),
        Just("\u{E000}0\u{E001}".to_string()),
        Just("\u{E010}".to_string()),
        "[a-z_= \"'(){}<>/]{0,8}",
        "[走访居民，。１]{0,4}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

/// Plain decimal notation: what `Decimal::parse` accepts.
fn decimal_text() -> impl Strategy<Value = String> {
    "-?[0-9]{1,24}(\\.[0-9]{1,20})?"
}

fn decimal() -> impl Strategy<Value = Decimal> {
    decimal_text().prop_filter_map("in range", |text| Decimal::parse(&text))
}

/// Reads a formatted figure back: `1.7万` is 17000, `3,910,000` is 3910000.
fn read_back(text: &str) -> Option<Decimal> {
    let (number, places) = if let Some(n) = text.strip_suffix('亿') {
        (n, 8)
    } else if let Some(n) = text.strip_suffix('万') {
        (n, 4)
    } else {
        (text, 0)
    };
    Decimal::parse(&number.replace(',', ""))?.scaled_up(places)
}

/// Rendered HTML as `markdown::place` sees it: the renderer's marks, headings and quotes,
/// cut and mixed with anything at all.
fn rendered_html() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\u{10FFFE}".to_string()),
        Just("=\"@@nianbao-fragment:".to_string()),
        Just("=\"@@nianbao-link:".to_string()),
        Just("<h2>".to_string()),
        Just("</h3>".to_string()),
        Just("<h5 ".to_string()),
        Just("<h6>".to_string()),
        Just("<h".to_string()),
        Just("\"".to_string()),
        Just("=".to_string()),
        "[a-z<>/=\" ]{0,8}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(256)))]

    #[test]
    fn placing_rendered_html_never_panics(html in rendered_html(), shift in 0usize..4) {
        let placed = markdown::place(&html, "p-", shift, &|target| format!("../{target}"));
        let marked = html.contains('\u{10FFFE}') || html.contains("@@nianbao-");
        if !marked && shift == 0 {
            prop_assert_eq!(placed, html);
        }
    }

    #[test]
    fn front_matter_splitting_never_panics(text in content_text()) {
        let source = source(&text);
        if let Ok(parts) = frontmatter::split(&source) {
            prop_assert!(parts.front.end <= parts.body.start && parts.body.end == text.len());
            prop_assert!(text.get(parts.front.clone()).is_some() && text.get(parts.body).is_some());
        }
    }

    #[test]
    fn front_matter_and_body_come_back_as_written(
        front in "([a-z]{1,6} = [0-9]{1,4}\n){0,4}",
        body in content_text(),
    ) {
        let text = format!("\n+++\n{front}+++\n{body}");
        let parts = frontmatter::split(&source(&text)).unwrap();
        prop_assert_eq!(&text[parts.front], front.as_str());
        prop_assert_eq!(&text[parts.body], body.as_str());
    }

    #[test]
    fn language_blocks_never_panic(text in content_text(), start in 0usize..64) {
        let source = source(&text);
        let start = nianbao::source::floor_char_boundary(&text, start.min(text.len()));
        let (found, _) = blocks::split(&source, start..text.len());
        let mut end = start;
        for block in found {
            prop_assert!(block.text.start >= end && block.text.end <= text.len());
            prop_assert!(text.get(block.text.clone()).is_some());
            end = block.text.end;
        }
    }

    #[test]
    fn language_blocks_come_back_as_written(
        zh in prop::collection::vec("[走访居民a-z ，。]{0,12}", 0..5),
        en in prop::collection::vec("[A-Za-z0-9 .,]{0,12}", 0..5),
    ) {
        let (zh, en) = (lines(&zh), lines(&en));
        let text = format!("\n::: zh\n{zh}:::\n\n:::en\n{en}:::\n");
        let (found, problems) = blocks::split(&source(&text), 0..text.len());
        prop_assert!(problems.is_empty(), "{:?}", problems);
        let found: Vec<(Lang, &str)> = found.iter().map(|b| (b.lang, &text[b.text.clone()])).collect();
        prop_assert_eq!(found, vec![(Lang::Zh, zh.as_str()), (Lang::En, en.as_str())]);
    }

    #[test]
    fn citation_parsing_never_panics(text in content_text()) {
        let source = source(&text);
        let (body, _) = cite::parse(&source, 0..text.len());
        for citation in &body.citations {
            let written = &text[citation.span.clone()];
            prop_assert!(written.starts_with("{{") && written.ends_with("}}"), "{}", written);
        }
        prop_assert!(body.markdown.matches(cite::MARK_OPEN).count() >= body.citations.len());
    }

    #[test]
    fn citations_never_change_the_text_around_them(text in content_text()) {
        prop_assume!(!text.chars().any(nianbao::written::is_noncharacter));
        let (body, problems) = cite::parse(&source(&text), 0..text.len());
        if !problems.is_empty() {
            // A malformed call is an error; the text around it is not published.
            return Ok(());
        }
        let mut kept = String::new();
        let mut cited = 0;
        for piece in cite::pieces(&body.markdown) {
            match piece {
                cite::Piece::Text(part) => kept.push_str(part),
                cite::Piece::Citation(n) => {
                    prop_assert_eq!(n, cited);
                    cited += 1;
                }
            }
        }
        let mut written = text.clone();
        for citation in body.citations.iter().rev() {
            written.replace_range(citation.span.clone(), "");
        }
        prop_assert_eq!(kept, written);
        prop_assert_eq!(cited, body.citations.len());
    }

    #[test]
    fn citations_are_found_between_any_text(
        // Any text a body may hold: control, format (bidi) and unassigned characters are
        // refused in every text (see `written.rs`), so they are not "any text" here.
        parts in prop::collection::vec(("[^{}\\p{Cc}\\p{Cf}\\p{Cn}]{0,10}", "[a-z][a-z0-9_]{0,12}"), 0..6),
        tail in "[^{}\\p{Cc}\\p{Cf}\\p{Cn}]{0,10}",
    ) {
        let text: String = parts
            .iter()
            .map(|(before, id)| format!("{before}{{{{ metric(id=\"{id}\") }}}}"))
            .chain([tail])
            .collect();
        let (body, problems) = cite::parse(&source(&text), 0..text.len());
        prop_assert!(problems.is_empty(), "{:?}", problems);
        let ids: Vec<&str> = body.citations.iter().map(|c| c.metric.as_str()).collect();
        let written: Vec<&str> = parts.iter().map(|(_, id)| id.as_str()).collect();
        prop_assert_eq!(ids, written);
    }

    #[test]
    fn decoding_and_locating_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..200), at in 0usize..256, len in 0usize..64) {
        if let Ok(source) = SourceFile::from_bytes(Path::new("a.md"), &bytes) {
            let location = source.location(at..at + len);
            prop_assert!(location.line >= 1 && location.col >= 1);
            let bom = '\u{FEFF}';
            prop_assert!(!source.text.contains('\r') && !source.text.starts_with(bom));
        }
    }

    #[test]
    fn decimal_parsing_never_panics(text in "\\PC{0,40}|[-+0-9.]{0,40}") {
        if let Some(value) = Decimal::parse(&text) {
            prop_assert_eq!(Decimal::parse(&value.to_string()), Some(value));
        }
    }

    #[test]
    fn decimals_print_as_written_less_trailing_zeros(text in decimal_text()) {
        if let Some(value) = Decimal::parse(&text) {
            let trimmed = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.') } else { &text };
            let expected = Decimal::parse(trimmed).unwrap();
            prop_assert_eq!(value, expected);
            prop_assert_eq!(Decimal::parse(&value.to_string()), Some(value));
        }
    }

    #[test]
    fn float_notation_reads_exactly_or_not_at_all(value in any::<f64>(), exponent in any::<bool>()) {
        let text = if exponent { format!("{value:e}") } else { format!("{value}") };
        if let Ok(decimal) = Decimal::read(&text) {
            prop_assert_eq!(decimal.to_string().parse::<f64>().unwrap(), value);
            prop_assert_eq!(Decimal::read(&decimal.to_string()), Ok(decimal));
        }
    }

    #[test]
    fn arithmetic_never_panics(a in decimal(), b in decimal(), places in 0u32..4) {
        let difference = a.minus(b);
        prop_assert_eq!(a.cmp(&b), difference.cmp(&Decimal::ZERO));
        let _ = a.percent_of(b, places);
    }

    #[test]
    fn english_numbers_read_back_without_their_commas(value in decimal()) {
        let text = en_number(value);
        prop_assert_eq!(read_back(&text), Some(value), "{}", text);
        let int = text.trim_start_matches('-').split('.').next().unwrap();
        let groups: Vec<&str> = int.split(',').collect();
        prop_assert!(groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3), "{}", text);
    }

    #[test]
    fn chinese_numbers_read_back_with_wan_and_yi_expanded(value in decimal()) {
        let text = zh_number(value);
        prop_assert_eq!(read_back(&text), Some(value), "{}", text);
    }

    #[test]
    fn figures_never_panic(
        value in prop::option::of(decimal()),
        unit in prop::sample::select(unit::catalog()),
        approx in prop::sample::select(qualifiers()),
    ) {
        let (unit, places) = unit::lookup(unit).unwrap();
        let value = value.and_then(|v| v.scaled_up(places));
        for lang in Lang::ALL {
            prop_assert!(!figure(value, &unit, approx, lang).is_empty());
        }
    }

    #[test]
    fn changes_never_panic(before in decimal(), after in decimal(), approximate in any::<bool>()) {
        let delta = after.minus(before);
        let direction = match delta.cmp(&Decimal::ZERO) {
            std::cmp::Ordering::Greater => Direction::Up,
            std::cmp::Ordering::Less => Direction::Down,
            std::cmp::Ordering::Equal => Direction::Same,
        };
        let change_of = Change { delta, percent: delta.percent_of(before, 1), approximate, direction };
        let (unit, _) = unit::lookup("人").unwrap();
        for lang in Lang::ALL {
            prop_assert!(!change(&change_of, &unit, lang).is_empty());
        }
    }

    #[test]
    fn markdown_never_passes_markup_through(text in content_text(), en in any::<bool>()) {
        let (body, _) = cite::parse(&source(&text), 0..text.len());
        let figures = vec![Figure { text: "<b>1</b>".into(), value: "1".into(), id: String::new() }; body.citations.len()];
        let lang = if en { Lang::En } else { Lang::Zh };
        let options = MarkdownOptions { lang, allow_html: false, figures: &figures };
        let html = markdown::render(&body, &options).html.to_ascii_lowercase();
        prop_assert!(!html.contains("<script") && !html.contains("<b>"), "{}", html);
    }
}

/// Lines joined, each with its line break.
fn lines(lines: &[String]) -> String {
    lines.iter().map(|line| format!("{line}\n")).collect()
}

/// `default` cases, unless `PROPTEST_CASES` asks for another number.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// Every kind of qualifier with nianbao's word, and every word a report may write.
fn qualifiers() -> Vec<Approx> {
    let kinds = [
        Qualifier::Exact,
        Qualifier::About,
        Qualifier::Nearly,
        Qualifier::Over,
        Qualifier::AtLeast,
    ];
    let words = approx::WORDS.iter().filter_map(|w| Approx::written(w.zh));
    kinds.into_iter().map(Approx::of).chain(words).collect()
}
