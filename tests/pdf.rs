//! The PDF edition, read back as a reader's tools read it (poppler's pdftotext, pdfinfo and
//! pdffonts): each year's PDFs exist in both themes, the contents list every section with the
//! page it starts on, fonts are embedded, the metadata is set, and the last page is not an
//! orphan. The pages are rendered to PNG in `target/e2e-artifacts/pdf/THEME/` for review.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

fn tool(name: &str, args: &[&str]) -> String {
    let output = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|err| panic!("{name} runs (apt-get install poppler-utils): {err}"));
    assert!(
        output.status.success(),
        "{name} {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Each page's text, in reading order, as pdftotext extracts it.
fn pages(pdf: &Path) -> Vec<String> {
    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    // pdftotext ends the last page with a form feed too.
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

fn info(pdf: &Path) -> Vec<(String, String)> {
    tool("pdfinfo", &["-enc", "UTF-8", pdf.to_str().unwrap()])
        .lines()
        .filter_map(|line| {
            let (key, value) = line.split_once(':')?;
            Some((key.trim().to_string(), value.trim().to_string()))
        })
        .collect()
}

fn info_value(info: &[(String, String)], key: &str) -> String {
    info.iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| panic!("pdfinfo shows no {key}: {info:?}"))
}

/// The title of each section of `content/2018/`, in one language, in order.
fn section_titles(site: &TempSite, lang: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(site.path("content/2018"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md") && !n.starts_with('_'))
        .collect();
    names.sort();
    names
        .iter()
        .map(|name| {
            let text = site.read(&format!("content/2018/{name}"));
            let line = text
                .lines()
                .find(|l| l.starts_with("title"))
                .expect("a section has a title");
            let key = format!("{lang} = \"");
            let start = line.find(&key).expect("the title in both languages") + key.len();
            line[start..].split('"').next().unwrap().to_string()
        })
        .collect()
}

/// Text with its white space removed: pdftotext breaks lines where the PDF does.
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Finds each title on the contents page with the page number after it, and checks that the
/// section's heading opens on that page (the first one whose text, below the running header,
/// holds the title).
fn check_contents(pdf: &Path, titles: &[String]) -> Vec<usize> {
    let pages = pages(pdf);
    let contents = pages
        .iter()
        .position(|p| p.contains("目录") || p.contains("Contents"))
        .unwrap_or_else(|| panic!("{} has no contents page", pdf.display()));
    // The page without white space, each character's place in the page kept: a long title
    // wraps, and its page number is the digits that end its last line.
    let page_text: Vec<char> = pages[contents].chars().collect();
    let (listing, places): (String, Vec<usize>) = page_text
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.is_whitespace())
        .map(|(i, c)| (*c, i))
        .unzip();
    let mut starts = Vec::new();
    for title in titles {
        let wanted = squeeze(title);
        let at = listing.find(&wanted).unwrap_or_else(|| {
            panic!(
                "the contents of {} list no {title}:\n{}",
                pdf.display(),
                pages[contents]
            )
        });
        let end = listing[..at + wanted.len()].chars().count();
        // The number ends the entry's last line: the title's own, or the line of the other
        // language's title after it (bilingual).
        let rest: String = page_text[places[end - 1] + 1..].iter().collect();
        let line_rest = rest
            .lines()
            .map(str::trim_end)
            .find(|line| line.ends_with(|c: char| c.is_ascii_digit()))
            .unwrap_or_default()
            .to_string();
        let digits: String = line_rest
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let number: usize = digits.parse().unwrap_or_else(|_| {
            panic!("no page number after {title} in the contents: {line_rest:?}")
        });
        // Page numbers start at 1 on the contents page; the cover before it has none.
        let index = contents + number - 1;
        let page = pages
            .get(index)
            .unwrap_or_else(|| panic!("{title} is listed on page {number}, past the end"));
        // The running header names the section already under way; the heading itself is
        // the title after the header's line.
        let body: String = page.lines().skip(2).collect::<Vec<_>>().join("\n");
        assert!(
            squeeze(&body).contains(&wanted),
            "{}: the contents say {title} starts on page {number}, but that page reads:\n{page}",
            pdf.display()
        );
        // The heading is not on an earlier page (the contents page lists it, of course).
        if index > contents + 1 {
            let before = squeeze(&pages[index - 1]);
            assert!(
                !before.contains(&format!("{}{wanted}", titles_number(titles, title))),
                "{title} already starts on the page before {number}"
            );
        }
        starts.push(number);
    }
    let mut sorted = starts.clone();
    sorted.sort();
    assert_eq!(starts, sorted, "sections are listed in order");
    starts
}

/// A section's number as its heading shows it: `01`.
fn titles_number(titles: &[String], title: &str) -> String {
    let n = titles.iter().position(|t| t == title).unwrap() + 1;
    format!("{n:02}")
}

fn render_pages(pdf: &Path, theme: &str, name: &str) {
    let dir = repo().join("target/e2e-artifacts/pdf").join(theme);
    std::fs::create_dir_all(&dir).unwrap();
    let prefix = dir.join(name);
    tool(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "60",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
}

fn check_edition(site: &TempSite, theme: &str, path: &str, lang: &str) {
    let pdf = site.path(&format!("public/{path}"));
    assert!(pdf.is_file(), "{theme}: the build wrote no {path}");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "{path} is a PDF");

    // Contents: every section, on the page it starts.
    let titles: Vec<String> = match lang {
        "bilingual" => section_titles(site, "zh"),
        other => section_titles(site, other),
    };
    check_contents(&pdf, &titles);

    // Fonts: every one embedded, one of them with Chinese.
    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{path} uses no font");
    for row in &rows {
        let columns: Vec<&str> = row.split_whitespace().collect();
        let emb = columns[columns.len() - 5];
        assert_eq!(emb, "yes", "{path}: a font is not embedded: {row}");
    }
    assert!(
        rows.iter().any(|r| r.contains("CJK")
            || r.contains("Han")
            || r.contains("Hei")
            || r.contains("Song")),
        "{path}: no Chinese font among\n{fonts}"
    );

    // Metadata: the report's title, its publisher, its language.
    let info = info(&pdf);
    let title = info_value(&info, "Title");
    let expected_title = match lang {
        "en" => "2018 in Review",
        _ => "回顾 2018 街道都做了哪些工作",
    };
    assert!(title.contains(expected_title), "{path}: title {title}");
    let author = info_value(&info, "Author");
    assert!(!author.is_empty(), "{path}: no author");
    let tag = if lang == "en" { "/Lang(en" } else { "/Lang(zh" };
    assert!(
        bytes.windows(tag.len()).any(|w| w == tag.as_bytes()),
        "{path}: the document's language is not set to {tag}"
    );
    assert_eq!(info_value(&info, "Tagged"), "yes", "{path} is a tagged PDF");
    let xmp = tool("pdfinfo", &["-meta", pdf.to_str().unwrap()]);
    assert!(
        xmp.contains("<pdfaid:part>2</pdfaid:part>")
            && xmp.contains("<pdfaid:conformance>A</pdfaid:conformance>"),
        "{path} is PDF/A-2a: {xmp}"
    );
    assert!(
        info_value(&info, "CreationDate").contains("2019"),
        "dated by the report"
    );

    // The page count is the layout's: as many pages as the text has, and the last one
    // carries the end of the text with the closing attribution, not the attribution alone.
    let pages = pages(&pdf);
    let count: usize = info_value(&info, "Pages").parse().unwrap();
    assert_eq!(
        count,
        pages.len(),
        "{path}: pdfinfo and pdftotext disagree on pages"
    );
    let last = squeeze(pages.last().unwrap());
    let publisher = match lang {
        "en" => "PartyandGovernmentOffice",
        _ => "街道党政办",
    };
    assert!(
        last.contains(publisher),
        "{path}: the last page has no attribution:\n{last}"
    );
    assert!(
        last.chars().count() > publisher.chars().count() + 80,
        "{path}: the last page holds little more than the attribution:\n{last}"
    );
    render_pages(&pdf, theme, &path.replace('/', "-").replace(".pdf", ""));
}

#[test]
fn each_year_is_typeset_in_both_themes_with_contents_fonts_and_metadata() {
    for theme in ["default", "gov"] {
        let site = TempSite::bundled_published();
        // Dated, as a published report is: the PDF is then PDF/A.
        let cover = site.read("content/2018/_year.md");
        site.write(
            "content/2018/_year.md",
            &cover.replacen("\npublisher = ", "\ndate = 2019-01-31\npublisher = ", 1),
        );
        let config = site.read("content/site.toml");
        site.write(
            "content/site.toml",
            &config.replace("theme = \"default\"", &format!("theme = \"{theme}\"")),
        );
        site.build();
        check_edition(&site, theme, "zh/2018/report-2018-zh.pdf", "zh");
        check_edition(&site, theme, "en/2018/report-2018-en.pdf", "en");
        check_edition(&site, theme, "zh/2018/report-2018-zh-en.pdf", "bilingual");
        assert_eq!(
            std::fs::read(site.path("public/zh/2018/report-2018-zh-en.pdf")).unwrap(),
            std::fs::read(site.path("public/en/2018/report-2018-zh-en.pdf")).unwrap(),
            "the bilingual edition is the same in both folders"
        );
        // Linked from the cover, listed in the sitemap and on the open data page.
        let cover = site.read("public/zh/2018/index.html");
        assert!(
            cover.contains("/2018/report-2018-zh.pdf\""),
            "{theme}: the cover links its PDF"
        );
        assert!(cover.contains("/2018/report-2018-zh-en.pdf\""));
        let sitemap = site.read("public/sitemap.xml");
        assert!(sitemap.contains("/zh/2018/report-2018-zh.pdf</loc>"));
        assert!(sitemap.contains("/en/2018/report-2018-en.pdf</loc>"));
        let data = site.read("public/en/data/index.html");
        assert!(
            data.contains("report-2018-en.pdf"),
            "the open data page lists the PDF"
        );
        // The HTML print editions stay.
        assert!(site.path("public/zh/2018/print/index.html").is_file());
    }
}

#[test]
fn the_same_site_gives_the_same_pdf_bytes() {
    let one = TempSite::bundled();
    let two = TempSite::bundled();
    // Typeset both times: no cache.
    for site in [&one, &two] {
        let built = site.run_with(&["build"], &[("NIANBAO_CACHE", "")]);
        assert!(built.status.success(), "{}", stderr(&built));
    }
    for path in [
        "zh/2018/report-2018-zh.pdf",
        "zh/2018/report-2018-zh-en.pdf",
    ] {
        assert_eq!(
            std::fs::read(one.path(&format!("public/{path}"))).unwrap(),
            std::fs::read(two.path(&format!("public/{path}"))).unwrap(),
            "{path} differs between two builds"
        );
    }
}

#[test]
fn without_a_chinese_font_the_build_names_the_package_and_writes_nothing() {
    let site = TempSite::bundled();
    // A fontconfig that knows only Latin fonts.
    site.write(
        "fonts.conf",
        "<?xml version=\"1.0\"?>\n<fontconfig><dir>/usr/share/fonts/truetype/liberation</dir></fontconfig>\n",
    );
    let conf = site.path("fonts.conf");
    let env = [("FONTCONFIG_FILE", conf.to_str().unwrap())];
    let config = site.read("content/site.toml");
    // A site that asks for its PDFs is refused.
    site.write("content/site.toml", &format!("{config}pdf = true\n"));
    let output = site.run_with(&["build"], &env);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("no font on this machine has the characters"),
        "{err}"
    );
    assert!(
        err.contains("fonts-noto-cjk"),
        "the hint names the package: {err}"
    );
    assert!(err.contains("pdf = false"), "and the way out: {err}");
    assert!(!site.path("public").exists(), "nothing was written");

    // By default the site comes first: it is built without the PDFs, with the same words as
    // a warning.
    site.write("content/site.toml", &config);
    let output = site.run_with(&["build"], &env);
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    assert!(err.contains("warning"), "{err}");
    assert!(
        err.contains("the site is built without its PDF edition"),
        "{err}"
    );
    assert!(err.contains("fonts-noto-cjk"), "{err}");
    assert!(site.path("public/zh/2018/index.html").is_file());
    assert!(!site.path("public/zh/2018/report-2018-zh.pdf").exists());
    assert!(!site.read("public/zh/2018/index.html").contains(".pdf\""));
    std::fs::remove_dir_all(site.path("public")).unwrap();

    // The same machine builds the site without the PDF edition when site.toml says so.
    let config = site.read("content/site.toml");
    site.write("content/site.toml", &format!("{config}pdf = false\n"));
    let output = site.run_with(&["build"], &[("FONTCONFIG_FILE", conf.to_str().unwrap())]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!site.path("public/zh/2018/report-2018-zh.pdf").exists());
    let cover = site.read("public/zh/2018/index.html");
    assert!(
        !cover.contains(".pdf\""),
        "no link to a PDF that was not made"
    );
}

#[test]
fn an_error_in_the_pdf_template_names_its_line() {
    let site = TempSite::bundled();
    let template = site.read("themes/default/templates/pdf.typ");
    site.write(
        "themes/default/templates/pdf.typ",
        &template.replacen(
            "#let bilingual",
            "#let broken = data.no-such-field\n#let bilingual",
            1,
        ),
    );
    let output = site.run(&["build"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("cannot typeset"), "{err}");
    assert!(
        err.contains("pdf.typ:9:"),
        "the template's line is named: {err}"
    );
    assert!(!site.path("public").exists());
}

#[test]
fn a_text_full_of_typst_markup_is_printed_as_written() {
    let site = TempSite::bundled();
    let file = site.section_file("content/2018", 1);
    let text = site.read(&format!("content/2018/{file}"));
    let hostile = "Typst reads #set page(width: 1cm) *bold* _under_ $x^2$ <label> @ref [a] = b - c + d / e ~ f 'q' \"w\" : 1. // not a comment /* nor this */ \\ end";
    let markdown = format!(
        "{hostile}\n\n- item with `#code()` and **strong #{{x}}**\n- second [link](https://example.org/a?b=1#c)\n\n| a | b |\n| --- | ---: |\n| #1 | 2 |\n\nA footnote[^n].\n\n[^n]: Said #here.\n\n"
    );
    let marker = "::: en\n";
    let at = text.find(marker).expect("the section has English") + marker.len();
    site.write(
        &format!("content/2018/{file}"),
        &format!("{}{markdown}{}", &text[..at], &text[at..]),
    );
    site.build();
    let pdf = site.path("public/en/2018/report-2018-en.pdf");
    let all = squeeze(&pages(&pdf).join("\n"));
    for piece in [
        "#setpage(width:1cm)",
        "boldunder$x^2$",
        "<label>@ref[a]=b-c+d/e~f",
        "1.//notacomment/*northis*/\\end",
        "#code()",
        "strong#{x}",
        "#1",
        "Said#here.",
    ] {
        assert!(
            all.contains(piece),
            "the PDF does not show {piece:?}:\n{all:.3000}"
        );
    }
}

#[test]
fn an_unchanged_year_is_not_typeset_again_and_a_damaged_cache_is_never_published() {
    let cache = TempSite::empty("pdf-cache");
    let dir = cache.root.to_str().unwrap().to_string();
    let env = [("NIANBAO_CACHE", dir.as_str())];
    let entries = || {
        std::fs::read_dir(cache.path("pdf"))
            .map(|d| {
                d.filter(|e| {
                    e.as_ref()
                        .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".pdf"))
                })
                .count()
            })
            .unwrap_or(0)
    };
    let site = TempSite::bundled();
    let built = site.run_with(&["build"], &env);
    assert!(built.status.success(), "{}", stderr(&built));
    assert_eq!(entries(), 3, "the three editions are kept");
    assert!(
        cache.path("fonts.json").is_file(),
        "the fonts' details are kept from the first build on"
    );
    let first = std::fs::read(site.path("public/zh/2018/report-2018-zh.pdf")).unwrap();

    // The English text changes: the English and bilingual editions are typeset again, the
    // Chinese one comes from the cache.
    let file = site.section_file("content/2018", 3);
    let text = site.read(&format!("content/2018/{file}"));
    let marker = "::: en\n";
    let at = text.find(marker).unwrap() + marker.len();
    site.write(
        &format!("content/2018/{file}"),
        &format!(
            "{}A sentence added for the test.\n\n{}",
            &text[..at],
            &text[at..]
        ),
    );
    let built = site.run_with(&["build"], &env);
    assert!(built.status.success(), "{}", stderr(&built));
    assert_eq!(entries(), 5, "two editions changed");
    assert_eq!(
        std::fs::read(site.path("public/zh/2018/report-2018-zh.pdf")).unwrap(),
        first
    );
    let english = squeeze(&pages(&site.path("public/en/2018/report-2018-en.pdf")).join(""));
    assert!(english.contains("Asentenceaddedforthetest."));

    // Every entry damaged: the build typesets again and publishes what it typeset.
    for entry in std::fs::read_dir(cache.path("pdf")).unwrap() {
        let path = entry.unwrap().path();
        let mut bytes = std::fs::read(&path).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0x55;
        std::fs::write(&path, bytes).unwrap();
    }
    let built = site.run_with(&["build"], &env);
    assert!(built.status.success(), "{}", stderr(&built));
    let fresh = TempSite::bundled();
    fresh.write(
        &format!("content/2018/{file}"),
        &site.read(&format!("content/2018/{file}")),
    );
    let built = fresh.run_with(&["build"], &[("NIANBAO_CACHE", "")]);
    assert!(built.status.success(), "{}", stderr(&built));
    for path in [
        "zh/2018/report-2018-zh.pdf",
        "en/2018/report-2018-en.pdf",
        "zh/2018/report-2018-zh-en.pdf",
    ] {
        assert_eq!(
            std::fs::read(site.path(&format!("public/{path}"))).unwrap(),
            std::fs::read(fresh.path(&format!("public/{path}"))).unwrap(),
            "{path}: a damaged cache entry was published"
        );
    }
}

#[test]
fn the_preview_typesets_a_pdf_when_it_is_asked_for() {
    let site = TempSite::bundled();
    let server = common::serve::Server::start(&site, &[]);
    let cover = server.get("/zh/2018/");
    assert!(
        cover.body.contains("2018/report-2018-zh.pdf\""),
        "the cover links it"
    );
    let pdf = server.get("/zh/2018/report-2018-zh.pdf");
    assert_eq!(pdf.status, 200, "{}", pdf.head);
    assert_eq!(pdf.header("Content-Type"), Some("application/pdf"));
    assert!(pdf.body.starts_with("%PDF-"));
    assert_eq!(server.get("/en/2018/report-2018-zh-en.pdf").status, 200);
    assert_eq!(server.get("/en/2018/report-2018-zh.pdf").status, 404);
    assert!(!site.path("public").exists(), "serve wrote public/");
}
