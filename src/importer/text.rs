//! Clean-up of a report exported as text: the web page around it dropped (see `webpage`),
//! page numbers and running headers dropped (see `pages`), sentences cut by page breaks
//! rejoined, run-in headings (`1.标题。正文…`) split from their paragraph, spaces between Chinese and digits removed, and the
//! text made safe to be read as Markdown.
//!
//! The page-break rule: a paragraph that reads as prose and does not end a sentence (`。`,
//! `！`, `？`, `；`, `：`, `…`, or one of those before a closing quote) continues on the next
//! line, across blank lines, unless that line is a heading. A short line without
//! punctuation (a title, a signature) is complete as it stands.

use super::headings::{self, is_han};
use super::input::Format;
use super::pages;
use super::webpage::{self, Page};
use super::{Block, BlockKind, Notes, Origin};
use crate::config::Lang;

/// Turns the text of a `.txt` or `.md` report into blocks, and says what the web page it
/// was copied from said about it.
pub fn blocks(text: &str, format: Format, lang: Lang, notes: &mut Notes) -> (Vec<Block>, Page) {
    let mut lines: Vec<(usize, String)> = text
        .lines()
        .enumerate()
        .map(|(i, line)| {
            // Markdown keeps its indentation (nested lists, code); text loses its first-line
            // indent.
            let line = match format {
                Format::Markdown => line.trim_end(),
                _ => line.trim(),
            };
            (i + 1, line.to_string())
        })
        .collect();
    let mut page = Page::default();
    if format == Format::Text {
        pages::drop_page_numbers(&mut lines, notes);
        pages::drop_running_lines(&mut lines, notes);
        page = webpage::strip(&mut lines, notes);
    }
    let mut blocks = group(&lines, format, lang, notes);
    for block in blocks.iter_mut() {
        let markdown = format == Format::Markdown;
        block.text = match &mut block.kind {
            BlockKind::Verbatim if is_code(&block.text) => continue,
            BlockKind::Verbatim => escape_citations(&block.text),
            BlockKind::Heading(heading) if markdown => {
                escape_citations(&heading_text(heading, lang, false))
            }
            BlockKind::Heading(heading) => heading_text(heading, lang, true),
            BlockKind::Paragraph if markdown && lang == Lang::Zh => {
                escape_fences(&tidy_spaces(&block.text))
            }
            BlockKind::Paragraph if markdown => escape_fences(&block.text),
            BlockKind::Paragraph => finish(&block.text, lang, block.at, notes),
        };
    }
    (blocks, page)
}

/// A heading line as Markdown will show it: its marker (`1. `, `（一）`) as written, its
/// title tidied (and escaped, for plain text). Tidies `heading.title` too.
pub fn heading_text(heading: &mut headings::Heading, lang: Lang, escape: bool) -> String {
    let marker = &heading.marker;
    if lang == Lang::Zh {
        heading.title = tidy_spaces(&heading.title);
    }
    if escape {
        format!("{marker}{}", escape_inline(&heading.title))
    } else {
        format!("{marker}{}", heading.title)
    }
}

/// Makes a paragraph of plain text ready to be written as Markdown: in Chinese, spaces
/// tidied and a stray "and" repaired; in any language, markup characters escaped.
pub fn finish(text: &str, lang: Lang, at: Origin, notes: &mut Notes) -> String {
    let text = match lang {
        Lang::Zh => repair_and(&tidy_spaces(text), at, notes),
        Lang::En => text.to_string(),
    };
    escape_markdown(&text)
}

/// Whether a paragraph ends a sentence.
pub fn ends_sentence(text: &str) -> bool {
    const FINAL: &[char] = &[
        '。', '！', '？', '!', '?', '；', ';', '：', ':', '…', '.', '．',
    ];
    let mut chars = text.chars().rev();
    match chars.next() {
        Some(c) if FINAL.contains(&c) => true,
        Some('”' | '’' | '」' | '』' | '）' | ')' | '"' | '》') => {
            chars.next().is_some_and(|c| FINAL.contains(&c))
        }
        _ => false,
    }
}

/// Whether a paragraph reads as running text rather than a title or a signature.
pub fn is_prose(text: &str, lang: Lang) -> bool {
    let count = text.chars().count();
    match lang {
        Lang::Zh => count >= 25 || text.contains(['，', ',', '。', '、', '；', ';', '：']),
        Lang::En => count >= 80 || text.contains(", ") || text.contains(". "),
    }
}

/// Whether a paragraph goes on on the next line. A line led by a dash (`——在…大会上`) is a
/// byline, not a sentence.
fn continues(paragraph: &str, lang: Lang) -> bool {
    !ends_sentence(paragraph) && is_prose(paragraph, lang) && !paragraph.starts_with("——")
}

/// Joins two pieces of one paragraph: Chinese runs on, Latin words keep a space.
pub fn glue(left: &mut String, right: &str, lang: Lang) {
    let last = left.chars().next_back();
    let first = right.chars().next();
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
    let space = match lang {
        Lang::En => last != Some('-'),
        Lang::Zh => latin(last) || latin(first),
    };
    if space && !left.is_empty() {
        left.push(' ');
    }
    left.push_str(right);
}

/// Groups lines into blocks, rejoining paragraphs cut by page breaks.
fn group(lines: &[(usize, String)], format: Format, lang: Lang, notes: &mut Notes) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut open: Option<Block> = None;
    let mut gap = false;
    let mut fence = false;
    for (n, raw) in lines {
        let at = Origin::Line(*n);
        if format == Format::Markdown && (fence || is_markdown_structure(raw)) {
            blocks.extend(open.take());
            if raw.trim_start().starts_with("```") || raw.trim_start().starts_with("~~~") {
                fence = !fence;
            }
            push_verbatim(&mut blocks, raw, at, gap);
            gap = false;
            continue;
        }
        let line = raw.trim();
        if line.is_empty() {
            gap = true;
            continue;
        }
        if let Some(heading) = headings::recognise(line) {
            blocks.extend(open.take());
            blocks.push(Block {
                kind: BlockKind::Heading(heading),
                text: line.to_string(),
                at,
            });
        } else if let Some((heading, body)) = headings::run_in(line) {
            blocks.extend(open.take());
            blocks.push(Block {
                kind: BlockKind::Heading(heading),
                text: line.to_string(),
                at,
            });
            open = Some(Block {
                kind: BlockKind::Paragraph,
                text: body.to_string(),
                at,
            });
        } else if let Some(paragraph) = open
            .as_mut()
            .filter(|p| continues(&p.text, lang) || (format == Format::Markdown && !gap))
        {
            if gap {
                notes.repaired(at, rejoined(&paragraph.text, line));
            }
            glue(&mut paragraph.text, line, lang);
        } else {
            blocks.extend(open.take());
            open = Some(Block {
                kind: BlockKind::Paragraph,
                text: line.to_string(),
                at,
            });
        }
        gap = false;
    }
    blocks.extend(open);
    blocks
}

fn rejoined(before: &str, after: &str) -> String {
    let tail: String = {
        let chars: Vec<char> = before.chars().collect();
        chars[chars.len().saturating_sub(8)..].iter().collect()
    };
    let head: String = after.chars().take(8).collect();
    format!("rejoined a sentence cut by a page break: “…{tail} | {head}…”")
}

/// Markdown that is not a paragraph: kept line for line.
fn is_markdown_structure(line: &str) -> bool {
    let ordered = line.split_once(['.', ')']).is_some_and(|(n, rest)| {
        !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && rest.starts_with(' ')
    });
    ordered
        || ["- ", "* ", "+ ", "> ", "|", "```", "~~~", "<", "    "]
            .iter()
            .any(|start| line.starts_with(start))
}

fn push_verbatim(blocks: &mut Vec<Block>, line: &str, at: Origin, gap: bool) {
    if let Some(last) = blocks.last_mut()
        && last.kind == BlockKind::Verbatim
        && !gap
    {
        last.text.push('\n');
        last.text.push_str(line);
        return;
    }
    if !line.is_empty() {
        blocks.push(Block {
            kind: BlockKind::Verbatim,
            text: line.to_string(),
            at,
        });
    }
}

fn is_cjk(c: char) -> bool {
    is_han(c) || matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFFEF | 0x2014..=0x201D | 0x2026)
}

/// Removes spaces next to Chinese text (`开启党建模式 3.0 版本` → `开启党建模式3.0版本`,
/// `90 %` → `90%`) and keeps them around Latin words (`深化 Nancy 群团`).
pub fn tidy_spaces(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if !matches!(c, ' ' | '\t' | '\u{3000}') {
            out.push(c);
            i += 1;
            continue;
        }
        let end = (i..chars.len())
            .find(|&j| !matches!(chars[j], ' ' | '\t' | '\u{3000}'))
            .unwrap_or(chars.len());
        let before = out.chars().next_back();
        let after = chars.get(end).copied();
        let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
        let cjk = |c: Option<char>| c.is_some_and(is_cjk);
        let percent = after == Some('%') && before.is_some_and(|c| c.is_ascii_digit());
        let drop = ((cjk(before) || cjk(after)) && !latin(before) && !latin(after)) || percent;
        if !drop && before.is_some() && after.is_some() {
            out.push(' ');
        }
        i = end;
    }
    out
}

/// An English "and" between two Chinese words is a conversion slip for 和.
fn repair_and(text: &str, at: Origin, notes: &mut Notes) -> String {
    let mut out = text.to_string();
    while let Some(found) = find_stray_and(&out) {
        let before: String = out[..found.start]
            .chars()
            .rev()
            .take(4)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let after: String = out[found.end..].chars().take(4).collect();
        notes.repaired(
            at,
            format!("read “{before} and {after}” as “{before}和{after}”: an English “and” between Chinese words"),
        );
        out.replace_range(found, "和");
    }
    out
}

fn find_stray_and(text: &str) -> Option<std::ops::Range<usize>> {
    text.match_indices("and").find_map(|(i, _)| {
        let before = text[..i].trim_end_matches(' ');
        let after = text[i + 3..].trim_start_matches(' ');
        let han_before = before.chars().next_back().is_some_and(is_han);
        let han_after = after.chars().next().is_some_and(is_han);
        (han_before && han_after).then(|| before.len()..text.len() - after.len())
    })
}

/// Escapes what Markdown would read as markup in text that was never Markdown, and what
/// the content format reads: a `:::` line (a language block) and `{{` (a citation).
pub fn escape_markdown(text: &str) -> String {
    let mut out = escape_inline(text);
    let digits = out.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && out[digits..].starts_with(['.', ')']) {
        // `1. 星级楼组` would become a list: CommonMark escapes the dot.
        out.insert(digits, '\\');
    } else if ["#", ">", "-", "+", "=", "|", ":"]
        .iter()
        .any(|start| out.starts_with(start))
    {
        out.insert(0, '\\');
    }
    out
}

/// A fenced or indented code block, kept exactly as written.
fn is_code(text: &str) -> bool {
    ["```", "~~~", "    ", "\t"]
        .iter()
        .any(|start| text.starts_with(start))
}

/// Escapes, in Markdown, what the content format would read: a `:::` line (a language
/// block) and `{{` (a citation). Both show as written.
fn escape_fences(text: &str) -> String {
    let text = escape_citations(text);
    match text.trim_start().starts_with(":::") {
        true => format!("\\{}", text.trim_start()),
        false => text,
    }
}

/// `{{` as `{\{`, which Markdown shows as `{{` and the content format does not read as a
/// citation.
fn escape_citations(text: &str) -> String {
    let mut out = text.to_string();
    while out.contains("{{") {
        out = out.replace("{{", "{\\{");
    }
    out
}

/// Escapes the characters Markdown reads as inline markup, and `{{`, which the content
/// format would read as a citation (`{\{` shows as `{{`).
pub fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<') || (c == '{' && out.ends_with('{'))
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(text: &str) -> (Vec<String>, Notes) {
        let mut notes = Notes::default();
        let (blocks, _) = blocks(text, Format::Text, Lang::Zh, &mut notes);
        (blocks.into_iter().map(|b| b.text).collect(), notes)
    }

    #[test]
    fn rejoins_a_sentence_cut_mid_word_by_a_page_break() {
        let (blocks, notes) =
            clean("大力弘扬社区志愿精神,创\n\n\n\n成 2018 年上海市志愿服务示范中心。\n");
        assert_eq!(
            blocks,
            ["大力弘扬社区志愿精神,创成2018年上海市志愿服务示范中心。"]
        );
        assert_eq!(notes.repaired.len(), 1);
        assert_eq!(notes.repaired[0].at, Origin::Line(5));
    }

    #[test]
    fn keeps_a_real_paragraph_break_and_a_title() {
        let (blocks, notes) = clean(
            "回顾 2018 街道都做了哪些工作\n\n2018年,街道全面完成目标任务。\n\n\n\n第二段从这里开始。\n",
        );
        assert_eq!(
            blocks,
            [
                "回顾2018街道都做了哪些工作",
                "2018年,街道全面完成目标任务。",
                "第二段从这里开始。"
            ]
        );
        assert!(notes.repaired.is_empty());
    }

    #[test]
    fn never_joins_into_a_heading() {
        let (blocks, _) = clean("正文写到一半没有句号,然后\n\n\n02 基层基础建设巩固夯实\n");
        assert_eq!(blocks.len(), 2);
    }

    #[test]
    fn drops_page_numbers_and_joins_across_them() {
        let (blocks, notes) = clean("街道开展主题教育,组织\n\n- 3 -\n\n人大代表广泛参与。\n");
        assert_eq!(blocks, ["街道开展主题教育,组织人大代表广泛参与。"]);
        assert_eq!(notes.dropped.len(), 1);
        assert_eq!(notes.dropped[0].at, Origin::Line(3));
    }

    #[test]
    fn drops_running_headers_but_keeps_the_title_they_repeat() {
        let page = "街道工作报告\n\n一段正文,写完了。\n\n";
        let mut notes = Notes::default();
        let (blocks, found) = blocks(&page.repeat(3), Format::Text, Lang::Zh, &mut notes);
        assert_eq!(found.title.as_deref(), Some("街道工作报告"));
        let blocks: Vec<String> = blocks.into_iter().map(|b| b.text).collect();
        assert_eq!(
            blocks,
            [
                "一段正文,写完了。",
                "一段正文,写完了。",
                "一段正文,写完了。"
            ]
        );
        assert_eq!(notes.dropped.len(), 1);
        assert!(
            notes.dropped[0].message.contains("lines 5, 9"),
            "{:?}",
            notes.dropped
        );
    }

    #[test]
    fn tidies_spaces_around_chinese_but_not_latin_words() {
        assert_eq!(tidy_spaces("开启党建模式 3.0 版本"), "开启党建模式3.0版本");
        assert_eq!(
            tidy_spaces("街道深化 Nancy 群团新干线"),
            "街道深化 Nancy 群团新干线"
        );
        assert_eq!(tidy_spaces("超过 90 %。 下一句"), "超过90%。下一句");
        assert_eq!(
            tidy_spaces("铜仁路 330、陕西北路 288 等"),
            "铜仁路330、陕西北路288等"
        );
    }

    #[test]
    fn repairs_an_english_and_between_chinese_words() {
        let (blocks, notes) = clean("民生服务范围 and 方式不断拓展。Rock and roll 不变。\n");
        assert_eq!(blocks, ["民生服务范围和方式不断拓展。Rock and roll 不变。"]);
        assert_eq!(notes.repaired.len(), 1);
    }

    #[test]
    fn escapes_markdown_in_plain_text() {
        assert_eq!(escape_markdown("# 不是标题"), "\\# 不是标题");
        assert_eq!(escape_markdown("注*：a_b"), "注\\*：a\\_b");
        assert_eq!(escape_markdown("- 列表"), "\\- 列表");
        assert_eq!(escape_markdown("1. 列表"), "1\\. 列表");
        assert_eq!(escape_markdown("::: en"), "\\::: en");
        assert_eq!(escape_markdown("写{{ metric() }}"), "写{\\{ metric() }}");
    }

    #[test]
    fn escapes_language_fences_and_citations_in_markdown() {
        let mut notes = Notes::default();
        let text = "# 标题{{x}}\n\n:::\n\n写{{ metric(id=\"x\") }}。\n\n| a{{{ |\n\n```\n{{ 代码 }}\n```\n";
        let (blocks, _) = blocks(text, Format::Markdown, Lang::Zh, &mut notes);
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "标题{\\{x}}",
                "\\:::",
                "写{\\{ metric(id=\"x\") }}。",
                "| a{\\{\\{ |",
                "```\n{{ 代码 }}\n```"
            ]
        );
    }

    #[test]
    fn splits_a_run_in_heading_from_its_paragraph() {
        let (blocks, _) = clean("1.从严抓好疫情防控。累计排查居民17.34万人。\n");
        assert_eq!(blocks, ["1.从严抓好疫情防控", "累计排查居民17.34万人。"]);
        let (blocks, _) = clean("（一）城市管理水平不断提升。\n正文。\n");
        assert_eq!(blocks, ["（一）城市管理水平不断提升", "正文。"]);
    }
}
