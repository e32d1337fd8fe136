//! The policy's reports on the whole school as sections, each a titled table
//! or a note, written the same way in text and HTML: the schedule first, then
//! for each report that names a group or pupils, whom it named each time.

use crate::simulate::Outcome;
use crate::vocabulary::Naming;

pub struct Section {
    pub title: String,
    /// Said instead of the table when there are no rows.
    pub note: Option<String>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The columns from this one on hold figures.
    pub figures_from: usize,
}

/// No sections when the policy states no reports.
pub fn report_sections(outcome: &Outcome) -> Vec<Section> {
    if outcome.reports.is_empty() {
        return Vec::new();
    }
    let schedule = outcome
        .reports
        .iter()
        .map(|r| {
            let due = match (r.dates.first(), r.dates.last()) {
                (Some(first), Some(last)) => format!("{} times, {first} to {last}", r.times),
                _ if r.when.is_none() => "how often is not stated".to_string(),
                _ => "no day of the register".to_string(),
            };
            vec![r.what.clone(), r.to.clone(), r.when.clone().unwrap_or_default(), due]
        })
        .collect();
    let mut sections = vec![Section {
        title: "reports on the whole school".to_string(),
        note: None,
        header: ["report", "to", "when", "due"].map(String::from).to_vec(),
        rows: schedule,
        figures_from: 4,
    }];
    for r in &outcome.reports {
        let (heading, column, figure, none) = match &r.naming {
            Some(Naming::Group(column)) => (
                format!(
                    "the {column} with the best attendance since the report before (groups of fewer than {} pupils are not compared)",
                    outcome.smallest_group
                ),
                column.as_str(),
                "attendance",
                format!("no {column} is large enough to compare, or the pupils file gives no {column}"),
            ),
            Some(Naming::PupilsByRise) => (
                "the pupils whose attendance rose most against the period before".to_string(),
                "pupils",
                "rise",
                "no pupil's attendance rose, or the report fell due only once".to_string(),
            ),
            None => continue,
        };
        let note = if r.when.is_none() {
            Some("how often is not stated, so it never falls due".to_string())
        } else if r.best.is_empty() {
            Some(none)
        } else {
            None
        };
        let rows = r
            .best
            .iter()
            .map(|b| vec![b.date.to_string(), b.groups.join(", "), b.figure.clone(), b.compared.to_string()])
            .collect();
        sections.push(Section {
            title: format!("{}: {heading}", r.what),
            note,
            header: ["due", column, figure, "compared"].map(String::from).to_vec(),
            rows,
            figures_from: 2,
        });
    }
    sections
}
