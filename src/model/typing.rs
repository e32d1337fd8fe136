//! Giving literals their types. A statement that wants a time and was given a
//! percentage gets a T001 naming both; a time past 23:59 gets a T002.

use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::{Decimal, Literal, LiteralValue, Spanned};
use crate::vocabulary::{Duration, Threshold, Unit};
use chrono::{NaiveDate, NaiveTime};

#[derive(Default)]
pub struct Typer {
    pub diagnostics: Vec<Diagnostic>,
    /// The names of the stages the rule being typed follows, for `since`.
    pub stages: Vec<String>,
}

impl Typer {
    fn wrong_kind(&mut self, lit: &Literal, wanted: &str, example: &str) {
        self.diagnostics.push(
            Diagnostic::new(
                Code::WRONG_KIND_OF_VALUE,
                format!("expected {wanted}, found {}", lit.node.kind()),
                lit.span,
                format!("this should be {wanted}"),
            )
            .help(format!("write {wanted} here, like `{example}`")),
        );
    }

    fn out_of_range(&mut self, lit: &Literal, message: String, help: &str) {
        self.diagnostics.push(
            Diagnostic::new(Code::VALUE_OUT_OF_RANGE, message, lit.span, "this value").help(help.to_string()),
        );
    }

    pub fn time(&mut self, lit: &Literal) -> Option<Spanned<NaiveTime>> {
        let LiteralValue::Time { hour, minute } = lit.node else {
            self.wrong_kind(lit, "a time", "08:35");
            return None;
        };
        match NaiveTime::from_hms_opt(hour, minute, 0) {
            Some(t) => Some(Spanned::new(t, lit.span)),
            None => {
                self.out_of_range(
                    lit,
                    format!("{hour:02}:{minute:02} is not a time of day"),
                    "times run from 00:00 to 23:59 on the 24-hour clock",
                );
                None
            }
        }
    }

    pub fn date(&mut self, lit: &Literal) -> Option<Spanned<NaiveDate>> {
        let LiteralValue::Date { year, month, day } = lit.node else {
            self.wrong_kind(lit, "a date", "2025-09-03");
            return None;
        };
        match NaiveDate::from_ymd_opt(year as i32, month, day) {
            Some(_) if !(FIRST_YEAR..=LAST_YEAR).contains(&year) => {
                self.out_of_range(
                    lit,
                    format!("{year:04}-{month:02}-{day:02} is outside the years attend reads"),
                    &format!("dates run from {FIRST_YEAR} to {LAST_YEAR}"),
                );
                None
            }
            Some(d) => Some(Spanned::new(d, lit.span)),
            None => {
                self.out_of_range(
                    lit,
                    format!("{year:04}-{month:02}-{day:02} is not a date in the calendar"),
                    "dates are written year-month-day, like 2025-09-03",
                );
                None
            }
        }
    }

    /// A percentage from 0% to 100%, in hundredths.
    pub fn percent(&mut self, lit: &Literal) -> Option<u32> {
        let LiteralValue::Percent(d) = lit.node else {
            self.wrong_kind(lit, "a percentage", "96%");
            return None;
        };
        match d.hundredths() {
            Some(h) if h <= 10_000 => Some(h as u32),
            Some(_) => {
                self.out_of_range(lit, format!("{d}% is more than 100%"), "percentages run from 0% to 100%");
                None
            }
            None => {
                self.out_of_range(
                    lit,
                    format!("{d}% has more than two decimal places"),
                    "write at most two decimal places, like 96.25%",
                );
                None
            }
        }
    }

    pub fn pence(&mut self, lit: &Literal) -> Option<u64> {
        let LiteralValue::Money(d) = lit.node else {
            self.wrong_kind(lit, "an amount of money", "£80");
            return None;
        };
        match d.hundredths() {
            Some(p) => Some(p),
            None => {
                self.out_of_range(
                    lit,
                    format!("£{d} has more than two decimal places"),
                    "amounts are in pounds and pence, like £80 or £80.50",
                );
                None
            }
        }
    }

    /// A whole number of at least one.
    pub fn count(&mut self, lit: &Literal) -> Option<u32> {
        let LiteralValue::Number(d) = lit.node else {
            self.wrong_kind(lit, "a number", "20");
            return None;
        };
        self.positive_whole(lit, d)
    }

    fn positive_whole(&mut self, lit: &Literal, d: Decimal) -> Option<u32> {
        match d.whole().and_then(|n| u32::try_from(n).ok()) {
            Some(0) => {
                self.out_of_range(
                    lit,
                    "zero is not allowed here".to_string(),
                    "use a whole number of at least 1",
                );
                None
            }
            Some(n) => Some(n),
            None => {
                self.out_of_range(
                    lit,
                    format!("{d} is not a whole number this statement can use"),
                    "use a whole number, like 5",
                );
                None
            }
        }
    }

    /// A duration in one of the `allowed` units (the first is named in help).
    pub fn duration(&mut self, lit: &Literal, allowed: &[Unit]) -> Option<Spanned<Duration>> {
        let example = allowed.first().map_or(String::new(), |unit| format!("5 {}", unit.name(true)));
        let LiteralValue::Duration { amount, unit } = lit.node else {
            self.wrong_kind(lit, &format!("a duration in {}", unit_list(allowed)), &example);
            return None;
        };
        if !allowed.contains(&unit) {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::WRONG_KIND_OF_VALUE,
                    format!(
                        "expected a duration in {}, found one in {}",
                        unit_list(allowed),
                        unit.name(true)
                    ),
                    lit.span,
                    format!("{} cannot be used here", unit.name(true)),
                )
                .help(format!("write the duration in {}, like `{example}`", unit_list(allowed))),
            );
            return None;
        }
        let amount = self.positive_whole(lit, amount)?;
        let most = longest(unit);
        if amount > most {
            self.out_of_range(
                lit,
                format!("{amount} {} is longer than attend accepts", unit.name(true)),
                &format!("write at most {most} {}", unit.name(true)),
            );
            return None;
        }
        Some(Spanned::new(Duration { amount, unit }, lit.span))
    }

    /// A comparison's threshold: a percentage for percentage measures, else a count.
    pub fn threshold(&mut self, lit: &Literal, percentage: bool) -> Option<Spanned<Threshold>> {
        let t = if lit.node == LiteralValue::NotStated {
            Threshold::NotStated
        } else if let LiteralValue::Pupil(column) = &lit.node {
            Threshold::Pupil(column.clone())
        } else if percentage {
            Threshold::PercentHundredths(self.percent(lit)?)
        } else {
            let LiteralValue::Number(d) = lit.node else {
                self.wrong_kind(lit, "a number", "10");
                return None;
            };
            match d.whole() {
                Some(n) => Threshold::Count(n),
                None => {
                    self.out_of_range(
                        lit,
                        format!("{d} is not a whole number"),
                        "counts of sessions, days and spells are whole numbers",
                    );
                    return None;
                }
            }
        };
        Some(Spanned::new(t, lit.span))
    }
}

/// The years a policy's dates may fall in: a typo such as 2205 is caught,
/// and every date a run computes stays in range.
pub const FIRST_YEAR: u32 = 1990;
pub const LAST_YEAR: u32 = 2099;

/// The longest duration accepted in each unit: longer ones are surely
/// mistakes (`rolling 20000000 weeks`), and every date sum stays in range.
pub fn longest(unit: Unit) -> u32 {
    match unit {
        Unit::Minutes => 24 * 60,
        Unit::SchoolDays => 2_000,
        Unit::SchoolWeeks | Unit::Weeks => 520,
        Unit::Days => 3_660,
        Unit::Years => 100,
        Unit::Sessions => 4_000,
    }
}

fn unit_list(units: &[Unit]) -> String {
    let names: Vec<&str> = units.iter().map(|u| u.name(true)).collect();
    match names.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}
