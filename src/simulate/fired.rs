//! The events of a simulated run, kept as compactly as its counts and report
//! need them: each pupil's id, rule name and action held once, each event
//! a few numbers. A simulation keeps every event (its report lists them), so
//! this is most of what its memory grows with.

use crate::engine::Event;
use crate::vocabulary::{Action, Value};
use chrono::NaiveDate;

#[derive(Debug, Default)]
pub struct Fired {
    pupils: Vec<String>,
    rules: Vec<String>,
    actions: Vec<Action>,
    events: Vec<Entry>,
}

#[derive(Debug)]
struct Entry {
    pupil: u32,
    rule: u32,
    action: u32,
    date: NaiveDate,
    value: Value,
}

/// One event as a simulation's report shows it.
#[derive(Debug, Clone, Copy)]
pub struct FiredEvent<'a> {
    pub pupil: &'a str,
    pub date: NaiveDate,
    pub rule: &'a str,
    pub action: &'a Action,
    pub value: &'a Value,
}

/// The position of `item` in `list`, added at the end if it is not there.
/// Lists are a policy's rule names and actions: a few dozen at most.
fn position<T: PartialEq>(list: &mut Vec<T>, item: &T, make: impl FnOnce() -> T) -> u32 {
    match list.iter().rposition(|x| x == item) {
        Some(i) => i as u32,
        None => {
            list.push(make());
            list.len() as u32 - 1
        }
    }
}

impl Fired {
    /// Adds events in the order the run gives them.
    pub fn add(&mut self, events: Vec<Event>) {
        for event in events {
            let pupil = match self.pupils.last() {
                Some(last) if *last == event.pupil => self.pupils.len() as u32 - 1,
                _ => {
                    self.pupils.push(event.pupil);
                    self.pupils.len() as u32 - 1
                }
            };
            let rule = position(&mut self.rules, &event.rule, || event.rule.clone());
            let action = position(&mut self.actions, &event.action, || event.action.clone());
            self.events.push(Entry { pupil, rule, action, date: event.date, value: event.value });
        }
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    #[expect(
        clippy::indexing_slicing,
        reason = "every entry's numbers were given by `add` as positions in these lists, which only grow"
    )]
    pub fn iter(&self) -> impl Iterator<Item = FiredEvent<'_>> {
        self.events.iter().map(|e| FiredEvent {
            pupil: &self.pupils[e.pupil as usize],
            date: e.date,
            rule: &self.rules[e.rule as usize],
            action: &self.actions[e.action as usize],
            value: &e.value,
        })
    }

    /// Gives every pupil a new id, then puts the events in order of the new
    /// ids (by date and rule within a pupil, as before).
    pub fn rename_pupils(&mut self, mut rename: impl FnMut(&mut String)) {
        self.pupils.iter_mut().for_each(&mut rename);
        let (pupils, rules) = (&self.pupils, &self.rules);
        fn name(list: &[String], i: u32) -> &str {
            list.get(i as usize).map_or("", String::as_str)
        }
        self.events.sort_by(|a, b| {
            (name(pupils, a.pupil), a.date, name(rules, a.rule)).cmp(&(
                name(pupils, b.pupil),
                b.date,
                name(rules, b.rule),
            ))
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::ir::Origin;

    fn event(pupil: &str, day: u32, rule: &str, action: Action) -> Event {
        let date = NaiveDate::from_ymd_opt(2024, 9, day).unwrap();
        Event {
            pupil: pupil.into(),
            date,
            rule: rule.into(),
            action,
            value: Value::Share { part: 1, possible: day.into() },
            window_from: date,
            window_to: date,
            source: Origin::Policy { file: "p.attend".into(), line: 1, column: 1 },
            explanation: None,
        }
    }

    fn shown(fired: &Fired) -> Vec<(String, NaiveDate, String, Action, Value)> {
        fired.iter().map(|e| (e.pupil.into(), e.date, e.rule.into(), e.action.clone(), *e.value)).collect()
    }

    #[test]
    fn events_come_back_as_they_went_in() {
        let events = [
            event("B", 3, "first letter", Action::Letter("L1".into())),
            event("B", 3, "first letter", Action::Meeting("head".into())),
            event("B", 9, "meeting", Action::Meeting("head".into())),
            event("A", 4, "first letter", Action::Letter("L1".into())),
            event("A", 5, "second letter", Action::Letter("L2".into())),
        ];
        let mut fired = Fired::default();
        fired.add(events[..3].to_vec());
        fired.add(events[3..].to_vec());
        let expected: Vec<_> = events
            .iter()
            .map(|e| (e.pupil.clone(), e.date, e.rule.clone(), e.action.clone(), e.value))
            .collect();
        assert_eq!(shown(&fired), expected);
        assert_eq!((fired.len(), fired.rules.len(), fired.actions.len()), (5, 3, 3));
    }

    #[test]
    fn renamed_pupils_are_put_in_order_of_their_new_ids() {
        let mut fired = Fired::default();
        fired.add(vec![event("A", 9, "b", Action::HomeVisit), event("A", 9, "a", Action::HomeVisit)]);
        fired.add(vec![event("B", 2, "b", Action::HomeVisit)]);
        fired.rename_pupils(|id| *id = if id == "A" { "Z".into() } else { "Y".into() });
        let order: Vec<(&str, u32, &str)> =
            fired.iter().map(|e| (e.pupil, chrono::Datelike::day(&e.date), e.rule)).collect();
        assert_eq!(order, [("Y", 2, "b"), ("Z", 9, "a"), ("Z", 9, "b")]);
    }
}
