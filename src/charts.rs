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
    let g = chart.size.geometry();
    let widest = chart
        .bars
        .iter()
        .map(|b| text_width_em(&b.text).max(text_width_em(&b.label)))
        .fold(0.0, f64::max);
    let slot = (widest * g.font + 12.0).max(g.min_slot).ceil();
    let width = slot * chart.bars.len().max(1) as f64;
    let height = g.top + g.plot_height + g.bottom;
    let values: Vec<f64> = chart
        .bars
        .iter()
        .filter_map(|b| b.value)
        .map(Decimal::to_f64)
        .collect();
    let high = values.iter().copied().fold(0.0, f64::max);
    let low = values.iter().copied().fold(0.0, f64::min);
    let span = if high - low > 0.0 { high - low } else { 1.0 };
    let y_of = |v: f64| g.top + (high - v) / span * g.plot_height;
    let baseline = y_of(0.0);
    let (title_id, desc_id) = (format!("{}-title", chart.id), format!("{}-desc", chart.id));
    let mut svg = format!(
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" \
         width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"{title_id} {desc_id}\">\
         <title id=\"{title_id}\">{}</title><desc id=\"{desc_id}\">{}</desc>",
        escape::xml(chart.title),
        escape::xml(chart.description)
    );
    for (i, bar) in chart.bars.iter().enumerate() {
        let centre = slot * i as f64 + slot / 2.0;
        let bar_width = (slot * 0.6).min(36.0);
        let label_y;
        if let Some(value) = bar.value {
            let top = y_of(value.to_f64().max(0.0));
            let bottom = y_of(value.to_f64().min(0.0));
            svg.push_str(&format!(
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{BAR_COLOUR}\"/>",
                round(centre - bar_width / 2.0),
                round(top),
                round(bar_width),
                round((bottom - top).max(1.0))
            ));
            label_y = top - 5.0;
        } else {
            label_y = baseline - 5.0;
        }
        svg.push_str(&text(centre, label_y, g.font, &bar.text));
        svg.push_str(&text(centre, height - 6.0, g.font, &bar.label));
    }
    svg.push_str(&format!(
        "<line x1=\"0\" y1=\"{y}\" x2=\"{width}\" y2=\"{y}\" stroke=\"{AXIS_COLOUR}\" stroke-width=\"1\"/></svg>",
        y = round(baseline)
    ));
    svg
}

fn text(x: f64, y: f64, font: f64, content: &str) -> String {
    format!(
        "<text x=\"{}\" y=\"{}\" font-size=\"{font}\" text-anchor=\"middle\" fill=\"{TEXT_COLOUR}\">{}</text>",
        round(x),
        round(y),
        escape::xml(content)
    )
}

/// Coordinates to one decimal: smaller files, and identical bytes on every machine.
fn round(value: f64) -> String {
    let tenths = (value * 10.0).round() / 10.0;
    if tenths.fract() == 0.0 {
        format!("{}", tenths as i64)
    } else {
        format!("{tenths:.1}")
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
