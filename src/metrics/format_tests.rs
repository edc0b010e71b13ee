//! Tests of how figures are written, as tables of cases in both languages.

use super::*;
use crate::metrics::unit::{from_table, lookup};

fn show(value: &str, unit: &str, approx: Qualifier) -> (String, String) {
    let (unit, places) = lookup(unit).unwrap();
    let value = Decimal::parse(value).unwrap().scaled_up(places).unwrap();
    (
        figure(Some(value), &unit, Approx::of(approx), Lang::Zh),
        figure(Some(value), &unit, Approx::of(approx), Lang::En),
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
        ("1600", "个", Over, "1600余个", "more than 1,600"),
        ("900", "只", Over, "900余只", "more than 900"),
        (
            "2200",
            "人次",
            Over,
            "2200余人次",
            "more than 2,200 person-times",
        ),
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
        figure(Some(one), &unit, Approx::EXACT, Lang::En),
        "1 household"
    );
    assert_eq!(
        short_figure(Some(one), &unit, Approx::of(Qualifier::Over), Lang::En),
        "1+ households"
    );
    let (sessions, _) = from_table("次", "sessions");
    let many = Decimal::from_int(160);
    assert_eq!(
        short_figure(Some(many), &sessions, Approx::of(Qualifier::Over), Lang::En),
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
    assert_eq!(figure(None, &unit, Approx::EXACT, Lang::Zh), PENDING);
}

fn written(value: &str, unit: &str, word: &str) -> [String; 3] {
    let (unit, places) = lookup(unit).unwrap();
    let value = Some(Decimal::parse(value).unwrap().scaled_up(places).unwrap());
    let approx = Approx::written(word).unwrap();
    [
        figure(value, &unit, approx, Lang::Zh),
        figure(value, &unit, approx, Lang::En),
        short_figure(value, &unit, approx, Lang::En),
    ]
}

#[test]
fn keeps_the_qualifier_word_the_report_wrote() {
    let cases = [
        (
            "1400",
            "个",
            "多",
            ["1400多个", "more than 1,400", "1,400+"],
        ),
        (
            "300",
            "人",
            "左右",
            ["300人左右", "about 300 people", "about 300 people"],
        ),
        (
            "600",
            "家",
            "将近",
            ["将近600家", "nearly 600", "nearly 600"],
        ),
        (
            "2600",
            "个",
            "超",
            ["超2600个", "more than 2,600", "2,600+"],
        ),
        (
            "20",
            "万人次",
            "突破",
            [
                "突破20万人次",
                "more than 200,000 person-times",
                "200,000+ person-times",
            ],
        ),
        (
            "7400",
            "万元",
            "余",
            ["7400余万元", "over CNY 74,000,000", "over CNY 74,000,000"],
        ),
        (
            "10",
            "万人次",
            "余",
            [
                "10余万人次",
                "more than 100,000 person-times",
                "100,000+ person-times",
            ],
        ),
        (
            "1",
            "万人",
            "余",
            ["1万余人", "more than 10,000 people", "10,000+ people"],
        ),
        (
            "12",
            "岁",
            "及以上",
            [
                "12岁及以上",
                "at least 12 years of age",
                "at least 12 years of age",
            ],
        ),
        ("90", "%", "逾", ["逾90%", "over 90%", "over 90%"]),
    ];
    for (value, unit, word, expected) in cases {
        assert_eq!(
            written(value, unit, word),
            expected.map(String::from),
            "{value}{word}"
        );
    }
}
