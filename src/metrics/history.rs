//! Metrics across years. The same id in several years is one series; this is where series
//! are joined, checked for a consistent unit, and where year-over-year changes come from.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use super::{Decimal, Metric};
use crate::content::Year;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Where one value of a series stands: indexes into `years`, a section, its metrics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Point {
    pub year: usize,
    pub section: usize,
    pub metric: usize,
}

/// Every year a metric id appears in, oldest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Series {
    pub id: String,
    pub points: Vec<Point>,
}

impl Series {
    /// The metric at a point.
    pub fn metric<'y>(&self, years: &'y [Arc<Year>], point: Point) -> &'y Metric {
        &years[point.year].sections[point.section].metrics[point.metric]
    }

    /// The latest point: its section gives the series its place on the metrics page.
    pub fn latest(&self) -> Point {
        *self.points.last().expect("a series has at least one point")
    }

    /// The point of the year before `year` (by index into `years`), if the metric was there.
    pub fn before(&self, year: usize) -> Option<Point> {
        let at = self.points.iter().position(|p| p.year == year)?;
        at.checked_sub(1).map(|i| self.points[i])
    }
}

/// All series of a site, by metric id.
#[derive(Clone, Debug, Default)]
pub struct History {
    series: BTreeMap<String, Series>,
}

impl History {
    /// Joins metrics by id across years; a unit that changes between years is an error
    /// naming both places.
    pub fn build(years: &[Arc<Year>]) -> (History, Diagnostics) {
        // Found by a hash of the id while joining (a site of fifty years has tens of
        // thousands of figures, and the preview joins them again on every save), then put
        // in id order once.
        let mut found: HashMap<&str, Series, BuildHasherDefault<IdHasher>> = HashMap::default();
        let mut problems = Diagnostics::new();
        for (y, year) in years.iter().enumerate() {
            for (s, section) in year.sections.iter().enumerate() {
                for (m, metric) in section.metrics.iter().enumerate() {
                    let point = Point {
                        year: y,
                        section: s,
                        metric: m,
                    };
                    let entry = found.entry(&metric.id).or_insert_with(|| Series {
                        id: metric.id.clone(),
                        points: Vec::new(),
                    });
                    if let Some(&first) = entry.points.first() {
                        let earlier = entry.metric(years, first);
                        if earlier.unit.zh != metric.unit.zh {
                            problems.push(unit_changed(
                                earlier,
                                years[first.year].year,
                                metric,
                                year.year,
                            ));
                            continue;
                        }
                    }
                    entry.points.push(point);
                }
            }
        }
        let series = found
            .into_values()
            .map(|series| (series.id.clone(), series))
            .collect();
        (History { series }, problems)
    }

    pub fn get(&self, id: &str) -> Option<&Series> {
        self.series.get(id)
    }

    /// Series present in two or more years, by id.
    pub fn compared(&self) -> impl Iterator<Item = &Series> {
        self.series.values().filter(|s| s.points.len() >= 2)
    }
}

/// FNV-1a, to join ids: they are a site's own short names, so the protection of the
/// standard hash against chosen keys buys nothing, and the preview joins every figure of the
/// site again on each save.
struct IdHasher(u64);

impl Default for IdHasher {
    fn default() -> IdHasher {
        IdHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

fn unit_changed(earlier: &Metric, earlier_year: u16, metric: &Metric, year: u16) -> Diagnostic {
    Diagnostic::error(format!(
        "metric `{}` is counted in {} in {year} but in {} in {earlier_year}",
        metric.id, metric.unit.zh, earlier.unit.zh
    ))
    .at(metric.defined_at.clone())
    .note(
        format!("{earlier_year} defines it here"),
        earlier.defined_at.clone(),
    )
    .hint("the same id in another year is the same series: use the same unit, or a new id")
}

/// Which way a figure moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
    Same,
}

impl Direction {
    pub fn name(self) -> &'static str {
        match self {
            Direction::Up => "up",
            Direction::Down => "down",
            Direction::Same => "same",
        }
    }
}

/// The change of a metric from one year to a later one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change {
    /// `current - previous`.
    pub delta: Decimal,
    /// The change as a percentage of the previous value, to one decimal; `None` when the
    /// previous value is zero (no percentage exists) or the unit is itself a percentage.
    pub percent: Option<Decimal>,
    /// Either value carries a qualifier (近, 余, 约…), so the change is approximate too.
    pub approximate: bool,
    pub direction: Direction,
}

/// The change from `previous` to `current`; `None` while either value is pending.
pub fn change(previous: &Metric, current: &Metric) -> Option<Change> {
    let (before, now) = (previous.value?, current.value?);
    let delta = now.minus(before);
    let direction = match delta.cmp(&Decimal::ZERO) {
        std::cmp::Ordering::Greater => Direction::Up,
        std::cmp::Ordering::Less => Direction::Down,
        std::cmp::Ordering::Equal => Direction::Same,
    };
    let percent = if current.unit.is_percent() {
        None
    } else {
        delta.percent_of(before.abs(), 1)
    };
    Some(Change {
        delta,
        percent,
        approximate: !previous.approx.is_exact() || !current.approx.is_exact(),
        direction,
    })
}
