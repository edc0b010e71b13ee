//! The site as `content/site.toml` describes it: names, languages, address, theme. Also the
//! two small types every other module speaks in: `Lang` and `Localized` text.

use std::path::Path;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, printable};
use crate::source::SourceFile;
use crate::toml_source;

/// A language of the site. The product is bilingual; the list is closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Lang {
    #[serde(rename = "zh")]
    Zh,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The code used in URLs and content markers: `zh`, `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The BCP 47 tag for `lang` and `hreflang` attributes.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.code() == code)
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

/// A text in both languages. One side may be empty: it is "not yet translated" and readers
/// see the other side, marked with its language.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Localized {
    zh: String,
    en: String,
}

/// The raw form in TOML: `{ zh = "…", en = "…" }`, both keys required.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLocalized {
    zh: String,
    en: String,
}

impl Localized {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Localized {
        Localized {
            zh: zh.into().trim().to_string(),
            en: en.into().trim().to_string(),
        }
    }

    /// Validates the raw form: at least one language must have text.
    pub fn from_raw(
        raw: Spanned<RawLocalized>,
        source: &SourceFile,
        what: &str,
    ) -> Result<Localized, Diagnostic> {
        let span = raw.span();
        let RawLocalized { zh, en } = raw.into_inner();
        for written in [&zh, &en] {
            crate::written::check_front_matter_text(source, span.clone(), written, what)?;
        }
        // English gets typographic quotes and apostrophes, as English bodies do.
        let text = Localized::new(zh, crate::markdown::typographic(&en));
        if text.zh.is_empty() && text.en.is_empty() {
            return Err(
                Diagnostic::error(format!("{what} is empty in both languages"))
                    .at(source.location(span))
                    .hint("write the Chinese text at least: { zh = \"…\", en = \"\" }"),
            );
        }
        Ok(text)
    }

    /// The text in `lang` exactly as written (may be empty).
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    /// The text to show in `lang`, and the language it is actually in.
    pub fn show(&self, lang: Lang) -> (&str, Lang) {
        if self.get(lang).is_empty() {
            (self.get(lang.other()), lang.other())
        } else {
            (self.get(lang), lang)
        }
    }

    pub fn is_translated(&self, lang: Lang) -> bool {
        !self.get(lang).is_empty()
    }
}

/// The validated `site.toml`.
#[derive(Clone, Debug)]
pub struct SiteConfig {
    pub title: Localized,
    pub description: Localized,
    pub publisher: Localized,
    pub base_url: BaseUrl,
    pub languages: Vec<Lang>,
    pub theme: String,
    /// Pass raw HTML in Markdown through instead of escaping it.
    pub allow_html: bool,
    pub links: LinkStyle,
    /// Typeset a PDF of each year (each language and bilingual) in the build.
    pub pdf: bool,
    /// site.toml says `pdf = true`: a machine that cannot typeset the PDFs fails the build,
    /// where by default it builds the site without them.
    pub pdf_asked: bool,
    /// `[theme_options]`, checked against the theme's `theme.toml` when the theme loads.
    pub theme_options: Vec<OptionInput>,
}

/// One `[theme_options]` entry of site.toml, with where it is written.
#[derive(Clone, Debug)]
pub struct OptionInput {
    pub name: String,
    pub name_at: Location,
    pub value: toml::Value,
    pub value_at: Location,
}

/// How pages link to each other. Both are relative, so the site works under any address.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LinkStyle {
    /// `../2018/`: clean addresses; needs a web server that serves `index.html`.
    Directories,
    /// `../2018/index.html`: works from any web server and opened from disk or a USB stick.
    #[default]
    Files,
}

impl LinkStyle {
    pub fn parse(name: &str) -> Option<LinkStyle> {
        match name {
            "directories" => Some(LinkStyle::Directories),
            "files" => Some(LinkStyle::Files),
            _ => None,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSiteConfig {
    title: Spanned<RawLocalized>,
    description: Option<Spanned<RawLocalized>>,
    publisher: Option<Spanned<RawLocalized>>,
    base_url: Spanned<String>,
    languages: Option<Spanned<Vec<Spanned<String>>>>,
    theme: Option<Spanned<String>>,
    allow_html: Option<bool>,
    links: Option<Spanned<String>>,
    pdf: Option<bool>,
    #[serde(default)]
    theme_options: indexmap::IndexMap<Spanned<String>, Spanned<toml::Value>>,
}

impl SiteConfig {
    /// Reads and validates `site.toml`; every problem in it is reported together.
    pub fn load(path: &Path, shown: &Path) -> Result<SiteConfig, Diagnostics> {
        let source = SourceFile::read(path, shown)?;
        let raw: RawSiteConfig = toml_source::parse(&source, 0..source.text.len(), "site.toml")?;
        let RawSiteConfig {
            title,
            description,
            publisher,
            base_url,
            languages,
            theme,
            allow_html,
            links,
            pdf,
            theme_options,
        } = raw;
        let mut problems = Diagnostics::new();
        let mut text = |raw: Option<Spanned<RawLocalized>>, what: &str| match raw {
            None => Localized::default(),
            Some(raw) => Localized::from_raw(raw, &source, what).unwrap_or_else(|err| {
                problems.push(err);
                Localized::default()
            }),
        };
        let title = text(Some(title), "the site title");
        let description = text(description, "the site description");
        let publisher = text(publisher, "the publisher");
        let base_url = BaseUrl::parse(base_url.get_ref())
            .map_err(|why| {
                Diagnostic::error(format!("base_url `{}` {why}", printable(base_url.get_ref())))
                    .at(source.location(base_url.span()))
                    .hint("write the address the site is published at, like \"https://example.org/reports/\"")
            })
            .unwrap_or_else(|err| {
                problems.push(err);
                BaseUrl::parse("http://localhost/").expect("a valid fallback")
            });
        let languages = parse_languages(languages, &source, &mut problems);
        let theme = match theme {
            None => "default".to_string(),
            Some(name) if is_folder_name(name.get_ref()) => name.into_inner(),
            Some(name) => {
                problems.push(
                    Diagnostic::error(format!(
                        "theme `{}` is not the name of a folder in themes/",
                        printable(name.get_ref())
                    ))
                    .at(source.location(name.span()))
                    .hint("a theme is a folder of themes/, named alone: theme = \"default\""),
                );
                "default".to_string()
            }
        };
        let links = match links {
            None => LinkStyle::default(),
            Some(name) => LinkStyle::parse(name.get_ref()).unwrap_or_else(|| {
                problems.push(
                    Diagnostic::error(format!("unknown links style \"{}\"", name.get_ref()))
                        .at(source.location(name.span()))
                        .hint("links is \"files\" (the default: works from disk and any server) or \"directories\" (clean addresses on a server)"),
                );
                LinkStyle::default()
            }),
        };
        problems.into_result()?;
        Ok(SiteConfig {
            title,
            description,
            publisher,
            base_url,
            languages,
            theme,
            allow_html: allow_html.unwrap_or(false),
            links,
            pdf: pdf.unwrap_or(true),
            pdf_asked: pdf == Some(true),
            theme_options: theme_options
                .into_iter()
                .map(|(name, value)| OptionInput {
                    name_at: source.location(name.span()),
                    value_at: source.location(value.span()),
                    name: name.into_inner(),
                    value: value.into_inner(),
                })
                .collect(),
        })
    }
}

/// A single folder name: a theme may not reach out of themes/ (`..`, `/etc`) or be hidden.
fn is_folder_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !name.contains(['/', '\\'])
        && !name.chars().any(char::is_control)
}

fn parse_languages(
    raw: Option<Spanned<Vec<Spanned<String>>>>,
    source: &SourceFile,
    problems: &mut Diagnostics,
) -> Vec<Lang> {
    let Some(raw) = raw else {
        return Lang::ALL.to_vec();
    };
    let span = raw.span();
    let mut languages = Vec::new();
    for code in raw.into_inner() {
        match Lang::from_code(code.get_ref()) {
            Some(lang) if !languages.contains(&lang) => languages.push(lang),
            Some(_) => problems.push(
                Diagnostic::error(format!("language `{}` is listed twice", code.get_ref()))
                    .at(source.location(code.span())),
            ),
            None => problems.push(
                Diagnostic::error(format!("unknown language `{}`", code.get_ref()))
                    .at(source.location(code.span()))
                    .hint("nianbao publishes in \"zh\" and \"en\""),
            ),
        }
    }
    if languages.is_empty() {
        problems.push(
            Diagnostic::error("the site has no languages")
                .at(source.location(span))
                .hint("write languages = [\"zh\", \"en\"]"),
        );
    }
    languages
}

/// The address the site is published at: `https://host/some/path/`, always ending in `/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl {
    url: String,
    path_start: usize,
}

impl BaseUrl {
    /// Checks and normalises the address the site is published at: an international host
    /// name is written in its ASCII (punycode) form and a non-ASCII path percent-encoded, as
    /// they must appear in feeds, sitemaps and canonical links. Refused: other schemes,
    /// credentials (`user:pass@` would be published in every page), queries and fragments,
    /// spaces and characters no address has, a `%` not followed by two hex digits, and `.`
    /// or `..` segments.
    pub fn parse(text: &str) -> Result<BaseUrl, &'static str> {
        let text = text.trim();
        let (scheme, rest) = ["https://", "http://"]
            .iter()
            .find_map(|scheme| {
                text.get(..scheme.len())
                    .filter(|s| s.eq_ignore_ascii_case(scheme))
                    .map(|_| (*scheme, &text[scheme.len()..]))
            })
            .ok_or("must start with https:// or http://")?;
        if rest
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "\"'<>\\`{}|^".contains(c))
        {
            return Err("contains characters that cannot appear in an address");
        }
        if rest.contains(['?', '#']) {
            return Err("must not have a query (?) or fragment (#)");
        }
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        if host.is_empty() {
            return Err("has no host name");
        }
        if host.contains('@') {
            return Err(
                "must not hold a user name or password (they would be published in every page)",
            );
        }
        if !crate::url::percent_escapes_are_whole(rest) {
            return Err("has a % that is not followed by two hexadecimal digits");
        }
        if path
            .split('/')
            .any(|segment| segment == "." || segment == "..")
        {
            return Err("must not have . or .. in its path");
        }
        let host =
            crate::url::ascii_host(host).ok_or("has a host name that cannot be an address")?;
        let mut url = format!("{scheme}{host}");
        let path_start = url.len();
        url.push_str(&crate::url::percent_encode_non_ascii(path));
        if !url.ends_with('/') {
            url.push('/');
        }
        Ok(BaseUrl { url, path_start })
    }

    /// Whether the host is one of the names reserved for examples (RFC 2606: example.org,
    /// example.com, example.net and their subdomains): a site still to be given its address.
    pub fn is_example(&self) -> bool {
        let start = self.url.find("://").map_or(0, |i| i + 3);
        let host = &self.url[start..self.path_start];
        let name = host.rsplit_once(':').map_or(host, |(name, _)| name);
        ["example.org", "example.com", "example.net"]
            .iter()
            .any(|reserved| name == *reserved || name.ends_with(&format!(".{reserved}")))
    }

    /// The whole address, ending in `/`.
    pub fn as_str(&self) -> &str {
        &self.url
    }

    /// The path part, `/` or `/reports/nanxi/`.
    pub fn path(&self) -> &str {
        &self.url[self.path_start..]
    }

    /// The absolute address of a site path like `zh/2018/`.
    pub fn join(&self, site_path: &str) -> String {
        format!("{}{}", self.url, site_path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_keeps_its_sub_path() {
        let url = BaseUrl::parse("https://example.org/reports/nanxi").unwrap();
        assert_eq!(url.as_str(), "https://example.org/reports/nanxi/");
        assert_eq!(url.path(), "/reports/nanxi/");
        assert_eq!(
            url.join("zh/2018/"),
            "https://example.org/reports/nanxi/zh/2018/"
        );
        assert_eq!(BaseUrl::parse("http://localhost:1111").unwrap().path(), "/");
    }

    #[test]
    fn base_url_refuses_credentials_bad_escapes_and_dot_segments() {
        for bad in [
            "https://user:pass@example.org/reports/",
            "https://admin@example.org/",
            "https://example.org/a%zz/",
            "https://example.org/100%/",
            "https://example.org/reports/../admin/",
            "https://example.org/./reports/",
            "https://example.org/my reports/",
        ] {
            assert!(BaseUrl::parse(bad).is_err(), "{bad}");
        }
        assert!(BaseUrl::parse("https://example.org/a%20b/").is_ok());
    }

    #[test]
    fn base_url_writes_international_hosts_and_paths_in_ascii() {
        let url = BaseUrl::parse("https://例子.测试/年报/").unwrap();
        assert_eq!(
            url.as_str(),
            "https://xn--fsqu00a.xn--0zwm56d/%E5%B9%B4%E6%8A%A5/"
        );
        assert_eq!(url.path(), "/%E5%B9%B4%E6%8A%A5/");
        let url = BaseUrl::parse("https://bücher.example:8443/").unwrap();
        assert_eq!(url.as_str(), "https://xn--bcher-kva.example:8443/");
    }

    #[test]
    fn base_url_rejects_what_is_not_an_address() {
        assert!(BaseUrl::parse("example.org").is_err());
        assert!(BaseUrl::parse("https:///x").is_err());
        assert!(BaseUrl::parse("https://a b/").is_err());
        assert!(BaseUrl::parse("javascript:alert(1)").is_err());
    }

    #[test]
    fn untranslated_text_shows_the_other_language() {
        let text = Localized::new("南京西路街道", " ");
        assert_eq!(text.show(Lang::En), ("南京西路街道", Lang::Zh));
        assert_eq!(text.show(Lang::Zh), ("南京西路街道", Lang::Zh));
        assert!(!text.is_translated(Lang::En));
    }
}
