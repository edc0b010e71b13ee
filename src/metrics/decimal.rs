//! Exact decimal numbers for report figures. A figure such as 2733.54 or 97.15 must come out
//! exactly as the office wrote it, so values are never kept as binary floating point.

use std::cmp::Ordering;
use std::fmt;

/// `digits / 10^scale`, kept normalised (no trailing zeros after the decimal point).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Decimal {
    digits: i128,
    scale: u32,
}

/// The most decimal places a figure may have.
const MAX_SCALE: u32 = 12;
/// Figures beyond ten trillion trillion are certainly typing mistakes. The bound also keeps
/// two figures, widened to twelve decimals to compare or subtract, well inside an `i128`.
const MAX_DIGITS: i128 = 10i128.pow(25);

impl Decimal {
    pub const ZERO: Decimal = Decimal {
        digits: 0,
        scale: 0,
    };

    pub fn from_int(value: i64) -> Decimal {
        Decimal {
            digits: value.into(),
            scale: 0,
        }
    }

    /// Parses plain decimal notation: `17000`, `-3`, `2733.54`, `0.5`.
    pub fn parse(text: &str) -> Option<Decimal> {
        let (negative, body) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if !frac.bytes().all(|b| b.is_ascii_digit()) || (body.contains('.') && frac.is_empty()) {
            return None;
        }
        let frac = frac.trim_end_matches('0');
        let scale = u32::try_from(frac.len()).ok().filter(|&s| s <= MAX_SCALE)?;
        let mut digits: i128 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            digits = digits.checked_mul(10)?.checked_add(i128::from(b - b'0'))?;
            if digits > MAX_DIGITS {
                return None;
            }
        }
        Some(
            Decimal {
                digits: if negative { -digits } else { digits },
                scale,
            }
            .normalised(),
        )
    }

    /// Converts a finite float by its shortest round-trip representation, so the TOML
    /// value `2733.54` becomes exactly 2733.54.
    pub fn from_f64(value: f64) -> Option<Decimal> {
        if !value.is_finite() {
            return None;
        }
        Decimal::parse(&format!("{value}"))
    }

    fn normalised(mut self) -> Decimal {
        while self.scale > 0 && self.digits % 10 == 0 {
            self.digits /= 10;
            self.scale -= 1;
        }
        if self.digits == 0 {
            self.scale = 0;
        }
        self
    }

    /// The value divided by `10^places`, if that needs no more than `max_scale` decimals.
    pub fn scaled_down(self, places: u32, max_scale: u32) -> Option<Decimal> {
        let shifted = Decimal {
            digits: self.digits,
            scale: self.scale + places,
        }
        .normalised();
        (shifted.scale <= max_scale).then_some(shifted)
    }

    /// The value multiplied by `10^places`.
    pub fn scaled_up(self, places: u32) -> Option<Decimal> {
        let mut result = self;
        for _ in 0..places {
            if result.scale > 0 {
                result.scale -= 1;
            } else {
                result.digits = result.digits.checked_mul(10)?;
            }
        }
        (result.digits.abs() <= MAX_DIGITS).then_some(result.normalised())
    }

    pub fn is_integer(self) -> bool {
        self.scale == 0
    }

    pub fn is_zero(self) -> bool {
        self.digits == 0
    }

    pub fn is_negative(self) -> bool {
        self.digits < 0
    }

    pub fn abs(self) -> Decimal {
        Decimal {
            digits: self.digits.abs(),
            scale: self.scale,
        }
    }

    /// Whether the value is exactly one.
    pub fn is_one(self) -> bool {
        self.scale == 0 && self.digits == 1
    }

    /// The integer part and the fraction digits, as written: (`"2733"`, `"54"`).
    pub fn parts(self) -> (String, String) {
        let text = self.digits.abs().to_string();
        let scale = self.scale as usize;
        let text = if text.len() <= scale {
            format!("{}{text}", "0".repeat(scale + 1 - text.len()))
        } else {
            text
        };
        let (int, frac) = text.split_at(text.len() - scale);
        (int.to_string(), frac.to_string())
    }

    /// The value as an `f64`, for drawing charts (never for printing figures).
    pub fn to_f64(self) -> f64 {
        self.digits as f64 / 10f64.powi(self.scale as i32)
    }

    fn aligned(self, other: Decimal) -> (i128, i128, u32) {
        let scale = self.scale.max(other.scale);
        let widen = |d: Decimal| d.digits * 10i128.pow(scale - d.scale);
        (widen(self), widen(other), scale)
    }

    /// `self - other`, exactly.
    pub fn minus(self, other: Decimal) -> Decimal {
        let (a, b, scale) = self.aligned(other);
        Decimal {
            digits: a - b,
            scale,
        }
        .normalised()
    }

    /// `self / other * 100`, rounded half away from zero to `places` decimals; `None` when
    /// `other` is zero.
    pub fn percent_of(self, other: Decimal, places: u32) -> Option<Decimal> {
        if other.is_zero() {
            return None;
        }
        let (a, b, _) = self.aligned(other);
        let numerator = a.checked_mul(100 * 10i128.pow(places))?;
        let (quotient, remainder) = (numerator / b, numerator % b);
        let round_away = remainder.abs() * 2 >= b.abs();
        let sign = if (numerator < 0) != (b < 0) { -1 } else { 1 };
        let digits = quotient + if round_away { sign } else { 0 };
        Some(
            Decimal {
                digits,
                scale: places,
            }
            .normalised(),
        )
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Decimal) -> Ordering {
        let (a, b, _) = self.aligned(*other);
        a.cmp(&b)
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Decimal) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Plain notation without grouping: `17000`, `2733.54`, `-3`.
impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (int, frac) = self.parts();
        let sign = if self.digits < 0 { "-" } else { "" };
        if frac.is_empty() {
            write!(f, "{sign}{int}")
        } else {
            write!(f, "{sign}{int}.{frac}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        Decimal::parse(text).unwrap()
    }

    #[test]
    fn parses_and_prints_exactly() {
        for text in ["17000", "2733.54", "97.15", "0.5", "-3", "0", "0.05"] {
            assert_eq!(d(text).to_string(), text);
        }
        assert_eq!(d("90.0").to_string(), "90");
        assert_eq!(d("+7").to_string(), "7");
        for bad in ["", "1.", ".5", "1e3", "1,000", "abc", "--1", "1.2.3"] {
            assert_eq!(Decimal::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn converts_toml_floats_without_binary_noise() {
        assert_eq!(Decimal::from_f64(2733.54).unwrap().to_string(), "2733.54");
        assert_eq!(Decimal::from_f64(1e-7).unwrap().to_string(), "0.0000001");
        // More decimals than any report figure has: refused rather than rounded.
        assert_eq!(Decimal::from_f64(0.1 + 0.2), None);
        assert_eq!(Decimal::from_f64(f64::NAN), None);
        assert_eq!(Decimal::from_f64(1e300), None);
    }

    #[test]
    fn scales_by_powers_of_ten() {
        assert_eq!(d("17000").scaled_down(4, 2), Some(d("1.7")));
        assert_eq!(d("11251").scaled_down(4, 2), None);
        assert_eq!(d("35.4").scaled_up(4), Some(d("354000")));
    }

    #[test]
    fn subtracts_and_takes_percentages() {
        assert_eq!(d("97.15").minus(d("90")), d("7.15"));
        assert_eq!(d("600").minus(d("754")), d("-154"));
        assert_eq!(d("150").percent_of(d("120"), 1), Some(d("125")));
        assert_eq!(d("1").percent_of(d("3"), 1), Some(d("33.3")));
        assert_eq!(d("2").percent_of(d("3"), 1), Some(d("66.7")));
        assert_eq!(d("-2").percent_of(d("3"), 1), Some(d("-66.7")));
        assert_eq!(d("5").percent_of(Decimal::ZERO, 1), None);
    }

    #[test]
    fn compares_and_subtracts_the_largest_and_finest_figures() {
        let largest = d("9999999999999999999999999");
        let finest = d("-0.000000000001");
        assert_eq!(largest.cmp(&finest), Ordering::Greater);
        assert_eq!(finest.cmp(&largest), Ordering::Less);
        assert_eq!(
            largest.minus(finest).to_string(),
            "9999999999999999999999999.000000000001"
        );
        assert_eq!(
            finest.minus(largest).to_string(),
            "-9999999999999999999999999.000000000001"
        );
        assert_eq!(Decimal::parse("20000000000000000000000000"), None);
        assert_eq!(Decimal::from_f64(2e27), None);
    }

    #[test]
    fn orders_by_value_not_by_notation() {
        assert!(d("2733.54") > d("2733.5"));
        assert!(d("-1") < d("0.5"));
        assert_eq!(d("1.50").cmp(&d("1.5")), Ordering::Equal);
    }
}
