//! `attend doc`: the school's attendance policy as parents and inspectors read
//! it, written from the rules themselves so the two cannot disagree. Every
//! statement of the policy in plain English, the duties the regulations place
//! on every school with their citations, the code table, what the policy does
//! not state, and the regulations and date it was checked against.

mod render;
mod words;

pub use render::{html, markdown};

use crate::model::{MedicalTrigger, School};
use crate::regulations::Regime;
use crate::syntax::ast::{ReportDays, RequestVia};
use crate::vocabulary::{Naming, NoticeKind, Session, Threshold, money};
use chrono::NaiveDate;

/// A document: a title, a line under it, and sections of paragraphs, lists
/// and tables.
pub struct Document {
    pub title: String,
    pub subtitle: String,
    pub sections: Vec<Section>,
    pub footer: String,
}

pub struct Section {
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub list: Vec<String>,
    pub table: Option<(Vec<String>, Vec<Vec<String>>)>,
}

impl Section {
    fn new(heading: &str) -> Section {
        Section { heading: heading.to_string(), paragraphs: Vec::new(), list: Vec::new(), table: None }
    }

    fn is_empty(&self) -> bool {
        self.paragraphs.is_empty() && self.list.is_empty() && self.table.is_none()
    }
}

/// The policy of `school`, read under `regime` and checked on `today`.
pub fn document(school: &School, regime: &Regime, today: NaiveDate) -> Document {
    let s = &school.sections;
    let mut not_stated: Vec<String> = Vec::new();

    let mut day = Section::new("The school day");
    if let Some(d) = &s.day {
        if let Some(t) = &d.gates_open {
            day.list.push(format!("The gates open at {}.", t.node.format("%H:%M")));
        }
        if let Some(t) = &d.starts {
            day.list.push(format!("The school day starts at {}.", t.node.format("%H:%M")));
        }
        if let Some(t) = &d.ends {
            day.list.push(format!("The school day ends at {}.", t.node.format("%H:%M")));
        }
    }
    for session in [Session::Am, Session::Pm] {
        let name = session.name();
        match s.registers.get(&session) {
            Some(r) => day.list.push(format!(
                "The {name} register is taken at {} and closes at {}.",
                r.opens.node.format("%H:%M"),
                r.closes.node.format("%H:%M")
            )),
            None => not_stated.push(format!("when the {name} register is taken and closed")),
        }
    }
    if let Some(lateness) = &s.lateness {
        for rule in &lateness.node {
            day.list.push(format!(
                "A pupil who arrives after {}: we {}.",
                rule.after.node.format("%H:%M"),
                words::action(&rule.action.node)
            ));
        }
    }

    let mut absence = Section::new("When your child is absent");
    if let Some(r) = &s.absence_reporting {
        let days = match r.days {
            ReportDays::FirstDay => "on the first day of absence",
            ReportDays::EveryDay => "on every day of absence",
        };
        absence.list.push(match &r.by {
            Some(by) => format!("Please tell us by {} {days}.", by.node.format("%H:%M")),
            None => {
                not_stated.push("the time by which parents tell the school of an absence".into());
                format!("Please tell us {days} (the policy does not state by what time).")
            }
        });
    }
    if let Some(p) = &s.part_time {
        let days =
            |d: u32| if d.is_multiple_of(7) { format!("{} weeks", d / 7) } else { format!("{d} days") };
        let longest = p.longest_days.as_ref().map_or_else(
            || {
                not_stated.push("how long a part-time timetable may last".into());
                "for a limited time".to_string()
            },
            |d| format!("for at most {}", days(d.node)),
        );
        let review = p.review_every_days.as_ref().map_or_else(
            || {
                not_stated.push("how often a part-time timetable is reviewed".into());
                "regularly".to_string()
            },
            |d| format!("at least every {}", days(d.node)),
        );
        absence.list.push(format!(
            "A part-time timetable, where one is agreed, runs {longest} and is reviewed {review}."
        ));
    }
    if let Some(triggers) = &s.medical_evidence {
        for t in &triggers.node {
            absence.list.push(match &t.node {
                MedicalTrigger::InDoubt => {
                    "We may ask for medical evidence when we are in doubt about an illness.".into()
                }
                MedicalTrigger::IllnessAfterLeave => {
                    "We ask for medical evidence for illness straight after a leave of absence.".into()
                }
                MedicalTrigger::When(c) => {
                    format!("We ask for medical evidence when {}.", words::condition(c, &[]))
                }
            });
        }
    }
    if let Some(leave) = &s.leave_of_absence {
        if !leave.granted_for.is_empty() {
            let reasons: Vec<String> = leave.granted_for.iter().map(|r| r.node.replace('-', " ")).collect();
            absence
                .list
                .push(format!("Leave of absence in term time may be granted for: {}.", reasons.join("; ")));
        }
        if let Some(request) = &leave.requested {
            let how = match request.via {
                RequestVia::InWriting => "in writing",
                RequestVia::OnForm => "on the school's form",
            };
            let ahead = request.ahead.as_ref().map_or(String::new(), |d| {
                format!(", at least {} {} ahead", d.node.amount, d.node.unit.name(d.node.amount != 1))
            });
            absence.list.push(format!("Ask for leave {how}{ahead}."));
        }
    }

    let mut steps = Section::new("What we do when attendance falls");
    for rule in &s.rules {
        let stages: Vec<String> = rule.after.iter().map(|a| format!("\"{}\"", a.rule.node)).collect();
        let mut text = format!("**{}**: ", rule.name.node);
        if !rule.groups.is_empty() {
            let groups: Vec<String> = rule.groups.iter().map(|g| words::group(&g.node)).collect();
            text.push_str(&format!("for {}, ", groups.join(" and ")));
        }
        if !stages.is_empty() {
            let steps: Vec<String> = rule
                .after
                .iter()
                .map(|a| match a.wait {
                    Some(wait) => format!("at least {wait} after \"{}\"", a.rule.node),
                    None => format!("after \"{}\"", a.rule.node),
                })
                .collect();
            text.push_str(&format!("{}, ", steps.join(" and ")));
        }
        // A rule for a group with no condition applies to every pupil in it.
        let when = if rule.when.node.comparisons().is_empty() {
            String::new()
        } else {
            let mut when = words::condition(&rule.when.node, &stages);
            if !rule.when.node.can_hold() {
                when.push_str(
                    " (the policy does not state the number, so this step is not taken automatically)",
                );
            }
            format!("when {when}, ")
        };
        text.push_str(&format!(
            "{when}we will {}",
            words::actions(&rule.actions.iter().map(|a| a.node.clone()).collect::<Vec<_>>())
        ));
        let mut notes: Vec<String> = words::firing(rule.firing).into_iter().collect();
        if let Some(r) = &rule.review {
            notes.push(words::review(r.node));
        }
        if let Some(n) = rule.minimum_possible_sessions {
            notes.push(format!("once there are at least {n} possible sessions to count"));
        }
        if !notes.is_empty() {
            text.push_str(&format!(" ({})", notes.join("; ")));
        }
        text.push('.');
        steps.list.push(text);
    }
    for (label, definition) in [("persistently", &s.persistent_absence), ("severely", &s.severe_absence)] {
        if let Some(c) = definition {
            let when = words::condition(&c.node, &[]).replace("your child's", "their");
            steps.paragraphs.push(format!("We count a pupil as {label} absent when {when}."));
        }
    }

    let mut reports = Section::new("How we report on attendance");
    for r in &s.reports {
        let when = r.when.as_ref().map_or("regularly (the policy does not say how often)".to_string(), |w| {
            w.node
                .to_string()
                .replace("every 1 school week", "every week")
                .replace("every 1 school day", "every day")
                .replace("every 1 session", "every session")
        });
        let to =
            r.to.as_ref().map_or("those it concerns (the policy does not say whom)", |t| t.node.as_str());
        let best = match r.best.as_ref().map(|b| &b.node) {
            Some(Naming::Group(column)) => {
                format!(", naming the {column} with the best attendance since the report before")
            }
            Some(Naming::PupilsByRise) => {
                ", naming the pupils whose attendance rose most against the period before".to_string()
            }
            None => String::new(),
        };
        reports.list.push(format!("We report {} to {to} {when}{best}.", r.what.node));
    }

    let mut penalties = Section::new("Penalty notices");
    if let Some(p) = &s.penalty_notices {
        if let Some(t) = &p.threshold {
            let unstated = t.node.comparisons().iter().any(|c| c.threshold == Threshold::NotStated);
            penalties
                .list
                .push(format!("We consider a penalty notice when {}.", words::condition(&t.node, &[])));
            if unstated {
                not_stated.push("the number of absences at which a penalty notice is considered".into());
            }
        }
        for (kind, payments) in &p.amounts {
            let name = match kind {
                NoticeKind::First => "A first notice",
                NoticeKind::Second => "A second notice",
                NoticeKind::Suspension => "A notice during a suspension",
            };
            let paid: Vec<String> = payments
                .node
                .iter()
                .map(|p| format!("{} if paid within {} days", money(p.pence), p.within_days))
                .collect();
            penalties.list.push(format!("{name} is {}.", paid.join(", or ")));
        }
        if let Some(limit) = &p.per_child {
            penalties.list.push(format!(
                "A parent receives at most {} notices for a child within {} years.",
                limit.node.notices, limit.node.within_years
            ));
        }
        if let Some(w) = &p.notice_to_improve_weeks {
            penalties
                .list
                .push(format!("A notice to improve gives {} to {} weeks to improve.", w.node.0, w.node.1));
        }
    }

    let mut law = Section::new("What the law requires of every school");
    for duty in &regime.duties {
        let citation = regime.citations.get(&duty.cite);
        let source = citation.map_or(String::new(), |c| {
            let unread = if c.checked { "" } else { " (not yet read against the published text)" };
            format!(" — {}, {}{unread}", c.instrument, c.provision)
        });
        let (when, then) = duty_words(duty).unwrap_or_else(|| (duty.when.clone(), duty.then.clone()));
        law.list.push(format!("**{}**: when {when}, the school must {then}{source}.", duty.name));
    }

    let mut codes = Section::new("Attendance codes");
    let rows: Vec<Vec<String>> = match &s.published_codes {
        Some(table) => table
            .node
            .iter()
            .map(|c| {
                vec![
                    c.code.node.clone(),
                    c.meaning.clone(),
                    c.category.as_ref().map_or(String::new(), |k| k.node.name().to_string()),
                ]
            })
            .collect(),
        None => regime
            .codes
            .iter()
            .map(|c| vec![c.code.clone(), c.meaning.clone(), c.category.name().to_string()])
            .collect(),
    };
    codes.table = Some((vec!["code".into(), "meaning".into(), "category".into()], rows));

    let mut blank = Section::new("What this policy does not state");
    blank.list = not_stated.into_iter().map(|t| format!("The policy does not state {t}.")).collect();

    let sections = [day, absence, steps, reports, penalties, law, codes, blank]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    let review = school.review.as_ref().map_or(String::new(), |r| format!(", next reviewed by {}", r.node));
    Document {
        title: format!("{}: attendance policy", school.name.node),
        subtitle: format!("In effect from {}{review}.", school.effective.node),
        sections,
        footer: format!(
            "Written from the school's attendance rules by attend {}, read under {} ({}) and checked on {today}.",
            env!("CARGO_PKG_VERSION"),
            regime.name,
            regime.title
        ),
    }
}

/// A duty's condition and action in words, read as the compiler reads them.
fn duty_words(duty: &crate::regulations::Duty) -> Option<(String, String)> {
    let mut sources = crate::source::SourceMap::new();
    let when_file = sources.add("<regulations>", duty.when.clone());
    let then_file = sources.add("<regulations>", duty.then.clone());
    let when = crate::syntax::parse_condition(when_file, &duty.when).ok()?;
    let when = crate::model::type_condition(&when).ok()?;
    let then = crate::syntax::parse_action(then_file, &duty.then).ok()?;
    Some((words::condition(&when.node, &[]).replace("your child's", "a pupil's"), words::action(&then.node)))
}
