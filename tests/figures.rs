//! Figures exact, or refused: `tests/fixtures/exact-figures` holds two years of values with
//! every digit a spreadsheet writes (`123456789.123456789`, `99999999999999999.5`,
//! `0.30000000000000004`, a whole number beyond 64 bits, `1.5e3`). Pages in both languages,
//! the year-over-year changes, open data and charts must carry them digit for digit. What a
//! figure cannot hold is refused by the cases under `fixtures/invalid/` (`errors.rs`).

mod common;

use common::*;

fn built() -> TempSite {
    let site = TempSite::fixture("exact-figures");
    site.build();
    site
}

#[test]
fn sections_publish_every_digit_in_both_languages() {
    let site = built();
    let zh = site.read("public/zh/2018/figures/index.html");
    let en = site.read("public/en/2018/figures/index.html");
    let rows = [
        (
            "precise",
            "走访居民 123456789.123456789次",
            "Resident visits 123,456,789.123456789 visits",
        ),
        (
            "near_limit",
            "大数 99999999999999999.5个",
            "Large count 99,999,999,999,999,999.5",
        ),
        (
            "long",
            "长整数 98765432109876543210人",
            "Long whole number 98,765,432,109,876,543,210 people",
        ),
        ("in_wan", "资金 1234567.89万元", "Funds CNY 12,345,678,900"),
        ("scientific", "指数写法 1500个", "Exponent notation 1,500"),
    ];
    for (id, zh_row, en_row) in rows {
        assert_eq!(row_text(&zh, id), zh_row);
        assert_eq!(row_text(&en, id), en_row);
    }
    assert!(zh.contains(
        "走访居民<data class=\"figure\" id=\"cite-precise\" value=\"123456789.123456789\">123456789.123456789次</data>"
    ));
    assert!(en.contains(
        "<data class=\"figure\" id=\"cite-precise\" value=\"123456789.123456789\">123,456,789.123456789 visits</data>"
    ));
    let zh_2019 = site.read("public/zh/2019/figures/index.html");
    assert!(zh_2019.contains(
        "<data class=\"figure\" id=\"cite-share\" value=\"0.30000000000000004\">0.30000000000000004%</data>"
    ));
}

#[test]
fn changes_between_years_are_exact() {
    let site = built();
    // Each section's metrics across the years have a page of their own.
    let zh = site.read("public/zh/metrics/figures/index.html");
    let en = site.read("public/en/metrics/figures/index.html");
    assert_eq!(
        row_text(&zh, "precise"),
        "走访居民 123456789.123456789次 246913578.246913578次 ▲ 增加123456789.123456789次（+100%）"
    );
    assert_eq!(
        row_text(&en, "precise"),
        "Resident visits 123,456,789.123456789 visits 246,913,578.246913578 visits ▲ up 123,456,789.123456789 visits (+100%)"
    );
    assert_eq!(
        row_text(&zh, "share"),
        "占比 0.1% 0.30000000000000004% ▲ 增加0.20000000000000004个百分点"
    );
    assert_eq!(
        row_text(&en, "share"),
        "Share 0.1% 0.30000000000000004% ▲ up 0.20000000000000004 percentage points"
    );
    assert_eq!(
        row_text(&zh, "near_limit"),
        "大数 99999999999999999.5个 100000000000000000.5个 ▲ 增加1个（+0%）"
    );
    let section = site.read("public/en/2019/figures/index.html");
    assert_eq!(
        row_text(&section, "long"),
        "Long whole number 98,765,432,109,876,543,211 people 98,765,432,109,876,543,210 people (2018) ▲ up 1 person (+0%)"
    );
}

#[test]
fn open_data_carries_the_exact_decimal() {
    let site = built();
    let bytes = std::fs::read(site.path("public/data/metrics.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let row = |year: &str, id: &str| {
        rows.iter()
            .find(|r| &r[column("year")] == year && &r[column("id")] == id)
            .unwrap_or_else(|| panic!("no row {year} {id}"))
    };
    let expected = [
        (
            "2018",
            "precise",
            "123456789.123456789",
            "123456789.123456789次",
            "123,456,789.123456789 visits",
        ),
        (
            "2019",
            "near_limit",
            "100000000000000000.5",
            "100000000000000000.5个",
            "100,000,000,000,000,000.5",
        ),
        (
            "2019",
            "share",
            "0.30000000000000004",
            "0.30000000000000004%",
            "0.30000000000000004%",
        ),
        (
            "2018",
            "long",
            "98765432109876543210",
            "98765432109876543210人",
            "98,765,432,109,876,543,210 people",
        ),
        (
            "2018",
            "in_wan",
            "12345678900",
            "1234567.89万元",
            "CNY 12,345,678,900",
        ),
    ];
    for (year, id, value, zh, en) in expected {
        let row = row(year, id);
        assert_eq!(&row[column("value")], value, "{year} {id}");
        assert_eq!(&row[column("figure_zh")], zh, "{year} {id}");
        assert_eq!(&row[column("figure_en")], en, "{year} {id}");
    }

    // JSON keeps `value` a number token, written with exactly the figure's digits.
    let json = site.read("public/data/metrics.json");
    serde_json::from_str::<serde_json::Value>(&json).expect("metrics.json is well-formed");
    for token in [
        "\"id\": \"precise\", \"value\": 123456789.123456789,",
        "\"id\": \"near_limit\", \"value\": 99999999999999999.5,",
        "\"id\": \"share\", \"value\": 0.30000000000000004,",
        "\"id\": \"long\", \"value\": 98765432109876543210,",
        "\"id\": \"scientific\", \"value\": 1500,",
    ] {
        assert!(json.contains(token), "metrics.json lacks {token}");
    }
}

#[test]
fn charts_label_bars_with_the_exact_figure() {
    let site = built();
    let en = site.read("public/en/metrics/figures/index.html");
    assert!(en.contains(">123,456,789.123456789</text>"));
    assert!(en.contains(">246,913,578.246913578</text>"));
    let zh = site.read("public/zh/metrics/figures/index.html");
    assert!(zh.contains(">0.30000000000000004%</text>"));
}
