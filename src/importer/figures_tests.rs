//! Tests of the figure scanner, on sentences of the 2018 report and on the numbers that are
//! not figures.

use super::*;

/// The figures of `text` as `(value, unit, approx)`, and the text with citations.
fn figures(text: &str) -> (Vec<(String, String, &'static str)>, String, Notes) {
    let mut notes = Notes::default();
    let (cited, found) = cite(text, Origin::Line(1), &mut Ids::new(2018, 5), &mut notes);
    let found = found
        .into_iter()
        .map(|p| (p.value.to_string(), p.unit.zh.clone(), p.approx.name()))
        .collect();
    (found, cited, notes)
}

fn triples(list: &[(&str, &str, &'static str)]) -> Vec<(String, String, &'static str)> {
    list.iter()
        .map(|(v, u, a)| (v.to_string(), u.to_string(), *a))
        .collect()
}

#[test]
fn reads_values_units_and_qualifiers() {
    let (found, cited, _) = figures(
        "全年走访居民1.7万次,企业近600家,社会组织54家,汇总问题和建议1600余个,解决1400多个,问题解决率超过90%。",
    );
    assert_eq!(
        found,
        triples(&[
            ("17000", "次", "exact"),
            ("600", "家", "nearly"),
            ("54", "家", "exact"),
            ("1600", "个", "over"),
            ("1400", "个", "over"),
            ("90", "%", "over"),
        ])
    );
    assert_eq!(
        cited,
        "全年走访居民{{ metric(id=\"s05_01_visits_2018\") }},企业{{ metric(id=\"s05_02_count_2018\") }},\
         社会组织{{ metric(id=\"s05_03_count_2018\") }},汇总问题和建议{{ metric(id=\"s05_04_count_2018\") }},\
         解决{{ metric(id=\"s05_05_count_2018\") }},问题解决率{{ metric(id=\"s05_06_percent_2018\") }}。"
    );
}

#[test]
fn folds_wan_into_the_base_unit_and_reads_money() {
    let (found, _, notes) = figures(
        "募集慈善捐款35.4万元、发放17万元,向66户困难家庭拨付13.2万帮困助学金,发放助残补贴391万元,拆除82处2733.54平方米。",
    );
    assert_eq!(
        found,
        triples(&[
            ("354000", "元", "exact"),
            ("170000", "元", "exact"),
            ("66", "户", "exact"),
            ("132000", "元", "exact"),
            ("3910000", "元", "exact"),
            ("82", "处", "exact"),
            ("2733.54", "平方米", "exact"),
        ])
    );
    assert_eq!(notes.unsure.len(), 1, "{:?}", notes.unsure);
    assert!(notes.unsure[0].message.contains("元"), "{:?}", notes.unsure);
}

#[test]
fn keeps_da_as_prose_and_reads_at_least_and_about() {
    let (found, cited, _) =
        figures("覆盖率达98%,签约率达到97.15%,约30场,5个以上,居民预签约1090证。");
    assert_eq!(
        found,
        triples(&[
            ("98", "%", "exact"),
            ("97.15", "%", "exact"),
            ("30", "场", "about"),
            ("5", "个", "at_least"),
            ("1090", "证", "exact"),
        ])
    );
    assert!(cited.starts_with("覆盖率达{{"), "{cited}");
    assert!(cited.contains("签约率达到{{"), "{cited}");
    assert!(cited.contains("居民预签约{{"), "{cited}");
}

#[test]
fn dates_years_ordinals_addresses_and_versions_are_not_figures() {
    for text in [
        "开启党建模式3.0版本。",
        "在2019年1月12日至1月21日预签约期间。",
        "到2018年底,2000年以前商品房。",
        "连续第3年获评,第二届联赛。",
        "铜仁路330、陕西北路288等突出矛盾。",
        "双双获评4A,获评2018静安区先进集体。",
        "2019-01-12召开。",
    ] {
        let (found, cited, notes) = figures(text);
        assert!(found.is_empty(), "{text}: {found:?}");
        assert_eq!(cited, text);
        assert!(notes.unsure.is_empty(), "{text}: {:?}", notes.unsure);
    }
}

#[test]
fn a_small_number_of_years_is_a_figure() {
    let (found, _, _) = figures("在连续6年获评的基础上。");
    assert_eq!(found, triples(&[("6", "年", "exact")]));
}

#[test]
fn reports_numbers_it_cannot_place() {
    let (found, cited, notes) = figures("新建3-5个站点,惠及2万居民,评分88。");
    assert!(found.is_empty(), "{found:?}");
    assert_eq!(cited, "新建3-5个站点,惠及2万居民,评分88。");
    let messages: Vec<&str> = notes.unsure.iter().map(|n| n.message.as_str()).collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(messages[0].contains("a range"));
    assert!(messages[1].contains("万"));
    assert!(messages[2].contains("without a unit"));
}

#[test]
fn reports_a_figure_nianbao_writes_differently() {
    let (_, _, notes) = figures("解决1400多个。");
    assert_eq!(notes.repaired.len(), 1);
    assert!(notes.repaired[0].message.contains("“1400余个”"));
}

#[test]
fn reads_grouped_and_full_width_digits() {
    let (found, _, _) = figures("排查单位1,739家,整治１２处。");
    assert_eq!(
        found,
        triples(&[("1739", "家", "exact"), ("12", "处", "exact")])
    );
}
