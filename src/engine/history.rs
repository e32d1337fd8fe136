//! One pupil's register over the school days of their span, as running totals:
//! any window's count is the difference of two totals, so every rule is
//! evaluated on every day in constant time.

use super::plan::{CodeMask, Plan};
use crate::register::{Calendar, Mark};

/// The marks of one school day.
#[derive(Debug, Clone, Copy, Default)]
pub struct Day {
    pub am: Option<Mark>,
    pub pm: Option<Mark>,
}

impl Day {
    pub fn marks(&self) -> impl Iterator<Item = &Mark> {
        self.am.iter().chain(self.pm.iter())
    }
}

/// Totals up to and including each day: `x[i + 1]` covers days `0..=i`.
#[derive(Debug, Default)]
struct Running(Vec<u64>);

#[expect(
    clippy::indexing_slicing,
    reason = "positions are within the pupil's span of days, which every running total covers"
)]
impl Running {
    fn new(n: usize) -> Running {
        let mut v = Vec::with_capacity(n + 1);
        v.push(0);
        Running(v)
    }

    /// Running totals of daily counts.
    fn of(counts: impl ExactSizeIterator<Item = u64>) -> Running {
        let mut totals = Vec::with_capacity(counts.len() + 1);
        totals.push(0);
        let mut total = 0;
        totals.extend(counts.map(|c| {
            total += c;
            total
        }));
        Running(totals)
    }

    fn push(&mut self, amount: u64) {
        let last = *self.0.last().unwrap_or(&0);
        self.0.push(last + amount);
    }

    /// The first local day by whose end the total reaches `n`, if any.
    fn first_reaching(&self, n: u64) -> Option<usize> {
        if n == 0 {
            return Some(0);
        }
        let p = self.0.partition_point(|&total| total < n);
        (p < self.0.len()).then(|| p.saturating_sub(1))
    }

    /// The total over local days `a..=b`.
    fn between(&self, a: usize, b: usize) -> u64 {
        self.0[b + 1] - self.0[a]
    }
}

/// Counts for one code list.
#[derive(Debug)]
struct SetHistory {
    sessions: Running,
    days: Running,
    /// Each day's sessions in the list, as bits (see [`sessions_in`]).
    listed: Vec<u8>,
    /// Runs and spells of the list's days, worked out the first time a rule
    /// asks: most lists are only counted.
    streaks: std::cell::OnceCell<Streaks>,
}

#[derive(Debug)]
struct Streaks {
    spell_starts: Running,
    /// The run of days in the list ending on each day (0 if the day is not in it).
    run: Vec<u32>,
    /// The same run counted in weekdays, with short closures inside it counted.
    weekday_run: Vec<u32>,
    /// For each day, the first day at or after it that is in the list.
    next_in_list: Vec<usize>,
}

/// A day's two codes, morning and afternoon, with [`NO_CODE`] for a session
/// without a mark: every running total is built from these two bytes.
type DayCodes = [u8; 2];

/// No code a mask holds (masks hold the first 128 codes).
const NO_CODE: u8 = u8::MAX;

fn day_codes(day: &Day) -> DayCodes {
    [day.am.map_or(NO_CODE, |m| m.code), day.pm.map_or(NO_CODE, |m| m.code)]
}

/// Each day's sessions with a code in `mask`, as bits: 1 the morning, 2 the
/// afternoon. The mask is first made a table of all 256 codes, from its bits.
fn sessions_in(days: &[DayCodes], mask: CodeMask) -> Vec<u8> {
    let mut listed = [0u8; 256];
    let mut bits = mask;
    while bits != 0 {
        if let Some(slot) = listed.get_mut(bits.trailing_zeros() as usize) {
            *slot = 1;
        }
        bits &= bits - 1;
    }
    let listed = |code: u8| listed.get(usize::from(code)).copied().unwrap_or(0);
    days.iter().map(|&[am, pm]| listed(am) | listed(pm) << 1).collect()
}

/// A closure of at most this many weekdays inside a run of absence is counted
/// in `consecutive weekdays` (an INSET day, a bank holiday); a longer one, a
/// holiday, ends the run.
pub const WEEKDAY_BRIDGE: u32 = 2;

pub struct History {
    /// Calendar index of the pupil's first and last school day.
    pub lo: u32,
    pub hi: u32,
    pub days: Vec<Day>,
    possible: Running,
    attending: Running,
    authorised: Running,
    unauthorised: Running,
    minutes: Running,
    sets: Vec<SetHistory>,
    /// Each day's possible sessions, as bits.
    possible_sessions: Vec<u8>,
}

/// The sessions a percentage measure counts.
#[derive(Debug, Clone, Copy)]
pub enum Part {
    Attending,
    Absent,
    Authorised,
    Unauthorised,
}

/// Sums of a window, for the percentage measures.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sessions {
    pub possible: u64,
    pub attending: u64,
    pub authorised: u64,
    pub unauthorised: u64,
}

#[expect(
    clippy::indexing_slicing,
    reason = "local positions come from calendar days within the pupil's span, lo..=hi, which the history holds"
)]
impl History {
    pub fn new(lo: u32, days: Vec<Day>, plan: &Plan) -> History {
        let n = days.len();
        let hi = lo + n as u32 - 1;
        let codes: Vec<DayCodes> = days.iter().map(day_codes).collect();
        let possible = sessions_in(&codes, plan.possible);
        let totals = |mask| Running::of(sessions_in(&codes, mask).iter().map(|s| u64::from(s.count_ones())));
        let sets = plan
            .sets
            .iter()
            .map(|&mask| {
                let listed = sessions_in(&codes, mask);
                SetHistory {
                    sessions: Running::of(listed.iter().map(|s| u64::from(s.count_ones()))),
                    days: Running::of(listed.iter().map(|s| u64::from(*s != 0))),
                    listed,
                    streaks: std::cell::OnceCell::new(),
                }
            })
            .collect();
        History {
            lo,
            hi,
            possible: Running::of(possible.iter().map(|p| u64::from(p.count_ones()))),
            attending: totals(plan.attending),
            authorised: totals(plan.authorised),
            unauthorised: totals(plan.unauthorised),
            minutes: Running::of(
                days.iter().map(|day| day.marks().filter_map(|m| m.minutes_late).map(u64::from).sum()),
            ),
            sets,
            possible_sessions: possible,
            days,
        }
    }

    /// The runs and spells of a list's days, in the pupil's span of `calendar`.
    fn streaks(&self, set: usize, calendar: &Calendar) -> &Streaks {
        let set = &self.sets[set];
        set.streaks.get_or_init(|| {
            let n = set.listed.len();
            let mut streaks = Streaks {
                spell_starts: Running::new(n),
                run: Vec::with_capacity(n),
                weekday_run: Vec::with_capacity(n),
                next_in_list: vec![n; n],
            };
            let (mut carry, mut weekday_carry, mut in_spell) = (0u32, 0u32, false);
            let closed_before = &calendar.closed_weekdays_before[self.lo as usize..=self.hi as usize];
            let days = self.possible_sessions.iter().zip(&set.listed).zip(closed_before);
            for ((&possible, &listed_sessions), &gap) in days {
                // A day counts as a day "in the list" when every possible session
                // is in it; a day without possible sessions (not on roll, X, Y...)
                // neither extends nor breaks a run.
                let listed = possible != 0 && possible & !listed_sessions == 0;
                let neutral = possible == 0;
                if listed {
                    carry += 1;
                    weekday_carry =
                        if weekday_carry > 0 && gap <= WEEKDAY_BRIDGE { weekday_carry + gap + 1 } else { 1 };
                    streaks.spell_starts.push(u64::from(!in_spell));
                    in_spell = true;
                } else {
                    streaks.spell_starts.push(0);
                    if !neutral {
                        carry = 0;
                        weekday_carry = 0;
                        in_spell = false;
                    }
                }
                streaks.run.push(if listed { carry } else { 0 });
                streaks.weekday_run.push(if listed { weekday_carry } else { 0 });
            }
            let mut next = n;
            for i in (0..n).rev() {
                if streaks.run[i] > 0 {
                    next = i;
                }
                streaks.next_in_list[i] = next;
            }
            streaks
        })
    }

    /// Local day indices for the calendar window `from..=to`, clamped to the span.
    fn local(&self, from: u32, to: u32) -> (usize, usize) {
        ((from.max(self.lo) - self.lo) as usize, (to - self.lo) as usize)
    }

    pub fn sessions(&self, from: u32, to: u32) -> Sessions {
        let (a, b) = self.local(from, to);
        Sessions {
            possible: self.possible.between(a, b),
            attending: self.attending.between(a, b),
            authorised: self.authorised.between(a, b),
            unauthorised: self.unauthorised.between(a, b),
        }
    }

    /// The sessions of the window counted by a percentage measure, and the
    /// possible sessions.
    pub fn share(&self, part: Part, from: u32, to: u32) -> (u64, u64) {
        let (a, b) = self.local(from, to);
        let counted = match part {
            Part::Attending => self.attending.between(a, b),
            Part::Absent => self.authorised.between(a, b) + self.unauthorised.between(a, b),
            Part::Authorised => self.authorised.between(a, b),
            Part::Unauthorised => self.unauthorised.between(a, b),
        };
        (counted, self.possible.between(a, b))
    }

    pub fn minutes_late(&self, from: u32, to: u32) -> u64 {
        let (a, b) = self.local(from, to);
        self.minutes.between(a, b)
    }

    pub fn sessions_in(&self, set: usize, from: u32, to: u32) -> u64 {
        let (a, b) = self.local(from, to);
        self.sets[set].sessions.between(a, b)
    }

    pub fn days_in(&self, set: usize, from: u32, to: u32) -> u64 {
        let (a, b) = self.local(from, to);
        self.sets[set].days.between(a, b)
    }

    /// Separate runs of days in the list with at least one day in the window.
    pub fn spells_in(&self, set: usize, from: u32, to: u32, calendar: &Calendar) -> u64 {
        let (a, b) = self.local(from, to);
        let s = self.streaks(set, calendar);
        let first = s.next_in_list[a];
        if first > b {
            return 0;
        }
        s.spell_starts.between(first, b) + u64::from(s.spell_starts.between(first, first) == 0)
    }

    /// The first calendar day by whose end the pupil has `n` sessions (or
    /// school days) with the list's codes, counting from their first day;
    /// `hi + 1` when they never do. No window of the list's sessions or days,
    /// and no run of its days, reaches `n` before then.
    pub fn first_reaching(&self, set: usize, days: bool, n: u64) -> u32 {
        let s = &self.sets[set];
        let running = if days { &s.days } else { &s.sessions };
        running.first_reaching(n).map_or(self.hi + 1, |j| self.lo + j as u32)
    }

    /// The first day by whose end the pupil has been `n` minutes late in all;
    /// `hi + 1` when they never are.
    pub fn first_late_reaching(&self, n: u64) -> u32 {
        self.minutes.first_reaching(n).map_or(self.hi + 1, |j| self.lo + j as u32)
    }

    pub fn run(&self, set: usize, day: u32, weekdays: bool, calendar: &Calendar) -> u64 {
        let i = (day - self.lo) as usize;
        let s = self.streaks(set, calendar);
        u64::from(if weekdays { s.weekday_run[i] } else { s.run[i] })
    }
}
