//! The policy's reports on the whole school (to governors, to staff, to the
//! Department), and the school days of the register on which each falls due.

use crate::compile::RuleSet;
use crate::register::Calendar;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportDue {
    pub what: String,
    pub to: String,
    /// How often, in the policy's words; `None` where it does not say.
    pub when: Option<String>,
    /// The school days it falls due on; none where the policy does not say.
    pub dates: Vec<NaiveDate>,
}

pub fn reports_due(rules: &RuleSet, calendar: &Calendar) -> Vec<ReportDue> {
    rules
        .reports
        .iter()
        .map(|r| ReportDue {
            what: r.what.clone(),
            to: r.to.clone().unwrap_or_else(|| "not stated".to_string()),
            when: r.when.map(|w| w.to_string()),
            dates: r.when.map_or_else(Vec::new, |w| {
                (0..calendar.len() as u32)
                    .filter(|&i| crate::engine::review_day(w, calendar, i))
                    .filter_map(|i| calendar.days.get(i as usize).copied())
                    .collect()
            }),
        })
        .collect()
}
