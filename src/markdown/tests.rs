//! The claims of the Markdown renderer, one test each.

use super::*;

fn html(markdown: &str, lang: Lang, figures: &[Figure]) -> String {
    let body = Body {
        markdown: markdown.to_string(),
        ..Body::default()
    };
    let options = MarkdownOptions {
        lang,
        allow_html: false,
        figures,
    };
    place(&render(&body, &options).html, "", 0, &|link| {
        link.to_string()
    })
}

#[test]
fn renders_citations_as_data_elements() {
    let figures = [Figure {
        text: "17,000 visits".into(),
        value: "17000".into(),
        id: String::new(),
    }];
    let out = html(
        "Officials made \u{FDD0}0\u{FDD1} to residents.",
        Lang::En,
        &figures,
    );
    assert_eq!(
        out,
        "<p>Officials made <data class=\"figure\" value=\"17000\">17,000 visits</data> to residents.</p>\n"
    );
}

#[test]
fn marks_chinese_inside_english() {
    let out = html("Plaza 66 (恒隆广场) hosts it.", Lang::En, &[]);
    assert!(
        out.contains(r#"Plaza 66 (<span lang="zh-CN">恒隆广场</span>) hosts it."#),
        "{out}"
    );
    assert!(!html("恒隆广场", Lang::Zh, &[]).contains("span"));
}

#[test]
fn escapes_raw_html_and_drops_script_links() {
    let out = html(
        "<script>alert(1)</script>\n\n[x](javascript:alert(1)) [y](JaVa&#x09;script:alert(1)) <img src=x onerror=alert(1)>",
        Lang::En,
        &[],
    );
    assert!(!out.contains("<script"), "{out}");
    assert!(!out.contains("<img"), "{out}");
    assert!(!out.contains("href=\"javascript"), "{out}");
    assert!(out.contains("&lt;script&gt;"), "{out}");
    assert!(!safe_url("data:text/html,<b>"));
    assert!(!safe_url(" vbscript:x"));
    assert!(safe_url("https://example.org/a:b"));
    assert!(safe_url("../2018/print/"));
    assert!(safe_url("notes/a:b"));
}

#[test]
fn places_ids_and_links_for_the_page() {
    let body = Body {
        markdown: "# 成果\n\n[上一部分](../party-building/) [表](#成果) [外](https://a.org/)[^1]\n\n[^1]: 注\n".into(),
        ..Body::default()
    };
    let options = MarkdownOptions {
        lang: Lang::Zh,
        allow_html: false,
        figures: &[],
    };
    let rendered = render(&body, &options);
    let placed = place(&rendered.html, "s-x-", 0, &|link| format!("../../{link}"));
    assert!(placed.contains("<h2 id=\"s-x-成果\">"), "{placed}");
    assert!(
        placed.contains("href=\"../../../party-building/\""),
        "{placed}"
    );
    assert!(
        placed.contains("href=\"#s-x-%E6%88%90%E6%9E%9C\""),
        "{placed}"
    );
    assert!(placed.contains("href=\"https://a.org/\""), "{placed}");
    assert!(
        placed.contains("id=\"s-x-fn-1\"") || placed.contains("id=\"fn-s-x-1\""),
        "{placed}"
    );
    assert!(
        !placed.contains('\u{10FFFE}') && !placed.contains("@@nianbao"),
        "{placed}"
    );
}

#[test]
fn links_back_only_from_footnotes_the_text_refers_to() {
    let out = html(
        "Used[^a].\n\n[^a]: Cited.\n[^b]: Never cited.\n",
        Lang::En,
        &[],
    );
    assert!(out.contains("href=\"#fnref-a\""), "{out}");
    assert!(!out.contains("href=\"#fnref-b\""), "{out}");
    assert!(
        out.contains("<span class=\"footnote-back\">2</span>"),
        "{out}"
    );
}

#[test]
fn renders_citations_inside_markup_shown_as_text() {
    let figures = [Figure {
        text: "17,000 visits".into(),
        value: "17000".into(),
        id: String::new(),
    }];
    let out = html("<b>\u{FDD0}0\u{FDD1}</b> 走访", Lang::En, &figures);
    assert!(
        out.contains(
            "&lt;b&gt;<data class=\"figure\" value=\"17000\">17,000 visits</data>&lt;/b&gt;"
        ),
        "{out}"
    );
    assert!(out.contains("<span lang=\"zh-CN\">走访</span>"), "{out}");
    assert!(!out.contains(['\u{FDD0}', '\u{FDD1}']), "{out}");
}

#[test]
fn drops_comments_left_for_editors() {
    let out = html(
        "<!-- nianbao:placeholder -->\n（待填写）\n\nA <!-- note --> b",
        Lang::Zh,
        &[],
    );
    assert!(
        !out.contains("nianbao:placeholder") && !out.contains("note"),
        "{out}"
    );
    assert!(out.contains("（待填写）"), "{out}");
}

#[test]
fn gives_headings_unique_ids_one_level_down() {
    let out = html("# 工作成果\n\n## Results\n\n## Results\n", Lang::Zh, &[]);
    assert!(out.contains("<h2 id=\"工作成果\">工作成果</h2>"), "{out}");
    assert!(out.contains("<h3 id=\"results\">Results</h3>"), "{out}");
    assert!(out.contains("<h3 id=\"results-2\">Results</h3>"), "{out}");
}

#[test]
fn starts_headings_at_h2_when_the_author_starts_at_level_two() {
    let out = html("导语\n\n## 成果\n\n### 细节\n\n## 问题\n", Lang::Zh, &[]);
    assert!(out.contains("<h2 id=\"成果\">成果</h2>"), "{out}");
    assert!(out.contains("<h3 id=\"细节\">细节</h3>"), "{out}");
    assert!(out.contains("<h2 id=\"问题\">问题</h2>"), "{out}");
}

#[test]
fn wraps_tables_for_narrow_screens() {
    let out = html("| a | b |\n|---|---|\n| 1 | 2 |\n", Lang::En, &[]);
    assert!(
        out.starts_with("<div class=\"table-scroll\" tabindex=\"0\"><table>"),
        "{out}"
    );
    assert!(
        out.trim_end().ends_with("</table>\n</div>") || out.trim_end().ends_with("</table></div>"),
        "{out}"
    );
}

#[test]
fn collects_text_under_each_heading_for_search() {
    let body = Body {
        markdown: "导语\n\n## 养老服务\n\n独居老人\u{FDD0}0\u{FDD1}\n".into(),
        ..Body::default()
    };
    let figures = [Figure {
        text: "2200余人次".into(),
        value: "2200".into(),
        id: String::new(),
    }];
    let options = MarkdownOptions {
        lang: Lang::Zh,
        allow_html: false,
        figures: &figures,
    };
    let chunks = render(&body, &options).chunks;
    assert_eq!(chunks.len(), 2);
    assert_eq!(chunks[0].text, "导语");
    assert_eq!(chunks[1].anchor.as_deref(), Some("养老服务"));
    assert_eq!(chunks[1].heading, "养老服务");
    assert_eq!(chunks[1].text, "独居老人2200余人次");
}

/// The text of `markdown` with `{{ metric(id="visits") }}` cited where it stands, rendered.
fn cited(markdown: &str, lang: Lang, allow_html: bool) -> String {
    let source = crate::source::SourceFile::new(std::path::Path::new("a.md"), markdown.into());
    let (body, problems) = crate::content::cite::parse(&source, 0..markdown.len());
    assert!(problems.is_empty(), "{problems:?}");
    let figures = vec![
        Figure {
            text: "1.7万次".into(),
            value: "17000".into(),
            id: String::new(),
        };
        body.citations.len()
    ];
    let options = MarkdownOptions {
        lang,
        allow_html,
        figures: &figures,
    };
    place(&render(&body, &options).html, "", 0, &|link| {
        link.to_string()
    })
}

const VISITS: &str = "{{ metric(id=\"visits\") }}";

#[test]
fn shows_the_figure_in_code_spans_and_code_blocks() {
    let out = cited(&format!("走访`{VISITS}`"), Lang::Zh, false);
    assert_eq!(out, "<p>走访<code>1.7万次</code></p>\n");
    let out = cited(&format!("```\n走访 {VISITS}\n```\n"), Lang::Zh, false);
    assert_eq!(
        out,
        "<pre><code>走访 <data class=\"figure\" value=\"17000\">1.7万次</data>\n</code></pre>\n"
    );
}

#[test]
fn shows_the_figure_in_alt_text_titles_headings_and_footnotes() {
    let out = cited(
        &format!(
            "![走访{VISITS}](a.png \"共{VISITS}\") [链接](https://a.org/ \"{VISITS}\")\n\n## 走访{VISITS}\n\n注[^1]\n\n[^1]: 共{VISITS}\n"
        ),
        Lang::Zh,
        false,
    );
    assert_eq!(
        out,
        "<p><img src=\"a.png\" alt=\"走访1.7万次\" title=\"共1.7万次\" /> \
         <a href=\"https://a.org/\" title=\"1.7万次\">链接</a></p>\n\
         <h2 id=\"走访1-7万次\">走访<data class=\"figure\" value=\"17000\">1.7万次</data></h2>\n\
         <p>注<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\">1</a></sup></p>\n\
         <div class=\"footnote\" id=\"fn-1\"><a class=\"footnote-back\" href=\"#fnref-1\">1</a>\n\
         <p>共<data class=\"figure\" value=\"17000\">1.7万次</data></p>\n</div>"
    );
}

#[test]
fn escapes_the_figure_into_markup_a_site_allows() {
    let out = cited(
        &format!("<abbr title=\"{VISITS}\">走访</abbr>"),
        Lang::Zh,
        true,
    );
    assert_eq!(out, "<p><abbr title=\"1.7万次\">走访</abbr></p>\n");
}

#[test]
fn publishes_private_use_characters_as_written() {
    let written = format!("造字\u{E000}0\u{E001}与\u{E010}和{VISITS}");
    let out = cited(&written, Lang::Zh, false);
    assert_eq!(
        out,
        "<p>造字\u{E000}0\u{E001}与\u{E010}和<data class=\"figure\" value=\"17000\">1.7万次</data></p>\n"
    );
    let placed = place("<p id=\"\u{E010}a\">\u{E010}</p>", "s-", 0, &|l| l.into());
    assert_eq!(placed, "<p id=\"\u{E010}a\">\u{E010}</p>");
}
