//! Files that help search engines find the site: `sitemap.xml` with language alternates,
//! and `robots.txt` pointing at it.

use crate::config::Lang;
use crate::escape;

use super::{OutputFile, Page, Renderer};

pub fn files(renderer: &Renderer, pages: &[Page]) -> Vec<OutputFile> {
    vec![
        OutputFile {
            path: "sitemap.xml".into(),
            bytes: sitemap(renderer, pages).into_bytes(),
        },
        OutputFile {
            path: "robots.txt".into(),
            bytes: robots(renderer).into_bytes(),
        },
    ]
}

/// Every listed page with `xhtml:link` alternates in each language and an `x-default`
/// (the bilingual landing page for homes, the Chinese original for the rest).
fn sitemap(renderer: &Renderer, pages: &[Page]) -> String {
    let base = &renderer.options.base_url;
    let languages = &renderer.site.config.languages;
    let mut xml = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" ",
        "xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
    ));
    for &page in pages.iter().filter(|p| p.listed()) {
        xml.push_str("  <url>\n");
        xml.push_str(&format!(
            "    <loc>{}</loc>\n",
            escape::xml(&base.join(&renderer.site_path(page)))
        ));
        if page.lang().is_some() {
            for &lang in languages {
                let href = base.join(&renderer.site_path(page.in_lang(lang)));
                xml.push_str(&alternate(lang.tag(), &href));
            }
            let default = match page {
                Page::Home(_) => Page::Landing,
                other => other.in_lang(if languages.contains(&Lang::Zh) {
                    Lang::Zh
                } else {
                    languages[0]
                }),
            };
            xml.push_str(&alternate(
                "x-default",
                &base.join(&renderer.site_path(default)),
            ));
        }
        xml.push_str("  </url>\n");
    }
    // Each year's PDF editions: documents search engines index too.
    for (path, _, _) in renderer.pdf_paths() {
        xml.push_str(&format!(
            "  <url>\n    <loc>{}</loc>\n  </url>\n",
            escape::xml(&base.join(&path))
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}

fn alternate(hreflang: &str, href: &str) -> String {
    format!(
        "    <xhtml:link rel=\"alternate\" hreflang=\"{hreflang}\" href=\"{}\"/>\n",
        escape::xml(href)
    )
}

fn robots(renderer: &Renderer) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        renderer.options.base_url.join("sitemap.xml")
    )
}
