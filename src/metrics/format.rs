//! How a figure is written in each language. This is the one place where numbers are
//! formatted: 万 and 亿 in Chinese, digit grouping and words in English, qualifiers in both.
//! Figures are never rounded: 万 is used only when it is exact to two decimals.

use super::Qualifier;
use super::decimal::Decimal;
use super::history::{Change, Direction};
use super::unit::{English, Unit};
use crate::config::Lang;

/// What a pending value (not yet filled in) shows.
pub const PENDING: &str = "—";

/// The figure with its qualifier and unit, as the text of `lang` writes it.
pub fn figure(value: Option<Decimal>, unit: &Unit, approx: Qualifier, lang: Lang) -> String {
    let Some(value) = value else {
        return PENDING.to_string();
    };
    match lang {
        Lang::Zh => zh_figure(value, unit, approx),
        Lang::En => en_figure(value, unit, approx),
    }
}

/// The figure as running prose writes it: as `figure`, except that an English count over a
/// value reads "more than 1,600 people" where a table or a key-figure card shows "1,600+".
pub fn prose(value: Option<Decimal>, unit: &Unit, approx: Qualifier, lang: Lang) -> String {
    let counted = matches!(unit.en, English::Bare | English::Noun { .. });
    match (value, lang, approx) {
        (Some(value), Lang::En, Qualifier::Over) if counted => {
            format!("more than {}", en_figure(value, unit, Qualifier::Exact))
        }
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

fn zh_figure(value: Decimal, unit: &Unit, approx: Qualifier) -> String {
    let number = zh_number(value);
    let unit = unit.zh.as_str();
    match approx {
        Qualifier::Exact => format!("{number}{unit}"),
        Qualifier::About => format!("约{number}{unit}"),
        Qualifier::Nearly => format!("近{number}{unit}"),
        Qualifier::AtLeast => format!("{number}{unit}以上"),
        // 余 follows whole counts ("1600余个"); a percentage or a fraction takes 超过.
        Qualifier::Over if unit == "%" || !value.is_integer() => format!("超过{number}{unit}"),
        Qualifier::Over => format!("{number}余{unit}"),
    }
}

fn en_figure(value: Decimal, unit: &Unit, approx: Qualifier) -> String {
    let number = en_number(value);
    let singular = value.is_one() && approx == Qualifier::Exact;
    let with_unit = |number: &str| match &unit.en {
        English::Bare => number.to_string(),
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
            English::Bare | English::Noun { .. } => with_unit(&format!("{number}+")),
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
        figure(Some(size), unit, Qualifier::Exact, lang)
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
mod tests {
    use super::*;
    use crate::metrics::unit::{from_table, lookup};

    fn show(value: &str, unit: &str, approx: Qualifier) -> (String, String) {
        let (unit, places) = lookup(unit).unwrap();
        let value = Decimal::parse(value).unwrap().scaled_up(places).unwrap();
        (
            figure(Some(value), &unit, approx, Lang::Zh),
            figure(Some(value), &unit, approx, Lang::En),
        )
    }

    #[test]
    fn formats_the_figures_of_the_2018_report() {
        use Qualifier::*;
        let cases = [
            ("17000", "次", Exact, "1.7万次", "17,000 visits"),
            (
                "754000",
                "人次",
                Exact,
                "75.4万人次",
                "754,000 person-times",
            ),
            ("35.4", "万元", Exact, "35.4万元", "CNY 354,000"),
            ("3910000", "元", Exact, "391万元", "CNY 3,910,000"),
            ("8389", "家", Exact, "8389家", "8,389"),
            ("11251", "人次", Exact, "11251人次", "11,251 person-times"),
            ("600", "家", Nearly, "近600家", "nearly 600"),
            ("1600", "个", Over, "1600余个", "1,600+"),
            ("900", "只", Over, "900余只", "900+"),
            ("2200", "人次", Over, "2200余人次", "2,200+ person-times"),
            ("90", "%", Over, "超过90%", "over 90%"),
            ("97.15", "%", Exact, "97.15%", "97.15%"),
            ("2733.54", "平方米", Exact, "2733.54平方米", "2,733.54 m²"),
            ("66", "户", Exact, "66户", "66 households"),
            ("6", "年", Exact, "6年", "6 years"),
        ];
        for (value, unit, approx, zh, en) in cases {
            assert_eq!(
                show(value, unit, approx),
                (zh.into(), en.into()),
                "{value} {unit}"
            );
        }
    }

    #[test]
    fn writes_every_qualifier_in_both_languages() {
        use Qualifier::*;
        let cases = [
            ("30", "场", About, "约30场", "about 30"),
            ("5", "个", AtLeast, "5个以上", "at least 5"),
            ("354000", "元", Over, "35.4万余元", "over CNY 354,000"),
            ("12.5", "平方米", Over, "超过12.5平方米", "over 12.5 m²"),
            ("98", "%", Nearly, "近98%", "nearly 98%"),
            ("98", "%", AtLeast, "98%以上", "at least 98%"),
        ];
        for (value, unit, approx, zh, en) in cases {
            assert_eq!(
                show(value, unit, approx),
                (zh.into(), en.into()),
                "{value} {unit}"
            );
        }
    }

    #[test]
    fn uses_wan_and_yi_only_when_exact() {
        let cases = [
            ("9999", "9999"),
            ("10000", "1万"),
            ("17000", "1.7万"),
            ("11251", "11251"),
            ("12000000", "1200万"),
            ("123000000", "1.23亿"),
            ("123456789", "123456789"),
            ("-25000", "-2.5万"),
            ("2733.54", "2733.54"),
        ];
        for (value, zh) in cases {
            assert_eq!(zh_number(Decimal::parse(value).unwrap()), zh);
        }
    }

    #[test]
    fn groups_english_digits_in_threes() {
        let cases = [
            ("0", "0"),
            ("999", "999"),
            ("1000", "1,000"),
            ("1234567.891", "1,234,567.891"),
            ("-1234", "-1,234"),
        ];
        for (value, en) in cases {
            assert_eq!(en_number(Decimal::parse(value).unwrap()), en);
        }
    }

    #[test]
    fn writes_long_and_fine_figures_digit_for_digit() {
        let cases = [
            (
                "123456789.123456789",
                "123456789.123456789",
                "123,456,789.123456789",
            ),
            (
                "99999999999999999.5",
                "99999999999999999.5",
                "99,999,999,999,999,999.5",
            ),
            (
                "0.30000000000000004",
                "0.30000000000000004",
                "0.30000000000000004",
            ),
            (
                "98765432109876543210",
                "98765432109876543210",
                "98,765,432,109,876,543,210",
            ),
            ("12345678900", "1234567.89万", "12,345,678,900"),
            (
                "-99999999999999999999.99999999999999999",
                "-99999999999999999999.99999999999999999",
                "-99,999,999,999,999,999,999.99999999999999999",
            ),
        ];
        for (value, zh, en) in cases {
            let value = Decimal::parse(value).unwrap();
            assert_eq!((zh_number(value), en_number(value)), (zh.into(), en.into()));
        }
    }

    #[test]
    fn uses_the_singular_for_exactly_one() {
        let (unit, _) = lookup("户").unwrap();
        let one = Decimal::from_int(1);
        assert_eq!(
            figure(Some(one), &unit, Qualifier::Exact, Lang::En),
            "1 household"
        );
        assert_eq!(
            figure(Some(one), &unit, Qualifier::Over, Lang::En),
            "1+ households"
        );
        let (sessions, _) = from_table("次", "sessions");
        let many = Decimal::from_int(160);
        assert_eq!(
            figure(Some(many), &sessions, Qualifier::Over, Lang::En),
            "160+ sessions"
        );
    }

    fn change_of(before: &str, after: &str, unit: &str, approximate: bool) -> (String, String) {
        use crate::metrics::history::Change;
        let (unit, _) = lookup(unit).unwrap();
        let (before, after) = (
            Decimal::parse(before).unwrap(),
            Decimal::parse(after).unwrap(),
        );
        let delta = after.minus(before);
        let direction = match delta.cmp(&Decimal::ZERO) {
            std::cmp::Ordering::Greater => Direction::Up,
            std::cmp::Ordering::Less => Direction::Down,
            std::cmp::Ordering::Equal => Direction::Same,
        };
        let percent = if unit.is_percent() {
            None
        } else {
            delta.percent_of(before, 1)
        };
        let change = Change {
            delta,
            percent,
            approximate,
            direction,
        };
        (
            super::change(&change, &unit, Lang::Zh),
            super::change(&change, &unit, Lang::En),
        )
    }

    #[test]
    fn words_changes_without_relying_on_colour() {
        let cases = [
            (
                "17000",
                "18200",
                "次",
                false,
                "增加1200次（+7.1%）",
                "up 1,200 visits (+7.1%)",
            ),
            (
                "754",
                "600",
                "家",
                false,
                "减少154家（\u{2212}20.4%）",
                "down 154 (\u{2212}20.4%)",
            ),
            (
                "90",
                "97.15",
                "%",
                false,
                "增加7.15个百分点",
                "up 7.15 percentage points",
            ),
            (
                "1600",
                "1700",
                "个",
                true,
                "增加约100个（+6.3%）",
                "up about 100 (+6.3%)",
            ),
            ("0", "5", "个", false, "增加5个", "up 5"),
            (
                "300000",
                "354000",
                "元",
                false,
                "增加5.4万元（+18%）",
                "up CNY 54,000 (+18%)",
            ),
            (
                "123456789.123456789",
                "246913578.246913578",
                "次",
                false,
                "增加123456789.123456789次（+100%）",
                "up 123,456,789.123456789 visits (+100%)",
            ),
            (
                "0.1",
                "0.30000000000000004",
                "%",
                false,
                "增加0.20000000000000004个百分点",
                "up 0.20000000000000004 percentage points",
            ),
            ("8389", "8389", "家", false, "持平", "no change"),
        ];
        for (before, after, unit, approx, zh, en) in cases {
            assert_eq!(
                change_of(before, after, unit, approx),
                (zh.into(), en.into()),
                "{before}→{after}"
            );
        }
    }

    #[test]
    fn shows_a_dash_for_a_pending_value() {
        let (unit, _) = lookup("户").unwrap();
        assert_eq!(figure(None, &unit, Qualifier::Exact, Lang::Zh), PENDING);
    }
}

#[cfg(test)]
mod prose_tests {
    use super::*;

    #[test]
    fn prose_says_more_than_where_cards_say_plus() {
        let value = Some(Decimal::from_int(1600));
        let unit = crate::metrics::unit::lookup("个").unwrap().0;
        assert_eq!(figure(value, &unit, Qualifier::Over, Lang::En), "1,600+");
        assert_eq!(
            prose(value, &unit, Qualifier::Over, Lang::En),
            "more than 1,600"
        );
        assert_eq!(prose(value, &unit, Qualifier::Over, Lang::Zh), "1600余个");
        let percent = crate::metrics::unit::lookup("%").unwrap().0;
        assert_eq!(
            prose(
                Some(Decimal::from_int(90)),
                &percent,
                Qualifier::Over,
                Lang::En
            ),
            "over 90%"
        );
    }
}
