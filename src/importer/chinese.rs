//! Counts written in Chinese numerals (`八个`, `两项`, `十余项`, `百余个`). They are figures
//! when they count real things with a measure word; set phrases and slogans (`“六个精准”`,
//! `五大行动`, `三级`, `唯一一个`, `一批`, `不漏一户`) are not.

/// Whether `c` is a Chinese numeral character.
pub fn is_numeral(c: char) -> bool {
    matches!(
        c,
        '零' | '〇'
            | '一'
            | '二'
            | '两'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '千'
    )
}

fn digit(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn multiplier(c: char) -> Option<u64> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        _ => return None,
    })
}

/// The value of a well-formed numeral (`八` 8, `十二` 12, `二十` 20, `三百零五` 305, `百` 100);
/// `None` for a run that is not one number (`一一`, `十十`, `五三`).
pub fn value(run: &[char]) -> Option<u64> {
    let (mut total, mut pending, mut last_multiplier) = (0u64, None::<u64>, u64::MAX);
    let mut zero = false;
    for &c in run {
        if let Some(d) = digit(c) {
            if pending.is_some() {
                return None;
            }
            zero = d == 0;
            pending = (d > 0).then_some(d);
        } else {
            let m = multiplier(c)?;
            if m >= last_multiplier || zero {
                return None;
            }
            total += pending.take().unwrap_or(1) * m;
            last_multiplier = m;
        }
    }
    let total = total + pending.unwrap_or(0);
    (total > 0).then_some(total)
}

/// Words a numeral character ends or begins without counting anything: 第三 (an ordinal),
/// 唯一, 统一, 同一, 单一, 之一, 前三 (a rank), 星期一.
const BEFORE: &[char] = &[
    '第', '唯', '统', '同', '单', '专', '之', '前', '初', '期', '周',
];

/// The measure words `一` counts with. With others it makes words: 一起, 一批, 一片, 一把手,
/// 一条龙, 一门心思, 一道.
const ONE_COUNTS: &[&str] = &[
    "个", "项", "家", "名", "处", "所", "座", "位", "支", "户", "人", "间", "张", "份", "件", "场",
    "套", "栋", "幢", "辆", "台", "例", "本", "块", "种", "类", "期",
];

/// Whether a numeral at `start` stands where a count can: not part of a word before it, not a
/// negated "not a single one" (不漏一户, 不落一人), not the size of a quoted list.
pub fn can_count(chars: &[char], start: usize) -> bool {
    let before = |k: usize| start.checked_sub(k).map(|i| chars[i]);
    let word = before(1).is_some_and(|c| BEFORE.contains(&c) || is_numeral(c));
    // `“问题、解决、措施、制度”四张清单`: after a quoted list, the numeral restates how many
    // things the quotation names; it is part of their name.
    let restates = before(1) == Some('”');
    let negated =
        chars[start] == '一' && before(2).is_some_and(|c| matches!(c, '不' | '无' | '没'));
    !word && !negated && !restates
}

/// Whether `一` with this measure word counts something.
pub fn one_counts(unit: &str) -> bool {
    ONE_COUNTS.contains(&unit)
}

/// Whether the words after `一` and its measure word describe the thing (`一份优异的答卷`, `一个
///温暖的家`): then `一` is the article "a", not a count.
pub fn describes(chars: &[char], after_unit: usize) -> bool {
    chars[after_unit.min(chars.len())..]
        .iter()
        .take(6)
        .take_while(|c| !matches!(c, '，' | ',' | '。' | '；' | ';' | '、' | '：' | ':'))
        .any(|&c| c == '的')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(text: &str) -> Option<u64> {
        value(&text.chars().collect::<Vec<_>>())
    }

    #[test]
    fn reads_chinese_numerals() {
        let cases = [
            ("八", Some(8)),
            ("两", Some(2)),
            ("十", Some(10)),
            ("十二", Some(12)),
            ("二十", Some(20)),
            ("百", Some(100)),
            ("三百零五", Some(305)),
            ("一千二百", Some(1200)),
            ("一一", None),
            ("十十", None),
            ("五三", None),
            ("零", None),
        ];
        for (text, expected) in cases {
            assert_eq!(of(text), expected, "{text}");
        }
    }
}
