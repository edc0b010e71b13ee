//! Numbers written as words: English number words and month names, and Chinese numerals.
//! A translation often writes "4" as "four" or "四", and "1月" as "January", so these count
//! as counterparts of a figure written in digits on the other side. They are never reported
//! themselves: "一岗双责" or "first" are turns of phrase far more often than figures.

/// English words that stand for a number, with the number.
const ENGLISH: &[(&str, i64)] = &[
    ("zero", 0),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
    ("hundred", 100),
    ("thousand", 1000),
    ("first", 1),
    ("second", 2),
    ("third", 3),
    ("fourth", 4),
    ("fifth", 5),
    ("sixth", 6),
    ("seventh", 7),
    ("eighth", 8),
    ("ninth", 9),
    ("tenth", 10),
    ("eleventh", 11),
    ("twelfth", 12),
    ("twentieth", 20),
    ("hundredth", 100),
    ("once", 1),
    ("single", 1),
    ("twice", 2),
    ("double", 2),
    ("dual", 2),
    ("both", 2),
    ("pair", 2),
    ("triple", 3),
    ("dozen", 12),
];

/// Month names and their usual abbreviations, with the month's number.
const MONTHS: &[(&str, i64)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

/// The number an English word stands for: "four" → 4, "twenty-one" → 21, "March" → 3.
pub fn english(word: &str) -> Option<i64> {
    let word = word.to_ascii_lowercase();
    let lookup = |w: &str| {
        ENGLISH
            .iter()
            .chain(MONTHS)
            .find(|(name, _)| *name == w)
            .map(|(_, n)| *n)
    };
    if let Some((tens, ones)) = word.split_once('-') {
        let (tens, ones) = (lookup(tens)?, lookup(ones)?);
        return ((20..=90).contains(&tens) && (1..=9).contains(&ones)).then_some(tens + ones);
    }
    lookup(&word)
}

/// Whether a word names a month: such a word before a number does not make it a name.
pub fn is_month(word: &str) -> bool {
    MONTHS
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case(word))
}

/// The English words that multiply the number before them.
pub fn english_multiplier(word: &str) -> Option<u32> {
    match word.to_ascii_lowercase().as_str() {
        "thousand" => Some(3),
        "million" => Some(6),
        "billion" => Some(9),
        "trillion" => Some(12),
        _ => None,
    }
}

/// Whether a character is a Chinese numeral.
pub fn is_chinese_numeral(c: char) -> bool {
    "零〇一二两三四五六七八九十百千万亿".contains(c)
}

/// The value of a run of Chinese numerals: "十二" → 12, "二十一" → 21, "一百零五" → 105,
/// "三千" → 3000, "两万" → 20000. `None` for a run that is not a number ("万万").
pub fn chinese(run: &str) -> Option<i64> {
    let mut total: i64 = 0;
    let mut section: i64 = 0;
    let mut digit: Option<i64> = None;
    for c in run.chars() {
        match c {
            '零' | '〇' => digit = Some(0),
            '一' => digit = Some(1),
            '二' | '两' => digit = Some(2),
            '三' => digit = Some(3),
            '四' => digit = Some(4),
            '五' => digit = Some(5),
            '六' => digit = Some(6),
            '七' => digit = Some(7),
            '八' => digit = Some(8),
            '九' => digit = Some(9),
            '十' | '百' | '千' => {
                let unit = match c {
                    '十' => 10,
                    '百' => 100,
                    _ => 1000,
                };
                section += digit.take().unwrap_or(1) * unit;
            }
            '万' | '亿' => {
                let unit = if c == '万' { 10_000 } else { 100_000_000 };
                let part = section + digit.take().unwrap_or(0);
                if part == 0 {
                    return None;
                }
                total = total.checked_add(part.checked_mul(unit)?)?;
                section = 0;
            }
            _ => return None,
        }
    }
    Some(total + section + digit.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_english_number_words_and_months() {
        assert_eq!(english("four"), Some(4));
        assert_eq!(english("Twelve"), Some(12));
        assert_eq!(english("twenty-one"), Some(21));
        assert_eq!(english("third"), Some(3));
        assert_eq!(english("January"), Some(1));
        assert_eq!(english("one-square"), None);
        assert_eq!(english("plaza"), None);
        assert!(is_month("January") && is_month("Sept"));
        assert!(!is_month("Plaza") && !is_month("four"));
    }

    #[test]
    fn reads_chinese_numerals() {
        let cases = [
            ("四", 4),
            ("十", 10),
            ("十二", 12),
            ("二十一", 21),
            ("一百零五", 105),
            ("三千", 3000),
            ("两万", 20000),
            ("一万二千", 12000),
            ("三亿", 300_000_000),
        ];
        for (text, value) in cases {
            assert_eq!(chinese(text), Some(value), "{text}");
        }
        assert_eq!(chinese("万"), None);
        assert_eq!(chinese("四A"), None);
    }
}
