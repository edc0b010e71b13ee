//! Citations in every context of a body, on a built page: the figure is shown where text
//! can hold it (prose, code, a code block, alt text, a heading, a footnote, a link's title)
//! and refused with its place where it cannot (a link's address); the editor's own text,
//! private-use characters included, is published as written.

mod common;

use common::*;

const SECTION: &str = r#"+++
title = { zh = "大调研", en = "The Big Survey" }

[metrics.resident_visits]
value = 17000
unit = "次"
label = { zh = "走访居民", en = "Resident visits" }
+++

::: zh
造字PRIVATE走访`{{ metric(id="resident_visits") }}`。

```
走访 {{ metric(id="resident_visits") }}
```

![走访{{ metric(id="resident_visits") }}](a.png "共{{ metric(id="resident_visits") }}")

## 走访{{ metric(id="resident_visits") }}

注[^1]

[^1]: 共{{ metric(id="resident_visits") }}
:::
"#;

/// `PRIVATE` stands for private-use characters laid out like the old citation marks
/// (U+E000, a number, U+E001) and the old id mark (U+E010): text, never marks.
const PRIVATE: &str = "\u{E000}0\u{E001}与\u{E010}";

#[test]
fn shows_the_figure_in_every_context_and_private_use_text_as_written() {
    let site = TempSite::fixture("minimal");
    site.write(
        "content/2018/01-survey.md",
        &SECTION.replace("PRIVATE", PRIVATE),
    );
    site.build();
    let page = site.read("public/zh/2018/survey/index.html");
    let main = main_of(&page);
    for expected in [
        "<p>造字\u{E000}0\u{E001}与\u{E010}走访<code>1.7万次</code>。</p>",
        // The first citation carries the id the figures page links to.
        "<pre><code>走访 <data class=\"figure\" id=\"cite-resident_visits\" value=\"17000\">1.7万次</data>\n</code></pre>",
        "alt=\"走访1.7万次\" title=\"共1.7万次\"",
        ">走访<data class=\"figure\" value=\"17000\">1.7万次</data></h2>",
        "<p>共<data class=\"figure\" value=\"17000\">1.7万次</data></p>",
    ] {
        assert!(main.contains(expected), "no {expected:?} in:\n{main}");
    }
    let search = site.read("public/search/zh/2018.js");
    assert!(
        search.contains("造字\u{E000}0\u{E001}与\u{E010}走访1.7万次"),
        "{search}"
    );
}

#[test]
fn refuses_a_figure_in_a_link_address_at_its_column() {
    let site = TempSite::fixture("minimal");
    site.write(
        "content/2018/01-survey.md",
        &SECTION.replace(
            "PRIVATE",
            "[链接](https://example.org/?n={{ metric(id=\"resident_visits\") }})",
        ),
    );
    let output = site.run(&["build"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: a figure cannot stand in a link's address\n  --> content/2018/01-survey.md:11:31\n"),
        "{err}"
    );
}
