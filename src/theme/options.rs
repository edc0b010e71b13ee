//! A theme's `theme.toml`: its name, the nianbao version it needs, and the options it
//! accepts (an accent colour, a logo, a footer line…) with their defaults. `site.toml` sets
//! them under `[theme_options]`; each is checked against its declared type here.

use std::collections::BTreeMap;
use std::path::Path;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::config::{Lang, Localized, OptionInput};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::source::SourceFile;
use crate::toml_source::{self, closest};

/// What `theme.toml` declares.
#[derive(Clone, Debug)]
pub struct Manifest {
    pub name: String,
    pub description: String,
    pub options: Vec<OptionSpec>,
}

#[derive(Clone, Debug)]
pub struct OptionSpec {
    pub name: String,
    pub kind: OptionKind,
    pub default: OptionValue,
    pub description: String,
}

/// The types an option can have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionKind {
    /// `#rrggbb`; written into `assets/options.css` as a CSS variable `--NAME`.
    Color,
    /// A file of the site's or the theme's `static/` folder; templates get its link.
    Image,
    /// A text in both languages; templates get it in the page's language.
    Text,
    Bool,
    String,
}

impl OptionKind {
    const NAMES: [(&'static str, OptionKind); 5] = [
        ("color", OptionKind::Color),
        ("image", OptionKind::Image),
        ("text", OptionKind::Text),
        ("bool", OptionKind::Bool),
        ("string", OptionKind::String),
    ];
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OptionValue {
    Color(String),
    /// The path inside `static/`, or none.
    Image(Option<String>),
    Text(Localized),
    Bool(bool),
    String(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    name: String,
    description: Option<String>,
    nianbao: Option<Spanned<String>>,
    #[serde(default)]
    options: IndexMap<String, RawOption>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOption {
    #[serde(rename = "type")]
    kind: Spanned<String>,
    default: Spanned<toml::Value>,
    description: Option<String>,
}

/// Reads `theme.toml`; a theme without one has no options.
pub fn load_manifest(dir: &Path, shown: &Path, name: &str) -> Result<Manifest, Diagnostics> {
    let path = dir.join("theme.toml");
    if !path.is_file() {
        return Ok(Manifest {
            name: name.to_string(),
            description: String::new(),
            options: Vec::new(),
        });
    }
    let shown = shown.join("theme.toml");
    let source = SourceFile::read(&path, &shown)?;
    let raw: RawManifest = toml_source::parse(&source, 0..source.text.len(), "theme.toml")?;
    let RawManifest {
        name,
        description,
        nianbao,
        options,
    } = raw;
    let mut problems = Diagnostics::new();
    if let Some(needed) =
        nianbao.filter(|n| !version_satisfies(env!("CARGO_PKG_VERSION"), n.get_ref()))
    {
        problems.push(
            Diagnostic::error(format!(
                "theme `{name}` needs nianbao {} or later; this is nianbao {}",
                needed.get_ref(),
                env!("CARGO_PKG_VERSION")
            ))
            .at(source.location(needed.span()))
            .hint("update nianbao, or use a theme made for this version"),
        );
    }
    let mut specs = Vec::new();
    for (option, raw) in options {
        let kind = OptionKind::NAMES
            .iter()
            .find(|(n, _)| n == raw.kind.get_ref())
            .map(|(_, k)| *k);
        let Some(kind) = kind else {
            let names: Vec<&str> = OptionKind::NAMES.iter().map(|(n, _)| *n).collect();
            problems.push(
                Diagnostic::error(format!(
                    "option `{option}` has unknown type \"{}\"",
                    raw.kind.get_ref()
                ))
                .at(source.location(raw.kind.span()))
                .hint(format!("option types are: {}", names.join(", "))),
            );
            continue;
        };
        let at = source.location(raw.default.span());
        match value_of(kind, raw.default.get_ref(), None) {
            Ok(default) => specs.push(OptionSpec {
                name: option,
                kind,
                default,
                description: raw.description.unwrap_or_default(),
            }),
            Err(why) => problems
                .push(Diagnostic::error(format!("the default of option `{option}` {why}")).at(at)),
        }
    }
    problems.into_result()?;
    Ok(Manifest {
        name,
        description: description.unwrap_or_default(),
        options: specs,
    })
}

/// `0.1.3` satisfies `0.1`; `0.1.3` does not satisfy `0.2`.
fn version_satisfies(have: &str, need: &str) -> bool {
    let parse = |v: &str| -> Vec<u64> { v.split('.').map(|p| p.parse().unwrap_or(0)).collect() };
    let (have, mut need) = (parse(have), parse(need));
    need.resize(have.len().max(need.len()), 0);
    have >= need
}

/// The options in effect: each declared option with the site's value or its default.
pub fn resolve(
    manifest: &Manifest,
    inputs: &[OptionInput],
    static_files: &BTreeMap<String, Vec<u8>>,
) -> (Vec<(String, OptionValue)>, Diagnostics) {
    let mut problems = Diagnostics::new();
    for input in inputs {
        if !manifest.options.iter().any(|o| o.name == input.name) {
            let names: Vec<&str> = manifest.options.iter().map(|o| o.name.as_str()).collect();
            let hint = match closest(&input.name, &names) {
                Some(best) => format!("did you mean `{best}`?"),
                None if names.is_empty() => format!("theme `{}` has no options", manifest.name),
                None => format!("theme `{}` accepts: {}", manifest.name, names.join(", ")),
            };
            problems.push(
                Diagnostic::error(format!("unknown theme option `{}`", input.name))
                    .at(input.name_at.clone())
                    .hint(hint),
            );
        }
    }
    let mut resolved = Vec::new();
    for spec in &manifest.options {
        let value = match inputs.iter().find(|i| i.name == spec.name) {
            None => spec.default.clone(),
            Some(input) => match value_of(spec.kind, &input.value, Some(static_files)) {
                Ok(value) => {
                    if let Some(warning) = contrast_warning(&value, &input.value_at) {
                        problems.push(warning);
                    }
                    value
                }
                Err(why) => {
                    problems.push(
                        Diagnostic::error(format!("theme option `{}` {why}", spec.name))
                            .at(input.value_at.clone()),
                    );
                    spec.default.clone()
                }
            },
        };
        resolved.push((spec.name.clone(), value));
    }
    (resolved, problems)
}

fn value_of(
    kind: OptionKind,
    value: &toml::Value,
    static_files: Option<&BTreeMap<String, Vec<u8>>>,
) -> Result<OptionValue, String> {
    match (kind, value) {
        (OptionKind::Color, toml::Value::String(text)) => parse_color(text)
            .map(OptionValue::Color)
            .ok_or_else(|| format!("must be a colour like \"#1d3a5c\", not \"{text}\"")),
        (OptionKind::Image, toml::Value::String(path)) if path.is_empty() => {
            Ok(OptionValue::Image(None))
        }
        (OptionKind::Image, toml::Value::String(path)) => {
            let clean = path.trim_start_matches('/');
            if clean.split('/').any(|part| part == ".." || part.is_empty()) || clean.contains('\\')
            {
                return Err(format!(
                    "must be a file of the static/ folder, not \"{path}\""
                ));
            }
            match static_files {
                Some(files) if !files.contains_key(clean) => Err(format!(
                    "names \"{path}\", which is not in the site's or the theme's static/ folder"
                )),
                _ => Ok(OptionValue::Image(Some(clean.to_string()))),
            }
        }
        (OptionKind::Text, toml::Value::Table(table)) => {
            let get = |lang: Lang| {
                table
                    .get(lang.code())
                    .and_then(toml::Value::as_str)
                    .unwrap_or("")
            };
            if table.keys().any(|k| Lang::from_code(k).is_none()) {
                return Err("takes only the keys zh and en".to_string());
            }
            refuse_unpublishable(get(Lang::Zh))?;
            refuse_unpublishable(get(Lang::En))?;
            Ok(OptionValue::Text(Localized::new(
                get(Lang::Zh),
                get(Lang::En),
            )))
        }
        (OptionKind::Bool, toml::Value::Boolean(flag)) => Ok(OptionValue::Bool(*flag)),
        (OptionKind::String, toml::Value::String(text)) => {
            refuse_unpublishable(text)?;
            Ok(OptionValue::String(text.clone()))
        }
        (kind, other) => Err(format!(
            "must be {}, not a {}",
            expected(kind),
            other.type_str()
        )),
    }
}

/// A text the pages print holds no control or bidirectional character (`crate::written`).
fn refuse_unpublishable(text: &str) -> Result<(), String> {
    match crate::written::why_refused(text) {
        Some(why) => Err(format!("holds {why}")),
        None => Ok(()),
    }
}

fn expected(kind: OptionKind) -> &'static str {
    match kind {
        OptionKind::Color => "a colour like \"#1d3a5c\"",
        OptionKind::Image => "the path of an image in static/, like \"logo.svg\"",
        OptionKind::Text => "a text in both languages, { zh = \"…\", en = \"…\" }",
        OptionKind::Bool => "true or false",
        OptionKind::String => "a string",
    }
}

/// `#abc` or `#aabbcc`, normalised to lowercase `#aabbcc`.
fn parse_color(text: &str) -> Option<String> {
    let hex = text.strip_prefix('#')?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    match hex.len() {
        3 => Some(format!(
            "#{}",
            hex.chars()
                .flat_map(|c| [c, c])
                .collect::<String>()
                .to_lowercase()
        )),
        6 => Some(format!("#{}", hex.to_lowercase())),
        _ => None,
    }
}

/// The contrast ratio (WCAG 2.1) of a `#rrggbb` colour against white.
pub fn contrast_with_white(color: &str) -> f64 {
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(&color[i..i + 2], 16).unwrap_or(0)) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
    1.05 / (luminance + 0.05)
}

/// Colours carry white text in the themes: one too light to read is worth a warning.
fn contrast_warning(value: &OptionValue, at: &Location) -> Option<Diagnostic> {
    let OptionValue::Color(color) = value else {
        return None;
    };
    let ratio = contrast_with_white(color);
    (ratio < 4.5).then(|| {
        Diagnostic::warning(format!(
            "colour {color} has a contrast of {ratio:.1}:1 with white text; WCAG AA needs 4.5:1"
        ))
        .at(at.clone())
        .hint("choose a darker colour so text on it stays readable")
    })
}

/// `assets/options.css`: every colour option as a CSS variable, so a theme's stylesheet
/// can use `var(--accent)` without inline styles.
pub fn options_css(options: &[(String, OptionValue)]) -> String {
    let mut css =
        String::from("/* Written by nianbao from the theme options in site.toml. */\n:root {\n");
    for (name, value) in options {
        if let OptionValue::Color(color) = value {
            css.push_str(&format!("  --{name}: {color};\n"));
        }
    }
    css.push_str("}\n");
    css
}

/// An option as templates receive it.
#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub enum OptionContext {
    Text(crate::render::context::Txt),
    Plain(String),
    Bool(bool),
}

/// The options for a page in `lang`; `link` turns a static path into a link from the page.
pub fn context(
    options: &[(String, OptionValue)],
    lang: Lang,
    link: &dyn Fn(&str) -> String,
) -> BTreeMap<String, OptionContext> {
    options
        .iter()
        .map(|(name, value)| {
            let shown = match value {
                OptionValue::Color(color) | OptionValue::String(color) => {
                    OptionContext::Plain(color.clone())
                }
                OptionValue::Image(path) => {
                    OptionContext::Plain(path.as_deref().map(link).unwrap_or_default())
                }
                OptionValue::Text(text) => {
                    OptionContext::Text(crate::render::context::Txt::of(text, lang))
                }
                OptionValue::Bool(flag) => OptionContext::Bool(*flag),
            };
            (name.clone(), shown)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_colours_and_refuses_the_rest() {
        assert_eq!(parse_color("#1D3A5C").as_deref(), Some("#1d3a5c"));
        assert_eq!(parse_color("#a1b").as_deref(), Some("#aa11bb"));
        for bad in [
            "1d3a5c",
            "#12345",
            "#1d3a5g",
            "red",
            "#fff;}body{display:none",
        ] {
            assert_eq!(parse_color(bad), None, "{bad}");
        }
    }

    #[test]
    fn measures_contrast_against_white() {
        assert!((contrast_with_white("#000000") - 21.0).abs() < 0.01);
        assert!((contrast_with_white("#ffffff") - 1.0).abs() < 0.01);
        assert!(contrast_with_white("#1d3a5c") > 4.5);
        assert!(contrast_with_white("#e8b04b") < 4.5);
    }

    #[test]
    fn refuses_texts_with_control_or_bidirectional_characters() {
        let text: toml::Value = toml::from_str("zh = \"页脚\\u202E\"\nen = \"Footer\"").unwrap();
        let refused = value_of(OptionKind::Text, &text, None).err();
        assert_eq!(
            refused.as_deref(),
            Some("holds an invisible bidirectional control (U+202E)")
        );
        let string = toml::Value::String("a\u{1b}[31m".into());
        let refused = value_of(OptionKind::String, &string, None).err();
        assert_eq!(
            refused.as_deref(),
            Some("holds a control character (U+001B)")
        );
    }

    #[test]
    fn compares_versions_by_their_numbers() {
        assert!(version_satisfies("0.1.0", "0.1"));
        assert!(version_satisfies("0.10.0", "0.9"));
        assert!(!version_satisfies("0.1.0", "0.2"));
        assert!(!version_satisfies("1.0.0", "1.0.1"));
    }
}
