//! How a figure is written in each language. This is the one place where numbers are
//! formatted: 万 and 亿 in Chinese, digit grouping and words in English, qualifiers in both.
//! Figures are never rounded: 万 is used only when it is exact to two decimals.

use super::approx::{Approx, Place, Qualifier, Word};
use super::decimal::Decimal;
use super::history::{Change, Direction};
use super::unit::{English, Unit};
use crate::config::Lang;

/// What a pending value (not yet filled in) shows.
pub const PENDING: &str = "—";

/// The figure with its qualifier and unit, as the text of `lang` writes it: "1400多个",
/// "more than 1,400".
pub fn figure(value: Option<Decimal>, unit: &Unit, approx: Approx, lang: Lang) -> String {
    let Some(value) = value else {
        return PENDING.to_string();
    };
    match lang {
        Lang::Zh => zh_figure(value, unit, approx),
        Lang::En => en_figure(value, unit, approx.kind, false),
    }
}

/// The figure where space is short (figure cards): "1,400+" for "more than 1,400"; every
/// other figure as [`figure`] writes it.
pub fn short_figure(value: Option<Decimal>, unit: &Unit, approx: Approx, lang: Lang) -> String {
    match (value, lang) {
        (Some(value), Lang::En) => en_figure(value, unit, approx.kind, true),
        _ => figure(value, unit, approx, lang),
    }
}

/// Chinese notation: `17000` → `1.7万`, `3910000` → `391万`, `11251` stays `11251`.
pub fn zh_number(value: Decimal) -> String {
    let magnitude = value.abs();
    let candidates = [(8, 100_000_000, "亿"), (4, 10_000, "万")];
    for (places, threshold, word) in candidates {
        if magnitude >= Decimal::from_int(threshold)
            && let Some(scaled) = value.scaled_down(places, 2)
        {
            return format!("{scaled}{word}");
        }
    }
    value.to_string()
}

/// English notation with digit grouping: `2733.54` → `2,733.54`.
pub fn en_number(value: Decimal) -> String {
    let (int, frac) = value.parts();
    let mut grouped = String::with_capacity(int.len() + int.len() / 3 + frac.len() + 2);
    if value.is_negative() {
        grouped.push('-');
    }
    for (i, digit) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if !frac.is_empty() {
        grouped.push('.');
        grouped.push_str(&frac);
    }
    grouped
}

fn zh_figure(value: Decimal, unit: &Unit, approx: Approx) -> String {
    let unit = unit.zh.as_str();
    let word = approx
        .written_word()
        .unwrap_or_else(|| usual_word(value, unit, approx.kind));
    match word.place {
        Place::Before => format!("{}{}{unit}", word.zh, zh_number(value)),
        Place::AfterUnit => format!("{}{unit}{}", zh_number(value), word.zh),
        Place::AfterNumber => format!("{}{unit}", zh_number_with(value, word.zh)),
    }
}

/// The word nianbao writes for a qualifier the report's word was not kept for. 余 follows
/// whole counts ("1600余个"); a percentage or a fraction takes 超过.
fn usual_word(value: Decimal, unit: &str, kind: Qualifier) -> Word {
    let zh = match kind {
        Qualifier::Exact => "",
        Qualifier::About => "约",
        Qualifier::Nearly => "近",
        Qualifier::AtLeast => "以上",
        Qualifier::Over if unit == "%" || !value.is_integer() => "超过",
        Qualifier::Over => "余",
    };
    super::approx::lookup(zh).unwrap_or(Word {
        zh: "",
        kind,
        place: Place::Before,
    })
}

/// The number with 余 or 多 in it. Ten or more of 万 or 亿 take the word before the scale
/// (`7400余万`, `10余万`), as a count of the scale; fewer, or a fraction, after it
/// (`1万余`, `1.5万余`).
fn zh_number_with(value: Decimal, word: &str) -> String {
    let number = zh_number(value);
    let Some(scale) = number.chars().last().filter(|c| matches!(c, '万' | '亿')) else {
        return format!("{number}{word}");
    };
    let count = &number[..number.len() - scale.len_utf8()];
    let whole_tens = !count.contains('.') && count.trim_start_matches('-').len() >= 2;
    match whole_tens {
        true => format!("{count}{word}{scale}"),
        false => format!("{number}{word}"),
    }
}

fn en_figure(value: Decimal, unit: &Unit, approx: Qualifier, short: bool) -> String {
    let number = en_number(value);
    let singular = value.is_one() && approx == Qualifier::Exact;
    let with_unit = |number: &str| match &unit.en {
        English::Bare | English::Wanted => number.to_string(),
        English::Noun { one, many } => {
            format!("{number} {}", if singular { one } else { many })
        }
        English::Currency(code) => format!("{code} {number}"),
        English::Percent => format!("{number}%"),
        English::Symbol(symbol) => format!("{number} {symbol}"),
    };
    match approx {
        Qualifier::Exact => with_unit(&number),
        Qualifier::About => format!("about {}", with_unit(&number)),
        Qualifier::Nearly => format!("nearly {}", with_unit(&number)),
        Qualifier::AtLeast => format!("at least {}", with_unit(&number)),
        Qualifier::Over => match unit.en {
            English::Bare | English::Wanted | English::Noun { .. } if short => {
                with_unit(&format!("{number}+"))
            }
            English::Bare | English::Wanted | English::Noun { .. } => {
                format!("more than {}", with_unit(&number))
            }
            _ => format!("over {}", with_unit(&number)),
        },
    }
}

/// A change from one year to the next, in words that do not rely on colour:
/// "增加1200次（+7.1%）", "down 154 (−20.4%)", "up 7.15 percentage points", "持平".
pub fn change(change: &Change, unit: &Unit, lang: Lang) -> String {
    if change.direction == Direction::Same {
        return match lang {
            Lang::Zh => "持平".to_string(),
            Lang::En => "no change".to_string(),
        };
    }
    let size = change.delta.abs();
    let amount = if unit.is_percent() {
        match lang {
            Lang::Zh => format!("{}个百分点", zh_number(size)),
            Lang::En => {
                let noun = if size.is_one() {
                    "percentage point"
                } else {
                    "percentage points"
                };
                format!("{} {noun}", en_number(size))
            }
        }
    } else {
        figure(Some(size), unit, Approx::EXACT, lang)
    };
    let up = change.direction == Direction::Up;
    let percent = change.percent.map(|p| {
        let sign = if p.is_negative() { "\u{2212}" } else { "+" };
        match lang {
            Lang::Zh => format!("（{sign}{}%）", p.abs()),
            Lang::En => format!(" ({sign}{}%)", p.abs()),
        }
    });
    let percent = percent.unwrap_or_default();
    match lang {
        Lang::Zh => {
            let word = if up { "增加" } else { "减少" };
            let about = if change.approximate { "约" } else { "" };
            format!("{word}{about}{amount}{percent}")
        }
        Lang::En => {
            let word = if up { "up" } else { "down" };
            let about = if change.approximate { "about " } else { "" };
            format!("{word} {about}{amount}{percent}")
        }
    }
}

#[cfg(test)]
#[path = "format_tests.rs"]
mod tests;
