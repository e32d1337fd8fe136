//! The code table of a regime, as `attend codes` prints it.

use super::Regime;
use chrono::NaiveDate;

/// The code table as text, one code a line. With `on`, codes not valid on
/// that date are left out.
pub fn code_table(regime: &Regime, on: Option<NaiveDate>) -> String {
    let mut out = format!("{} — {}\n", regime.name, regime.title);
    let from = regime.in_force_from;
    match regime.in_force_until {
        Some(until) => out.push_str(&format!("in force from {from} until {until}\n\n")),
        None => out.push_str(&format!("in force from {from}\n\n")),
    }
    out.push_str(&format!("{:<5} {:<44} {:<9} {}\n", "code", "category", "possible", "meaning"));
    for code in &regime.codes {
        let valid = on.is_none_or(|d| {
            code.valid_from.is_none_or(|f| d >= f) && code.valid_until.is_none_or(|u| d <= u)
        });
        if !valid {
            continue;
        }
        let possible = if code.category.is_possible_session() { "yes" } else { "no" };
        let mut meaning = code.meaning.clone();
        if let Some(until) = code.valid_until {
            meaning.push_str(&format!(" (until {until})"));
        }
        out.push_str(&format!("{:<5} {:<44} {:<9} {}\n", code.code, code.category.name(), possible, meaning));
    }
    if !regime.withdrawn.is_empty() {
        out.push_str("\nwithdrawn by these regulations:\n");
        for w in &regime.withdrawn {
            out.push_str(&format!("  {:<5} now {}\n", w.code, w.replaced_by));
        }
    }
    if let Some(citation) = regime.citation("codes") {
        out.push_str(&format!("\nsource: {citation}\n"));
    }
    out
}
