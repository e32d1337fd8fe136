//! Simulation results as text: counts per rule, by month and half term, the
//! pupils still absent at the end, duties that fell due; comparisons, sweeps
//! and trust runs.

use crate::simulate::{Breakdown, Comparison, Outcome, RuleCount, SweepPoint, TrustRun};
use crate::vocabulary::Naming;

fn table(header: &[String], rows: &[Vec<String>]) -> String {
    super::table(header, rows, true)
}

fn heading(outcome: &Outcome) -> String {
    let span = match (outcome.first_day, outcome.last_day) {
        (Some(a), Some(b)) => format!(" from {a} to {b}"),
        _ => String::new(),
    };
    let mut note = outcome.regulations_note.as_ref().map_or(String::new(), |n| format!("warning: {n}\n"));
    note.push_str(&super::skipped_text(&outcome.skipped));
    format!(
        "{} ({}): {} pupils, {} school days{span}\n{note}",
        outcome.school, outcome.regulations, outcome.pupils, outcome.school_days
    )
}

/// Text broken into lines of at most `width` characters at spaces, each line
/// after the first indented.
fn wrapped(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(&line);
            out.push('\n');
            line = "  ".to_string();
        } else if !line.is_empty() && line != "  " {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
    out
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 { "-".into() } else { format!("{:.1}%", part as f64 * 100.0 / whole as f64) }
}

pub fn outcome(outcome: &Outcome) -> String {
    let mut out = heading(outcome);
    out.push('\n');
    let header = vec!["rule".to_string(), "pupils".into(), "times".into()];
    let rows: Vec<Vec<String>> = outcome
        .rules
        .iter()
        .filter(|r| r.times > 0)
        .map(|r| vec![r.rule.clone(), r.pupils.to_string(), r.times.to_string()])
        .collect();
    out.push_str(&table(&header, &rows));
    let silent: Vec<&str> = outcome.rules.iter().filter(|r| r.times == 0).map(|r| r.rule.as_str()).collect();
    if !silent.is_empty() {
        out.push_str(&wrapped(&format!("never fired ({}): {}", silent.len(), silent.join("; ")), 100));
    }
    // A ladder no pupil climbed is named in the list of rules that never fired.
    for ladder in outcome.ladders.iter().filter(|l| l.stages.iter().any(|s| s.pupils > 0)) {
        out.push_str("\nescalation ladder, pupils reaching each stage:\n");
        let rows: Vec<Vec<String>> = ladder
            .stages
            .iter()
            .map(|s| {
                let after =
                    if s.after.is_empty() { String::new() } else { format!("after {}", s.after.join(", ")) };
                vec![s.rule.clone(), s.pupils.to_string(), after]
            })
            .collect();
        out.push_str(&table(&["stage".to_string(), "pupils".into(), "follows".into()], &rows));
    }
    for section in super::report_sections::report_sections(outcome) {
        out.push_str(&format!("\n{}:\n", section.title));
        match &section.note {
            Some(note) => out.push_str(&format!("{note}\n")),
            None => out.push_str(&table(&section.header, &section.rows)),
        }
    }
    if let Some(b) = &outcome.breakdown {
        let (note, header, rows) = breakdown_table(b);
        out.push_str(&format!("\n{note}:\n"));
        if b.groups.is_empty() {
            out.push_str("no group is large enough to show\n");
        } else {
            out.push_str(&table(&header, &rows));
        }
    }

    // Rules that never fired are in the table above; the tables by period leave them out.
    let fired: Vec<&crate::simulate::RuleCount> = outcome.rules.iter().filter(|r| r.times > 0).collect();
    out.push_str("\nby month (rules that fired):\n");
    let mut header = vec!["rule".to_string()];
    header.extend(outcome.months.iter().cloned());
    let rows: Vec<Vec<String>> = fired
        .iter()
        .map(|r| {
            let mut row = vec![r.rule.clone()];
            row.extend(outcome.months.iter().map(|m| r.by_month.get(m).copied().unwrap_or(0).to_string()));
            row
        })
        .collect();
    out.push_str(&table(&header, &rows));

    out.push_str("\nby half term (first day; rules that fired):\n");
    let mut header = vec!["rule".to_string()];
    header.extend(outcome.half_terms.iter().map(|d| d.to_string()));
    let rows: Vec<Vec<String>> = fired
        .iter()
        .map(|r| {
            let mut row = vec![r.rule.clone()];
            row.extend(
                outcome.half_terms.iter().map(|h| r.by_half_term.get(h).copied().unwrap_or(0).to_string()),
            );
            row
        })
        .collect();
    out.push_str(&table(&header, &rows));

    out.push_str(&format!(
        "\nat the end: {} pupils persistently absent ({}), {} severely absent ({})\n",
        outcome.persistent_at_end.len(),
        percent(outcome.persistent_at_end.len(), outcome.attendance.len()),
        outcome.severe_at_end.len(),
        percent(outcome.severe_at_end.len(), outcome.attendance.len()),
    ));
    for (label, pupils) in
        [("persistently absent", &outcome.persistent_at_end), ("severely absent", &outcome.severe_at_end)]
    {
        if !pupils.is_empty() {
            out.push_str(&format!("  {label}: {}\n", pupils.join(" ")));
        }
    }
    let duties: Vec<&RuleCount> = outcome.rules.iter().filter(|r| r.statutory).collect();
    if !duties.is_empty() {
        out.push_str("statutory duties that fell due:\n");
        for d in duties {
            out.push_str(&format!("  {}: {} times, for {} pupils\n", d.rule, d.times, d.pupils));
        }
    }
    out
}

/// Differences are listed up to this many in text; JSON has all.
pub const DIFFERENCES_SHOWN: usize = 40;

/// A policy's short name for a column: its file name without `.attend`.
pub fn short_name(path: &str) -> String {
    let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
    file.strip_suffix(".attend").unwrap_or(file).to_string()
}

pub fn comparison(first: &Outcome, second: &Outcome, comparison: &Comparison, names: (&str, &str)) -> String {
    let (a, mut b) = (short_name(names.0), short_name(names.1));
    if a == b {
        b.push_str(" (2)");
    }
    let mut out = format!("{a}: {}  {}{b}: {}  {}\n", names.0, heading(first), names.1, heading(second));
    let header: Vec<String> = vec![
        "rule".to_string(),
        format!("pupils ({a})"),
        format!("times ({a})"),
        format!("pupils ({b})"),
        format!("times ({b})"),
    ];
    let cell = |c: &Option<RuleCount>, f: fn(&RuleCount) -> usize| {
        c.as_ref().map_or("-".to_string(), |c| f(c).to_string())
    };
    let rows: Vec<Vec<String>> = comparison
        .rules
        .iter()
        .map(|(rule, a, b)| {
            vec![
                rule.clone(),
                cell(a, |c| c.pupils),
                cell(a, |c| c.times),
                cell(b, |c| c.pupils),
                cell(b, |c| c.times),
            ]
        })
        .collect();
    out.push_str(&table(&header, &rows));
    out.push_str(&format!(
        "\npupils whose outcome differs: {} (pupil and rule)\n",
        comparison.differences.len()
    ));
    let dates = |d: &[chrono::NaiveDate]| {
        if d.is_empty() {
            "-".to_string()
        } else {
            d.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(" ")
        }
    };
    let header: Vec<String> = vec!["pupil".to_string(), "rule".to_string(), a.clone(), b.clone()];
    let rows: Vec<Vec<String>> = comparison
        .differences
        .iter()
        .take(DIFFERENCES_SHOWN)
        .map(|d| vec![d.pupil.clone(), d.rule.clone(), dates(&d.dates_first), dates(&d.dates_second)])
        .collect();
    if !rows.is_empty() {
        // Dates are text: left-aligned.
        out.push_str(&super::table(&header, &rows, false));
        if comparison.differences.len() > DIFFERENCES_SHOWN {
            out.push_str(&format!(
                "... and {} more (--format json lists all)\n",
                comparison.differences.len() - DIFFERENCES_SHOWN
            ));
        }
    }
    out
}

pub fn sweep(rule: &str, points: &[SweepPoint]) -> String {
    let mut out = format!("rule \"{rule}\", threshold varied:\n");
    let header: Vec<String> = ["threshold", "pupils", "times"].iter().map(|s| s.to_string()).collect();
    let rows: Vec<Vec<String>> =
        points.iter().map(|p| vec![p.value.clone(), p.pupils.to_string(), p.times.to_string()]).collect();
    out.push_str(&table(&header, &rows));
    out
}

pub fn trust(run: &TrustRun) -> String {
    let header: Vec<String> = [
        "school",
        "registers",
        "pupils",
        "persistent",
        "severe",
        "letters",
        "meetings",
        "penalty notices",
        "LA notified",
        "firings",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let row = |s: &crate::simulate::SchoolRow| {
        vec![
            s.school.clone(),
            s.registers.to_string(),
            s.pupils.to_string(),
            s.persistent.to_string(),
            s.severe.to_string(),
            s.letters.to_string(),
            s.meetings.to_string(),
            s.penalty_notices_considered.to_string(),
            s.local_authority_notified.to_string(),
            s.firings.to_string(),
        ]
    };
    let mut rows: Vec<Vec<String>> = run.schools.iter().filter(|s| s.error.is_none()).map(row).collect();
    rows.push(row(&run.totals));
    let mut out = table(&header, &rows);
    for s in run.schools.iter().filter(|s| s.error.is_some()) {
        out.push_str(&format!(
            "not run: {} ({}): {}\n",
            s.school,
            s.policy,
            s.error.as_deref().unwrap_or_default()
        ));
    }
    for r in &run.unmatched {
        out.push_str(&format!("no school for register {r}\n"));
    }
    out
}

/// Replaces pupil ids in an outcome (events, lists, attendance).
pub fn pseudonymise(outcome: &mut Outcome, pseudonyms: &mut super::Pseudonyms) {
    for p in outcome.persistent_at_end.iter_mut().chain(outcome.severe_at_end.iter_mut()) {
        pseudonyms.replace(p);
    }
    for (p, _) in &mut outcome.attendance {
        pseudonyms.replace(p);
    }
    for s in &mut outcome.at_end {
        pseudonyms.replace(&mut s.pupil);
    }
    for r in outcome.reports.iter_mut().filter(|r| r.naming == Some(Naming::PupilsByRise)) {
        for b in &mut r.best {
            b.groups.iter_mut().for_each(|p| pseudonyms.replace(p));
            b.groups.sort();
        }
    }
    // Nothing in the output may follow the order of the real ids.
    outcome.events.rename_pupils(|p| pseudonyms.replace(p));
    outcome.persistent_at_end.sort();
    outcome.severe_at_end.sort();
    outcome.attendance.sort();
}

/// A breakdown as a table: a column a group, a row a figure (pupils,
/// attendance, persistent and severe absence, then each rule's pupils), and
/// the sentence that says what is hidden.
pub fn breakdown_table(b: &Breakdown) -> (String, Vec<String>, Vec<Vec<String>>) {
    let mut header = vec![b.attribute.clone()];
    header.extend(b.groups.iter().map(|g| g.value.clone()));
    let row = |label: &str, cell: &dyn Fn(&crate::simulate::Group) -> String| {
        std::iter::once(label.to_string()).chain(b.groups.iter().map(cell)).collect::<Vec<_>>()
    };
    let mut rows = vec![
        row("pupils", &|g| g.pupils.to_string()),
        row("attendance", &|g| {
            g.attendance_hundredths.map_or("-".into(), |h| format!("{}.{:02}%", h / 100, h % 100))
        }),
        row("persistently absent", &|g| g.persistent.to_string()),
        row("severely absent", &|g| g.severe.to_string()),
    ];
    let rules = b.groups.first().map(|g| g.rules.len()).unwrap_or(0);
    for k in 0..rules {
        let name = b.groups.first().and_then(|g| g.rules.get(k)).map_or("", |r| r.0.as_str());
        rows.push(row(&format!("{name} (pupils)"), &|g| g.rules.get(k).map_or(0, |r| r.1).to_string()));
    }
    let hidden = match b.hidden_groups {
        0 => String::new(),
        n => format!(
            "; {n} group{} of {} pupil{} not shown",
            if n == 1 { "" } else { "s" },
            b.hidden_pupils,
            if b.hidden_pupils == 1 { "" } else { "s" }
        ),
    };
    let note = format!(
        "by {} (groups of fewer than {} pupils are not shown, nor a second group where one alone would be{hidden})",
        b.attribute, b.smallest_shown
    );
    (note, header, rows)
}
