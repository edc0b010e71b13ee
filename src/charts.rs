//! Bar charts as static SVG, drawn at build time: no JavaScript, text as real `<text>` in the
//! visitor's fonts, a `<title>` and `<desc>` in the page's language, every label escaped,
//! and a width computed so that no label runs past the edge (a Han character is about 1 em
//! wide, a digit about 0.6 em).

use crate::escape;
use crate::metrics::Decimal;

/// One bar: a year and its value (none while pending).
#[derive(Clone, Debug)]
pub struct Bar {
    pub label: String,
    pub value: Option<Decimal>,
    /// The value as the page writes it, shown above the bar.
    pub text: String,
}

/// The two sizes charts come in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Size {
    /// One chart per series on the metrics page.
    Full,
    /// Small multiples on a year's cover.
    Small,
}

pub struct BarChart<'a> {
    /// Unique within the page: the ids of `<title>` and `<desc>` derive from it.
    pub id: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub bars: &'a [Bar],
    pub size: Size,
}

const BAR_COLOUR: &str = "#1d3a5c";
const TEXT_COLOUR: &str = "#1b1f24";
const AXIS_COLOUR: &str = "#6b7280";

struct Geometry {
    font: f64,
    plot_height: f64,
    top: f64,
    bottom: f64,
    min_slot: f64,
}

impl Size {
    fn geometry(self) -> Geometry {
        match self {
            Size::Full => Geometry {
                font: 12.0,
                plot_height: 120.0,
                top: 22.0,
                bottom: 24.0,
                min_slot: 52.0,
            },
            Size::Small => Geometry {
                font: 11.0,
                plot_height: 56.0,
                top: 18.0,
                bottom: 20.0,
                min_slot: 40.0,
            },
        }
    }
}

/// Estimated rendered width of `text` in ems.
pub fn text_width_em(text: &str) -> f64 {
    text.chars()
        .map(|c| match c {
            c if c.is_ascii_digit() => 0.6,
            ',' | '.' | ':' | ';' | '\'' | ' ' | '|' | 'i' | 'l' => 0.35,
            c if c.is_ascii() => 0.65,
            _ => 1.0,
        })
        .sum()
}

/// Draws the chart. Pending values get no bar and a dash.
pub fn bar_chart(chart: &BarChart) -> String {
    use std::fmt::Write;
    let g = chart.size.geometry();
    let widest = chart
        .bars
        .iter()
        .map(|b| text_width_em(&b.text).max(text_width_em(&b.label)))
        .fold(0.0, f64::max);
    let slot = (widest * g.font + 12.0).max(g.min_slot).ceil();
    let width = slot * chart.bars.len().max(1) as f64;
    let height = g.top + g.plot_height + g.bottom;
    let values: Vec<Option<f64>> = chart
        .bars
        .iter()
        .map(|b| b.value.map(Decimal::to_f64))
        .collect();
    let high = values.iter().flatten().copied().fold(0.0, f64::max);
    let low = values.iter().flatten().copied().fold(0.0, f64::min);
    let span = if high - low > 0.0 { high - low } else { 1.0 };
    let y_of = |v: f64| g.top + (high - v) / span * g.plot_height;
    let baseline = y_of(0.0);
    let id = chart.id;
    let mut svg = String::with_capacity(400 + chart.bars.len() * 220);
    let _ = write!(
        svg,
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" \
         width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc><g class=\"chart-bars\" fill=\"{BAR_COLOUR}\">",
        escape::xml(chart.title),
        escape::xml(chart.description)
    );
    let bar_width = (slot * 0.6).min(36.0);
    let mut label_at = Vec::with_capacity(values.len());
    for (i, value) in values.iter().enumerate() {
        let centre = slot * i as f64 + slot / 2.0;
        let Some(value) = *value else {
            label_at.push((centre, baseline - 5.0));
            continue;
        };
        let (top, bottom) = (y_of(value.max(0.0)), y_of(value.min(0.0)));
        let _ = write!(
            svg,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
            Tenths(centre - bar_width / 2.0),
            Tenths(top),
            Tenths(bar_width),
            Tenths((bottom - top).max(1.0))
        );
        label_at.push((centre, top - 5.0));
    }
    let _ = write!(
        svg,
        "</g><g class=\"chart-labels\" font-size=\"{}\" text-anchor=\"middle\" fill=\"{TEXT_COLOUR}\">",
        g.font
    );
    for (bar, (centre, y)) in chart.bars.iter().zip(label_at) {
        for (text, y) in [(&bar.text, y), (&bar.label, height - 6.0)] {
            let _ = write!(
                svg,
                "<text x=\"{}\" y=\"{}\">{}</text>",
                Tenths(centre),
                Tenths(y),
                escape::xml(text)
            );
        }
    }
    let _ = write!(
        svg,
        "</g><line x1=\"0\" y1=\"{y}\" x2=\"{width}\" y2=\"{y}\" stroke=\"{AXIS_COLOUR}\" stroke-width=\"1\"/></svg>",
        y = Tenths(baseline)
    );
    svg
}

/// A coordinate to one decimal: smaller files, and identical bytes on every machine.
struct Tenths(f64);

impl std::fmt::Display for Tenths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tenths = (self.0 * 10.0).round() as i64;
        let sign = if tenths < 0 { "-" } else { "" };
        let (whole, fraction) = (tenths.abs() / 10, tenths.abs() % 10);
        if fraction == 0 {
            write!(f, "{sign}{whole}")
        } else {
            write!(f, "{sign}{whole}.{fraction}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bars(values: &[(&str, Option<&str>, &str)]) -> Vec<Bar> {
        values
            .iter()
            .map(|(label, value, text)| Bar {
                label: label.to_string(),
                value: value.map(|v| Decimal::parse(v).unwrap()),
                text: text.to_string(),
            })
            .collect()
    }

    fn view_box_width(svg: &str) -> f64 {
        let start = svg.find("viewBox=\"0 0 ").unwrap() + 13;
        svg[start..].split(' ').next().unwrap().parse().unwrap()
    }

    #[test]
    fn has_title_desc_and_escaped_labels() {
        let data = bars(&[("2017", Some("5"), "5<b>"), ("2018", None, "—")]);
        let svg = bar_chart(&BarChart {
            id: "m-x",
            title: "走访居民 <script>",
            description: "\"quoted\" & more",
            bars: &data,
            size: Size::Full,
        });
        assert!(svg.contains("<title id=\"m-x-title\">走访居民 &lt;script&gt;</title>"));
        assert!(svg.contains("<desc id=\"m-x-desc\">&quot;quoted&quot; &amp; more</desc>"));
        assert!(svg.contains(">5&lt;b&gt;</text>"));
        assert_eq!(Tenths(-0.04).to_string(), "0");
        assert_eq!(Tenths(102.25).to_string(), "102.3");
        assert!(!svg.contains("<script"));
        assert_eq!(
            svg.matches("<rect").count(),
            1,
            "a pending value has no bar"
        );
        assert!(svg.contains("role=\"img\" aria-labelledby=\"m-x-title m-x-desc\""));
    }

    #[test]
    fn widens_slots_so_long_labels_fit() {
        let data = bars(&[
            ("2016", Some("754000"), "754,000 person-times"),
            ("2017", Some("1"), "1"),
        ]);
        let svg = bar_chart(&BarChart {
            id: "a",
            title: "t",
            description: "d",
            bars: &data,
            size: Size::Full,
        });
        let slot = view_box_width(&svg) / 2.0;
        assert!(
            slot >= text_width_em("754,000 person-times") * 12.0,
            "{slot}"
        );
        let zh = bars(&[("2016", Some("754000"), "75.4万人次")]);
        let svg = bar_chart(&BarChart {
            id: "b",
            title: "t",
            description: "d",
            bars: &zh,
            size: Size::Small,
        });
        // Three Han characters at 1 em and four digits or points at their own widths.
        assert!(view_box_width(&svg) >= 3.0 * 11.0 + 3.0 * 0.6 * 11.0 + 0.35 * 11.0);
    }

    #[test]
    fn draws_negative_values_below_the_axis() {
        let data = bars(&[("2017", Some("-5"), "-5"), ("2018", Some("10"), "10")]);
        let svg = bar_chart(&BarChart {
            id: "n",
            title: "t",
            description: "d",
            bars: &data,
            size: Size::Full,
        });
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(
            svg.contains("<line x1=\"0\" y1=\"102\""),
            "the axis sits at zero: {svg}"
        );
    }
}
