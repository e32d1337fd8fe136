//! A measured value and its unit, as events report it.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeasureUnit {
    Percent,
    Sessions,
    SchoolDays,
    Weekdays,
    Spells,
    Minutes,
    /// A change of a percentage, in percentage points.
    Points,
    /// Entries of a records file: what the school noted of a pupil on a day.
    Records,
    /// A time of day, such as an arrival.
    Time,
}

impl MeasureUnit {
    /// The unit as JSON and CSV give it, in kebab case.
    pub fn key(self) -> &'static str {
        match self {
            MeasureUnit::Percent => "percent",
            MeasureUnit::Sessions => "sessions",
            MeasureUnit::SchoolDays => "school-days",
            MeasureUnit::Weekdays => "weekdays",
            MeasureUnit::Spells => "spells",
            MeasureUnit::Minutes => "minutes",
            MeasureUnit::Points => "points",
            MeasureUnit::Records => "records",
            MeasureUnit::Time => "time",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            MeasureUnit::Percent => "percent",
            MeasureUnit::Sessions => "sessions",
            MeasureUnit::SchoolDays => "school days",
            MeasureUnit::Weekdays => "weekdays",
            MeasureUnit::Spells => "spells",
            MeasureUnit::Minutes => "minutes",
            MeasureUnit::Points => "percentage points",
            MeasureUnit::Records => "records",
            MeasureUnit::Time => "time",
        }
    }
}

/// A value, kept exact: a count of some unit, a share of possible sessions,
/// or a time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    Count {
        n: u64,
        unit: MeasureUnit,
    },
    Share {
        part: u64,
        possible: u64,
    },
    /// A change of attendance between two windows, each as attended and
    /// possible sessions: with `rise`, how far it rose (0 when it fell);
    /// otherwise how far it fell.
    Change {
        now: (u64, u64),
        before: (u64, u64),
        rise: bool,
    },
    Time(chrono::NaiveTime),
}

impl Value {
    pub fn unit(self) -> MeasureUnit {
        match self {
            Value::Count { unit, .. } => unit,
            Value::Share { .. } => MeasureUnit::Percent,
            Value::Change { .. } => MeasureUnit::Points,
            Value::Time(_) => MeasureUnit::Time,
        }
    }

    /// A change as a fraction `numerator / denominator` of one (0 when it
    /// went the other way); `None` when either window has no possible sessions.
    pub fn change(self) -> Option<(u128, u128)> {
        let Value::Change { now: (a1, p1), before: (a0, p0), rise } = self else { return None };
        if p1 == 0 || p0 == 0 {
            return None;
        }
        let (up, down) = (u128::from(a1) * u128::from(p0), u128::from(a0) * u128::from(p1));
        let numerator = if rise { up.saturating_sub(down) } else { down.saturating_sub(up) };
        Some((numerator, u128::from(p1) * u128::from(p0)))
    }

    /// A share in hundredths of a percent, rounded half up; `None` with no
    /// possible sessions.
    pub fn hundredths(self) -> Option<u64> {
        match self {
            Value::Share { possible: 0, .. } => None,
            Value::Share { part, possible } => {
                let h = (u128::from(part) * 1_000_000 / u128::from(possible) + 50) / 100;
                u64::try_from(h).ok()
            }
            Value::Change { .. } => {
                let (n, d) = self.change()?;
                u64::try_from((n * 1_000_000 / d + 50) / 100).ok()
            }
            Value::Count { n, .. } => Some(n),
            Value::Time(_) => None,
        }
    }

    /// The number alone, as a CSV cell shows it: `94.74`, `10`, `09:01`.
    pub fn number(self) -> String {
        self.number_text().to_string()
    }

    /// [`Value::number`], to be written where it is wanted.
    pub fn number_text(self) -> NumberText {
        NumberText(self)
    }
}

pub struct NumberText(Value);

impl NumberText {
    /// Appends the text to `out` without the formatting machinery: a run
    /// writes one for every event.
    pub fn push_to(&self, out: &mut String) {
        use chrono::Timelike;
        let value = self.0;
        match value {
            Value::Share { possible: 0, .. } => {}
            Value::Share { .. } | Value::Change { .. } => {
                if let Some(h) = value.hundredths() {
                    push_decimal(out, h / 100);
                    out.push('.');
                    push_two_digits(out, h % 100);
                }
            }
            Value::Count { n, .. } => push_decimal(out, n),
            Value::Time(t) => {
                push_two_digits(out, u64::from(t.hour()));
                out.push(':');
                push_two_digits(out, u64::from(t.minute()));
            }
        }
    }
}

impl std::fmt::Display for NumberText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut text = String::new();
        self.push_to(&mut text);
        f.write_str(&text)
    }
}

/// Appends `n` in decimal digits, as `{n}` would write it.
pub fn push_decimal(out: &mut String, n: u64) {
    let width = n.checked_ilog10().unwrap_or(0);
    for place in (0..=width).rev() {
        out.push(char::from(b'0' + (n / 10u64.pow(place) % 10) as u8));
    }
}

/// Appends `n` as at least two digits, as `{n:02}` would write it.
fn push_two_digits(out: &mut String, n: u64) {
    if n < 10 {
        out.push('0');
    }
    push_decimal(out, n);
}

impl std::fmt::Display for Value {
    /// For people: `94.74%`, `10 sessions`, `09:01`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Share { possible: 0, .. } => f.write_str("no possible sessions"),
            Value::Share { .. } => write!(f, "{}%", self.number()),
            Value::Change { .. } if self.change().is_none() => f.write_str("no possible sessions to compare"),
            Value::Change { .. } => write!(f, "{} percentage points", self.number()),
            Value::Count { n, unit } => write!(f, "{n} {}", unit.name()),
            Value::Time(_) => f.write_str(&self.number()),
        }
    }
}

/// As two fields, `value` (a number, or `"HH:MM"` for a time; `null` for a
/// share of no sessions) and `unit`, to be flattened into a record.
impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(2))?;
        match self {
            Value::Share { .. } | Value::Change { .. } => match self.hundredths() {
                // Two decimals exactly: serde_json writes the shortest form of the f64.
                Some(h) => map.serialize_entry("value", &(h as f64 / 100.0))?,
                None => map.serialize_entry("value", &None::<f64>)?,
            },
            Value::Count { n, .. } => map.serialize_entry("value", n)?,
            Value::Time(t) => map.serialize_entry("value", &t.format("%H:%M").to_string())?,
        }
        map.serialize_entry("unit", self.unit().key())?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_the_formatter_writes_them() {
        let mut numbers = vec![0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, 12_345, u64::MAX, u64::MAX / 10];
        numbers.extend((0..64).map(|k| 1u64 << k));
        numbers.extend((1..20).map(|k| 10u64.pow(k) - 1));
        for n in numbers {
            let mut out = String::from("x");
            push_decimal(&mut out, n);
            assert_eq!(out, format!("x{n}"));
            let mut two = String::new();
            push_two_digits(&mut two, n);
            assert_eq!(two, format!("{n:02}"));
        }
        let time = |h, m| Value::Time(chrono::NaiveTime::from_hms_opt(h, m, 0).unwrap());
        let cases = [
            (Value::Share { part: 2, possible: 3 }, "66.67"),
            (Value::Share { part: 1, possible: 1000 }, "0.10"),
            (Value::Share { part: 5, possible: 0 }, ""),
            (Value::Change { now: (90, 100), before: (95, 100), rise: false }, "5.00"),
            (Value::Count { n: 1234, unit: MeasureUnit::Sessions }, "1234"),
            (time(9, 5), "09:05"),
            (time(14, 30), "14:30"),
        ];
        for (value, text) in cases {
            assert_eq!(value.number(), text, "{value:?}");
        }
    }

    #[test]
    fn shares_display_with_two_decimals() {
        assert_eq!(Value::Share { part: 171, possible: 180 }.to_string(), "95.00%");
        assert_eq!(Value::Share { part: 2, possible: 3 }.to_string(), "66.67%");
        assert_eq!(Value::Share { part: 0, possible: 0 }.to_string(), "no possible sessions");
        assert_eq!(Value::Count { n: 10, unit: MeasureUnit::Sessions }.to_string(), "10 sessions");
    }

    #[test]
    fn values_serialise_as_number_and_unit() {
        let share = serde_json::to_string(&Value::Share { part: 2, possible: 3 }).unwrap_or_default();
        assert_eq!(share, r#"{"value":66.67,"unit":"percent"}"#);
        let count =
            serde_json::to_string(&Value::Count { n: 4, unit: MeasureUnit::SchoolDays }).unwrap_or_default();
        assert_eq!(count, r#"{"value":4,"unit":"school-days"}"#);
    }
}
