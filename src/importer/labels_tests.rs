//! Tests of the labels of proposed metrics, on clauses of the 2018 report and of real reports.

use super::*;
use crate::metrics::unit::lookup;

fn unit(zh: &str) -> Unit {
    lookup(zh).unwrap().0
}

fn named(before: &str, after: &str, zh: &str) -> String {
    label(Around {
        before,
        after,
        unit: &unit(zh),
        previous: None,
        adjacent: false,
        names_after: false,
    })
}

#[test]
fn labels_from_the_words_before_the_figure() {
    let cases = [
        ("听问题、找对策、抓落实,全年走访居民", "", "次", "走访居民"),
        (",问题解决率", "。", "%", "问题解决率"),
        ("强化垃圾分类,覆盖率达", "。", "%", "覆盖率"),
        (
            "开展“我为文明小区出份力·爱我美丽家园”居民自治项目",
            "。",
            "个",
            "居民自治项目",
        ),
        (
            "大力推进“康健工程”,新增“康健苑”",
            ",实现全覆盖",
            "个",
            "新增“康健苑”",
        ),
        (
            "街道圆满完成",
            "居民区的党总支和居委会换届选举,形成",
            "个",
            "圆满完成居民区的党总支和居委会换届选举",
        ),
        (
            "乐龄家园“十助”服务",
            ",独居老人",
            "人次",
            "乐龄家园“十助”服务",
        ),
        (
            "高架沿线外立面专项整治工程和",
            "停偿项目外立面整治工程,配合",
            "个",
            "停偿项目外立面整治工程",
        ),
        (
            "福民法律服务中心和",
            "“公共法律服务工作站(室)”指导居委会调解纠纷",
            "个",
            "“公共法律服务工作站(室)”",
        ),
        ("促成社区", "志愿者与", "名", "促成社区志愿者"),
        (
            "完成",
            "“一平方米马桶”改造及合用卫生设施建设,根本缓解",
            "个",
            "“一平方米马桶”改造及合用卫生设施建设",
        ),
        ("发放助残补贴", "。", "元", "发放助残补贴"),
    ];
    for (before, after, zh, expected) in cases {
        assert_eq!(named(before, after, zh), expected, "{before}");
    }
}

#[test]
fn names_a_figure_after_the_one_it_follows() {
    let named = label(Around {
        before: "",
        after: ",超额完成",
        unit: &unit("平方米"),
        previous: Some("拆除“违建”"),
        adjacent: true,
        names_after: false,
    });
    assert_eq!(named, "拆除“违建”（平方米）");
}

#[test]
fn never_leaves_a_label_empty_or_unbalanced() {
    assert_eq!(named("", "", "个"), "（待命名）");
    assert_eq!(named("指导“公", "", "个"), "指导公");
}

#[test]
fn derives_ascii_ids_from_the_unit() {
    assert_eq!(id(2019, 5, 1, &unit("万次")), "s05_01_visits_2019");
    assert_eq!(id(2019, 9, 12, &unit("万元")), "s09_12_cny_2019");
    assert_eq!(id(2019, 6, 3, &unit("平方米")), "s06_03_m2_2019");
    assert_eq!(id(2019, 8, 1, &unit("人次")), "s08_01_person_times_2019");
    assert_eq!(id(2019, 4, 2, &unit("个")), "s04_02_count_2019");
    assert_eq!(id(2019, 7, 5, &unit("%")), "s07_05_percent_2019");
}

#[test]
fn cuts_labels_where_words_begin() {
    assert_eq!(
        named("对辖区内重点人员进行全面摸排下发告知书", "。", "份"),
        "内重点人员进行全面摸排下发告知书"
    );
    assert_eq!(
        named("2016-2019年乌山街道及中小企业园引进企业总投资", "", "元"),
        "中小企业园引进企业总投资"
    );
    assert_eq!(
        named("2019年法制专班共打击破坏扶贫工作行为", "。", "次"),
        "法制专班共打击破坏扶贫工作行为"
    );
}

#[test]
fn drops_dates_but_keeps_ages_that_qualify_the_thing() {
    assert_eq!(named("2016-2019年街道财政总收入", "", "元"), "财政总收入");
    assert_eq!(
        named("1月至10月救助各类困难对象", "", "人次"),
        "救助各类困难对象"
    );
    assert_eq!(
        named("扎实推进疫苗接种,60岁以上老人全程接种率达", "", "%"),
        "60岁以上老人全程接种率"
    );
}

#[test]
fn never_labels_with_filler_alone() {
    let around = |before, previous| Around {
        before,
        after: "。",
        unit: &AREA,
        previous,
        adjacent: false,
        names_after: false,
    };
    static AREA: std::sync::LazyLock<Unit> = std::sync::LazyLock::new(|| unit("平方米"));
    assert_eq!(
        label(around("32个,共", Some("拆除违章建筑点位"))),
        "拆除违章建筑点位（平方米）"
    );
    assert_eq!(label(around(",共", None)), UNNAMED);
    assert_eq!(named(",成立", "。", "个"), UNNAMED);
    assert_eq!(named("截止2019年累计实现", "", "户"), UNNAMED);
}

#[test]
fn never_names_a_count_by_what_the_text_says_of_it() {
    assert_eq!(named("计划实施", "项目已完成或开工,", "个"), "计划实施项目");
    assert_eq!(named("", "已完成或开工。", "个"), UNNAMED);
    assert_eq!(named("", "完成或开工。", "个"), UNNAMED);
    assert_eq!(
        named("整合县、镇、村三级", "结对帮扶干部和", "名"),
        "村三级结对帮扶干部"
    );
}

#[test]
fn a_single_character_names_nothing() {
    assert_eq!(
        named(
            "做好1250名管控人员的服务保障,",
            "内实现疫情风险零扩散",
            "天"
        ),
        UNNAMED
    );
}

#[test]
fn stops_the_thing_counted_where_the_text_goes_on_about_it() {
    assert_eq!(
        named("对", "规模以上企业全部开展督导", "家"),
        "规模以上企业"
    );
}

#[test]
fn names_the_things_an_enumeration_counts() {
    assert_eq!(named("蓝东、富都、东方、龙阳等", "居委,开展", "个"), "居委");
    assert_eq!(
        named("党工委组织开展了", "中心组学习,", "次"),
        "党工委中心组学习"
    );
    assert_eq!(named("发布", "30项资源清单", "类"), "资源清单");
}

#[test]
fn names_a_change_after_the_figure_it_changes() {
    let growth = label(Around {
        before: ",同比增长",
        after: "。",
        unit: &unit("%"),
        previous: Some("财政总收入"),
        adjacent: false,
        names_after: false,
    });
    assert_eq!(growth, "财政总收入同比增长");
}

#[test]
fn says_times_sessions_or_visits_by_what_was_done() {
    assert_eq!(times_unit("召开中心组学习", "。").en_name(), "sessions");
    assert_eq!(
        times_unit("党工委组织开展了", "中心组学习,").en_name(),
        "sessions"
    );
    assert_eq!(times_unit("全年走访居民", ",企业").en_name(), "visits");
    assert_eq!(times_unit("上门服务", "。").en_name(), "visits");
    assert_eq!(times_unit("开展监督检查", ",处理24人").en_name(), "times");
}

#[test]
fn names_the_figure_a_change_reaches_after_the_one_it_started_from() {
    let reached = label(Around {
        before: "提升到",
        after: "。",
        unit: &unit("平方米"),
        previous: Some("党校培训场地"),
        adjacent: false,
        names_after: false,
    });
    assert_eq!(reached, "党校培训场地");
    assert_eq!(
        named(",党校培训场地从原来", "提升到", "平方米"),
        "党校培训场地"
    );
}
