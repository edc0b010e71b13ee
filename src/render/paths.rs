//! Where each page lives and how one page links to another. Links are relative, so a site
//! works at any address and under any sub-path; the 404 page, served at arbitrary paths,
//! is the one page that links from the site's base path instead.

use crate::config::Lang;

/// The site path of a language's home: `zh/`.
pub fn home(lang: Lang) -> String {
    format!("{}/", lang.code())
}

/// The site path of a year's cover: `zh/2018/`.
pub fn year(lang: Lang, year: u16) -> String {
    format!("{}/{year}/", lang.code())
}

/// The site path of a section: `zh/2018/party-building/`.
pub fn section(lang: Lang, year: u16, slug: &str) -> String {
    format!("{}/{year}/{slug}/", lang.code())
}

/// The site path of a year's print edition: `zh/2018/print/`.
pub fn print(lang: Lang, year: u16) -> String {
    format!("{}/{year}/print/", lang.code())
}

/// The site path of the page comparing every metric across years: `zh/metrics/`.
pub fn metrics(lang: Lang) -> String {
    format!("{}/metrics/", lang.code())
}

/// The site path of the open data page: `zh/data/`.
pub fn data(lang: Lang) -> String {
    format!("{}/data/", lang.code())
}

/// The site path of the glossary: `zh/glossary/`.
pub fn glossary(lang: Lang) -> String {
    format!("{}/glossary/", lang.code())
}

/// The site path of the search page: `zh/search/`.
pub fn search(lang: Lang) -> String {
    format!("{}/search/", lang.code())
}

/// The file a site path is written to: `zh/2018/` → `zh/2018/index.html`.
pub fn output_file(site_path: &str) -> String {
    if site_path.is_empty() || site_path.ends_with('/') {
        format!("{site_path}index.html")
    } else {
        site_path.to_string()
    }
}

/// Resolves a link written in a page's Markdown (`../2017/`, `/zh/data/`, `welfare/`)
/// against the site path of that page; the result is a site path, query and fragment kept.
pub fn resolve(page: &str, reference: &str) -> String {
    let split = reference.find(['?', '#']).unwrap_or(reference.len());
    let (path, rest) = reference.split_at(split);
    let mut parts: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        page.split('/').filter(|p| !p.is_empty()).collect()
    };
    if !path.starts_with('/') && !page.ends_with('/') {
        parts.pop();
    }
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let folder =
        path.is_empty() || path.ends_with('/') || path.ends_with("/.") || path.ends_with("..");
    let mut resolved = parts.join("/");
    if folder && !resolved.is_empty() {
        resolved.push('/');
    }
    format!("{resolved}{rest}")
}

/// Whether a link leaves the site: it has a scheme (`https:`, `mailto:`) or a host (`//`).
pub fn is_external(reference: &str) -> bool {
    reference.starts_with("//")
        || reference
            .find(':')
            .is_some_and(|colon| !reference[..colon].contains(['/', '?', '#']))
}

/// Makes links from one page to any site path.
#[derive(Clone, Debug)]
pub struct Linker {
    root: String,
    /// Link to `index.html` files, for sites opened from disk.
    files: bool,
}

impl Linker {
    /// Links from the page at `site_path`, relative to it.
    pub fn relative(site_path: &str, files: bool) -> Linker {
        let depth = site_path.matches('/').count();
        Linker {
            root: "../".repeat(depth),
            files,
        }
    }

    /// Links from a page that may be served at any path: from the site's base path.
    pub fn absolute(base_path: &str) -> Linker {
        Linker {
            root: base_path.to_string(),
            files: false,
        }
    }

    /// The prefix that leads from this page to the site's root.
    pub fn root(&self) -> &str {
        &self.root
    }

    pub fn href(&self, site_path: &str) -> String {
        let split = site_path.find(['?', '#']).unwrap_or(site_path.len());
        let (path, rest) = site_path.split_at(split);
        let mut href = String::with_capacity(self.root.len() + site_path.len() + 10);
        href.push_str(&self.root);
        href.push_str(path);
        // A bare fragment or query stays on the page it is on.
        let to_file = self.files && (!path.is_empty() || rest.is_empty());
        if to_file && (path.is_empty() || path.ends_with('/')) {
            href.push_str("index.html");
        }
        href.push_str(rest);
        if href.is_empty() {
            href.push_str("./");
        }
        href
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_relative_to_the_page() {
        let from_section = Linker::relative("zh/2018/party-building/", false);
        assert_eq!(
            from_section.href("en/2018/party-building/"),
            "../../../en/2018/party-building/"
        );
        assert_eq!(from_section.href(""), "../../../");
        let from_landing = Linker::relative("", false);
        assert_eq!(from_landing.href("zh/"), "zh/");
        assert_eq!(from_landing.href(""), "./");
    }

    #[test]
    fn links_to_files_for_sites_opened_from_disk() {
        let linker = Linker::relative("zh/", true);
        assert_eq!(linker.href("zh/2018/"), "../zh/2018/index.html");
        assert_eq!(linker.href("assets/site.css"), "../assets/site.css");
        assert_eq!(linker.href(""), "../index.html");
    }

    #[test]
    fn resolves_markdown_links_against_their_page() {
        assert_eq!(resolve("zh/2018/welfare/", "../"), "zh/2018/");
        assert_eq!(
            resolve("zh/2018/welfare/", "../big-survey/#m-x"),
            "zh/2018/big-survey/#m-x"
        );
        assert_eq!(resolve("zh/2018/welfare/", "/en/data/"), "en/data/");
        assert_eq!(
            resolve("zh/2018/welfare/", "report.pdf"),
            "zh/2018/welfare/report.pdf"
        );
        assert_eq!(
            resolve("zh/2018/", "../../data/2018.csv?x=1"),
            "data/2018.csv?x=1"
        );
        assert_eq!(resolve("zh/2018/", ".."), "zh/");
        assert!(
            is_external("https://example.org/")
                && is_external("mailto:a@b")
                && is_external("//cdn")
        );
        assert!(!is_external("../a:b") && !is_external("notes/x"));
    }

    #[test]
    fn keeps_fragments_and_queries_when_linking() {
        let linker = Linker::relative("zh/2018/print/", true);
        assert_eq!(
            linker.href("zh/2018/big-survey/#m-x"),
            "../../../zh/2018/big-survey/index.html#m-x"
        );
        assert_eq!(
            linker.href("data/2018.csv?x=1"),
            "../../../data/2018.csv?x=1"
        );
    }

    #[test]
    fn the_404_page_links_from_the_base_path() {
        assert_eq!(Linker::absolute("/reports/").href("zh/"), "/reports/zh/");
    }

    #[test]
    fn writes_index_files_for_directory_paths() {
        assert_eq!(output_file(""), "index.html");
        assert_eq!(output_file("zh/2018/"), "zh/2018/index.html");
        assert_eq!(output_file("404.html"), "404.html");
    }
}
