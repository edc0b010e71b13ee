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

/// The file a site path is written to: `zh/2018/` → `zh/2018/index.html`.
pub fn output_file(site_path: &str) -> String {
    if site_path.is_empty() || site_path.ends_with('/') {
        format!("{site_path}index.html")
    } else {
        site_path.to_string()
    }
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
        let target = if self.files {
            output_file(site_path)
        } else {
            site_path.to_string()
        };
        if self.root.is_empty() && target.is_empty() {
            "./".to_string()
        } else {
            format!("{}{target}", self.root)
        }
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
