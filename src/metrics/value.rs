//! A metric's value, read as the office wrote it. The TOML parser keeps a number with a
//! fraction as binary floating point (123456789.123456789 would come back as
//! 123456789.12345679), so it only tells what kind of value this is; the figure itself is
//! read from the source text as a decimal.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use toml::Spanned;

use super::decimal::{Decimal, MAX_WHOLE_DIGITS, Unrepresentable};
use crate::diagnostics::Diagnostic;
use crate::source::SourceFile;
use crate::toml_source::shortened;

/// `value = …` in a metric's table, as TOML gives it.
pub enum RawValue {
    /// A whole number in decimal digits, exact in any base (`0x…`, `1_000`) up to 39 digits;
    /// TOML refuses a longer one itself, and `toml_source` says it is too large.
    Integer(String),
    /// A number with a fraction or an exponent, or `inf`/`nan`: read again from the source.
    Float,
    /// A quoted text.
    Text(String),
    /// `true`, a date, a list or a table.
    Other,
}

impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<RawValue, D::Error> {
        deserializer.deserialize_any(RawValueVisitor)
    }
}

struct RawValueVisitor;

impl<'de> Visitor<'de> for RawValueVisitor {
    type Value = RawValue;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<RawValue, E> {
        Ok(RawValue::Other)
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<RawValue, E> {
        Ok(RawValue::Integer(n.to_string()))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<RawValue, E> {
        Ok(RawValue::Integer(n.to_string()))
    }

    fn visit_i128<E: de::Error>(self, n: i128) -> Result<RawValue, E> {
        Ok(RawValue::Integer(n.to_string()))
    }

    fn visit_u128<E: de::Error>(self, n: u128) -> Result<RawValue, E> {
        Ok(RawValue::Integer(n.to_string()))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<RawValue, E> {
        Ok(RawValue::Float)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<RawValue, E> {
        Ok(RawValue::Text(text.to_string()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawValue, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(RawValue::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawValue, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(RawValue::Other)
    }
}

/// The figure of `value`, in the metric's base unit (`places` is 4 for 万, 8 for 亿), or what
/// is wrong with it in the editor's words. The caller adds the place.
pub fn parse(
    value: &Spanned<RawValue>,
    places: u32,
    source: &SourceFile,
) -> Result<Decimal, Diagnostic> {
    let written = source.text.get(value.span()).unwrap_or_default().trim();
    let decimal = match value.get_ref() {
        RawValue::Integer(digits) => Decimal::read(digits),
        RawValue::Float => Decimal::read(&written.replace('_', "")),
        RawValue::Text(text) => return Err(quoted(text)),
        RawValue::Other => return Err(refused(written, Unrepresentable::NotANumber)),
    };
    let decimal = decimal.map_err(|why| refused(written, why))?;
    decimal.scaled_up(places).ok_or_else(|| {
        Diagnostic::error(format!(
            "metric value `{}` has more than {MAX_WHOLE_DIGITS} digits before the decimal point \
             once the unit's 万 or 亿 is applied",
            shortened(written)
        ))
        .hint("check the figure for extra digits")
    })
}

fn quoted(text: &str) -> Diagnostic {
    let hint = match Decimal::parse(&text.replace([',', '，', ' '], "")) {
        Some(n) => format!("write the number without quotes: value = {n}"),
        None => WRITE_A_NUMBER.to_string(),
    };
    Diagnostic::error(format!(
        "metric value \"{}\" is not a number",
        shortened(text)
    ))
    .hint(hint)
}

const WRITE_A_NUMBER: &str =
    "write a number such as 17000 or 2733.54; leave the value out while it is not known yet";

fn refused(written: &str, why: Unrepresentable) -> Diagnostic {
    let hint = match why {
        Unrepresentable::NotANumber => WRITE_A_NUMBER,
        Unrepresentable::WholeDigits(_) => "check the figure for extra digits",
        Unrepresentable::Decimals(_) => {
            "figures are published as written, never rounded: give this one with fewer decimals"
        }
    };
    Diagnostic::error(format!("metric value `{}` {why}", shortened(written))).hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::unit;
    use std::path::Path;

    #[derive(serde::Deserialize)]
    struct Front {
        value: Spanned<RawValue>,
        #[serde(default)]
        unit: String,
    }

    /// The value of `front` (one `value = …` line) in plain notation, or the message.
    fn read(front: &str) -> Result<String, String> {
        let source = SourceFile::new(Path::new("01-a.md"), front.to_string());
        let front: Front = crate::toml_source::parse(&source, 0..front.len(), "front matter")
            .map_err(|err| err.message)?;
        let places = unit::lookup(&front.unit).map_or(0, |(_, places)| places);
        parse(&front.value, places, &source)
            .map(|d| d.to_string())
            .map_err(|err| err.message)
    }

    #[test]
    fn reads_figures_exactly_as_written() {
        let cases = [
            ("value = 123456789.123456789", "123456789.123456789"),
            ("value = 99999999999999999.5", "99999999999999999.5"),
            ("value = 0.30000000000000004", "0.30000000000000004"),
            ("value = 98765432109876543210", "98765432109876543210"),
            ("value = 1_000.000_1", "1000.0001"),
            ("value = 1.5e3", "1500"),
            ("value = +2.50", "2.5"),
            ("value = 0x1F", "31"),
            ("value = -0.0", "0"),
            ("value = 1234567.89\nunit = \"万元\"", "12345678900"),
        ];
        for (front, exact) in cases {
            assert_eq!(read(front), Ok(exact.to_string()), "{front}");
        }
    }

    #[test]
    fn refuses_what_a_figure_cannot_hold_and_says_why() {
        let cases = [
            (
                "value = 123456789012345678901234",
                "metric value `123456789012345678901234` has 24 digits before the decimal \
                 point; figures have at most 20",
            ),
            (
                "value = 0.123456789012345678",
                "metric value `0.123456789012345678` has 18 digits after the decimal point; \
                 figures have at most 17",
            ),
            (
                "value = 1e300",
                "metric value `1e300` has 301 digits before the decimal point; figures have \
                 at most 20",
            ),
            ("value = nan", "metric value `nan` is not a number"),
            ("value = -inf", "metric value `-inf` is not a number"),
            ("value = true", "metric value `true` is not a number"),
            ("value = [1, 2]", "metric value `[1, 2]` is not a number"),
            (
                "value = 2018-01-01",
                "metric value `2018-01-01` is not a number",
            ),
            (
                "value = \"1.7万\"",
                "metric value \"1.7万\" is not a number",
            ),
            (
                "value = 99999999999999\nunit = \"亿元\"",
                "metric value `99999999999999` has more than 20 digits before the decimal \
                 point once the unit's 万 or 亿 is applied",
            ),
        ];
        for (front, message) in cases {
            assert_eq!(read(front), Err(message.to_string()), "{front}");
        }
    }
}
