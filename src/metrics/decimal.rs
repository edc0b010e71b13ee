//! Exact decimal numbers for report figures. A figure such as 2733.54 or 97.15 must come out
//! exactly as the office wrote it, so values are never kept as binary floating point.

use std::cmp::Ordering;
use std::fmt;

/// `digits / 10^scale`, kept normalised (no trailing zeros after the decimal point).
///
/// A figure has at most [`MAX_WHOLE_DIGITS`] digits before the decimal point and
/// [`MAX_DECIMALS`] after it. Together they stay below 10^37, so two figures widened to the
/// same scale, and their difference, always fit an `i128`: comparisons and year-over-year
/// changes are exact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Decimal {
    digits: i128,
    scale: u32,
}

/// The most digits a figure may have before the decimal point: up to a hundred million
/// million million, far beyond any report's figure.
pub const MAX_WHOLE_DIGITS: u32 = 20;
/// The most digits a figure may have after the decimal point: enough for every number a
/// spreadsheet or a program writes (`0.30000000000000004`).
pub const MAX_DECIMALS: u32 = 17;

/// Why a written number cannot be a figure. Displayed after the number it describes:
/// "`1e300` has 301 digits before the decimal point; figures have at most 20".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unrepresentable {
    /// Not written as a number: `nan`, `inf`, `1.2.3`, `１２`.
    NotANumber,
    /// More digits before the decimal point than [`MAX_WHOLE_DIGITS`]; how many.
    WholeDigits(u64),
    /// More digits after the decimal point than [`MAX_DECIMALS`]; how many.
    Decimals(u64),
}

impl fmt::Display for Unrepresentable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unrepresentable::NotANumber => write!(f, "is not a number"),
            Unrepresentable::WholeDigits(n) => write!(
                f,
                "has {n} digits before the decimal point; figures have at most {MAX_WHOLE_DIGITS}"
            ),
            Unrepresentable::Decimals(n) => write!(
                f,
                "has {n} digits after the decimal point; figures have at most {MAX_DECIMALS}"
            ),
        }
    }
}

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

    /// Parses plain decimal notation: `17000`, `-3`, `2733.54`, `0.5`. `None` for anything
    /// else, exponents included, and for what a figure cannot hold.
    pub fn parse(text: &str) -> Option<Decimal> {
        if text.contains(['e', 'E']) {
            return None;
        }
        Decimal::read(text).ok()
    }

    /// Reads plain or exponent notation (`2733.54`, `-3`, `1.5e3`, `25E-2`) exactly, or says
    /// why the number cannot be a figure. Trailing zeros after the point cost nothing:
    /// `1.50000000000000000000` is 1.5.
    pub fn read(text: &str) -> Result<Decimal, Unrepresentable> {
        let (negative, body) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (mantissa, exponent) = match body.split_once(['e', 'E']) {
            Some((mantissa, exponent)) => (mantissa, exponent_of(exponent)?),
            None => (body, 0),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty() || !all_digits(int) || !all_digits(frac) {
            return Err(Unrepresentable::NotANumber);
        }
        if mantissa.contains('.') && frac.is_empty() {
            return Err(Unrepresentable::NotANumber);
        }
        let written = format!("{int}{frac}");
        let significant = written.trim_start_matches('0');
        // Where the decimal point falls in `significant`, counted from its first digit.
        let point = exponent
            .saturating_add(int.len() as i64)
            .saturating_sub((written.len() - significant.len()) as i64);
        let significant = significant.trim_end_matches('0');
        if significant.is_empty() {
            return Ok(Decimal::ZERO);
        }
        let whole = point.max(0);
        let decimals = (significant.len() as i64).saturating_sub(point).max(0);
        if whole > i64::from(MAX_WHOLE_DIGITS) {
            return Err(Unrepresentable::WholeDigits(whole.unsigned_abs()));
        }
        if decimals > i64::from(MAX_DECIMALS) {
            return Err(Unrepresentable::Decimals(decimals.unsigned_abs()));
        }
        // Within both limits `significant` has at most 37 digits, and the zeros still to
        // come make the value no larger than 10^20.
        let mut digits: i128 = significant
            .parse()
            .map_err(|_| Unrepresentable::NotANumber)?;
        let zeros = (point - significant.len() as i64).max(0);
        digits *= 10i128.pow(zeros as u32);
        Ok(Decimal {
            digits: if negative { -digits } else { digits },
            scale: decimals as u32,
        })
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
        let result = result.normalised();
        result.is_a_figure().then_some(result)
    }

    /// Whether the value keeps within the limits of a figure.
    fn is_a_figure(self) -> bool {
        self.scale <= MAX_DECIMALS
            && self.digits.unsigned_abs() < 10u128.pow(MAX_WHOLE_DIGITS + self.scale)
    }

    /// Whether neither value is more than ten times the other, as sizes (a year-over-year
    /// jump beyond that is more likely a mistyped figure or a different series).
    pub fn within_ten_times(self, other: Decimal) -> bool {
        let (a, b) = (self.abs(), other.abs());
        let at_most_ten_times =
            |x: Decimal, y: Decimal| x.scaled_up(1).is_none_or(|ten_x| ten_x >= y);
        at_most_ten_times(a, b) && at_most_ten_times(b, a)
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
    /// `other` is zero or the percentage is beyond what a figure can hold.
    pub fn percent_of(self, other: Decimal, places: u32) -> Option<Decimal> {
        if other.is_zero() {
            return None;
        }
        let (a, b, _) = self.aligned(other);
        let negative = (a < 0) != (b < 0);
        let (a, b) = (a.unsigned_abs(), b.unsigned_abs());
        // Long division, one decimal at a time: no step holds more than ten times `b`, so
        // the largest figures divide without overflow.
        let (mut quotient, mut remainder) = (a / b, a % b);
        for _ in 0..places + 2 {
            remainder *= 10;
            quotient = quotient.checked_mul(10)?.checked_add(remainder / b)?;
            remainder %= b;
        }
        if remainder >= b - remainder {
            quotient = quotient.checked_add(1)?;
        }
        let digits = i128::try_from(quotient).ok()?;
        let percent = Decimal {
            digits: if negative { -digits } else { digits },
            scale: places,
        }
        .normalised();
        percent.is_a_figure().then_some(percent)
    }
}

/// The exponent of `1.5e3`: a sign and digits. One too long to count is as good as endless.
fn exponent_of(text: &str) -> Result<i64, Unrepresentable> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Unrepresentable::NotANumber);
    }
    let size = digits.parse::<i64>().unwrap_or(i64::MAX);
    Ok(if negative { -size } else { size })
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
    fn keeps_every_digit_a_spreadsheet_writes() {
        for text in [
            "123456789.123456789",
            "99999999999999999.5",
            "0.30000000000000004",
            "98765432109876543210",
            "-0.00000000000000001",
            "99999999999999999999.99999999999999999",
        ] {
            assert_eq!(d(text).to_string(), text);
        }
    }

    #[test]
    fn reads_exponent_notation_exactly() {
        let cases = [
            ("1e3", "1000"),
            ("1.5E-2", "0.015"),
            ("25e-2", "0.25"),
            ("-2.5e+4", "-25000"),
            ("1.23456789123456789e8", "123456789.123456789"),
            ("3e-17", "0.00000000000000003"),
            ("0e999999999999999999999", "0"),
            ("1.50000000000000000000000", "1.5"),
        ];
        for (text, exact) in cases {
            assert_eq!(Decimal::read(text).unwrap().to_string(), exact, "{text}");
        }
    }

    #[test]
    fn says_why_a_number_cannot_be_a_figure() {
        use Unrepresentable::*;
        let cases = [
            ("nan", NotANumber),
            ("-inf", NotANumber),
            ("1e", NotANumber),
            ("1.2.3", NotANumber),
            ("1e300", WholeDigits(301)),
            ("123456789012345678901234", WholeDigits(24)),
            ("100000000000000000000", WholeDigits(21)),
            ("0.123456789012345678", Decimals(18)),
            ("1e-18", Decimals(18)),
            ("12345678901.123456789012345678", Decimals(18)),
        ];
        for (text, why) in cases {
            assert_eq!(Decimal::read(text), Err(why), "{text}");
        }
        assert!(matches!(
            Decimal::read("1e99999999999999999999"),
            Err(WholeDigits(_))
        ));
        assert_eq!(
            WholeDigits(24).to_string(),
            "has 24 digits before the decimal point; figures have at most 20"
        );
        assert_eq!(
            Decimals(18).to_string(),
            "has 18 digits after the decimal point; figures have at most 17"
        );
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
        let largest = d("99999999999999999999");
        let finest = d("-0.00000000000000001");
        assert_eq!(largest.cmp(&finest), Ordering::Greater);
        assert_eq!(finest.cmp(&largest), Ordering::Less);
        assert_eq!(
            largest.minus(finest).to_string(),
            "99999999999999999999.00000000000000001"
        );
        assert_eq!(
            finest.minus(largest).to_string(),
            "-99999999999999999999.00000000000000001"
        );
        let widest = d("99999999999999999999.99999999999999999");
        let opposite = d("-99999999999999999999.99999999999999999");
        assert_eq!(
            widest.minus(opposite).to_string(),
            "199999999999999999999.99999999999999998"
        );
        assert_eq!(Decimal::parse("100000000000000000000"), None);
    }

    #[test]
    fn takes_percentages_of_the_largest_figures_without_overflow() {
        let widest = d("99999999999999999999.99999999999999999");
        let opposite = d("-99999999999999999999.99999999999999999");
        assert_eq!(widest.percent_of(widest, 1), Some(d("100")));
        assert_eq!(widest.minus(opposite).percent_of(widest, 1), Some(d("200")));
        assert_eq!(
            d("0.00000000000000001").percent_of(widest, 1),
            Some(Decimal::ZERO)
        );
        assert_eq!(widest.percent_of(d("0.00000000000000001"), 1), None);
        assert_eq!(
            d("123456789.123456789").percent_of(d("123456789.123456789"), 1),
            Some(d("100"))
        );
    }

    #[test]
    fn refuses_to_scale_beyond_a_figure() {
        assert_eq!(d("99999999999999999999").scaled_up(1), None);
        assert_eq!(d("9999999999999.5").scaled_up(8), None);
        assert_eq!(
            d("0.00000000000000001").scaled_up(4),
            Some(d("0.0000000000001"))
        );
    }

    #[test]
    fn orders_by_value_not_by_notation() {
        assert!(d("2733.54") > d("2733.5"));
        assert!(d("-1") < d("0.5"));
        assert_eq!(d("1.50").cmp(&d("1.5")), Ordering::Equal);
    }
}
