//! Charts of the HTML report drawn as tables with a bar a row, so every name
//! is printed whole: the what-if, one row per rule whose firings differ
//! between the two policies, with both counts, the change, and a bar scaled by
//! the largest change (so rules that did not change neither take room nor
//! flatten the bars of those that did); and each escalation ladder's funnel.

use super::html::escape;
use crate::simulate::{Comparison, Ladder};
use std::fmt::Write;

/// Width of the bar drawing, in its own units; nought sits in the middle.
const BAR_WIDTH: f64 = 240.0;

pub fn change_per_rule(comparison: &Comparison, names: (&str, &str)) -> String {
    let counts: Vec<(&str, usize, usize)> = comparison
        .rules
        .iter()
        .map(|(rule, a, b)| {
            (rule.as_str(), a.as_ref().map_or(0, |c| c.times), b.as_ref().map_or(0, |c| c.times))
        })
        .collect();
    let (changed, unchanged): (Vec<_>, Vec<_>) = counts.iter().partition(|(_, a, b)| a != b);
    let mut html = String::new();
    if changed.is_empty() {
        html.push_str("<p>No rule fires a different number of times.</p>");
    } else {
        let largest = changed.iter().map(|(_, a, b)| a.abs_diff(*b)).max().unwrap_or(1).max(1) as f64;
        let _ = write!(
            html,
            "<table class=\"change\"><tr><th>rule</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">change</th><th>fewer · more</th></tr>",
            escape(names.0),
            escape(names.1)
        );
        for (rule, a, b) in &changed {
            let change = *b as i64 - *a as i64;
            let length = a.abs_diff(*b) as f64 / largest * (BAR_WIDTH / 2.0 - 2.0);
            let (x, class) =
                if change < 0 { (BAR_WIDTH / 2.0 - length, "bar2") } else { (BAR_WIDTH / 2.0, "bar") };
            let _ = write!(
                html,
                "<tr><td>{}</td><td class=\"n\">{a}</td><td class=\"n\">{b}</td><td class=\"n\">{change:+}</td>\
                 <td><svg class=\"delta\" viewBox=\"0 0 {BAR_WIDTH} 16\" role=\"img\" aria-label=\"{change:+}\">\
                 <line class=\"axis\" x1=\"{mid}\" y1=\"0\" x2=\"{mid}\" y2=\"16\"/>\
                 <rect class=\"{class}\" x=\"{x:.1}\" y=\"3\" width=\"{length:.1}\" height=\"10\"/></svg></td></tr>",
                escape(rule),
                mid = BAR_WIDTH / 2.0,
            );
        }
        html.push_str("</table>");
    }
    if !unchanged.is_empty() {
        let list: Vec<String> =
            unchanged.iter().map(|(rule, a, _)| format!("{} ({a})", escape(rule))).collect();
        let _ = write!(html, "<p class=\"muted\">Unchanged: {}.</p>", list.join("; "));
    }
    html
}

/// An escalation ladder as a funnel: each stage with its whole name, what it
/// follows, its pupils, and a bar scaled by the first stage's.
pub fn funnel(ladder: &Ladder) -> String {
    let most = ladder.stages.iter().map(|s| s.pupils).max().unwrap_or(0).max(1) as f64;
    let mut html = String::from(
        "<table class=\"change\"><tr><th>stage</th><th>follows</th><th class=\"n\">pupils</th><th></th></tr>",
    );
    for stage in &ladder.stages {
        let length = stage.pupils as f64 / most * (BAR_WIDTH - 2.0);
        let _ = write!(
            html,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td><svg class=\"delta\" viewBox=\"0 0 {BAR_WIDTH} 16\" role=\"img\" aria-label=\"{}\"><rect class=\"bar\" x=\"0\" y=\"3\" width=\"{length:.1}\" height=\"10\"/></svg></td></tr>",
            escape(&stage.rule),
            escape(&stage.after.join(", ")),
            stage.pupils,
            stage.pupils
        );
    }
    html.push_str("</table>");
    html
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::simulate::RuleCount;

    fn count(rule: &str, times: usize) -> Option<RuleCount> {
        Some(RuleCount { rule: rule.into(), times, ..RuleCount::default() })
    }

    #[test]
    fn only_changed_rules_get_a_bar_and_the_largest_change_sets_the_scale() {
        let long = "a rule whose name is far longer than any chart label could hold";
        let comparison = Comparison {
            rules: vec![
                (long.into(), count(long, 10), count(long, 30)),
                ("fewer".into(), count("fewer", 40), count("fewer", 30)),
                ("same".into(), count("same", 500), count("same", 500)),
            ],
            differences: vec![],
        };
        let html = change_per_rule(&comparison, ("before", "after"));
        assert!(html.contains(long), "whole names are shown");
        assert_eq!(html.matches("<rect").count(), 2);
        assert!(html.contains("<td class=\"n\">+20</td>") && html.contains("<td class=\"n\">-10</td>"));
        // +20 is the largest change: a full half; -10 half of that, to the left.
        assert!(html.contains("class=\"bar\" x=\"120.0\" y=\"3\" width=\"118.0\""), "{html}");
        assert!(html.contains("class=\"bar2\" x=\"61.0\" y=\"3\" width=\"59.0\""), "{html}");
        assert!(html.contains("Unchanged: same (500)."));
    }
}
