//! What a government web page adds around a report copied from it: the breadcrumb
//! (`当前位置：首页 > …`), the metadata table (`索引号 | … |`, `发布日期：`, `发文机构：`,
//! `字体大小：`, `内容概述`, `文件下载`), menus and banners, the title said twice, and
//! `【打印】 【关闭】` at the end. These lines are dropped before the text is read, never glued
//! into a paragraph; the title, the publisher and the date they carry go into `_year.md`.

use super::outline::parse_date;
use super::text::ends_sentence;
use super::{Notes, Origin, headings};

/// What the page says about the report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Page {
    pub title: Option<String>,
    pub publisher: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
}

/// Metadata labels of government pages; a line that starts with one is not report text.
const LABELS: &[&str] = &[
    "当前位置",
    "您当前的位置",
    "您的位置",
    "所在位置",
    "发布日期",
    "发布时间",
    "发文机构",
    "发布机构",
    "发布部门",
    "信息来源",
    "来源",
    "索引号",
    "信息索引号",
    "文件编号",
    "生成日期",
    "公开日期",
    "成文日期",
    "字体大小",
    "字体",
    "字号",
    "内容概述",
    "文件下载",
    "效力状况",
    "公开形式",
    "公开方式",
    "公开范围",
    "公开时限",
    "公开类别",
    "公开程序",
    "组配分类",
    "有效期",
    "有效性",
    "主题词",
    "主题(一级)",
    "主题（一级）",
    "主题分类",
    "文号",
    "浏览次数",
    "阅读次数",
    "点击数",
    "访问量",
    "标题",
    "时间",
    "作者",
    "关键词",
    "体裁",
    "分享到",
];

/// Words of a page's frame: menus, banners, print and close buttons.
const FRAME: &[&str] = &[
    "LOGO",
    "欢迎您",
    "网站支持IPv6",
    "繁體",
    "老年人模式",
    "【打印】",
    "【关闭】",
    "打印本页",
    "关闭窗口",
    "扫一扫在手机",
];

/// Words that name a report in its title.
const REPORT_WORDS: &[&str] = &[
    "工作总结",
    "工作报告",
    "工作思路",
    "工作计划",
    "工作要点",
    "工作安排",
    "工作打算",
    "工作回顾",
    "社代会报告",
    "工作汇报",
    "述职报告",
    "目标思路",
];

/// Labels whose value is the date, and those whose value is the publisher (best first).
const DATE_LABELS: &[&str] = &[
    "发布日期",
    "发布时间",
    "时间",
    "成文日期",
    "公开日期",
    "生成日期",
];
const PUBLISHER_LABELS: &[&str] = &["发布机构", "发文机构", "信息来源", "来源", "发布部门"];

/// Drops the page's lines from `lines` (they become empty) and returns what they said.
pub fn strip(lines: &mut [(usize, String)], notes: &mut Notes) -> Page {
    let zone = head_zone(lines);
    let mut page = Page::default();
    let mut publisher_rank = usize::MAX;
    let mut dropped = Vec::new();
    for (i, (n, line)) in lines.iter_mut().enumerate() {
        let framed = is_frame(line);
        if line.is_empty() || !(framed || (i < zone && is_page_line(line))) {
            continue;
        }
        for (label, value) in labelled(line) {
            if let Some(rank) = PUBLISHER_LABELS.iter().position(|l| *l == label)
                && rank < publisher_rank
            {
                publisher_rank = rank;
                page.publisher = Some(value.clone());
            }
            if page.date.is_none() && DATE_LABELS.contains(&label.as_str()) {
                page.date = parse_date(&value);
            }
        }
        notes.dropped(Origin::Line(*n), format!("web page line “{}”", short(line)));
        if i < zone {
            dropped.push(i);
        }
        line.clear();
    }
    let title = find_title(&lines[..zone], &dropped);
    if let Some((at, title, date)) = title {
        lines[at].1.clear();
        page.date = page.date.or(date);
        let frame_end = dropped.last().map_or(at, |&last| last.max(at));
        drop_menus(&mut lines[..zone], frame_end, &title, notes);
        page.title = Some(title);
    }
    page
}

/// The lines before the report's text starts: before its first heading or its first
/// sentence.
fn head_zone(lines: &[(usize, String)]) -> usize {
    lines
        .iter()
        .position(|(_, line)| {
            !line.is_empty()
                && (headings::recognise(line).is_some()
                    || headings::run_in(line).is_some()
                    || (line.contains('。') && !is_page_line(line)))
        })
        .unwrap_or(lines.len())
}

/// A metadata line, a breadcrumb or a menu.
fn is_page_line(line: &str) -> bool {
    let bare = line.trim_start_matches(['•', '·', '-', '*', ' ', '\u{3000}', '\t']);
    let compact: String = bare.chars().filter(|c| !c.is_whitespace()).collect();
    let labelled = LABELS.iter().any(|label| {
        let Some(after) = compact.strip_prefix(label) else {
            return false;
        };
        let spaced = bare
            .strip_prefix(label)
            .is_some_and(|rest| rest.starts_with(char::is_whitespace));
        after.is_empty() || after.starts_with([':', '：', '|', '[']) || spaced
    });
    let breadcrumb = (compact.contains("首页") && compact.contains(['>', '›', '»']))
        || compact.starts_with(['>', '›', '»']);
    let menu = compact.contains('|')
        && !compact.contains(['。', '，', ','])
        && compact.split('|').all(|part| part.chars().count() <= 10);
    labelled || breadcrumb || menu
}

/// A short line of the page's frame (a banner, the print button), wherever it is; never a
/// sentence.
fn is_frame(line: &str) -> bool {
    line.chars().count() <= 40
        && !line.contains(['。', '，', ','])
        && FRAME.iter().any(|word| line.contains(word))
}

/// The `label: value` pairs of a metadata line, in its usual shapes: `发布日期:2023-01-12`,
/// `发布机构 华庄街道办事处 效力状况 有效`, `| 发布机构: | 沂水县沙沟镇 |`.
fn labelled(line: &str) -> Vec<(String, String)> {
    let tokens: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || c == '|')
        .map(|t| t.trim_start_matches(['•', '·']))
        .filter(|t| !t.is_empty())
        .collect();
    let is_label = |t: &str| LABELS.contains(&t.trim_end_matches([':', '：']));
    let mut pairs = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let (label, value) = match token.split_once([':', '：']) {
            Some((label, value)) => (label, value),
            None if is_label(token) => (*token, ""),
            None => continue,
        };
        let value = match (value, tokens.get(i + 1)) {
            ("", Some(next)) if !is_label(next) && !next.contains([':', '：']) => next,
            (value, _) => value,
        };
        if !value.is_empty() {
            pairs.push((label.to_string(), value.to_string()));
        }
    }
    pairs
}

/// A line that could be a title: short, not a sentence.
fn candidate(line: &str) -> bool {
    !line.is_empty()
        && line.chars().count() <= 60
        && !line.contains(['。', '；'])
        && !ends_sentence(line)
}

/// A title that names a report: `…2019年工作总结`, `…工作报告`, `…工作思路`.
pub fn names_report(line: &str) -> bool {
    candidate(line) && REPORT_WORDS.iter().any(|word| line.contains(word))
}

/// The report's title in the head of the page: a line that names a report (`…工作总结`),
/// else the line just above the metadata. With a date appended (`… 2021-04-02`), the date
/// is taken off. Returns the line's index, the title and that date.
fn find_title(
    zone: &[(usize, String)],
    dropped: &[usize],
) -> Option<(usize, String, Option<String>)> {
    let named = zone.iter().position(|(_, line)| names_report(line));
    // Dropped lines are empty now: the line above the first metadata line is the nearest
    // line left above a dropped one.
    let above_metadata = || {
        dropped
            .iter()
            .find_map(|&d| (0..d).rev().find(|&i| !zone[i].1.is_empty()))
            .filter(|&i| candidate(&zone[i].1))
    };
    let at = named.or_else(above_metadata)?;
    let line = zone[at].1.trim();
    let (title, date) = match line.rsplit_once([' ', '\u{3000}']) {
        Some((title, day)) if parse_date(day).is_some() => (title.trim_end(), parse_date(day)),
        _ => (line, None),
    };
    Some((at, title.to_string(), date))
}

/// Drops, in the page's head, the title said again (`政 府 工 作 报 告` too) and, above the
/// last metadata line, whatever else is left: menu fragments and banners.
fn drop_menus(zone: &mut [(usize, String)], frame_end: usize, title: &str, notes: &mut Notes) {
    let compact = |text: &str| -> String { text.chars().filter(|c| !c.is_whitespace()).collect() };
    let title = compact(title);
    for (i, (n, line)) in zone.iter_mut().enumerate() {
        if line.is_empty() {
            continue;
        }
        let text = compact(line);
        let repeated = text.starts_with(&title)
            || (text.chars().count() <= 12 && title.contains(&text) && !line.contains('。'));
        if repeated {
            notes.dropped(
                Origin::Line(*n),
                format!("the title repeated “{}”", short(line)),
            );
        } else if i < frame_end {
            notes.dropped(
                Origin::Line(*n),
                format!("web page menu or banner “{}”", short(line)),
            );
        } else {
            continue;
        }
        line.clear();
    }
}

fn short(line: &str) -> String {
    crate::diagnostics::shorten(line.trim(), 40)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip_text(text: &str) -> (Vec<String>, Page) {
        let mut lines: Vec<(usize, String)> = text
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.trim().to_string()))
            .collect();
        let page = strip(&mut lines, &mut Notes::default());
        let kept = lines.into_iter().map(|(_, l)| l).filter(|l| !l.is_empty());
        (kept.collect(), page)
    }

    #[test]
    fn drops_the_page_and_keeps_its_title_publisher_and_date() {
        let (kept, page) = strip_text(
            "当前位置:首页 > 华庄街道 > 政府信息公开\n\n华庄街道2022年工作总结\n\n\
             发布时间:2023-01-17 15:00     发布部门:华庄街道     阅读次数:\n\
             文件编号 发布机构 华庄街道办事处 效力状况 有效\n文件下载\n\
             内容概述 华庄街道2022年工作总结\n\n  2022年是关键之年。\n(一)疫情防控\n【打印】\n",
        );
        assert_eq!(kept, ["2022年是关键之年。", "(一)疫情防控"]);
        assert_eq!(page.title.as_deref(), Some("华庄街道2022年工作总结"));
        assert_eq!(page.publisher.as_deref(), Some("华庄街道办事处"));
        assert_eq!(page.date.as_deref(), Some("2023-01-17"));
    }

    #[test]
    fn reads_a_metadata_table_with_spaced_labels() {
        let (kept, page) = strip_text(
            "沙沟镇2021年政府工作报告\n索 引 号: | yishui/2021-66 | 主 题 词: | 政务公开 |\n\
             文 号: | 发布机构: | 沂水县沙沟镇 | 发布日期: | 2021-02-27 | |\n\
             标 题: | 沙沟镇2021年政府工作报告 |\n政 府 工 作 报 告\n各位代表:\n现在报告工作。\n",
        );
        assert_eq!(kept, ["各位代表:", "现在报告工作。"]);
        assert_eq!(page.title.as_deref(), Some("沙沟镇2021年政府工作报告"));
        assert_eq!(page.publisher.as_deref(), Some("沂水县沙沟镇"));
        assert_eq!(page.date.as_deref(), Some("2021-02-27"));
    }

    #[test]
    fn takes_a_date_off_the_title_and_the_line_above_the_metadata_as_title() {
        let (_, page) = strip_text("五角场街道2015年工作总结 2016-03-07\n\n2015年,正文。\n");
        assert_eq!(page.title.as_deref(), Some("五角场街道2015年工作总结"));
        assert_eq!(page.date.as_deref(), Some("2016-03-07"));
        let (kept, page) = strip_text(
            "您当前的位置:首页\n> 政务公开 > 工作动态\n\n罗星:奏响“最”强音,书写“星”答卷\n\
             发布日期: 2023-02-01 09:21 浏览次数:\n\n2023年,正文。\n",
        );
        assert_eq!(
            page.title.as_deref(),
            Some("罗星:奏响“最”强音,书写“星”答卷")
        );
        assert_eq!(kept, ["2023年,正文。"]);
    }

    #[test]
    fn drops_menu_fragments_and_banners_above_the_metadata() {
        let (kept, page) = strip_text(
            "法定主动\n公开内容\n\n竹林镇2019年政府工作总结\n\n发布时间: 2020-10-16 22:11 字体:[]\n\n正文。\n",
        );
        assert_eq!(kept, ["正文。"]);
        assert_eq!(page.title.as_deref(), Some("竹林镇2019年政府工作总结"));
        let (kept, _) = strip_text(
            "乌山街道工作总结\n简体| 繁體| 老年人模式| 登录| 注册\n望城区人民政府LOGO\n\
             创新实干 赶超跨越  奋力谱写崭新篇章\n乌山街道工作总结\n来源:乌山街道 发布时间:2020-12-16 字体大小:\n正文。\n",
        );
        assert_eq!(kept, ["正文。"]);
    }

    #[test]
    fn a_sentence_that_names_the_report_is_not_its_title() {
        let (kept, page) = strip_text("现将2019年工作总结报告如下：\n一、党建\n");
        assert_eq!(kept, ["现将2019年工作总结报告如下：", "一、党建"]);
        assert_eq!(page.title, None);
    }

    #[test]
    fn keeps_sentences_that_share_a_word_with_the_frame() {
        let text =
            "一、民生\n完成无障碍设施改造12处。\n欢迎您提出意见，我们将认真研究。\n【打印】\n";
        let (kept, _) = strip_text(text);
        assert_eq!(
            kept,
            [
                "一、民生",
                "完成无障碍设施改造12处。",
                "欢迎您提出意见，我们将认真研究。"
            ]
        );
    }

    #[test]
    fn keeps_a_report_without_a_page() {
        let (kept, page) = strip_text("回顾2018\n\n时间紧、任务重,街道完成任务。\n来源于群众。\n");
        assert_eq!(
            kept,
            ["回顾2018", "时间紧、任务重,街道完成任务。", "来源于群众。"]
        );
        assert_eq!(page.title, None);
    }
}
