//! Tests of the figure scanner, on sentences of the 2018 report and on the numbers that are
//! not figures.

use super::*;

/// The figures of `text` as `(value, unit, approx)`, and the text with citations.
fn figures(text: &str) -> (Vec<(String, String, &'static str)>, String, Notes) {
    let mut notes = Notes::default();
    let (cited, found) = cite(text, Origin::Line(1), &mut Ids::new(2018, 5), &mut notes);
    let found = found
        .into_iter()
        .map(|p| (p.value.to_string(), p.unit.zh.clone(), p.approx.kind.name()))
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
    let (_, _, notes) = figures("协调解决问题百余个。");
    assert_eq!(notes.repaired.len(), 1);
    assert!(notes.repaired[0].message.contains("“100余个”"));
}

#[test]
fn keeps_the_qualifier_word_as_written() {
    let mut notes = Notes::default();
    let text = "解决1400多个,受理300件左右,将近600家,超2600个,突破20万人次,1100余名,12岁及以上。";
    let (_, found) = cite(text, Origin::Line(1), &mut Ids::new(2018, 5), &mut notes);
    let words: Vec<(String, Option<&str>)> = found
        .iter()
        .map(|p| (p.written.clone(), p.approx.word()))
        .collect();
    assert_eq!(
        words,
        [
            ("1400多个".to_string(), Some("多")),
            ("300件左右".to_string(), Some("左右")),
            ("将近600家".to_string(), Some("将近")),
            ("超2600个".to_string(), Some("超")),
            ("突破20万人次".to_string(), Some("突破")),
            ("1100余名".to_string(), Some("余")),
        ]
    );
    assert!(notes.repaired.is_empty(), "{:?}", notes.repaired);
}

#[test]
fn reads_grouped_and_full_width_digits() {
    let (found, _, _) = figures("排查单位1,739家,整治１２处。");
    assert_eq!(
        found,
        triples(&[("1739", "家", "exact"), ("12", "处", "exact")])
    );
}

/// The figures of `text` as `(written, unit, English unit)`.
fn units(text: &str) -> (Vec<(String, String, String)>, Notes) {
    let mut notes = Notes::default();
    let (_, found) = cite(text, Origin::Line(1), &mut Ids::new(2018, 5), &mut notes);
    let found = found
        .into_iter()
        .map(|p| (p.written, p.unit.zh.clone(), p.unit.en_name().to_string()))
        .collect();
    (found, notes)
}

fn owned(list: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    list.iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

#[test]
fn keeps_units_outside_the_catalog_in_chinese_and_asks_for_english() {
    let (found, notes) = units(
        "征订读本182本,拆除店招52块,接种疫苗3剂,发布8大类资源,走访企业300余家次,场地60㎡,浓度37.1微克/立方米,加强针近10万剂次。",
    );
    assert_eq!(
        found,
        owned(&[
            ("182本", "本", ""),
            ("52块", "块", ""),
            ("3剂", "剂", ""),
            ("8大类", "大类", ""),
            ("300余家次", "家次", ""),
            ("60㎡", "㎡", "m²"),
            ("37.1微克/立方米", "微克/立方米", "μg/m³"),
            ("近10万剂次", "剂次", ""),
        ])
    );
    let wanted: Vec<&str> = notes
        .unsure
        .iter()
        .filter(|n| n.message.contains("English word wanted"))
        .map(|n| n.message.as_str())
        .collect();
    assert_eq!(wanted.len(), 6, "{wanted:?}");
}

#[test]
fn ages_anniversaries_codes_names_periods_and_footnotes_are_not_figures() {
    for text in [
        "60岁以上老人全程接种率。",
        "12岁及以上人群。",
        "庆祝建党100周年。",
        "颁发“光荣在党50年”纪念章。",
        "实施“2+12”封楼,优化1+6+1+2”应急保障体系,管控+7人员。",
        "有效应对3·5上城疫情。",
        "近3年来持续推进。",
        "落实“五违四必”要求[1]。",
        "做好“330”“503”等多轮处置。",
    ] {
        let (found, cited, _) = figures(text);
        assert!(found.is_empty(), "{text}: {found:?}");
        assert_eq!(cited, text);
    }
}

#[test]
fn counts_in_chinese_numerals_with_a_measure_word_are_figures() {
    let (found, _, _) = figures(
        "东方、龙阳等八个居委,两个邻里中心,十余项制度,协调解决问题百余个,即一个街道领导小组。",
    );
    assert_eq!(
        found,
        triples(&[
            ("8", "个", "exact"),
            ("2", "个", "exact"),
            ("10", "项", "over"),
            ("100", "个", "over"),
            ("1", "个", "exact"),
        ])
    );
}

#[test]
fn set_phrases_with_chinese_numerals_are_not_figures() {
    for text in [
        "按照“六个精准”要求,突出“五个一批”。",
        "开展五大行动,建设三级阵地。",
        "全区唯一一个,选树一批标杆。",
        "不漏一户、不落一人。",
        "第二届联赛,党的二十大,十九届五中全会。",
        "书写了一份优异的答卷。",
    ] {
        let (found, _, notes) = figures(text);
        assert!(found.is_empty(), "{text}: {found:?}");
        assert!(notes.unsure.is_empty(), "{text}: {:?}", notes.unsure);
    }
}

#[test]
fn names_times_in_english_by_what_was_done() {
    let (found, _) =
        units("召开中心组学习16次,开展培训活动40余次,走访居民1.7万次,开展监督检查213次。");
    let english: Vec<String> = found.into_iter().map(|(_, _, en)| en).collect();
    assert_eq!(english, ["sessions", "sessions", "visits", "times"]);
}

#[test]
fn the_size_of_a_quoted_list_is_part_of_its_name() {
    let (found, _, _) =
        figures("梳理形成“问题、解决、措施、制度”四张清单,实施“文旅、康养”两大行动。");
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn list_numbers_and_footnote_marks_are_neither_figures_nor_doubts() {
    for text in [
        "1.从严从紧抓好疫情防控。",
        "2\\.加强党建。",
        "(3)推进治理。",
        "见附注[1]。",
    ] {
        let (found, cited, notes) = figures(text);
        assert!(found.is_empty(), "{text}: {found:?}");
        assert_eq!(cited, text);
        assert!(notes.unsure.is_empty(), "{text}: {:?}", notes.unsure);
    }
}
